"""The predictability map (View ▸ Predictability): how surprising each word and sentence of the
writer's own text was to the model, from the figures of its tokens (``core.local.scoring``).
Plain data and pure functions, so the worker, the window, the HTML report and the tests share
them; nothing here reads a model.

Decisions:

- **A word's figure is the sum of its tokens' surprisal.**  By the chain rule that sum is the
  surprisal of the word as a whole, −log2 P(word | the text before it): the same however the
  tokenizer cut it (" lighthouse" as one token or " light" + "house"), and a Chinese character
  read in two byte-sized tokens counts both.  The largest token would call a rare word split
  into three pieces less surprising than the same word read whole; the later pieces of a word
  are nearly free once its start is read, so the sum is mostly its first token's figure.
- **Words.**  A word of a spaced script is a run of letters and digits (with ' ’ - inside:
  keeper's, sea-wall); a Han or kana character is a word of its own.  A token that covers
  parts of two words (one token for 灯塔) joins them: a figure belongs to whole tokens.  A word
  has a figure only when every character of it is in a scored token (not SmolLM2's first
  token, which nothing predicts; not the end of a scoring that was stopped).
- **Levels.**  What the tint shows is a level fixed in bits, not a rank within the chapter,
  so a paragraph keeps its colours when another changes: −2 the model was sure of the word
  (p ≥ 1/2), −1 it expected it (p ≥ 1/8), 0 unremarkable, 1 it was surprised (p < 1/1024),
  2 it was jarred (p < 1/32768).  On SmolLM2 and prose about a third of the words are
  predictable and a fifth surprising.
- **Sentences** end where a suggestion's "Stop at sentence" ends (``drafting.stops``:
  . ! ? and 。！？…, with closing quotes) and at line breaks.  A sentence's figure is the mean
  surprisal per token; a token counts in the sentence of its first non-blank character, and
  tokens of blank space alone (line breaks) in none.  The most predictable are listed among
  those of ``MIN_SENTENCE_TOKENS`` tokens or more (all, when none is that long).
"""

from __future__ import annotations

import bisect
import math
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from writer_app.core.drafting.stops import sentence_end
from writer_app.core.text.scripts import DENSE_CLASS
from writer_app.core.text.utf16 import utf16_positions

EXPECTED_TOP = 5  # what the model expected, kept per token (the hover shows them)
MIN_SENTENCE_TOKENS = 5  # a shorter sentence's mean says little ("She sat down.")
LISTED_SENTENCES = 10
# Where a level begins, in bits: p = 1/2, 1/8, 1/1024, 1/32768.
SURE_BITS, EXPECTED_BITS, SURPRISED_BITS, JARRED_BITS = 1.0, 3.0, 10.0, 15.0
LEVELS = (-2, -1, 0, 1, 2)
# Each level's tint: its hue mixed into the page's paper, so it reads on light, sepia and dark
# pages alike and the text stays at 7:1 or more against it (cool: the model saw the word
# coming; warm: it did not).  Level 0 is left untinted: the page is not wall-to-wall colour.
COOL, WARM = "#3C78D8", "#E0701A"
TINTS = {-2: (COOL, 0.32), -1: (COOL, 0.12), 1: (WARM, 0.14), 2: (WARM, 0.33)}
# Scoring goes in slices that end at paragraphs and double in length, a map after each: a
# long chapter is tinted as it goes, and each slice costs at most one batch read again.
FIRST_SLICE_CHARS = 1500

_WORD = re.compile(rf"[{DENSE_CLASS}]|[^\W{DENSE_CLASS}]+(?:['’\-][^\W{DENSE_CLASS}]+)*")


class Expected(Protocol):
    """A token the model expected somewhere (``core.local.scoring.Alternative``)."""

    @property
    def text(self) -> str: ...

    @property
    def p(self) -> float: ...


class TokenFigure(Protocol):
    """One scored token (``core.local.scoring.ScoredToken``): ``offset`` a str index into
    the text; a token of a character's last bytes alone has ``text == ""`` and the offset of
    the next character."""

    @property
    def offset(self) -> int: ...

    @property
    def text(self) -> str: ...

    @property
    def surprisal_bits(self) -> float: ...

    @property
    def top(self) -> Sequence[Expected]: ...


