"""Word alternatives: for each token of a suggestion, where it sits in the text and the other
tokens the model considered there, with their probabilities.

Tokens do not line up with characters (a Chinese character may take two byte-level tokens),
so a token's place is the number of whole characters decoded before it.  Candidates whose
bytes are not text on their own (a lone fragment of a character) cannot be offered as a word
and are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

TOP_CANDIDATES = 5  # what the word-alternatives menu offers at one spot


@dataclass(frozen=True)
class Candidate:
    """One token the model considered, with its probability under the writer's settings
    (``token`` is -1 when a server named it only by its text)."""

    token: int
    piece: bytes
    probability: float


@dataclass(frozen=True)
class WordChoice:
    start: int  # where this token's text begins in the suggestion (Python str index)
    text: str  # the token as it was written ("" for a fragment of a character)
    options: tuple[tuple[str, float], ...]  # (text, probability), likeliest first

    def describe(self) -> str:
        return " · ".join(f"{_visible(text)} {p:.0%}" for text, p in self.options)


def word_choices(
    pieces: Sequence[bytes], candidates: Sequence[Sequence[Candidate]]
) -> list[WordChoice]:
    """``pieces[i]`` is the i-th generated token's bytes, ``candidates[i]`` what was
    considered at that step (the sampled token among them or not)."""
    choices: list[WordChoice] = []
    written = b""
    for piece, considered in zip(pieces, candidates, strict=False):
        start = len(written.decode("utf-8", errors="ignore"))
        written += piece
        options = tuple(
            (text, c.probability) for c in considered if (text := _text(c.piece)) is not None
        )
        choices.append(WordChoice(start, _text(piece) or "", options))
    return choices


def choice_at(choices: Sequence[WordChoice], offset: int) -> int | None:
    """The index of the token whose text covers character ``offset`` of the suggestion, or
    None when that character was written in byte-sized fragments (nothing to offer there)."""
    found = None
    for index, choice in enumerate(choices):
        if choice.start > offset:
            break
        found = index
    if found is None or not choices[found].text:
        return None
    return found


def _text(piece: bytes) -> str | None:
    try:
        text = piece.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if text else None


def _visible(text: str) -> str:
    shown = text.replace("\n", "⏎").replace("\t", "⇥")
    return f"“{shown}”" if shown.strip() != shown or not shown.strip() else shown
