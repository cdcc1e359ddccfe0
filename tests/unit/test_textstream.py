from __future__ import annotations

from writer_app.core.drafting.textstream import SuggestionText


def stream(pieces, stop=()):
    text = SuggestionText(stop)
    shown = [text.feed(piece) for piece in pieces]
    shown.append(text.finish())
    return "".join(shown), text


def test_chinese_character_split_across_tokens_appears_whole_and_only_once():
    data = "你好".encode()
    shown, text = stream([data[:1], data[1:2], data[2:4], data[4:]])
    assert shown == "你好" == text.text
    assert "\ufffd" not in shown


def test_emoji_split_in_four_never_shows_a_replacement_character():
    text = SuggestionText()
    pieces = [text.feed(bytes([b])) for b in "😀".encode()]
    assert pieces == ["", "", "", "😀"]


def test_invalid_byte_is_dropped_and_later_text_survives():
    shown, _ = stream([b"ab", b"\xff", "你".encode(), b"cd"])
    assert shown == "ab你cd"


def test_incomplete_character_at_the_end_is_dropped():
    shown, text = stream([b"end", "你".encode()[:2]])
    assert shown == "end" == text.text


def test_stop_string_cuts_the_text_and_is_never_streamed():
    shown, text = stream([b"He said", b" yes.", b"\n\n", b"More"], stop=["\n\n"])
    assert shown == "He said yes." == text.text
    assert text.stopped_by == "\n\n"


def test_stop_string_split_across_tokens_is_found():
    shown, text = stream([b"one END", b"ING two"], stop=["ENDING"])
    assert shown == "one " and text.stopped_by == "ENDING"
