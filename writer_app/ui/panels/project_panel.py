"""The chapter sidebar of a novel project: the chapters in order with their word counts, and
the commands that add, rename, reorder, delete (to the trash) and restore them.

Every change goes straight to the Project, which writes it to disk at once; after an error the
list is rebuilt from ``project.chapters`` so it never shows an order the project does not have.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.manuscript.project import Project, ProjectError
from writer_app.ui.dialogs import file_questions as questions
from writer_app.ui.dialogs.trash import TrashDialog
from writer_app.ui.failures import tell
from writer_app.ui.language import shown
from writer_app.ui.numbers import whole

log = logging.getLogger(__name__)

from writer_app.ui.panels.chapter_list import (  # noqa: E402,F401 — roles are part of the API
    COUNT_ROLE,
    ID_ROLE,
    MODIFIED_ROLE,
    TITLE_ROLE,
    ChapterDelegate,
    ChapterList,
    chapter_label,
)


class ProjectPanel(QWidget):
    """Shows a Project's chapters; edits go to the project (and so to disk) at once."""

    chapterActivated = Signal(str)  # open this chapter: clicked, Enter, or just added/restored
    chapterAboutToBeDeleted = Signal(str)  # its file is still in place: save or discard it now
    chapterDeleted = Signal(str)  # its file is in the trash now
    chapterRenamed = Signal(str, str)  # id, new title
    chapterRestored = Signal(str)
    orderChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("projectPanel")
        self._project: Project | None = None
        self._counts: dict[str, int] = {}
        self._modified: set[str] = set()
        self._rebuilding = False
        self._delete_cancelled = False
        self._trash_dialog: TrashDialog | None = None

        self.title_label = QLabel(self.tr("No project"))
        self.title_label.setObjectName("projectTitle")
        self.title_label.setWordWrap(True)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        self.chapter_list = ChapterList()
        self._build_actions()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title_label)
        layout.addWidget(self.chapter_list, 1)
        layout.addLayout(self._buttons())

        self.chapter_list.clicked.connect(self._on_clicked)
        self.chapter_list.openRequested.connect(self._open_current)
        self.chapter_list.currentRowChanged.connect(lambda _row: self._update_actions())
        self.chapter_list.customContextMenuRequested.connect(self._show_context_menu)
        self.chapter_list.model().rowsMoved.connect(self._on_rows_moved)
        self._update_actions()

    def _build_actions(self) -> None:
        self.add_action = self._action(
            self.tr("Add Chapter…"),
            self.tr("Add"),
            "addChapterAction",
            self.add_chapter,
            self.tr("Add a new chapter after the selected one."),
        )
        self.rename_action = self._action(
            self.tr("Rename…"),
            self.tr("Rename"),
            "renameChapterAction",
            self.rename_chapter,
            self.tr("Change the selected chapter's title (F2). Its file keeps its name."),
            QKeySequence(Qt.Key.Key_F2),
        )
        self.move_up_action = self._action(
            self.tr("Move Up"),
            self.tr("Up"),
            "moveChapterUpAction",
            self.move_chapter_up,
            self.tr("Move the selected chapter one place earlier (Alt+Up)."),
            QKeySequence("Alt+Up"),
        )
        self.move_down_action = self._action(
            self.tr("Move Down"),
            self.tr("Down"),
            "moveChapterDownAction",
            self.move_chapter_down,
            self.tr("Move the selected chapter one place later (Alt+Down)."),
            QKeySequence("Alt+Down"),
        )
        self.delete_action = self._action(
            self.tr("Delete (Move to Trash)…"),
            self.tr("Delete"),
            "deleteChapterAction",
            self.delete_chapter,
            self.tr(
                "Move the selected chapter to the project's trash, where it can be restored (Del)."
            ),
            QKeySequence(QKeySequence.StandardKey.Delete),
        )
        self.trash_action = self._action(
            self.tr("Trash…"),
            self.tr("Trash"),
            "trashAction",
            self.open_trash,
            self.tr("See deleted chapters and restore them."),
        )

    def _buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for action, name in (
            (self.add_action, "addChapterButton"),
            (self.rename_action, "renameChapterButton"),
            (self.delete_action, "deleteChapterButton"),
            (self.trash_action, "trashButton"),
        ):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setObjectName(name)
            button.setAccessibleName(action.iconText())
            button.setAutoRaise(True)
            buttons.addWidget(button)
        buttons.addStretch(1)
        return buttons

    def _action(
        self,
        text: str,
        short: str,
        name: str,
        slot: Callable[[], None],
        tip: str,
        shortcut: QKeySequence | None = None,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setIconText(short)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if shortcut is not None:
            action.setShortcut(shortcut)
            # Only while the chapter list has focus: Delete and Alt+arrows belong to the editor
            # everywhere else.
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.chapter_list.addAction(action)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    # -- public API ---------------------------------------------------------------------------

    def project(self) -> Project | None:
        return self._project

    def set_project(self, project: Project | None) -> None:
        """Show ``project`` (None: no project). Opens no chapter: the window decides that."""
        if self._trash_dialog is not None:
            self._trash_dialog.reject()
        self._project = project
        self._counts.clear()
        self._modified.clear()
        self.chapter_list.clear()
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the list from ``project.chapters``, keeping the current chapter."""
        current = self.current_chapter_id()
        project = self._project
        self._rebuilding = True
        try:
            self.chapter_list.clear()
            self.title_label.setText(
                project.title if project is not None else self.tr("No project")
            )
            for chapter in project.chapters if project is not None else []:
                item = QListWidgetItem()
                item.setFlags(
                    Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsDragEnabled
                )
                item.setData(ID_ROLE, chapter.id)
                item.setData(TITLE_ROLE, chapter.title)
                self.chapter_list.addItem(item)
                self._show_state(item)
        finally:
            self._rebuilding = False
        if current is not None:
            self.select_chapter(current)
        self._update_actions()

    def select_chapter(self, chapter_id: str) -> bool:
        """Make ``chapter_id`` the current row without emitting chapterActivated."""
        item = self._item(chapter_id)
        if item is None:
            return False
        self.chapter_list.setCurrentItem(item)
        self.chapter_list.scrollToItem(item)
        return True

    def current_chapter_id(self) -> str | None:
        item = self.chapter_list.currentItem()
        return str(item.data(ID_ROLE)) if item is not None else None

    def set_word_counts(self, counts: dict[str, int]) -> None:
        """Show these chapters' counts (others keep theirs); cheap enough to call while typing."""
        self._counts.update(counts)
        for chapter_id in counts:
            if (item := self._item(chapter_id)) is not None:
                self._show_state(item)

    def set_modified(self, chapter_id: str, modified: bool) -> None:
        """Mark a chapter with unsaved changes with "•" (or clear the mark)."""
        if modified:
            self._modified.add(chapter_id)
        else:
            self._modified.discard(chapter_id)
        if (item := self._item(chapter_id)) is not None:
            self._show_state(item)

    def cancel_delete(self) -> None:
        """Called from a chapterAboutToBeDeleted handler (e.g. its document could not be
        saved): the chapter stays in the project and chapterDeleted is not emitted."""
        self._delete_cancelled = True

    # -- commands -----------------------------------------------------------------------------

    def add_chapter(self) -> None:
        project = self._project
        if project is None:
            return
        default = self.tr("Chapter {number}").format(number=len(project.chapters) + 1)
        title = questions.chapter_title(self, current=default, new=True)
        if title is None:
            return
        try:
            chapter = project.add_chapter(title, after=self.current_chapter_id())
        except (ProjectError, OSError) as error:
            self._report(
                self.tr("Chapter Not Added"), self.tr("The chapter could not be added"), error
            )
            return
        self.refresh()
        self.select_chapter(chapter.id)
        self.chapterActivated.emit(chapter.id)

    def rename_chapter(self) -> None:
        project, chapter_id = self._project, self.current_chapter_id()
        if project is None or chapter_id is None:
            return
        old = self._title(chapter_id)
        title = questions.chapter_title(self, current=old, new=False)
        if title is None or title.strip() == old:
            return
        try:
            chapter = project.rename_chapter(chapter_id, title)
        except (ProjectError, OSError) as error:
            failure = self.tr("“{title}” could not be renamed").format(title=old)
            self._report(self.tr("Chapter Not Renamed"), failure, error)
            return
        self.refresh()
        self.chapterRenamed.emit(chapter_id, chapter.title)

    def delete_chapter(self) -> None:
        """Ask, then: chapterAboutToBeDeleted, the file goes to trash/, chapterDeleted, and the
        neighbour is opened (chapterActivated), unless the project is now empty."""
        project, chapter_id = self._project, self.current_chapter_id()
        if project is None or chapter_id is None:
            return
        title = self._title(chapter_id)
        if not questions.move_chapter_to_trash(self, title):
            return
        row = self.chapter_list.currentRow()
        self._delete_cancelled = False
        self.chapterAboutToBeDeleted.emit(chapter_id)
        if self._delete_cancelled:
            log.info("deleting chapter %s was cancelled by the window", chapter_id)
            return
        try:
            project.delete_chapter(chapter_id)
        except (ProjectError, OSError) as error:
            failure = self.tr("“{title}” could not be moved to the trash").format(title=title)
            self._report(self.tr("Chapter Not Deleted"), failure, error)
            if self.select_chapter(chapter_id):  # the window may have closed it: reopen it
                self.chapterActivated.emit(chapter_id)
            return
        self._counts.pop(chapter_id, None)
        self._modified.discard(chapter_id)
        self.refresh()
        self.chapterDeleted.emit(chapter_id)
        chapters = project.chapters
        if chapters:
            neighbour = chapters[min(row, len(chapters) - 1)].id
            self.select_chapter(neighbour)
            self.chapterActivated.emit(neighbour)

    def move_chapter_up(self) -> None:
        self._move_current(-1)

    def move_chapter_down(self) -> None:
        self._move_current(+1)

    def open_trash(self) -> None:
        """Open the trash (window-modal, not blocking); restoring opens the chapter."""
        if self._project is None:
            return
        if self._trash_dialog is not None:
            self._trash_dialog.raise_()
            self._trash_dialog.activateWindow()
            return
        dialog = TrashDialog(self._project, self)
        dialog.chapterRestored.connect(self._on_chapter_restored)
        dialog.finished.connect(self._forget_trash_dialog)
        self._trash_dialog = dialog
        dialog.open()

    # -- internals ----------------------------------------------------------------------------

    def _item(self, chapter_id: str) -> QListWidgetItem | None:
        for row in range(self.chapter_list.count()):
            item = self.chapter_list.item(row)
            if item.data(ID_ROLE) == chapter_id:
                return item
        return None

    def _title(self, chapter_id: str) -> str:
        item = self._item(chapter_id)
        return str(item.data(TITLE_ROLE)) if item is not None else ""

    def _listed_ids(self) -> list[str]:
        return [
            str(self.chapter_list.item(row).data(ID_ROLE))
            for row in range(self.chapter_list.count())
        ]

    def _show_state(self, item: QListWidgetItem) -> None:
        chapter_id = str(item.data(ID_ROLE))
        title = str(item.data(TITLE_ROLE))
        count = self._counts.get(chapter_id)
        modified = chapter_id in self._modified
        item.setData(COUNT_ROLE, count)
        item.setData(MODIFIED_ROLE, modified)
        item.setText(chapter_label(title, count, modified))
        if count is None:
            tip = self.tr("{title} (unsaved changes)") if modified else "{title}"
        elif modified:
            tip = self.tr("{title}: {count} words (unsaved changes)")
        else:
            tip = self.tr("{title}: {count} words")
        item.setToolTip(tip.format(title=title, count=whole(count or 0)))

    def _update_actions(self) -> None:
        has_project = self._project is not None
        row, count = self.chapter_list.currentRow(), self.chapter_list.count()
        self.add_action.setEnabled(has_project)
        self.trash_action.setEnabled(has_project)
        self.rename_action.setEnabled(row >= 0)
        self.delete_action.setEnabled(row >= 0)
        self.move_up_action.setEnabled(row > 0)
        self.move_down_action.setEnabled(0 <= row < count - 1)

    def _move_current(self, step: int) -> None:
        row = self.chapter_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.chapter_list.count():
            return
        # The same path a drag-and-drop takes (QListView's InternalMove drop calls moveRow), so
        # _on_rows_moved is the one place the project learns a new order.
        destination = target if step < 0 else target + 1
        self.chapter_list.model().moveRow(QModelIndex(), row, QModelIndex(), destination)

    def _on_rows_moved(
        self,
        _parent: QModelIndex | QPersistentModelIndex,
        start: int,
        end: int,
        _destination: QModelIndex | QPersistentModelIndex,
        row: int,
    ) -> None:
        project = self._project
        if self._rebuilding or project is None:
            return
        moved = end - start + 1
        first = row if row < start else row - moved
        listed = self._listed_ids()
        try:
            for offset in range(moved):
                project.move_chapter(listed[first + offset], first + offset)
        except (ProjectError, OSError) as error:
            # Inside a drop event: no modal dialog and no rebuilding the list until it is over.
            QTimer.singleShot(
                0,
                lambda error=error: self._report(
                    self.tr("Order Not Saved"),
                    self.tr("The new chapter order could not be saved"),
                    error,
                ),
            )
            return
        if [chapter.id for chapter in project.chapters] != listed:
            log.warning("chapter list out of step with the project; rebuilding it")
            QTimer.singleShot(0, self.refresh)
        self._update_actions()
        self.orderChanged.emit()

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.chapterActivated.emit(str(index.data(ID_ROLE)))

    def _open_current(self) -> None:
        chapter_id = self.current_chapter_id()
        if chapter_id is not None:
            self.chapterActivated.emit(chapter_id)

    def _on_chapter_restored(self, chapter_id: str) -> None:
        self.refresh()
        self.select_chapter(chapter_id)
        self.chapterRestored.emit(chapter_id)
        self.chapterActivated.emit(chapter_id)

    def _forget_trash_dialog(self) -> None:
        if self._trash_dialog is not None:
            self._trash_dialog.deleteLater()
        self._trash_dialog = None

    def _show_context_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        menu.setObjectName("chapterContextMenu")
        menu.addAction(self.add_action)
        menu.addAction(self.rename_action)
        menu.addSeparator()
        menu.addAction(self.move_up_action)
        menu.addAction(self.move_down_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.addAction(self.trash_action)
        menu.exec(self.chapter_list.viewport().mapToGlobal(position))
        menu.deleteLater()

    def _report(self, title: str, failure: str, error: Exception) -> None:
        """Tell the writer (a sentence, never an errno) and re-sync the list from the project."""
        if isinstance(error, ProjectError):
            message = shown(error)
        else:
            reason = getattr(error, "strerror", None) or str(error)
            message = self.tr(
                "{failure} ({reason}). Check that the project folder is still there "
                "and that you can write to it."
            ).format(failure=failure, reason=reason)
        log.warning("%s: %s", failure, error)
        tell(self, title, message)
        self.refresh()
