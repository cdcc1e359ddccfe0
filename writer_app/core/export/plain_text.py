"""A book as one plain-text file (UTF-8, "\\n" line ends).

The title on the first line, the author on the next; each chapter's title after two blank
lines, then its paragraphs one per line with a blank line between them, and a scene break as
an indented ``* * *``. With ``first_line_indent`` a Chinese book's paragraphs start with two
full-width spaces (段首缩进, as Chinese .txt novels are written); an English one is never
indented, its paragraphs being set apart by the blank lines already. Read back with
``book.paragraphs_of``, the chapters' text gives the same paragraphs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from writer_app.core.export.book import Book, BookChapter

CHINESE_INDENT = "\u3000\u3000"
SCENE_BREAK_LINE = " " * 8 + "* * *"


def write_plain_text(book: Book, stream: BinaryIO, step: Callable[[], None]) -> None:
    """Write ``book`` to ``stream``; ``step()`` after each chapter (it may stop the export)."""
    head = [one_line(book.title)] + ([one_line(book.author)] if book.author else [])
    stream.write(("\n".join(head) + "\n").encode("utf-8"))
    indent = CHINESE_INDENT if book.first_line_indent and book.chinese else ""
    for chapter in book.chapters:
        stream.write(_chapter(chapter, indent).encode("utf-8"))
        step()


def _chapter(chapter: BookChapter, indent: str) -> str:
    lines = [one_line(chapter.title)]
    for paragraph in chapter.paragraphs:
        lines.append(SCENE_BREAK_LINE if paragraph.scene_break else indent + paragraph.text)
    return "\n\n" + "\n\n".join(lines) + "\n"  # two blank lines before the title


def one_line(title: str) -> str:
    """A title on one line (a line break in it would start a paragraph)."""
    return " ".join(title.splitlines()).strip()
