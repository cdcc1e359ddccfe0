"""A book as a Word document (python-docx; the one module that imports ``docx``).

A title page (the title and the author, centred), then each chapter a ``Heading 1`` that
starts a new page (the style's "page break before", which is also the break after the title
page), its paragraphs in the ``Normal`` style, a scene break a centred ``* * *``.

The first-line indent, when chosen, is on the ``Normal`` style, so the writer changes it for
the whole book in one place: two characters for Chinese (``w:firstLineChars="200"``, which Word
and LibreOffice follow whatever the font size, and 24 pt, two characters of 12 pt, for the
rest), 0.3 inch for English; the paragraphs then have no space after them. Headings, the title
page and scene breaks are never indented.

The language is set on the default run properties (``w:lang``: ``w:val`` for the text,
``w:eastAsia`` for Han characters), so spelling and line breaking follow it, and the styles
name an East Asian font explicitly (the template's theme font for Han is empty, and readers
fill it in differently). The font is SimSun (宋体) for Chinese: a serif, the usual face of a
Chinese manuscript, installed with Windows and Office, and mapped by LibreOffice and fontconfig
to the Noto Serif CJK SC / Source Han Serif that Linux has; Noto Serif CJK SC itself is missing
from most Windows machines, where Word would fall back to a face of its own choosing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, BinaryIO

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from docx.text.parfmt import ParagraphFormat

from writer_app.core.export.book import Book, xml_safe

BODY_SIZE = Pt(12)
AUTHOR_SIZE = Pt(16)
CHINESE_INDENT_CHARS = 2
ENGLISH_INDENT = Inches(0.3)
SCENE_BREAK_TEXT = "* * *"
# The East Asian font by the book's language (Chinese when it is neither Japanese nor Korean:
# an English novel quoting Chinese wants a Chinese face for it).
EAST_ASIAN_FONTS = {"zh": "SimSun", "zh-TW": "PMingLiU", "zh-HK": "PMingLiU", "ja": "MS Mincho"}
EAST_ASIAN_FONTS |= {"ko": "Batang", "zh-Hant": "PMingLiU"}
# Word wants a language with its region for its proofing tools.
WORD_LANGUAGES = {"en": "en-US", "zh": "zh-CN", "ja": "ja-JP", "ko": "ko-KR"}
_STYLES = ("Normal", "Title", "Heading 1")


def write_docx(book: Book, stream: BinaryIO, step: Callable[[], None]) -> None:
    """Write ``book`` to ``stream``; ``step()`` after each chapter (it may stop the export)."""
    document = docx.Document()
    _set_language_and_font(document, book)
    _set_styles(document, book)
    properties = document.core_properties
    properties.title = xml_safe(book.title)
    properties.author = xml_safe(book.author)
    properties.last_modified_by = xml_safe(book.author)
    properties.language = book.language
    properties.comments = ""
    properties.created = properties.modified = datetime.datetime.now(datetime.UTC)
    properties.revision = 1

    title = document.add_paragraph(xml_safe(book.title), style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(144)
    if book.author:
        author = document.add_paragraph(style="Normal")
        author.add_run(xml_safe(book.author)).font.size = AUTHOR_SIZE
        author.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_indent(author.paragraph_format, book, indented=False)
    for chapter in book.chapters:
        document.add_paragraph(xml_safe(chapter.title), style="Heading 1")
        for paragraph in chapter.paragraphs:
            if paragraph.scene_break:
                mark = document.add_paragraph(SCENE_BREAK_TEXT, style="Normal")
                mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _set_indent(mark.paragraph_format, book, indented=False)
                mark.paragraph_format.space_before = mark.paragraph_format.space_after = Pt(12)
            else:
                document.add_paragraph(xml_safe(paragraph.text), style="Normal")
        step()
    document.save(stream)


def _set_styles(document: Any, book: Book) -> None:
    normal = document.styles["Normal"]
    normal.font.size = BODY_SIZE
    if book.first_line_indent:
        _set_indent(normal.paragraph_format, book, indented=True)
        normal.paragraph_format.space_after = Pt(0)
    for name in ("Title", "Heading 1"):
        _set_indent(document.styles[name].paragraph_format, book, indented=False)
    heading = document.styles["Heading 1"].paragraph_format
    heading.page_break_before = True
    heading.space_after = Pt(24)


def _set_indent(fmt: ParagraphFormat, book: Book, *, indented: bool) -> None:
    """The first-line indent of a style or a paragraph: the book's, or none (which also
    undoes ``w:firstLineChars`` inherited from Normal)."""
    if not book.first_line_indent:
        return
    if not book.chinese:
        fmt.first_line_indent = ENGLISH_INDENT if indented else Pt(0)
        return
    fmt.first_line_indent = Pt(CHINESE_INDENT_CHARS * BODY_SIZE.pt) if indented else Pt(0)
    indent = fmt._element.get_or_add_pPr().get_or_add_ind()
    indent.set(qn("w:firstLineChars"), str(CHINESE_INDENT_CHARS * 100 if indented else 0))


def _language_key(language: str) -> tuple[str, str]:
    """("zh", "zh-CN") for "zh-CN": the base language and the tag as Word writes it."""
    base = language.split("-")[0].lower()
    return base, (language if "-" in language else WORD_LANGUAGES.get(base, language))


def east_asian_font(language: str) -> str:
    base, tag = _language_key(language)
    return EAST_ASIAN_FONTS.get(tag, EAST_ASIAN_FONTS.get(base, EAST_ASIAN_FONTS["zh"]))


def _set_language_and_font(document: Any, book: Book) -> None:
    base, tag = _language_key(book.language)
    east_asian = tag if base in ("zh", "ja", "ko") else "zh-CN"
    font = east_asian_font(book.language)
    defaults = _child(document.styles.element, "w:docDefaults")
    run = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
    language = _child(run, "w:lang", first=False)
    language.set(qn("w:val"), tag)
    language.set(qn("w:eastAsia"), east_asian)
    _set_east_asian_font(_child(run, "w:rFonts"), font)
    for name in _STYLES:
        style = document.styles[name].element
        _set_east_asian_font(style.get_or_add_rPr().get_or_add_rFonts(), font)


def _set_east_asian_font(fonts: Any, name: str) -> None:
    fonts.set(qn("w:eastAsia"), name)
    fonts.attrib.pop(qn("w:eastAsiaTheme"), None)  # a theme font wins over a named one


def _child(parent: Any, tag: str, *, first: bool = True) -> Any:
    """``parent``'s ``tag`` child, made when missing: first among its children (where the
    schema puts w:docDefaults, w:rPrDefault, w:rFonts) or last (w:lang)."""
    found = parent.find(qn(tag))
    if found is None:
        found = parent.makeelement(qn(tag), {})
        parent.insert(0 if first else len(parent), found)
    return found


# A chapter of the provenance report: its title, and its lines as (text, the model's) runs.
MarkedChapter = tuple[str, list[list[tuple[str, bool]]]]


def write_provenance_docx(
    title: str,
    statement: str,
    header: list[str],
    rows: list[tuple[str, ...]],
    chapters: list[MarkedChapter],
    stream: BinaryIO,
) -> None:
    """The provenance report (core.export.provenance) as a Word document: the statement, a
    table, and each chapter with the model's words highlighted."""
    from docx.enum.text import WD_COLOR_INDEX

    document = docx.Document()
    document.core_properties.title = xml_safe(title)
    document.add_heading(xml_safe(title), level=0)
    document.add_paragraph().add_run(xml_safe(statement)).bold = True
    table = document.add_table(rows=1, cols=len(header))
    for cell, label in zip(table.rows[0].cells, header, strict=True):
        cell.text = label
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = xml_safe(value)
    for chapter_title, lines in chapters:
        document.add_heading(xml_safe(chapter_title), level=1)
        for runs in lines:
            paragraph = document.add_paragraph()
            for text, model in runs:
                run = paragraph.add_run(xml_safe(text))
                if model:
                    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    document.save(stream)
