"""Shown at start-up after a crash: which documents' unsaved text to bring back.

The dialog only asks; the caller acts on the ``RecoveryChoice`` (``recovery.restore`` for the
documents to restore, ``recovery.dismiss`` for those discarded, nothing for the rest, whose
journals are offered again next time).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.manuscript.recovery import DamagedJournal, Recoverable
from writer_app.ui.dialogs import format_when
from writer_app.ui.failures import ask, tell
from writer_app.ui.language import shown

_INDEX_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class RecoveryChoice:
    """What the writer decided. Every Recoverable given to the dialog is in exactly one field."""

    restore: tuple[Recoverable, ...] = ()  # put back into editors (recovery.restore)
    discard: tuple[Recoverable, ...] = ()  # pass to recovery.dismiss
    later: tuple[Recoverable, ...] = ()  # leave the journals alone: offered again next start


def describe_damaged(damaged: Sequence[DamagedJournal]) -> str:
    """ "1 damaged journal was kept aside in <folder>." """
    count = len(damaged)
    folders = ", ".join(sorted({str(item.path.parent) for item in damaged}))
    if count == 1:
        text = QCoreApplication.translate(
            "RecoveryDialog", "1 damaged journal was kept aside in {folders}."
        )
    else:
        text = QCoreApplication.translate(
            "RecoveryDialog", "{count} damaged journals were kept aside in {folders}."
        )
    return text.format(count=count, folders=folders)


class RestoreTarget(enum.Enum):
    """Where the text of a journal whose file was replaced goes back."""

    COPY = "an untitled copy"  # the safe default: nothing on disk can be overwritten
    FILE = "the file"  # the writer confirmed: saving replaces what the file holds now
    LATER = "later"  # nothing now; the journal is offered again at the next start


def ask_restore_target(parent: QWidget | None, rec: Recoverable) -> RestoreTarget:
    """Ask where to restore ``rec`` when the file at its path is not the one its text came
    from (another program changed or replaced it since). The default overwrites nothing."""
    box = QMessageBox(parent)
    box.setObjectName("restoreTargetQuestion")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("RecoveryDialog", "The File Has Changed"))
    box.setText(
        QCoreApplication.translate(
            "RecoveryDialog",
            "The unsaved text of “{title}” was written in {path}, but that file is no longer "
            "the one it came from: another program has changed or replaced it since. Restore "
            "the text as an untitled copy (nothing on disk is changed), or into this file "
            "(saving would then replace what the file holds now)?",
        ).format(title=rec.title, path=rec.path)
    )
    copy = box.addButton(
        QCoreApplication.translate("RecoveryDialog", "Restore as a Copy"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    into = box.addButton(
        QCoreApplication.translate("RecoveryDialog", "Restore into This File"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    later = box.addButton(
        QCoreApplication.translate("RecoveryDialog", "Decide Later"),
        QMessageBox.ButtonRole.RejectRole,
    )
    box.setDefaultButton(copy)
    box.setEscapeButton(later)
    try:
        box.exec()
        clicked = box.clickedButton()
    finally:
        box.deleteLater()
    if clicked is into:
        return RestoreTarget.FILE
    if clicked is later:
        return RestoreTarget.LATER
    return RestoreTarget.COPY


def _recorded(rec: Recoverable) -> str:
    if rec.recorded_at <= 0:
        return QCoreApplication.translate("RecoveryDialog", "unknown")
    return format_when(datetime.fromtimestamp(rec.recorded_at))


def _ticked(item: QTreeWidgetItem) -> bool:
    return item.checkState(0) == Qt.CheckState.Checked


class RecoveryDialog(QDialog):
    """One checkable row per recoverable document, a preview of what comes back, and
    Restore (the default: Enter restores), Discard (asks first) and Decide Later."""

    def __init__(
        self,
        recoverables: Sequence[Recoverable],
        damaged: Sequence[DamagedJournal] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.setWindowTitle(self.tr("Recover Unsaved Text"))
        self.resize(760, 520)
        self._recoverables = tuple(recoverables)
        # Closing the window or pressing Escape decides nothing: the journals stay.
        self._choice = RecoveryChoice(later=self._recoverables)

        intro = self._intro()
        self._build_list()
        self._build_preview(damaged)
        buttons = self._build_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.document_list, 2)
        layout.addWidget(self.preview_caption)
        layout.addWidget(self.preview, 3)
        layout.addWidget(self.damaged_note)
        layout.addWidget(buttons)
        # Enter restores. Set once the button is inside the dialog: before, the dialog would
        # not know about it.
        self.restore_button.setAutoDefault(True)
        self.restore_button.setDefault(True)

        self.document_list.currentItemChanged.connect(lambda *_: self._show_preview())
        self.document_list.itemChanged.connect(lambda *_: self._update_buttons())
        if self._recoverables:
            self.document_list.setCurrentItem(self.document_list.topLevelItem(0))
        self.document_list.setFocus()
        self._show_preview()
        self._update_buttons()

    def _intro(self) -> QLabel:
        if len(self._recoverables) != 1:
            text = self.tr(
                "writer-app did not close normally last time, and these documents have text "
                "that was not saved: tick what to restore."
            )
        else:
            text = self.tr(
                "writer-app did not close normally last time, and this document has text that "
                "was not saved: tick what to restore."
            )
        intro = QLabel(text)
        intro.setObjectName("recoveryIntro")
        intro.setWordWrap(True)
        return intro

    def _build_list(self) -> None:
        self.document_list = QTreeWidget()
        self.document_list.setObjectName("recoveryList")
        self.document_list.setAccessibleName("Documents with unsaved text")
        self.document_list.setHeaderLabels(
            [self.tr("Document"), self.tr("Location"), self.tr("Recorded")]
        )
        self.document_list.setRootIsDecorated(False)
        self.document_list.setUniformRowHeights(True)
        self.document_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.document_list.header()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for index, rec in enumerate(self._recoverables):
            self.document_list.addTopLevelItem(self._row(index, rec))
        for column in (0, 2):
            self.document_list.resizeColumnToContents(column)

    def _build_preview(self, damaged: Sequence[DamagedJournal]) -> None:
        self.preview_caption = QLabel()
        self.preview_caption.setObjectName("recoveryPreviewCaption")
        self.preview_caption.setWordWrap(True)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("recoveryPreview")
        self.preview.setAccessibleName("Text that comes back")
        self.preview.setReadOnly(True)
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

        self.damaged_note = QLabel(describe_damaged(damaged) if damaged else "")
        self.damaged_note.setObjectName("damagedNote")
        self.damaged_note.setWordWrap(True)
        self.damaged_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.damaged_note.setToolTip("\n".join(shown(item.reason) for item in damaged))
        self.damaged_note.setVisible(bool(damaged))

    def _build_buttons(self) -> QDialogButtonBox:
        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setToolTip(
            self.tr("Open the ticked documents with their unsaved text.")
        )
        self.discard_button = QPushButton(self.tr("Discard"))
        self.discard_button.setObjectName("discardButton")
        self.discard_button.setToolTip(
            self.tr("Throw away the unsaved text of the ticked documents.")
        )
        self.later_button = QPushButton(self.tr("Decide Later"))
        self.later_button.setObjectName("laterButton")
        self.later_button.setToolTip(
            self.tr("Close this and ask again next time writer-app starts.")
        )
        buttons = QDialogButtonBox()
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        # Our own slots, not the box's accepted/rejected: Discard must not close unconfirmed.
        self.restore_button.clicked.connect(self._restore)
        self.discard_button.clicked.connect(self._discard)
        self.later_button.clicked.connect(self.reject)
        return buttons

    @staticmethod
    def ask(
        parent: QWidget | None,
        recoverables: Sequence[Recoverable],
        damaged: Sequence[DamagedJournal] = (),
    ) -> RecoveryChoice:
        """Show the dialog modally and return the writer's choice. With nothing to recover it
        shows nothing (only a warning, when journals were damaged)."""
        if not recoverables:
            if damaged:
                tell(
                    parent,
                    QCoreApplication.translate("RecoveryDialog", "Autosave Journal Damaged"),
                    QCoreApplication.translate(
                        "RecoveryDialog",
                        "writer-app did not close normally last time, and its autosave could "
                        "not be read back. {damaged} You can open it in a text editor to copy "
                        "out what you need.",
                    ).format(damaged=describe_damaged(damaged)),
                )
            return RecoveryChoice()
        dialog = RecoveryDialog(recoverables, damaged, parent)
        try:
            dialog.exec()
            return dialog.choice()
        finally:
            dialog.deleteLater()

    # -- state --------------------------------------------------------------------------------

    def choice(self) -> RecoveryChoice:
        """The decision so far: everything "later" until Restore or a confirmed Discard."""
        return self._choice

    def checked(self) -> tuple[Recoverable, ...]:
        return tuple(rec for item, rec in self._rows() if _ticked(item))

    def unchecked(self) -> tuple[Recoverable, ...]:
        return tuple(rec for item, rec in self._rows() if not _ticked(item))

    def selected(self) -> Recoverable | None:
        item = self.document_list.currentItem()
        return self._recoverables[item.data(0, _INDEX_ROLE)] if item is not None else None

    def _rows(self) -> list[tuple[QTreeWidgetItem, Recoverable]]:
        tree = self.document_list
        items = (tree.topLevelItem(row) for row in range(tree.topLevelItemCount()))
        return [(item, self._recoverables[item.data(0, _INDEX_ROLE)]) for item in items]

    def _row(self, index: int, rec: Recoverable) -> QTreeWidgetItem:
        if rec.path is not None:
            location = str(rec.path.parent)
        elif rec.location_unknown:
            location = self.tr("Folder unknown (recorded as “{path}”)").format(
                path=rec.recorded_path
            )
        else:
            location = self.tr("Never saved")
        item = QTreeWidgetItem([rec.title, location, _recorded(rec)])
        item.setData(0, _INDEX_ROLE, index)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Checked)
        tip = str(rec.path) if rec.path is not None else self.tr("A document that was never saved.")
        if rec.location_unknown:
            tip = self.tr(
                "This autosave recorded only “{path}”, not its folder: it comes back as an "
                "untitled copy. Use Save As to put it where it belongs."
            ).format(path=rec.recorded_path)
        if rec.path is not None and rec.saved_text is None:
            tip += "\n" + self.tr(
                "The file is missing or unreadable now; restoring brings the text back."
            )
        if rec.file_replaced:
            tip += "\n" + self.tr(
                "Another program has changed this file since; you will be asked before the "
                "text goes back into it."
            )
        for column in range(3):
            item.setToolTip(column, tip)
        return item

    # -- slots --------------------------------------------------------------------------------

    def _show_preview(self) -> None:
        rec = self.selected()
        if rec is None:
            self.preview_caption.setText("")
            self.preview.setPlainText("")
            return
        where = str(rec.path) if rec.path is not None else rec.title
        if rec.saved_text is None:
            caption = self.tr("The end of the text that comes back in {where}:")
        else:
            caption = self.tr(
                "What restoring changes in {where}: lines marked + come back, "
                "lines marked - are what the file holds now."
            )
        caption = caption.format(where=where)
        if rec.location_unknown:
            caption += " " + self.tr(
                "Its folder was not recorded, so it comes back as an untitled copy."
            )
        elif rec.file_replaced:
            caption += " " + self.tr(
                "Another program has changed this file since; you will be asked before the "
                "text goes back into it."
            )
        if rec.torn:
            caption += " " + self.tr(
                "The last moment before the crash was cut off; this is the latest whole copy."
            )
        self.preview_caption.setText(caption)
        self.preview.setPlainText(rec.preview())

    def _update_buttons(self) -> None:
        any_checked = bool(self.checked())
        self.restore_button.setEnabled(any_checked)
        self.discard_button.setEnabled(any_checked)

    def _restore(self) -> None:
        chosen = self.checked()
        if not chosen:
            return
        self._choice = RecoveryChoice(restore=chosen, later=self.unchecked())
        self.accept()

    def _discard(self) -> None:
        chosen = self.checked()
        if not chosen:
            return
        folder = chosen[0].journal_file.parent / "dismissed"
        if len(chosen) == 1:
            question = self.tr(
                "Discard the unsaved text of “{title}”? Your saved files stay as they are; the "
                "autosave copies are moved to {folder}, where the latest 20 are kept."
            )
        else:
            question = self.tr(
                "Discard the unsaved text of {count} documents? Your saved files stay as they "
                "are; the autosave copies are moved to {folder}, where the latest 20 are kept."
            )
        answer = ask(
            self,
            self.tr("Discard Unsaved Text"),
            question.format(title=chosen[0].title, count=len(chosen), folder=folder),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._choice = RecoveryChoice(discard=chosen, later=self.unchecked())
        self.accept()

    def reject(self) -> None:  # Decide Later, Escape and the window's close button
        self._choice = RecoveryChoice(later=self._recoverables)
        super().reject()
