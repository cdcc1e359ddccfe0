"""The main window: editor in the middle, suggestion controls at the side, figures below."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStatusBar,
)

from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.local.engine import EngineConfig, GenerationRequest
from writer_app.core.local.tuning import Measured, measured_message
from writer_app.core.models.library import Library
from writer_app.core.settings import AppSettings, load_settings, save_settings
from writer_app.core.storage.state_files import notices
from writer_app.core.text.utf16 import index_from_utf16
from writer_app.ui.alternatives import AlternativeSet
from writer_app.ui.controls import SamplingPanel
from writer_app.ui.dialogs.models import ModelsDialog
from writer_app.ui.dialogs.welcome import FirstStep, WelcomeDialog
from writer_app.ui.documents import flush_journal, set_journalling
from writer_app.ui.editor import DraftEditor
from writer_app.ui.engine_choice import EngineChooser
from writer_app.ui.files import Manuscripts
from writer_app.ui.history_controller import HistoryController
from writer_app.ui.project_panel import ProjectPanel
from writer_app.ui.read_ahead import ReadAheadTimer
from writer_app.ui.status import describe_stats, nothing_suggested
from writer_app.ui.story import StoryController
from writer_app.ui.word_choices import WordChoices
from writer_app.ui.worker import TAIL_CHARS_PER_TOKEN, LoadedModel, WorkerThread

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    generateRequested = Signal(object)  # GenerationRequest, to the worker thread
    previewRequested = Signal(object)  # GenerationRequest: measure its prompt only
    loadRequested = Signal(object)  # EngineConfig
    loadDemoRequested = Signal(object)  # EngineConfig (its path is replaced by the demo's)
    loadAnywayRequested = Signal(object)  # EngineConfig, after a memory warning
    # Re-emitted on the GUI thread once the window has handled them (tests and scripts wait on
    # these rather than on the worker's signals, which fire on the worker thread).
    modelReady = Signal(object)  # LoadedModel
    modelFailed = Signal(str)
    suggestionFinished = Signal(int, object)  # request id, SuggestionStats

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.resize(1180, 780)
        self._settings: AppSettings = load_settings()
        self._model: LoadedModel | None = None
        self._loading = False
        self._request_id = 0
        self._current: GenerationRequest | None = None
        self._alternatives = AlternativeSet()
        self._ending = False  # the desktop session is ending: close without asking

        self.editor = DraftEditor(self)
        self.setCentralWidget(self.editor)
        self.files = Manuscripts(self, self.editor)
        self.panel = SamplingPanel()
        self.panel.set_presets(self._settings.presets)
        self.panel.set_settings(self._settings.sampling)
        dock = QDockWidget("Suggestions", self)
        dock.setObjectName("controlsDock")
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setWidget(self.panel)
        scroller.setMinimumWidth(300)
        dock.setWidget(scroller)
        dock.setTitleBarWidget(QLabel(""))
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.story = StoryController(self, dock)
        self.chapters = ProjectPanel()
        self.chapters_dock = QDockWidget("Chapters", self)
        self.chapters_dock.setObjectName("chaptersDock")
        self.chapters_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.chapters_dock.setWidget(self.chapters)
        self.chapters_dock.setVisible(False)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.chapters_dock)

        status = QStatusBar(self)
        status.setObjectName("statusBar")
        self.setStatusBar(status)
        self.model_label = QLabel("No model")
        self.model_label.setObjectName("modelLabel")
        self.stats_label = QLabel("")
        self.stats_label.setObjectName("statsLabel")
        self.words_label = QLabel("")
        self.words_label.setObjectName("wordsLabel")
        self.format_label = QLabel("")
        self.format_label.setObjectName("formatLabel")
        status.addWidget(self.stats_label, 1)
        status.addPermanentWidget(self.words_label)
        status.addPermanentWidget(self.format_label)
        status.addPermanentWidget(self.model_label)

        self._worker = WorkerThread()
        worker = self._worker.worker
        self.engine_choice = EngineChooser(self, lambda: self._settings.engine, self._set_engine)
        self.engine_choice.useRemoteRequested.connect(worker.use_remote)
        self.engine_choice.useLocalRequested.connect(worker.use_local)
        self.engine_choice.message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.generateRequested.connect(worker.generate)
        self.previewRequested.connect(worker.preview_prompt)
        worker.promptBuilt.connect(self._on_prompt_built)
        self.loadRequested.connect(worker.load_model)
        self.loadDemoRequested.connect(worker.load_demo_model)
        self.loadAnywayRequested.connect(worker.load_model_anyway)
        worker.modelTooBig.connect(self._on_model_too_big)
        worker.modelLoading.connect(self._on_model_loading)
        worker.modelLoaded.connect(self._on_model_loaded)
        worker.modelFailed.connect(self._on_model_failed)
        worker.downloadProgress.connect(self._on_download_progress)
        worker.suggestionText.connect(self._on_suggestion_text)
        worker.suggestionFinished.connect(self._on_suggestion_finished)
        worker.alternativeFinished.connect(self._on_alternative_finished)
        worker.wordChoicesReady.connect(self._on_word_choices)
        # A method, not a lambda: a lambda would run in the worker's thread.
        worker.settingsMeasured.connect(self._on_settings_measured)
        self.read_ahead = ReadAheadTimer(
            self, self._read_ahead_request, enabled=self._settings.read_ahead
        )
        self.read_ahead.readAheadRequested.connect(worker.read_ahead)
        self.editor.textChanged.connect(self.read_ahead.poke)
        self.editor.cursorPositionChanged.connect(self.read_ahead.poke)
        worker.suggestionFailed.connect(self._on_suggestion_failed)
        self.panel.set_gpu_layers(
            self._settings.gpu_layers, available=worker.gpu_available, layer_count=None
        )

        self.history = HistoryController(self, self.editor, self.files, worker)
        self.history.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.generateRequested.connect(self.history.suggestion_requested)
        self.editor.ghostDismissed.connect(self._on_ghost_dismissed)
        self.word_choices = WordChoices(self, self._ghost_state)
        self.editor.ghostPointed.connect(self.word_choices.point)
        self.editor.wordChoicesRequested.connect(self.word_choices.open_menu)
        self.word_choices.continueRequested.connect(self._continue_from)
        self.editor.suggestionAccepted.connect(self._on_suggestion_accepted)
        self.editor.ghostConsumed.connect(self._settle_alternatives)
        self.panel.alternatives_list.itemClicked.connect(
            lambda item: self._show_alternative(
                self._alternatives.choose(self.panel.alternatives_list.row(item))
            )
        )
        self.files.currentChanged.connect(self._on_document_shown)
        self.files.titleChanged.connect(self._update_title)
        self.files.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.files.wordsCounted.connect(self._on_words_counted)
        self.story.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.story.contextChanged.connect(self._preview_prompt)
        self.files.projectChanged.connect(self._on_project_changed)
        self.chapters.chapterActivated.connect(self.files.open_chapter)
        self.chapters.chapterAboutToBeDeleted.connect(self._on_chapter_about_to_be_deleted)
        self.chapters.chapterRenamed.connect(self._update_title)
        self.chapters.chapterDeleted.connect(self._on_chapter_deleted)
        self.panel.settingsChanged.connect(self._on_sampling_changed)
        self.panel.gpuLayersChanged.connect(self._on_gpu_layers_changed)
        self.panel.presetSaved.connect(self._on_preset_saved)
        self._save_settings_timer = QTimer(self)
        self._save_settings_timer.setSingleShot(True)
        self._save_settings_timer.setInterval(400)
        self._save_settings_timer.timeout.connect(lambda: save_settings(self._settings))
        # Lists read later (the model library, remote engines) may turn out damaged too.
        self._damaged_files_timer = QTimer(self)
        self._damaged_files_timer.setInterval(5000)
        self._damaged_files_timer.timeout.connect(self._tell_about_damaged_files)
        self._damaged_files_timer.start()

        self._build_actions()
        self._on_document_shown(self.files.current)

    # -- actions ------------------------------------------------------------------------------

    def _build_actions(self) -> None:
        def action(text: str, slot, shortcut=None, name: str = "") -> QAction:
            item = QAction(text, self)
            if shortcut is not None:
                item.setShortcuts(shortcut if isinstance(shortcut, list) else [shortcut])
            if name:
                item.setObjectName(name)
            item.triggered.connect(slot)
            self.addAction(item)
            return item

        files = self.files
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(
            action("&New", lambda: files.open_text(""), QKeySequence.StandardKey.New)
        )
        file_menu.addAction(action("&Open…", files.open_dialog, QKeySequence.StandardKey.Open))
        file_menu.addAction(action("New &Novel…", files.new_project_dialog))
        file_menu.addAction(action("Open No&vel…", files.open_project_dialog))
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(
            action("&Save", files.save, QKeySequence.StandardKey.Save, "saveAction")
        )
        file_menu.addAction(action("Save &As…", files.save_as, QKeySequence("Ctrl+Shift+S")))
        file_menu.addAction(action("Save in &UTF-8", files.save_as_utf8))
        file_menu.addAction(action("Show &Backups", files.show_backups))
        file_menu.addAction(action("Session Word &Goal…", files.set_goal_dialog))
        file_menu.addSeparator()
        file_menu.addAction(action("&Models…", self.show_models, QKeySequence("Ctrl+M"), "models"))
        file_menu.addAction(action("Open &Model File…", self.open_model_dialog))
        file_menu.addSeparator()
        file_menu.addAction(action("&Quit", self.close, QKeySequence.StandardKey.Quit))

        draft = self.menuBar().addMenu("&Draft")
        self.suggest_action = action(
            "&Suggest a Continuation",
            self.suggest,
            [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")],
            "suggestAction",
        )
        draft.addAction(self.suggest_action)
        draft.addAction(
            action("&Regenerate", self.suggest, QKeySequence("Ctrl+Shift+Return"), "regenerate")
        )
        draft.addAction(
            action("&Next Alternative", lambda: self._cycle_alternative(1),
                   QKeySequence("Alt+]"), "nextAlternative")
        )  # fmt: skip
        draft.addAction(
            action("&Previous Alternative", lambda: self._cycle_alternative(-1),
                   QKeySequence("Alt+["), "previousAlternative")
        )  # fmt: skip
        # Tab, Ctrl+Right and Esc belong to the editor while a ghost shows; the menu shows them.
        draft.addAction(
            action("Show &Prompt", self.story.show_prompt, QKeySequence("Ctrl+Shift+P"),
                   "showPrompt")
        )  # fmt: skip
        draft.addAction(
            action("S&tory Panel", self.story.show_panel, QKeySequence("Ctrl+Shift+Y"),
                   "storyPanel")
        )  # fmt: skip
        self.history.add_to_menu(draft)
        self.read_ahead_action = action(
            "&Read Ahead While I Pause", self._set_read_ahead, name="readAheadAction"
        )
        self.read_ahead_action.setCheckable(True)
        self.read_ahead_action.setChecked(self._settings.read_ahead)
        self.read_ahead_action.setToolTip(
            "While you pause, the model reads the text before the cursor, so the next "
            "suggestion starts at once. Turn it off to save battery."
        )
        draft.addAction(self.read_ahead_action)
        self.engine_choice.add_to_menus(file_menu, draft)
        draft.addSeparator()
        draft.addAction(action("&Accept Suggestion\tTab", self.editor.accept_suggestion))
        draft.addAction(action("Accept Next &Word\tCtrl+Right", self.editor.accept_next_word))
        draft.addAction(action("&Dismiss Suggestion\tEsc", self.editor.dismiss_suggestion))

    # -- starting -------------------------------------------------------------------------------

    def start(
        self,
        file: Path | None = None,
        model: Path | None = None,
        demo: bool = False,
        first_run: bool = False,
        journal: bool = True,
    ) -> None:
        """What the window does once it is on screen: recovery first, then what was asked.
        ``journal`` False: this process may not use the journal (see ``journal_off``)."""
        if journal:
            self.files.offer_recovery()
        if file is not None:
            self.files.open_path(file)
        elif demo:
            self.files.open_sample_chapter()
        if model is not None:
            self.load_model(model)
        elif demo:
            self.load_demo_model()
        elif self._settings.model_path and Path(self._settings.model_path).is_file():
            self.load_model(Path(self._settings.model_path))
        elif first_run and file is None:
            welcome = WelcomeDialog(self)  # not modal: the page is usable behind it
            welcome.finished.connect(lambda _result: self._first_step(welcome.choice))
            welcome.open()
        self.engine_choice.apply()  # a remote engine chosen for loose files (a novel: on open)
        self._tell_about_damaged_files()
        self.editor.setFocus()

    def _tell_about_damaged_files(self) -> None:
        """Settings or lists that could not be read were set aside: say so, without
        stopping the writer (a note beside the window, not a modal question)."""
        found = notices()
        if not found:
            return
        title, text = self.tr("Files set aside"), "\n\n".join(found)
        note = QMessageBox(QMessageBox.Icon.Information, title, text, parent=self)
        note.setObjectName("damagedFilesNote")
        note.setWindowModality(Qt.WindowModality.NonModal)
        note.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        note.show()

    def _first_step(self, step: FirstStep) -> None:
        save_settings(self._settings)  # the welcome is shown once
        if step is FirstStep.DEMO:
            self.files.open_sample_chapter()
            self.load_demo_model()
        elif step is FirstStep.OPEN_MODEL:
            self.show_models()
        self.editor.setFocus()

    # -- documents ------------------------------------------------------------------------------

    def _on_document_shown(self, doc) -> None:
        self._cancel_current()
        self._update_title()
        self.format_label.setText(doc.format.label if doc is not None else "")
        if self.files.project is None:
            self.story.use_manuscript(doc.path if doc is not None else None)

    def _update_title(self, *_args) -> None:
        doc = self.files.current
        name = doc.title if doc is not None else "Untitled"
        if self.files.project is not None:
            name = f"{name} · {self.files.project.title}"
        self.setWindowTitle(f"{name}[*] — writer-app")
        self.setWindowModified(doc is not None and doc.modified)
        if doc is not None:
            self.format_label.setText(doc.format.label)
            chapter_id = self.files.chapter_id_of(doc)
            if chapter_id is not None:
                self.chapters.set_modified(chapter_id, doc.modified)
                self.chapters.select_chapter(chapter_id)

    def _on_project_changed(self, project) -> None:
        self.engine_choice.use_project(project)
        self.chapters.set_project(project)
        self.chapters_dock.setVisible(project is not None)
        if project is not None:
            self.story.use_project(project.folder)
        else:
            doc = self.files.current
            self.story.use_manuscript(doc.path if doc is not None else None)
        self._update_title()

    def _on_chapter_about_to_be_deleted(self, chapter_id: str) -> None:
        if not self.files.chapter_about_to_be_deleted(chapter_id):
            self.chapters.cancel_delete()

    def _on_chapter_deleted(self, _chapter_id: str) -> None:
        if self.files.current is None:  # the last chapter went: an empty page, not a stale one
            self.files.open_text("")

    def _on_words_counted(self, chapter, project, per_chapter) -> None:
        self.chapters.set_word_counts(per_chapter)
        text = f"{chapter.total:,} words"
        if project is not None:
            text += f" · novel {project.total:,}"
            start = self.files.session_start_words
            if start is not None:
                goal = self.files.project.word_goal if self.files.project else 0
                text += f" · session +{project.total - start:,}" + (f" of {goal:,}" if goal else "")
        self.words_label.setText(text)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.files.recent.items():
            item = self.recent_menu.addAction(str(path))
            item.setEnabled(path.exists())
            item.triggered.connect(lambda _=False, p=path: self.files.open_path(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("Nothing yet").setEnabled(False)

    # -- the model ------------------------------------------------------------------------------

    def open_model_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open a model", "", "GGUF models (*.gguf)")
        if name:
            self.load_model(Path(name))

    def show_models(self) -> ModelsDialog:
        """The model library; choosing a model there loads it here."""
        dialog = ModelsDialog(self, n_ctx=self._settings.n_ctx)
        dialog.modelChosen.connect(self.load_model)
        dialog.settingsApplied.connect(self._on_model_settings_applied)
        dialog.open()
        return dialog

    def _on_model_settings_applied(self, path: Path) -> None:
        if self._model is not None and Path(self._model.path).resolve() == path.resolve():
            self.load_model(path)  # the model in use: load it again with its new settings

    def _engine_config(self, path: Path) -> EngineConfig:
        """How to load ``path``: its own remembered settings (context, GPU layers, threads)."""
        saved = Library().settings_for(path)
        return EngineConfig(
            model_path=path,
            n_ctx=saved.n_ctx,
            n_gpu_layers=saved.gpu_layers,
            n_threads=saved.threads,
            saved_state_mb=self._settings.saved_state_mb,
        )

    def load_model(self, path: Path) -> None:
        self._cancel_current()
        self._loading = True
        self.loadRequested.emit(self._engine_config(path))

    def load_demo_model(self) -> None:
        self._cancel_current()
        self._loading = True
        self.loadDemoRequested.emit(self._engine_config(Path("demo")))

    def _on_model_loading(self, name: str) -> None:
        self._model = None
        self._loading = True
        self.model_label.setText(f"Loading {name}…")

    def _on_settings_measured(self, measured: Measured) -> None:
        self.statusBar().showMessage(measured_message(measured), 10000)

    def _on_model_loaded(self, model: LoadedModel) -> None:
        if self._worker is None:  # it arrived after the window shut down
            return
        self._model = model
        self._loading = False
        if model.note:
            self.statusBar().showMessage(model.note.rstrip(".") + ".", 10000)
        if model.remote:
            self.model_label.setText(f"{model.name} · {model.where}")
            self.model_label.setToolTip(f"Drafting {model.where}: the text goes there.")
        else:
            where = "CPU" if model.gpu_layers == 0 else "GPU"
            self.model_label.setText(f"{model.name} · ready · {where}")
            self.model_label.setToolTip(f"{model.path} · on this computer")
            self._settings = replace(self._settings, model_path=model.path)
            Library().active_model = Path(model.path)
            self.panel.set_gpu_layers(
                model.gpu_layers, available=self._worker.worker.gpu_available, layer_count=None
            )
            self._save_settings_timer.start()
        self._preview_prompt()
        self.modelReady.emit(model)
        self.read_ahead.poke()

    def _on_model_too_big(self, config: EngineConfig, message: str) -> None:
        answer = QMessageBox.question(
            self,
            "This model may not fit in memory",
            f"{message}\n\nLoad it anyway? If memory runs out the system may close the app; "
            "your words are kept and offered back when it starts again.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.loadAnywayRequested.emit(config)
            return
        self._loading = False
        self._model = None
        self.model_label.setText("No model")
        self.statusBar().showMessage(f"{config.model_path.name} was not loaded: {message}", 15000)
        self.modelFailed.emit(message)

    def _on_model_failed(self, message: str) -> None:
        self._loading = False
        self._model = None
        self.model_label.setText("No model")
        self.statusBar().showMessage(message, 15000)
        self._warn("The model could not be loaded", message + " The editor keeps working.")
        self.modelFailed.emit(message)

    def _on_download_progress(self, done: int, total: int) -> None:
        mb = 1024 * 1024
        self.model_label.setText(
            f"Downloading demo model: {done // mb} of {max(total, done) // mb} MB"
        )

    # -- the drafting loop ----------------------------------------------------------------------

    def suggest(self) -> None:
        """Ask for a continuation of the text before the cursor."""
        self._ask()

    def _continue_from(self, ghost_start: str) -> None:
        """The writer chose another word in the ghost: keep the ghost up to it, go on."""
        if self.editor.has_suggestion:
            self._ask(ghost_start)

    def _ghost_state(self) -> tuple[int, str, str]:
        shown = self._alternatives.shown
        texts = self._alternatives.texts
        return shown, texts[shown] if shown < len(texts) else "", self.editor.ghost_text

    def _ask(self, ghost_start: str = "") -> None:
        if self._model is None:
            message = (
                "The model is still loading…"
                if self._loading
                else ("No model is loaded: use File ▸ Open Model File, or start with --demo.")
            )
            self.statusBar().showMessage(message, 5000)
            return
        if not self.engine_choice.may_send():
            return
        self._cancel_current()
        self._request_id += 1
        self._alternatives.reset()
        self.panel.show_alternatives([], 0)
        self.word_choices.reset(base=len(ghost_start))
        settings = self.panel.settings()
        if ghost_start:  # one continuation of the chosen word
            self._alternatives.add(0, ghost_start)
            self._alternatives.settled = True
            self.editor.replace_ghost(ghost_start)
            settings = replace(settings, alternatives=1)
        else:
            self.editor.start_suggestion()
        request = self._request_at_cursor(self._request_id, settings, ghost_start)
        self._current = request
        self.stats_label.setText("Thinking…")
        self.generateRequested.emit(request)

    def _preview_prompt(self, *_args) -> None:
        """Measure what the next suggestion would send (the Story panel's budget bar)."""
        if self._model is None or self._current is not None:
            return
        self.previewRequested.emit(self._request_at_cursor(0))

    def _on_prompt_built(self, request_id: int, prompt) -> None:
        if request_id in (0, self._request_id):
            self.story.prompt_built(prompt)

    def _request_at_cursor(
        self, request_id: int, settings: SamplingSettings | None = None, then: str = ""
    ) -> GenerationRequest:
        """A request for the text before the cursor (followed by ``then``, a ghost's start)."""
        text, offset = self._text_before_cursor()
        return GenerationRequest(
            request_id,
            text + then,
            offset,
            settings or self.panel.settings(),
            story=self.story.context,
        )

    def _text_before_cursor(self) -> tuple[str, int]:
        plain = self.editor.toPlainText()
        end = index_from_utf16(plain, self.editor.textCursor().position())
        n_ctx = self._model.n_ctx if self._model else self._settings.n_ctx
        start = max(0, end - n_ctx * TAIL_CHARS_PER_TOKEN)
        return plain[start:end], start

    def _read_ahead_request(self) -> GenerationRequest | None:
        """What the next Ctrl+Return would send, while nothing else is going on."""
        model = self._model
        if model is None or model.remote or self._current is not None:
            return None
        if self.editor.has_suggestion:
            return None
        return self._request_at_cursor(-1)

    def _set_read_ahead(self, enabled: bool) -> None:
        self.read_ahead.set_enabled(enabled)
        self._settings = replace(self._settings, read_ahead=enabled)
        self._save_settings_timer.start()

    def _cancel_current(self) -> None:
        self.read_ahead.cancel()
        if self._current is not None:
            self._current.cancel.set()
            self._current = None

    def _on_suggestion_text(self, request_id: int, index: int, text: str) -> None:
        if request_id != self._request_id or not self.editor.has_suggestion:
            return
        if self._alternatives.add(index, text):
            self.editor.append_ghost(text)
        if len(self._alternatives.texts) > 1:
            self.panel.show_alternatives(self._alternatives.texts, self._alternatives.shown)

    def _on_alternative_finished(self, request_id: int, index: int, stats) -> None:
        if request_id == self._request_id and index == 0:
            self.stats_label.setText(describe_stats(stats))

    def _on_word_choices(self, request_id: int, index: int, choices) -> None:
        if request_id == self._request_id:
            self.word_choices.add(index, choices)

    def _on_suggestion_finished(self, request_id: int, stats) -> None:
        if request_id != self._request_id:
            return  # an older request that was superseded
        self._current = None
        if self.editor.has_suggestion and not self.editor.ghost_text and nothing_suggested(stats):
            self.editor.dismiss_suggestion()
            self.stats_label.setText("The model had nothing to add here. " + describe_stats(stats))
        elif len(self._alternatives.texts) > 1:
            count = len(self._alternatives.texts)
            self.stats_label.setText(
                f"{count} alternatives (Alt+] / Alt+[) · " + self.stats_label.text()
            )
        self.suggestionFinished.emit(request_id, stats)

    def _cycle_alternative(self, step: int) -> None:
        if self.editor.has_suggestion:
            self._show_alternative(self._alternatives.cycle(step))

    def _show_alternative(self, text: str | None) -> None:
        if text is None or not self.editor.has_suggestion:
            return
        self.editor.replace_ghost(text)
        self.panel.show_alternatives(self._alternatives.texts, self._alternatives.shown)

    def _settle_alternatives(self) -> None:
        self._alternatives.settled = True

    def _on_suggestion_failed(self, request_id: int, message: str) -> None:
        if request_id != self._request_id:
            return
        self._current = None
        if self.editor.ghost_text:  # what came before the failure stays, for Tab or Esc
            self.stats_label.setText(f"Stopped early: {message}")
        else:
            self.editor.dismiss_suggestion()
            self.stats_label.setText(f"No suggestion: {message}")

    def _on_ghost_dismissed(self) -> None:
        self._cancel_current()
        self._alternatives.reset()
        self.panel.show_alternatives([], 0)

    def _on_suggestion_accepted(self, _text: str) -> None:
        if not self.editor.has_suggestion:
            self._cancel_current()

    # -- settings -------------------------------------------------------------------------------

    def _on_sampling_changed(self, sampling) -> None:
        self._settings = self._settings.with_sampling(sampling)
        self._save_settings_timer.start()

    def _on_preset_saved(self, preset) -> None:
        kept = tuple(p for p in self._settings.presets if p.name != preset.name)
        self._settings = replace(self._settings, presets=(*kept, preset))
        self.panel.set_presets(self._settings.presets)
        self._save_settings_timer.start()

    def _on_gpu_layers_changed(self, layers: int) -> None:
        """GPU layers are remembered per model; a change reloads the model."""
        if self._model is None or layers == self._model.gpu_layers:
            return
        library = Library()
        path = Path(self._model.path)
        library.save_settings(path, replace(library.settings_for(path), gpu_layers=layers))
        self.load_model(path)

    def _set_engine(self, name: str) -> None:
        """Where loose files (not in a novel) draft: a remote engine's name, or ""."""
        self._settings = replace(self._settings, engine=name)
        self._save_settings_timer.start()

    @property
    def app_settings(self) -> AppSettings:
        return self._settings

    # -- closing -------------------------------------------------------------------------------

    def journal_off(self, reason: str) -> None:
        """Run without the autosave journal, and keep saying so: a crash now loses unsaved
        typing.  ``reason`` (a sentence) is what the writer was told at start."""
        set_journalling(False)
        label = QLabel(self.tr("Autosave is off: save often (Ctrl+S)."))
        label.setObjectName("journalOffLabel")
        label.setStyleSheet("QLabel { color: #b00020; font-weight: bold; }")
        label.setToolTip(reason)
        label.setAccessibleName(label.text())
        self.statusBar().addPermanentWidget(label)

    @property
    def ending(self) -> bool:
        """The session ended (``end_session``): the window is closed or closing."""
        return self._ending

    def end_session(self, cause: str) -> None:
        """The desktop session ends (SIGTERM, SIGHUP): nothing may wait for an answer.  The
        journal keeps unsaved text (the next start offers it back), open questions are
        dismissed, and the app quits; no manuscript is written unasked."""
        if self._ending:
            return
        self._ending = True
        log.info("ending the session (%s): unsaved text stays in the journal", cause)
        try:
            for doc in self.files.documents:
                doc.record_now()
            flush_journal()
            self.story.flush()
            self.history.flush()
            self.shutdown()
        except Exception:  # noqa: BLE001 (nothing may keep the session from ending)
            log.exception("ending the session")
        for widget in QApplication.topLevelWidgets():
            if widget is not self and widget.isVisible() and widget.isModal():
                # Its caller sees "rejected" (Cancel); closeEvent no longer asks.
                if isinstance(widget, QDialog):
                    widget.reject()
                else:
                    widget.hide()
        self.close()
        QApplication.exit(0)  # also ends the event loops of dialogs still running

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self._ending:
            event.accept()  # journals stay: the next start offers the unsaved text back
            return
        self.story.flush()
        if not self.files.confirm_close_all() or self._ending:
            # The session ended while the question was open (end_session did the rest).
            event.setAccepted(self._ending)
            return
        self.history.flush()
        self.files.close_all()
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop generation, close the model on its thread, persist settings."""
        self.read_ahead.stop()
        self._cancel_current()
        self._save_settings_timer.stop()
        self._damaged_files_timer.stop()
        save_settings(self._settings)
        if self._worker is not None:
            self._worker.stop()
            self._worker = None

    def _warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)
