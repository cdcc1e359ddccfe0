"""Keeps one document's model-written stretches right while the writer edits, undoes and redoes.

Spans are held in Qt positions (UTF-16 code units) and follow ``contentsChange``.  An undo of
an accept removes the span; the removed words are remembered at their place, so a redo (or an
undo that restores a deleted passage) marks them again.  A new edit of the writer's own
forgets them: Qt emits ``undoCommandAdded`` before the change of every new edit, never for an
undo or a redo, and a new edit ends the chance of a redo anyway.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextCursor, QTextDocument

from writer_app.core.drafting.provenance import (
    Removed,
    Span,
    add_span,
    apply_change,
    map_removed,
    revive,
)
from writer_app.core.text.utf16 import index_from_utf16, utf16_length

MAX_REMEMBERED = 64


class ModelTextTracker(QObject):
    """The model's words in one QTextDocument (see module docstring)."""

    changed = Signal()

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._document = document
        self.spans: list[Span] = []
        self._removed: list[Removed] = []
        document.contentsChange.connect(self._on_contents_change)
        document.undoCommandAdded.connect(self._forget_removed)

    # -- marking ------------------------------------------------------------------------------

    def mark(self, start: int, end: int) -> None:
        """``[start, end)`` (Qt positions) holds words the model wrote."""
        self.spans = add_span(self.spans, start, end, self._read(start, end))
        self.changed.emit()

    def spans_in_text(self, text: str) -> list[Span]:
        """The spans as ``str`` offsets into ``text`` (the document's plain text)."""
        return [
            Span(index_from_utf16(text, s.start), index_from_utf16(text, s.end), s.text)
            for s in self.spans
        ]

    def load_text_spans(self, spans: list[Span], text: str) -> None:
        """Take spans measured in ``str`` offsets of ``text`` (from the history file)."""
        self.spans = [
            Span(utf16_length(text[: s.start]), utf16_length(text[: s.end]), s.text) for s in spans
        ]
        self._removed = []
        self.changed.emit()

    # -- following the document -----------------------------------------------------------------

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        if removed == 0 and added == 0:
            return  # layout only: the ghost text is drawn this way
        if not self.spans and not self._removed:
            return
        self.spans, gone = apply_change(self.spans, position, removed, added, self._read)
        self._removed = map_removed(self._removed, position, removed, added)
        back = revive(self._removed, position, added, self._read)
        for span in back:
            self.spans = add_span(self.spans, span.start, span.end, span.text)
        if back:
            self._removed = [p for p in self._removed if p.point != position]
        self._removed = (self._removed + gone)[-MAX_REMEMBERED:]
        self.changed.emit()

    def _forget_removed(self) -> None:
        self._removed = []

    def _read(self, start: int, end: int) -> str:
        cursor = QTextCursor(self._document)
        last = self._document.characterCount() - 1
        cursor.setPosition(max(0, min(start, last)))
        cursor.setPosition(max(0, min(end, last)), QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText().replace("\u2029", "\n")
