"""The one table of scripts, and that counting, word steps, lore and stops read it alike."""

from __future__ import annotations

import re

import pytest

from writer_app.core.drafting.stops import sentence_end
from writer_app.core.prompt.story import LoreEntry, StoryContext
from writer_app.core.text.scripts import (
    CHINESE_TEXT_CLASS,
    CJK_CLASS,
    DENSE_CLASS,
    WORD_BREAKING,
    WORD_TRAILING,
    has_dense,
    is_cjk,
    is_dense,
    mentions_keyword,
    script_of,
)
from writer_app.core.text.wordcount import count_text
from writer_app.core.text.words import next_word

SAMPLES = {
    "han": "汉字人々二〇𠮷",
    "kana": "ひらがなカタカナーｶﾀｶﾅｰﾞ",
    "hangul": "한국어ㄱㅏ",
    "cjk punctuation": "，。！？、；：「」『』（）《》・･｡｢｣",
    "other": "Latin éЯ 0123456789 ０Ａ😀❤.,!?'\"-",  # spaces too: not a script of their own
}


@pytest.mark.parametrize(("script", "chars"), SAMPLES.items())
def test_each_character_belongs_to_its_script(script, chars):
    wrong = {char: script_of(char) for char in chars if script_of(char) != script}
    assert not wrong


@pytest.mark.parametrize(("script", "chars"), SAMPLES.items())
def test_dense_is_han_and_kana_and_cjk_adds_hangul(script, chars):
    for char in chars:
        assert is_dense(char) == (script in ("han", "kana")), char
        assert is_cjk(char) == (script in ("han", "kana", "hangul")), char
        assert bool(re.fullmatch(f"[{DENSE_CLASS}]", char)) == is_dense(char), char
        assert bool(re.fullmatch(f"[{CJK_CLASS}]", char)) == is_cjk(char), char


def test_chinese_text_for_encodings_is_han_and_punctuation_not_kana_or_hangul():
    chinese_like = re.compile(f"[{CHINESE_TEXT_CLASS}]")
    for char in "汉字𠮷，。！？「」“”…—·\u3000０Ａ":
        assert chinese_like.match(char), char
    for char in "ひカｶ한ㄱaé😀":
        assert not chinese_like.match(char), char


def test_punctuation_that_ends_an_english_word_is_punctuation_the_word_steps_keep():
    assert set(WORD_BREAKING) < set(WORD_TRAILING)
    assert "，" in WORD_BREAKING and "。" in WORD_BREAKING and "・" in WORD_BREAKING
    assert not {"’", "”", "…"} & set(WORD_BREAKING)
    assert not any(is_dense(char) for char in WORD_TRAILING)


def _steps(text: str) -> list[str]:
    steps = []
    while text:
        step = next_word(text)
        steps.append(step)
        text = text[len(step) :]
    return steps


MIXED = [
    "他走了过去，看见一盏灯。「好！」",
    "コーヒーを飲む・東京へ行った。",
    "ｶﾀｶﾅのテキスト、ひらがな。",
    "他看见Ann走来。",
    "한국어는 정말 좋다. 민수가 왔다!",
    "She didn’t say, “Over…” at all.",
]


@pytest.mark.parametrize("text", MIXED)
def test_the_word_count_counts_one_for_each_dense_character(text):
    assert count_text(text).han == sum(map(is_dense, text))


@pytest.mark.parametrize("text", MIXED)
def test_word_steps_never_cut_a_dense_run_and_cover_the_text(text):
    steps = _steps(text)
    assert "".join(steps) == text
    for before, after in zip(steps, steps[1:], strict=False):
        assert not (is_dense(before[-1]) and is_dense(after.lstrip()[0])), (before, after)


@pytest.mark.parametrize(
    "text",
    ["한국어는 정말 좋다. 민수가 왔다!", "She didn’t say, “Over…” at all.", "Привет, мир"],
)
def test_spaced_scripts_step_and_count_the_same_words(text):
    steps = [step for step in _steps(text) if re.search(r"[^\W_]", step)]
    assert len(steps) == count_text(text).words
    assert count_text(text).han == 0


def test_korean_is_counted_by_words_and_japanese_by_characters():
    assert (count_text("한국어는 정말 좋다.").words, count_text("한국어는 정말 좋다.").han) == (
        3,
        0,
    )
    assert count_text("ひらがな カタカナ ｶﾀｶﾅ").han == 12
    assert _steps("한국어는 정말 좋다.") == ["한국어는", " 정말", " 좋다."]
    assert _steps("ひらがなとｶﾀｶﾅ、漢字。") == ["ひらがなとｶﾀｶﾅ、", "漢字。"]


@pytest.mark.parametrize(
    ("text", "keyword", "fires"),
    [
        ("他走到外滩边上", "外滩", True),  # Chinese: anywhere
        ("東京へ行った", "東京", True),
        ("コーヒーを飲む", "コーヒー", True),  # katakana: anywhere, like Han
        ("ｶﾀｶﾅです", "ｶﾀｶﾅ", True),  # halfwidth katakana is kana too
        ("민수가 왔다", "민수", True),  # Korean: a word's start, particles may follow
        ("김민수가 왔다", "민수", False),  # not inside another word
        ("민수가 왔다", "수", False),
        ("他看见Ann走来", "Ann", True),  # Han next to a Latin word is a boundary
        ("Ann은 웃었다", "Ann", True),  # so is a Korean particle after it
        ("the Annual report", "Ann", False),
        ("the bund at night", "Bund", True),
        ("", "Bund", False),
        ("anything", "", False),
    ],
)
def test_lore_keywords_match_as_the_script_is_written(text, keyword, fires):
    assert mentions_keyword(text.casefold(), keyword.casefold()) is fires
    story = StoryContext(lore=(LoreEntry("E", (keyword,), "lore"),))
    assert bool(story.triggered_lore(text)) is fires


@pytest.mark.parametrize("text", MIXED)
def test_every_counted_word_and_dense_character_is_found_by_lore(text):
    for char in text:
        if is_dense(char):
            assert mentions_keyword(text, char)
    for step in _steps(text):
        if not has_dense(step):
            for word in re.findall(r"[^\W_]+(?:[’'][^\W_]+)*", step):
                assert mentions_keyword(text.casefold(), word.casefold()), word


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("東京へ行った。それから", "東京へ行った。"),  # Japanese 。: once anything follows
        ("「はい！」と言った", "「はい！」"),
        ("待った……それから", "待った……"),  # an ellipsis before kana, as before Han
        ("ｶﾀｶﾅです｡ｶﾀｶﾅ", "ｶﾀｶﾅです｡"),  # halfwidth 。
        ("그는 갔다. 그리고", "그는 갔다."),  # Korean: like English, once a space follows
    ],
)
def test_sentences_end_in_japanese_and_korean(text, kept):
    assert text[: sentence_end(text)] == kept


@pytest.mark.parametrize("text", ["그는 갔다.그리고", "그는 기다렸다… 그리고"])
def test_korean_sentences_need_a_space_after_the_end(text):
    assert sentence_end(text) is None
