"""Find and replace in the chapter, driven with the keys a writer presses."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def page(window, text: str):
    window.editor.setPlainText(text)
    window.editor.setFocus()
    cursor = window.editor.textCursor()
    cursor.setPosition(0)
    window.editor.setTextCursor(cursor)
    return window.editor


def test_ctrl_f_finds_f3_steps_round_and_esc_gives_the_page_back(qtbot, make_window):
    window = make_window()
    editor = page(window, "Ann met Anna at the annual fair. ANN laughed.")
    qtbot.keyClick(editor, Qt.Key.Key_F, CTRL)
    bar = window.find_bar
    assert bar.isVisible() and bar.find_field.hasFocus()
    qtbot.keyClicks(bar.find_field, "ann")
    assert bar.count_label.text() == "4 matches"
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Return)
    assert editor.textCursor().selectedText() == "Ann" and bar.count_label.text() == "1 of 4"
    bar.whole_word.click()
    assert bar.count_label.text() == "2 matches"
    qtbot.keyClick(bar.find_field, Qt.Key.Key_F3)
    assert editor.textCursor().selectedText() == "ANN" and bar.count_label.text() == "2 of 2"
    qtbot.keyClick(bar.find_field, Qt.Key.Key_F3)  # round the end, back to the first
    assert editor.textCursor().selectionStart() == 0
    qtbot.keyClick(bar.find_field, Qt.Key.Key_F3, SHIFT)  # and back again
    assert editor.textCursor().selectedText() == "ANN"
    qtbot.keyClick(bar.find_field, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)
    assert editor.toPlainText() == "Ann met Anna at the annual fair. ANN laughed."  # untouched


def test_replace_all_is_one_undo_step_and_groups_work(qtbot, make_window):
    window = make_window()
    text = "Chapter 1 was long.\nChapter 22 was longer.\nchapter 3 ends it."
    editor = page(window, text)
    qtbot.keyClick(editor, Qt.Key.Key_H, CTRL)
    bar = window.find_bar
    assert bar.replace_field.isVisible()
    bar.regex.click()
    qtbot.keyClicks(bar.find_field, r"chapter (\d+)")
    qtbot.keyClicks(bar.replace_field, r"Part \1")
    bar.replace_all_button.click()
    assert editor.toPlainText() == "Part 1 was long.\nPart 22 was longer.\nPart 3 ends it."
    assert "Replaced 3" in window.statusBar().currentMessage()
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)  # one step takes all three back
    assert editor.toPlainText() == text


def test_replace_one_at_a_time_and_a_broken_pattern_is_said(qtbot, make_window):
    window = make_window()
    editor = page(window, "red fox, red hen, red sky")
    window.find_bar.open_bar(replace=True)
    bar = window.find_bar
    qtbot.keyClicks(bar.find_field, "red")
    qtbot.keyClicks(bar.replace_field, "grey")
    bar.find_next()
    bar.replace_button.click()  # replaces the selected one and moves on to the next
    assert editor.toPlainText() == "grey fox, red hen, red sky"
    assert editor.textCursor().selectedText() == "red"
    bar.regex.click()
    bar.find_field.setText("(red")
    assert bar.count_label.text().startswith("Not valid")
    bar.replace_all_button.click()
    assert editor.toPlainText() == "grey fox, red hen, red sky"  # nothing changed


def test_chinese_and_emoji_are_selected_exactly(qtbot, make_window):
    window = make_window()
    editor = page(window, "🐉林黛玉进了贾府。🐉🐉黛玉心想：林黛玉是她。")
    bar = window.find_bar
    bar.open_bar()
    bar.whole_word.click()  # means nothing for Han: every 黛玉 is found
    bar.find_field.setText("黛玉")  # an input method's commit (QTest cannot type Han)
    seen = []
    for _ in range(3):
        bar.find_next()
        seen.append(editor.textCursor().selectedText())
    assert seen == ["黛玉", "黛玉", "黛玉"] and bar.count_label.text() == "3 of 3"
    bar.replace_field.setText("宝钗")
    bar.replace_all()
    assert editor.toPlainText() == "🐉林宝钗进了贾府。🐉🐉宝钗心想：林宝钗是她。"


def test_the_selection_is_what_to_find(qtbot, make_window):
    window = make_window()
    editor = page(window, "The lamp in the harbour window burned all night.")
    cursor = editor.textCursor()
    cursor.setPosition(4)
    cursor.setPosition(8, cursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    qtbot.keyClick(editor, Qt.Key.Key_F, CTRL)
    assert window.find_bar.find_field.text() == "lamp"
    assert window.find_bar.count_label.text() == "1 match"


def test_in_a_long_chapter_the_count_waits_for_a_pause_in_the_typing(qtbot, make_window):
    window = make_window()
    page(window, "the lamp burned all night. " * 12_000)  # 324,000 characters
    bar = window.find_bar
    bar.open_bar()
    for text in ("l", "la", "lam", "lamp"):  # each keystroke leaves the page free at once
        bar.find_field.setText(text)
        assert bar.count_label.text() == ""
    qtbot.waitUntil(lambda: bar.count_label.text() == "12000 matches")
