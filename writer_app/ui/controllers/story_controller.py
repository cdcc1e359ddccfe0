"""Keeps the Story panel, its file and the last prompt together for the main window."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow, QScrollArea

from writer_app.core.prompt.story import StoryContext, StoryFile
from writer_app.core.prompt.window import Prompt
from writer_app.ui.panels.budget import PromptDialog
from writer_app.ui.panels.story_panel import StoryPanel

log = logging.getLogger(__name__)


class StoryController(QObject):
    """Which story context applies (the novel's, or a loose file's), saving it, showing what
    the model read.  ``contextChanged`` fires after an edit so the budget can be measured."""

    contextChanged = Signal(object)  # StoryContext
    message = Signal(str)

    def __init__(self, window: QMainWindow, beside: QDockWidget) -> None:
        super().__init__(window)
        self._window = window
        self.panel = StoryPanel()
        self.dock = QDockWidget(self.tr("Story"), window)
        self.dock.setObjectName("storyDock")
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setWidget(self.panel)
        scroller.setMinimumWidth(300)
        self.dock.setWidget(scroller)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        window.tabifyDockWidget(beside, self.dock)
        beside.raise_()
        self._file: StoryFile | None = None
        self.last_prompt: Prompt | None = None
        self._dialog: PromptDialog | None = None
        self.panel.storyEdited.connect(self._save)
        self.panel.showPromptRequested.connect(self.show_prompt)

    @property
    def context(self) -> StoryContext:
        return self.panel.story()

    def use_project(self, folder) -> None:
        self._switch(StoryFile.for_project(folder))

    def use_manuscript(self, path) -> None:
        self._switch(StoryFile.for_manuscript(path))

    def _switch(self, story_file: StoryFile) -> None:
        if self._file is not None and story_file.path == self._file.path:
            return
        self.panel.flush()  # a pending edit belongs to the story being left
        self._file = story_file
        self.panel.set_story(story_file.context)
        self.prompt_built(None)

    def _save(self, story: StoryContext) -> None:
        if self._file is None:
            return
        try:
            self._file.save(story)
        except OSError as error:
            log.warning("could not save %s", self._file.path, exc_info=True)
            self.message.emit(
                self.tr(
                    "The story notes could not be saved ({reason}); "
                    "they are kept while the app is open."
                ).format(reason=error.strerror or error)
            )
        self.contextChanged.emit(story)

    def prompt_built(self, prompt: Prompt | None) -> None:
        self.last_prompt = prompt
        self.panel.budget_bar.set_report(prompt.report if prompt is not None else None)
        if self._dialog is not None and self._dialog.isVisible():
            self._dialog.show_prompt(prompt)

    def show_prompt(self) -> PromptDialog:
        if self._dialog is None:
            self._dialog = PromptDialog(self.last_prompt, self._window)
        else:
            self._dialog.show_prompt(self.last_prompt)
        self._dialog.show()
        self._dialog.raise_()
        return self._dialog

    def show_panel(self) -> None:
        self.dock.show()
        self.dock.raise_()
        self.panel.memory_edit.setFocus()

    def flush(self) -> None:
        self.panel.flush()
