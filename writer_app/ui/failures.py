"""Failures a writer can report: the log file, what goes into it, and the short dialog shown
when something unexpected happens.

An exception nobody caught — in a slot (PySide hands it to ``sys.excepthook``) or on another
thread (``threading.excepthook``) — is logged with its traceback and answered with one
dialog that says the text is safe and offers the log folder; Qt's own warnings go to the log.
Every sentence shown to the writer in a dialog goes through ``tell`` so the log has it too.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QtMsgType, QUrl, Signal, qInstallMessageHandler
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from writer_app.core.storage.paths import state_dir
from writer_app.ui.language import shown

log = logging.getLogger(__name__)

LOG_NAME = "writer-app.log"
LOG_BYTES = 1_000_000  # per file; with two old ones kept, a few days of a writer's work
LOG_BACKUPS = 2

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def log_folder() -> Path:
    """Where the log file lives (the state folder, next to the autosave journal)."""
    return state_dir()


def setup_logging() -> Path | None:
    """The log file in the state folder; stderr when that folder is unusable (the window
    then says why), so a writer who started from a terminal still sees what happened."""
    folder = log_folder()
    handler: logging.Handler
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path: Path | None = folder / LOG_NAME
        handler = RotatingFileHandler(
            folder / LOG_NAME, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
    except OSError:
        handler, path = logging.StreamHandler(sys.stderr), None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def show_log_folder() -> bool:
    """Open the log folder in the system's file manager; False when it could not be."""
    folder = log_folder()
    folder.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def tell(parent: QWidget | None, title: str, text: str) -> None:
    """A warning the writer reads (and the log keeps); a sentence of core's in the window's
    language."""
    text = shown(text)
    log.warning("told the writer: %s — %s", title, text.replace("\n", " "))
    QMessageBox.warning(parent, title, text)


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton,
    default: QMessageBox.StandardButton,
) -> QMessageBox.StandardButton:
    """A question with standard buttons; the log keeps the question and the answer."""
    text = shown(text)
    answer = QMessageBox.question(parent, title, text, buttons, default)
    try:  # PySide may hand back a plain int
        said = QMessageBox.StandardButton(answer).name
    except (TypeError, ValueError):
        said = str(answer)
    log.info("asked the writer: %s — %s → %s", title, text.replace("\n", " "), said)
    return answer


class FailureReporter(QObject):
    """Installed once by the GUI: unexpected exceptions and Qt's messages go to the log, and
    the writer sees one dialog at a time about them (more while it is open are only logged)."""

    _failed = Signal(str)  # a one-line summary; queued to the GUI thread from any thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._failed.connect(self._show)
        self._open: QMessageBox | None = None
        self._previous_hooks = (sys.excepthook, threading.excepthook)
        self._previous_qt_handler = None

    def install(self) -> None:
        sys.excepthook = self._on_exception
        threading.excepthook = self._on_thread_exception
        self._previous_qt_handler = qInstallMessageHandler(self._on_qt_message)

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous_hooks
        qInstallMessageHandler(self._previous_qt_handler)

    def _on_exception(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous_hooks[0](kind, error, trace)
            return
        text = "".join(traceback.format_exception(kind, error, trace))
        log.critical("unexpected error\n%s", text.rstrip())
        self._failed.emit(f"{kind.__name__}: {error}")

    def _on_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        where = args.thread.name if args.thread is not None else "a thread"
        log.critical("in %s:", where)
        self._on_exception(args.exc_type, args.exc_value, args.exc_traceback)

    def _on_qt_message(self, kind: QtMsgType, context, message: str) -> None:
        logging.getLogger("qt").log(_QT_LEVELS.get(kind, logging.WARNING), "%s", message)

    def _show(self, summary: str) -> None:
        if self._open is not None or QApplication.instance() is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Something went wrong"),
            self.tr(
                "Something unexpected went wrong inside writer-app. Your text is safe: the "
                "editor keeps working, and unsaved text is kept in the autosave journal."
            ),
            parent=QApplication.activeWindow(),
        )
        box.setObjectName("failureDialog")
        box.setInformativeText(
            self.tr(
                "The details are in the log file. If it happens again, please attach the "
                "log to a bug report."
            )
        )
        box.setDetailedText(summary)
        open_folder = box.addButton(self.tr("Show Log Folder"), QMessageBox.ButtonRole.ActionRole)
        open_folder.setObjectName("showLogFolderButton")
        box.addButton(QMessageBox.StandardButton.Close)
        box.buttonClicked.connect(lambda button: button is open_folder and show_log_folder())
        box.finished.connect(self._closed)
        self._open = box
        box.open()

    def _closed(self, _result: int) -> None:
        self._open = None
