"""The page as a writer sets it: its width, focus mode, typewriter scrolling and distraction-free
writing, each seen on screen and each remembered by the next start."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QAction, QCursor, QTextCursor

from writer_app.core.settings import load_settings

PARAGRAPH = "The harbour lamp burned all night and nobody came to put it out. " * 3


def _action(window, name: str) -> QAction:
    action = window.findChild(QAction, name)
    assert action is not None, name
    return action


def _ink(window, rect: QRect) -> float:
    """How much darker than the paper ``rect`` of the page is, on average (0: blank paper)."""
    image = window.editor.viewport().grab().toImage()
    paper = window.editor.palette().base().color().lightness()
    total = count = 0
    for y in range(rect.top(), rect.bottom(), 2):
        for x in range(rect.left(), rect.right(), 2):
            total += max(0, paper - image.pixelColor(x, y).lightness())
            count += 1
    return total / max(1, count)


def test_page_width_sets_the_column_and_is_remembered(make_window, qtbot):
    window = make_window()
    window.resize(1900, 900)  # room for the widest column, with margins beside it
    editor = window.editor
    qtbot.waitUntil(lambda: editor.width() > 1400)
    _action(window, "pageWidth60").trigger()
    narrow = editor.viewportMargins().left()
    _action(window, "pageWidth90").trigger()
    wide = editor.viewportMargins().left()
    _action(window, "pageWidth0").trigger()
    whole = editor.viewportMargins().left()
    assert narrow > wide > whole
    _action(window, "pageWidth90").trigger()
    qtbot.waitUntil(lambda: load_settings().page_chars == 90)
    window.shutdown()
    again = make_window()
    assert again.editor.page_chars() == 90
    assert _action(again, "pageWidth90").isChecked()


def test_focus_mode_dims_all_but_the_paragraph_being_written(make_window, qtbot):
    window = make_window()
    editor = window.editor
    editor.setPlainText("\n".join([PARAGRAPH] * 3))
    cursor = editor.textCursor()
    cursor.setPosition(editor.document().findBlockByNumber(1).position() + 5)
    editor.setTextCursor(cursor)
    first = editor.blockBoundingGeometry(editor.document().firstBlock())
    second = editor.blockBoundingGeometry(editor.document().findBlockByNumber(1))
    offset = editor.contentOffset()
    other, current = first.translated(offset).toRect(), second.translated(offset).toRect()
    before_other, before_current = _ink(window, other), _ink(window, current)
    _action(window, "focusModeAction").trigger()
    qtbot.waitUntil(lambda: _ink(window, other) < before_other * 0.6)
    assert _ink(window, current) > before_current * 0.9  # the paragraph being written stays
    cursor.setPosition(5)  # into the first paragraph: it comes out of the dim
    editor.setTextCursor(cursor)
    qtbot.waitUntil(lambda: _ink(window, other) > before_other * 0.9)
    qtbot.waitUntil(lambda: load_settings().focus_mode)


def test_typewriter_scrolling_keeps_the_line_in_the_middle(make_window, qtbot):
    window = make_window()
    editor = window.editor
    editor.setPlainText("\n".join(f"Line {n} of the chapter." for n in range(200)))
    _action(window, "typewriterAction").trigger()
    middle = editor.viewport().height() / 2
    line = editor.fontMetrics().lineSpacing() * editor.line_spacing()  # Qt scrolls by lines
    editor.setFocus()
    for _ in range(40):
        qtbot.keyClick(editor, Qt.Key.Key_Down)
    assert abs(editor.cursorRect().center().y() - middle) <= line
    editor.moveCursor(QTextCursor.MoveOperation.End)  # even the last line comes up to it
    qtbot.keyClicks(editor, " The end")
    assert abs(editor.cursorRect().center().y() - middle) <= line
    qtbot.waitUntil(lambda: load_settings().typewriter)


def test_distraction_free_puts_everything_away_until_wanted(make_window, qtbot):
    window = make_window()
    docks_before = sorted(d.objectName() for d in window.findChildren(type(window.chapters_dock))
                          if d.isVisible())  # fmt: skip
    assert docks_before
    _action(window, "distractionFreeAction").trigger()
    qtbot.waitUntil(lambda: window.isFullScreen())
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    assert not any(d.isVisible() for d in window.findChildren(type(window.chapters_dock)))
    QCursor.setPos(window.mapToGlobal(QPoint(window.width() // 2, 1)))
    qtbot.waitUntil(lambda: window.menuBar().isVisible())  # the pointer at the top edge
    QCursor.setPos(window.mapToGlobal(QPoint(window.width() // 2, window.height() // 2)))
    qtbot.waitUntil(lambda: not window.menuBar().isVisible())
    window.editor.setFocus()
    qtbot.keyPress(window.editor, Qt.Key.Key_Alt)  # Alt alone: the menus from the keyboard
    qtbot.keyRelease(window.editor, Qt.Key.Key_Alt)
    qtbot.waitUntil(lambda: window.menuBar().isVisible())
    assert window.menuBar().activeAction() is window.menuBar().actions()[0]
    window.menuBar().setActiveAction(None)
    qtbot.keyClick(window.editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.menuBar().isVisible())  # closed, the pointer away
    qtbot.waitUntil(lambda: load_settings().distraction_free)
    window.shutdown()
    again = make_window()  # remembered
    again.start()
    qtbot.waitUntil(lambda: again.isFullScreen())
    assert not again.menuBar().isVisible()
    qtbot.keyClick(again.editor, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    qtbot.waitUntil(lambda: not again.isFullScreen())
    assert again.menuBar().isVisible() and again.statusBar().isVisible()
    assert sorted(d.objectName() for d in again.findChildren(type(again.chapters_dock))
                  if d.isVisible()) == docks_before  # fmt: skip


def test_line_spacing_moves_the_lines_apart_and_is_remembered(make_window, qtbot):
    window = make_window()
    editor = window.editor
    editor.setPlainText("One line.\nAnother line.\nA third line.")
    line = editor.fontMetrics().lineSpacing()

    def gap() -> int:  # from the first line to the second, as the cursor is drawn
        cursor = editor.textCursor()
        cursor.setPosition(0)
        first = editor.cursorRect(cursor).top()
        cursor.setPosition(editor.document().findBlockByNumber(1).position())
        return editor.cursorRect(cursor).top() - first

    _action(window, "lineSpacing100").trigger()
    single = gap()
    _action(window, "lineSpacing200").trigger()
    qtbot.waitUntil(lambda: gap() >= 2 * single - 2)
    assert abs(single - line) <= 2
    cursor = editor.cursorForPosition(editor.cursorRect(editor.textCursor()).center())
    assert cursor.block().blockNumber() == editor.textCursor().block().blockNumber()  # clicks land
    assert editor.toPlainText() == "One line.\nAnother line.\nA third line."  # only the view
    qtbot.waitUntil(lambda: load_settings().line_spacing == 2.0)
    window.shutdown()
    again = make_window()
    assert again.editor.line_spacing() == 2.0


def test_first_line_indent_is_shown_never_saved(make_window, qtbot, tmp_path):
    window = make_window()
    editor = window.editor
    text = (
        "他站在门口，望着远处的海面。风很大，浪一阵高过一阵。\n"
        "　　这一段自己带着缩进。\nShe walked home."
    )
    editor.setPlainText(text)
    document = editor.document()

    def first_x(number: int) -> float:
        cursor = editor.textCursor()
        cursor.setPosition(document.findBlockByNumber(number).position())
        return editor.cursorRect(cursor).left()

    plain = [first_x(n) for n in range(3)]
    _action(window, "firstLineIndentAction").trigger()
    two = editor.fontMetrics().horizontalAdvance("\u3000\u3000")
    qtbot.waitUntil(lambda: abs(first_x(0) - plain[0] - two) <= 2)
    assert abs(first_x(2) - plain[2] - two) <= 2  # English paragraphs too
    assert first_x(1) == plain[1]  # a paragraph with its own indent keeps only that
    assert editor.toPlainText() == text
    path = tmp_path / "chapter.txt"
    assert window.files.save_doc(window.files.current, path)
    assert path.read_bytes() == text.encode("utf-8")  # byte for byte: nothing typed in
    qtbot.waitUntil(lambda: load_settings().first_line_indent)
