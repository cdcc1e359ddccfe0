"""Which stretches of a manuscript the model wrote, kept right while the writer edits.

A span is a half-open range ``[start, end)`` with the text it covers.  The arithmetic here is
unit-agnostic: the editor feeds it Qt positions (UTF-16 code units), the history file stores
Python ``str`` offsets.  Rules: text inserted inside a span splits it (the writer's own words
are never marked), text inserted at either edge stays outside it, deleting shrinks it, and a
span deleted to nothing is gone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Reader = Callable[[int, int], str]  # the document's text between two positions


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Removed:
    """Model text that a change took out: ``offset`` units into the removed stretch."""

    point: int
    offset: int
    length: int
    text: str


def _map_point(x: int, position: int, removed: int) -> int:
    if x <= position:
        return x
    return max(position, x - removed)


def apply_change(
    spans: list[Span], position: int, removed: int, added: int, read: Reader
) -> tuple[list[Span], list[Removed]]:
    """Spans after ``removed`` units at ``position`` were replaced by ``added`` units.

    Returns the new spans (sorted) and the pieces of model text the change removed, so that
    an undo which puts them back can mark them again (see ``revive``).
    """
    kept: list[Span] = []
    gone: list[Removed] = []
    cut_end = position + removed
    for span in spans:
        if span.end <= position:
            kept.append(span)
            continue
        if span.start >= cut_end:
            shift = added - removed
            kept.append(Span(span.start + shift, span.end + shift, span.text))
            continue
        if removed:
            gone.append(_removed_part(span, position, cut_end, read))
        start = _map_point(span.start, position, removed)
        end = _map_point(span.end, position, removed)
        kept.extend(_after_insert(start, end, position, added))
    for span in kept:
        if not span.text:
            span.text = read(span.start, span.end)
    return kept, gone


def _removed_part(span: Span, position: int, cut_end: int, read: Reader) -> Removed:
    lo, hi = max(span.start, position), min(span.end, cut_end)
    piece = _slice_units(span.text, lo - span.start, hi - span.start)
    return Removed(position, lo - position, hi - lo, piece)


def _after_insert(start: int, end: int, position: int, added: int) -> list[Span]:
    """The mapped span once ``added`` units went in at ``position`` (text filled in later)."""
    if start >= end:
        return []
    if end <= position:
        return [Span(start, end, "")]
    if start >= position:
        return [Span(start + added, end + added, "")]
    parts = (Span(start, position, ""), Span(position + added, end + added, ""))
    return [part for part in parts if part.start < part.end]


def _slice_units(text: str, lo: int, hi: int) -> str:
    """``text`` between two UTF-16 offsets (spans measured in code points slice the same)."""
    out, units = [], 0
    for char in text:
        width = 2 if ord(char) > 0xFFFF else 1
        if lo <= units < hi:
            out.append(char)
        units += width
        if units >= hi:
            break
    return "".join(out)


def add_span(spans: list[Span], start: int, end: int, text: str) -> list[Span]:
    """Mark ``[start, end)`` as model text (it replaces any overlap with older spans)."""
    if start >= end:
        return spans
    kept = [span for span in spans if span.end <= start or span.start >= end]
    kept.append(Span(start, end, text))
    kept.sort(key=lambda span: span.start)
    return kept


def map_removed(pieces: list[Removed], position: int, removed: int, added: int) -> list[Removed]:
    """Keep remembered pieces anchored while later changes move the text around them."""
    moved = []
    for piece in pieces:
        point = piece.point
        if point > position:
            point = max(position, point - removed) + (added if point >= position + removed else 0)
        moved.append(Removed(point, piece.offset, piece.length, piece.text))
    return moved


def revive(pieces: list[Removed], position: int, added: int, read: Reader) -> list[Span]:
    """Spans for pieces that an insertion put back exactly where they were (an undo or redo)."""
    if added < 2:  # ordinary typing is one character at a time; an undo restores more
        return []
    found = []
    for piece in pieces:
        if piece.point != position or piece.offset + piece.length > added:
            continue
        start = position + piece.offset
        if read(start, start + piece.length) == piece.text:
            found.append(Span(start, start + piece.length, piece.text))
    return found
