"""A book as an EPUB 3, written here with the standard library and valid under epubcheck.

Why by hand: the usual Python library for EPUB, ebooklib, is under the AGPL-3.0, which cannot
be bundled into writer-app's Apache-2.0 installers. And an EPUB is small: a zip whose first
entry is an uncompressed ``mimetype``, then ``META-INF/container.xml`` pointing at a package
document (metadata, manifest, spine), a navigation document, the XHTML of each chapter, a style
sheet and a cover image. ``zipfile`` writes the zip; the XML is a handful of templates whose
text is escaped here. The tests read every export back and run epubcheck on it.

One XHTML document per chapter (``lang`` and ``xml:lang`` the book's, or the chapter's own when
an English book has a Chinese chapter or the other way round), a navigation document
(also the contents page, after the cover) and an NCX for EPUB 2 readers, a small style sheet,
and the cover image when the book has one (JPEG, PNG or GIF: the image types every reader
shows). The identifier is a UUID made from the title and the author, so exporting the same
book again gives the same identifier and a reader replaces its copy instead of keeping two.
Text is escaped as XML (``&``, ``<``, ``>``; quotes too in attributes), the control characters
XML cannot hold are dropped, and it is written as UTF-8 (CJK and emoji as they are).
"""

from __future__ import annotations

import datetime
import html
import time
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from writer_app.core.export.book import Book, BookChapter, ExportError, language_of, xml_safe
from writer_app.core.storage.reading import TooLarge, read_limited
from writer_app.core.text import sentence

# uuid5 namespace of writer-app's books: the identifier is uuid5(this, title + author).
BOOK_NAMESPACE = uuid.UUID("3c1f7f0e-54a8-4f43-9b1e-6c5d2a7e9d41")
COVERS = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif"}
COVER_LIMIT = 50 * 1024 * 1024  # bytes: a cover is a picture, not a film
SCENE_BREAK_TEXT = "* * *"
CONTENTS = {"zh": "目录", "ja": "目次", "ko": "차례"}  # the contents page's heading, by language

# Where things are in the zip. The package's own files are in EPUB/ (as ebooklib put them, so
# a book exported before and after looks the same to a reader); hrefs are relative to it.
FOLDER = "EPUB/"
PACKAGE = "content.opf"
STYLE = "book.css"
NAV = "nav.xhtml"
NCX = "toc.ncx"
COVER_PAGE = "cover.xhtml"
XHTML_TYPE = "application/xhtml+xml"

_MAGIC = (  # the first bytes of each cover type: the type a reader is told is what the file is
    (b"\xff\xd8\xff", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"GIF87a", ".gif"),
    (b"GIF89a", ".gif"),
)

_CONTAINER = f"""<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="{FOLDER}{PACKAGE}" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""


def identifier(book: Book) -> str:
    """The book's stable identifier: the same title and author give the same one."""
    return "urn:uuid:" + str(uuid.uuid5(BOOK_NAMESPACE, f"{book.title}\n{book.author}"))


def write_epub(book: Book, stream: BinaryIO, step: Callable[[], None]) -> None:
    """Write ``book`` to ``stream``; ``step()`` after each chapter (it may stop the export)."""
    cover = _cover(book.cover) if book.cover is not None else None  # refused before a byte
    titles = [
        xml_safe(chapter.title).strip() or str(number)
        for number, chapter in enumerate(book.chapters, start=1)
    ]
    now = time.time()
    modified = datetime.datetime.fromtimestamp(now, datetime.UTC)
    stamp = time.localtime(now)[:6]  # a zip keeps local time, from 1980 on
    with zipfile.ZipFile(stream, "w") as archive:

        def add(name: str, data: bytes, compress: int = zipfile.ZIP_DEFLATED) -> None:
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = compress
            entry.external_attr = 0o644 << 16  # -rw-r--r-- when unzipped
            archive.writestr(entry, data)

        # First, stored, with no extra field: readers recognise an EPUB by these bytes.
        add("mimetype", b"application/epub+zip", zipfile.ZIP_STORED)
        add("META-INF/container.xml", _CONTAINER.encode())
        add(FOLDER + PACKAGE, _package(book, titles, cover, modified).encode())
        add(FOLDER + STYLE, _css(book).encode())
        if cover is not None:
            suffix, data = cover
            add(f"{FOLDER}cover{suffix}", data)
            add(FOLDER + COVER_PAGE, _cover_page(book, f"cover{suffix}").encode())
        add(FOLDER + NAV, _nav(book, titles).encode())
        add(FOLDER + NCX, _ncx(book, titles).encode())
        for number, (chapter, title) in enumerate(zip(book.chapters, titles, strict=True), start=1):
            add(FOLDER + _chapter_file(number), _document(book, chapter, title).encode())
            step()


