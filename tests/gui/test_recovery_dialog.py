"""After a crash: the writer sees what can come back and chooses what to restore.

The journals are real: written with Journal, found again with find_recoverable, in the state
dir that tests/conftest.py gives each test."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QTreeWidget

from tests.support.dialogs import answer_question
from writer_app.core.manuscript.journal import (
    Journal,
    document_key,
    journal_folder,
    untitled_key,
)
from writer_app.core.manuscript.recovery import dismiss, find_recoverable, restore
from writer_app.ui.dialogs.recovery import RecoveryChoice, RecoveryDialog

SAVED = "The sea was calm.\n"
UNSAVED = "The sea was calm.\nThen the storm came.\n"
LETTER = "Dear Ada,\nA letter never sent.\n"
Yes, No = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


@pytest.fixture
def crash(tmp_path):
    """Two documents with unsaved text when writer-app died, and one damaged journal."""
    chapter = tmp_path / "storm.md"
    chapter.write_text(SAVED, encoding="utf-8")
    Journal(document_key(chapter), chapter, encoding="UTF-8").record(UNSAVED)
    Journal(untitled_key(), None).record(LETTER)
    (journal_folder() / "0123456789abcdef01234567.journal").write_bytes(b"not a journal\n")
    recoverables, damaged = find_recoverable()
    assert len(recoverables) == 2 and len(damaged) == 1
    return recoverables, damaged


@pytest.fixture
def dialog(qtbot, crash) -> RecoveryDialog:
    recoverables, damaged = crash
    shown = RecoveryDialog(recoverables, damaged)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def by_title(recoverables, title: str):
    return next(rec for rec in recoverables if rec.title == title)


def document_list(dialog: RecoveryDialog) -> QTreeWidget:
    found = dialog.findChild(QTreeWidget, "recoveryList")
    assert found is not None
    return found


def row(dialog: RecoveryDialog, title: str):
    tree = document_list(dialog)
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    return next(item for item in items if item.text(0) == title)


def test_the_dialog_says_what_happened_and_lists_each_document(dialog, crash, tmp_path):
    intro = dialog.findChild(object, "recoveryIntro").text()
    assert "did not close normally" in intro and "not saved" in intro
    storm, letter = row(dialog, "storm.md"), row(dialog, "Untitled")
    assert storm.text(1) == str(tmp_path) and letter.text(1) == "Never saved"
    assert storm.text(2).startswith("today at ")
    assert storm.checkState(0) == letter.checkState(0) == Qt.CheckState.Checked


def test_restore_is_the_default_so_enter_restores_every_ticked_document(qtbot, dialog, crash):
    recoverables, _ = crash
    restore_button = dialog.findChild(object, "restoreButton")
    assert restore_button.isDefault() and restore_button.autoDefault()
    qtbot.keyClick(document_list(dialog), Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    choice = dialog.choice()
    assert choice == RecoveryChoice(restore=tuple(recoverables))
    texts = {rec.title: restore(rec) for rec in choice.restore}
    assert texts == {"storm.md": UNSAVED, "Untitled": LETTER}


def test_the_preview_shows_the_text_that_comes_back(qtbot, dialog):
    preview = dialog.findChild(object, "recoveryPreview")
    assert preview.isReadOnly()
    tree = document_list(dialog)
    tree.setCurrentItem(row(dialog, "storm.md"))
    assert "+ Then the storm came." in preview.toPlainText()
    assert "+ come back" in dialog.findChild(object, "recoveryPreviewCaption").text()
    tree.setCurrentItem(row(dialog, "Untitled"))
    assert preview.toPlainText() == "Dear Ada,\nA letter never sent."


def test_an_unticked_document_is_kept_for_later(qtbot, dialog, crash):
    recoverables, _ = crash
    row(dialog, "Untitled").setCheckState(0, Qt.CheckState.Unchecked)
    qtbot.mouseClick(dialog.findChild(object, "restoreButton"), Qt.MouseButton.LeftButton)
    assert dialog.choice() == RecoveryChoice(
        restore=(by_title(recoverables, "storm.md"),), later=(by_title(recoverables, "Untitled"),)
    )


def test_nothing_ticked_means_nothing_to_restore_or_discard(dialog):
    for title in ("storm.md", "Untitled"):
        row(dialog, title).setCheckState(0, Qt.CheckState.Unchecked)
    assert not dialog.findChild(object, "restoreButton").isEnabled()
    assert not dialog.findChild(object, "discardButton").isEnabled()
    row(dialog, "Untitled").setCheckState(0, Qt.CheckState.Checked)
    assert dialog.findChild(object, "restoreButton").isEnabled()


def test_discard_asks_first_and_no_keeps_the_dialog_open(qtbot, monkeypatch, dialog, crash):
    recoverables, _ = crash
    asked = answer_question(monkeypatch, No)
    discard = dialog.findChild(object, "discardButton")
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    ((text, default),) = asked
    assert default == No and "Discard the unsaved text of 2 documents?" in text
    assert "saved files stay as they are" in text and "dismissed" in text
    assert dialog.isVisible() and dialog.choice().later == tuple(recoverables)

    row(dialog, "Untitled").setCheckState(0, Qt.CheckState.Unchecked)
    answer_question(monkeypatch, Yes)
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    choice = dialog.choice()
    assert not dialog.isVisible()
    assert choice.discard == (by_title(recoverables, "storm.md"),) and choice.restore == ()
    assert choice.later == (by_title(recoverables, "Untitled"),)

    for rec in choice.discard:  # what the main window does with a discard
        assert dismiss(rec) is not None
    remaining, _ = find_recoverable()
    assert [rec.title for rec in remaining] == ["Untitled"]


def test_decide_later_keeps_every_journal_for_the_next_start(qtbot, dialog, crash):
    recoverables, _ = crash
    qtbot.mouseClick(dialog.findChild(object, "laterButton"), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.choice() == RecoveryChoice(later=tuple(recoverables))
    again, _ = find_recoverable()
    assert sorted(rec.title for rec in again) == ["Untitled", "storm.md"]


def test_escape_is_the_same_as_decide_later(qtbot, dialog, crash):
    recoverables, _ = crash
    qtbot.keyClick(document_list(dialog), Qt.Key.Key_Escape)
    assert dialog.choice() == RecoveryChoice(later=tuple(recoverables))


def test_a_damaged_journal_is_mentioned_with_the_folder_it_was_kept_in(dialog, crash):
    _, (damaged,) = crash
    note = dialog.findChild(object, "damagedNote")
    assert note.isVisibleTo(dialog)
    assert note.text() == f"1 damaged journal was kept aside in {damaged.path.parent}."
    assert damaged.path.parent == journal_folder() / "damaged" and damaged.path.exists()


def test_ask_shows_the_dialog_and_enter_restores(qtbot, crash):
    recoverables, damaged = crash

    def press_enter():  # runs inside the dialog's exec()
        shown = QApplication.activeModalWidget()
        if not isinstance(shown, RecoveryDialog):
            QTimer.singleShot(10, press_enter)
            return
        qtbot.keyClick(document_list(shown), Qt.Key.Key_Return)

    QTimer.singleShot(0, press_enter)
    choice = RecoveryDialog.ask(None, recoverables, damaged)
    assert choice == RecoveryChoice(restore=tuple(recoverables))


def test_ask_with_nothing_to_recover_shows_nothing_or_only_warns(monkeypatch, crash):
    told: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _p, _t, text, *a, **k: told.append(text))
    )
    assert RecoveryDialog.ask(None, []) == RecoveryChoice()
    assert told == []
    _, damaged = crash
    assert RecoveryDialog.ask(None, [], damaged) == RecoveryChoice()
    (text,) = told
    assert "did not close normally" in text and "1 damaged journal was kept aside" in text
