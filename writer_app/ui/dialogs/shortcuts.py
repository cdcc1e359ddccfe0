"""Help ▸ Keyboard Shortcuts: every command of the menus with its keys, searchable; and the
text of Help ▸ About (the versions a bug report needs).

The list is read from the menu bar itself, so it can never disagree with the menus.
"""

from __future__ import annotations

import platform
import re
from importlib import metadata
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from writer_app import APP_NAME, __version__


def menu_commands(bar: QMenuBar) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every command in the menus, in menu order; keys as the
    platform writes them ("" when a command has none)."""
    found: list[tuple[str, str, str]] = []

    def walk(menu: QMenu, where: str) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            if action.menu() is not None:
                walk(action.menu(), f"{where} ▸ {_plain(action.text())}")
                continue
            found.append((where, _plain(action.text()), _keys(action)))

    for top in bar.actions():
        if top.menu() is not None:
            walk(top.menu(), _plain(top.text()))
    return found


def _plain(text: str) -> str:
    """A menu text without its mnemonic (&) and without a shortcut written after a tab."""
    return text.split("\t")[0].replace("&&", "\0").replace("&", "").replace("\0", "&")


_LONE_KEYS = re.compile(r"F\d+|Del|Ins|Tab|Esc|Return|Enter|Backspace|Space")


def _keys(action: QAction) -> str:
    """The keys a writer types: the platform's bindings of a standard command also include
    keys only special keyboards have (a key labelled "Undo"); those are left out."""
    written = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
    if "\t" in action.text():  # keys the editor handles itself, named after a tab
        written.append(action.text().split("\t", 1)[1])
    typed = (k for k in written if "+" in k or _LONE_KEYS.fullmatch(k))
    return ", ".join(dict.fromkeys(typed))


class ShortcutsDialog(QDialog):
    """A table of the menus' commands and their keys; typing filters it."""

    def __init__(self, bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard Shortcuts"))
        self.resize(620, 560)
        self.filter = QLineEdit()
        self.filter.setObjectName("shortcutsFilter")
        self.filter.setPlaceholderText(self.tr("Search commands and keys"))
        self.filter.setClearButtonEnabled(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Command"), self.tr("Keys"), self.tr("Menu")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, (menu, command, keys) in enumerate(menu_commands(bar)):
            self.table.insertRow(row)
            for column, text in enumerate((command, keys, menu)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addWidget(close)
        self.filter.textChanged.connect(self._show_matching)
        self.filter.setFocus(Qt.FocusReason.OtherFocusReason)

    def visible_commands(self) -> list[str]:
        return [
            self.table.item(row, 0).text()
            for row in range(self.table.rowCount())
            if not self.table.isRowHidden(row)
        ]

    def _show_matching(self, text: str) -> None:
        wanted = text.casefold().strip()
        for row in range(self.table.rowCount()):
            cells = (self.table.item(row, column).text() for column in range(3))
            self.table.setRowHidden(
                row, bool(wanted) and not any(wanted in cell.casefold() for cell in cells)
            )


def about_text(log_folder: Path) -> str:
    """What Help ▸ About says: the app and the versions under it, and where the log is."""
    try:
        llama = metadata.version("llama_cpp_python")  # read, not imported: no llama.cpp load
    except metadata.PackageNotFoundError:
        llama = QCoreApplication.translate("About", "not installed")
    return QCoreApplication.translate(
        "About",
        "{app} {version}\n\nAn offline drafting companion for novelists.\n\n"
        "llama-cpp-python {llama} · Qt {qt} · PySide6 {pyside} · Python {python}\n\n"
        "Log files: {folder}",
    ).format(
        app=APP_NAME,
        version=__version__,
        llama=llama,
        qt=qVersion(),
        pyside=PySide6.__version__,
        python=platform.python_version(),
        folder=log_folder,
    )
