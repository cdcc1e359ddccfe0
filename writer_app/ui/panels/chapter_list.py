"""The chapter list of the sidebar: one row per chapter, its title and, quieter, its words."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from writer_app.ui.numbers import whole

ID_ROLE = Qt.ItemDataRole.UserRole  # the chapter id (str)
TITLE_ROLE = Qt.ItemDataRole.UserRole + 1  # the bare title, without count or marker
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2  # int, or None while unknown
MODIFIED_ROLE = Qt.ItemDataRole.UserRole + 3  # bool: the open chapter has unsaved changes
MODIFIED_MARK = "•"


def chapter_label(title: str, count: int | None, modified: bool) -> str:
    """The item's text (what a screen reader reads): "• The Storm — 2,314"."""
    marked = f"{MODIFIED_MARK} {title}" if modified else title
    return marked if count is None else f"{marked} — {whole(count)}"


class ChapterDelegate(QStyledItemDelegate):
    """Paints the title in the text colour and the word count, right-aligned, in a quieter one."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Normal
            if opt.state & QStyle.StateFlag.State_Enabled
            else QPalette.ColorGroup.Disabled
        )
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        colour = opt.palette.color(group, role)
        quiet = QColor(colour)
        quiet.setAlphaF(0.55)
        count = index.data(COUNT_ROLE)
        count_text = whole(count) if isinstance(count, int) else ""
        modified = bool(index.data(MODIFIED_ROLE))
        title = chapter_label(str(index.data(TITLE_ROLE) or ""), None, modified)
        metrics = opt.fontMetrics
        rect = text_rect.adjusted(4, 0, -4, 0)
        room = rect.width() - (metrics.horizontalAdvance(count_text + "   ") if count_text else 0)
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(colour)
        align = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(
            rect,
            align | Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(title, Qt.TextElideMode.ElideRight, max(0, room)),
        )
        if count_text:
            painter.setPen(quiet)
            painter.drawText(rect, align | Qt.AlignmentFlag.AlignRight, count_text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        # No width of its own: rows take the list's width and long titles are elided, so the
        # count stays in view instead of behind a horizontal scroll bar.
        return QSize(1, super().sizeHint(option, index).height())


class ChapterList(QListWidget):
    """The list itself: one selection, reordered by dragging, a menu on right-click; Enter
    opens the current chapter (a click does, through ``clicked``)."""

    openRequested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("chapterList")
        self.setAccessibleName(self.tr("Chapters"))
        self.setToolTip(self.tr("Click a chapter to open it; drag to reorder."))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragDropOverwriteMode(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setItemDelegate(ChapterDelegate(self))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        keypad = Qt.KeyboardModifier.KeypadModifier
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, keypad)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain and self.currentItem():
            self.openRequested.emit()
            event.accept()
            return
        super().keyPressEvent(event)
