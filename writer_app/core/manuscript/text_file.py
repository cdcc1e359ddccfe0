"""Open and save the writer's files without ever damaging them.

Reading detects the encoding (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK) and the
line endings, and refuses to guess silently. Saving keeps the file's own encoding and line
endings, checks right before writing that no other program changed the file, keeps rolling
backups, and writes atomically, so a crash or a full disk leaves the old version whole.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import logging
import os
import re
import stat
import threading
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from writer_app.core.manuscript.backups import (  # noqa: F401 — part of this module's API
    BackupPolicy,
    backup_dir,
    default_backup_folder,
    list_backups,
    make_backup,
)
from writer_app.core.manuscript.line_endings import decode_as_saved, is_mixed, with_endings
from writer_app.core.storage.atomic import write_bytes_atomic
from writer_app.core.storage.reading import (  # noqa: F401 — ReadCancelled is part of this module's API
    NotARegularFile,
    ProgressCallback,
    ReadCancelled,
    read_regular_file,
    regular_file_size,
)
from writer_app.core.text.scripts import CHINESE_TEXT_CLASS

log = logging.getLogger(__name__)

_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "utf-16-be": "UTF-16 BE",
    "gb18030": "GB18030",
}
_NEWLINE_LABELS = {"\r\n": "CRLF", "\r": "CR"}


@dataclass(frozen=True)
class TextFormat:
    """How a file is stored on disk: its codec and its line endings."""

    # "utf-8", "utf-8-sig", "utf-16" (LE + BOM), "utf-16-be" (+ BOM), "gb18030" (or a codec
    # the writer forced with read_manuscript(encoding=...))
    encoding: str = "utf-8"
    newline: str = "\n"  # "\n", "\r\n" or "\r"

    @property
    def label(self) -> str:
        """For the status bar: "UTF-8", "GB18030 · CRLF", ..."""
        name = _LABELS.get(self.encoding, self.encoding.upper())
        ending = _NEWLINE_LABELS.get(self.newline)
        return f"{name} · {ending}" if ending else name

    def as_utf8(self) -> TextFormat:
        """The same line endings in plain UTF-8 (the writer's way out of a legacy encoding)."""
        return replace(self, encoding="utf-8")


UTF8 = TextFormat()


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
        super().__init__(f"{self.path.name} could not be opened. {reason}")


class DecodeError(Exception):
    """No supported encoding reads the bytes cleanly; nothing changes until the writer chooses."""

    def __init__(self, path: Path | None, lossy_text: str, guess: TextFormat) -> None:
        self.path = Path(path) if path is not None else None
        self.lossy_text = lossy_text  # best guess, unreadable bytes shown as U+FFFD
        self.guess = guess
        name = self.path.name if self.path is not None else "This file"
        super().__init__(
            f"{name} is not in an encoding writer-app can read safely (UTF-8, UTF-16 or "
            "GB18030/GBK Chinese), or it is not a text file. The file has not been changed. "
            "You can open a copy in which the unreadable parts are replaced by �; save it under "
            "a new name to keep it."
        )


class EncodeError(Exception):
    """The text holds a character that the file's encoding cannot store."""

    def __init__(
        self, fmt: TextFormat, character: str | None, position: int = 0, line: int = 0
    ) -> None:
        self.format = fmt
        self.character = character  # None: the encoding itself is unknown
        self.position = position  # index in the writer's "\n" text
        self.line = line  # 1-based
        encoding = _LABELS.get(fmt.encoding, fmt.encoding)
        if character is None:
            message = f"writer-app cannot save text in {encoding}. Save the file as UTF-8."
        else:
            # A lone surrogate (half an emoji) is not printable and must not be echoed.
            shown = f"“{character}” " if character.isprintable() else "an invalid character "
            message = (
                f"The character {shown}(U+{ord(character):04X}) on line {line} cannot be saved "
                f"in {encoding}. Remove it, or save the file as UTF-8."
            )
        super().__init__(message)


class SaveError(Exception):
    """Saving failed; the file on disk is unchanged and the text is still in the editor."""

    def __init__(self, path: Path, reason: str, os_error: OSError | None = None) -> None:
        self.path = Path(path)
        self.reason = reason
        self.os_error = os_error  # for the log, never for the writer
        super().__init__(
            f"{self.path.name} was not saved. {reason} The file on disk is unchanged and your "
            "text is still open; try again, or use Save As to save it somewhere else."
        )


class ExternalChange(Exception):
    """Another program changed or deleted the file since it was opened or last saved."""

    def __init__(self, path: Path, current: Fingerprint | None) -> None:
        self.path = Path(path)
        self.current = current
        self.deleted = current is None
        what = "deleted or moved" if self.deleted else "changed"
        super().__init__(
            f"{self.path.name} was {what} by another program since you opened it. Nothing has "
            "been written yet: choose whether to keep your version or the one on disk."
        )


# --- reading -----------------------------------------------------------------------------------

# (BOM, our encoding name, the codec that reads what follows the BOM)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)
# What Chinese prose is made of, besides ASCII: Han, CJK and full-width punctuation, and the
# general punctuation (“”…—) GB2312 also carries; not kana or hangul (core.text.scripts).
_CHINESE_LIKE = re.compile(f"[{CHINESE_TEXT_CLASS}]")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
# How many non-ASCII characters _looks_chinese weighs at most: a verdict, not a census.
_JUDGE_CHARS = 2**20
_NEUTRAL = re.compile("[\u2600-\u27bf\ufe0f\u200d\U0001f000-\U0001faff]")


def _newline_of(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    # Ties go to "\n"; a mixed file is saved with its most common ending.
    return max((lf, "\n"), (crlf, "\r\n"), (cr, "\r"), key=lambda pair: pair[0])[1]


def _normalise(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _looks_chinese(text: str) -> bool:
    """Whether a clean GB18030 decoding is Chinese rather than other bytes read as Chinese.

    Latin-1 text ("Ménage"), Big5 and Shift-JIS all decode "cleanly" as GB18030 but give rare
    characters, kana, Greek or private-use characters. Real GBK prose is almost all Han and
    punctuation, mostly from the 7,445 common characters of GB2312.
    """
    chars: Counter[str] = Counter()  # C-speed; few thousand distinct
    seen = 0
    for run in _NON_ASCII_RUN.finditer(text):
        chars.update(run[0])
        seen += len(run[0])
        if seen >= _JUDGE_CHARS:  # enough to judge: a 200 MB file is not counted in full
            break
    for char in [char for char in chars if _NEUTRAL.match(char)]:
        del chars[char]  # emoji prove nothing either way
    total = sum(chars.values())
    if total == 0:
        return True
    chinese = common = 0
    for char, n in chars.items():
        if _CHINESE_LIKE.match(char):
            chinese += n
        try:
            char.encode("gb2312")
            common += n
        except UnicodeEncodeError:
            pass
    return chinese >= 0.8 * total and common >= 0.5 * total


def decode_text(data: bytes | bytearray, path: Path | None = None) -> tuple[str, TextFormat]:
    """Text (newlines as "\\n") and format of ``data``; DecodeError when no encoding fits cleanly.

    Order: a BOM decides; then strict UTF-8; then strict GB18030 when the result reads as
    Chinese. Text with NUL characters is refused (binary, or UTF-16 without a BOM).
    """
    for bom, encoding, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                raise _decode_error(data, path) from None
            if "\x00" in text:  # a UTF-32 BOM starts like UTF-16's
                raise _decode_error(data, path)
            return _normalise(text), TextFormat(encoding, _newline_of(text))
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        if encoding == "utf-8" or _looks_chinese(text):
            return _normalise(text), TextFormat(encoding, _newline_of(text))
    raise _decode_error(data, path)


def _decode_error(data: bytes | bytearray, path: Path | None) -> DecodeError:
    for bom, encoding, codec in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(codec, errors="replace")
            return DecodeError(path, _normalise(text), TextFormat(encoding, _newline_of(text)))
    utf8 = data.decode("utf-8", errors="replace")
    chinese = data.decode("gb18030", errors="replace")
    if chinese.count("\ufffd") < utf8.count("\ufffd") and _looks_chinese(chinese):
        return DecodeError(path, _normalise(chinese), TextFormat("gb18030", _newline_of(chinese)))
    return DecodeError(path, _normalise(utf8), TextFormat("utf-8", _newline_of(utf8)))


def encode_text(text: str, fmt: TextFormat, *, template: str | None = None) -> bytes:
    """Bytes for disk: "\\n" becomes ``fmt.newline``; EncodeError names a character that
    does not fit the encoding. ``template``: the file being replaced, as on disk, when it mixes
    line endings: each line that is still there keeps its own (core.manuscript.line_endings)."""
    plain = _normalise(text)
    if template is not None:
        on_disk = with_endings(plain, template, fmt.newline)
    else:
        on_disk = plain.replace("\n", fmt.newline) if fmt.newline != "\n" else plain
    if fmt.encoding == "utf-16":  # little-endian with a BOM, whatever the machine
        codec, prefix = "utf-16-le", codecs.BOM_UTF16_LE
    elif fmt.encoding == "utf-16-be":
        codec, prefix = "utf-16-be", codecs.BOM_UTF16_BE
    else:
        codec, prefix = fmt.encoding, b""
    try:
        return prefix + on_disk.encode(codec)
    except LookupError:
        raise EncodeError(fmt, None) from None
    except UnicodeEncodeError:
        pass
    try:  # again on the writer's "\n" text, so that position and line number are theirs
        plain.encode(codec)
    except UnicodeEncodeError as error:
        index = error.start
        raise EncodeError(fmt, plain[index], index, plain.count("\n", 0, index) + 1) from None
    raise EncodeError(fmt, None)  # not reached: the same characters failed a moment ago


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
        return f"It is {error.kind}, not a file; writer-app opens only text files."
    if isinstance(error, FileNotFoundError):
        if path is not None and path.is_symlink():
            return "It is a link to a file that does not exist (any more)."
        return "The file no longer exists; it may have been moved, renamed or deleted."
    if isinstance(error, (IsADirectoryError, NotARegularFile)):
        return "This is a folder, not a file."
    if isinstance(error, PermissionError):
        return "You do not have permission to read this file."
    if error.errno == errno.ELOOP:
        return "It is a link that leads back to itself (a loop of links), not a file."
    return f"Your computer reported a problem reading it ({error.strerror or error})."


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
        try:
            encoding = codecs.lookup(encoding).name
            decoded = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise _decode_error(data, path) from None
        if encoding == "utf-8" and decoded.startswith("\ufeff"):
            encoding, decoded = "utf-8-sig", decoded[1:]
        text, fmt = _normalise(decoded), TextFormat(encoding, _newline_of(decoded))
    log.info("opened %s (%s, %d characters)", path, fmt.label, len(text))
    return LoadedText(path, text, fmt, print_)


# --- saving ------------------------------------------------------------------------------------


def _save_reason(error: OSError, path: Path) -> str:
    code = error.errno
    if code == errno.ENOSPC:
        return "The disk is full."
    if code == getattr(errno, "EDQUOT", None):
        return "Your disk quota is full."
    if code == errno.EROFS:
        return "The disk is read-only."
    if code in (errno.EACCES, errno.EPERM):
        if _is_read_only(path):
            return "The file is read-only."
        return "You do not have permission to write in this folder."
    if code == errno.ENAMETOOLONG:
        return "The file name is too long."
    if code == errno.ENOENT:
        return "The folder no longer exists."
    if code == errno.EISDIR:
        return "There is a folder with that name."
    return f"Your computer reported a problem writing it ({error.strerror or error})."


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
            raise SaveError(path, "You do not have permission to read this file.", error) from error
        if expected is not None and (current is None or current.sha256 != expected.sha256):
            raise ExternalChange(path, current)
        template = _mixed_endings_of(old, fmt)
        if template is not None:  # the README's promise: a file keeps its own line endings
            data = encode_text(text, fmt, template=template)
        if not path.parent.is_dir():
            # write_bytes_atomic would create it, e.g. under an unplugged disk's mount point.
            raise SaveError(path, "The folder it was in no longer exists (was a disk removed?).")
        if _is_read_only(path):
            # Replacing the file would succeed (the folder is writable) and defeat the lock.
            raise SaveError(path, "The file is read-only.")
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