def chapter_language(book: Book, chapter: BookChapter) -> str:
    """The book's language, or the chapter's own when an English book has a Chinese chapter
    or a Chinese book an English one (a reader then picks the right font and line breaking)."""
    base = book.language.split("-")[0].lower()
    if base not in ("en", "zh"):
        return book.language  # language_of tells only English from Chinese
    texts = [chapter.title, *(paragraph.text for paragraph in chapter.paragraphs)]
    found = language_of(texts)
    return book.language if found.split("-")[0] == base else found


# --- the package document, the navigation and the NCX --------------------------------------------


def _chapter_file(number: int) -> str:
    return f"chapter-{number:04d}.xhtml"


def _book_title(book: Book) -> str:
    return xml_safe(book.title).strip() or "—"


def _contents_title(book: Book) -> str:
    return CONTENTS.get(book.language.split("-")[0].lower(), "Contents")


def _package(
    book: Book,
    titles: list[str],
    cover: tuple[str, bytes] | None,
    modified: datetime.datetime,
) -> str:
    """The OPF: metadata, every file (manifest) and the reading order (spine)."""
    metadata = [
        f'<dc:identifier id="id">{_text(identifier(book))}</dc:identifier>',
        f"<dc:title>{_text(_book_title(book))}</dc:title>",
    ]
    if book.author:
        metadata.append(f'<dc:creator id="creator">{_text(book.author)}</dc:creator>')
    metadata += [
        f"<dc:language>{_text(book.language)}</dc:language>",
        f'<meta property="dcterms:modified">{modified:%Y-%m-%dT%H:%M:%SZ}</meta>',
    ]
    manifest = [_item("style", STYLE, "text/css")]
    spine = []
    if cover is not None:
        suffix, _data = cover
        metadata.append('<meta name="cover" content="cover-img"/>')  # EPUB 2 readers' cover
        manifest.append(_item("cover-img", f"cover{suffix}", COVERS[suffix], "cover-image"))
        manifest.append(_item("cover", COVER_PAGE, XHTML_TYPE))
        spine.append('<itemref idref="cover" linear="no"/>')
    spine.append('<itemref idref="nav"/>')
    for number in range(1, len(titles) + 1):
        manifest.append(_item(f"chapter-{number}", _chapter_file(number), XHTML_TYPE))
        spine.append(f'<itemref idref="chapter-{number}"/>')
    manifest.append(_item("ncx", NCX, "application/x-dtbncx+xml"))
    manifest.append(_item("nav", NAV, XHTML_TYPE, "nav"))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">\n'
        '  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        + _lines(metadata, 4)
        + "  </metadata>\n  <manifest>\n"
        + _lines(manifest, 4)
        + '  </manifest>\n  <spine toc="ncx">\n'
        + _lines(spine, 4)
        + "  </spine>\n</package>\n"
    )


def _item(id_: str, href: str, media_type: str, properties: str = "") -> str:
    extra = f' properties="{properties}"' if properties else ""
    return f'<item id="{id_}" href="{href}" media-type="{media_type}"{extra}/>'


def _entries(book: Book, titles: list[str]) -> list[tuple[str, str]]:
    """(title, href) of each entry of the contents. A book without chapters lists its contents
    page itself, under the book's title: an empty list is not a valid EPUB."""
    if not titles:
        return [(_book_title(book), NAV)]
    return [(title, _chapter_file(number)) for number, title in enumerate(titles, start=1)]


def _nav(book: Book, titles: list[str]) -> str:
    """The navigation document, which is also the contents page of the spine."""
    heading = _text(_contents_title(book))
    links = [
        f'<li><a href="{href}">{_text(title)}</a></li>' for title, href in _entries(book, titles)
    ]
    return (
        _xhtml_head(book.language, heading, stylesheet=False, epub_namespace=True)
        + "  <body>\n"
        + f'    <nav epub:type="toc" id="toc" role="doc-toc">\n      <h2>{heading}</h2>\n'
        + "      <ol>\n"
        + _lines(links, 8)
        + "      </ol>\n    </nav>\n  </body>\n</html>\n"
    )


def _ncx(book: Book, titles: list[str]) -> str:
    """The NCX: the contents for EPUB 2 readers (EPUB 3 readers use the navigation)."""
    points = []
    for order, (title, href) in enumerate(_entries(book, titles), start=1):
        points.append(
            f'<navPoint id="navpoint-{order}" playOrder="{order}">'
            f"<navLabel><text>{_text(title)}</text></navLabel>"
            f'<content src="{href}"/></navPoint>'
        )
    author = f"  <docAuthor><text>{_text(book.author)}</text></docAuthor>\n" if book.author else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"'
        f' xml:lang="{_attribute(book.language)}">\n'
        "  <head>\n"
        f'    <meta name="dtb:uid" content="{_attribute(identifier(book))}"/>\n'
        '    <meta name="dtb:depth" content="1"/>\n'
        '    <meta name="dtb:totalPageCount" content="0"/>\n'
        '    <meta name="dtb:maxPageNumber" content="0"/>\n'
        "  </head>\n"
        f"  <docTitle><text>{_text(_book_title(book))}</text></docTitle>\n"
        + author
        + "  <navMap>\n"
        + _lines(points, 4)
        + "  </navMap>\n</ncx>\n"
    )