@dataclass(frozen=True)
class ScoringRequest:
    """Score ``text`` from character ``start_at`` (the text before it read as context);
    ``kept``: the figures of the last map, those of the tokens before ``start_at`` carried
    into the new one (the worker sorts them out: the window's thread only hands them over).
    ``cancel`` is set by whoever supersedes it (an edit, a suggestion)."""

    request_id: int
    text: str
    start_at: int = 0
    kept: tuple[TokenFigure, ...] = ()
    cancel: threading.Event = field(default_factory=threading.Event, compare=False)


@dataclass(frozen=True)
class WordFigure:
    """A word (or the words one token joins) with its figure; ``start``/``end`` are str
    offsets into the map's text."""

    start: int
    end: int
    bits: float  # its tokens' surprisal, added up
    tokens: int
    expected: tuple[tuple[str, float], ...]  # (text, p) the model expected at its first token

    @property
    def level(self) -> int:
        return level_of(self.bits)

    @property
    def p(self) -> float:
        return 2.0**-self.bits


@dataclass(frozen=True)
class SentenceFigure:
    """A sentence (its blank space at either end left out) with its mean surprisal."""

    start: int
    end: int
    mean_bits: float
    tokens: int


@dataclass(frozen=True)
class PredictabilityMap:
    """A text's figures as far as they go (``scored_to``; all of it when ``complete``).

    The figures from ``scored_from`` on are new in this map, those before it come from the
    map it was built on; ``changed_from`` is the first word whose figure is new.  For the
    window, Qt's UTF-16 positions in the text: ``positions`` of each word's start and end,
    ``scored_positions`` of ``scored_from`` and ``scored_to``."""

    text: str
    tokens: tuple[TokenFigure, ...]
    words: tuple[WordFigure, ...]
    sentences: tuple[SentenceFigure, ...]
    positions: tuple[tuple[int, int], ...]
    changed_from: int
    scored_from: int
    scored_to: int
    scored_positions: tuple[int, int] = (0, 0)
    mean_bits: float = 0.0  # over the tokens (worked out with the map, off the window's thread)

    @property
    def complete(self) -> bool:
        return self.scored_to >= len(self.text)

    @property
    def perplexity(self) -> float:
        return 2.0**self.mean_bits

    @cached_property
    def _starts(self) -> list[int]:
        return [w.start for w in self.words]

    def word_at(self, offset: int) -> WordFigure | None:
        """The word with character ``offset`` in it, if it has a figure."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self.words[index].end:
            return self.words[index]
        return None

    def most_predictable(self, count: int = LISTED_SENTENCES) -> list[SentenceFigure]:
        return most_predictable(self.sentences, count)


def level_of(bits: float) -> int:
    """The map's level of a word of ``bits`` (see the module's note)."""
    if bits <= SURE_BITS:
        return -2
    if bits <= EXPECTED_BITS:
        return -1
    if bits < SURPRISED_BITS:
        return 0
    return 1 if bits < JARRED_BITS else 2


def tint(level: int, paper: str) -> str | None:
    """The background (#RRGGBB) of a word of ``level`` on ``paper`` (#RRGGBB); None for
    level 0, which is not tinted."""
    if level not in TINTS:
        return None
    hue, share = TINTS[level]
    mixed = (round(a + (b - a) * share) for a, b in zip(_rgb(paper), _rgb(hue), strict=True))
    return "#" + "".join(f"{c:02X}" for c in mixed)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _span(token: TokenFigure) -> tuple[int, int]:
    """The characters a token stands for: a token of a character's last bytes alone, the
    character before its offset."""
    if token.text:
        return token.offset, token.offset + len(token.text)
    return max(token.offset - 1, 0), token.offset


def word_spans(text: str) -> Iterator[tuple[int, int]]:
    """The words of ``text`` as (start, end) str offsets, in order."""
    for match in _WORD.finditer(text):
        yield match.span()


def word_figures(
    text: str, tokens: Sequence[TokenFigure], scored_to: int | None = None
) -> list[WordFigure]:
    """Each word of ``text`` with its figure, from ``tokens`` (in order, as scored); words
    not wholly in scored tokens, or past ``scored_to``, have none and are left out."""
    spans = [_span(t) for t in tokens]
    limit = len(text) if scored_to is None else scored_to
    figures: list[WordFigure] = []
    # Each unit: [start, end, first token, one past the last token]
    units: list[list[int]] = []
    at = 0
    for start, end in word_spans(text):
        if end > limit:
            break
        while at < len(spans) and spans[at][1] <= start:
            at += 1
        last = at
        while last < len(spans) and spans[last][0] < end:
            last += 1
        if last == at:
            continue  # no token of it was scored
        if units and at < units[-1][3]:  # a token shared with the word before: one unit
            units[-1][1], units[-1][3] = end, max(last, units[-1][3])
        else:
            units.append([start, end, at, last])
    for start, end, first, last in units:
        covered_from, covered_to = spans[first][0], max(s[1] for s in spans[first:last])
        if covered_from > start or covered_to < end:
            continue
        figures.append(
            WordFigure(
                start,
                end,
                math.fsum(t.surprisal_bits for t in tokens[first:last]),
                last - first,
                tuple((e.text, e.p) for e in tokens[first].top),
            )
        )
    return figures


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as (start, end) str offsets, blank space left out."""
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.splitlines(keepends=True):
        rest = line
        while rest:
            end = sentence_end(rest) or len(rest)
            piece = rest[:end]
            lead = len(piece) - len(piece.lstrip())
            if piece.strip():
                spans.append((start + lead, start + len(piece.rstrip())))
            start, rest = start + end, rest[end:]
    return spans


def sentence_figures(
    text: str, tokens: Sequence[TokenFigure], scored_to: int | None = None
) -> list[SentenceFigure]:
    """Each sentence wholly within ``scored_to`` that has a scored token, with its mean
    surprisal per token (see the module's note for which tokens count where)."""
    limit = len(text) if scored_to is None else scored_to
    spans = [s for s in sentence_spans(text) if s[1] <= limit]
    starts = [s for s, _ in spans]
    sums = [[0.0, 0] for _ in spans]
    for token in tokens:
        if token.text:
            blank = len(token.text) - len(token.text.lstrip())
            if blank == len(token.text):
                continue  # blank space alone
            where = token.offset + blank
        else:
            where = token.offset - 1
        index = bisect.bisect_right(starts, where) - 1
        if index >= 0 and where < spans[index][1]:
            sums[index][0] += token.surprisal_bits
            sums[index][1] += 1
    return [
        SentenceFigure(a, b, total / count, int(count))
        for (a, b), (total, count) in zip(spans, sums, strict=True)
        if count
    ]


def most_predictable(
    sentences: Sequence[SentenceFigure], count: int = LISTED_SENTENCES
) -> list[SentenceFigure]:
    """The ``count`` sentences of lowest mean surprisal, lowest first, among those long
    enough to say something (all of them when none is)."""
    long_enough = [s for s in sentences if s.tokens >= MIN_SENTENCE_TOKENS] or list(sentences)
    return sorted(long_enough, key=lambda s: (s.mean_bits, s.start))[:count]


def slices(text: str, start: int) -> list[int]:
    """Where the slices of a scoring from ``start`` end: at paragraph ends, each slice about
    twice as long as the one before, the last at the text's end."""
    cuts: list[int] = []
    size, at = FIRST_SLICE_CHARS, start
    while len(text) - at > size * 3 // 2:
        cut = text.find("\n", at + size)
        if cut == -1 or len(text) - cut < size // 2:
            break
        cuts.append(cut)
        at, size = cut, size * 2
    return [*cuts, len(text)]


def build_map(
    text: str,
    kept: Sequence[TokenFigure],
    scored: Sequence[TokenFigure],
    scored_to: int | None = None,
) -> PredictabilityMap:
    """The map of ``text`` from the figures ``kept`` from an earlier map and those just
    ``scored`` (which replace any kept from their first token on).  ``scored_to``: how far
    the figures go (None: to the end of the last token, as after a stopped scoring)."""
    if scored:
        first = scored[0].offset
        tokens = (*(t for t in kept if _span(t)[1] <= first and t.offset <= first), *scored)
    else:
        first = len(text)
        tokens = tuple(kept)
    if scored_to is None:
        scored_to = max((_span(t)[1] for t in tokens[-1:]), default=0)
    words = word_figures(text, tokens, scored_to)
    first = min(first, scored_to)
    changed = next((i for i, w in enumerate(words) if w.end > first), len(words))
    ends = utf16_positions(text, [i for w in words for i in (w.start, w.end)])
    return PredictabilityMap(
        text,
        tokens,
        tuple(words),
        tuple(sentence_figures(text, tokens, scored_to)),
        tuple(zip(ends[::2], ends[1::2], strict=True)),
        changed,
        first,
        scored_to,
        (utf16_positions(text, [first])[0], utf16_positions(text, [scored_to])[0]),
        math.fsum(t.surprisal_bits for t in tokens) / len(tokens) if tokens else 0.0,
    )
