from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from writer_app.ui.main_window import MainWindow


@pytest.fixture
def answers(monkeypatch):
    """Auto-answer modal dialogs and remember what the writer was told."""
    told: list[tuple[str, str]] = []

    def warning(_parent, title, text, *args, **kwargs):
        told.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    monkeypatch.setattr(
        QMessageBox,
        "question",
        staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard),
    )
    return told


@pytest.fixture
def make_window(qtbot, answers):
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow()
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        # Shortcuts (Ctrl+Return, Ctrl+S) reach only the active window.
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.shutdown()


@pytest.fixture
def window(make_window, smollm_path, qtbot):
    """The real main window with the real SmolLM2 model loaded on the worker thread."""
    window = make_window()
    with qtbot.waitSignal(window.modelReady, timeout=60_000):
        window.load_model(smollm_path)
    return window
