"""Export a ``Book`` to the file the writer chose, in the format its suffix names.

The file is written whole or not at all: into a temporary file beside the target (so the
rename cannot cross disks), flushed to disk, then renamed over the target; a failure, an error
or a cancel removes the temporary file and leaves whatever was at the target untouched. The
target may not be inside the novel's folder (``Book.source``) nor be the chapter file the book
was read from. The libraries of DOCX and EPUB are loaded only when those formats are chosen.
"""

from __future__ import annotations

import errno
import logging
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from writer_app.core.export.book import Book, ExportCancelled, ExportError
from writer_app.core.manuscript.project_file import PROJECT_FILE
from writer_app.core.text import sentence

log = logging.getLogger(__name__)

Step = Callable[[], None]
Writer = Callable[[Book, BinaryIO, Step], None]


def _docx(book: Book, stream: BinaryIO, step: Step) -> None:
    try:
        from writer_app.core.export.docx_file import write_docx
    except ImportError as error:
        raise _missing("DOCX", "python-docx") from error
    write_docx(book, stream, step)


def _epub(book: Book, stream: BinaryIO, step: Step) -> None:
    from writer_app.core.export.epub_file import write_epub

    write_epub(book, stream, step)


def _markdown(book: Book, stream: BinaryIO, step: Step) -> None:
    from writer_app.core.export.markdown import write_markdown

    write_markdown(book, stream, step)


def _plain_text(book: Book, stream: BinaryIO, step: Step) -> None:
    from writer_app.core.export.plain_text import write_plain_text

    write_plain_text(book, stream, step)


# The formats by the suffix of the file written (lower case), in the order a dialog offers them.
FORMATS: dict[str, Writer] = {
    ".docx": _docx,
    ".epub": _epub,
    ".md": _markdown,
    ".txt": _plain_text,
}


def export_book(
    book: Book,
    out: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """Write ``book`` to ``out`` in the format of its suffix (``FORMATS``).

    ``progress(done, total)`` is told after each chapter (and ``(0, total)`` first);
    ``cancelled()`` is asked as often, and when it says so the export stops, leaves nothing
    behind and raises ExportCancelled. ExportError, with a sentence for the writer, when the
    suffix is not one of ours, ``out`` is inside the novel's folder or is the chapter file
    itself, its folder is missing, or writing fails (read-only, disk full): nothing is left.
    """
    out = Path(os.path.abspath(out))
    writer = FORMATS.get(out.suffix.lower())
    if writer is None:
        raise ExportError(
            sentence.translate(
                "Export", "{name} cannot be exported: choose a file ending in {suffixes}."
            ).format(name=out.name, suffixes=sentence.listed(FORMATS))
        )
    try:
        _check_target(book, out)
    except OSError as error:  # a name too long, a loop of links
        raise _not_written(out, error) from error
    total = len(book.chapters)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)
        if cancelled is not None and cancelled():
            raise ExportCancelled

    if progress is not None:
        progress(0, total)
    if cancelled is not None and cancelled():
        raise ExportCancelled
    write_whole(out, lambda stream: writer(book, stream, step))
    log.info("exported %d chapters to %s", total, out)


def write_whole(out: Path, write: Callable[[BinaryIO], None]) -> None:
    """``write`` into a temporary file beside ``out``, renamed to ``out`` once whole."""
    temp = out.with_name(f".{out.name[:200]}.{secrets.token_hex(4)}.part")  # within 255
    try:
        with open(temp, "xb") as stream:  # "x": never an existing file; the umask's mode
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, out)
    except BaseException as error:
        try:
            os.unlink(temp)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise _not_written(out, error) from error
        raise


def _check_target(book: Book, out: Path) -> None:
    """ExportError when ``out`` may not or cannot be written (OSError when it cannot be
    looked at)."""
    _refuse_the_novel(book, out)
    if not os.path.isdir(out.parent):
        raise ExportError(
            sentence.translate(
                "Export", "The folder {folder} does not exist. Choose another folder."
            ).format(folder=out.parent)
        )
    try:
        is_folder = stat.S_ISDIR(os.stat(out).st_mode)
    except FileNotFoundError:
        is_folder = False
    if is_folder:
        raise ExportError(
            sentence.translate(
                "Export", "{name} is a folder. Choose another name for the export."
            ).format(name=out.name)
        )


def _not_written(out: Path, error: OSError) -> ExportError:
    log.warning("export to %s failed: %s", out, error)
    return ExportError(
        sentence.translate(
            "Export", "{name} could not be written. {reason} Nothing was saved."
        ).format(name=out.name, reason=_reason(error))
    )


def _reason(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return sentence.translate("Export", "The disk is full; free some space and try again.")
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return sentence.translate(
            "Export",
            "You may not write in that folder, or the file is open in another program; "
            "choose another folder or close it.",
        )
    return sentence.translate(
        "Export", "Your computer reported a problem writing it ({reason})."
    ).format(reason=error.strerror or error)


def _refuse_the_novel(book: Book, out: Path) -> None:
    """ExportError when ``out`` is inside the novel's folder, or is the chapter exported."""
    if book.source is None:
        return
    target = Path(os.path.realpath(out))
    source = Path(os.path.realpath(book.source))
    novel = source if source.is_dir() else _novel_around(source)
    if novel is not None and (target == novel or novel in target.parents):
        raise ExportError(
            sentence.translate(
                "Export",
                "{name} would be written inside the novel's own folder, which holds only its "
                "chapters. Choose a folder outside {folder}.",
            ).format(name=out.name, folder=novel)
        )
    if target == source:
        raise ExportError(
            sentence.translate(
                "Export", "{name} would replace the chapter being exported. Choose another name."
            ).format(name=out.name)
        )


def _novel_around(chapter: Path) -> Path | None:
    """The novel a chapter file lies in (its folder or the one above holds project.json)."""
    for folder in (chapter.parent, chapter.parent.parent):
        if (folder / PROJECT_FILE).is_file():
            return folder
    return None


def _missing(format_name: str, package: str) -> ExportError:
    return ExportError(
        sentence.translate(
            "Export", "Exporting to {format} needs the {package} package, which is not installed."
        ).format(format=format_name, package=package)
    )
