"""Spelling as a writer meets it: a red wavy line under a misspelling (never under Chinese, a
word of the novel's dictionary, the word being typed, or the ghost), corrections on
right-click and from Edit ▸ Spelling, the writer's own dictionary kept across a restart."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu

from writer_app.core.manuscript.project import Project

WAVY = QTextCharFormat.UnderlineStyle.SpellCheckUnderline


def underlined(window) -> list[str]:
    """The words shown with the red wavy line, in the page's visible text."""
    editor = window.editor
    words = []
    block = editor.document().firstBlock()
    while block.isValid():
        layout = block.layout()
        shown = block.text()
        if layout.preeditAreaText():  # the ghost sits inside the layout's text
            at = layout.preeditAreaPosition()
            shown = shown[:at] + layout.preeditAreaText() + shown[at:]
        for item in layout.formats():
            if item.format.underlineStyle() == WAVY:
                words.append(shown[item.start : item.start + item.length])
        block = block.next()
    return words


def checked(window) -> bool:
    """Every paragraph of the (short) page has been checked with the dictionary now in use."""
    from writer_app.ui.editor.spelling import SpellHighlighter

    highlighter = window.editor.document().findChild(SpellHighlighter)
    if highlighter is None or highlighter.speller is None:
        return False
    block = window.editor.document().firstBlock()
    while block.isValid():
        if block.userState() != highlighter.generation:
            return False
        block = block.next()
    return True


def type_text(window, qtbot, text: str) -> None:
    window.editor.setPlainText(text)
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)
    qtbot.waitUntil(lambda: window.spelling.speller() is not None)


def test_a_misspelling_is_underlined_and_chinese_is_not(make_window, qtbot):
    window = make_window()
    type_text(
        window, qtbot, "The quick brwon fox.\n他看见了一只猫，说：“你好。”\nShe said teh word.\n"
    )
    qtbot.waitUntil(lambda: underlined(window) == ["brwon", "teh"])


def test_the_word_being_typed_is_judged_when_the_writer_leaves_it(make_window, qtbot):
    window = make_window()
    type_text(window, qtbot, "A good day")
    qtbot.keyClicks(window.editor, " wrld")
    assert underlined(window) == []  # still typing it
    qtbot.keyClick(window.editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: underlined(window) == ["wrld"])


def test_right_click_offers_corrections_and_one_undo_step(make_window, qtbot):
    window = make_window()
    type_text(window, qtbot, "I will recieve it.\n")
    editor = window.editor
    at = editor.document().find("recieve")
    menu = QMenu()
    editor.contextMenuOpening.emit(menu, at)
    labels = [a.text() for a in menu.actions()]
    assert labels[0] != "" and "receive" in labels
    assert any("My Dictionary" in label for label in labels)
    next(a for a in menu.actions() if a.text() == "receive").trigger()
    assert editor.toPlainText() == "I will receive it.\n"
    qtbot.waitUntil(lambda: underlined(window) == [])
    editor.undo()
    assert editor.toPlainText() == "I will recieve it.\n"


def test_next_misspelling_selects_it_and_opens_its_corrections(make_window, qtbot):
    window = make_window()
    type_text(window, qtbot, "First line is fine.\nThen a mispeling here.\n")
    cursor = window.editor.textCursor()
    cursor.setPosition(0)
    window.editor.setTextCursor(cursor)
    window.findChild(type(window.commands.undo), "nextMisspellingAction").trigger()
    assert window.editor.textCursor().selectedText() == "mispeling"
    qtbot.waitUntil(lambda: _popup("spellingMenu") is not None)
    menu = _popup("spellingMenu")
    choice = next(a for a in menu.actions() if a.text() == "misspelling")
    menu.close()
    choice.trigger()
    assert window.editor.toPlainText() == "First line is fine.\nThen a misspelling here.\n"


def _popup(name: str) -> QMenu | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMenu) and widget.objectName() == name and widget.isVisible():
            return widget
    return None


def test_the_ghost_is_never_checked(make_window, qtbot):
    window = make_window()
    type_text(window, qtbot, "He walked home. ")
    editor = window.editor
    editor.start_suggestion()
    editor.append_ghost("Teh brwon dog wlaked.")
    window.spelling.refresh()
    qtbot.waitUntil(lambda: checked(window))  # the page was checked: nothing on the ghost
    assert underlined(window) == []
    editor.accept_suggestion()
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    editor.setTextCursor(cursor)  # leave the last word so that it is judged too
    qtbot.waitUntil(lambda: underlined(window) == ["Teh", "brwon", "wlaked"])


def test_a_novels_own_words_and_language(make_window, qtbot, tmp_path):
    project = Project.create(tmp_path / "Saga", "Saga")
    project.add_chapter("One", "Elspeth met Quenya scholars. The brwon door.\n")
    window = make_window()
    assert window.files.open_project(project.folder)
    window.files.open_chapter(project.chapters[0].id)
    qtbot.waitUntil(lambda: set(underlined(window)) == {"Elspeth", "Quenya", "brwon"})
    window.spelling.add_to_novel("Elspeth")
    window.spelling.add_to_novel("Quenya")
    qtbot.waitUntil(lambda: underlined(window) == ["brwon"])
    meta = json.loads(project.metadata_path.read_text(encoding="utf-8"))
    assert meta["dictionary"] == ["Elspeth", "Quenya"]
    window.spelling.set_language("off")  # Edit ▸ Spelling ▸ Language ▸ None
    qtbot.waitUntil(lambda: underlined(window) == [])
    assert Project.open(project.folder).spelling_language == "off"


def test_my_dictionary_survives_a_restart(make_window, qtbot):
    window = make_window()
    type_text(window, qtbot, "Zorblax arrived.\n")
    qtbot.waitUntil(lambda: underlined(window) == ["Zorblax"])
    window.spelling.add_to_mine("Zorblax")
    qtbot.waitUntil(lambda: underlined(window) == [])
    window.shutdown()
    again = make_window()
    type_text(again, qtbot, "Zorblax left, and Zorblax’s ship.\n")
    qtbot.waitUntil(lambda: checked(again))
    assert underlined(again) == []


def test_check_spelling_can_be_turned_off_and_is_remembered(make_window, qtbot):
    window = make_window()
    type_text(window, qtbot, "Teh end.\n")
    qtbot.waitUntil(lambda: underlined(window) == ["Teh"])
    action = window.findChild(type(window.commands.undo), "checkSpellingAction")
    action.trigger()
    qtbot.waitUntil(lambda: underlined(window) == [])
    window.shutdown()
    again = make_window()
    assert not again.findChild(type(again.commands.undo), "checkSpellingAction").isChecked()
