"""OpenDocument: one manuscript open in the app — its text, where it lives, its autosave journal.

Each open document has its own QTextDocument (and so its own undo history); the editor shows
one at a time.  Edits are journalled within a second of a pause and at least every 200
characters, on a background thread so a large chapter never stalls typing.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout

from writer_app.core.manuscript.backups import BackupPolicy, default_backup_folder
from writer_app.core.manuscript.encoding import UTF8, TextFormat
from writer_app.core.manuscript.journal import (
    Journal,
    JournalError,
    JournalSchedule,
    document_key,
    untitled_key,
)
from writer_app.core.manuscript.recovery import Recoverable
from writer_app.core.manuscript.text_file import (
    Fingerprint,
    read_manuscript,
    save_manuscript,
)
from writer_app.core.storage.paths import writer_path
from writer_app.ui.language import shown

log = logging.getLogger(__name__)


def text_filter() -> str:
    """The file-type choice of Open and Save dialogs for manuscripts."""
    return QCoreApplication.translate(
        "OpenDocument", "Text and Markdown (*.txt *.md *.markdown);;All files (*)"
    )


# One writer thread for every journal: records of one document stay in order, and the GUI
# thread only hands over a snapshot.
_journal_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journal")
# The promise: a crash loses at most 2 s of typing.  Journal within 1 s of a pause, every 200
# characters, and never later than this after the first unjournalled edit.
MAX_UNJOURNALLED_MS = 1500
# Off only when this process may not use the journal folder (it is unusable, or another
# instance that did not answer owns it): the window then says that typing is unprotected.
_journalling = True


def set_journalling(on: bool) -> None:
    """Turn the autosave journal on or off for every document of this process."""
    global _journalling
    _journalling = on


class OpenDocument(QObject):
    """A manuscript file (or an untitled text) that is open in the app."""

    journalFailed = Signal(str)  # a sentence for the writer
    pathChanged = Signal()

    def __init__(
        self,
        text: str,
        path: Path | None = None,
        fmt: TextFormat = UTF8,
        fingerprint: Fingerprint | None = None,
        *,
        backups: BackupPolicy | None = None,
        journal: Journal | None = None,
        parent: QObject | None = None,
        document: QTextDocument | None = None,
    ) -> None:
        """``document``: one already holding ``text``, built on a worker thread for a big file
        (its QPlainTextDocumentLayout set) and moved to the GUI thread."""
        super().__init__(parent)
        self.path = writer_path(path) if path is not None else None
        self.format = fmt
        self.fingerprint = fingerprint
        self.backups = backups or BackupPolicy(default_backup_folder())
        self.key = journal.key if journal else (document_key(path) if path else untitled_key())
        self.journal = journal or Journal(
            self.key, self.path, encoding=fmt.label, identity=fingerprint
        )
        if document is None:
            self.document = QTextDocument(self)
            self.document.setDocumentLayout(QPlainTextDocumentLayout(self.document))
            self.document.setPlainText(text)
        else:
            self.document = document
            document.setParent(self)
        self.document.setModified(False)
        self.cursor_position = 0  # where the writer was, kept while another document shows
        self._schedule = JournalSchedule()
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(int(self._schedule.pause * 1000))
        self._pause.timeout.connect(self._record_if_due)
        # Typing without a pause still reaches the journal: at most this long after an edit.
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(MAX_UNJOURNALLED_MS)
        self._deadline.timeout.connect(self.record_now)
        self.document.contentsChange.connect(self._on_contents_change)

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, backups: BackupPolicy | None = None) -> OpenDocument:
        """Read a file (DecodeError / ManuscriptError when it cannot be read cleanly)."""
        loaded = read_manuscript(path)
        return cls(loaded.text, loaded.path, loaded.format, loaded.fingerprint, backups=backups)

    @classmethod
    def restored(cls, rec: Recoverable, backups: BackupPolicy | None = None) -> OpenDocument:
        """A document brought back from the journal after a crash: unsaved, as it was."""
        fmt, print_ = UTF8, None
        if rec.path is not None and rec.path.exists():
            try:
                loaded = read_manuscript(rec.path)
                fmt, print_ = loaded.format, loaded.fingerprint
            except Exception:  # noqa: BLE001 — the restored text matters, not the old file
                log.warning("could not re-read %s while restoring", rec.path, exc_info=True)
        journal = Journal.resume(rec)
        # The writer accepted the file as it is now (the window asked if it was replaced).
        journal.identity = print_
        doc = cls(rec.text, rec.path, fmt, print_, backups=backups, journal=journal)
        doc.document.setModified(True)
        return doc

    # -- names ------------------------------------------------------------------------------

    @property
    def title(self) -> str:
        return self.path.name if self.path is not None else self.tr("Untitled")

    @property
    def modified(self) -> bool:
        return self.document.isModified()

    def text(self) -> str:
        return self.document.toPlainText()

    # -- saving -----------------------------------------------------------------------------

    def save(
        self, path: Path | None = None, fmt: TextFormat | None = None, *, overwrite: bool = False
    ) -> None:
        """Save atomically; raises SaveError, EncodeError or ExternalChange (nothing written).

        ``overwrite`` skips the check for changes made by another program (the writer chose
        to keep their version).  Saving to a new path never checks the old fingerprint.
        """
        target = writer_path(path) if path is not None else self.path
        if target is None:
            raise ValueError("an untitled document needs a path to be saved")
        fmt = fmt or self.format
        same_file = self.path is not None and target == self.path
        expected = self.fingerprint if same_file and not overwrite else None
        self.fingerprint = save_manuscript(
            target, self.text(), fmt, expected=expected, backups=self.backups
        )
        self.format = fmt
        self.document.setModified(False)
        self._schedule.mark_recorded(time.monotonic())
        self._pause.stop()
        self._deadline.stop()
        self._submit(self.journal.saved, self.fingerprint)
        if target != self.path:
            self.path = target
            self.key = document_key(target)
            self.journal = Journal(self.key, target, encoding=fmt.label, identity=self.fingerprint)
            self.pathChanged.emit()

    def reload(self) -> None:
        """Replace the text with the file on disk (the writer chose the other program's version)."""
        assert self.path is not None
        loaded = read_manuscript(self.path)
        self.document.setPlainText(loaded.text)
        self.document.setModified(False)
        self.format, self.fingerprint = loaded.format, loaded.fingerprint
        self._submit(self.journal.saved, loaded.fingerprint)

    def close(self) -> None:
        """The writer closed it cleanly (saved, or chose to discard): drop its journal."""
        self._pause.stop()
        self._deadline.stop()
        self._submit(self.journal.discard)

    # -- the journal ------------------------------------------------------------------------

    def record_now(self) -> None:
        """Journal the current text (on the journal thread)."""
        self._deadline.stop()
        if not _journalling or not self.modified or not self._schedule.dirty:
            return
        self._schedule.mark_recorded(time.monotonic())
        self._submit(self.journal.record, self.text())

    def _on_contents_change(self, _position: int, removed: int, added: int) -> None:
        if removed == 0 and added == 0:
            return  # a layout-only change (the ghost text is drawn this way)
        if self._schedule.note_edit(removed + added, time.monotonic()):
            self.record_now()
        self._pause.start(int(self._schedule.pause * 1000))
        if not self._deadline.isActive():
            self._deadline.start()

    def _record_if_due(self) -> None:
        if self._schedule.due(time.monotonic()):
            self.record_now()
        elif self._schedule.dirty:  # the timer fired a hair early: look again shortly
            self._pause.start(50)

    def _submit(self, function, *args) -> None:
        future = _journal_thread.submit(function, *args)
        future.add_done_callback(self._report_failure)

    def _report_failure(self, future: Future) -> None:
        error = future.exception()
        if isinstance(error, JournalError):
            self.journalFailed.emit(shown(error))  # queued to the GUI thread
        elif error is not None:
            log.error("journal task failed", exc_info=error)


def flush_journal(timeout: float = 10.0) -> None:
    """Wait until every journal write handed over so far is on disk (before quitting)."""
    _journal_thread.submit(lambda: None).result(timeout=timeout)