# --- the XHTML documents -------------------------------------------------------------------------


def _xhtml_head(
    language: str, title: str, *, stylesheet: bool = True, epub_namespace: bool = False
) -> str:
    """An XHTML5 document up to its <body>; ``title`` is already escaped."""
    lang = _attribute(language)
    namespace = ' xmlns:epub="http://www.idpf.org/2007/ops"' if epub_namespace else ""
    link = f'    <link rel="stylesheet" type="text/css" href="{STYLE}"/>\n' if stylesheet else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<!DOCTYPE html>\n"
        f'<html xmlns="http://www.w3.org/1999/xhtml"{namespace} lang="{lang}" xml:lang="{lang}">\n'
        "  <head>\n"
        f"    <title>{title}</title>\n" + link + "  </head>\n"
    )


def _document(book: Book, chapter: BookChapter, title: str) -> str:
    """A chapter's XHTML: its heading, then a <p> per paragraph or scene break."""
    head = _xhtml_head(chapter_language(book, chapter), _text(title))
    return head + "  <body>\n" + _lines(_body(chapter), 4) + "  </body>\n</html>\n"


def _body(chapter: BookChapter) -> list[str]:
    parts = [f"<h1>{_text(chapter.title)}</h1>"]
    for paragraph in chapter.paragraphs:
        if paragraph.scene_break:
            parts.append(f'<p class="scene-break">{SCENE_BREAK_TEXT}</p>')
        else:
            parts.append(f"<p>{_text(paragraph.text)}</p>")
    return parts


def _cover_page(book: Book, image: str) -> str:
    """The page that shows the cover, first in the spine (outside the linear reading order)."""
    head = _xhtml_head(book.language, "Cover", stylesheet=False)
    return head + f'  <body>\n    <img src="{image}" alt="Cover"/>\n  </body>\n</html>\n'


def _lines(elements: list[str], indent: int) -> str:
    return "".join(" " * indent + element + "\n" for element in elements)


def _text(text: str) -> str:
    """``text`` as XML character data: ``&``, ``<`` and ``>`` escaped, and without the
    control characters XML cannot hold."""
    return html.escape(xml_safe(text), quote=False)


def _attribute(text: str) -> str:
    """``text`` for a quoted attribute value: as ``_text``, and quotes escaped too."""
    return html.escape(xml_safe(text), quote=True)


def _css(book: Book) -> str:
    rules = [
        "h1 { text-align: center; margin: 2em 0 1.5em; }",
        "p.scene-break { text-align: center; text-indent: 0; margin: 1em 0; }",
    ]
    if book.first_line_indent:
        rules.insert(1, "p { margin: 0; text-indent: 2em; }")
        if not book.chinese:  # English sets the first paragraph of a section flush
            rules.append("h1 + p, p.scene-break + p { text-indent: 0; }")
    else:
        rules.insert(1, "p { margin: 0 0 0.8em; text-indent: 0; }")
    if book.chinese:
        rules.append("p { text-align: justify; }")
    return "\n".join(rules) + "\n"


# --- the cover -----------------------------------------------------------------------------------


def _cover(path: Path) -> tuple[str, bytes]:
    """The cover's suffix (from its type) and bytes; ExportError with a sentence if unusable.

    The suffix names the type: ".jpg" for ".jpeg", and the type the bytes show when a JPEG,
    PNG or GIF was given the suffix of another (epubcheck refuses a file whose content does
    not match the media type the package gives it)."""
    suffix = path.suffix.lower()
    if suffix not in COVERS:
        raise ExportError(
            sentence.translate(
                "Export", "The cover {name} could not be used: choose a JPEG, PNG or GIF image."
            ).format(name=path.name)
        )
    try:
        data = read_limited(path, COVER_LIMIT)
    except TooLarge as error:
        raise ExportError(
            sentence.translate(
                "Export", "The cover {name} is larger than 50 MB: choose a smaller image."
            ).format(name=path.name)
        ) from error
    except OSError as error:
        raise ExportError(
            sentence.translate("Export", "The cover {name} could not be read ({reason}).").format(
                name=path.name, reason=error.strerror or error
            )
        ) from error
    for magic, found in _MAGIC:
        if data.startswith(magic):
            return found, data
    return (".jpg" if suffix == ".jpeg" else suffix), data
