"""Start the GUI: logging to a file a writer can attach to a bug report, then the window."""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from writer_app import APP_NAME, __version__
from writer_app.core.paths import resource, state_dir
from writer_app.core.settings import settings_path


def _setup_logging() -> Path | None:
    folder = state_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            folder / "writer-app.log", maxBytes=1_000_000, backupCount=2, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return folder / "writer-app.log"


def run_gui(file: Path | None = None, model: Path | None = None, demo: bool = False) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from writer_app.ui.main_window import MainWindow
    from writer_app.ui.single import SingleInstance

    _setup_logging()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(resource("icons/writer-app.svg"))))
    instance = SingleInstance()
    if not instance.acquire():
        if instance.hand_over(file):
            logging.getLogger(__name__).info("handed %s to the running instance", file)
            return 0
        print("writer-app is already running but does not answer; close it first.")
        return 1
    logging.getLogger(__name__).info("writer-app %s started", __version__)
    first_run = not settings_path().exists()
    window = MainWindow()
    instance.fileRequested.connect(lambda path: _come_forward(window, path))
    window.show()
    window.start(file=file, model=model, demo=demo, first_run=first_run)
    if quit_after := os.environ.get("WRITER_APP_QUIT_AFTER_MS"):  # smoke tests of a bundle
        QTimer.singleShot(int(quit_after), window.close)
    try:
        return app.exec()
    finally:
        instance.release()


def _come_forward(window, path: str) -> None:
    """A second start asked for ``path`` (or only to be shown)."""
    if path:
        logging.getLogger(__name__).info("opening %s for a second start", path)
        window.files.open_path(Path(path))
    window.showNormal()
    window.raise_()
    window.activateWindow()
