"""The short questions asked about files: open a huge one?, open a lossy copy?, save as UTF-8
instead?, save before closing?, where and what is the new novel?, a session's word goal, a
chapter's title, move a chapter to the trash?

Each asks and returns the answer; what follows from it stays with the caller
(``ui/controllers/manuscripts.py``, ``ui/panels/project_panel.py``).  Every question is
logged with its answer, so a bug report shows what the writer was asked.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from writer_app.core.text.sizes import format_size
from writer_app.ui.failures import ask
from writer_app.ui.language import shown

Button = QMessageBox.StandardButton
GOAL_LIMIT = 100_000  # words (or 字) in one session: far above any day's writing
GOAL_STEP = 100


def open_huge_file(parent: QWidget, path: Path, size: int) -> bool:
    """Far bigger than any chapter: a log, a data dump, a mistake?  The writer decides."""
    text = QCoreApplication.translate(
        "FileQuestions",
        "{name} is {size}: far larger than a chapter (a whole novel is about 1 MB). "
        "Opening it takes a while and a lot of memory, and the editor may be slow "
        "with it. Open anyway?",
    ).format(name=path.name, size=format_size(size))
    answer = ask(
        parent,
        QCoreApplication.translate("FileQuestions", "A very large file"),
        text,
        Button.Open | Button.Cancel,
        Button.Cancel,
    )
    return answer == Button.Open


def open_lossy_copy(parent: QWidget, reason: str) -> bool:
    """The file does not decode cleanly: open a copy with the unreadable parts replaced?"""
    text = (
        shown(reason)
        + "\n\n"
        + QCoreApplication.translate(
            "FileQuestions", "Open a copy with the unreadable parts replaced?"
        )
    )
    title = QCoreApplication.translate("FileQuestions", "This file cannot be read cleanly")
    return ask(parent, title, text, Button.Open | Button.Cancel, Button.Cancel) == Button.Open


def save_as_utf8(parent: QWidget, reason: str) -> bool:
    """The text has characters the file's encoding cannot hold: save as UTF-8 instead?"""
    text = (
        shown(reason)
        + "\n\n"
        + QCoreApplication.translate("FileQuestions", "Save it as UTF-8 instead?")
    )
    return ask(
        parent,
        QCoreApplication.translate("FileQuestions", "Not saved"),
        text,
        Button.Save | Button.Cancel,
        Button.Save,
    ) == (Button.Save)


class Unsaved(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def unsaved_changes(parent: QWidget, titles: list[str]) -> Unsaved:
    """Before closing: save the changes to these documents, discard them, or stay?"""
    text = QCoreApplication.translate(
        "FileQuestions", "Save the changes to {names} before closing?"
    ).format(names=", ".join(titles[:5]))
    answer = ask(
        parent,
        QCoreApplication.translate("FileQuestions", "Unsaved changes"),
        text,
        Button.Save | Button.Discard | Button.Cancel,
        Button.Save,
    )
    if answer == Button.Cancel:
        return Unsaved.CANCEL
    return Unsaved.SAVE if answer == Button.Save else Unsaved.DISCARD


def new_novel(parent: QWidget) -> tuple[Path, str] | None:
    """Where a new novel lives and its title; None when the writer stops."""
    folder = QFileDialog.getExistingDirectory(
        parent, QCoreApplication.translate("FileQuestions", "Choose where the novel lives")
    )
    if not folder:
        return None
    title, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("FileQuestions", "New novel"),
        QCoreApplication.translate("FileQuestions", "Title of the novel:"),
    )
    if not ok or not title.strip():
        return None
    return Path(folder), title.strip()


def novel_folder(parent: QWidget) -> Path | None:
    folder = QFileDialog.getExistingDirectory(
        parent, QCoreApplication.translate("FileQuestions", "Open a novel's folder")
    )
    return Path(folder) if folder else None


def word_goal(parent: QWidget, current: int) -> int | None:
    """Words (or 字) to write this session; None when the writer cancels."""
    goal, ok = QInputDialog.getInt(
        parent,
        QCoreApplication.translate("FileQuestions", "Session goal"),
        QCoreApplication.translate("FileQuestions", "Words (or 字) to write this session:"),
        current,
        0,
        GOAL_LIMIT,
        GOAL_STEP,
    )
    return goal if ok else None


def chapter_title(parent: QWidget, *, current: str, new: bool) -> str | None:
    """A title for a new chapter (``current`` is the suggestion) or a new title for one; None
    when the writer cancels."""
    title, prompt = (
        (
            QCoreApplication.translate("FileQuestions", "New Chapter"),
            QCoreApplication.translate("FileQuestions", "Title of the new chapter:"),
        )
        if new
        else (
            QCoreApplication.translate("FileQuestions", "Rename Chapter"),
            QCoreApplication.translate("FileQuestions", "New title:"),
        )
    )
    text, ok = QInputDialog.getText(parent, title, prompt, QLineEdit.EchoMode.Normal, current)
    return text if ok else None


def move_chapter_to_trash(parent: QWidget, title: str) -> bool:
    text = QCoreApplication.translate(
        "FileQuestions",
        "Move “{title}” to the project's trash? You can restore it later with Trash below the "
        "chapter list.",
    ).format(title=title)
    return ask(
        parent,
        QCoreApplication.translate("FileQuestions", "Delete Chapter"),
        text,
        Button.Yes | Button.No,
        Button.No,
    ) == (Button.Yes)
