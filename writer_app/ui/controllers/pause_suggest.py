"""Suggest while I pause (Draft menu, off by default): when the writer stops typing for a while,
a short ghost — to the end of the sentence — appears by itself, as inline completion does in a
code editor.

Only after typing (a cursor moved by hand is not a pause in writing), only at a cursor with
nothing selected, no input method composing, no ghost already shown and nothing else asked of
the model; on a server engine only when the writer allowed it for that server (each request
costs there).  It asks exactly what Ctrl+Return would ask, shorter: the engine's cache already
holds everything but the last words typed, so it costs about the decode.  Any key stops it (the
ghost is dismissed and the request cancelled like any other).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from writer_app.ui.editor.draft_editor import DraftEditor

# A pause suggestion is a glance, not a page: at most this many tokens, to the sentence's end.
PAUSE_TOKENS = 48


class PauseSuggester(QObject):
    """Restarted by every edit; when it runs out, asks ``suggest`` if nothing stands in the way."""

    paused = Signal()  # the pause ran out and a suggestion was asked for (bench, tests)

    def __init__(
        self,
        parent: QObject,
        editor: DraftEditor,
        may_suggest: Callable[[], bool],
        suggest: Callable[[], None],
        *,
        enabled: bool,
        pause_ms: int,
    ) -> None:
        super().__init__(parent)
        self._editor = editor
        self._may_suggest = may_suggest
        self._suggest = suggest
        self.enabled = enabled
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(pause_ms)
        self._timer.timeout.connect(self._on_pause)
        editor.edited.connect(self._on_edit)
        editor.cursorPositionChanged.connect(self._on_cursor_moved)
        self._typed_at = -1  # the cursor position right after the last edit

    @property
    def pause_ms(self) -> int:
        return self._timer.interval()

    def set_pause_ms(self, ms: int) -> None:
        self._timer.setInterval(ms)

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        if not enabled:
            self._timer.stop()

    def _on_edit(self) -> None:
        if self.enabled and not self._editor.has_suggestion:
            self._typed_at = self._editor.textCursor().position()
            self._timer.start()

    def _on_cursor_moved(self) -> None:
        # Typing moves the cursor too (right after the edit, to where it was typed): only a
        # move elsewhere ends the pause.
        if self._editor.textCursor().position() != self._typed_at:
            self._timer.stop()

    def _on_pause(self) -> None:
        editor = self._editor
        if not self.enabled or not editor.hasFocus() or editor.has_suggestion:
            return
        if editor.composing or editor.textCursor().hasSelection():
            return
        if editor.textCursor().position() != self._typed_at or not self._may_suggest():
            return
        self.paused.emit()
        self._suggest()
