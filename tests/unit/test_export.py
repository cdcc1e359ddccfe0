"""Exporting a novel, or one chapter file, to DOCX, EPUB 3, Markdown and plain text: real
novels in tmp_path, every export read back (python-docx, ebooklib, our own reading of the
Markdown and the text) and compared paragraph by paragraph."""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import os
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
import zlib
from pathlib import Path

import docx
import markdown_it
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Inches, Pt

# ebooklib reads the EPUBs back: a test-only dependency (AGPL, never part of the app).
from ebooklib import epub

from writer_app.core.export.book import (
    BookChapter,
    ExportCancelled,
    ExportError,
    Paragraph,
    book_from_source,
    language_of,
    paragraphs_of,
)
from writer_app.core.export.export import FORMATS, export_book
from writer_app.core.manuscript.project import Project

BREAK = None  # a scene break, in the expected chapters below

ENGLISH = (
    "It rained on the harbour & the boats <all of them>.\n"
    "Mara laughed — “finally” 🌧️🚢!\n"
    "\n"
    "* * *\n"
    "\n"
    "# not a heading\n"
    "1. not a list\n"
    "*stars* and _under_ and snake_case, a \\ backslash, `code`, [link](x) &amp; <b>\n"
    "> not a quote\n"
    "- not a bullet\n"
    "    Indented with spaces, trailing spaces dropped.   \n"
    "3) neither  is this, with   inner   spaces kept\n"
)
CHINESE = (
    "　　「你好」，他说。\n　　那天晚上，风很大！雨也很大；（真的）\n\n※※※\n\n……\n他们走了。😀\n"
)
CRLF = b"Line one.\r\nLine two.\r\n\r\n---\r\n\r\nLine three \xf0\x9f\x98\x80\r\n"

EXPECTED = [
    (
        "Chapter One: Rain & <Wind>",
        [
            "It rained on the harbour & the boats <all of them>.",
            "Mara laughed — “finally” 🌧️🚢!",
            BREAK,
            "# not a heading",
            "1. not a list",
            "*stars* and _under_ and snake_case, a \\ backslash, `code`, [link](x) &amp; <b>",
            "> not a quote",
            "- not a bullet",
            "Indented with spaces, trailing spaces dropped.",
            "3) neither  is this, with   inner   spaces kept",
        ],
    ),
    (
        "第二章 风暴",
        ["「你好」，他说。", "那天晚上，风很大！雨也很大；（真的）", BREAK, "……", "他们走了。😀"],
    ),
    ("Three", ["Line one.", "Line two.", BREAK, "Line three 😀"]),
]


@pytest.fixture
def novel(tmp_path) -> Project:
    """A novel of three chapters (one written with CRLF line ends) and one in the trash."""
    project = Project.create(tmp_path / "The Storm", "The Storm")
    project.add_chapter("Chapter One: Rain & <Wind>", ENGLISH)
    project.add_chapter("第二章 风暴", CHINESE)
    gone = project.add_chapter("Deleted scene", "This chapter was thrown away.\n")
    three = project.add_chapter("Three")
    three.path.write_bytes(CRLF)
    project.delete_chapter(gone.id)
    return project


@pytest.fixture
def out(tmp_path) -> Path:
    folder = tmp_path / "exports"
    folder.mkdir()
    return folder


def _tree_hash(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        if path.is_file()
        else "folder"
        for path in sorted(folder.rglob("*"))
    }


# --- reading the exports back --------------------------------------------------------------------


def _read_docx(path: Path) -> list[tuple[str, list[str | None]]]:
    chapters: list[tuple[str, list[str | None]]] = []
    for paragraph in docx.Document(str(path)).paragraphs:
        if paragraph.style.name == "Heading 1":
            chapters.append((paragraph.text, []))
        elif chapters:
            centred = paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
            chapters[-1][1].append(
                BREAK if centred and paragraph.text == "* * *" else paragraph.text
            )
    return chapters


XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _epub_documents(path: Path) -> list[tuple[str, ET.Element]]:
    """(file name, root) of each chapter document, in the spine's order, as stored (ebooklib
    rebuilds a document's <html> when it reads it, with the book's language)."""
    book = epub.read_epub(str(path), {"ignore_ncx": True})
    found = []
    with zipfile.ZipFile(path) as archive:
        for idref, _linear in book.spine:
            item = book.get_item_with_id(idref)
            if item.file_name.startswith("chapter-"):
                stored = archive.read(f"EPUB/{item.file_name}")
                found.append((item.file_name, ET.fromstring(stored)))
    return found


