"""The drafting loop as a writer drives it: keys in, ghost text out, the real model between."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from writer_app.core.drafting.suggestion import StopReason

STORY = (
    "The storm had been building since noon, and by the time Ada reached the lighthouse "
    "the sky had turned the colour of wet slate. She pushed the door open and"
)


def put_text(window, text: str, cursor_at: int | None = None) -> None:
    editor = window.editor
    editor.setPlainText(text)
    cursor = editor.textCursor()
    if cursor_at is None:
        cursor.movePosition(QTextCursor.MoveOperation.End)
    else:
        cursor.setPosition(cursor_at)
    editor.setTextCursor(cursor)
    editor.document().setModified(False)
    editor.setFocus()


def suggest_and_finish(qtbot, window):
    with qtbot.waitSignal(window.drafting.suggestionFinished, timeout=60_000) as finished:
        qtbot.keyClick(window.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    return finished.args[1]


def test_ctrl_return_streams_ghost_tab_accepts_and_one_undo_removes_it(qtbot, window):
    put_text(window, STORY)
    lengths: list[int] = []
    window.editor.ghostChanged.connect(lambda ghost: lengths.append(len(ghost)))
    window.panel._sliders["lengthSlider"].set_value(48)

    stats = suggest_and_finish(qtbot, window)

    ghost = window.editor.ghost_text
    assert ghost and window.editor.has_suggestion
    assert len(lengths) >= 2 and lengths == sorted(lengths)  # it grew as it streamed
    assert window.editor.toPlainText() == STORY  # never document content
    assert not window.editor.document().isModified()
    assert not window.editor.document().isUndoAvailable()
    assert stats.generated_tokens > 0

    qtbot.keyClick(window.editor, Qt.Key.Key_Tab)
    assert window.editor.toPlainText() == STORY + ghost
    assert not window.editor.has_suggestion
    assert window.editor.document().isModified()

    qtbot.keyClick(window.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.toPlainText() == STORY


def test_accepted_suggestion_undoes_separately_from_typing_before_it(qtbot, window):
    put_text(window, STORY)
    qtbot.keyClicks(window.editor, " quietly")
    suggest_and_finish(qtbot, window)
    ghost = window.editor.ghost_text
    qtbot.keyClick(window.editor, Qt.Key.Key_Tab)
    assert window.editor.toPlainText() == STORY + " quietly" + ghost
    qtbot.keyClick(window.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.toPlainText() == STORY + " quietly"


def test_typing_after_an_accept_undoes_apart_from_the_accepted_text(qtbot, window):
    put_text(window, STORY)
    suggest_and_finish(qtbot, window)
    ghost = window.editor.ghost_text
    qtbot.keyClick(window.editor, Qt.Key.Key_Tab)
    qtbot.keyClicks(window.editor, " then")
    assert window.editor.toPlainText() == STORY + ghost + " then"
    qtbot.keyClick(window.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.toPlainText() == STORY + ghost  # the writer's words went first
    qtbot.keyClick(window.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.toPlainText() == STORY


def test_escape_dismisses_and_leaves_the_document_alone(qtbot, window):
    put_text(window, STORY)
    suggest_and_finish(qtbot, window)
    assert window.editor.ghost_text
    qtbot.keyClick(window.editor, Qt.Key.Key_Escape)
    assert not window.editor.has_suggestion and window.editor.ghost_text == ""
    assert window.editor.toPlainText() == STORY
    assert not window.editor.document().isUndoAvailable()


def test_ctrl_right_accepts_one_word_and_keeps_the_rest(qtbot, window):
    put_text(window, STORY)
    window.panel.settings()  # defaults
    suggest_and_finish(qtbot, window)
    ghost = window.editor.ghost_text
    qtbot.keyClick(window.editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    from writer_app.core.text.words import next_word

    word = next_word(ghost)
    assert window.editor.toPlainText() == STORY + word
    assert window.editor.ghost_text == ghost[len(word) :]
    assert window.editor.textCursor().position() == len(STORY + word)


def test_typing_while_it_streams_keeps_exactly_the_typed_text_and_cancels(qtbot, window):
    put_text(window, STORY)
    window.panel._sliders["lengthSlider"].set_value(1024)
    finished: list = []
    window.drafting.suggestionFinished.connect(lambda rid, stats: finished.append(stats))
    qtbot.keyClick(window.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(window.editor.ghost_text) > 3, timeout=60_000)
    typed = "~~" if not window.editor.ghost_text.startswith("~") else "^^"
    qtbot.keyClicks(window.editor, typed)
    assert window.editor.toPlainText() == STORY + typed
    assert not window.editor.has_suggestion
    qtbot.waitUntil(lambda: bool(finished), timeout=30_000)
    assert finished[0].stop_reason is StopReason.CANCELLED
    assert finished[0].generated_tokens < 1024
    assert "stopped: cancelled" in window.stats_label.text()


def test_typing_the_ghosts_next_character_consumes_it(qtbot, window):
    put_text(window, STORY)
    suggest_and_finish(qtbot, window)
    ghost = window.editor.ghost_text
    first = ghost[0]
    qtbot.keyClicks(window.editor, first)
    assert window.editor.toPlainText() == STORY + first
    assert window.editor.has_suggestion and window.editor.ghost_text == ghost[1:]


def test_suggestion_in_mid_paragraph_goes_in_at_the_cursor(qtbot, window):
    cut = STORY.index(" She pushed")
    put_text(window, STORY, cursor_at=cut)
    suggest_and_finish(qtbot, window)
    ghost = window.editor.ghost_text
    assert ghost
    qtbot.keyClick(window.editor, Qt.Key.Key_Tab)
    assert window.editor.toPlainText() == STORY[:cut] + ghost + STORY[cut:]


def test_cursor_move_dismisses_the_ghost(qtbot, window):
    put_text(window, STORY)
    suggest_and_finish(qtbot, window)
    qtbot.keyClick(window.editor, Qt.Key.Key_Left)
    assert not window.editor.has_suggestion
    assert window.editor.toPlainText() == STORY


def test_saving_with_a_ghost_showing_saves_only_the_writers_text(
    qtbot, window, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "chapter.txt"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    put_text(window, STORY)
    suggest_and_finish(qtbot, window)
    assert window.editor.ghost_text
    qtbot.keyClick(window.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert target.read_text(encoding="utf-8") == STORY


def test_status_bar_reports_speed_context_and_why_it_stopped(qtbot, window):
    put_text(window, STORY)
    window.panel._sliders["lengthSlider"].set_value(8)
    stats = suggest_and_finish(qtbot, window)
    text = window.stats_label.text()
    assert f"context {stats.context_used:,} / {stats.n_ctx:,}" in text
    assert "tokens/s" in text
    assert f"stopped: {stats.stop_reason.value}" in text
    assert "SmolLM2-135M-Instruct" in window.model_label.text()
    assert "ready" in window.model_label.text()


def test_a_long_chapter_lays_out_in_a_centred_column(qtbot, make_window):
    window = make_window()
    window.resize(1200, 800)
    window.editor.setPlainText("\n\n".join([STORY] * 200))
    qtbot.wait(50)
    margins = window.editor.viewportMargins()
    assert margins.left() == margins.right() > 0
    assert window.editor.viewport().width() < window.editor.width()


def test_several_alternatives_cycle_in_the_ghost_and_the_second_can_be_accepted(qtbot, window):
    from PySide6.QtWidgets import QListWidget, QSpinBox

    window.findChild(QSpinBox, "alternativesSpin").setValue(3)
    window.findChild(QSpinBox, "seedSpin").setValue(77)
    window.panel._sliders["lengthSlider"].set_value(16)
    window.panel._sliders["temperatureSlider"].set_value(1.2)
    put_text(window, STORY)
    suggest_and_finish(qtbot, window)

    offered = window.drafting.alternatives.texts
    assert len(offered) == 3 and all(offered)
    assert len(set(offered)) == 3  # three seeds, three different continuations
    listed = window.findChild(QListWidget, "alternativesList")
    assert listed.isVisible() and listed.count() == 3
    assert window.editor.ghost_text == offered[0]

    qtbot.keyClick(window.editor, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.AltModifier)
    assert window.editor.ghost_text == offered[1]
    assert listed.currentRow() == 1
    qtbot.keyClick(window.editor, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window.editor, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.AltModifier)
    assert window.editor.ghost_text == offered[2]
    qtbot.keyClick(window.editor, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window.editor, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.AltModifier)
    assert window.editor.ghost_text == offered[1]
    assert window.editor.toPlainText() == STORY

    qtbot.keyClick(window.editor, Qt.Key.Key_Tab)
    assert window.editor.toPlainText() == STORY + offered[1]
    qtbot.keyClick(window.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.toPlainText() == STORY


def test_alternatives_are_the_same_as_single_suggestions_with_those_seeds(qtbot, window):
    from PySide6.QtWidgets import QSpinBox

    window.findChild(QSpinBox, "seedSpin").setValue(500)
    window.panel._sliders["lengthSlider"].set_value(12)
    put_text(window, STORY)
    window.findChild(QSpinBox, "alternativesSpin").setValue(2)
    suggest_and_finish(qtbot, window)  # warms the cache the same way as the runs below
    together = list(window.drafting.alternatives.texts)
    qtbot.keyClick(window.editor, Qt.Key.Key_Escape)

    window.findChild(QSpinBox, "alternativesSpin").setValue(1)
    singles = []
    for seed in (500, 501):
        window.findChild(QSpinBox, "seedSpin").setValue(seed)
        suggest_and_finish(qtbot, window)
        singles.append(window.editor.ghost_text)
        qtbot.keyClick(window.editor, Qt.Key.Key_Escape)
    assert together == singles


def test_a_ghost_at_the_foot_of_the_page_scrolls_into_view(qtbot, window):
    put_text(window, "\n\n".join([STORY] * 12))  # the cursor ends at the foot of the page
    window.panel._sliders["lengthSlider"].set_value(64)
    suggest_and_finish(qtbot, window)
    editor = window.editor
    ghost = editor.ghost_text
    assert ghost.strip()
    last = len(ghost.rstrip()) - 1
    view = editor.viewport().rect()
    assert view.contains(editor.ghost_point(last))  # its last word can be read
    assert view.contains(editor.cursorRect().center())  # and the cursor is still in view
