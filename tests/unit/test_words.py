from __future__ import annotations

import pytest

from writer_app.core.text.utf16 import index_from_utf16, utf16_length
from writer_app.core.text.words import next_word


@pytest.mark.parametrize(
    ("ghost", "word"),
    [
        (" the old man.", " the"),
        ("man. Then", "man."),
        ("他走了过去，看见一盏灯。", "他走了过去，"),
        ("看见一盏灯。", "看见一盏灯。"),
        ("」他说", "」"),
        ("\n\nNext", "\n\nNext"),
        ("   ", "   "),
        ("don’t stop", "don’t"),  # a typographic apostrophe stays inside the word
        ("said.” Then", "said.”"),
        ("Hello，世界", "Hello"),
        ("二〇二四年，", "二〇二四年，"),  # 〇 is Han
        ("コーヒーを飲む・東京", "コーヒーを飲む・"),  # ・ joins like 约翰·史密斯
        ("ｶﾀｶﾅです。次", "ｶﾀｶﾅです。"),  # halfwidth katakana is kana
        ("한국어는 좋다.", "한국어는"),  # Korean steps a spaced word at a time
        (" 좋다. 그", " 좋다."),
    ],
)
def test_next_word_follows_the_writers_idea_of_a_word(ghost, word):
    assert next_word(ghost) == word


def test_positions_convert_between_qt_and_python_around_an_emoji():
    text = "a😀b"
    assert utf16_length(text) == 4
    assert index_from_utf16(text, 1) == 1
    assert index_from_utf16(text, 3) == 2
    assert index_from_utf16(text, 4) == 3
    assert index_from_utf16("plain", 3) == 3
