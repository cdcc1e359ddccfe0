from __future__ import annotations

import time

import pytest

from writer_app.core.text.wordcount import WordCount, count_text, count_words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The storm came over the hills.", 6),
        ("Don't stop — it's a well-known trick.", 6),
        ("She didn’t answer.", 3),  # a typographic apostrophe
        ("It cost 1,000 dollars, or 3.14 each, at 10:30.", 9),
        ("word--word", 2),
        ("_emphasis_ and **strong** words", 4),  # Markdown marks are not words
        ("nai\u0308ve cafe\u0301", 2),  # decomposed accents stay inside their words
        ("Привет, мир", 2),
        ("", 0),
        ("   \n\n  ", 0),
    ],
)
def test_english_and_other_spaced_scripts_count_words(text, words):
    assert count_words(text) == words


def test_each_han_character_is_one_and_punctuation_is_not_counted():
    paragraph = "「你好！」他问。她说：“我不知道，你呢？”"
    counted = count_text(paragraph)
    assert counted.han == 12  # 你好 他问 她说 我不知道 你呢
    assert counted.words == 0
    assert counted.total == 12
    assert counted.characters == len(paragraph)


def test_mixed_chinese_and_english_adds_words_and_characters():
    counted = count_text("他说：OK, let's go。")
    assert (counted.han, counted.words, counted.total) == (2, 3, 5)


def test_japanese_kana_count_one_each_and_the_middle_dot_does_not():
    assert count_text("コーヒーを飲む・東京").han == 9


def test_halfwidth_katakana_and_iteration_marks_count_like_kana_and_han():
    assert count_text("ｶﾀｶﾅ 人々 二〇二四年").han == 4 + 2 + 5


def test_korean_counts_words_between_spaces_not_syllables():
    counted = count_text("민수가 학교에 갔다. 그리고 OK")
    assert (counted.words, counted.han) == (5, 0)


def test_emoji_are_characters_but_not_words():
    counted = count_text("I ❤️ you 😀")
    assert counted.words == 2
    assert counted.han == 0
    assert counted.characters == 7  # I ❤ VS16 y o u 😀


def test_rare_han_outside_the_basic_plane_counts_too():
    assert count_text("𠀀𠮷 ok").han == 2


def test_chapter_counts_add_up_to_the_project_count():
    total = count_text("他说。") + count_text("Hello there.")
    assert total == WordCount(words=2, han=2, characters=14)
    assert total.total == 4


@pytest.mark.parametrize(
    "sample", ["The storm came over the hills at dusk. ", "他走了过去，看见一盏灯。「好！」OK "]
)
def test_a_whole_novel_counts_without_stalling_the_editor(sample):
    # ~50 ms measured on a 2-core VM; the bound is loose on purpose (a guard against a
    # backtracking pattern, not a benchmark), and the count itself is checked too.
    text = (sample * (1_000_000 // len(sample) + 1))[:1_000_000]
    start = time.perf_counter()
    counted = count_text(text)
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5, f"{elapsed * 1000:.0f} ms"
    assert counted.total > 100_000
