"""The main window: the page in the middle, panels beside it, figures below.

A thin assembly: it lays out the widgets, creates the controllers that do the work
(``ui/controllers``), lets ``ui/actions.py`` build the menus, keeps the writer's settings and
closes everything in order.  The model lives on ``ui/worker.py``'s thread.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.settings import AppSettings, load_settings, save_settings
from writer_app.core.storage.state_files import notices
from writer_app.ui.actions import Commands
from writer_app.ui.controllers.daily import DailyCounter
from writer_app.ui.controllers.documents import flush_journal, set_journalling
from writer_app.ui.controllers.drafting import DraftingController
from writer_app.ui.controllers.engine_choice import EngineChooser
from writer_app.ui.controllers.history_controller import HistoryController
from writer_app.ui.controllers.manuscripts import Manuscripts
from writer_app.ui.controllers.model_loading import ModelLoader
from writer_app.ui.controllers.pause_suggest import PauseSuggester
from writer_app.ui.controllers.predictability import PredictabilityController
from writer_app.ui.controllers.spelling import SpellingController
from writer_app.ui.controllers.story_controller import StoryController
from writer_app.ui.controllers.view import ViewController
from writer_app.ui.controllers.voices import VoiceController
from writer_app.ui.dialogs.welcome import FirstStep, WelcomeDialog
from writer_app.ui.editor.draft_editor import DraftEditor
from writer_app.ui.editor.find_bar import FindBar
from writer_app.ui.language import shown
from writer_app.ui.numbers import whole
from writer_app.ui.panels.project_panel import ProjectPanel
from writer_app.ui.panels.sampling_panel import SamplingPanel
from writer_app.ui.status import MESSAGE_MS, NOTE_MS, RecentMessages
from writer_app.ui.worker import GenerationWorker, WorkerThread

log = logging.getLogger(__name__)

SETTINGS_SAVE_DELAY_MS = 400  # a slider dragged across saves once, when it stops
# Lists read later (the model library, remote engines) may turn out damaged too: look again
# this often for sentences about files set aside.
DAMAGED_FILES_POLL_MS = 5_000


class MainWindow(QMainWindow):
    def __init__(self, settings: AppSettings | None = None) -> None:
        """``settings``: as read already (the app reads them once, for the language, before
        the window); read here when not given."""
        super().__init__()
        self.setObjectName("mainWindow")
        self.resize(1180, 780)
        self._settings: AppSettings = settings if settings is not None else load_settings()
        self._ending = False  # the desktop session is ending: close without asking

        self._build_page_and_panels()
        self._build_status_bar()
        self._worker = WorkerThread()
        self._build_controllers(self._worker.worker)
        self._connect()
        self._start_timers()
        self.commands = Commands(self)
        self.view.follow(self.commands.full_screen)
        self.view.apply_theme(self._settings.theme)
        self._on_document_shown(self.files.current)
        self.spelling.refresh()

    def _build_page_and_panels(self) -> None:
        self.editor = DraftEditor(self)
        if self._settings.text_pt:
            self.editor.set_text_size(self._settings.text_pt)
        if self._settings.text_family:
            self.editor.set_text_family(self._settings.text_family)
        self.editor.set_page_chars(self._settings.page_chars)
        self.editor.set_line_spacing(self._settings.line_spacing)
        self.editor.set_first_line_indent(self._settings.first_line_indent)
        self.find_bar = FindBar(self.editor)
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.editor, 1)
        column.addWidget(self.find_bar)
        self.setCentralWidget(page)
        self.files = Manuscripts(self, self.editor)
        self.panel = SamplingPanel()
        self.panel.set_presets(self._settings.presets)
        self.panel.set_settings(self._settings.sampling)
        dock = self._dock(
            self.tr("Suggestions"), "controlsDock", Qt.DockWidgetArea.RightDockWidgetArea
        )
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setWidget(self.panel)
        scroller.setMinimumWidth(300)
        dock.setWidget(scroller)
        dock.setTitleBarWidget(QLabel(""))
        self.story = StoryController(self, dock)
        self.chapters = ProjectPanel()
        self.chapters_dock = self._dock(
            self.tr("Chapters"), "chaptersDock", Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.chapters_dock.setWidget(self.chapters)
        self.chapters_dock.setVisible(False)

    def _build_controllers(self, worker: GenerationWorker) -> None:
        self.engine_choice = EngineChooser(self, lambda: self._settings.engine, self._set_engine)
        self.engine_choice.useRemoteRequested.connect(worker.use_remote)
        self.engine_choice.useLocalRequested.connect(worker.use_local)
        self.drafting = DraftingController(
            self,
            editor=self.editor,
            panel=self.panel,
            story=self.story,
            engine_choice=self.engine_choice,
            stats_label=self.stats_label,
            worker=worker,
            read_ahead=self._settings.read_ahead,
            bridge=self._settings.bridge,
            fallback_n_ctx=lambda: self._settings.n_ctx,
            novel_bans=lambda: self.files.project.banned_phrases if self.files.project else [],
        )
        self.model_loader = ModelLoader(
            self,
            worker=worker,
            drafting=self.drafting,
            panel=self.panel,
            label=self.model_label,
            settings=lambda: self._settings,
        )
        self.history = HistoryController(self, self.editor, self.files, worker)
        self.view = ViewController(self, self.editor, self.remember)
        self.daily = DailyCounter(self)
        self._counts: tuple = (None, None)  # the last counts: the shown document, the novel
        self.pause = PauseSuggester(
            self,
            self.editor,
            self._may_suggest_on_pause,
            self.drafting.suggest_briefly,
            enabled=self._settings.suggest_on_pause,
            pause_ms=self._settings.pause_ms,
        )
        self.pause.paused.connect(self._first_pause_note)
        self.spelling = SpellingController(
            self,
            self.editor,
            self.files,
            enabled=self._settings.spelling,
            language=self._settings.spelling_language,
            remember=self.remember,
            say=self.say,
        )
        self.drafting.generateRequested.connect(self.history.suggestion_requested)
        self.predictability = PredictabilityController(
            self, editor=self.editor, files=self.files, drafting=self.drafting, worker=worker
        )
        self.predictability.message.connect(self.say)
        self.model_loader.modelReady.connect(self.predictability.model_ready)
        self.voices = VoiceController(
            self, worker=worker, files=self.files, box=self.panel.voice_box,
            status_label=self.voice_label,
        )  # fmt: skip
        self.voices.message.connect(self.say)
        self.model_loader.modelReady.connect(self.voices.model_ready)
        self.drafting.voice_on = lambda: self.voices.voice_on

    def _connect(self) -> None:
        sources = (self.history, self.files, self.story, self.drafting, self.model_loader)
        for source in (*sources, self.find_bar):
            source.message.connect(self.say)
        self.engine_choice.message.connect(lambda text: self.say(text, NOTE_MS))
        self.files.currentChanged.connect(self._on_document_shown)
        self.files.titleChanged.connect(self._update_title)
        self.files.words.counted.connect(self._on_words_counted)
        self.files.words.shownCounted.connect(self.daily.counted)
        self.daily.changed.connect(self._show_counts)
        self.daily.message.connect(self.say)
        self.files.projectChanged.connect(self._on_project_changed)
        self.chapters.chapterActivated.connect(self.files.open_chapter)
        self.chapters.chapterAboutToBeDeleted.connect(self._on_chapter_about_to_be_deleted)
        self.chapters.chapterRenamed.connect(self._update_title)
        self.chapters.chapterDeleted.connect(self._on_chapter_deleted)
        self.panel.settingsChanged.connect(self._on_sampling_changed)
        self.panel.voice_box.trainRequested.connect(lambda: self.commands.show_train_voice())
        self.panel.presetSaved.connect(self._on_preset_saved)

    def _start_timers(self) -> None:
        self._save_settings_timer = QTimer(self)
        self._save_settings_timer.setSingleShot(True)
        self._save_settings_timer.setInterval(SETTINGS_SAVE_DELAY_MS)
        self._save_settings_timer.timeout.connect(lambda: save_settings(self._settings))
        self._damaged_files_timer = QTimer(self)
        self._damaged_files_timer.setInterval(DAMAGED_FILES_POLL_MS)
        self._damaged_files_timer.timeout.connect(self._tell_about_damaged_files)
        self._damaged_files_timer.start()

    def _dock(self, title: str, name: str, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(area, dock)
        return dock

    def _build_status_bar(self) -> None:
        status = QStatusBar(self)
        status.setObjectName("statusBar")
        self.setStatusBar(status)
        self.model_label = QLabel(self.tr("No model"))
        self.model_label.setObjectName("modelLabel")
        self.stats_label = QLabel("")
        self.stats_label.setObjectName("statsLabel")
        # A long line of figures is cut at the window's edge; it never widens the window.
        self.stats_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.words_label = QLabel("")
        self.words_label.setObjectName("wordsLabel")
        self.format_label = QLabel("")
        self.format_label.setObjectName("formatLabel")
        self.voice_label = QLabel("")
        self.voice_label.setObjectName("voiceStatusLabel")
        status.addWidget(self.stats_label, 1)
        self.recent_messages = RecentMessages()
        status.addPermanentWidget(self.recent_messages)
        status.addPermanentWidget(self.words_label)
        status.addPermanentWidget(self.format_label)
        status.addPermanentWidget(self.voice_label)
        status.addPermanentWidget(self.model_label)

    def say(self, text: str, ms: int = MESSAGE_MS) -> None:
        """A sentence in the status bar for ``ms`` milliseconds; the log keeps it too.  A
        sentence of core's is said in the window's language."""
        text = shown(text)
        log.info("status: %s", text)
        self.statusBar().showMessage(text, ms)
        self.recent_messages.add(text)

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
            self.files.open_sample_chapter(demo)
        if model is not None:
            self.model_loader.load_model(model)
        elif demo:
            self.model_loader.load_demo_model(demo)
        elif (last := self.model_loader.last_model()) is not None:
            self.model_loader.load_model(last)
        elif first_run and file is None:
            welcome = WelcomeDialog(self)  # not modal: the page is usable behind it
            welcome.finished.connect(lambda _result: self._first_step(welcome.choice))
            welcome.open()
        if self._settings.full_screen:
            self.commands.full_screen.setChecked(True)
        if self._settings.distraction_free:
            self.commands.distraction_free.setChecked(True)
        self.engine_choice.apply()  # a remote engine chosen for loose files (a novel: on open)
        self._tell_about_damaged_files()
        self.editor.setFocus()

    def _tell_about_damaged_files(self) -> None:
        """Settings or lists that could not be read were set aside: say so, without
        stopping the writer (a note beside the window, not a modal question)."""
        found = notices()
        if not found:
            return
        title, text = self.tr("Files set aside"), "\n\n".join(shown(n) for n in found)
        note = QMessageBox(QMessageBox.Icon.Information, title, text, parent=self)
        note.setObjectName("damagedFilesNote")
        note.setWindowModality(Qt.WindowModality.NonModal)
        note.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        note.show()

    def _first_step(self, step: FirstStep) -> None:
        save_settings(self._settings)  # the welcome is shown once
        if step in (FirstStep.DEMO, FirstStep.DEMO_ZH):
            language = "zh" if step is FirstStep.DEMO_ZH else "en"
            self.files.open_sample_chapter(language)
            self.model_loader.load_demo_model(language)
        elif step is FirstStep.OPEN_MODEL:
            self.model_loader.show_models()
        self.editor.setFocus()

    # -- documents ------------------------------------------------------------------------------

    def _on_document_shown(self, doc) -> None:
        self.drafting.cancel()
        self._update_title()
        self.format_label.setText(doc.format.label if doc is not None else "")
        if self.files.project is None:
            self.story.use_manuscript(doc.path if doc is not None else None)

    def _update_title(self, *_args) -> None:
        doc = self.files.current
        name = doc.title if doc is not None else self.tr("Untitled")
        if self.files.project is not None:
            name = f"{name} · {self.files.project.title}"
        self.setWindowTitle(self.tr("{name}[*] — writer-app").format(name=name))
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
        self._counts = (chapter, project)
        self._show_counts()

    def _show_counts(self) -> None:
        """Words (字 in Chinese) of the page, the novel, this session and today, in the
        locale's numbers (1,234 or 1 234)."""
        chapter, project = self._counts
        if chapter is None:
            return
        n = whole
        parts = [self.tr("{count} words").format(count=n(chapter.total))]
        if project is not None:
            parts.append(self.tr("novel {count}").format(count=n(project.total)))
            start = self.files.words.session_start
            if start is not None:
                goal = self.files.project.word_goal if self.files.project else 0
                written = n(project.total - start)
                parts.append(
                    self.tr("session +{count} of {goal}").format(count=written, goal=n(goal))
                    if goal
                    else self.tr("session +{count}").format(count=written)
                )
        today, daily = self.daily.progress.today_words(), self.daily.progress.goal
        parts.append(
            self.tr("today {count} of {goal}").format(count=n(today), goal=n(daily))
            if daily
            else self.tr("today {count}").format(count=n(today))
        )
        self.words_label.setText(" · ".join(parts))

    # -- settings -------------------------------------------------------------------------------

    @property
    def app_settings(self) -> AppSettings:
        return self._settings

    def remember(self, **changes) -> None:
        """Change the writer's settings; they are saved a moment later (once for a burst)."""
        self._settings = replace(self._settings, **changes)
        self._save_settings_timer.start()

    def set_bridge(self, enabled: bool) -> None:
        """Draft ▸ Lead into What Follows, remembered."""
        self.drafting.bridge = enabled
        self.remember(bridge=enabled)

    def set_read_ahead(self, enabled: bool) -> None:
        self.drafting.set_read_ahead(enabled)
        self.remember(read_ahead=enabled)

    def set_suggest_on_pause(self, enabled: bool) -> None:
        """Draft ▸ Suggest While I Pause."""
        self.pause.set_enabled(enabled)
        self.remember(suggest_on_pause=enabled)

    def set_pause_ms(self, ms: int) -> None:
        """Draft ▸ Pause Before Suggesting."""
        self.pause.set_pause_ms(ms)
        self.remember(pause_ms=ms)

    def pause_engine(self) -> str | None:
        """The server drafting now, whose pause suggestions the writer may allow; None here."""
        active = self.engine_choice.active
        return active.name if active is not None else None

    def pause_on_engine_allowed(self) -> bool:
        name = self.pause_engine()
        return name is None or name in self._settings.pause_engines

    def allow_pause_on_engine(self, allowed: bool) -> None:
        """Draft ▸ Also on This Server: pause suggestions on the server drafting now."""
        name = self.pause_engine()
        if name is None:
            return
        others = tuple(n for n in self._settings.pause_engines if n != name)
        self.remember(pause_engines=(*others, name) if allowed else others)

    def _may_suggest_on_pause(self) -> bool:
        return self.drafting.idle() and self.pause_on_engine_allowed()

    def _first_pause_note(self) -> None:
        if not self._settings.pause_note_shown:
            self.remember(pause_note_shown=True)
            self.say(
                self.tr(
                    "A suggestion appeared because you paused: Tab keeps it, typing goes on. "
                    "Turn this off in Draft ▸ Suggest While I Pause."
                ),
                NOTE_MS,
            )

    def _on_sampling_changed(self, sampling) -> None:
        self._settings = self._settings.with_sampling(sampling)
        self._save_settings_timer.start()

    def _on_preset_saved(self, preset) -> None:
        kept = tuple(p for p in self._settings.presets if p.name != preset.name)
        self.remember(presets=(*kept, preset))
        self.panel.set_presets(self._settings.presets)

    def _set_engine(self, name: str) -> None:
        """Where loose files (not in a novel) draft: a remote engine's name, or ""."""
        self.remember(engine=name)

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
        if not self.voices.may_close():
            event.ignore()
            return
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
        self.predictability.stop()
        self.voices.close()
        self.drafting.stop()
        self.model_loader.close()
        self._save_settings_timer.stop()
        self._damaged_files_timer.stop()
        save_settings(self._settings)
        self.daily.flush()
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
