"""What to do when another program changed (or deleted) a file the writer is about to save."""

from __future__ import annotations

import difflib
import enum

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from writer_app.core.manuscript.text_file import ExternalChange
from writer_app.ui.language import shown


class ChangeChoice(enum.Enum):
    KEEP_MINE = "keep mine"  # save the writer's version under another name
    OVERWRITE = "overwrite"
    RELOAD = "reload theirs"
    CANCEL = "cancel"


def ask_about_external_change(
    parent: QWidget, change: ExternalChange, mine: str, theirs: str | None
) -> ChangeChoice:
    """Ask until the writer decides; "Compare…" shows the difference and asks again.

    ``theirs`` is the text on disk now (None when the file is gone or unreadable).
    """
    while True:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(
            QCoreApplication.translate("ExternalChange", "Changed by another program")
        )
        box.setText(shown(change))
        keep = box.addButton(
            QCoreApplication.translate("ExternalChange", "Keep Mine (Save As…)"),
            QMessageBox.ButtonRole.AcceptRole,
        )
        overwrite = box.addButton(
            QCoreApplication.translate("ExternalChange", "Overwrite"),
            QMessageBox.ButtonRole.DestructiveRole,
        )
        reload = compare = None
        if theirs is not None:
            reload = box.addButton(
                QCoreApplication.translate("ExternalChange", "Reload Theirs"),
                QMessageBox.ButtonRole.ResetRole,
            )
            compare = box.addButton(
                QCoreApplication.translate("ExternalChange", "Compare…"),
                QMessageBox.ButtonRole.HelpRole,
            )
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(keep)
        box.exec()
        clicked = box.clickedButton()
        if compare is not None and clicked is compare:
            show_comparison(parent, theirs or "", mine)
            continue
        if clicked is keep:
            return ChangeChoice.KEEP_MINE
        if clicked is overwrite:
            return ChangeChoice.OVERWRITE
        if reload is not None and clicked is reload:
            return ChangeChoice.RELOAD
        return ChangeChoice.CANCEL


def show_comparison(parent: QWidget, theirs: str, mine: str) -> None:
    diff = difflib.unified_diff(
        theirs.splitlines(),
        mine.splitlines(),
        QCoreApplication.translate("ExternalChange", "on disk"),
        QCoreApplication.translate("ExternalChange", "yours"),
        lineterm="",
        n=2,
    )
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("ExternalChange", "Compare"))
    box.setText(
        QCoreApplication.translate(
            "ExternalChange", "Lines starting with - are on disk; lines starting with + are yours."
        )
    )
    box.setDetailedText(
        "\n".join(diff) or QCoreApplication.translate("ExternalChange", "The texts are the same.")
    )
    box.exec()
