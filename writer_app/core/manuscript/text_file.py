"""Open and save the writer's files without ever damaging them.

Reading takes the bytes of a regular file only (never a pipe or a device) and decodes them by
the strict rules of ``encoding``. Saving keeps the file's own encoding and line endings, checks
right before writing that no other program changed the file, keeps rolling backups, and writes
atomically, so a crash or a full disk leaves the old version whole.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
import threading
from dataclasses import dataclass
from pathlib import Path

from writer_app.core.manuscript.backups import (
    BackupPolicy,
    make_backup,
)
from writer_app.core.manuscript.encoding import TextFormat, decode_as, decode_text, encode_text
from writer_app.core.manuscript.line_endings import decode_as_saved, is_mixed
from writer_app.core.storage.atomic import write_bytes_atomic
from writer_app.core.storage.reading import (
    NotARegularFile,
    ProgressCallback,
    read_regular_file,
    regular_file_size,
)
from writer_app.core.text import sentence

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Fingerprint:
    """What the file on disk looked like when we last read or wrote it."""

    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True)
class LoadedText:
    path: Path
    text: str  # newlines normalised to "\n"
    format: TextFormat
    fingerprint: Fingerprint


class ManuscriptError(Exception):
    """A file could not be read (missing, no permission, a folder...)."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(
            sentence.translate("ManuscriptFile", "{name} could not be opened. {reason}").format(
                name=self.path.name, reason=reason
            )
        )


class SaveError(Exception):
    """Saving failed; the file on disk is unchanged and the text is still in the editor."""

    def __init__(self, path: Path, reason: str, os_error: OSError | None = None) -> None:
        self.path = Path(path)
        self.reason = reason
        self.os_error = os_error  # for the log, never for the writer
        super().__init__(
            sentence.translate(
                "ManuscriptFile",
                "{name} was not saved. {reason} The file on disk is unchanged and your "
                "text is still open; try again, or use Save As to save it somewhere else.",
            ).format(name=self.path.name, reason=reason)
        )


class ExternalChange(Exception):
    """Another program changed or deleted the file since it was opened or last saved."""

    def __init__(self, path: Path, current: Fingerprint | None) -> None:
        self.path = Path(path)
        self.current = current
        self.deleted = current is None
        if self.deleted:
            message = sentence.translate(
                "ManuscriptFile",
                "{name} was deleted or moved by another program since you opened it. Nothing "
                "has been written yet: choose whether to keep your version or the one on disk.",
            )
        else:
            message = sentence.translate(
                "ManuscriptFile",
                "{name} was changed by another program since you opened it. Nothing has "
                "been written yet: choose whether to keep your version or the one on disk.",
            )
        super().__init__(message.format(name=self.path.name))


# --- fingerprints ------------------------------------------------------------------------------


