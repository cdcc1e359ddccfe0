"""Where a suggestion may end on its own: at a sentence end, a paragraph end, or a length.

A sentence ends at . ! ? … (and the Chinese 。！？…) with any closing quotes or brackets after
it; in English the end is known once whitespace follows, in Chinese once any next character
does.  A paragraph ends at a line break.  Both look only past the suggestion's first word, so a
suggestion that starts by finishing the writer's sentence is kept whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable

STOP_AT_LENGTH = "length"
STOP_AT_SENTENCE = "sentence"
STOP_AT_PARAGRAPH = "paragraph"
STOP_CHOICES = (STOP_AT_LENGTH, STOP_AT_SENTENCE, STOP_AT_PARAGRAPH)

Boundary = Callable[[str], "int | None"]

_CLOSERS = re.escape("\"'”’」』）)》〉]")
_SENTENCE_END = re.compile(
    rf"[.!?]+[{_CLOSERS}]*(?=\s)"  # English: known once whitespace follows
    rf"|…+[{_CLOSERS}]*(?=\s+[A-Z\"“‘'])"  # "It was over… Or" ends; "It was… fine" does not
    rf"|[。！？]+[{_CLOSERS}]*(?=[^{_CLOSERS}])"  # Chinese: once any next character does
    rf"|…+[{_CLOSERS}]*(?=[\u3400-\u9fff])"  # a Chinese ellipsis, then the next sentence
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
    """The writer's stop strings, one per comma; ``\\n`` stands for a line break."""
    parts = (part.strip().replace("\\n", "\n") for part in text.split(","))
    return tuple(part for part in parts if part)


def format_stop_strings(stops: tuple[str, ...]) -> str:
    return ", ".join(stop.replace("\n", "\\n") for stop in stops)
