"""What is exported: a ``Book`` of chapters, each a title and its paragraphs, read from a novel's
folder or from a single chapter file. Pure Python: the formats live in their own modules.

A chapter's text becomes paragraphs line by line (``paragraphs_of``): one paragraph per
non-blank line, as novels, and Chinese web novels in particular, are written. The first-line
indent is a setting of the view and of the export, never part of the text, so the spaces a
writer typed to indent a paragraph (「　　」 or ASCII spaces and tabs) are dropped, as is
whitespace at the end of a line; everything between is kept exactly.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from writer_app.core.manuscript.encoding import DecodeError
from writer_app.core.manuscript.project import Project, ProjectError
from writer_app.core.manuscript.project_file import PROJECT_FILE
from writer_app.core.manuscript.text_file import ManuscriptError, read_manuscript
from writer_app.core.text import sentence
from writer_app.core.text.wordcount import count_text

log = logging.getLogger(__name__)


class ExportError(Exception):
    """The book could not be read or written; the message is a sentence for the writer."""


class ExportCancelled(Exception):
    """The writer stopped the export; nothing was written."""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of text, or a scene break (``scene_break``, with no text): each format
    draws the break its own way (a centred ``* * *``)."""

    text: str
    scene_break: bool = False


SCENE_BREAK = Paragraph("", scene_break=True)


@dataclass(frozen=True)
class BookChapter:
    title: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Book:
    """A book to export.

    ``language``: a BCP-47 tag ("en", "zh-CN"). ``first_line_indent``: paragraphs are set with
    a first-line indent (two characters' width in Chinese). ``cover``: an image for the EPUB.
    ``source``: the novel's folder or the chapter file the book was read from; export refuses
    to write there.
    """

    title: str
    author: str
    language: str
    chapters: tuple[BookChapter, ...]
    first_line_indent: bool
    cover: Path | None = None
    source: Path | None = None

    @property
    def chinese(self) -> bool:
        return self.language.split("-")[0].lower() == "zh"


# --- paragraphs ----------------------------------------------------------------------------------

# A line that is only marks of these, three or more (spaces between them allowed: "* * *",
# "◇◇◇", "※ ※ ※"), or a lone "#", is a scene break. Not "……" (an ellipsis is a line of
# speech), not "——" (a dash), not "==="; a lone "*" may be a footnote's mark.
BREAK_MARKS = "*＊#＃-－~～◇◆※"
_BREAK = re.compile(rf"[{re.escape(BREAK_MARKS)}](?:\s*[{re.escape(BREAK_MARKS)}]){{2,}}|[#＃]")
# Characters XML 1.0 cannot hold (DOCX and EPUB are XML): C0 controls but tab, lone
# surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def is_scene_break(line: str) -> bool:
    """Whether ``line`` (of one paragraph) is only a scene-break mark."""
    return _BREAK.fullmatch(line.strip()) is not None


def paragraphs_of(text: str) -> tuple[Paragraph, ...]:
    """A chapter's text as paragraphs: each non-blank line is one; a line of a scene-break
    mark (``BREAK_MARKS``) is a break. Blank lines are only spacing. The indent a writer typed
    (full-width "　　", spaces, tabs) and whitespace at the end of a line are dropped; "\\r\\n"
    and a lone "\\r" end a line like "\\n"."""
    paragraphs = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.strip()
        if line:
            paragraphs.append(SCENE_BREAK if is_scene_break(line) else Paragraph(line))
    return tuple(paragraphs)


def xml_safe(text: str) -> str:
    """``text`` without the control characters an XML document cannot hold (a form feed, a
    stray NUL): what DOCX and EPUB write."""
    return _NOT_XML.sub("", text)


# --- language ------------------------------------------------------------------------------------

_LANGUAGE_SAMPLE = 200_000  # characters: a novel's language is plain long before that


def language_of(texts: Iterable[str]) -> str:
    """ "zh-CN" when Han characters (and kana) are most of the letters of ``texts``, else "en".
    Only the first ``_LANGUAGE_SAMPLE`` characters are looked at."""
    dense = letters = 0
    left = _LANGUAGE_SAMPLE
    for text in texts:
        piece = text[:left]
        dense += count_text(piece).han
        letters += sum(map(str.isalpha, piece))
        left -= len(piece)
        if left <= 0:
            break
    return "zh-CN" if dense and dense * 2 > letters else "en"


# --- reading the source --------------------------------------------------------------------------


def book_from_source(
    source: Path,
    *,
    title: str | None = None,
    author: str | None = None,
    language: str | None = None,
    first_line_indent: bool | None = None,
    open_texts: dict[str, str] | None = None,
) -> Book:
    """The book in ``source``: a novel's folder (or its project.json), or one chapter file.

    A novel gives its chapters in the project's order (the trash is not among them), each read
    from its file unless ``open_texts`` (chapter id -> the editor's unsaved text) holds it; the
    title defaults to the project's. A single file gives one chapter titled by the file's
    stem, which is also the default title; its unsaved text is ``open_texts[str(source)]``.
    ``language`` defaults to ``language_of`` the titles and text; ``first_line_indent`` to
    on for a Chinese book, off otherwise. ExportError, with a sentence naming the file, when
    the source is missing, is a folder that is not a novel, or a chapter cannot be read.
    """
    source = Path(source)
    texts = open_texts or {}
    if source.is_dir() or source.name == PROJECT_FILE:
        folder = source.parent if source.name == PROJECT_FILE else source
        if not (folder / PROJECT_FILE).is_file():
            raise ExportError(
                sentence.translate(
                    "Export",
                    "{folder} is not a novel: it has no project.json. Choose a novel's folder "
                    "or a single chapter file.",
                ).format(folder=folder)
            )
        project = _open(folder)
        default_title = project.title
        chapters = []
        for chapter in project.chapters:
            text = texts.get(chapter.id)
            if text is None:
                text = _read(chapter.path, chapter.title)
            chapters.append(BookChapter(chapter.title, paragraphs_of(text)))
        origin = project.folder
    elif source.exists() or source.is_symlink():
        default_title = source.stem
        text = texts.get(str(source))
        if text is None:
            text = _read(source, source.stem)
        chapters = [BookChapter(source.stem, paragraphs_of(text))]
        origin = source
    else:
        raise ExportError(
            sentence.translate(
                "Export", "{name} could not be exported: it does not exist (any more)."
            ).format(name=source)
        )
    book_title = (title or "").strip() or default_title
    if language is None:
        language = language_of(_all_text(book_title, chapters))
    chinese = language.split("-")[0].lower() == "zh"
    return Book(
        title=book_title,
        author=(author or "").strip(),
        language=language,
        chapters=tuple(chapters),
        first_line_indent=chinese if first_line_indent is None else first_line_indent,
        source=origin,
    )


def _open(folder: Path) -> Project:
    """The novel in ``folder`` (opening may repair its project.json, as it always does)."""
    try:
        return Project.open(folder)
    except ProjectError as error:
        raise ExportError(*error.args) from error


def _read(path: Path, title: str) -> str:
    try:
        return read_manuscript(path).text
    except (ManuscriptError, DecodeError) as error:
        log.warning("export: cannot read %s: %s", path, error)
        raise ExportError(
            sentence.translate(
                "Export", "“{title}” could not be read, so nothing was exported. {reason}"
            ).format(title=title, reason=str(error))
        ) from error


def _all_text(title: str, chapters: list[BookChapter]) -> Iterable[str]:
    yield title
    for chapter in chapters:
        yield chapter.title
        for paragraph in chapter.paragraphs:
            yield paragraph.text
