"""The one line Draft ▸ Revise ▸ Change Tone… and Revise as I Say… ask for: the tone, or the
writer's own instruction ("make her angrier").  Recent answers are offered again."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.drafting.revision import RevisionAction

MAX_REMEMBERED = 8


class ReviseInstructionDialog(QDialog):
    """Asks for a tone (``RevisionAction.TONE``) or an instruction (any other action)."""

    _recent: dict[RevisionAction, list[str]] = {}  # this session's answers, newest first

    def __init__(self, action: RevisionAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviseInstructionDialog")
        self.action = action
        tone = action is RevisionAction.TONE
        self.setWindowTitle(self.tr("Change Tone") if tone else self.tr("Revise as I Say"))
        layout = QVBoxLayout(self)
        label = QLabel(
            self.tr("The tone the passage should take:")
            if tone
            else self.tr("What should change in the passage?")
        )
        layout.addWidget(label)
        self.edit = QComboBox(self)
        self.edit.setObjectName("reviseInstructionEdit")
        self.edit.setEditable(True)
        self.edit.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        offered = list(self._recent.get(action, []))
        if tone:
            offered += [
                t
                for t in (
                    self.tr("tense"),
                    self.tr("tender"),
                    self.tr("menacing"),
                    self.tr("wry"),
                    self.tr("melancholy"),
                    self.tr("formal"),
                )
                if t not in offered
            ]
        self.edit.addItems(offered)
        self.edit.setEditText("" if not tone else (offered[0] if offered else ""))
        placeholder = self.tr("e.g. make her angrier") if not tone else self.tr("e.g. menacing")
        self.edit.lineEdit().setPlaceholderText(placeholder)
        label.setBuddy(self.edit)
        layout.addWidget(self.edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Revise"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.edit.editTextChanged.connect(lambda text: self._ok.setEnabled(bool(text.strip())))
        self._ok.setEnabled(bool(self.edit.currentText().strip()))
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())

    def text(self) -> str:
        return self.edit.currentText().strip()

    def accept(self) -> None:
        if not self.text():
            return
        remembered = [
            self.text(),
            *(t for t in self._recent.get(self.action, []) if t != self.text()),
        ]
        self._recent[self.action] = remembered[:MAX_REMEMBERED]
        super().accept()
