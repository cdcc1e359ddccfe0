"""Suggestion history as a writer meets it: branches kept per spot, the model's words tinted."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import QSpinBox

from tests.gui.test_drafting_loop import STORY, put_text, suggest_and_finish
from writer_app.core.manuscript.project import Project


def cursor_to(window, position: int) -> None:
    cursor = window.editor.textCursor()
    cursor.setPosition(position)
    window.editor.setTextCursor(cursor)


def marked(window) -> list[str]:
    text = window.editor.toPlainText()
    tracker = window.history.tracker(window.files.current)
    return [text[s.start : s.end] for s in tracker.spans]


def tinted(window) -> list[str]:
    # selectedText() writes a paragraph break as U+2029
    return [
        sel.cursor.selectedText().replace("\u2029", "\n") for sel in window.editor.extraSelections()
    ]


def offer_two(qtbot, window) -> list[str]:
    window.findChild(QSpinBox, "alternativesSpin").setValue(2)
    window.findChild(QSpinBox, "seedSpin").setValue(77)
    window.panel._sliders["lengthSlider"].set_value(16)
    window.panel._sliders["temperatureSlider"].set_value(1.2)
    suggest_and_finish(qtbot, window)
    offered = list(window.drafting.alternatives.texts)
    assert len(offered) == 2 and all(offered) and offered[0] != offered[1]
    return offered


def test_accepted_second_branch_and_its_tint_come_back_after_undo_redo_and_reopening(
    qtbot, window, make_window, tmp_path
):
    project = Project.create(tmp_path / "Novel", "Novel")
    project.add_chapter("Chapter 1", STORY)
    assert window.files.open_project(project.folder)
    cursor_to(window, len(STORY))
    window.editor.setFocus()
    first, second = offer_two(qtbot, window)

    qtbot.keyClick(window.editor, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window.editor, Qt.Key.Key_Tab)
    assert window.editor.toPlainText() == STORY + second
    assert marked(window) == [second]
    qtbot.keyClick(window.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.toPlainText() == STORY and marked(window) == []
    qtbot.keyClick(
        window.editor,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.editor.toPlainText() == STORY + second
    assert marked(window) == [second]  # the redo brings the model's words back, marked
    qtbot.keyClick(window.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.files.current.modified
    assert (project.folder / "history.json").is_file()
    window.close()

    again = make_window()
    assert again.files.open_project(project.folder)
    assert again.editor.toPlainText() == STORY + second
    assert marked(again) == [second]
    again.findChild(QAction, "tintModelText").trigger()
    assert tinted(again) == [second]
    cursor_to(again, len(STORY))  # back at the spot
    again.findChild(QAction, "branchesAction").trigger()
    dialog = again.history.dialog
    assert dialog is not None and dialog.isVisible()
    rows = [dialog.list.item(row).text() for row in range(dialog.list.count())]
    assert len(rows) == 2
    assert not rows[0].startswith("✓") and rows[1].startswith("✓")
    assert " ".join(first.split())[:20] in rows[0]

    dialog.choose(0)  # bring back the rejected branch: it replaces the accepted one
    assert again.editor.toPlainText() == STORY + first
    assert marked(again) == [first] and tinted(again) == [first]
    qtbot.keyClick(again.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert again.editor.toPlainText() == STORY + second  # one undo step
    assert marked(again) == [second]


def test_words_typed_inside_an_accepted_passage_are_the_writers_not_tinted(qtbot, window):
    put_text(window, STORY)
    window.panel._sliders["lengthSlider"].set_value(24)
    window.findChild(QSpinBox, "seedSpin").setValue(31)
    window.findChild(QAction, "tintModelText").setChecked(True)
    suggest_and_finish(qtbot, window)
    ghost = window.editor.ghost_text
    assert len(ghost) >= 4
    qtbot.keyClick(window.editor, Qt.Key.Key_Tab)
    assert tinted(window) == [ghost]

    middle = len(ghost) // 2
    cursor_to(window, len(STORY) + middle)
    qtbot.keyClicks(window.editor, "zq")
    assert window.editor.toPlainText() == STORY + ghost[:middle] + "zq" + ghost[middle:]
    assert marked(window) == [ghost[:middle], ghost[middle:]]
    assert tinted(window) == [ghost[:middle], ghost[middle:]]
    assert all("zq" not in words for words in tinted(window))


def test_a_dismissed_suggestion_can_be_brought_back_into_the_ghost(qtbot, window):
    put_text(window, STORY)
    window.panel._sliders["lengthSlider"].set_value(12)
    suggest_and_finish(qtbot, window)
    ghost = window.editor.ghost_text
    qtbot.keyClick(window.editor, Qt.Key.Key_Escape)
    assert window.editor.toPlainText() == STORY and not window.editor.has_suggestion

    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    dialog = window.history.show_branches()
    assert dialog is not None and dialog.list.count() == 1
    dialog.choose(0)
    assert window.editor.ghost_text == ghost and window.editor.toPlainText() == STORY
    qtbot.keyClick(window.editor, Qt.Key.Key_Tab)
    assert window.editor.toPlainText() == STORY + ghost and marked(window) == [ghost]
    spot, after = window.history.spot_here()
    assert after and spot.accepted is not None and spot.accepted.text == ghost
