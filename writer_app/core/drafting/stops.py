"""Where a suggestion may end on its own: at a sentence end, a paragraph end, or a length.

A sentence ends at . ! ? … (and the Chinese and Japanese 。！？…) with any closing quotes or
brackets after it; in English (and Korean, written with spaces and . ! ?) the end is known once
whitespace follows, in Chinese and Japanese once any next character does. Which characters are
which: ``core.text.scripts``.  A paragraph ends at a line break.  Both look only past the
suggestion's first word, so a suggestion that starts by finishing the writer's sentence is kept
whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from writer_app.core.text.scripts import (
    CLOSERS,
    DENSE_CLASS,
    DENSE_SENTENCE_END,
    ELLIPSIS,
    SPACED_SENTENCE_END,
    char_class,
)

STOP_AT_LENGTH = "length"
STOP_AT_SENTENCE = "sentence"
STOP_AT_PARAGRAPH = "paragraph"
STOP_CHOICES = (STOP_AT_LENGTH, STOP_AT_SENTENCE, STOP_AT_PARAGRAPH)

Boundary = Callable[[str], "int | None"]

_CLOSERS = char_class(CLOSERS)
_ELLIPSIS = char_class(ELLIPSIS)
_SENTENCE_END = re.compile(
    rf"[{char_class(SPACED_SENTENCE_END)}]+[{_CLOSERS}]*(?=\s)"  # known once whitespace follows
    rf"|[{_ELLIPSIS}]+[{_CLOSERS}]*(?=\s+[A-Z\"“‘'])"  # "It was over… Or" ends; "It was… fine" not
    rf"|[{char_class(DENSE_SENTENCE_END)}]+[{_CLOSERS}]*(?=[^{_CLOSERS}])"  # 。: once anything does
    rf"|[{_ELLIPSIS}]+[{_CLOSERS}]*(?=[{DENSE_CLASS}])"  # 他等了很久……她: then the next sentence
)
_FIRST_WORD = re.compile(r"\w")


def sentence_end(text: str) -> int | None:
    """Index just after the first complete sentence end past the first word, else None."""
    start = _FIRST_WORD.search(text)
    if start is None:
        return None
    match = _SENTENCE_END.search(text, start.start())
    return match.end() if match else None


def paragraph_end(text: str) -> int | None:
    """Index of the first line break after some text (leading breaks are the suggestion's own
    paragraph start), else None."""
    start = _FIRST_WORD.search(text)
    if start is None:
        return None
    cut = text.find("\n", start.start())
    return cut if cut != -1 else None


def boundary_for(stop_at: str) -> Boundary | None:
    if stop_at == STOP_AT_SENTENCE:
        return sentence_end
    if stop_at == STOP_AT_PARAGRAPH:
        return paragraph_end
    return None


def parse_stop_strings(text: str) -> tuple[str, ...]:
    """The writer's stop strings, one per comma (, or the full-width ， a Chinese keyboard
    types); ``\\n`` stands for a line break."""
    parts = (part.strip().replace("\\n", "\n") for part in re.split("[,，]", text))
    return tuple(part for part in parts if part)


def format_stop_strings(stops: tuple[str, ...]) -> str:
    return ", ".join(stop.replace("\n", "\\n") for stop in stops)
