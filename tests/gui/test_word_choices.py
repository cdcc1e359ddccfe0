"""Word alternatives as a writer drives them: point at a ghost word to see what else the model
considered, click it and choose another word, and the suggestion goes on from that word."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from tests.gui.test_drafting_loop import STORY, put_text, suggest_and_finish


def a_word_with_choices(window):
    """A ghost character past the first word whose token has other candidates."""
    ghost = window.editor.ghost_text
    for offset in range(1, len(ghost)):
        hit = window.drafting.word_choices.at(offset)
        if hit is not None and hit[1] > 0 and len(hit[0].options) >= 2:
            return offset, hit
    raise AssertionError(f"no word of {ghost!r} has alternatives")


def test_pointing_at_a_ghost_word_shows_what_else_the_model_considered(qtbot, window):
    put_text(window, STORY)
    window.panel._sliders["lengthSlider"].set_value(24)
    suggest_and_finish(qtbot, window)
    offset, (choice, _start) = a_word_with_choices(window)

    point = window.editor.ghost_point(offset)
    assert window.editor.ghost_offset_at(point) == offset
    qtbot.mouseMove(window.editor.viewport(), point)
    qtbot.waitUntil(lambda: QToolTip.isVisible())
    shown = QToolTip.text()
    assert shown.startswith("Click for other words:")
    assert all(f"{p:.0%}" in shown for _text, p in choice.options)


def test_choosing_another_word_continues_from_it_and_tab_keeps_it(qtbot, window):
    put_text(window, STORY)
    window.panel._sliders["lengthSlider"].set_value(24)
    suggest_and_finish(qtbot, window)
    ghost = window.editor.ghost_text
    offset, (choice, start) = a_word_with_choices(window)
    other = next(text for text, _p in choice.options if text != choice.text)

    point = window.editor.ghost_point(offset)
    qtbot.mouseClick(window.editor.viewport(), Qt.MouseButton.LeftButton, pos=point)
    menu = window.drafting.word_choices.menu
    assert menu is not None and menu.isVisible()
    assert window.editor.has_suggestion  # clicking the ghost does not dismiss it
    labels = [action.text().split("\t")[0] for action in menu.actions()]
    assert [label for label in labels] == [
        text.replace("\n", "⏎").strip() or repr(text) for text, _p in choice.options
    ]
    chosen = next(a for a in menu.actions() if a.text().split("\t")[0] == other.strip())

    with qtbot.waitSignal(window.drafting.suggestionFinished, timeout=60_000):
        chosen.trigger()
    kept = ghost[:start] + other
    new_ghost = window.editor.ghost_text
    assert new_ghost.startswith(kept) and len(new_ghost) > len(kept)
    assert window.editor.toPlainText() == STORY  # still only a ghost

    qtbot.keyClick(window.editor, Qt.Key.Key_Tab)
    assert window.editor.toPlainText() == STORY + new_ghost


def test_alt_down_opens_the_choices_of_the_first_ghost_word(qtbot, window):
    put_text(window, STORY)
    window.panel._sliders["lengthSlider"].set_value(16)
    suggest_and_finish(qtbot, window)
    first = window.drafting.word_choices.at(0)
    assert first is not None
    qtbot.keyClick(window.editor, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    menu = window.drafting.word_choices.menu
    assert menu is not None and menu.isVisible()
    assert len(menu.actions()) == len(first[0].options)
    menu.close()
    assert window.editor.has_suggestion


def test_resting_the_pointer_on_the_ghost_shows_no_error(qtbot, window, qtlog):
    put_text(window, STORY)
    window.panel._sliders["lengthSlider"].set_value(24)
    suggest_and_finish(qtbot, window)
    offset, _hit = a_word_with_choices(window)
    point = window.editor.ghost_point(offset)
    viewport = window.editor.viewport()
    rest = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, rest)  # what Qt sends when the pointer rests there
    assert not [r for r in qtlog.records if "out of range" in r.message]
    assert window.editor.has_suggestion
