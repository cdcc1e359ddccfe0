"""DraftEditor: the writer's page, with a suggestion shown inline as grey ghost text.

The ghost is drawn in the block layout's pre-edit area (where input methods show composing
text), so it wraps and pushes the rest of the paragraph along without ever being document
content: it is not in the undo stack, not saved, not counted.  Accepting inserts it as one
undo step.

A revision (Draft ▸ Revise) is a ghost that replaces a passage: the ghost follows the passage,
which is struck through (painted over the page, not a format: the document is untouched until
Tab, so Esc leaves it exactly as it was); Tab replaces the passage with the ghost in one undo
step.  A revision is taken whole: no word-by-word accepting, no typing through it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QLocale, QMargins, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QInputMethodEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextLayout,
    QTextLine,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QWidget

from writer_app.core.drafting.stops import sentence_end
from writer_app.core.text.utf16 import index_from_utf16, utf16_length
from writer_app.core.text.words import next_word
from writer_app.ui.editor.page_layout import DEFAULT_LINE_SPACING, LINE_SPACINGS, PageLayout

PAGE_WIDTH_CHARS = 72  # the column's usual width, in characters ("n"s) of the text's font
PAGE_WIDTHS = (60, 72, 90, 0)  # View ▸ Page Width: narrow, medium, wide, the whole window
# Focus mode: the paragraphs around the cursor's are covered with the paper at this opacity.
FOCUS_DIM_ALPHA = 165
REVISION_GAP = "\u2002"  # an en space between a struck-through passage and its revision
# Invisible: only keeps Qt from merging the writer's next typing into an accept's undo step.
_ACCEPTED_FORMAT = QTextCharFormat()
_ACCEPTED_FORMAT.setProperty(QTextFormat.Property.UserProperty, True)


DEFAULT_TEXT_PT = 13
# Fonts made for Chinese, best first, after the page's own: Qt takes each character from the
# first that has it, so Han characters never come from whatever the system falls back on.
CJK_FAMILIES = (
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Noto Sans CJK SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
)


def page_families(chinese: bool) -> list[str]:
    """The page's fonts: a serif for English; for a Chinese writer, a Chinese serif first (its
    Latin letters match its Han characters)."""
    return [*CJK_FAMILIES, "Noto Serif"] if chinese else ["Noto Serif", *CJK_FAMILIES]


TEXT_PT_RANGE = (8, 48)  # View ▸ Zoom stops here: smaller is unreadable, larger is a poster


class DraftEditor(QPlainTextEdit):
    """Plain-text editor with ghost-text suggestions (see module docstring)."""

    ghostDismissed = Signal()  # the writer dropped the suggestion (Esc, an edit, a move)
    suggestionAccepted = Signal(str)  # text that became part of the manuscript
    ghostChanged = Signal(str)  # the ghost text now shown ('' when none)
    ghostConsumed = Signal()  # the writer took part of it (typed through, or a word)
    # Word alternatives: a character of the ghost (its index in ghost_text) and where to show
    # the choices: pointed at (hover), clicked, or asked for with Alt+Down (the first word).
    ghostPointed = Signal(int, QPoint)  # -1 when the pointer left the ghost
    wordChoicesRequested = Signal(int, QPoint)
    # The right-click menu, before it shows, with a cursor where the pointer is (spelling adds
    # its corrections at the top).
    contextMenuOpening = Signal(QMenu, QTextCursor)
    # The text itself changed (typing, a paste, an accept, an undo): not the ghost being drawn
    # nor the spelling underline, which Qt also reports as textChanged.
    edited = Signal()
    # The same edit, where: position, characters removed, characters added (Qt positions).
    editedAt = Signal(int, int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editor")
        self.setAccessibleName("Manuscript")
        self.setTabChangesFocus(False)
        font = QFont()
        font.setFamilies(page_families(chinese=QLocale().language() == QLocale.Language.Chinese))
        font.setStyleHint(QFont.StyleHint.Serif)
        font.setPointSize(DEFAULT_TEXT_PT)
        self.setFont(font)
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self._line_spacing = DEFAULT_LINE_SPACING
        self._indent = False  # View ▸ First-Line Indent (段首缩进)
        first = QTextDocument(self)
        self._lay_out(first)
        self.setDocument(first)
        self.viewport().setMouseTracking(True)  # pointing at a ghost word shows its choices
        self._ghost = ""
        self._ghost_pos = -1  # document position (UTF-16 units) the ghost is anchored at
        self._ghost_block: QTextBlock | None = None
        self._replacing: tuple[int, int] | None = None  # a revision's passage (Qt positions)
        self._active = False  # a suggestion session exists, even while its ghost is empty
        self._own_edit = 0  # > 0 while we change the document or cursor ourselves
        self._composing = False
        self._preedit_only = False  # while Qt shows a composition (the text is unchanged)
        self._page_chars = PAGE_WIDTH_CHARS
        self._focus = False  # View ▸ Focus Mode: dim all but the cursor's paragraph
        self._typewriter = False  # View ▸ Typewriter Scrolling: the cursor's line stays put
        self._focus_block = -1
        self._underlays: list[Callable[[QPainter, QRect], None]] = []
        self._ghost_format = QTextCharFormat()
        self._ghost_format.setForeground(QColor(128, 128, 128))
        self.document().contentsChange.connect(self._on_contents_change)
        self.cursorPositionChanged.connect(self._on_cursor_moved)
        self.cursorPositionChanged.connect(self._follow_cursor)

    # -- public API -------------------------------------------------------------------------

    def text_family(self) -> str:
        families = self.font().families()
        return families[0] if families else self.font().family()

    def set_text_family(self, family: str) -> None:
        """Show the text in ``family`` (View ▸ Font); the size stays."""
        font = self.font()
        font.setFamilies([family, *CJK_FAMILIES])  # Chinese in a font made for it, if it lacks it
        self.setFont(font)
        self.document().setDefaultFont(font)
        self._center_page()

    def text_size(self) -> int:
        """The text's size in points (View ▸ Zoom)."""
        return self.font().pointSize()

    def set_text_size(self, points: int) -> None:
        """Show the text at ``points`` (kept within ``TEXT_PT_RANGE``); every open document
        takes it when shown."""
        low, high = TEXT_PT_RANGE
        font = self.font()
        font.setPointSize(max(low, min(high, points)))
        self.setFont(font)
        self.document().setDefaultFont(font)
        self._center_page()  # the column is so many characters wide: it grows with the text

    def show_document(self, document) -> None:
        """Show another open document (each keeps its own text, cursor and undo history)."""
        if document is self.document():
            return
        self.dismiss_suggestion()
        self.document().contentsChange.disconnect(self._on_contents_change)
        document.setDefaultFont(self.font())  # a document brings its own font otherwise
        self._lay_out(document)
        self.setDocument(document)
        document.contentsChange.connect(self._on_contents_change)
        self._center_page()

    @property
    def ghost_text(self) -> str:
        return self._ghost

    @property
    def has_suggestion(self) -> bool:
        return self._active

    def start_suggestion(self) -> None:
        """Open a suggestion at the cursor; text arrives through ``append_ghost``."""
        self._clear_ghost_layout()
        self._active = True
        self._ghost = ""
        self._ghost_pos = self.textCursor().position()

    def start_revision(self, start: int, end: int) -> None:
        """Open a revision of the passage ``[start, end)`` (Qt positions): the cursor goes to
        its end, where the revised text arrives through ``append_ghost``."""
        self.dismiss_suggestion()
        self._own_edit += 1
        try:
            cursor = self.textCursor()
            cursor.setPosition(end)
            self.setTextCursor(cursor)
        finally:
            self._own_edit -= 1
        self.start_suggestion()
        self._replacing = (start, end)
        self.viewport().update()

    @property
    def revising(self) -> tuple[int, int] | None:
        """The passage a revision would replace (Qt positions), or None."""
        return self._replacing if self._active else None

    def append_ghost(self, text: str) -> None:
        if not self._active or not text:
            return
        self._ghost += text
        self._draw_ghost()
        self.ghostChanged.emit(self._ghost)

    def replace_ghost(self, text: str) -> None:
        """Show another alternative in place of the current ghost."""
        if not self._active:
            return
        self._ghost = text
        self._draw_ghost()
        self.ghostChanged.emit(self._ghost)

    def dismiss_suggestion(self) -> None:
        """Drop the ghost; the document is untouched."""
        if not self._active:
            return
        self._end_session()
        self.ghostDismissed.emit()

    def accept_suggestion(self) -> str:
        """Insert the whole ghost at its anchor as one undo step."""
        if not self._active or not self._ghost:
            return ""
        text, position, replacing = self._ghost, self._ghost_pos, self._replacing
        self._end_session()
        if replacing is not None:
            self._insert(text, replacing[0], replacing[1])
        else:
            self._insert(text, position)
        self.suggestionAccepted.emit(text)
        return text

    def accept_next_word(self) -> str:
        """Insert the ghost's next word (a Chinese run up to punctuation); the rest stays."""
        if not self._active or not self._ghost or self._replacing is not None:
            return ""
        return self._accept_start(next_word(self._ghost))

    def accept_next_sentence(self) -> str:
        """Insert the ghost up to the end of its next sentence (. ! ? or 。！？…, with a closing
        quote), or all of it when no sentence ends in it; the rest stays."""
        if not self._active or not self._ghost or self._replacing is not None:
            return ""
        end = sentence_end(self._ghost)
        return self._accept_start(self._ghost[:end] if end else self._ghost)

    def _accept_start(self, part: str) -> str:
        rest = self._ghost[len(part) :]
        self._clear_ghost_layout()
        self._insert(part, self._ghost_pos)
        self._ghost = rest
        self._ghost_pos = self.textCursor().position()
        self._draw_ghost()
        self.ghostConsumed.emit()
        self.suggestionAccepted.emit(part)
        return part

    # -- keys and mouse ----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if self._active:
            key, mods = event.key(), event.modifiers()
            plain = mods & ~Qt.KeyboardModifier.KeypadModifier in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.ShiftModifier,
            )
            if key == Qt.Key.Key_Escape:
                self.dismiss_suggestion()
                return
            if key == Qt.Key.Key_Down and mods == Qt.KeyboardModifier.AltModifier and self._ghost:
                where = self.viewport().mapToGlobal(self.cursorRect().bottomRight())
                self.wordChoicesRequested.emit(0, where)
                return
            if key == Qt.Key.Key_Tab and mods == Qt.KeyboardModifier.NoModifier and self._ghost:
                self.accept_suggestion()
                return
            if (
                key == Qt.Key.Key_Right
                and mods == Qt.KeyboardModifier.ControlModifier
                and self._ghost
            ):
                self.accept_next_word()
                return
            if key == Qt.Key.Key_Right and mods == Qt.KeyboardModifier.AltModifier and self._ghost:
                self.accept_next_sentence()
                return
            typed = event.text()
            through = plain and typed and typed.isprintable() and self._replacing is None
            if through and self._ghost.startswith(typed):
                self._type_through(event, typed)
                return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        offset = self.ghost_offset_at(event.position().toPoint())
        if offset is not None and event.button() == Qt.MouseButton.LeftButton:
            self.wordChoicesRequested.emit(offset, event.globalPosition().toPoint())
            return  # a click on the ghost picks a word there; it does not dismiss it
        self.dismiss_suggestion()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt override)
        if self._active and self._ghost:
            offset = self.ghost_offset_at(event.position().toPoint())
            self.ghostPointed.emit(
                -1 if offset is None else offset, event.globalPosition().toPoint()
            )
        super().mouseMoveEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # While a ghost shows, the tooltip is ours (word alternatives); Qt's own looks for a
        # link under the pointer, and its hit test in a paragraph holding a ghost runs past
        # the document's end ("QTextCursor::setPosition: Position … out of range").
        if event.type() == QEvent.Type.ToolTip and self._active and self._ghost:
            return True
        return super().viewportEvent(event)

    def ghost_offset_at(self, point: QPoint) -> int | None:
        """The index in ``ghost_text`` of the character drawn at ``point`` (viewport
        coordinates), or None when the ghost is not there."""
        block = self._ghost_block
        if not self._active or not self._ghost or block is None or not block.isValid():
            return None
        local = QPointF(point) - self._layout_origin(block)
        index = character_at(block.layout(), local)
        if index is None:
            return None
        inside = index - (self._ghost_pos - block.position() + len(self._lead()))
        if 0 <= inside < utf16_length(self._ghost):
            return index_from_utf16(self._ghost, inside)
        return None

    def ghost_point(self, ghost_offset: int) -> QPoint | None:
        """The middle of the ghost's character ``ghost_offset`` (viewport coordinates): where
        pointing or clicking reaches that word."""
        block = self._ghost_block
        if not self._active or block is None or not 0 <= ghost_offset < len(self._ghost):
            return None
        layout = block.layout()
        at = self._ghost_pos - block.position() + len(self._lead())
        at += utf16_length(self._ghost[:ghost_offset])
        line = layout.lineForTextPosition(at)
        if not line.isValid():
            return None
        left = x_of(line, at)
        right = x_of(line, at + utf16_length(self._ghost[ghost_offset]))
        inside = QPointF((left + right) / 2, line.y() + line.height() / 2)
        return (self._layout_origin(block) + inside).toPoint()

    def _layout_origin(self, block: QTextBlock) -> QPointF:
        """Where ``block``'s text layout starts, in viewport coordinates."""
        geometry = self.blockBoundingGeometry(block).translated(self.contentOffset())
        return geometry.topLeft() + block.layout().position()

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802 (Qt override)
        """An input method composes in the same pre-edit area the ghost is drawn in: while it
        composes, the ghost is hidden (kept, never in the document); a committed string that
        is the ghost's start types through it, as typed letters do; any other commits end it;
        a composition given up brings the ghost back."""
        preedit, commit = event.preeditString(), event.commitString()
        ghost = self._active and bool(self._ghost)
        through = ghost and self._replacing is None and self._ghost.startswith(commit)
        if through and commit and not preedit:
            self._commit_through(event, commit)
            return
        if ghost and commit:
            self.dismiss_suggestion()
        if preedit and not self._composing:
            self._clear_ghost_layout()  # before Qt draws the composition in the same place
        self._composing = bool(preedit)
        self._preedit_only = not commit  # Qt reports a changed composition as a change
        try:
            super().inputMethodEvent(event)
        finally:
            self._preedit_only = False
        if not self._composing and not commit and self._active and self._ghost:
            self._draw_ghost()  # the composition was given up: the ghost is back

    def _commit_through(self, event: QInputMethodEvent, commit: str) -> None:
        self._composing = False
        self._go_through(len(commit), lambda: QPlainTextEdit.inputMethodEvent(self, event))

    @property
    def composing(self) -> bool:
        """An input method is composing (pinyin shown under the cursor, not yet committed)."""
        return self._composing

    # -- internals ------------------------------------------------------------------------------

    def _type_through(self, event: QKeyEvent, typed: str) -> None:
        """The writer typed exactly what the ghost said next: keep the rest of the ghost."""
        self._go_through(len(typed), lambda: QPlainTextEdit.keyPressEvent(self, event))

    def _go_through(self, length: int, deliver) -> None:
        """Let Qt put in what was typed or committed (ordinary input, ordinary undo), the
        ghost's first ``length`` characters; the rest of the ghost stays after it."""
        rest = self._ghost[length:]
        self._clear_ghost_layout()
        self._own_edit += 1
        try:
            deliver()
        finally:
            self._own_edit -= 1
        self._ghost = rest
        self._ghost_pos = self.textCursor().position()
        self._draw_ghost()
        self.ghostConsumed.emit()

    def _insert(self, text: str, position: int, replacing_to: int | None = None) -> None:
        """Put ``text`` in at ``position`` (in place of the text up to ``replacing_to``)."""
        self._own_edit += 1
        try:
            cursor = self.textCursor()
            cursor.clearSelection()
            cursor.setPosition(position)
            if replacing_to is not None:
                cursor.setPosition(replacing_to, QTextCursor.MoveMode.KeepAnchor)
            # An edit block is one undo step and never merges with the typing before it.  Qt
            # would still merge the typing *after* it into the same step (an insert right after
            # a block's insert, in the same character format), so the accepted text carries a
            # marker format and typing goes on in the plain one: Ctrl+Z takes the writer's own
            # words first, then the whole suggestion.
            cursor.beginEditBlock()
            cursor.insertText(text, _ACCEPTED_FORMAT)
            cursor.endEditBlock()
            self.setTextCursor(cursor)
            self.setCurrentCharFormat(QTextCharFormat())
        finally:
            self._own_edit -= 1
        self.ensureCursorVisible()

    def _end_session(self) -> None:
        self._clear_ghost_layout()
        self._active = False
        self._ghost = ""
        self._ghost_pos = -1
        if self._replacing is not None:
            self._replacing = None
            self.viewport().update()

    def _draw_ghost(self) -> None:
        if self._composing:
            return  # the input method's composition is in the pre-edit area; drawn after it
        self._clear_ghost_layout()
        if not self._ghost or self._ghost_pos < 0:
            return
        block = self.document().findBlock(self._ghost_pos)
        if not block.isValid():
            return
        layout = block.layout()
        offset = self._ghost_pos - block.position()
        # Inside one block a paragraph break is shown as a line break.
        shown = self._lead() + self._ghost.replace("\r\n", "\n").replace("\n", "\u2028")
        layout.setPreeditArea(offset, shown)
        grey = QTextLayout.FormatRange()
        grey.start = offset
        grey.length = utf16_length(shown)
        grey.format = self._ghost_format
        layout.setFormats([grey])
        self._ghost_block = block
        self._relayout(block)
        self._rehighlight(block)
        self.ensureCursorVisible()
        self._show_ghost_end(block, offset + utf16_length(shown))

    def _lead(self) -> str:
        """Drawn before a revision's ghost: a gap after the struck-through passage."""
        return REVISION_GAP if self._replacing is not None else ""

    def _show_ghost_end(self, block: QTextBlock, end: int) -> None:
        """Scroll, a line at a time, until the growing ghost's last line is in view (at the
        foot of the page it would stream out of sight) — never so far that the cursor leaves
        the view."""
        bar = self.verticalScrollBar()
        for _ in range(200):
            line = block.layout().lineForTextPosition(max(end - 1, 0))
            if not line.isValid() or bar.value() >= bar.maximum():
                return
            bottom = self._layout_origin(block).y() + line.y() + line.height()
            if bottom <= self.viewport().height() or self.cursorRect().top() < line.height():
                return
            bar.setValue(bar.value() + 1)

    def _clear_ghost_layout(self) -> None:
        block = self._ghost_block
        self._ghost_block = None
        if block is None or not block.isValid():
            return
        layout = block.layout()
        layout.setPreeditArea(-1, "")
        layout.setFormats([])
        self._relayout(block)
        self._rehighlight(block)

    def _rehighlight(self, block: QTextBlock) -> None:
        """The spelling underline of ``block`` again (setting the ghost's formats replaced
        it; Qt's highlighter keeps the ghost's own and steps over it)."""
        highlighter = self.document().findChild(QSyntaxHighlighter)
        if highlighter is not None and block.isValid():
            self._own_edit += 1
            try:
                highlighter.rehighlightBlock(block)
            finally:
                self._own_edit -= 1

    def _relayout(self, block: QTextBlock) -> None:
        self._own_edit += 1
        try:
            self.document().markContentsDirty(block.position(), block.length())
        finally:
            self._own_edit -= 1
        self.viewport().update()

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        if (removed == 0 and added == 0) or self._preedit_only:
            return
        self.edited.emit()
        self.editedAt.emit(position, removed, added)
        if self._own_edit or not self._active:
            return
        self.dismiss_suggestion()

    def _on_cursor_moved(self) -> None:
        if self._own_edit or not self._active:
            return
        if self.textCursor().position() != self._ghost_pos:
            self.dismiss_suggestion()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt override)
        menu = self.createStandardContextMenu(event.pos())
        menu.setObjectName("editorContextMenu")
        self.contextMenuOpening.emit(menu, self.cursorForPosition(event.pos()))
        menu.exec(event.globalPos())
        menu.deleteLater()

    # -- a calm page -----------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        # QAbstractScrollArea forwards the viewport's own resizes here too, so the margins are
        # computed from the widget's width and only set when they change (else: a loop).
        self._center_page()
        super().resizeEvent(event)

    def line_spacing(self) -> float:
        return self._line_spacing

    def set_line_spacing(self, spacing: float) -> None:
        """View ▸ Line Spacing: lines ``spacing`` times their height apart (1.0: single)."""
        self._line_spacing = spacing if spacing in LINE_SPACINGS else DEFAULT_LINE_SPACING
        self._lay_out(self.document())
        self.viewport().update()

    def _lay_out(self, document: QTextDocument) -> None:
        """Give ``document`` the page's layout (line spacing) before it is shown."""
        # (Found as the document's child, not asked of documentLayout(): that would make Qt a
        # default layout, and give Python a handle on it that outlives it once replaced.)
        layout = document.findChild(PageLayout)
        if isinstance(layout, PageLayout):
            if layout.spacing != self._line_spacing:
                layout.set_spacing(self._line_spacing)
            if layout.indent != self._indent:
                layout.set_indent(self._indent)
            return
        # Qt reports a new layout as the whole text inserted (contentsChange(0, 0, length)):
        # nothing was typed, so nobody may hear it (the journal, the read-ahead, spelling).
        blocked = document.blockSignals(True)
        try:
            document.setDocumentLayout(PageLayout(document, self._line_spacing, self._indent))
        finally:
            document.blockSignals(blocked)

    def first_line_indent(self) -> bool:
        return self._indent

    def set_first_line_indent(self, on: bool) -> None:
        """View ▸ First-Line Indent: each paragraph's first line two full-width spaces in, as
        Chinese prose is set; only the view (the text gets no spaces)."""
        self._indent = on
        self._lay_out(self.document())
        self.viewport().update()

    def page_chars(self) -> int:
        return self._page_chars

    def set_page_chars(self, chars: int) -> None:
        """View ▸ Page Width: a column of ``chars`` characters centred, 0 for the whole window."""
        self._page_chars = chars if chars in PAGE_WIDTHS else PAGE_WIDTH_CHARS
        self._center_page()

    def _center_page(self) -> None:
        """Keep a readable column of the chosen width in the middle of the window."""
        if self._page_chars:
            column = self.fontMetrics().horizontalAdvance("n") * self._page_chars
        else:
            column = self.width()
        spare = max(0, self.width() - column - self.verticalScrollBar().sizeHint().width())
        side = max(spare // 2, 24)
        margins = QMargins(side, 24, side, 24)
        if self.viewportMargins() != margins:
            self.setViewportMargins(margins)

    # -- focus and typewriter ------------------------------------------------------------------

    @property
    def focus_mode(self) -> bool:
        return self._focus

    def set_focus_mode(self, on: bool) -> None:
        """Dim every paragraph but the one being written (the ghost is in it, so it stays)."""
        self._focus = on
        self.viewport().update()

    @property
    def typewriter(self) -> bool:
        return self._typewriter

    def set_typewriter(self, on: bool) -> None:
        """Keep the line being written in the middle of the page, as on a typewriter; the
        last lines can scroll up to it (the page runs on below the text)."""
        self._typewriter = on
        self.setCenterOnScroll(on)
        if on:
            self.centerCursor()

    def add_underlay(self, paint: Callable[[QPainter, QRect], None]) -> None:
        """Have ``paint`` draw on the paper, beneath the text and everything Qt draws with it
        (selection, extra selections, the spelling underline), in the area to repaint
        (View ▸ Predictability's tints)."""
        self._underlays.append(paint)

    def layout_origin(self, block: QTextBlock) -> QPointF:
        """Where ``block``'s text layout starts, in viewport coordinates."""
        return self._layout_origin(block)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self._underlays:
            painter = QPainter(self.viewport())
            painter.setClipRect(event.rect())
            for paint in self._underlays:
                paint(painter, event.rect())
            painter.end()
        super().paintEvent(event)
        if self._replacing is not None and self._active:
            self._strike_through(*self._replacing)
        if not self._focus:
            return
        block = self.textCursor().block()
        rect = self.blockBoundingGeometry(block).translated(self.contentOffset())
        veil = QColor(self.palette().color(QPalette.ColorRole.Base))
        veil.setAlpha(FOCUS_DIM_ALPHA)
        painter = QPainter(self.viewport())
        width = self.viewport().width()
        painter.fillRect(QRectF(0, 0, width, max(0.0, rect.top())), veil)
        bottom = rect.bottom()
        painter.fillRect(
            QRectF(0, bottom, width, max(0.0, self.viewport().height() - bottom)), veil
        )
        painter.end()

    def _strike_through(self, start: int, end: int) -> None:
        """The passage a revision replaces, struck through in the ghost's colour on a faint
        wash of it, line by line (only the lines in view are painted)."""
        colour = self.ghost_colour()
        wash = QColor(colour)
        wash.setAlpha(36)
        painter = QPainter(self.viewport())
        painter.setPen(QPen(colour, max(1.0, self.fontMetrics().lineWidth() * 1.5)))
        rise = QFontMetricsF(self.font()).strikeOutPos()
        height = self.viewport().height()
        block = self.document().findBlock(start)
        while block.isValid() and block.position() < end:
            origin = self._layout_origin(block)
            if origin.y() > height:
                break
            layout = block.layout()
            low, high = start - block.position(), end - block.position()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                a = max(low, line.textStart())
                b = min(high, line.textStart() + line.textLength())
                top = origin.y() + line.y()
                if a >= b or top + line.height() < 0 or top > height:
                    continue
                left, right = origin.x() + x_of(line, a), origin.x() + x_of(line, b)
                painter.fillRect(QRectF(left, top, right - left, line.height()), wash)
                y = top + line.ascent() - rise
                painter.drawLine(QPointF(left, y), QPointF(right, y))
            block = block.next()
        painter.end()

    def _follow_cursor(self) -> None:
        """Focus and typewriter modes follow the cursor from paragraph to paragraph."""
        if self._typewriter and not self._own_edit:
            self.centerCursor()
        if self._focus:
            number = self.textCursor().blockNumber()
            if number != self._focus_block:
                self._focus_block = number
                self.viewport().update()

    def set_colours(self, paper: QColor, ink: QColor, ghost: QColor) -> None:
        """The page's paper and ink, and the ghost's grey (View ▸ Theme)."""
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Base, paper)
        palette.setColor(QPalette.ColorRole.Text, ink)
        self.setPalette(palette)
        self._ghost_format.setForeground(ghost)
        if self._ghost:
            self._draw_ghost()  # a ghost on the page takes the new grey now

    def ghost_colour(self) -> QColor:
        return self._ghost_format.foreground().color()


def character_at(layout: QTextLayout, local: QPointF) -> int | None:
    """The position in ``layout`` of the character drawn at ``local`` (layout coordinates),
    or None where there is none (a margin, past a line's end)."""
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        if not line.y() <= local.y() < line.y() + line.height():
            continue
        if not line.x() <= local.x() <= line.x() + line.naturalTextWidth():
            return None
        index = line.xToCursor(local.x(), QTextLine.CursorPosition.CursorOnCharacter)
        return int(index[0] if isinstance(index, tuple) else index)
    return None


def x_of(line: QTextLine, position: int) -> float:
    """``QTextLine.cursorToX`` for a position (PySide6 returns the x with the position)."""
    result = line.cursorToX(position)
    return float(result[0] if isinstance(result, tuple) else result)
