"""Every command of the main window in one place: its menu, text, shortcut, tooltip and
objectName (scripts and tests find actions by objectName).

Menus as on every desktop: File · Edit · View · Draft · Novel · Help, Quit last in File and
Preferences where the platform puts it (menu roles).  The window's controllers do the work;
this module only names it and wires it.  Lists that change while the app runs (Open Recent,
the engines) are filled when their menu opens.  The chapter list's own commands (Rename, Move
Up…) are made by the list, whose keys they use, and shown in the Novel menu.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from writer_app.core.drafting.revision import RevisionAction
from writer_app.core.export.provenance import ProvenanceReport, chapter_share, novel_report
from writer_app.core.manuscript.project import ProjectError
from writer_app.core.manuscript.text_file import read_manuscript
from writer_app.core.models.gguf import ModelFileError, inspect_gguf
from writer_app.ui.dialogs.banned_phrases import BannedPhrasesDialog
from writer_app.ui.dialogs.export import ExportDialog
from writer_app.ui.dialogs.find_in_novel import FindInNovelDialog
from writer_app.ui.dialogs.guide import GuideDialog
from writer_app.ui.dialogs.progress import ProgressDialog
from writer_app.ui.dialogs.provenance import ProvenanceDialog
from writer_app.ui.dialogs.revise_instruction import ReviseInstructionDialog
from writer_app.ui.dialogs.shortcuts import ShortcutsDialog, about_text
from writer_app.ui.dialogs.train_voice import TextSource, TrainVoiceDialog
from writer_app.ui.editor.themes import THEMES, theme_named
from writer_app.ui.failures import log_folder, show_log_folder, tell
from writer_app.ui.language import LANGUAGES

if TYPE_CHECKING:
    from writer_app.ui.main_window import MainWindow

Shortcut = QKeySequence | QKeySequence.StandardKey | list[QKeySequence] | None
# Keys for standard commands where the platform names none (Windows has no Quit key; some
# desktops no Replace or Full Screen).
_FALLBACK = {
    QKeySequence.StandardKey.Quit: "Ctrl+Q",
    QKeySequence.StandardKey.Replace: "Ctrl+H",
    QKeySequence.StandardKey.Find: "Ctrl+F",
    QKeySequence.StandardKey.FindNext: "F3",
    QKeySequence.StandardKey.FindPrevious: "Shift+F3",
    QKeySequence.StandardKey.HelpContents: "F1",
}


class Commands(QObject):
    """Builds the menu bar of ``window``; the actions a caller needs are attributes.  (Not
    ``window.actions``: that is QWidget's list of the window's actions.)"""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._find_in_novel: FindInNovelDialog | None = None
        bar = window.menuBar()
        self._file(bar.addMenu(self.tr("&File")))
        self._edit(bar.addMenu(self.tr("&Edit")))
        self._view(bar.addMenu(self.tr("&View")))
        self._draft(bar.addMenu(self.tr("&Draft")))
        self._novel(bar.addMenu(self.tr("&Novel")))
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
        if isinstance(shortcut, QKeySequence.StandardKey):
            # Every binding the platform has (Redo: two), or ours where it names none.
            item.setShortcuts(
                QKeySequence.keyBindings(shortcut) or [QKeySequence(_FALLBACK.get(shortcut, ""))]
            )
        elif shortcut is not None:
            item.setShortcuts(shortcut if isinstance(shortcut, list) else [shortcut])
        if name:
            item.setObjectName(name)
        if tip:
            item.setToolTip(tip)
        item.setCheckable(checkable)
        (item.toggled if checkable else item.triggered).connect(slot)
        self._window.addAction(item)  # its shortcut works wherever the focus is
        return item

    def _setting(self, text: str, slot: Callable, name: str, tip: str, on: bool) -> QAction:
        """A checkable action for a remembered setting, ticked as it was left (quietly)."""
        item = self._action(text, slot, name=name, tip=tip, checkable=True)
        item.blockSignals(True)
        item.setChecked(on)
        item.blockSignals(False)
        return item

    def _file(self, menu: QMenu) -> None:
        w, files, models = self._window, self._window.files, self._window.model_loader
        Key = QKeySequence.StandardKey
        menu.addAction(
            self._action(self.tr("&New"), lambda: files.open_text(""), Key.New, "newAction")
        )
        menu.addAction(self._action(self.tr("&Open…"), files.open_dialog, Key.Open, "openAction"))
        self.recent_menu = menu.addMenu(self.tr("Open &Recent"))
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        menu.addSeparator()
        menu.addAction(self._action(self.tr("&Save"), files.save, Key.Save, "saveAction"))
        menu.addAction(
            self._action(
                self.tr("Save &As…"), files.save_as, QKeySequence("Ctrl+Shift+S"), "saveAs"
            )
        )
        menu.addAction(self._action(self.tr("Save in &UTF-8"), files.save_as_utf8, name="saveUtf8"))
        menu.addAction(
            self._action(self.tr("Show &Backups"), files.show_backups, name="showBackups")
        )
        menu.addAction(
            self._action(
                self.tr("&Export…"), self.show_export, QKeySequence("Ctrl+Shift+E"), "exportAction"
            )
        )
        menu.addSeparator()
        menu.addAction(
            self._action(self.tr("&Models…"), models.show_models, QKeySequence("Ctrl+M"), "models")
        )
        menu.addAction(
            self._action(
                self.tr("Open Model F&ile…"), models.open_model_dialog, name="openModelFile"
            )
        )
        menu.addSeparator()
        preferences = self._action(
            self.tr("&Preferences — Engines…"),
            w.engine_choice.show_preferences,
            QKeySequence("Ctrl+,"),
            "enginesAction",
        )
        preferences.setMenuRole(QAction.MenuRole.PreferencesRole)  # the app menu on macOS
        menu.addAction(preferences)
        self._language_menu(menu.addMenu(self.tr("&Language")))
        menu.addSeparator()
        quit_action = self._action(self.tr("&Quit"), w.close, Key.Quit, "quitAction")
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        menu.addAction(quit_action)  # last, as on every desktop

    def _language_menu(self, menu: QMenu) -> None:
        """The window's language, from the next start (the widgets are made with their text)."""
        w = self._window
        menu.setObjectName("languageMenu")
        group = QActionGroup(menu)
        choices = [("", self.tr("As the System"))] + list(LANGUAGES)
        for code, name in choices:
            item = menu.addAction(name)
            item.setObjectName(f"language_{code or 'system'}")
            item.setCheckable(True)
            item.setChecked(code == w.app_settings.language)
            item.triggered.connect(lambda _=False, c=code: self._choose_language(c))
            group.addAction(item)

    def _choose_language(self, code: str) -> None:
        w = self._window
        if code == w.app_settings.language:
            return
        w.remember(language=code)
        w.say(self.tr("The new language comes with the next start of writer-app."))

    def _edit(self, menu: QMenu) -> None:
        """Undo keeps an accepted suggestion one step; Paste brings plain text only (the page
        is a plain-text manuscript: a QPlainTextEdit takes the text of whatever is pasted)."""
        editor = self._window.editor
        Key = QKeySequence.StandardKey
        self.undo = self._action(self.tr("&Undo"), editor.undo, Key.Undo, "undoAction")
        self.redo = self._action(self.tr("&Redo"), editor.redo, Key.Redo, "redoAction")
        menu.addActions([self.undo, self.redo])
        menu.addSeparator()
        menu.addAction(self._action(self.tr("Cu&t"), editor.cut, Key.Cut, "cutAction"))
        menu.addAction(self._action(self.tr("&Copy"), editor.copy, Key.Copy, "copyAction"))
        menu.addAction(self._action(self.tr("&Paste"), editor.paste, Key.Paste, "pasteAction"))
        menu.addSeparator()
        menu.addAction(
            self._action(self.tr("Select &All"), editor.selectAll, Key.SelectAll, "selectAllAction")
        )
        menu.addSeparator()
        bar = self._window.find_bar
        menu.addAction(self._action(self.tr("&Find…"), bar.open_bar, Key.Find, "findAction"))
        menu.addAction(
            self._action(
                self.tr("Find &Next"), lambda: bar.find_next(+1), Key.FindNext, "findNextAction"
            )
        )
        menu.addAction(
            self._action(
                self.tr("Find Pre&vious"),
                lambda: bar.find_next(-1),
                Key.FindPrevious,
                "findPreviousAction",
            )
        )
        menu.addAction(
            self._action(
                self.tr("Rep&lace…"),
                lambda: bar.open_bar(replace=True),
                Key.Replace,
                "replaceAction",
            )
        )
        self._spelling(menu.addMenu(self.tr("&Spelling")))
        editor.undoAvailable.connect(self.undo.setEnabled)
        editor.redoAvailable.connect(self.redo.setEnabled)
        self._window.files.currentChanged.connect(self._update_undo)
        self._update_undo()

    def _spelling(self, menu: QMenu) -> None:
        spelling = self._window.spelling
        menu.setObjectName("spellingMenu")
        self.check_spelling = self._action(
            self.tr("&Check Spelling"),
            spelling.set_enabled,
            QKeySequence("Ctrl+F7"),
            "checkSpellingAction",
            checkable=True,
        )
        self.check_spelling.blockSignals(True)
        self.check_spelling.setChecked(spelling.enabled)
        self.check_spelling.blockSignals(False)
        menu.addAction(self.check_spelling)
        menu.addAction(
            self._action(
                self.tr("&Next Misspelling"),
                spelling.next_misspelling,
                QKeySequence("F7"),
                "nextMisspellingAction",
            )
        )
        languages = menu.addMenu(self.tr("&Language"))
        languages.setObjectName("spellingLanguageMenu")
        languages.aboutToShow.connect(lambda: spelling.fill_language_menu(languages))

    def _update_undo(self, *_args) -> None:
        document = self._window.editor.document()
        self.undo.setEnabled(document.isUndoAvailable())
        self.redo.setEnabled(document.isRedoAvailable())

    def _view(self, menu: QMenu) -> None:
        view = self._window.view
        for text, step, keys, name in (
            (self.tr("Zoom &In"), +1, [QKeySequence("Ctrl+="), QKeySequence("Ctrl++")], "zoomIn"),
            (self.tr("Zoom &Out"), -1, QKeySequence("Ctrl+-"), "zoomOut"),
            (self.tr("&Actual Size"), 0, QKeySequence("Ctrl+0"), "zoomReset"),
        ):
            menu.addAction(self._action(text, lambda _=False, s=step: view.zoom(s), keys, name))
        menu.addAction(self._action(self.tr("&Font…"), view.choose_font, name="fontAction"))
        menu.addSeparator()
        keys = [QKeySequence("F11")]  # and the platform's own, where it has another
        keys += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.FullScreen)
                 if k not in keys]  # fmt: skip
        self.full_screen = self._action(
            self.tr("F&ull Screen"), view.set_full_screen, keys, "fullScreenAction", checkable=True
        )
        menu.addAction(self.full_screen)
        self.distraction_free = self._action(
            self.tr("&Distraction-Free"),
            view.set_distraction_free,
            QKeySequence("Ctrl+Shift+D"),
            "distractionFreeAction",
            self.tr(
                "The page alone, full screen: point at the top edge for the menus; "
                "the same key ends it"
            ),
            checkable=True,
        )
        menu.addAction(self.distraction_free)
        menu.addSeparator()
        self._page_modes(menu)
        menu.addSeparator()
        themes = menu.addMenu(self.tr("&Theme"))
        themes.setObjectName("themeMenu")
        group = QActionGroup(self)
        current = theme_named(self._window.app_settings.theme)
        for theme in THEMES:
            item = themes.addAction(theme.label())
            item.setObjectName(f"theme{theme.name.capitalize()}")
            item.setCheckable(True)
            item.setChecked(theme is current)
            item.triggered.connect(lambda _=False, n=theme.name: view.set_theme(n))
            group.addAction(item)
        menu.addSeparator()
        self._predictability(menu)

    def _predictability(self, menu: QMenu) -> None:
        """View ▸ Predictability and its report."""
        map_ = self._window.predictability
        self.predictability = self._action(
            self.tr("&Predictability"),
            map_.set_enabled,
            name="predictabilityAction",
            tip=self.tr(
                "Tint each word by how surprising it was to the model on this computer, "
                "and list the most predictable sentences"
            ),
            checkable=True,
        )
        menu.addAction(self.predictability)
        menu.addAction(
            self._action(
                self.tr("&Export Predictability Report…"),
                map_.export_report,
                name="predictabilityReportAction",
            )
        )

    def _page_modes(self, menu: QMenu) -> None:
        """Page width, focus mode and typewriter scrolling, as the writer left them."""
        view, settings = self._window.view, self._window.app_settings
        spacings = menu.addMenu(self.tr("&Line Spacing"))
        spacings.setObjectName("lineSpacingMenu")
        spacing_group = QActionGroup(spacings)
        for spacing, text in (
            (1.0, self.tr("&Single")),
            (1.2, self.tr("1.&2")),
            (1.5, self.tr("1.&5")),
            (2.0, self.tr("&Double")),
        ):
            item = spacings.addAction(text)
            item.setObjectName(f"lineSpacing{int(spacing * 100)}")
            item.setCheckable(True)
            item.setChecked(spacing == settings.line_spacing)
            item.triggered.connect(lambda _=False, s=spacing: view.set_line_spacing(s))
            spacing_group.addAction(item)
        widths = menu.addMenu(self.tr("Page &Width"))
        widths.setObjectName("pageWidthMenu")
        group = QActionGroup(widths)
        for chars, text in (
            (60, self.tr("&Narrow")),
            (72, self.tr("&Medium")),
            (90, self.tr("&Wide")),
            (0, self.tr("The Whole Win&dow")),
        ):
            item = widths.addAction(text)
            item.setObjectName(f"pageWidth{chars}")
            item.setCheckable(True)
            item.setChecked(chars == settings.page_chars)
            item.triggered.connect(lambda _=False, c=chars: view.set_page_chars(c))
            group.addAction(item)
        self.focus_mode = self._action(
            self.tr("Fo&cus Mode"),
            view.set_focus_mode,
            QKeySequence("F8"),
            "focusModeAction",
            self.tr("Dim everything but the paragraph you are writing"),
            checkable=True,
        )
        self.typewriter = self._action(
            self.tr("T&ypewriter Scrolling"),
            view.set_typewriter,
            QKeySequence("Ctrl+Shift+K"),
            "typewriterAction",
            self.tr("Keep the line you are writing in the middle of the page"),
            checkable=True,
        )
        self.first_line_indent = self._action(
            self.tr("Fi&rst-Line Indent"),
            view.set_first_line_indent,
            name="firstLineIndentAction",
            tip=self.tr(
                "Begin each paragraph two full-width spaces in, as Chinese prose is set "
                "(only on the page: nothing is added to your text)"
            ),
            checkable=True,
        )
        for action, on in (
            (self.first_line_indent, settings.first_line_indent),
            (self.focus_mode, settings.focus_mode),
            (self.typewriter, settings.typewriter),
        ):
            action.setChecked(on)  # shows it too: the action's slot runs
            menu.addAction(action)

    def _novel(self, menu: QMenu) -> None:
        w, files = self._window, self._window.files
        menu.addAction(
            self._action(self.tr("New &Novel…"), files.new_project_dialog, name="newNovel")
        )
        menu.addAction(
            self._action(self.tr("Open No&vel…"), files.open_project_dialog, name="openNovel")
        )
        menu.addAction(
            self._action(
                self.tr("&Find in Novel…"),
                self.show_find_in_novel,
                QKeySequence("Ctrl+Shift+F"),
                "findInNovelAction",
            )
        )
        menu.addSeparator()
        chapters = w.chapters  # the chapter list's own commands (their keys work in the list)
        for action in (
            chapters.add_action,
            chapters.rename_action,
            chapters.move_up_action,
            chapters.move_down_action,
            chapters.delete_action,
            chapters.trash_action,
        ):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(
            self._action(
                self.tr("S&tory Panel"),
                w.story.show_panel,
                QKeySequence("Ctrl+Shift+Y"),
                "storyPanel",
            )
        )
        menu.addAction(
            self._action(self.tr("Session Word &Goal…"), files.set_goal_dialog, name="wordGoal")
        )
        menu.addAction(
            self._action(
                self.tr("Pr&ovenance Report…"),
                self.show_provenance,
                name="provenanceAction",
                tip=self.tr("How many of the words the model first wrote, chapter by chapter"),
            )
        )
        menu.addAction(
            self._action(
                self.tr("Train My Voi&ce…"),
                self.show_train_voice,
                name="trainVoiceAction",
                tip=self.tr("Teach the model your own voice from your chapters, on this computer"),
            )
        )
        menu.addAction(
            self._action(
                self.tr("&Progress…"),
                self.show_progress,
                QKeySequence("Ctrl+Shift+J"),
                "progressAction",
                self.tr("Today's words, the daily goal, the streak and the last 30 days"),
            )
        )

    def _draft(self, menu: QMenu) -> None:
        drafting = self._window.drafting
        self.suggest = self._action(
            self.tr("&Suggest a Continuation"),
            drafting.suggest,
            [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")],
            "suggestAction",
        )
        menu.addAction(self.suggest)
        menu.addAction(
            self._action(
                self.tr("&Regenerate"),
                drafting.suggest,
                QKeySequence("Ctrl+Shift+Return"),
                "regenerate",
            )
        )
        menu.addAction(
            self._action(
                self.tr("&Next Alternative"),
                lambda: drafting.cycle_alternative(1),
                QKeySequence("Alt+]"),
                "nextAlternative",
            )
        )
        menu.addAction(
            self._action(
                self.tr("&Previous Alternative"),
                lambda: drafting.cycle_alternative(-1),
                QKeySequence("Alt+["),
                "previousAlternative",
            )
        )
        menu.addAction(
            self._action(
                self.tr("Suggest Without M&y Voice"),
                drafting.suggest_without_voice,
                QKeySequence("Ctrl+Alt+Return"),
                "suggestWithoutVoiceAction",
                self.tr("The same suggestion with your voice and without it, side by side"),
            )
        )
        menu.addAction(
            self._action(
                self.tr("Banned W&ords and Phrases…"),
                self.show_banned_phrases,
                name="bannedPhrasesAction",
                tip=self.tr("Words and phrases the model must never write"),
            )
        )
        self._revise_menu(menu)
        self._story_and_history(menu)
        self._reading_and_engines(menu)
        self._ghost_keys(menu)

    def _revise_menu(self, menu: QMenu) -> None:
        """Draft ▸ Revise: the selection rewritten, shortened, expanded, given detail or a
        tone, or changed as the writer says; also at the top of the page's right-click menu
        when text is selected.  Enabled while there is a selection."""
        drafting, editor = self._window.drafting, self._window.editor
        self.revise_menu = menu.addMenu(self.tr("Revise Se&lection"))
        self.revise_menu.setObjectName("reviseMenu")
        entries = (
            (self.tr("&Rewrite"), RevisionAction.REWRITE, "Ctrl+Shift+R", "reviseRewrite"),
            (self.tr("&Shorten"), RevisionAction.SHORTEN, None, "reviseShorten"),
            (self.tr("&Expand"), RevisionAction.EXPAND, None, "reviseExpand"),
            (self.tr("&Describe (More Sensory Detail)"), RevisionAction.DESCRIBE, None,
             "reviseDescribe"),
        )  # fmt: skip
        self.revise_actions: list[QAction] = []
        for text, action, key, name in entries:
            self.revise_actions.append(
                self._action(
                    text,
                    lambda _=False, a=action: drafting.revise(a),
                    QKeySequence(key) if key else None,
                    name,
                )
            )
        self.revise_actions.append(
            self._action(
                self.tr("Change &Tone…"),
                lambda: self.ask_revision(RevisionAction.TONE),
                name="reviseTone",
            )
        )
        self.revise_actions.append(
            self._action(
                self.tr("Revise as I Sa&y…"),
                lambda: self.ask_revision(RevisionAction.REWRITE),
                QKeySequence("Ctrl+Shift+I"),
                "reviseInstruction",
                self.tr("Tell the model in your own words what to change"),
            )
        )
        self.revise_menu.addActions(self.revise_actions)
        for item in self.revise_actions:
            item.setEnabled(False)
        editor.copyAvailable.connect(
            lambda selected: [item.setEnabled(selected) for item in self.revise_actions]
        )
        editor.contextMenuOpening.connect(self._offer_revision)

    def _offer_revision(self, menu: QMenu, _cursor) -> None:
        """The right-click menu starts with Revise Selection while text is selected."""
        if self._window.editor.textCursor().hasSelection():
            first = menu.actions()[0] if menu.actions() else None
            menu.insertMenu(first, self.revise_menu)
            menu.insertSeparator(first)

    def ask_revision(self, action: RevisionAction) -> ReviseInstructionDialog:
        """Change Tone… and Revise as I Say…: one line, then the revision."""
        dialog = ReviseInstructionDialog(action, self._window)
        dialog.accepted.connect(lambda: self._window.drafting.revise(action, dialog.text()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _story_and_history(self, menu: QMenu) -> None:
        w = self._window
        menu.addAction(
            self._action(
                self.tr("Show Pro&mpt"),
                w.story.show_prompt,
                QKeySequence("Ctrl+Shift+P"),
                "showPrompt",
            )
        )
        menu.addAction(
            self._action(
                self.tr("&Branches Here…"),
                w.history.show_branches,
                QKeySequence("Ctrl+Shift+B"),
                "branchesAction",
            )
        )
        menu.addAction(
            self._action(
                self.tr("&Tint the Model's Words"),
                w.history.set_tint,
                QKeySequence("Ctrl+Shift+T"),
                "tintModelText",
                self.tr("Show which words came from the model"),
                checkable=True,
            )
        )

    def _reading_and_engines(self, menu: QMenu) -> None:
        w = self._window
        self.read_ahead = self._setting(
            self.tr("Read A&head While I Pause"),
            w.set_read_ahead,
            "readAheadAction",
            self.tr(
                "While you pause, the model reads the text before the cursor, so the next "
                "suggestion starts at once. Turn it off to save battery."
            ),
            w.app_settings.read_ahead,
        )
        menu.addAction(self.read_ahead)
        self.bridge = self._setting(
            self.tr("Lead into What &Follows"),
            w.set_bridge,
            "bridgeAction",
            self.tr(
                "In the middle of a chapter, write several suggestions and offer first the "
                "one after which the text that follows reads most naturally."
            ),
            w.app_settings.bridge,
        )
        menu.addAction(self.bridge)
        self._pause_menu(menu)
        engines = menu.addMenu(self.tr("&Engine"))
        engines.setObjectName("engineMenu")
        w.engine_choice.attach_menu(engines)

    def _pause_menu(self, menu: QMenu) -> None:
        """Suggest While I Pause, how long a pause is, and whether a server may be asked."""
        w = self._window
        self.suggest_on_pause = self._action(
            self.tr("Suggest Wh&ile I Pause"),
            w.set_suggest_on_pause,
            name="suggestOnPauseAction",
            tip=self.tr(
                "When you stop typing, a short suggestion to the end of the sentence appears "
                "by itself; any key goes on as usual."
            ),
            checkable=True,
        )
        self.suggest_on_pause.blockSignals(True)
        self.suggest_on_pause.setChecked(w.pause.enabled)
        self.suggest_on_pause.blockSignals(False)
        menu.addAction(self.suggest_on_pause)
        lengths = menu.addMenu(self.tr("Pause Before Su&ggesting"))
        lengths.setObjectName("pauseLengthMenu")
        group = QActionGroup(lengths)
        for ms in (500, 1000, 2000, 3000):
            item = lengths.addAction(self.tr("{seconds} s").format(seconds=f"{ms / 1000:g}"))
            item.setObjectName(f"pause{ms}")
            item.setCheckable(True)
            item.setChecked(ms == w.pause.pause_ms)
            item.triggered.connect(lambda _=False, m=ms: w.set_pause_ms(m))
            group.addAction(item)
        self.pause_on_server = self._action(
            self.tr("Also on This Ser&ver"),
            w.allow_pause_on_engine,
            name="pauseOnServerAction",
            tip=self.tr(
                "Let suggestions that come when you pause ask the server you draft on now "
                "(each one is a request to it)"
            ),
            checkable=True,
        )
        menu.addAction(self.pause_on_server)
        menu.aboutToShow.connect(self._update_pause_on_server)

    def _update_pause_on_server(self) -> None:
        w = self._window
        self.pause_on_server.blockSignals(True)
        self.pause_on_server.setEnabled(w.pause_engine() is not None)
        self.pause_on_server.setChecked(
            w.pause_engine() is not None and w.pause_on_engine_allowed()
        )
        self.pause_on_server.blockSignals(False)

    def _ghost_keys(self, menu: QMenu) -> None:
        """Tab, Ctrl+Right and Esc belong to the editor while a ghost shows; the menu names
        them (the text after a tab is shown as the shortcut)."""
        editor = self._window.editor
        menu.addSeparator()
        menu.addAction(
            self._action(self.tr("&Accept Suggestion") + "\tTab", editor.accept_suggestion)
        )
        menu.addAction(
            self._action(self.tr("Accept Next &Word") + "\tCtrl+Right", editor.accept_next_word)
        )
        menu.addAction(
            self._action(
                self.tr("Accept Next Senten&ce") + "\tAlt+Right", editor.accept_next_sentence
            )
        )
        menu.addAction(
            self._action(self.tr("&Dismiss Suggestion") + "\tEsc", editor.dismiss_suggestion)
        )

    def _help(self, menu: QMenu) -> None:
        menu.addAction(
            self._action(
                self.tr("&Keyboard Shortcuts"),
                self.show_shortcuts,
                QKeySequence(QKeySequence.StandardKey.HelpContents),
                "shortcutsAction",
            )
        )
        menu.addAction(
            self._action(self.tr("&User Guide"), self.show_guide, name="userGuideAction")
        )
        menu.addAction(
            self._action(self.tr("Show &Log Folder"), self._show_log_folder, name="showLogFolder")
        )
        menu.addSeparator()
        about = self._action(self.tr("&About writer-app"), self._about, name="aboutAction")
        about.setMenuRole(QAction.MenuRole.AboutRole)
        menu.addAction(about)

    def show_find_in_novel(self) -> FindInNovelDialog:
        """One dialog, kept: it remembers the last search while the writer works."""
        if self._find_in_novel is None:
            w = self._window
            self._find_in_novel = FindInNovelDialog(w.files, w)
            self._find_in_novel.hitChosen.connect(w.files.show_span)
            self._find_in_novel.message.connect(w.say)
        dialog = self._find_in_novel
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        dialog.find_field.setFocus()
        return dialog

    def show_progress(self) -> ProgressDialog:
        dialog = ProgressDialog(self._window.daily, self._window)
        dialog.open()
        return dialog

    def show_export(self) -> ExportDialog:
        """File ▸ Export…: the open novel, or the page alone."""
        w = self._window
        files, doc = w.files, w.files.current
        chapter_id = files.chapter_id_of(doc)
        if files.project is not None and chapter_id is not None:
            page_title = files.project.chapter(chapter_id).title
        else:
            page_title = Path(doc.title).stem if doc is not None else self.tr("Untitled")
        dialog = ExportDialog(
            project=files.project,
            open_texts=files.open_chapter_texts(),
            page_title=page_title,
            page_text=w.editor.toPlainText(),
            page_path=doc.path if doc is not None else None,
            indent=w.editor.first_line_indent() or QLocale().language() == QLocale.Language.Chinese,
            parent=w,
        )
        dialog.exported.connect(lambda path: w.say(self.tr("Exported to {path}").format(path=path)))
        dialog.open()
        return dialog

    def show_provenance(self) -> ProvenanceDialog:
        """Novel ▸ Provenance Report…: the open novel (its open chapters as the editor has
        them), or the page alone."""
        w = self._window
        files, history = w.files, w.history
        live = {}
        for doc in files.documents:
            text = doc.text()
            live[doc] = (text, history.tracker(doc).spans_in_text(text))
        project = files.project
        if project is not None:
            open_chapters = {
                chapter_id: live[doc]
                for doc in live
                if (chapter_id := files.chapter_id_of(doc)) is not None
            }
            dialog = ProvenanceDialog(lambda: novel_report(project, open_chapters), w)
        else:
            doc = files.current
            text, spans = live.get(doc, (w.editor.toPlainText(), []))
            title = Path(doc.title).stem if doc is not None else self.tr("Untitled")
            page = chapter_share(title, text, spans, len(spans))
            dialog = ProvenanceDialog(lambda: ProvenanceReport(title, (page,)), w)
        dialog.open()
        return dialog

    def show_train_voice(self) -> TrainVoiceDialog:
        """Novel ▸ Train My Voice…: the novel's chapters (as the editor has the open ones) or
        the page alone, for the model on this computer."""
        w = self._window
        files = w.files
        project = files.project
        sources: list[TextSource] = []
        if project is not None:
            open_texts = {
                chapter_id: doc
                for doc in files.documents
                if (chapter_id := files.chapter_id_of(doc)) is not None
            }
            for chapter in project.chapters:
                doc = open_texts.get(chapter.id)
                read = (
                    doc.text
                    if doc is not None
                    else functools.partial(lambda path: read_manuscript(path).text, chapter.path)
                )
                sources.append(TextSource(chapter.title, read))
            default_name = project.title
        else:
            doc = files.current
            title = Path(doc.title).stem if doc is not None else self.tr("Untitled")
            sources.append(TextSource(title, w.editor.toPlainText))
            default_name = title
        model = w.voices.model
        info = None
        if model is not None and not model.remote:
            try:
                info = inspect_gguf(Path(model.path))
            except ModelFileError as error:
                w.say(str(error))
        dialog = TrainVoiceDialog(w.voices, sources, info, default_name, w)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_banned_phrases(self) -> BannedPhrasesDialog:
        """Edit the banned phrases: the list for every novel lives with the sampling settings,
        the open novel's in its project.json."""
        w = self._window
        project = w.files.project
        dialog = BannedPhrasesDialog(
            w.panel.settings().banned,
            project.banned_phrases if project is not None else None,
            project.title if project is not None else "",
            w,
        )

        def keep() -> None:
            w.panel.set_banned(dialog.everywhere())
            if project is not None:
                try:
                    project.banned_phrases = list(dialog.in_novel())
                except ProjectError as error:
                    tell(w, self.tr("Not saved"), str(error))

        dialog.accepted.connect(keep)
        dialog.open()
        return dialog

    def show_guide(self) -> GuideDialog:
        dialog = GuideDialog(self._window)
        dialog.open()
        return dialog

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self._window.menuBar(), self._window)
        dialog.open()
        return dialog

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
        QMessageBox.about(self._window, self.tr("About writer-app"), about_text(log_folder()))
