"""The autosave journal: unsaved text survives a crash, a kill -9 or a power cut.

One file per open document in the user state dir: a JSON header line, then full snapshots of
the text, each framed with its length and CRC32 and fsynced. A power cut mid-append leaves a
torn last record, which is detected and skipped; the snapshot before it is still whole. After a
clean save or a clean exit the document's journal is removed; on the next start after a crash,
``find_recoverable`` lists what can come back. Damaged journals are moved aside, never deleted.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import logging
import os
import re
import time
import uuid
import zlib
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from writer_app.core.manuscript.text_file import (
    DecodeError,
    Fingerprint,
    ManuscriptError,
    fingerprint,
    read_manuscript,
)
from writer_app.core.storage.atomic import write_bytes_atomic
from writer_app.core.storage.paths import state_dir, writer_path
from writer_app.core.storage.reading import read_limited

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
SUFFIX = ".journal"
KEEP_ASIDE = 20  # superseded and dismissed journals kept for hand recovery
_RECORD = re.compile(rb"@(\d{1,12}) ([0-9a-f]{8}) (\d{1,12}(?:\.\d{1,6})?)")
_MIN_COMPACT_BYTES = 64 * 1024
# Far above any journal a real manuscript makes (compaction keeps it under ~5 snapshots); a
# bigger file is not read into memory at start-up.
MAX_JOURNAL_BYTES = 512 * 2**20


class JournalError(Exception):
    """The journal could not be written; the message is for the writer."""


def journal_folder() -> Path:
    return state_dir() / "journal"


def untitled_key() -> str:
    """The key of a document that has never been saved."""
    return f"untitled-{uuid.uuid4().hex}"


def document_key(path: Path | None) -> str:
    """The journal key of a document: its absolute path, or a fresh untitled key."""
    return str(writer_path(path)) if path is not None else untitled_key()


def _file_name(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24] + SUFFIX


def _encode(text: str) -> bytes:
    # surrogatepass: a half emoji from the editor must be journalled, not crash the autosave.
    return text.encode("utf-8", "surrogatepass")


def _frame(payload: bytes, when: float) -> bytes:
    return b"@%d %08x %.3f\n" % (len(payload), zlib.crc32(payload), when) + payload + b"\n"


def _move_aside(path: Path, sub: str) -> Path:
    """Move a journal file into ``sub/`` beside it under a unique name; returns the new path."""
    folder = path.parent / sub
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y-%m-%dT%H-%M-%S-%f")
    target = folder / f"{path.stem}.{stamp}{path.suffix}"
    os.replace(path, target)
    return target


def _prune(folder: Path, keep: int) -> None:
    try:
        found = sorted(folder.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime_ns)
        for old in found[:-keep] if len(found) > keep else []:
            old.unlink()
    except OSError as error:
        log.warning("could not prune %s: %s", folder, error)


class Journal:
    """The autosave journal of one open document."""

    def __init__(
        self,
        key: str,
        path: Path | None,
        folder: Path | None = None,
        *,
        encoding: str = "",
        identity: Fingerprint | None = None,
    ) -> None:
        self.key = key
        # Absolute from the start: a relative path would point elsewhere after a restart.
        self.path = writer_path(path) if path is not None else None
        self.encoding = encoding  # the file's format label, for the recovery dialog
        # The file on disk the text was loaded from (or last saved to): restoring into a file
        # that no longer matches it must ask first.
        self.identity = identity
        self.folder = Path(folder) if folder is not None else journal_folder()
        self.file = self.folder / _file_name(key)
        self._size: int | None = None  # bytes in our file; None: rewrite it on the next record
        self._owned = False  # False: a file already there is an earlier session's, not ours
        self._last: tuple[int, int] | None = None  # (length, crc) of the last snapshot

    @classmethod
    def resume(cls, rec: Recoverable) -> Journal:
        """The journal of a restored document: it takes over the crash journal (no copy is set
        aside) and its next record rewrites the file, dropping any torn tail."""
        journal = cls(
            rec.key,
            rec.path,
            rec.journal_file.parent,
            encoding=rec.encoding,
            identity=rec.identity,
        )
        journal._owned = True
        journal._last = (len(_encode(rec.text)), zlib.crc32(_encode(rec.text)))
        return journal

    def record(self, text: str) -> None:
        """Append a snapshot of ``text``, fsynced before returning (JournalError on failure)."""
        payload = _encode(text)
        signature = (len(payload), zlib.crc32(payload))
        if signature == self._last and self.file.exists():
            return  # nothing new since the last snapshot
        record = _frame(payload, time.time())
        try:
            if self._size is None or not self.file.exists():
                self._start(record)
            elif self._size + len(record) > max(4 * len(payload), _MIN_COMPACT_BYTES):
                self._rewrite(record)  # compact: the latest snapshot alone
            else:
                with open(self.file, "ab") as stream:
                    stream.write(record)
                    stream.flush()
                    os.fsync(stream.fileno())
                self._size += len(record)
        except OSError as error:
            log.warning("journal %s not written: %s", self.file, error)
            raise JournalError(
                "Autosave could not write its safety copy "
                f"({error.strerror or error}). Save your work now; check free space in "
                f"{self.folder}."
            ) from error
        self._last = signature

    def _start(self, record: bytes) -> None:
        if not self._owned and self.file.exists():
            # A journal from an earlier session that nobody restored or dismissed (the UI
            # opened the document before offering recovery): keep it aside, findable by hand.
            kept = _move_aside(self.file, "previous")
            log.warning("earlier journal for %s kept as %s", self.key, kept)
            _prune(kept.parent, KEEP_ASIDE)
        self._rewrite(record)
        self._owned = True

    def _rewrite(self, record: bytes) -> None:
        header = {
            "format": FORMAT_VERSION,
            "key": self.key,
            "path": str(self.path) if self.path is not None else None,
            "encoding": self.encoding,
            "created": datetime.now().isoformat(timespec="seconds"),
        }
        if self.identity is not None:
            header["file"] = {
                "size": self.identity.size,
                "mtime_ns": self.identity.mtime_ns,
                "sha256": self.identity.sha256,
            }
        data = json.dumps(header).encode("ascii") + b"\n" + record
        write_bytes_atomic(self.file, data)
        self._size = len(data)

    def saved(self, identity: Fingerprint | None) -> None:
        """The document was saved (or reloaded): drop the journal; later records describe the
        file as it is now. Runs on the journal thread, in order with the records."""
        self.identity = identity
        self.discard()

    def discard(self) -> None:
        """The document was saved or closed cleanly: its journal is no longer needed.

        A journal left by an earlier session is not this one's to delete: it stays, and the
        next ``find_recoverable`` removes it if the file on disk already holds its text."""
        self._size = None
        self._last = None
        if not self._owned:
            return
        try:
            self.file.unlink()
        except FileNotFoundError:
            pass
        except OSError as error:
            log.warning("could not remove journal %s: %s", self.file, error)


class JournalSchedule:
    """When to record: ``pause`` seconds after the writer stops typing, and at least every
    ``every_chars`` typed characters. Qt-free so the rule is tested without a clock."""

    def __init__(self, pause: float = 1.0, every_chars: int = 200) -> None:
        self.pause = pause
        self.every_chars = every_chars
        self._chars = 0
        self._dirty = False
        self._last_edit = 0.0
        self._last_record = 0.0

    @property
    def dirty(self) -> bool:
        """There are edits not yet in the journal."""
        return self._dirty

    def note_edit(self, chars: int, now: float) -> bool:
        """Count an edit of ``chars`` characters (typed or removed); True: record now."""
        self._chars += max(0, chars)
        self._dirty = True
        self._last_edit = now
        return self._chars >= self.every_chars

    def due(self, now: float) -> bool:
        """True when the writer has paused long enough and something is unrecorded."""
        return self._dirty and now - self._last_edit >= self.pause

    def mark_recorded(self, now: float) -> None:
        self._chars = 0
        self._dirty = False
        self._last_record = now


@dataclass(frozen=True)
class DamagedJournal:
    path: Path  # where it is now (journal/damaged/ unless it could not be moved)
    reason: str  # a sentence for the writer


@dataclass(frozen=True)
class Recoverable:
    """A document whose unsaved text can come back."""

    key: str
    path: Path | None  # None: never saved, or recorded without its folder (see recorded_path)
    text: str  # the latest intact snapshot
    saved_text: str | None  # the file on disk now, if it exists and reads cleanly
    journal_file: Path = field(compare=False)
    recorded_at: float = 0.0  # when the snapshot was taken (epoch seconds)
    encoding: str = ""  # the file's format label when it was journalled
    torn: bool = False  # a half-written last record was skipped
    # The file the text was loaded from, as it was then (None: not recorded, older journals).
    identity: Fingerprint | None = None
    # The file on disk now is not the one the journal was taken from (other bytes): restoring
    # into it must ask.
    file_replaced: bool = False
    # The path as the journal holds it when it is not absolute (journals of older versions):
    # its folder is unknown, so the text comes back as an untitled copy, never into a file
    # that happens to have that name below today's working folder.
    recorded_path: str | None = None

    @property
    def changed(self) -> bool:
        return self.text != self.saved_text

    @property
    def location_unknown(self) -> bool:
        return self.recorded_path is not None

    @property
    def title(self) -> str:
        if self.path is not None:
            return self.path.name
        if self.recorded_path:
            return Path(self.recorded_path).name or "Untitled"
        return "Untitled"

    def as_copy(self) -> Recoverable:
        """The same text, to come back as an untitled document (no file is touched)."""
        return replace(self, path=None, saved_text=None, identity=None, file_replaced=False)

    def preview(self, max_lines: int = 8) -> str:
        """What comes back: a short diff against the file on disk, or the last lines."""
        if self.saved_text is None:
            lines = [line for line in self.text.splitlines() if line.strip()]
            return "\n".join(_clip(line) for line in lines[-max_lines:])
        return _diff_preview(self.saved_text, self.text, max_lines)


def _clip(line: str, width: int = 120, focus: int = 0) -> str:
    """At most ``width`` characters of ``line`` around ``focus`` (long Chinese paragraphs)."""
    if len(line) <= width:
        return line
    start = max(0, min(focus - width // 3, len(line) - width))
    end = start + width
    return ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")


def _diff_preview(old: str, new: str, max_lines: int) -> str:
    a, b = old.splitlines(), new.splitlines()
    # Trim the common head and tail first: difflib is quadratic in the worst case and a novel
    # has thousands of lines, nearly all the same.
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    a_mid, b_mid = a[head : len(a) - tail], b[head : len(b) - tail]
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a_mid, b_mid).get_opcodes():
        if tag == "equal":
            continue
        for k, line in enumerate(a_mid[i1:i2]):
            partner = b_mid[j1 + k] if j1 + k < j2 else ""
            out.append("- " + _clip(line, focus=_first_difference(line, partner)))
        for k, line in enumerate(b_mid[j1:j2]):
            partner = a_mid[i1 + k] if i1 + k < i2 else ""
            out.append("+ " + _clip(line, focus=_first_difference(line, partner)))
    if not out:
        return "(only line endings or the final newline differ)"
    if len(out) > max_lines:
        hidden = len(out) - max_lines + 1
        out = out[: max_lines - 1] + [f"… and {hidden} more changed lines"]
    return "\n".join(out)


def _first_difference(a: str, b: str) -> int:
    pairs = enumerate(zip(a, b, strict=False))
    return next((i for i, (x, y) in pairs if x != y), min(len(a), len(b)))


@dataclass(frozen=True)
class _Parsed:
    header: dict[str, object]
    text: str
    recorded_at: float
    torn: bool


def _parse(data: bytes) -> _Parsed:
    """The header and the last intact snapshot; ValueError with a reason when there is none."""
    end = data.find(b"\n")
    try:
        header = json.loads(data[:end]) if end > 0 else None
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        header = None
    if not isinstance(header, dict) or not isinstance(header.get("key"), str):
        raise ValueError("its header is missing or damaged")
    if header.get("format") != FORMAT_VERSION:
        raise ValueError("it was written by another version of writer-app")
    position, last, when, torn = end + 1, None, 0.0, False
    while position < len(data):
        eol = data.find(b"\n", position, position + 64)
        match = _RECORD.fullmatch(data, position, eol) if eol >= 0 else None
        if match is None:
            torn = True
            break
        length, crc, stamp = int(match[1]), int(match[2], 16), float(match[3])
        start, stop = eol + 1, eol + 1 + length
        payload = data[start:stop]
        if len(payload) != length or data[stop : stop + 1] != b"\n" or zlib.crc32(payload) != crc:
            torn = True  # a power cut mid-append: the records before it are whole
            break
        last, when, position = payload, stamp, stop + 1
    if last is None:
        raise ValueError("it holds no complete copy of the text")
    return _Parsed(header, last.decode("utf-8", "surrogatepass"), when, torn)


def find_recoverable(
    folder: Path | None = None,
) -> tuple[list[Recoverable], list[DamagedJournal]]:
    """Documents that can come back after a crash, newest first, and damaged journals.

    Journals whose text equals the file on disk are removed (nothing to restore). Never raises
    for a bad journal: it is moved to ``damaged/`` and reported.
    """
    folder = Path(folder) if folder is not None else journal_folder()
    found: list[Recoverable] = []
    damaged: list[DamagedJournal] = []
    try:
        files = sorted(
            (p for p in folder.glob(f"*{SUFFIX}") if p.is_file()),
            key=lambda p: p.stat().st_mtime_ns,
            reverse=True,
        )
    except OSError as error:
        log.warning("cannot list journals in %s: %s", folder, error)
        return [], []
    for file in files:
        try:
            parsed = _parse(_read_journal(file))
        except OSError as error:
            reason = error.strerror or str(error)
            damaged.append(DamagedJournal(file, f"It could not be read ({reason})."))
            continue
        except (ValueError, UnicodeDecodeError) as error:
            damaged.append(_set_aside(file, str(error)))
            continue
        raw_path = parsed.header.get("path")
        path, recorded_path = _recorded_location(raw_path)
        identity = _identity(parsed.header.get("file"))
        saved: str | None = None
        now: Fingerprint | None = None
        if path is not None and path.exists():
            try:
                loaded = read_manuscript(path)
                saved, now = loaded.text, loaded.fingerprint
            except (ManuscriptError, DecodeError, OSError) as error:
                log.info("journalled file %s unreadable now: %s", path, error)
                now = _fingerprint_or_none(path)
        if parsed.text == saved or (
            path is None and recorded_path is None and not parsed.text.strip()
        ):
            log.info("journal %s holds nothing unsaved; removing it", file)
            try:
                file.unlink()
            except OSError as error:
                log.warning("could not remove journal %s: %s", file, error)
            continue
        encoding = parsed.header.get("encoding")
        found.append(
            Recoverable(
                key=str(parsed.header["key"]),
                path=path,
                text=parsed.text,
                saved_text=saved,
                journal_file=file,
                recorded_at=parsed.recorded_at,
                encoding=encoding if isinstance(encoding, str) else "",
                torn=parsed.torn,
                identity=identity,
                file_replaced=_replaced(identity, now, "file" in parsed.header),
                recorded_path=recorded_path,
            )
        )
    return found, damaged


def _read_journal(file: Path) -> bytes:
    """The journal's bytes; ValueError for one too large to be ours (never read into memory)."""
    return read_limited(file, MAX_JOURNAL_BYTES)


