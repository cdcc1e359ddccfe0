"""Find and replace a character's name across a novel, as a writer drives it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.support.dialogs import answer_question
from writer_app.core.manuscript.project import Project
from writer_app.ui.dialogs.find_in_novel import FindInNovelDialog

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def make_novel(tmp_path) -> Project:
    project = Project.create(tmp_path / "lighthouse", "The Lighthouse")
    project.add_chapter("The Storm", "Mara watched the storm.\n")
    project.add_chapter("灯塔", "玛拉说：Mara 不怕。\n")
    project.add_chapter("Morning", "By morning Mara slept; Marana kept watch.\n")
    return project


def test_a_name_is_found_in_every_chapter_and_replaced_across_the_novel(
    qtbot, make_window, tmp_path, monkeypatch
):
    project = make_novel(tmp_path)
    window = make_window()
    assert window.files.open_project(project.folder)  # opens the first chapter
    editor = window.editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor, "Mara sighed.")  # unsaved words in the open chapter count too
    qtbot.keyClick(editor, Qt.Key.Key_F, CTRL | SHIFT)
    dialog = window.findChild(FindInNovelDialog, "findInNovelDialog")
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.find_field, "Mara")
    dialog.whole_word.click()
    with qtbot.waitSignal(dialog.shown, timeout=10_000):
        qtbot.keyClick(dialog.find_field, Qt.Key.Key_Return)
    assert dialog.status.text() == "4 matches in 3 chapters."
    morning = dialog.results.topLevelItem(2)
    assert morning.text(0) == "Morning (1)"
    assert morning.child(0).text(0) == "By morning 【Mara】 slept; Marana kept watch."

    dialog.results.itemActivated.emit(morning.child(0), 0)  # Enter on the result
    assert window.files.chapter_id_of(window.files.current) == project.chapters[2].id
    assert editor.textCursor().selectedText() == "Mara"

    asked = answer_question(monkeypatch, QMessageBox.StandardButton.Yes)
    dialog.replace_field.setText("Liss")
    with qtbot.waitSignal(dialog.shown, timeout=10_000):
        dialog.replace_button.click()
    assert "Replace 4 matches of “Mara” with “Liss” in 3 chapters?" in asked[0][0]
    assert "Replaced 4 in 3 chapters." in window.statusBar().currentMessage()
    # Open chapters changed in the editor (unsaved, one undo step each); the other on disk.
    storm, lighthouse, _morning = project.chapters
    assert lighthouse.path.read_text("utf-8") == "玛拉说：Liss 不怕。\n"
    first = window.files.document_of(storm.id)
    assert first.text() == "Liss watched the storm.\nLiss sighed."
    assert "Liss slept; Marana kept watch." in editor.toPlainText()
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)
    assert "Mara slept; Marana kept watch." in editor.toPlainText()


def test_without_a_novel_the_dialog_says_what_to_do(qtbot, make_window):
    window = make_window()
    dialog = window.commands.show_find_in_novel()
    dialog.find_field.setText("Mara")
    dialog.search()
    assert dialog.status.text() == "Open a novel to search all its chapters."
