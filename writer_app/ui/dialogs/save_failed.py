"""When a save failed (a read-only file, a full disk): offer to save the text elsewhere."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from writer_app.core.manuscript.text_file import SaveError
from writer_app.ui.language import shown


def ask_to_save_elsewhere(parent: QWidget | None, error: SaveError) -> bool:
    """Say why the save failed; True when the writer chose "Save As…" (the default)."""
    box = QMessageBox(parent)
    box.setObjectName("saveFailedQuestion")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QCoreApplication.translate("SaveFailed", "Not saved"))
    box.setText(shown(error))
    save_as = box.addButton(
        QCoreApplication.translate("SaveFailed", "Save As…"), QMessageBox.ButtonRole.AcceptRole
    )
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(save_as)
    box.setEscapeButton(cancel)
    try:
        box.exec()
        return box.clickedButton() is save_as
    finally:
        box.deleteLater()
