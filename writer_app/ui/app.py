"""Start the GUI: logging to a file a writer can attach to a bug report, then the window."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from writer_app import APP_NAME, __version__
from writer_app.core.settings import load_settings, settings_path
from writer_app.core.storage.paths import resource


def run_gui(file: Path | None = None, model: Path | None = None, demo: str = "") -> int:
    """``demo``: "" none, "en" or "zh", "auto" the window's language."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from writer_app.ui.failures import FailureReporter, setup_logging
    from writer_app.ui.language import install_translators
    from writer_app.ui.main_window import MainWindow
    from writer_app.ui.single import SingleInstance
    from writer_app.ui.startup import quit_on_signals, settle_lock

    setup_logging()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    reporter = FailureReporter(app)
    reporter.install()
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource("icons/writer-app.svg"))))
    first_run = not settings_path().exists()  # before reading it: a damaged one is set aside
    settings = load_settings()  # once: a damaged file is set aside and told about once
    locale = install_translators(app, settings.language)
    if demo == "auto":
        demo = "zh" if locale.language() == locale.Language.Chinese else "en"
    instance = SingleInstance()
    if not instance.acquire() and (status := settle_lock(instance, file)) is not None:
        return status
    logging.getLogger(__name__).info("writer-app %s started", __version__)
    window = MainWindow(settings)
    if instance.locked:
        instance.fileRequested.connect(lambda path: _come_forward(window, path))
    else:
        logging.getLogger(__name__).warning("running without the autosave journal")
        window.journal_off(instance.problem or "")
    undo_signals = quit_on_signals(window.end_session)  # before any question is asked
    try:
        window.show()
        window.start(
            file=file, model=model, demo=demo, first_run=first_run, journal=instance.locked
        )
        if window.ending:  # the session ended during a question at start
            return 0
        if quit_after := os.environ.get("WRITER_APP_QUIT_AFTER_MS"):  # smoke tests of a bundle
            QTimer.singleShot(int(quit_after), window.close)
        return app.exec()
    finally:
        undo_signals()
        reporter.uninstall()
        if instance.locked:
            instance.release()


def _come_forward(window, path: str) -> None:
    """A second start asked for ``path`` (or only to be shown)."""
    if path:
        logging.getLogger(__name__).info("opening %s for a second start", path)
        window.files.open_path(Path(path))
    window.showNormal()
    window.raise_()
    window.activateWindow()
