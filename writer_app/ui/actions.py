"""Every command of the main window in one place: its menu, text, shortcut, tooltip and
objectName (scripts and tests find actions by objectName).

The window's controllers do the work; this module only names it and wires it.  Lists that
change while the app runs (Open Recent, the engines) are filled when their menu opens.
Actions that belong to one widget (the chapter list's Rename, Move Up…) stay with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from writer_app import APP_NAME, __version__
from writer_app.ui.failures import log_folder, show_log_folder

if TYPE_CHECKING:
    from writer_app.ui.main_window import MainWindow

Shortcut = QKeySequence | QKeySequence.StandardKey | list[QKeySequence] | None


class Commands(QObject):
    """Builds the menu bar of ``window``; the actions a caller needs are attributes.  (Not
    ``window.actions``: that is QWidget's list of the window's actions.)"""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        bar = window.menuBar()
        self._file(bar.addMenu(self.tr("&File")))
        self._draft(bar.addMenu(self.tr("&Draft")))
        self._help(bar.addMenu(self.tr("&Help")))

    def _action(
        self,
        text: str,
        slot: Callable,
        shortcut: Shortcut = None,
        name: str = "",
        tip: str = "",
        checkable: bool = False,
    ) -> QAction:
        item = QAction(text, self._window)
        if shortcut is not None:
            item.setShortcuts(shortcut if isinstance(shortcut, list) else [shortcut])
        if name:
            item.setObjectName(name)
        if tip:
            item.setToolTip(tip)
        item.setCheckable(checkable)
        (item.toggled if checkable else item.triggered).connect(slot)
        self._window.addAction(item)  # its shortcut works wherever the focus is
        return item

    def _file(self, menu: QMenu) -> None:
        w, files, models = self._window, self._window.files, self._window.model_loader
        tr = self.tr
        menu.addAction(
            self._action(tr("&New"), lambda: files.open_text(""), QKeySequence.StandardKey.New)
        )
        menu.addAction(self._action(tr("&Open…"), files.open_dialog, QKeySequence.StandardKey.Open))
        menu.addAction(self._action(tr("New &Novel…"), files.new_project_dialog))
        menu.addAction(self._action(tr("Open No&vel…"), files.open_project_dialog))
        self.recent_menu = menu.addMenu(tr("Open &Recent"))
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        menu.addSeparator()
        menu.addAction(
            self._action(tr("&Save"), files.save, QKeySequence.StandardKey.Save, "saveAction")
        )
        menu.addAction(self._action(tr("Save &As…"), files.save_as, QKeySequence("Ctrl+Shift+S")))
        menu.addAction(self._action(tr("Save in &UTF-8"), files.save_as_utf8))
        menu.addAction(self._action(tr("Show &Backups"), files.show_backups))
        menu.addAction(self._action(tr("Session Word &Goal…"), files.set_goal_dialog))
        menu.addSeparator()
        menu.addAction(
            self._action(tr("&Models…"), models.show_models, QKeySequence("Ctrl+M"), "models")
        )
        menu.addAction(self._action(tr("Open &Model File…"), models.open_model_dialog))
        menu.addAction(
            self._action(
                tr("&Preferences — Engines…"),
                w.engine_choice.show_preferences,
                QKeySequence("Ctrl+,"),
                "enginesAction",
            )
        )
        menu.addSeparator()
        menu.addAction(self._action(tr("&Quit"), w.close, QKeySequence.StandardKey.Quit))

    def _draft(self, menu: QMenu) -> None:
        drafting, tr = self._window.drafting, self.tr
        self.suggest = self._action(
            tr("&Suggest a Continuation"),
            drafting.suggest,
            [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")],
            "suggestAction",
        )
        menu.addAction(self.suggest)
        menu.addAction(
            self._action(
                tr("&Regenerate"), drafting.suggest, QKeySequence("Ctrl+Shift+Return"), "regenerate"
            )
        )
        menu.addAction(
            self._action(
                tr("&Next Alternative"),
                lambda: drafting.cycle_alternative(1),
                QKeySequence("Alt+]"),
                "nextAlternative",
            )
        )
        menu.addAction(
            self._action(
                tr("&Previous Alternative"),
                lambda: drafting.cycle_alternative(-1),
                QKeySequence("Alt+["),
                "previousAlternative",
            )
        )
        self._story_and_history(menu)
        self._reading_and_engines(menu)
        self._ghost_keys(menu)

    def _story_and_history(self, menu: QMenu) -> None:
        w, tr = self._window, self.tr
        menu.addAction(
            self._action(
                tr("Show &Prompt"), w.story.show_prompt, QKeySequence("Ctrl+Shift+P"), "showPrompt"
            )
        )
        menu.addAction(
            self._action(
                tr("S&tory Panel"), w.story.show_panel, QKeySequence("Ctrl+Shift+Y"), "storyPanel"
            )
        )
        menu.addAction(
            self._action(
                tr("&Branches Here…"),
                w.history.show_branches,
                QKeySequence("Ctrl+Shift+B"),
                "branchesAction",
            )
        )
        menu.addAction(
            self._action(
                tr("&Tint the Model's Words"),
                w.history.set_tint,
                QKeySequence("Ctrl+Shift+T"),
                "tintModelText",
                tr("Show which words came from the model"),
                checkable=True,
            )
        )

    def _reading_and_engines(self, menu: QMenu) -> None:
        w, tr = self._window, self.tr
        self.read_ahead = self._action(
            tr("&Read Ahead While I Pause"),
            w.set_read_ahead,
            name="readAheadAction",
            tip=tr(
                "While you pause, the model reads the text before the cursor, so the next "
                "suggestion starts at once. Turn it off to save battery."
            ),
            checkable=True,
        )
        self.read_ahead.blockSignals(True)
        self.read_ahead.setChecked(w.app_settings.read_ahead)
        self.read_ahead.blockSignals(False)
        menu.addAction(self.read_ahead)
        engines = menu.addMenu(tr("&Engine"))
        engines.setObjectName("engineMenu")
        w.engine_choice.attach_menu(engines)

    def _ghost_keys(self, menu: QMenu) -> None:
        """Tab, Ctrl+Right and Esc belong to the editor while a ghost shows; the menu names
        them (the text after a tab is shown as the shortcut)."""
        editor, tr = self._window.editor, self.tr
        menu.addSeparator()
        menu.addAction(self._action(tr("&Accept Suggestion") + "\tTab", editor.accept_suggestion))
        menu.addAction(
            self._action(tr("Accept Next &Word") + "\tCtrl+Right", editor.accept_next_word)
        )
        menu.addAction(self._action(tr("&Dismiss Suggestion") + "\tEsc", editor.dismiss_suggestion))

    def _help(self, menu: QMenu) -> None:
        tr = self.tr
        menu.addAction(
            self._action(tr("Show &Log Folder"), self._show_log_folder, name="showLogFolder")
        )
        menu.addAction(self._action(tr("&About writer-app"), self._about, name="aboutAction"))

    def fill_recent_menu(self) -> None:
        files = self._window.files
        self.recent_menu.clear()
        for path in files.recent.items():
            item = self.recent_menu.addAction(str(path))
            item.setEnabled(path.exists())
            item.triggered.connect(lambda _=False, p=path: files.open_path(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction(self.tr("Nothing yet")).setEnabled(False)

    def _show_log_folder(self) -> None:
        if not show_log_folder():
            self._window.say(
                self.tr("The log folder could not be opened: it is {folder}").format(
                    folder=log_folder()
                )
            )

    def _about(self) -> None:
        QMessageBox.about(
            self._window,
            self.tr("About writer-app"),
            self.tr(
                "{app} {version}\n\nAn offline drafting companion for novelists.\n\n"
                "Log files: {folder}"
            ).format(app=APP_NAME, version=__version__, folder=log_folder()),
        )
