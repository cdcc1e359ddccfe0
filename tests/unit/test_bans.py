"""Banned phrases found in streamed text: whole words in spaced scripts, anywhere in Chinese,
any case; the gate never lets a banned phrase's first byte through."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from writer_app.core.drafting.bans import BanGate, BanList, Banned, clean_phrases


def test_phrases_are_tidied_and_kept_once_in_the_writers_spelling():
    assert clean_phrases(["  Shivers   down\nher spine ", "", "shivers down her spine", "X"]) == (
        "Shivers down her spine", "X",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "final", "found"),
    [
        ("She was SUDDENLY there.", False, 8),
        ("It happened suddenly", False, None),  # a letter may still follow
        ("It happened suddenly", True, 12),
        ("An unsuddenly thing.", True, None),  # inside a word
        ("suddenlyness", True, None),
        ("他的眼中闪过一丝狡黠。", False, 4),  # no word boundaries in Chinese
        ("Suddenly, 一丝笑意", False, 0),
    ],
)
def test_a_phrase_is_found_as_a_whole_word_or_anywhere_in_chinese(text, final, found):
    bans = BanList(["suddenly", "闪过一丝"])
    hit, _held = bans.scan(text, final=final)
    assert (hit.start if hit else None) == found


def test_the_character_before_the_suggestion_decides_a_word_start():
    bans = BanList(["the"])
    assert bans.scan("the end", before="a")[0] is None  # "athe end": not the word
    assert bans.scan("the end", before=" ")[0].start == 0


def test_a_shorter_phrase_is_found_where_a_longer_one_fails_its_boundary():
    bans = BanList(["the end", "the"])
    hit, _ = bans.scan("the endless road", before=" ")
    assert hit is not None and hit.phrase == "the"


def test_what_may_become_a_phrase_is_held_and_nothing_else():
    bans = BanList(["shivers down her spine"])
    assert bans.scan("It sent shivers do")[1] == len("It sent ")
    assert bans.scan("It was late")[1] == len("It was late")
    assert bans.scan("Cats")[1] == 4  # "s" in the middle of a word cannot start the phrase


def _tokens(text: str, cuts: list[int]) -> list[bytes]:
    data = text.encode()
    bounds = sorted({0, len(data), *(c % (len(data) + 1) for c in cuts)})
    return [data[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


@given(
    st.sampled_from(
        [
            "He sighed, suddenly tired.",
            "她的眼中闪过一丝狡黠，笑了。",
            "Calm 😀 suddenly 闪过一丝 end",
        ]
    ),
    st.lists(st.integers(0, 200), max_size=12),
)
def test_the_gate_stops_at_the_token_a_phrase_began_in_and_showed_none_of_it(text, cuts):
    pieces = _tokens(text, cuts)
    gate = BanGate(BanList(["suddenly", "闪过一丝"]), before=" ")
    shown = b""
    try:
        for piece in pieces:
            shown += b"".join(gate.push(piece))
        shown += b"".join(gate.finish())
    except Banned as banned:
        first = min(text.find(p) for p in ("suddenly", "闪过一丝") if p in text)
        start_byte = len(text[:first].encode())
        before = sum(len(p) for p in pieces[: banned.index])
        assert before <= start_byte < before + len(pieces[banned.index])
        assert len(shown) <= before  # not a byte of the phrase's token was shown
        assert gate.passed <= banned.index
    else:
        pytest.fail("the banned phrase was never found")


@given(st.lists(st.integers(0, 60), max_size=10))
def test_without_a_ban_every_byte_comes_through_in_order(cuts):
    text = "The sun rose. 太阳升起来了。Said she."
    gate = BanGate(BanList(["sunset", "月亮"]))
    shown = b"".join(b"".join(gate.push(p)) for p in _tokens(text, cuts))
    assert shown + b"".join(gate.finish()) == text.encode()


def test_backing_up_drops_the_phrase_and_the_next_tokens_come_through():
    gate = BanGate(BanList(["suddenly"]), before=" ")
    assert gate.push(b"She") == [b"She"]
    assert gate.push(b" sudden") == []
    with pytest.raises(Banned) as banned:
        gate.push(b"ly,")
    assert banned.value.index == 1
    gate.back_up(banned.value.index)
    assert gate.push(b" slowly,") == [b" slowly,"]
    assert gate.finish() == []


@given(st.lists(st.integers(0, 80), max_size=10))
def test_a_stream_that_cannot_take_back_ends_before_the_phrase(cuts):
    from writer_app.core.drafting.textstream import SuggestionText

    text = "The rain fell. Suddenly, 她闪过一丝笑意。"
    stream = SuggestionText(bans=BanList(["suddenly"]))
    shown = "".join(stream.feed(piece) for piece in _tokens(text, cuts))
    shown += stream.finish()
    assert shown == stream.text == "The rain fell. "
    assert stream.banned == "suddenly" and stream.stopped_by == ""


def test_a_phrase_at_the_very_end_is_cut_when_the_stream_ends():
    from writer_app.core.drafting.textstream import SuggestionText

    stream = SuggestionText(bans=BanList(["said"]))
    shown = stream.feed(b"and he said")
    assert shown == "and he "  # "said" waits: "saida" would not be the word
    assert stream.finish() == ""
    assert stream.text == "and he " and stream.banned == "said"