def _read_epub(path: Path) -> list[tuple[str, list[str | None]]]:
    chapters: list[tuple[str, list[str | None]]] = []
    for _name, root in _epub_documents(path):
        body = root.find(f"{XHTML}body")
        title = "".join(body.find(f"{XHTML}h1").itertext())
        paragraphs: list[str | None] = []
        for p in body.iter(f"{XHTML}p"):
            paragraphs.append(BREAK if p.get("class") == "scene-break" else "".join(p.itertext()))
        chapters.append((title, paragraphs))
    return chapters


def _unescape(markdown: str) -> str:
    """CommonMark's backslash escapes: a backslash before ASCII punctuation is dropped."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def _read_markdown(path: Path) -> list[tuple[str, list[str | None]]]:
    text = path.read_text(encoding="utf-8")
    chapters: list[tuple[str, list[str | None]]] = []
    for block in text.split("\n\n"):
        block = block.strip("\n")
        assert "\n" not in block, f"a paragraph over two lines: {block!r}"
        if block.startswith("## "):
            chapters.append((_unescape(block[3:]), []))
        elif chapters:
            chapters[-1][1].append(BREAK if block == "* * *" else _unescape(block))
    return chapters


def _read_text(path: Path, indent: str = "") -> list[tuple[str, list[str | None]]]:
    text = path.read_text(encoding="utf-8")
    chapters: list[tuple[str, list[str | None]]] = []
    for part in text.split("\n\n\n")[1:]:
        title, *paragraphs = part.rstrip("\n").split("\n\n")
        lines: list[str | None] = []
        for line in paragraphs:
            if line.strip() == "* * *":
                lines.append(BREAK)
            else:
                assert line.startswith(indent) and not line[len(indent) :].startswith("\u3000")
                lines.append(line[len(indent) :])
        chapters.append((title, lines))
    return chapters


READERS = {".docx": _read_docx, ".epub": _read_epub, ".md": _read_markdown, ".txt": _read_text}


# --- the whole novel, in every format ------------------------------------------------------------


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_every_paragraph_comes_back_exact_and_in_order(novel, out, suffix):
    book = book_from_source(novel.folder, author="A. Writer", first_line_indent=False)
    target = out / f"The Storm{suffix}"
    export_book(book, target)
    assert READERS[suffix](target) == EXPECTED  # the trashed chapter is not there
    assert sorted(p.name for p in out.iterdir()) == [target.name]  # no temporary file left


def test_exports_never_change_the_novels_folder(novel, out):
    before = _tree_hash(novel.folder)
    book = book_from_source(novel.folder)
    for suffix in FORMATS:
        export_book(book, out / f"book{suffix}")
    assert _tree_hash(novel.folder) == before


def test_the_book_has_the_novels_title_and_its_chapters_in_the_projects_order(novel):
    novel.move_chapter(novel.chapters[2].id, 0)
    book = book_from_source(novel.folder)
    assert book.title == "The Storm" and book.author == ""
    assert [c.title for c in book.chapters] == [
        "Three",
        "Chapter One: Rain & <Wind>",
        "第二章 风暴",
    ]
    assert book.source == novel.folder
    assert book_from_source(novel.metadata_path, title="  Other  ").title == "Other"


def test_the_editors_unsaved_text_is_what_is_exported(novel, out):
    first = novel.chapters[0]
    book = book_from_source(novel.folder, open_texts={first.id: "Unsaved words.\r\n"})
    assert book.chapters[0].paragraphs == (Paragraph("Unsaved words."),)
    assert first.path.read_text(encoding="utf-8") == ENGLISH


def test_progress_is_told_per_chapter(novel, out):
    seen = []
    export_book(book_from_source(novel.folder), out / "b.txt", progress=lambda *a: seen.append(a))
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]


# --- DOCX ----------------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_docx_sets_language_east_asian_font_headings_and_properties(novel, out):
    book = book_from_source(novel.folder, author="作者", language="zh-CN", first_line_indent=True)
    export_book(book, out / "b.docx")
    document = docx.Document(str(out / "b.docx"))
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    language = defaults.find(f"{W}lang")
    assert (language.get(f"{W}val"), language.get(f"{W}eastAsia")) == ("zh-CN", "zh-CN")
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia") == "SimSun"
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsiaTheme") is None
    normal = document.styles["Normal"]
    assert normal.element.rPr.rFonts.get(f"{W}eastAsia") == "SimSun"
    properties = document.core_properties
    assert (properties.title, properties.author, properties.language) == (
        "The Storm",
        "作者",
        "zh-CN",
    )
    paragraphs = document.paragraphs
    assert [p.text for p in paragraphs[:2]] == ["The Storm", "作者"]  # the title page
    assert [p.text for p in paragraphs if p.style.name == "Heading 1"] == [t for t, _ in EXPECTED]
    assert document.styles["Heading 1"].paragraph_format.page_break_before
    # The indent: two characters on Normal; none on headings and scene breaks.
    assert normal.paragraph_format.first_line_indent == Pt(24)
    indent = normal.element.pPr.find(f"{W}ind")
    assert indent.get(f"{W}firstLineChars") == "200"
    assert document.styles["Heading 1"].paragraph_format.first_line_indent == 0
    mark = next(p for p in paragraphs if p.text == "* * *")
    assert mark.paragraph_format.first_line_indent == 0


def test_docx_has_no_indent_when_it_is_off_and_an_english_one_when_on(novel, out):
    export_book(
        book_from_source(novel.folder, language="en", first_line_indent=False), out / "a.docx"
    )
    document = docx.Document(str(out / "a.docx"))
    assert not document.styles["Normal"].paragraph_format.first_line_indent
    body = [p for p in document.paragraphs if p.style.name == "Normal"]
    assert body and all(not p.paragraph_format.first_line_indent for p in body)
    language = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert language.get(f"{W}val") == "en-US"

    export_book(
        book_from_source(novel.folder, language="en", first_line_indent=True), out / "b.docx"
    )
    normal = docx.Document(str(out / "b.docx")).styles["Normal"].paragraph_format
    assert normal.first_line_indent == Inches(0.3)


# --- EPUB ----------------------------------------------------------------------------------------


def test_epub_metadata_and_one_document_per_chapter(novel, out):
    book = book_from_source(novel.folder, author="A. Writer", language="en")
    export_book(book, out / "b.epub")
    export_book(book, out / "again.epub")
    read = epub.read_epub(str(out / "b.epub"), {"ignore_ncx": True})
    assert read.get_metadata("DC", "title")[0][0] == "The Storm"
    assert read.get_metadata("DC", "creator")[0][0] == "A. Writer"
    assert read.get_metadata("DC", "language")[0][0] == "en"
    identifier = read.get_metadata("DC", "identifier")[0][0]
    again = epub.read_epub(str(out / "again.epub"), {"ignore_ncx": True})
    assert identifier.startswith("urn:uuid:")
    assert again.get_metadata("DC", "identifier")[0][0] == identifier  # stable
    documents = _epub_documents(out / "b.epub")
    assert len(documents) == len(EXPECTED)
    languages = [(root.get("lang"), root.get(XML_LANG)) for _name, root in documents]
    assert languages == [("en", "en"), ("zh-CN", "zh-CN"), ("en", "en")]  # a Chinese chapter
    names = {item.file_name for item in read.get_items()}
    assert {"nav.xhtml", "toc.ncx", "book.css"} <= names


def _png(path: Path) -> Path:
    """A 1×1 PNG, made here."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80\x40\x20")
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
    path.write_bytes(data + chunk(b"IEND", b""))
    return path


