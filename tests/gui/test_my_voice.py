"""My voice, driven as a writer drives it, with the real trainer and the real model: Novel ▸
Train My Voice… on a novel's chapters → progress and the loss plot → Stop (a checkpoint kept)
→ Resume → the voice listed → Use for This Novel (remembered in project.json, the status bar
says it; baked into a copy of the model) → Suggest Without My Voice offers the voiced and the
plain suggestion side by side."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from tests.integration.test_voice_training import PARAGRAPH
from writer_app.core.manuscript.project import Project
from writer_app.core.storage.paths import baked_voices_dir
from writer_app.core.voices import job as jobs
from writer_app.ui.dialogs.train_voice import TrainVoiceDialog

TRAINING_MS = 300_000  # a loaded CI machine; the run itself takes well under a minute


def test_train_a_voice_stop_resume_and_draft_with_it(qtbot, window, tmp_path, monkeypatch):
    project = Project.create(tmp_path / "quay", "Marrow Quay")
    project.add_chapter("One", PARAGRAPH * 6)
    project.add_chapter("Two", PARAGRAPH * 6)
    assert window.files.open_project(project.folder)
    monkeypatch.setattr(
        TrainVoiceDialog,
        "job_overrides",
        {"sequence": 32, "batch": 1, "evaluations": 4, "epochs": 1.0, "minutes": None},
    )
    window.findChild(QAction, "trainVoiceAction").trigger()
    dialog = window.findChild(TrainVoiceDialog, "trainVoiceDialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.text_list.count() == 2
    assert all(dialog.text_list.item(i).checkState() == Qt.CheckState.Checked for i in range(2))
    assert "words" in dialog.summary.text() and "tokens" in dialog.summary.text()
    assert dialog.name_edit.text() == "Marrow Quay"
    assert dialog.start_button.isEnabled()

    voices = window.voices
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 1
    qtbot.waitUntil(lambda: any(e.kind == jobs.STEP for e in voices.events), timeout=TRAINING_MS)
    assert dialog.stop_button.isVisible()
    assert window.voice_label.isVisible()
    assert window.voice_label.text().startswith("Training your voice: ")
    qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: voices.events[-1].kind == jobs.STOPPED, timeout=TRAINING_MS)
    qtbot.waitUntil(lambda: not voices.running(), timeout=10_000)
    assert dialog.resume_button.isVisible() and voices.run.has_checkpoint()
    assert "Stopped at step" in dialog.progress_label.text()
    stopped_at = voices.events[-1].get("step")

    qtbot.mouseClick(dialog.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: voices.events[-1].kind == jobs.DONE, timeout=TRAINING_MS)
    steps = [e.get("step") for e in voices.events if e.kind == jobs.STEP]
    assert stopped_at + 1 in steps and max(steps) > stopped_at
    assert dialog.plot.training and dialog.plot.held_out  # both lines drawn
    assert dialog.progress.value() == 1000
    assert "perplexity" in dialog.result_label.text()
    assert dialog.use_button.isVisible()
    qtbot.waitUntil(lambda: len(voices.voices) == 1, timeout=30_000)
    box = window.panel.voice_box
    assert box.combo.count() == 2 and box.combo.itemText(1) == "Marrow Quay"

    worker = window._worker.worker
    baked: list[tuple[str, float]] = []
    worker.voiceBaked.connect(lambda voice, strength: baked.append((Path(voice).name, strength)))
    # On at once as an adapter, then baked into a copy of the model, which takes its place.
    with qtbot.waitSignal(worker.voiceSet, timeout=30_000):
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: baked == [("Marrow Quay.gguf", 1.0)], timeout=120_000)
    assert [p.suffix for p in baked_voices_dir().iterdir()] == [".gguf"]
    assert box.combo.currentText() == "Marrow Quay"
    qtbot.waitUntil(window.voice_label.isVisible, timeout=5000)
    assert "Marrow Quay" in window.voice_label.text()
    saved = json.loads((project.folder / "project.json").read_text(encoding="utf-8"))
    assert saved["voice"] == {"adapter": "Marrow Quay.gguf", "strength": 1.0}

    qtbot.waitUntil(lambda: window.findChild(TrainVoiceDialog, "trainVoiceDialog") is None)
    window.activateWindow()  # back on the page (offscreen, Qt leaves focus in the dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.panel.set_settings(replace(window.panel.settings(), temperature=0.0, max_tokens=24))
    window.editor.setFocus()
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(window.editor, "The next evening the ")  # not a line the page repeats
    with qtbot.waitSignal(window.drafting.suggestionFinished, timeout=120_000):
        qtbot.keyClick(
            window.editor, Qt.Key.Key_Return,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
        )  # fmt: skip
    voiced, plain = window.drafting.alternatives.texts
    assert voiced != plain  # greedy both times: only the voice differs
    listed = window.panel.alternatives_list
    assert listed.item(0).text().startswith("With your voice: 1.")
    assert listed.item(1).text().startswith("Without: 2.")
    assert "with your voice" in window.stats_label.text()

    # A new strength: on at once (the difference, on the copy), then a copy of its own.
    with qtbot.waitSignal(worker.voiceSet, timeout=30_000) as moved:
        box.strength.setValue(50)
    assert moved.args[1] == 0.5
    qtbot.waitUntil(lambda: baked[-1] == ("Marrow Quay.gguf", 0.5), timeout=120_000)
    assert len(list(baked_voices_dir().glob("*.gguf"))) == 2


def test_without_a_voice_the_comparison_says_how_to_choose_one(qtbot, window):
    said = []
    window.drafting.message.connect(lambda text, _ms: said.append(text))
    window.findChild(QAction, "suggestWithoutVoiceAction").trigger()
    assert said and "No voice is on" in said[-1]
    assert not window.editor.has_suggestion


def test_the_panel_train_button_opens_the_dialog_on_the_open_page(qtbot, window):
    window.editor.setPlainText("A page of my own, to learn from.")
    qtbot.waitUntil(window.panel.voice_box.isEnabled, timeout=60_000)  # the model is loaded
    qtbot.mouseClick(window.panel.voice_box.train, Qt.MouseButton.LeftButton)
    dialog = window.findChild(TrainVoiceDialog, "trainVoiceDialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.text_list.count() == 1
    dialog.reject()
