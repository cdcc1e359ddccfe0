from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.support.windows import shown_window
from writer_app.core.local.config import default_threads
from writer_app.core.local.tuning import Measured, TuningStore, model_key
from writer_app.core.storage.paths import tuning_path
from writer_app.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def measured_before(smollm_path):
    """The test model was measured on an earlier start (core.local.tuning: flash attention off),
    so pauses read ahead at once; tests/gui/test_measuring.py starts without it."""
    key = model_key(smollm_path, default_threads(), 0)
    TuningStore(tuning_path()).put(key, Measured(False, (2.0, 2.0), (7.0, 8.0)))


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
        window = shown_window(qtbot, active=True)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.shutdown()


@pytest.fixture
def window(make_window, smollm_path, qtbot):
    """The real main window with the real SmolLM2 model loaded on the worker thread."""
    window = make_window()
    with qtbot.waitSignal(window.model_loader.modelReady, timeout=60_000):
        window.model_loader.load_model(smollm_path)
    return window
