"""The red wavy underline: a QSyntaxHighlighter that checks only what the writer can see.

Qt calls ``highlightBlock`` for every block of a document when the highlighter is attached and
for each block an edit touches.  A block far from the page's view is only marked UNCHECKED
(a few calls, no dictionary work); when the view scrolls, the blocks that come into sight and
are still unchecked are checked then.  So a 1,000,000-character chapter opens and scrolls
without a stall, and typing checks one paragraph.

The word the cursor is in (or at the end of) is not underlined while it is being typed: a word
is judged when the writer leaves it.  The ghost is never checked: it is pre-edit text, which
Qt's highlighter leaves alone and steps over.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextBlock, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QPlainTextEdit

from writer_app.core.text.spelling import Speller
from writer_app.core.text.utf16 import index_from_utf16, utf16_positions

UNCHECKED = -1  # block state (QTextBlock.userState) of a block never checked
# Blocks either side of the visible ones that are checked too: a small scroll shows them
# already underlined.
MARGIN_BLOCKS = 3
# Checking what came into view stops after this long and goes on at the next turn of the
# event loop, so the window keeps answering (a frame is 16 ms).
TURN_BUDGET_S = 0.006


def misspelling_format() -> QTextCharFormat:
    underline = QTextCharFormat()
    underline.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
    underline.setUnderlineColor(QColor(220, 40, 40))
    return underline


class SpellHighlighter(QSyntaxHighlighter):
    """Underlines the misspelled words of one document (see module docstring).

    A block's state is the round (``generation``) it was checked in; a new dictionary or a
    word added starts a new round, and blocks are checked again as they come into view.  A
    block Qt hands over that is out of view keeps its state: Qt goes on to the next block
    only when a state changes, so an edit never walks the whole document.
    """

    def __init__(self, document: QTextDocument, editor: QPlainTextEdit) -> None:
        super().__init__(None)
        self.setParent(document)  # the document keeps its highlighter (``attach`` finds it)
        # Told of an edit before the highlighter is (connected first): it needs to know where
        # the writer is typing.
        self._typed_to = -1  # where the last edit ended
        document.contentsChange.connect(self._on_edit)
        self.setDocument(document)
        self._editor = editor
        self.speller: Speller | None = None
        self.generation = 0
        self._format = misspelling_format()
        self._view: tuple[int, int] | None = None  # block numbers near the view, this pass
        self._budget_until: float | None = None  # while checking what came into view
        # The misspelled word the cursor is in, not underlined yet: (block, start, end).
        self._held: tuple[QTextBlock, int, int] | None = None
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.check_visible)
        # (not connected to start directly: the scroll value would become its interval)
        editor.verticalScrollBar().valueChanged.connect(lambda _value: self._pending.start())
        editor.cursorPositionChanged.connect(self._cursor_moved)

    def set_speller(self, speller: Speller | None) -> None:
        """Check with ``speller`` (None: no underlines) from now on: the blocks in view now,
        the others when they come into view."""
        self.speller = speller
        self.generation += 1
        self.check_visible()

    def _shown(self) -> bool:
        return self._editor.document() is self.document()

    def _near_view(self, number: int) -> bool:
        if self._view is None:
            editor = self._editor
            first = editor.firstVisibleBlock().blockNumber()
            lines = editor.viewport().height() // max(1, editor.fontMetrics().lineSpacing())
            self._view = (first - MARGIN_BLOCKS, first + lines + MARGIN_BLOCKS)
            self._pending.start()  # the view may move before the next pass: look again then
        low, high = self._view
        return low <= number <= high

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt override)
        before = self.currentBlockState()
        speller = self.speller
        if speller is None:
            self.setCurrentBlockState(self.generation)
            return
        block = self.currentBlock()
        if before != self.generation and (
            not (self._shown() and self._near_view(block.blockNumber())) or self._over_budget()
        ):
            self.setCurrentBlockState(before)  # checked when it comes into view (or next turn)
            return
        self.setCurrentBlockState(self.generation)
        spans = speller.misspelled(text) if text else []
        if not spans:
            return
        spared = self._typing_at(block, text)
        if spared is not None:
            held = [(s, e) for s, e in spans if s <= spared <= e]
            if held:
                spans.remove(held[0])
                start, end = utf16_positions(text, list(held[0]))
                self._held = (block, block.position() + start, block.position() + end)
        ends = utf16_positions(text, [i for span in spans for i in span])
        for n in range(0, len(ends), 2):
            self.setFormat(ends[n], ends[n + 1] - ends[n], self._format)

    def _over_budget(self) -> bool:
        if self._budget_until is None or time.perf_counter() < self._budget_until:
            return False
        self._pending.start()  # the rest at the next turn
        return True

    def _on_edit(self, position: int, _removed: int, added: int) -> None:
        self._typed_to = position + added

    def _typing_at(self, block: QTextBlock, text: str) -> int | None:
        """The ``str`` index of the cursor in ``block`` when the writer is typing there."""
        if not self._shown():
            return None
        cursor = self._editor.textCursor()
        if cursor.hasSelection() or cursor.block() != block or cursor.position() != self._typed_to:
            return None
        return index_from_utf16(text, cursor.positionInBlock())

    def _cursor_moved(self) -> None:
        """Judge the spared word once the cursor has left it."""
        if self._held is None or not self._shown():
            return
        block, start, end = self._held
        if not start <= self._editor.textCursor().position() <= end:
            self._held = None
            if block.isValid():
                self.rehighlightBlock(block)

    def check_visible(self) -> None:
        """Check the blocks in view (and a margin) not checked in this round."""
        self._view = None
        if not self._shown():
            return
        editor = self._editor
        block = editor.firstVisibleBlock()
        for _ in range(MARGIN_BLOCKS):
            if not block.previous().isValid():
                break
            block = block.previous()
        bottom = editor.viewport().height()
        offset = editor.contentOffset()
        below = 0
        self._budget_until = time.perf_counter() + TURN_BUDGET_S
        try:
            while block.isValid() and below <= MARGIN_BLOCKS and not self._over_budget():
                if block.userState() != self.generation:
                    self.rehighlightBlock(block)
                if editor.blockBoundingGeometry(block).translated(offset).top() > bottom:
                    below += 1
                block = block.next()
        finally:
            self._budget_until = None
            self._view = None


def attach(document: QTextDocument, editor: QPlainTextEdit) -> SpellHighlighter:
    """The document's highlighter, made on first use (a document keeps it: its child)."""
    found = document.findChild(SpellHighlighter)
    return found if isinstance(found, SpellHighlighter) else SpellHighlighter(document, editor)