def _recorded_location(raw: object) -> tuple[Path | None, str | None]:
    """(absolute path, None), or (None, the path as recorded) when it has no folder.

    A relative path is never resolved against today's working folder: that is how a restore
    once landed in another book's file of the same name.
    """
    if not isinstance(raw, str) or not raw or "\x00" in raw:
        return None, None
    if not os.path.isabs(raw):
        log.warning("journal records a relative path %r; its folder is unknown", raw)
        return None, raw
    return Path(raw), None


def _identity(raw: object) -> Fingerprint | None:
    if not isinstance(raw, dict):
        return None
    size, mtime_ns, sha256 = raw.get("size"), raw.get("mtime_ns"), raw.get("sha256")
    if not (isinstance(size, int) and isinstance(mtime_ns, int) and isinstance(sha256, str)):
        return None
    return Fingerprint(size, mtime_ns, sha256)


def _fingerprint_or_none(path: Path) -> Fingerprint | None:
    try:
        return fingerprint(path)
    except OSError:
        return None


def _replaced(recorded: Fingerprint | None, now: Fingerprint | None, known: bool) -> bool:
    """Whether the file on disk is not the one the journal was taken from.

    ``known``: the journal recorded the file (an identity, or null for a file that did not
    exist yet). Older journals recorded nothing: they cannot tell, and restore as they did.
    """
    if not known or now is None:
        return False  # nothing to overwrite, or nothing to compare with
    return recorded is None or recorded.sha256 != now.sha256


def _set_aside(file: Path, why: str) -> DamagedJournal:
    reason = f"An autosave journal could not be used: {why}."
    try:
        kept = _move_aside(file, "damaged")
    except OSError as error:
        log.warning("damaged journal %s could not be moved aside: %s", file, error)
        return DamagedJournal(file, f"{reason} It was left where it is.")
    log.warning("damaged journal %s moved to %s (%s)", file, kept, why)
    return DamagedJournal(kept, f"{reason} It was kept as {kept} in case you need it.")


def restore(rec: Recoverable) -> str:
    """The text to put back in the editor. The journal stays until the document is saved or
    its Journal discarded, so a second crash before saving loses nothing either."""
    return rec.text


def dismiss(rec: Recoverable) -> Path | None:
    """The writer chose not to restore: move the journal to ``dismissed/`` (the newest 20 are
    kept there), so even a wrong click can be undone by hand."""
    try:
        kept = _move_aside(rec.journal_file, "dismissed")
    except FileNotFoundError:
        return None
    except OSError as error:
        log.warning("could not move dismissed journal %s: %s", rec.journal_file, error)
        return None
    _prune(kept.parent, KEEP_ASIDE)
    return kept
