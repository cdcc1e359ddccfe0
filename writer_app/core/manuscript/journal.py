"""The autosave journal's file: one per open document, written as the writer types.

In the user state dir: a JSON header line, then full snapshots of the text, each framed with
its length and CRC32 and fsynced. A power cut mid-append leaves a torn last record, which
``parse_journal`` detects and skips; the snapshot before it is still whole. After a clean save
or a clean exit the document's journal is removed. Writing and reading the format live here
together so they cannot drift apart; what a crash left is found in ``recovery``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
import uuid
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from writer_app.core.manuscript.text_file import Fingerprint
from writer_app.core.storage.atomic import write_bytes_atomic
from writer_app.core.storage.paths import state_dir, writer_path
from writer_app.core.storage.reading import read_limited
from writer_app.core.text import sentence

if TYPE_CHECKING:
    from writer_app.core.manuscript.recovery import Recoverable

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


def move_journal_aside(path: Path, sub: str) -> Path:
    """Move a journal file into ``sub/`` beside it under a unique name; returns the new path."""
    folder = path.parent / sub
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y-%m-%dT%H-%M-%S-%f")
    target = folder / f"{path.stem}.{stamp}{path.suffix}"
    os.replace(path, target)
    return target


def prune_journals(folder: Path, keep: int) -> None:
    """Delete all but the newest ``keep`` journals in ``folder`` (a failure is logged)."""
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
                sentence.translate(
                    "Recovery",
                    "Autosave could not write its safety copy "
                    "({reason}). Save your work now; check free space in "
                    "{folder}.",
                ).format(reason=error.strerror or error, folder=self.folder)
            ) from error
        self._last = signature

    def _start(self, record: bytes) -> None:
        if not self._owned and self.file.exists():
            # A journal from an earlier session that nobody restored or dismissed (the UI
            # opened the document before offering recovery): keep it aside, findable by hand.
            kept = move_journal_aside(self.file, "previous")
            log.warning("earlier journal for %s kept as %s", self.key, kept)
            prune_journals(kept.parent, KEEP_ASIDE)
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


# --- reading a journal back ---


@dataclass(frozen=True)
class ParsedJournal:
    """What a journal holds: its header and its last intact snapshot."""

    header: dict[str, object]
    text: str
    recorded_at: float
    torn: bool


def parse_journal(data: bytes) -> ParsedJournal:
    """The header and the last intact snapshot; ValueError with a reason when there is none."""
    end = data.find(b"\n")
    try:
        header = json.loads(data[:end]) if end > 0 else None
    except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        header = None
    if not isinstance(header, dict) or not isinstance(header.get("key"), str):
        raise ValueError(sentence.translate("Recovery", "its header is missing or damaged"))
    if header.get("format") != FORMAT_VERSION:
        raise ValueError(
            sentence.translate("Recovery", "it was written by another version of writer-app")
        )
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
        raise ValueError(sentence.translate("Recovery", "it holds no complete copy of the text"))
    return ParsedJournal(header, last.decode("utf-8", "surrogatepass"), when, torn)


def read_journal(file: Path) -> bytes:
    """The journal's bytes; ValueError for one too large to be ours (never read into memory)."""
    return read_limited(file, MAX_JOURNAL_BYTES)
