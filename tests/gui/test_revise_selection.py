"""Draft ▸ Revise Selection with the real SmolLM2-Instruct model: the revision streams in as a
ghost after the struck-through passage; Tab replaces the passage in one undo step and the new
words count as the model's; Esc leaves the page byte for byte as it was."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import QComboBox, QMenu, QSpinBox

from tests.gui.test_drafting_loop import put_text
from writer_app.core.drafting.revision import RevisionAction

BEFORE = "The storm had been building since noon.\n\n"
PASSAGE = "She was tired. She opened the door and went in and sat down by the fire."
AFTER = "\n\nOutside, the wind went on."
PAGE = BEFORE + PASSAGE + AFTER


def select_passage(window, text: str = PAGE, passage: str = PASSAGE, pad: str = "") -> None:
    """The page with ``passage`` selected (``pad``: blank space selected around it too)."""
    put_text(window, text)
    start = text.index(passage) - len(pad)
    cursor = window.editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(pad) + len(passage) + len(pad), QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)


def revise_and_finish(qtbot, window, name: str = "reviseRewrite"):
    requests = []
    window.drafting.generateRequested.connect(requests.append)
    with qtbot.waitSignal(window.drafting.suggestionFinished, timeout=120_000) as finished:
        window.findChild(QAction, name).trigger()
    window.drafting.generateRequested.disconnect(requests.append)
    return requests[-1], finished.args[1]


def test_a_rewrite_replaces_the_passage_in_one_undo_step(qtbot, window):
    window.findChild(QSpinBox, "alternativesSpin").setValue(2)
    select_passage(window, pad="")
    assert window.findChild(QAction, "reviseRewrite").isEnabled()

    request, _stats = revise_and_finish(qtbot, window)

    assert request.revision is not None
    assert request.revision.passage == PASSAGE
    assert request.revision.before == BEFORE and request.revision.after == AFTER
    ghost = window.editor.ghost_text
    assert ghost and ghost == ghost.strip()
    assert window.editor.revising is not None
    assert window.editor.toPlainText() == PAGE  # nothing changed until Tab
    assert len(window.drafting.alternatives.texts) == 2  # Alt+] shows the other

    window.drafting.cycle_alternative(1)
    shown = window.editor.ghost_text
    qtbot.keyClick(window.editor, Qt.Key.Key_Tab)

    assert window.editor.toPlainText() == BEFORE + shown + AFTER
    assert not window.editor.has_suggestion
    doc = window.files.current
    spans = window.history.tracker(doc).spans_in_text(window.editor.toPlainText())
    assert [s.text for s in spans] == [shown]  # the revision counts as the model's words
    window.editor.undo()
    assert window.editor.toPlainText() == PAGE  # one undo step brings the passage back


def test_esc_leaves_the_page_exactly_as_it_was(qtbot, window):
    page = BEFORE.replace("\n", "\r\n") + "她累了。" + PASSAGE + " 🌧" + AFTER
    select_passage(window, page, "她累了。" + PASSAGE + " 🌧", pad="")
    before = window.editor.toPlainText()

    revise_and_finish(qtbot, window, "reviseShorten")
    assert window.editor.revising is not None
    qtbot.keyClick(window.editor, Qt.Key.Key_Escape)

    assert window.editor.toPlainText() == before
    assert not window.editor.has_suggestion
    assert not window.editor.document().isUndoAvailable()


def test_blank_space_around_the_selection_stays(qtbot, window):
    select_passage(window, pad="\n\n")
    request, _ = revise_and_finish(qtbot, window, "reviseDescribe")
    assert request.revision.passage == PASSAGE
    assert request.revision.action is RevisionAction.DESCRIBE
    qtbot.keyClick(window.editor, Qt.Key.Key_Tab)
    text = window.editor.toPlainText()
    assert text.startswith(BEFORE) and text.endswith(AFTER)


def test_change_tone_asks_for_the_tone_and_sends_it(qtbot, window):
    select_passage(window)
    window.findChild(QAction, "reviseTone").trigger()
    dialog = window.findChild(object, "reviseInstructionDialog")
    qtbot.waitUntil(dialog.isVisible)
    dialog.findChild(QComboBox, "reviseInstructionEdit").setEditText("menacing")
    requests = []
    window.drafting.generateRequested.connect(requests.append)
    with qtbot.waitSignal(window.drafting.suggestionFinished, timeout=120_000):
        dialog.accept()
    assert requests[-1].revision.action is RevisionAction.TONE
    assert requests[-1].revision.instruction == "menacing"
    assert window.editor.ghost_text
    assert window.editor.revising is not None


def test_nothing_selected_is_said_and_nothing_asked(qtbot, window):
    put_text(window, PAGE)
    assert not window.findChild(QAction, "reviseRewrite").isEnabled()
    messages = []
    window.drafting.message.connect(lambda text, _ms: messages.append(text))
    requests = []
    window.drafting.generateRequested.connect(requests.append)
    window.drafting.revise(RevisionAction.REWRITE)
    assert requests == []
    assert messages == ["Select a passage to revise first."]


def test_the_right_click_menu_offers_revise_for_a_selection(qtbot, window):
    select_passage(window)
    offered = []

    def look(menu, _cursor):
        offered.extend(a.menu().objectName() for a in menu.actions() if a.menu() is not None)

    window.editor.contextMenuOpening.connect(look)
    menu = QMenu()
    window.editor.contextMenuOpening.emit(menu, window.editor.textCursor())
    assert "reviseMenu" in offered