def _read_with_fingerprint(
    path: Path,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> tuple[bytes | bytearray, Fingerprint]:
    # One open for both, so the hash and the size describe the same bytes; only a regular
    # file is read (a pipe or /dev/zero would hang or fill memory: see core.storage.reading).
    raw = read_regular_file(path, progress=progress, cancel=cancel)
    return raw.data, Fingerprint(raw.size, raw.mtime_ns, raw.sha256)


def fingerprint(path: Path) -> Fingerprint | None:
    """The file's size, time and sha256 now; None when it no longer exists."""
    try:
        return _read_with_fingerprint(Path(path))[1]
    except (FileNotFoundError, NotADirectoryError, NotARegularFile):
        return None  # gone, or a pipe or device now stands where the file was


def external_change(path: Path, expected: Fingerprint) -> ExternalChange | None:
    """An ExternalChange when the file on disk is not the one we know (by content), else None."""
    current = fingerprint(path)
    if current is None or current.sha256 != expected.sha256:
        return ExternalChange(Path(path), current)
    return None


def _read_reason(error: OSError, path: Path | None = None) -> str:
    if isinstance(error, NotARegularFile) and error.kind != "a folder":
        return sentence.translate(
            "ManuscriptFile", "It is {kind}, not a file; writer-app opens only text files."
        ).format(kind=_kind(error.kind))
    if isinstance(error, FileNotFoundError):
        if path is not None and path.is_symlink():
            return sentence.translate(
                "ManuscriptFile", "It is a link to a file that does not exist (any more)."
            )
        return sentence.translate(
            "ManuscriptFile",
            "The file no longer exists; it may have been moved, renamed or deleted.",
        )
    if isinstance(error, (IsADirectoryError, NotARegularFile)):
        return sentence.translate("ManuscriptFile", "This is a folder, not a file.")
    if isinstance(error, PermissionError):
        return sentence.translate("ManuscriptFile", "You do not have permission to read this file.")
    if error.errno == errno.ELOOP:
        return sentence.translate(
            "ManuscriptFile",
            "It is a link that leads back to itself (a loop of links), not a file.",
        )
    return sentence.translate(
        "ManuscriptFile", "Your computer reported a problem reading it ({reason})."
    ).format(reason=error.strerror or error)


def _kind(kind: str) -> str:
    """What ``core.storage.reading`` calls a file that is not a regular one, for the writer."""
    kinds = {
        "a named pipe": sentence.translate("ManuscriptFile", "a named pipe"),
        "a device": sentence.translate("ManuscriptFile", "a device"),
        "a socket": sentence.translate("ManuscriptFile", "a socket"),
        "not a plain file": sentence.translate("ManuscriptFile", "not a plain file"),
    }
    return kinds.get(kind, kind)


def manuscript_size(path: Path) -> int:
    """The size in bytes of the file at ``path``, found without opening it (nothing blocks).

    ManuscriptError with a sentence when it is not a regular file that can be read: a folder,
    a pipe, a device, a socket, a loop of links, a missing file.
    """
    path = Path(path)
    try:
        return regular_file_size(path)
    except OSError as error:
        log.info("cannot open %s: %s", path, error)
        raise ManuscriptError(path, _read_reason(error, path)) from error


def read_manuscript(
    path: Path,
    *,
    encoding: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> LoadedText:
    """Read and decode a text or Markdown file. ``encoding`` forces a codec ("Reopen with...").

    ``progress(done, expected)`` follows the read and ``cancel`` stops it (ReadCancelled), so a
    large file can be read on a worker thread. ManuscriptError: not a readable regular file.
    """
    path = Path(path)
    try:
        data, print_ = _read_with_fingerprint(path, progress, cancel)
    except OSError as error:
        log.info("cannot read %s: %s", path, error)
        raise ManuscriptError(path, _read_reason(error, path)) from error
    if encoding is None:
        text, fmt = decode_text(data, path)
    else:
        text, fmt = decode_as(data, encoding, path)
    log.info("opened %s (%s, %d characters)", path, fmt.label, len(text))
    return LoadedText(path, text, fmt, print_)


# --- saving ------------------------------------------------------------------------------------


def _save_reason(error: OSError, path: Path) -> str:
    code = error.errno
    if code == errno.ENOSPC:
        return sentence.translate("ManuscriptFile", "The disk is full.")
    if code == getattr(errno, "EDQUOT", None):
        return sentence.translate("ManuscriptFile", "Your disk quota is full.")
    if code == errno.EROFS:
        return sentence.translate("ManuscriptFile", "The disk is read-only.")
    if code in (errno.EACCES, errno.EPERM):
        if _is_read_only(path):
            return sentence.translate("ManuscriptFile", "The file is read-only.")
        return sentence.translate(
            "ManuscriptFile", "You do not have permission to write in this folder."
        )
    if code == errno.ENAMETOOLONG:
        return sentence.translate("ManuscriptFile", "The file name is too long.")
    if code == errno.ENOENT:
        return sentence.translate("ManuscriptFile", "The folder no longer exists.")
    if code == errno.EISDIR:
        return sentence.translate("ManuscriptFile", "There is a folder with that name.")
    return sentence.translate(
        "ManuscriptFile", "Your computer reported a problem writing it ({reason})."
    ).format(reason=error.strerror or error)


def _mixed_endings_of(old: bytes | bytearray | None, fmt: TextFormat) -> str | None:
    """The file being replaced as text, when it mixes line endings (else None: one kind of
    ending, which ``fmt.newline`` already is)."""
    if old is None or b"\r" not in old:  # no CR byte: LF only (UTF-16 CR is 0D 00)
        return None
    raw = decode_as_saved(old, fmt.encoding)
    return raw if raw is not None and is_mixed(raw) else None


def _is_read_only(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and not mode & stat.S_IWUSR


def save_manuscript(
    path: Path,
    text: str,
    fmt: TextFormat,
    *,
    expected: Fingerprint | None,
    backups: BackupPolicy | None = None,
) -> Fingerprint:
    """Save ``text`` to ``path`` atomically and return the new fingerprint.

    ``expected`` is the fingerprint from opening or the last save: if the file on disk differs
    (or is gone), ExternalChange is raised before anything is written. Pass None to overwrite
    (a new file, Save As, or the writer chose to keep their version). EncodeError: a character
    does not fit ``fmt``; SaveError: writing failed. Either way the file on disk is untouched.
    A failed backup is logged and does not stop the save (the write itself is atomic).
    """
    path = Path(path)
    if path.is_symlink():  # save through the link, as the writer's other tools do
        path = Path(os.path.realpath(path))
    data = encode_text(text, fmt)
    try:
        try:
            old, current = _read_with_fingerprint(path)
        except (FileNotFoundError, NotADirectoryError):
            old, current = None, None
        except PermissionError as error:
            raise SaveError(
                path,
                sentence.translate(
                    "ManuscriptFile", "You do not have permission to read this file."
                ),
                error,
            ) from error
        if expected is not None and (current is None or current.sha256 != expected.sha256):
            raise ExternalChange(path, current)
        template = _mixed_endings_of(old, fmt)
        if template is not None:  # the README's promise: a file keeps its own line endings
            data = encode_text(text, fmt, template=template)
        if not path.parent.is_dir():
            # write_bytes_atomic would create it, e.g. under an unplugged disk's mount point.
            raise SaveError(
                path,
                sentence.translate(
                    "ManuscriptFile", "The folder it was in no longer exists (was a disk removed?)."
                ),
            )
        if _is_read_only(path):
            # Replacing the file would succeed (the folder is writable) and defeat the lock.
            raise SaveError(path, sentence.translate("ManuscriptFile", "The file is read-only."))
        if old is not None and backups is not None:
            try:
                make_backup(path, old, backups)
            except OSError as error:
                log.warning("backup of %s failed, saving anyway: %s", path, error)
        write_bytes_atomic(path, data)
        info = path.stat()
    except OSError as error:
        log.warning("saving %s failed: %s", path, error)
        raise SaveError(path, _save_reason(error, path), error) from error
    log.info("saved %s (%s, %d bytes)", path, fmt.label, len(data))
    return Fingerprint(len(data), info.st_mtime_ns, hashlib.sha256(data).hexdigest())