def _epubcheck() -> list[str] | None:
    """How to run epubcheck here: Debian's /usr/bin/epubcheck is a jar, which needs java -jar
    where binfmt_misc does not run jars."""
    found = shutil.which("epubcheck")
    if found is None:
        return None
    real = os.path.realpath(found)
    if real.endswith(".jar"):
        java = shutil.which("java")
        return [java, "-jar", real] if java else None
    return [found]


def test_epub_with_a_cover_and_chinese_indent_passes_epubcheck(novel, out, tmp_path):
    command = _epubcheck()
    if command is None:
        pytest.skip("epubcheck is not installed (Debian: apt-get install epubcheck)")
    book = book_from_source(novel.folder, author="作者 & Co", language="zh-CN")
    book = dataclasses.replace(book, cover=_png(tmp_path / "cover.png"))
    assert book.first_line_indent  # the default for a Chinese book
    export_book(book, out / "b.epub")
    done = subprocess.run(
        [*command, str(out / "b.epub")], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 fatals / 0 errors / 0 warnings" in done.stdout, done.stdout


def test_an_unusable_cover_is_explained_and_nothing_is_written(novel, out, tmp_path):
    book = book_from_source(novel.folder)
    book = dataclasses.replace(book, cover=tmp_path / "cover.bmp")
    with pytest.raises(ExportError, match=r"cover\.bmp .*JPEG, PNG or GIF"):
        export_book(book, out / "b.epub")
    assert list(out.iterdir()) == []


# --- Markdown ------------------------------------------------------------------------------------


def test_markdown_escapes_only_what_would_change_a_paragraph(novel, out):
    export_book(book_from_source(novel.folder, first_line_indent=True), out / "b.md")
    text = (out / "b.md").read_text(encoding="utf-8")
    assert text.startswith("# The Storm\n\n## Chapter One: Rain & \\<Wind>\n")
    for line in (
        "\\# not a heading",
        "1\\. not a list",
        "\\*stars\\* and \\_under\\_ and snake_case, a \\\\ backslash, \\`code\\`, "
        "\\[link](x) \\&amp; \\<b>",
        "\\> not a quote",
        "\\- not a bullet",
        "3\\) neither  is this, with   inner   spaces kept",
        "「你好」，他说。",  # never indented
        "* * *",
    ):
        assert f"\n\n{line}\n" in text


def test_markdown_reads_back_exactly_in_a_commonmark_parser(novel, out):
    export_book(book_from_source(novel.folder), out / "b.md")
    tokens = markdown_it.MarkdownIt("commonmark").parse((out / "b.md").read_text("utf-8"))
    chapters: list[tuple[str, list[str | None]]] = []

    def text(inline) -> str:  # what the reader sees: the text of the inline tokens
        return "".join(child.content for child in inline.children)

    for at, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            chapters.append((text(tokens[at + 1]), []))
        elif token.type == "paragraph_open" and chapters:
            chapters[-1][1].append(text(tokens[at + 1]))
        elif token.type == "hr":
            chapters[-1][1].append(BREAK)
        elif token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            pytest.fail(f"a paragraph became {token.type}")
    assert chapters == EXPECTED


# --- plain text ----------------------------------------------------------------------------------


def test_plain_text_indents_a_chinese_book_with_full_width_spaces(novel, out):
    book = book_from_source(novel.folder, author="作者", language="zh-CN", first_line_indent=True)
    export_book(book, out / "b.txt")
    text = (out / "b.txt").read_text(encoding="utf-8")
    assert text.startswith("The Storm\n作者\n\n\n")
    assert "\n\n\u3000\u3000「你好」，他说。\n" in text
    assert _read_text(out / "b.txt", indent="\u3000\u3000") == EXPECTED
    english = book_from_source(novel.folder, language="en", first_line_indent=True)
    export_book(english, out / "e.txt")
    assert _read_text(out / "e.txt") == EXPECTED  # English is never indented


# --- where it may be written, and failures ------------------------------------------------------


def test_an_export_inside_the_novels_folder_is_refused(novel):
    book = book_from_source(novel.folder)
    before = _tree_hash(novel.folder)
    for target in (novel.folder / "book.epub", novel.chapters_dir / "book.txt"):
        with pytest.raises(ExportError, match="inside the novel's own folder"):
            export_book(book, target)
    assert _tree_hash(novel.folder) == before


def test_an_unknown_suffix_is_refused_naming_the_ones_we_write(novel, out):
    with pytest.raises(ExportError, match=r"\.docx, \.epub, \.md, \.txt"):
        export_book(book_from_source(novel.folder), out / "book.pdf")
    assert list(out.iterdir()) == []


def test_cancel_leaves_nothing_and_an_older_export_untouched(novel, out):
    target = out / "book.epub"
    target.write_bytes(b"the export of yesterday")
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) >= 2  # during the first chapter

    with pytest.raises(ExportCancelled):
        export_book(book_from_source(novel.folder), target, cancelled=cancelled)
    assert target.read_bytes() == b"the export of yesterday"
    assert sorted(p.name for p in out.iterdir()) == ["book.epub"]
    with pytest.raises(ExportCancelled):
        export_book(book_from_source(novel.folder), out / "new.md", cancelled=lambda: True)
    assert sorted(p.name for p in out.iterdir()) == ["book.epub"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_explained_and_left_empty(novel, out):
    out.chmod(0o555)
    try:
        with pytest.raises(ExportError, match="could not be written.*may not write"):
            export_book(book_from_source(novel.folder), out / "book.docx")
        assert list(out.iterdir()) == []
    finally:
        out.chmod(0o755)


def test_a_name_the_system_refuses_is_explained_and_leaves_nothing(novel, out):
    with pytest.raises(ExportError, match="could not be written"):
        export_book(book_from_source(novel.folder), out / ("x" * 300 + ".txt"))
    (out / "dir.md").mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        export_book(book_from_source(novel.folder), out / "dir.md")
    with pytest.raises(ExportError, match="does not exist"):
        export_book(book_from_source(novel.folder), out / "missing" / "book.md")
    assert [p.name for p in out.iterdir()] == ["dir.md"]


# --- the source ----------------------------------------------------------------------------------


def test_a_single_chapter_file_exports_as_one_chapter(tmp_path, out):
    source = tmp_path / "Night Shift.md"
    source.write_bytes(
        b"\xef\xbb\xbfFirst line.\r\n\r\n\xe2\x80\xbb\xe2\x80\xbb\xe2\x80\xbb\r\nLast."
    )
    book = book_from_source(source)
    assert (book.title, book.language, book.first_line_indent) == ("Night Shift", "en", False)
    assert book.chapters == (
        BookChapter(
            "Night Shift", (Paragraph("First line."), Paragraph("", True), Paragraph("Last."))
        ),
    )
    export_book(book, out / "Night Shift.md")
    assert _read_markdown(out / "Night Shift.md") == [
        ("Night Shift", ["First line.", BREAK, "Last."])
    ]
    with pytest.raises(ExportError, match="replace the chapter"):
        export_book(book, source)
    assert book_from_source(source, open_texts={str(source): "Unsaved."}).chapters[
        0
    ].paragraphs == (Paragraph("Unsaved."),)


def test_sources_that_cannot_be_exported_are_explained(tmp_path, novel):
    with pytest.raises(ExportError, match="Gone.md could not be exported: it does not exist"):
        book_from_source(tmp_path / "Gone.md")
    (tmp_path / "plain folder").mkdir()
    with pytest.raises(ExportError, match="plain folder is not a novel: it has no project.json"):
        book_from_source(tmp_path / "plain folder")
    novel.chapters[1].path.unlink()
    with pytest.raises(ExportError, match="“第二章 风暴” could not be read.*02-第二章-风暴.md"):
        book_from_source(novel.folder)


# --- paragraphs and language ---------------------------------------------------------------------


def test_each_non_blank_line_is_a_paragraph_without_its_typed_indent():
    text = "　　第一段。\r\n\r\n\t  Second, with  inner  spaces.  \rThird\u00a0line\n\n\n"
    assert [p.text for p in paragraphs_of(text)] == [
        "第一段。",
        "Second, with  inner  spaces.",
        "Third\u00a0line",
    ]


@pytest.mark.parametrize(
    "line", ["***", "* * *", "#", "---", "~~~", "◇◇◇", "※※※", "＊＊＊", "◇◆◇", "  - - -  "]
)
def test_a_line_of_break_marks_is_a_scene_break(line):
    assert paragraphs_of(f"Before.\n{line}\nAfter.")[1] == Paragraph("", scene_break=True)


@pytest.mark.parametrize("line", ["……", "——", "**", "*", "===", "#hashtag", "# Heading", "--x"])
def test_other_short_lines_are_paragraphs(line):
    assert paragraphs_of(line) == (Paragraph(line),)


def test_the_language_is_chinese_when_han_is_most_of_the_letters():
    assert language_of(["那天晚上，风很大。", "OK"]) == "zh-CN"
    assert language_of(["It was a dark night.", "风"]) == "en"
    assert language_of([]) == "en"


# --- the rule of the package ---------------------------------------------------------------------

APP = Path(__file__).resolve().parents[2] / "writer_app"


def test_only_the_docx_module_imports_its_library_only_when_chosen_and_never_ebooklib():
    importers: dict[str, set[str]] = {"docx": set(), "ebooklib": set()}
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            for name in names:
                if name.split(".")[0] in importers:
                    importers[name.split(".")[0]].add(path.relative_to(APP).as_posix())
    assert importers == {
        "docx": {"core/export/docx_file.py"},
        "ebooklib": set(),  # AGPL: the EPUB is written with the standard library
    }
    probe = (
        "import sys, writer_app.core.export.export; "
        "print('docx' in sys.modules, 'ebooklib' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=APP.parent, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["False", "False"]
