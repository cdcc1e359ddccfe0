"""Suggest while I pause, with the real model: off by default; on, a short ghost appears by
itself after typing stops, never while an input method composes, never over a selection, and
any key goes on as usual."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QTextCursor

from writer_app.core.settings import load_settings


def _write(window, qtbot, text: str, typed: str) -> None:
    editor = window.editor
    editor.setPlainText(text)
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClicks(editor, typed)


def test_off_by_default_nothing_appears_by_itself(window, qtbot):
    assert not window.pause.enabled
    assert not window.commands.suggest_on_pause.isChecked()
    with qtbot.assertNotEmitted(window.pause.paused, wait=window.pause.pause_ms + 500):
        _write(window, qtbot, "The harbour was quiet that night.", " She walked")
    assert not window.editor.has_suggestion


def test_a_pause_brings_a_short_ghost_and_a_key_takes_it_away(window, qtbot):
    window.commands.suggest_on_pause.trigger()
    window.set_pause_ms(300)
    with qtbot.waitSignal(window.drafting.suggestionFinished, timeout=60_000) as finished:
        _write(window, qtbot, "The harbour was quiet that night. ", "She walked down to the")
    editor = window.editor
    ghost = editor.ghost_text
    assert ghost and editor.toPlainText().endswith("down to the")
    assert finished.args[1].generated_tokens <= 48  # a glance, not a page
    assert "Draft ▸ Suggest While I Pause" in window.recent_messages.sentences()[0]
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.has_suggestion
    qtbot.waitUntil(  # remembered (settings are saved a moment after a change)
        lambda: (s := load_settings()).suggest_on_pause and s.pause_ms == 300 and s.pause_note_shown
    )


def test_never_while_an_input_method_composes_or_over_a_selection(window, qtbot):
    window.set_suggest_on_pause(True)
    window.set_pause_ms(300)
    editor = window.editor
    with qtbot.assertNotEmitted(window.pause.paused, wait=800):
        _write(window, qtbot, "他站在门口，", "")
        editor.insertPlainText("看")  # an edit, then pinyin being composed
        editor.inputMethodEvent(QInputMethodEvent("ni", []))
    assert editor.composing and not editor.has_suggestion
    commit = QInputMethodEvent()
    commit.setCommitString("你")
    editor.inputMethodEvent(commit)
    assert not editor.composing
    editor.selectAll()
    with qtbot.assertNotEmitted(window.pause.paused, wait=800):
        qtbot.keyClick(editor, Qt.Key.Key_Shift)  # a selection stays; no edit
    assert not editor.has_suggestion
