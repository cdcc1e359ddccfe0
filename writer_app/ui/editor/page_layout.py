"""Line spacing and the first-line indent on the page (View ▸ Line Spacing, View ▸ First-Line
Indent).

QPlainTextEdit lays a paragraph out line under line, as tight as the font allows, and ignores
the line height of a block's format (only QTextEdit's layout reads it; QPlainTextEdit is what
keeps a 1,000,000-character chapter fast).  So this layout lets Qt lay the paragraph out as
usual and then moves its lines apart: Qt asks for a block's rectangle before it paints the
block, places the cursor or maps a click, and the lines' positions are what all three read.  It
is asked only for the blocks on screen (scrolling counts lines), so a long chapter costs no more
than a short one.  The text is untouched: spacing is only how the page is shown.

The first-line indent (段首缩进, two full-width spaces, as Chinese prose is set) is the same
idea: a paragraph's first line is laid out that much narrower and further in.  Never typed into
the text: a paragraph that already starts with spaces keeps only its own.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF, QTextBlock, QTextDocument, QTextLayout
from PySide6.QtWidgets import QPlainTextDocumentLayout

LINE_SPACINGS = (1.0, 1.2, 1.5, 2.0)  # View ▸ Line Spacing: single … double
DEFAULT_LINE_SPACING = 1.2


class PageLayout(QPlainTextDocumentLayout):
    """A plain-text layout whose lines stand ``spacing`` times their height apart."""

    def __init__(
        self, document: QTextDocument, spacing: float = DEFAULT_LINE_SPACING, indent: bool = False
    ) -> None:
        super().__init__(document)
        self.spacing = spacing
        self.indent = indent

    def set_spacing(self, spacing: float) -> None:
        self.spacing = spacing
        self._again()

    def set_indent(self, indent: bool) -> None:
        self.indent = indent
        self._again()

    def _again(self) -> None:
        document = self.document()
        document.markContentsDirty(0, document.characterCount())  # laid out afresh

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:  # noqa: N802 (Qt override)
        rect = super().blockBoundingRect(block)
        layout = block.layout()
        count = layout.lineCount()
        if self.indent and count and _indented(block):
            count = self._indent_first_line(block, layout)
            rect = super().blockBoundingRect(block)
        if self.spacing == 1.0 or count == 0:
            return rect
        top, moved = 0.0, False
        for number in range(count):
            line = layout.lineAt(number)
            if abs(line.y() - top) > 0.01:
                line.setPosition(QPointF(line.x(), top))
                moved = True
            top += line.height() * self.spacing
        if moved:
            rect = super().blockBoundingRect(block)
        rect.setHeight(max(rect.height(), top))
        return rect

    def _indent_first_line(self, block: QTextBlock, layout: QTextLayout) -> int:
        """Lay ``block`` out again with its first line two full-width spaces in (once per
        layout Qt makes: a line already in place is left alone); its number of lines."""
        first = layout.lineAt(0)
        indent = QFontMetricsF(block.charFormat().font()).horizontalAdvance(INDENT)
        margin = self.document().documentMargin()
        if abs(first.x() - (margin + indent)) < 0.5:
            return layout.lineCount()
        width = first.width()
        layout.beginLayout()
        top = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            shift = indent if line.lineNumber() == 0 else 0.0
            line.setLeadingIncluded(True)
            line.setLineWidth(max(1.0, width - shift))
            line.setPosition(QPointF(margin + shift, top))
            top += line.height()
        layout.endLayout()
        block.setLineCount(layout.lineCount())
        return layout.lineCount()


INDENT = "\u3000\u3000"  # two full-width spaces


def _indented(block: QTextBlock) -> bool:
    """A paragraph of text that does not already start with spaces of its own."""
    text = block.text()
    return bool(text) and not text[0].isspace()
