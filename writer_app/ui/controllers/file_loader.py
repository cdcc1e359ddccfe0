"""Open a large file without freezing the window: read, decode and lay it out off the GUI thread.

A chapter is well under a megabyte and opens at once on the GUI thread. Anything bigger is
read here on a worker thread, behind a progress dialog with Cancel: the bytes in chunks, then
the decoding, then a QTextDocument built with the text (setPlainText of 200 MB takes seconds,
so it is built on the worker and moved to the GUI thread, which only has to show it).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout, QProgressDialog, QWidget

from writer_app.core.manuscript.encoding import DecodeError
from writer_app.core.manuscript.text_file import (
    LoadedText,
    ManuscriptError,
    read_manuscript,
)
from writer_app.core.storage.reading import ReadCancelled
from writer_app.core.text.sizes import format_size

log = logging.getLogger(__name__)

# Above this a file is read on the worker thread (a novelist's chapter is ~20-100 KB; a whole
# novel in one file ~1 MB still opens in a blink).
READ_IN_BACKGROUND_BYTES = 2**20
# Above this the writer is asked first: no chapter is this big, a log or a data dump is.
ASK_ABOVE_BYTES = 20 * 2**20
# Progress steps shown: few signals, whatever the file's size (each emit has a cost).
_STEPS = 100
_PIECE_CHARS = 2**18


def _build_document(text: str, cancel: threading.Event) -> QTextDocument:
    """A plain-text document holding ``text``, filled a piece at a time.

    One setPlainText of 200 MB holds the GIL for seconds (the window froze for 3 s); pieces
    of 256K characters let the GUI thread run between them, and Cancel is honoured.
    """
    document = QTextDocument()
    document.setDocumentLayout(QPlainTextDocumentLayout(document))
    document.setUndoRedoEnabled(False)  # loading is not an edit the writer can undo
    cursor = QTextCursor(document)
    for start in range(0, len(text), _PIECE_CHARS):
        if cancel.is_set():
            raise ReadCancelled()
        cursor.insertText(text[start : start + _PIECE_CHARS])
    document.setUndoRedoEnabled(True)
    return document


class FileLoader(QObject):
    """Reads one file on a worker thread and hands the prepared document to the GUI thread.

    Exactly one of ``loaded`` (LoadedText without its text, the QTextDocument holding it),
    ``failed`` (ManuscriptError or DecodeError) or ``cancelled`` is emitted, on the GUI thread.
    """

    loaded = Signal(object, object)  # LoadedText (text=""), QTextDocument
    failed = Signal(object)  # ManuscriptError | DecodeError
    cancelled = Signal()
    _progressed = Signal(int)  # steps of _STEPS done (from the worker)
    _preparing = Signal()  # bytes read; decoding and laying out (from the worker)
    _finished = Signal(object)  # (LoadedText, QTextDocument) | Exception (from the worker)

    def __init__(self, path: Path, size: int, window: QWidget) -> None:
        super().__init__(window)
        self.path = Path(path)
        self._cancel = threading.Event()
        self._gui_thread = self.thread()
        self._step = -1
        self.dialog = QProgressDialog(
            self.tr("Opening {name} ({size})…").format(name=path.name, size=format_size(size)),
            self.tr("Cancel"),
            0,
            _STEPS,
            window,
        )
        self.dialog.setObjectName("openProgress")
        self.dialog.setAccessibleName(self.tr("Opening a file"))
        self.dialog.setWindowTitle(self.tr("Opening a file"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(300)  # a 3 MB file opens before the dialog would show
        self.dialog.canceled.connect(self.cancel)
        self._progressed.connect(self.dialog.setValue)
        self._preparing.connect(self._on_preparing)
        self._finished.connect(self._on_finished)

    def start(self) -> None:
        self.dialog.setValue(0)
        worker = threading.Thread(target=self._work, name="open-file", daemon=True)
        worker.start()

    def cancel(self) -> None:
        """Stop at the next chunk; nothing is opened."""
        self._cancel.set()

    # -- the worker thread ------------------------------------------------------------------

    def _work(self) -> None:
        try:
            result: object = self._load()
        except ReadCancelled as stop:
            result = stop
        except (ManuscriptError, DecodeError) as error:
            result = error
        except Exception as error:  # noqa: BLE001 — a worker's error must reach the writer
            log.exception("opening %s failed", self.path)
            reason = QCoreApplication.translate(
                "FileLoader", "Something unexpected went wrong ({error})."
            ).format(error=error)
            result = ManuscriptError(self.path, reason)
        self._finished.emit(result)

    def _load(self) -> tuple[LoadedText, QTextDocument]:
        loaded = read_manuscript(self.path, progress=self._report, cancel=self._cancel)
        self._preparing.emit()
        document = _build_document(loaded.text, self._cancel)
        document.moveToThread(self._gui_thread)  # from here on it belongs to the window
        # The document holds the text now; dropping the str halves what a big file costs.
        return replace(loaded, text=""), document

    def _report(self, done: int, expected: int) -> None:
        step = min(_STEPS, done * _STEPS // max(expected, 1))
        if step != self._step:
            self._step = step
            self._progressed.emit(step)

    # -- back on the GUI thread -------------------------------------------------------------

    def _on_preparing(self) -> None:
        self.dialog.setLabelText(self.tr("Preparing {name}…").format(name=self.path.name))
        self.dialog.setRange(0, 0)  # busy: decoding and laying out give no steps

    def _on_finished(self, result: object) -> None:
        self.dialog.canceled.disconnect(self.cancel)
        self.dialog.close()
        self.dialog.deleteLater()
        if isinstance(result, tuple) and not self._cancel.is_set():
            self.loaded.emit(*result)
        elif isinstance(result, (ManuscriptError, DecodeError)):
            self.failed.emit(result)
        else:
            log.info("opening %s cancelled", self.path)
            self.cancelled.emit()
        self.deleteLater()
