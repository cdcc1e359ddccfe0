"""Most likely (the panel's beam width) with the real model: Ctrl+Return shows the likeliest
continuation, the next beams are the alternatives, and asking again gives the same text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QSpinBox

from tests.gui.test_drafting_loop import STORY, put_text, suggest_and_finish


def test_most_likely_shows_the_best_beam_and_the_others_as_alternatives(qtbot, window):
    window.findChild(QSpinBox, "beamSpin").setValue(3)
    window.panel._sliders["lengthSlider"].set_value(24)
    assert window.panel.settings().beam_width == 3
    put_text(window, STORY)

    stats = suggest_and_finish(qtbot, window)

    first = window.editor.ghost_text
    texts = window.drafting.alternatives.texts
    assert first and first == texts[0] and len(texts) == 3
    assert stats.generated_tokens > 0
    qtbot.keyClick(window.editor, Qt.Key.Key_Escape)
    suggest_and_finish(qtbot, window)
    assert window.editor.ghost_text == first  # deterministic
    window.drafting.cycle_alternative(1)
    assert window.editor.ghost_text == texts[1]
    listed = window.findChild(QListWidget, "alternativesList")
    lines = [listed.item(i).text() for i in range(listed.count())]
    assert len(set(lines)) == len(lines)  # beams that begin alike are listed where they differ


def test_off_it_samples_as_before(qtbot, window):
    spin = window.findChild(QSpinBox, "beamSpin")
    assert spin.value() == 1 and spin.text() == "off"
