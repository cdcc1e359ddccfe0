"""Loading a model never costs the writer the editor: a model too big for memory is
questioned first, and one that crashes llama.cpp is caught in a child process."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from writer_app.core.local import probe as probe_module
from writer_app.ui import worker as worker_module

CRASH = [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)"]


def answer_question(monkeypatch, button) -> list[str]:
    asked: list[str] = []

    def question(_parent, title, text, *args, **kwargs):
        asked.append(f"{title}: {text}")
        return button

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def assert_editor_still_saves(window, folder) -> None:
    chapter = folder / "chapter.txt"
    chapter.write_text("Start.\n", encoding="utf-8")
    assert window.files.open_path(chapter) is not False
    window.editor.textCursor().insertText("The words are safe.")
    assert window.files.save()
    assert chapter.read_text(encoding="utf-8") == "The words are safe.Start.\n"


def test_a_model_too_big_for_memory_is_questioned_and_not_loaded(
    qtbot, make_window, smollm_path, monkeypatch, tmp_path
):
    monkeypatch.setattr(worker_module, "available_ram", lambda: 64 << 20)  # 64 MB free
    asked = answer_question(monkeypatch, QMessageBox.StandardButton.No)
    window = make_window()
    with qtbot.waitSignal(window.model_loader.modelFailed, timeout=30_000):
        window.model_loader.load_model(smollm_path)
    assert len(asked) == 1 and "may not fit in memory" in asked[0]
    assert "smaller context" in asked[0] or "smaller quantization" in asked[0]
    assert window.model_label.text() == "No model"
    assert_editor_still_saves(window, tmp_path)


def test_the_writer_can_load_a_big_model_anyway(qtbot, make_window, smollm_path, monkeypatch):
    monkeypatch.setattr(worker_module, "available_ram", lambda: 64 << 20)
    answer_question(monkeypatch, QMessageBox.StandardButton.Yes)
    window = make_window()
    with qtbot.waitSignal(window.model_loader.modelReady, timeout=60_000):
        window.model_loader.load_model(smollm_path)
    assert "ready" in window.model_label.text()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_model_that_crashes_llama_cpp_is_refused_and_the_editor_keeps_working(
    qtbot, make_window, smollm_path, tmp_path, monkeypatch, answers
):
    model = tmp_path / "crashes.gguf"
    model.write_bytes(smollm_path.read_bytes())
    monkeypatch.setattr(probe_module, "probe_command", lambda _path: CRASH)
    window = make_window()
    with qtbot.waitSignal(window.model_loader.modelFailed, timeout=30_000):
        window.model_loader.load_model(model)
    assert answers and "crashed while loading it" in answers[-1][1]
    assert "crashes.gguf" in answers[-1][1]
    assert window.model_label.text() == "No model"
    assert_editor_still_saves(window, tmp_path)
