"""The project's trash: deleted chapters, most recently deleted first, each restorable to the
place it had in the chapter list."""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.manuscript.project import Project, ProjectError
from writer_app.core.manuscript.trash import TrashEntry
from writer_app.ui.dialogs import format_when
from writer_app.ui.failures import tell

log = logging.getLogger(__name__)


def describe_deleted(entry: TrashEntry) -> str:
    """ "deleted today at 14:03"; the raw stamp if project.json holds something odd."""
    try:
        when = format_when(datetime.fromisoformat(entry.deleted_at))
    except ValueError:
        if not entry.deleted_at:
            return QCoreApplication.translate("TrashDialog", "deleted at an unknown time")
        when = entry.deleted_at
    return QCoreApplication.translate("TrashDialog", "deleted {when}").format(when=when)


class TrashDialog(QDialog):
    """Lists ``project.trashed()``; Restore puts the selected chapter back through
    ``Project.restore_chapter`` and emits ``chapterRestored``. The dialog stays open so several
    chapters can come back in one visit."""

    chapterRestored = Signal(str)  # chapter id, after it is back in project.chapters

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trashDialog")
        self.setWindowTitle(self.tr("Trash — {title}").format(title=project.title))
        self.resize(520, 360)
        self._project = project
        self._entries: dict[str, TrashEntry] = {}

        intro = QLabel(
            self.tr(
                "Deleted chapters wait here until you restore them; their files are in "
                "{folder}. Restore puts a chapter back where it was."
            ).format(folder=project.trash_dir)
        )
        intro.setObjectName("trashIntro")
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.entry_list = QListWidget()
        self.entry_list.setObjectName("trashList")
        self.entry_list.setAccessibleName("Deleted chapters")
        self.empty_label = QLabel(self.tr("The trash is empty."))
        self.empty_label.setObjectName("trashEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.setObjectName("restoreChapterButton")
        self.restore_button.setToolTip(
            self.tr("Put the selected chapter back in the chapter list.")
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        self.entry_list.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        self.entry_list.currentRowChanged.connect(lambda _row: self._update_button())

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.entry_list, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(buttons)
        # Only once the button is inside the dialog does the dialog learn it is the default.
        self.restore_button.setDefault(True)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the trash from the project (it may have changed behind the dialog)."""
        entries = self._project.trashed()
        self._entries = {entry.id: entry for entry in entries}
        self.entry_list.clear()
        for entry in entries:
            text = self.tr("{title} — {deleted}").format(
                title=entry.title, deleted=describe_deleted(entry)
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, entry.id)
            item.setToolTip(str(entry.path))
            self.entry_list.addItem(item)
        if entries:
            self.entry_list.setCurrentRow(0)
        self.entry_list.setVisible(bool(entries))
        self.empty_label.setVisible(not entries)
        self._update_button()

    def selected_entry(self) -> TrashEntry | None:
        item = self.entry_list.currentItem()
        return self._entries.get(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def restore_selected(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        try:
            chapter = self._project.restore_chapter(entry)
        except ProjectError as error:
            tell(self, self.tr("Chapter Not Restored"), str(error))
            self.refresh()
            return
        except OSError as error:  # the core wraps its own; this is a last line of defence
            log.warning("restoring %s failed: %s", entry.path, error)
            tell(
                self,
                self.tr("Chapter Not Restored"),
                self.tr(
                    "“{title}” could not be restored ({reason}). "
                    "Check that the project folder is still there and you can write to it."
                ).format(title=entry.title, reason=error.strerror or error),
            )
            self.refresh()
            return
        log.info("restored chapter %s from the trash", chapter.id)
        self.refresh()
        self.chapterRestored.emit(chapter.id)

    def _update_button(self) -> None:
        self.restore_button.setEnabled(self.selected_entry() is not None)
