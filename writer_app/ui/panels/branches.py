"""The branches offered at one spot: pick a rejected one to bring it back."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.drafting.history import Branch

PREVIEW_CHARS = 160


def branch_label(branch: Branch) -> str:
    first = " ".join(branch.text.split())
    if len(first) > PREVIEW_CHARS:
        first = first[: PREVIEW_CHARS - 1] + "…"
    return ("✓ " if branch.accepted else "    ") + first


class BranchesDialog(QDialog):
    """Lists the branches at the spot; ``branchChosen`` carries the row picked."""

    branchChosen = Signal(int)

    def __init__(self, branches: list[Branch], note: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("branchesDialog")
        self.setWindowTitle(self.tr("Branches Here"))
        self.resize(560, 320)
        layout = QVBoxLayout(self)
        explain = QLabel(note)
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.list = QListWidget()
        self.list.setObjectName("branchesList")
        self.list.setAccessibleName("Suggestions offered here")
        self.list.setWordWrap(True)
        for branch in branches:
            item = QListWidgetItem(branch_label(branch))
            item.setToolTip(branch.text)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.choose(self.list.currentRow()))
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        bring = buttons.addButton(self.tr("Bring Back"), QDialogButtonBox.ButtonRole.AcceptRole)
        bring.setDefault(True)
        bring.setEnabled(bool(branches))
        buttons.accepted.connect(lambda: self.choose(self.list.currentRow()))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def choose(self, row: int) -> None:
        if 0 <= row < self.list.count():
            self.branchChosen.emit(row)
            self.accept()
