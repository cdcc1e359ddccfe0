"""Drafting on a server from the window: a real OpenAI-compatible server (llama-cpp-python's
own, with the test model) on 127.0.0.1, chosen for a novel in Draft ▸ Engine."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.gui.test_drafting_loop import put_text, suggest_and_finish
from tests.support.llama_server import SERVER_PACKAGES, llama_server
from writer_app.core.manuscript.project import Project
from writer_app.core.remote.servers import RemoteEngineConfig, save_engines

pytest.importorskip(SERVER_PACKAGES[0], reason="the server extra is not installed")

STORY = "The rain had not stopped for three days, and the river"


@pytest.fixture(scope="module")
def server(smollm_path, tmp_path_factory):
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    with llama_server(smollm_path, log, n_ctx=1024) as base_url:
        yield base_url


def privacy_answers(monkeypatch, button) -> list[str]:
    asked: list[str] = []

    def question(_parent, title, text, *args, **kwargs):
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def open_novel_on_server(qtbot, make_window, tmp_path, server):
    save_engines([RemoteEngineConfig("Study server", server, n_ctx=1024)])
    project = Project.create(tmp_path / "river", "The River")
    project.add_chapter("One", "")
    window = make_window()
    assert window.files.open_project(project.folder)
    with qtbot.waitSignal(window.model_loader.modelReady, timeout=60_000) as ready:
        window.engine_choice.choose("Study server")
    assert ready.args[0].remote
    return window, project


def test_a_novel_drafts_on_the_server_after_asking_once(
    qtbot, make_window, tmp_path, server, monkeypatch
):
    window, project = open_novel_on_server(qtbot, make_window, tmp_path, server)
    host = server.removeprefix("http://")
    assert f"on Study server ({host})" in window.model_label.text()
    asked = privacy_answers(monkeypatch, QMessageBox.StandardButton.Yes)

    put_text(window, STORY)
    suggest_and_finish(qtbot, window)
    assert len(asked) == 1 and host in asked[0]
    ghost = window.editor.ghost_text
    assert ghost
    qtbot.keyClick(window.editor, Qt.Key.Key_Tab)
    assert window.editor.toPlainText() == STORY + ghost

    suggest_and_finish(qtbot, window)
    assert len(asked) == 1  # once per engine
    assert Project.open(project.folder).engine == {"engine": "remote", "name": "Study server"}


def test_declining_sends_nothing(qtbot, make_window, tmp_path, server, monkeypatch):
    window, _project = open_novel_on_server(qtbot, make_window, tmp_path, server)
    asked = privacy_answers(monkeypatch, QMessageBox.StandardButton.No)
    put_text(window, STORY)
    finished: list[int] = []
    window.drafting.suggestionFinished.connect(
        lambda request_id, _stats: finished.append(request_id)
    )
    qtbot.keyClick(window.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1
    assert not window.editor.has_suggestion and window.drafting.current is None
    assert "Nothing was sent" in window.statusBar().currentMessage()
    qtbot.wait(300)
    assert finished == []


def test_back_on_this_computer(qtbot, make_window, tmp_path, server, smollm_path):
    window, _project = open_novel_on_server(qtbot, make_window, tmp_path, server)
    with qtbot.waitSignal(window.model_loader.modelReady, timeout=60_000):
        window.model_loader.load_model(
            smollm_path
        )  # the local model loads; drafting stays on the server
    assert "Study server" in window.model_label.text()
    with qtbot.waitSignal(window.model_loader.modelReady, timeout=60_000) as ready:
        window.engine_choice.choose(None)
    assert not ready.args[0].remote and "ready" in window.model_label.text()


def test_preferences_add_an_engine_with_its_model_and_key(qtbot, make_window, server):
    from writer_app.core.remote.servers import engines_path, load_engines

    window = make_window()
    dialog = window.engine_choice.show_preferences()
    qtbot.mouseClick(dialog.findChild(type(dialog.save_button), "addEngineButton"),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    dialog.name_edit.setText("Attic GPU")
    dialog.url_edit.setText(server)
    dialog.key_edit.setText("secret-key-123")
    with qtbot.waitSignal(dialog._lister.found, timeout=30_000):
        dialog.ask_for_models()
    assert dialog.model_combo.count() >= 1
    assert dialog.save_current(), dialog.status.text()
    assert [e.name for e in load_engines()] == ["Attic GPU"]
    assert "secret-key-123" not in engines_path().read_text(encoding="utf-8")
    assert window.engine_choice.keys.get("Attic GPU") == "secret-key-123"
    names = [a.text() for a in window.engine_choice.menu.actions() if a.isCheckable()]
    assert names == ["On This Computer", "On Attic GPU"]

    dialog.url_edit.setText("ftp://nowhere")
    assert not dialog.save_current()
    assert "not a web address" in dialog.status.text()


def test_word_alternatives_work_on_the_server_too(
    qtbot, make_window, tmp_path, server, monkeypatch
):
    window, _project = open_novel_on_server(qtbot, make_window, tmp_path, server)
    privacy_answers(monkeypatch, QMessageBox.StandardButton.Yes)
    put_text(window, STORY)
    window.panel._sliders["lengthSlider"].set_value(16)
    suggest_and_finish(qtbot, window)
    ghost = window.editor.ghost_text
    hits = [window.drafting.word_choices.at(offset) for offset in range(len(ghost))]
    choice, start = next(hit for hit in hits if hit is not None and len(hit[0].options) >= 2)
    other = next(text for text, _p in choice.options if text != choice.text)

    with qtbot.waitSignal(window.drafting.suggestionFinished, timeout=60_000):
        window.drafting.word_choices.continueRequested.emit(ghost[:start] + other)
    assert window.editor.ghost_text.startswith(ghost[:start] + other)
