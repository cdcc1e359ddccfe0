"""Input methods are safe: pinyin composed as a Chinese writer types it (pre-edit "ni", "nih",
"nihao", then "你好" committed), with and without a ghost on the page; after each step the
document, the undo stack and the ghost are what the writer expects."""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent, QTextCursor

PINYIN = ("n", "ni", "nih", "niha", "nihao")


def _compose(editor, text: str) -> None:
    editor.inputMethodEvent(QInputMethodEvent(text, []))


def _commit(editor, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    editor.inputMethodEvent(event)


def _page(window, text: str, ghost: str = ""):
    """The page holding ``text``, the cursor at its end, no undo history; a ghost there too."""
    editor = window.editor
    editor.setPlainText(text)
    editor.document().clearUndoRedoStacks()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    if ghost:
        editor.start_suggestion()
        editor.append_ghost(ghost)
    return editor


def _shown_ghost(editor) -> str:
    """The ghost as drawn on the page (the layout's pre-edit text when it is the ghost's)."""
    layout = editor.textCursor().block().layout()
    return layout.preeditAreaText().replace("\u2028", "\n")


def test_pinyin_without_a_ghost_commits_as_one_undo_step(make_window):
    window = make_window()
    editor = _page(window, "他站在门口，")
    for step in PINYIN:
        _compose(editor, step)
        assert editor.composing
        assert editor.toPlainText() == "他站在门口，"  # composing is not the text yet
        assert not editor.document().isUndoAvailable()
    _commit(editor, "你好")
    assert not editor.composing
    assert editor.toPlainText() == "他站在门口，你好"
    editor.undo()
    assert editor.toPlainText() == "他站在门口，"


def test_a_composition_hides_the_ghost_and_a_matching_commit_types_through_it(make_window):
    window = make_window()
    editor = _page(window, "他站在门口，", ghost="你好吗？她问。")
    assert _shown_ghost(editor) == "你好吗？她问。"
    for step in PINYIN:
        _compose(editor, step)
        assert _shown_ghost(editor) == step  # the composition, not the ghost, is drawn there
        assert editor.ghost_text == "你好吗？她问。"  # kept, hidden
        assert editor.toPlainText() == "他站在门口，"
    editor.append_ghost("")  # text streaming in while composing is kept, not drawn
    _commit(editor, "你好")
    assert editor.toPlainText() == "他站在门口，你好"
    assert editor.has_suggestion and editor.ghost_text == "吗？她问。"
    assert _shown_ghost(editor) == "吗？她问。"
    editor.accept_suggestion()
    assert editor.toPlainText() == "他站在门口，你好吗？她问。"
    editor.undo()  # the accept is one step; the typed 你好 another
    assert editor.toPlainText() == "他站在门口，你好"


def test_a_different_commit_ends_the_ghost_and_brings_none_of_it(make_window):
    window = make_window()
    editor = _page(window, "他站在门口，", ghost="你好吗？")
    for step in ("ta", "tam", "tamen"):
        _compose(editor, step)
    _commit(editor, "他们")
    assert editor.toPlainText() == "他站在门口，他们"
    assert not editor.has_suggestion and _shown_ghost(editor) == ""


def test_a_composition_given_up_brings_the_ghost_back(make_window):
    window = make_window()
    editor = _page(window, "他站在门口，", ghost="你好吗？")
    _compose(editor, "ni")
    _compose(editor, "")  # Esc in the input method: nothing committed
    assert not editor.composing
    assert editor.toPlainText() == "他站在门口，"
    assert editor.has_suggestion and _shown_ghost(editor) == "你好吗？"


def test_no_suggestion_is_asked_while_composing(make_window):
    window = make_window()
    editor = _page(window, "他站在门口，")
    _compose(editor, "ni")
    before = window.drafting.request_id
    window.drafting.suggest()  # Ctrl+Return mid-composition
    assert window.drafting.request_id == before and not editor.has_suggestion
    assert window.drafting._read_ahead_request() is None  # noqa: SLF001 (nor a read-ahead)
    assert editor.toPlainText() == "他站在门口，"


def test_accept_one_sentence_in_chinese_and_in_english(make_window, qtbot):
    from PySide6.QtCore import Qt

    window = make_window()
    editor = _page(window, "他站在门口，", ghost="“你好吗？”她问。风很大。")
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert editor.toPlainText() == "他站在门口，“你好吗？”"
    assert editor.ghost_text == "她问。风很大。"
    qtbot.keyClick(editor, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert editor.toPlainText() == "他站在门口，“你好吗？”她问。"
    editor.dismiss_suggestion()
    editor = _page(window, "She stopped at the door")
    editor.start_suggestion()
    editor.append_ghost(' and knocked. "Anyone home?" Nobody')
    qtbot.keyClick(editor, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert editor.toPlainText() == "She stopped at the door and knocked."
    assert editor.ghost_text == ' "Anyone home?" Nobody'
    editor.undo()  # each accepted sentence is one step
    assert editor.toPlainText() == "She stopped at the door"
