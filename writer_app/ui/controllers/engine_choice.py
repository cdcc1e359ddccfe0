"""Where drafting runs: this computer or a remote engine, chosen per novel; the privacy
question before a manuscript first leaves the machine; Preferences ▸ Engines."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from writer_app.core.manuscript.project import Project, ProjectError
from writer_app.core.remote.api_keys import KeyStore
from writer_app.core.remote.servers import (
    EngineChoice,
    RemoteEngineConfig,
    consent_question,
    has_consent,
    load_engines,
    record_consent,
)
from writer_app.ui.dialogs.engines import EnginesDialog
from writer_app.ui.failures import ask
from writer_app.ui.language import shown

log = logging.getLogger(__name__)


class EngineChooser(QObject):
    useRemoteRequested = Signal(object, object)  # RemoteEngineConfig, API key or None
    useLocalRequested = Signal()
    message = Signal(str)

    def __init__(
        self,
        window: QMainWindow,
        loose_choice: Callable[[], str],
        set_loose_choice: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._loose_choice = loose_choice
        self._set_loose_choice = set_loose_choice
        self.keys = KeyStore()
        self.engines: list[RemoteEngineConfig] = load_engines()
        self.project: Project | None = None
        self.active: RemoteEngineConfig | None = None  # None: drafting on this computer
        self.menu: QMenu | None = None
        self._group = QActionGroup(self)
        self._dialog: EnginesDialog | None = None

    # -- menus ------------------------------------------------------------------------------

    def attach_menu(self, menu: QMenu) -> None:
        """Keep ``menu`` (Draft ▸ Engine) listing the engines, the one in use checked."""
        self.menu = menu
        self._fill_menu()

    def _fill_menu(self) -> None:
        if self.menu is None:
            return
        self.menu.clear()
        for action in self._group.actions():
            self._group.removeAction(action)
        names: list[str | None] = [None, *(engine.name for engine in self.engines)]
        for name in names:
            text = (
                self.tr("On This Computer")
                if name is None
                else self.tr("On {engine}").format(engine=name)
            )
            action = QAction(text, self.menu)
            action.setObjectName("engineLocal" if name is None else f"engine:{name}")
            action.setCheckable(True)
            action.setChecked(name == (self.active.name if self.active else None))
            action.triggered.connect(lambda _=False, n=name: self.choose(n))
            self._group.addAction(action)
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.tr("Add or Change Engines…"), self.show_preferences)

    def show_preferences(self) -> EnginesDialog:
        if self._dialog is None:
            self._dialog = EnginesDialog(self.keys, self._window)
            self._dialog.enginesChanged.connect(self._on_engines_changed)
        self._dialog.show()
        self._dialog.raise_()
        return self._dialog

    def _on_engines_changed(self, engines: list[RemoteEngineConfig]) -> None:
        self.engines = engines
        self.apply()  # an engine in use may have moved or been removed
        self._fill_menu()

    # -- the choice -------------------------------------------------------------------------

    def use_project(self, project: Project | None) -> None:
        self.project = project
        self.apply()

    def current_choice(self) -> EngineChoice:
        if self.project is not None:
            return EngineChoice.from_dict(self.project.engine)
        return EngineChoice(self._loose_choice() or None)

    def choose(self, name: str | None) -> None:
        """The writer picked an engine in Draft ▸ Engine: remember it for this novel."""
        choice = EngineChoice(name)
        if self.project is not None:
            try:
                self.project.engine = choice.to_dict()
            except ProjectError as error:
                self.message.emit(shown(error))
        else:
            self._set_loose_choice(name or "")
        self.apply()

    def apply(self) -> None:
        """Tell the worker where drafting runs now, if that changed."""
        choice = self.current_choice()
        engine = choice.find(self.engines)
        if choice.remote is not None and engine is None:
            self.message.emit(
                self.tr(
                    "The engine “{engine}” is no longer set up; drafting on this computer."
                ).format(engine=choice.remote)
            )
        if engine != self.active:
            self.active = engine
            if engine is None:
                self.useLocalRequested.emit()
            else:
                self.useRemoteRequested.emit(engine, self.keys.get(engine.name))
        self._fill_menu()

    def may_send(self) -> bool:
        """Before text leaves this machine for the first time: ask, once per engine."""
        engine = self.active
        if engine is None or has_consent(engine):
            return True
        answer = ask(
            self._window,
            self.tr("Send the manuscript to a server?"),
            consent_question(engine),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            self.message.emit(
                self.tr(
                    "Nothing was sent to {engine}. Draft ▸ Engine ▸ On This Computer drafts "
                    "here instead."
                ).format(engine=engine.name)
            )
            return False
        try:
            record_consent(engine)
        except OSError:
            log.warning("could not record the consent for %s", engine.name, exc_info=True)
        return True
