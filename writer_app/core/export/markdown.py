"""A book as one Markdown (CommonMark) file: ``# Title``, the author as a paragraph, then
``## Chapter`` and its paragraphs separated by blank lines; a scene break is ``* * *`` (a
thematic break). Paragraphs are never indented: Markdown has no first-line indent.

The writer's text is prose, not Markdown, so what would change its meaning is escaped with a
backslash, and nothing else: at the start of a line a heading's ``#``, a quote's ``>``, a
list's ``-``/``+`` or ``1.``/``1)``; anywhere ``\\``, ``*``, `` ` ``, ``[`` and ``~`` (GFM's
strikethrough), ``_`` unless inside a word, ``<`` that could open a tag or a link, ``&`` that
could spell an entity. A CommonMark reader gives back each paragraph exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import BinaryIO

from writer_app.core.export.book import Book, BookChapter
from writer_app.core.export.plain_text import one_line

THEMATIC_BREAK = "* * *"

_INLINE = re.compile(
    r"[\\`*\[~]"  # always: escapes, code, emphasis, links and images, strikethrough
    r"|_"  # emphasis, unless between two letters or digits (see _inline)
    r"|<(?=[A-Za-z/!?])"  # a tag, a comment, an autolink
    r"|&(?=#[0-9]{1,7};|#[xX][0-9A-Fa-f]{1,6};|[A-Za-z][A-Za-z0-9]*;)"  # an entity
)
# What a line may start with that makes it something else than a paragraph (after _inline,
# which already took care of ` * _ ~ [ <): a heading, a quote, a bullet, an ordered item.
_BLOCK_START = re.compile(r"#{1,6}(?=[ \t]|$)|>|[-+](?=[ \t]|$)|\d{1,9}(?=[.)](?:[ \t]|$))")


def write_markdown(book: Book, stream: BinaryIO, step: Callable[[], None]) -> None:
    """Write ``book`` to ``stream``; ``step()`` after each chapter (it may stop the export)."""
    head = [heading(1, book.title)] + ([escape(one_line(book.author))] if book.author else [])
    stream.write("\n\n".join(head).encode("utf-8") + b"\n")
    for chapter in book.chapters:
        stream.write(_chapter(chapter).encode("utf-8"))
        step()


def _chapter(chapter: BookChapter) -> str:
    blocks = [heading(2, chapter.title)]
    for paragraph in chapter.paragraphs:
        blocks.append(THEMATIC_BREAK if paragraph.scene_break else escape(paragraph.text))
    return "\n" + "\n\n".join(blocks) + "\n"


def heading(level: int, title: str) -> str:
    """An ATX heading whose text reads back as ``title`` (a final ``#`` is escaped, or it
    would be taken for the closing sequence)."""
    text = _inline(one_line(title))
    if text.endswith("#"):
        text = text[:-1] + "\\#"
    return "#" * level + " " + text


def escape(text: str) -> str:
    """A paragraph of prose as Markdown that reads back as exactly ``text``."""
    text = _inline(text)
    start = _BLOCK_START.match(text)
    if start is None:
        return text
    if text[0].isdigit():  # "1. not a list": the dot or bracket is escaped
        return text[: start.end()] + "\\" + text[start.end() :]
    return "\\" + text


def _inline(text: str) -> str:
    def escaped(match: re.Match[str]) -> str:
        at = match.start()
        if match[0] == "_" and 0 < at < len(text) - 1:
            if text[at - 1].isalnum() and text[at + 1].isalnum():
                return "_"  # snake_case, 中_文: never emphasis inside a word
        return "\\" + match[0]

    return _INLINE.sub(escaped, text)
