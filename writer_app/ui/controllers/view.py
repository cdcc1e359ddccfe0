"""The View menu's state: the page's text size, full screen and theme, all remembered.

Full screen can also be left by the window manager (a key of its own, a desktop switch): an
event filter on the window keeps the menu's tick and the setting true to what is on screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QColor, QPalette
from PySide6.QtWidgets import QApplication, QFontDialog, QMainWindow

from writer_app.ui.editor.draft_editor import DEFAULT_TEXT_PT, DraftEditor
from writer_app.ui.editor.themes import LIGHT, theme_named


class ViewController(QObject):
    def __init__(
        self, window: QMainWindow, editor: DraftEditor, remember: Callable[..., None]
    ) -> None:
        super().__init__(window)
        self._window = window
        self._editor = editor
        self._remember = remember
        self._full_screen_action: QAction | None = None
        window.installEventFilter(self)

    def follow(self, full_screen: QAction) -> None:
        """The checkable View ▸ Full Screen action to keep in step with the window."""
        self._full_screen_action = full_screen

    def set_theme(self, name: str) -> None:
        """View ▸ Theme: show it and remember it."""
        self.apply_theme(name)
        self._remember(theme=theme_named(name).name)

    def apply_theme(self, name: str) -> None:
        """Light is the desktop's own look with a white page; sepia and dark colour the whole
        window, so that nothing bright sits beside a dark page."""
        theme = theme_named(name)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setPalette(QPalette() if theme is LIGHT else theme.palette(QPalette()))
        self._editor.set_colours(QColor(theme.paper), QColor(theme.ink), QColor(theme.ghost))

    def choose_font(self) -> None:
        """View ▸ Font…: the desktop's font chooser; the family is remembered (the size is
        Zoom's)."""
        first, second = QFontDialog.getFont(self._editor.font(), self._window, self.tr("Font"))
        ok, font = (
            (first, second) if isinstance(first, bool) else (second, first)
        )  # PySide: ok first
        if ok:
            self._editor.set_text_family(font.family())
            self._remember(text_family=font.family())

    def zoom(self, step: int) -> None:
        """View ▸ Zoom In (+1 point), Zoom Out (-1), Actual Size (0)."""
        size = DEFAULT_TEXT_PT if step == 0 else self._editor.text_size() + step
        self._editor.set_text_size(size)
        self._remember(text_pt=self._editor.text_size())

    def set_full_screen(self, on: bool) -> None:
        if on:
            self._window.showFullScreen()
        else:
            self._window.showNormal()
        self._remember(full_screen=on)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        action = self._full_screen_action
        if watched is self._window and event.type() == QEvent.Type.WindowStateChange and action:
            on = bool(self._window.windowState() & Qt.WindowState.WindowFullScreen)
            if action.isChecked() != on:
                action.blockSignals(True)
                action.setChecked(on)
                action.blockSignals(False)
                self._remember(full_screen=on)
        return False
