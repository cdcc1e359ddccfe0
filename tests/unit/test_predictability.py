"""The predictability map's figures (core.drafting.predictability) and its HTML report
(core.export.predictability_report), from token figures made by hand: words add up their
tokens, tokens shared by two words join them, Chinese characters are words of their own,
sentences are ranked by their mean, and the report escapes the writer's text."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from writer_app.core.drafting.predictability import (
    MIN_SENTENCE_TOKENS,
    TINTS,
    build_map,
    level_of,
    most_predictable,
    sentence_figures,
    sentence_spans,
    slices,
    tint,
    word_figures,
)
from writer_app.core.export.predictability_report import LABEL_KEYS, report_html, save_report
from writer_app.core.text.utf16 import utf16_length
from writer_app.ui.editor.themes import THEMES, contrast


@dataclass(frozen=True)
class Alt:
    text: str
    p: float


@dataclass(frozen=True)
class Tok:
    offset: int
    text: str
    surprisal_bits: float
    top: tuple[Alt, ...] = ()


def tokens_of(text: str, pieces: list[tuple[str, float]]) -> list[Tok]:
    """Tokens laid end to end from the start of ``text``."""
    found, at = [], 0
    for piece, bits in pieces:
        assert text.startswith(piece, at), (piece, at)
        found.append(Tok(at, piece, bits, (Alt(" the", 0.5), Alt("\n", 0.1))))
        at += len(piece)
    return found


def test_a_word_s_figure_is_the_sum_of_its_tokens_and_punctuation_is_no_word():
    text = "The keeper's lighthouse."
    toks = tokens_of(
        text, [("The", 2.0), (" keeper", 5.0), ("'s", 0.5), (" light", 7.0), ("house", 0.25),
               (".", 0.1)]
    )  # fmt: skip
    words = word_figures(text, toks)
    assert [(text[w.start : w.end], w.bits, w.tokens) for w in words] == [
        ("The", 2.0, 1),
        ("keeper's", 5.5, 2),
        ("lighthouse", 7.25, 2),
    ]
    assert words[1].expected == ((" the", 0.5), ("\n", 0.1))  # its first token's


def test_a_word_not_wholly_scored_has_no_figure():
    text = "Nobody lived here"
    toks = tokens_of(text, [("Nob", 9.0), ("ody", 1.0), (" lived", 3.0), (" here", 2.0)])
    # SmolLM2 gives the first token no figure; a stopped scoring ends early.
    words = word_figures(text, toks[1:3])
    assert [text[w.start : w.end] for w in words] == ["lived"]
    assert [text[w.start : w.end] for w in word_figures(text, toks, scored_to=12)] == [
        "Nobody",
        "lived",
    ]


def test_chinese_characters_are_words_and_a_token_of_two_joins_them():
    text = "她爬到灯塔。"
    toks = tokens_of(text, [("她", 4.0), ("爬", 9.0), ("到", 1.0), ("灯塔", 6.0), ("。", 0.5)])
    words = word_figures(text, toks)
    assert [(text[w.start : w.end], w.bits) for w in words] == [
        ("她", 4.0),
        ("爬", 9.0),
        ("到", 1.0),
        ("灯塔", 6.0),
    ]


def test_a_character_read_in_two_byte_tokens_counts_both():
    text = "雨停"
    # The second character's last bytes alone: text "" at the next character's offset.
    toks = [Tok(0, "雨", 3.0), Tok(1, "停", 4.0), Tok(2, "", 2.5)]
    assert [(w.start, w.end, w.bits, w.tokens) for w in word_figures(text, toks)] == [
        (0, 1, 3.0, 1),
        (1, 2, 6.5, 2),
    ]


def test_levels_are_fixed_in_bits():
    assert [level_of(b) for b in (0.2, 1.0, 2.9, 5.0, 9.99, 10.0, 14.9, 15.0, 40.0)] == [
        -2, -2, -1, 0, 0, 1, 1, 2, 2,
    ]  # fmt: skip


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_every_tint_keeps_the_text_readable_on_every_theme(theme):
    for level in TINTS:
        shade = tint(level, theme.paper)
        assert shade is not None and shade != theme.paper
        assert contrast(theme.ink, shade) >= 7.0, (level, shade)
    assert tint(0, theme.paper) is None
    # Predictable and surprising words are told apart, and so are the two strengths.
    assert len({tint(level, theme.paper) for level in TINTS}) == 4


def test_sentences_end_at_stops_in_english_and_chinese_and_at_line_breaks():
    text = "She sat down. “Who is there?” he said\n第一章　灯塔\n她说。“就看一眼。”她走了！"
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "She sat down.",
        "“Who is there?”",
        "he said",
        "第一章　灯塔",
        "她说。",
        "“就看一眼。”",
        "她走了！",
    ]


def test_the_most_predictable_sentences_come_first_and_short_ones_are_left_out():
    text = "It was a dark and stormy night. Ada ran. The barometer read CHANGE today.\n\n"
    pieces = [
        ("It", 3.0), (" was", 1.0), (" a", 1.0), (" dark", 2.0), (" and", 0.5), (" stormy", 1.0),
        (" night", 0.5), (".", 0.2), (" Ada", 14.0), (" ran", 0.1), (".", 0.1), (" The", 3.0),
        (" barometer", 16.0), (" read", 6.0), (" CHANGE", 30.0), (" today", 5.0), (".", 1.0),
        ("\n\n", 0.1),
    ]  # fmt: skip
    toks = tokens_of(text, pieces)
    sentences = sentence_figures(text, toks)
    assert [text[s.start : s.end] for s in sentences] == [
        "It was a dark and stormy night.",
        "Ada ran.",
        "The barometer read CHANGE today.",
    ]
    assert sentences[0].tokens == 8 and sentences[0].mean_bits == pytest.approx(9.2 / 8)
    assert sentences[2].tokens == 6  # the line break after it counts nowhere
    ranked = most_predictable(sentences)
    assert sentences[1].tokens < MIN_SENTENCE_TOKENS
    assert [text[s.start : s.end] for s in ranked] == [
        "It was a dark and stormy night.",
        "The barometer read CHANGE today.",
    ]
    assert most_predictable(sentences[1:2]) == [sentences[1]]  # none long enough: all


def test_a_map_keeps_the_figures_before_the_rescored_paragraph():
    text = "Old words here.\n\nNew 🙂 words there."
    pieces = [("Old", 1.0), (" words", 2.0), (" here", 3.0), (".", 0.1), ("\n\n", 0.2),
              ("New", 4.0), (" 🙂", 9.0), (" words", 5.0), (" there", 6.0), (".", 0.3)]  # fmt: skip
    toks = tokens_of(text, pieces)
    first = build_map(text, (), toks[1:], len(text))
    assert first.complete and first.changed_from == 0
    assert first.mean_bits == pytest.approx(sum(b for _p, b in pieces[1:]) / 9)
    # The second paragraph scored again: the figures before it are carried over.
    start = text.index("New")
    again = [Tok(t.offset, t.text, t.surprisal_bits + 1.0, t.top) for t in toks[5:]]
    kept = tuple(t for t in first.tokens if t.offset + len(t.text) <= start)
    second = build_map(text, kept, again, len(text))
    assert [t.surprisal_bits for t in second.tokens] == [2.0, 3.0, 0.1, 0.2, 5.0, 10.0, 6.0,
                                                         7.0, 1.3]  # fmt: skip
    assert [text[w.start : w.end] for w in second.words[second.changed_from :]] == [
        "New",
        "words",
        "there",
    ]
    assert second.scored_from == start
    # Qt's positions count the emoji twice.
    there = second.words[-1]
    assert second.positions[-1] == (
        utf16_length(text[: there.start]),
        utf16_length(text[: there.end]),
    )
    assert second.positions[-1][0] == there.start + 1
    assert second.word_at(text.index("there") + 2) == there
    assert second.word_at(text.index(".")) is None


def test_a_cancelled_scoring_s_map_goes_as_far_as_its_last_token():
    text = "One two three four"
    toks = tokens_of(text, [("One", 1.0), (" two", 2.0), (" three", 3.0), (" four", 4.0)])
    partial = build_map(text, (), toks[1:3])
    assert not partial.complete
    assert partial.scored_to == len("One two three")
    assert [text[w.start : w.end] for w in partial.words] == ["two", "three"]


def test_slices_end_at_paragraphs_and_grow():
    paragraph = "x" * 999 + "\n"
    text = paragraph * 20
    cuts = slices(text, 0)
    assert cuts[-1] == len(text)
    assert all(text[cut] == "\n" for cut in cuts[:-1])
    sizes = [b - a for a, b in zip([0, *cuts], cuts, strict=False)]
    assert sizes[1] > sizes[0] and len(cuts) < 6
    assert slices("short text", 0) == [10]
    assert slices(text, len(text) - 10) == [len(text)]


LABELS = {key: f"<{key}>" for key in LABEL_KEYS} | {
    "heading": "Predictability: {title}",
    "summary": "{tokens} tokens, {mean} bits/token (perplexity {perplexity})",
    "per_token": "{bits} bits/token",
    "word": "{bits} bits",
    "expected": "Expected: {choices}",
}


def test_the_report_tints_the_text_lists_sentences_and_escapes_everything(tmp_path):
    text = "The <b>storm</b> & the “sea”.\n\n她爬到灯塔，看见了光。风很大，浪很高，天很黑。"
    pieces = [("The", 1.0), (" <", 0.5), ("b", 0.5), (">", 0.5), ("storm", 16.0), ("</", 0.5),
              ("b", 0.5), (">", 0.5), (" &", 0.5), (" the", 0.5), (" “", 0.5), ("sea", 11.0),
              ("”.", 0.5), ("\n\n", 0.1)]  # fmt: skip
    pieces += [(char, 0.4 if i % 2 else 5.0) for i, char in enumerate(text[text.index("她") :])]
    toks = tokens_of(text, pieces)
    chapter = build_map(text, (), toks, len(text))
    page = report_html(chapter, "Chapter <1>", LABELS)

    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<title>Predictability: Chapter &lt;1&gt;</title>" in page
    assert "&lt;b&gt;" in page and "<b>" not in page and "&amp;" in page
    assert '<span class="l2" title="16.0 bits&#10;Expected: the 50.0%, ⏎ 10.0%">storm</span>' in (
        page.replace("\n", "&#10;")
    )
    assert '<span class="l1"' in page and '<span class="l-2"' in page
    assert re.search(r"\.l-2 \{ background: #[0-9A-F]{6}; \}", page)
    # The text reads back whole once the tags go.
    body = page.split('<div class="text">')[1].split("</div>")[0]
    assert _unescaped(re.sub(r"<[^>]+>", "", body)) == text
    assert "<ol>" in page and "bits/token</span>" in page
    assert "她爬到灯塔，看见了光。" in page

    out = tmp_path / "report.html"
    save_report(chapter, "第一章", out, LABELS)  # written whole, as UTF-8
    assert "Predictability: 第一章".encode() in out.read_bytes()


def _unescaped(text: str) -> str:
    import html

    return html.unescape(text)
