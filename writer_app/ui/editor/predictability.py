"""The predictability map's tint: each word of the writer's text on a light wash of its level
(``core.drafting.predictability``), painted on the paper beneath the text.

Painted, not made a format: the page's extra selections belong to the tint of the model's
words (``setExtraSelections`` replaces them all) and its one QSyntaxHighlighter to spelling
(a second highlighter's formats would replace the underline).  Beneath the text, the tint
layers under both, under the selection and under focus mode's veil, and costs nothing for the
paragraphs out of view: only the lines in the area Qt repaints are painted.

The words are kept in Qt positions (UTF-16 code units) in numpy arrays that follow every edit
of the writer's (``DraftEditor.editedAt``): a word touched by an edit loses its tint, the
words after it move along (a keystroke in a 100,000-word chapter moves arrays, not Python
objects).  The ghost and an input method's composition are drawn in the layout's pre-edit
area, which pushes the rest of their paragraph along: the tint moves with it, and the pre-edit
text itself is never tinted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QPointF, QRect, QRectF
from PySide6.QtGui import QColor, QPainter, QPalette, QTextBlock, QTextLayout

from writer_app.core.drafting.predictability import WordFigure, tint
from writer_app.core.text.utf16 import utf16_length
from writer_app.ui.editor.draft_editor import DraftEditor, character_at, x_of

if TYPE_CHECKING:
    import numpy as np


class PredictabilityTint(QObject):
    """The tinted words of the page's shown document (see module docstring)."""

    def __init__(self, editor: DraftEditor) -> None:
        super().__init__(editor)
        self._editor = editor
        self.visible = False
        # numpy, imported with the first map (the window starts without it): None till then.
        self._starts: np.ndarray | None = None
        self._ends: np.ndarray | None = None
        self._figures: list[WordFigure] = []
        self._colours: tuple[str, dict[int, QColor]] = ("", {})
        editor.add_underlay(self.paint)
        editor.editedAt.connect(self._follow_edit)

    # -- the words -------------------------------------------------------------------------------

    def set_visible(self, visible: bool) -> None:
        self.visible = visible
        self._editor.viewport().update()

    def clear(self) -> None:
        self._starts = self._ends = None
        self._figures = []
        self._editor.viewport().update()

    def replace(
        self,
        start: int,
        end: int | None,
        positions: Sequence[tuple[int, int]],
        figures: Sequence[WordFigure],
    ) -> None:
        """The words from Qt position ``start`` to ``end`` (None: to the end) are now
        ``figures``, at ``positions``; the words outside keep theirs."""
        import numpy as np

        if self._starts is None or self._ends is None:
            self._starts, self._ends = np.empty(0, np.int64), np.empty(0, np.int64)
        low = _searchsorted(self._ends, start, "right")
        high = len(self._starts) if end is None else _searchsorted(self._starts, end)
        high = max(low, high)
        new = np.asarray(positions, np.int64).reshape(-1, 2)
        self._starts = np.concatenate((self._starts[:low], new[:, 0], self._starts[high:]))
        self._ends = np.concatenate((self._ends[:low], new[:, 1], self._ends[high:]))
        self._figures[low:high] = figures
        self._editor.viewport().update()

    def ranges(self) -> list[tuple[int, int, WordFigure]]:
        """Every tinted word: its Qt positions now, and its figure."""
        if self._starts is None or self._ends is None:
            return []
        return list(zip(self._starts.tolist(), self._ends.tolist(), self._figures, strict=True))

    def figure_at(self, position: int) -> tuple[int, int, WordFigure] | None:
        """The word at Qt position ``position`` (its character), with where it is now."""
        if self._starts is None or self._ends is None:
            return None
        index = _searchsorted(self._starts, position, "right") - 1
        if index >= 0 and position < self._ends[index]:
            return int(self._starts[index]), int(self._ends[index]), self._figures[index]
        return None

    def _follow_edit(self, position: int, removed: int, added: int) -> None:
        """An edit: the words it touches lose their figures, those after it move along."""
        if self._starts is None or self._ends is None or not self._figures:
            return
        import numpy as np

        low = _searchsorted(self._ends, position, "left")
        high = _searchsorted(self._starts, position + removed, "right")
        high = max(low, high)
        self._starts = np.concatenate((self._starts[:low], self._starts[high:] + added - removed))
        self._ends = np.concatenate((self._ends[:low], self._ends[high:] + added - removed))
        del self._figures[low:high]

    # -- painting --------------------------------------------------------------------------------

    def colour(self, level: int) -> QColor | None:
        """A level's tint on the page's paper now (the theme's), None for level 0."""
        paper = self._editor.palette().color(QPalette.ColorRole.Base).name()
        if self._colours[0] != paper:
            made = {}
            for each in (-2, -1, 1, 2):
                shade = tint(each, paper)
                if shade is not None:
                    made[each] = QColor(shade)
            self._colours = (paper, made)
        return self._colours[1].get(level)

    def paint(self, painter: QPainter, area: QRect) -> None:
        """Paint the tint of the words in ``area`` (viewport coordinates)."""
        if not self.visible or not self._figures:
            return
        editor = self._editor
        block = editor.firstVisibleBlock()
        while block.isValid():
            origin = editor.layout_origin(block)
            if origin.y() > area.bottom():
                break
            if block.isVisible():
                self._paint_block(painter, block, origin)
            block = block.next()

    def _paint_block(self, painter: QPainter, block: QTextBlock, origin: QPointF) -> None:
        assert self._starts is not None and self._ends is not None
        first, end = block.position(), block.position() + block.length()
        low = _searchsorted(self._ends, first, "right")
        high = _searchsorted(self._starts, end)
        if low >= high:
            return
        layout = block.layout()
        at = layout.preeditAreaPosition()
        pushed = utf16_length(layout.preeditAreaText()) if at >= 0 else 0
        for index in range(low, high):
            colour = self.colour(self._figures[index].level)
            if colour is None:
                continue
            start, stop = int(self._starts[index]) - first, int(self._ends[index]) - first
            # The ghost (or a composition) sits in the layout at ``at``: what follows it is
            # drawn ``pushed`` further on, and the pre-edit text itself is not the writer's.
            if pushed and start < at < stop:
                pieces = [(start, at), (at + pushed, stop + pushed)]
            elif pushed and start >= at:
                pieces = [(start + pushed, stop + pushed)]
            else:
                pieces = [(start, stop)]
            for a, b in pieces:
                _fill(painter, layout, origin, a, b, colour)


def _searchsorted(values: np.ndarray, value: int, side: str = "left") -> int:
    return int(values.searchsorted(value, side))


def _fill(
    painter: QPainter, layout: QTextLayout, origin: QPointF, start: int, end: int, colour: QColor
) -> None:
    """Wash the layout's text from ``start`` to ``end`` (layout positions), line by line."""
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        a = max(start, line.textStart())
        b = min(end, line.textStart() + line.textLength())
        if a >= b:
            continue
        left, right = x_of(line, a), x_of(line, b)
        top = origin.y() + line.y()
        painter.fillRect(QRectF(origin.x() + left, top, right - left, line.height()), colour)


def position_at(editor: DraftEditor, point: QPoint) -> int | None:
    """The Qt position of the writer's character drawn at ``point`` (viewport coordinates),
    or None when no character is there (a margin, past a line's end).  Not while a ghost or a
    composition shows (the pre-edit text moves the paragraph's characters along)."""
    if editor.has_suggestion or editor.composing:
        return None
    block = editor.cursorForPosition(point).block()
    if not block.isValid():
        return None
    index = character_at(block.layout(), QPointF(point) - editor.layout_origin(block))
    return None if index is None else block.position() + index
