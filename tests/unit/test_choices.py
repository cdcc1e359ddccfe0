"""Token positions and candidate lists for word alternatives, with byte-level CJK tokens."""

from __future__ import annotations

from writer_app.core.drafting.word_choices import Candidate as Considered
from writer_app.core.drafting.word_choices import choice_at, word_choices


def test_positions_count_whole_characters_across_split_tokens():
    rain = "雨".encode()  # three bytes, written by two tokens
    pieces = [b" The", rain[:2], rain[2:], b" fell"]
    considered = [[Considered(1, b" The", 0.6), Considered(2, b" A", 0.3)]] + [
        [Considered(3, rain[:2], 0.9), Considered(4, "雪".encode(), 0.05)]
    ] * 3
    choices = word_choices(pieces, considered)
    assert [c.start for c in choices] == [0, 4, 4, 5]
    assert [c.text for c in choices] == [" The", "", "", " fell"]
    assert choices[1].options == (("雪", 0.05),)  # a fragment of a character is no choice
    assert choices[0].describe() == "“ The” 60% · “ A” 30%"


def test_choice_at_finds_the_token_under_a_character():
    pieces = [b" The", b" rain", b" fell"]
    choices = word_choices(pieces, [[Considered(0, p, 0.5)] for p in pieces])
    assert [choice_at(choices, i) for i in (0, 3, 4, 8, 9, 13)] == [0, 0, 1, 1, 2, 2]
