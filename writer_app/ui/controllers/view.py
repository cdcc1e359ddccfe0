"""The View menu's state: the page's text size, font, width, theme, focus and typewriter modes,
full screen and distraction-free writing, all remembered.

Full screen can also be left by the window manager (a key of its own, a desktop switch): an
event filter on the window keeps the menu's tick and the setting true to what is on screen.

Distraction-free: full screen with the panels, menus and status bar put away; the pointer at the
top edge brings the menus back (at the bottom edge, the status bar) until it leaves them, Alt
pressed alone opens them from the keyboard, and the same key ends it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QCursor, QPalette
from PySide6.QtWidgets import QApplication, QDockWidget, QFontDialog, QMainWindow

from writer_app.ui.editor.draft_editor import DEFAULT_TEXT_PT, DraftEditor
from writer_app.ui.editor.themes import LIGHT, theme_named

EDGE_PX = 4  # how near an edge the pointer brings the menus or the status bar back
EDGE_POLL_MS = 150


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
        self.distraction_free = False
        self._was_full_screen = False
        self._alt_alone = False  # Alt is down and no other key came with it
        self._put_away: list[QDockWidget] = []
        self._edges = QTimer(self)  # where the pointer is, while distraction-free
        self._edges.setInterval(EDGE_POLL_MS)
        self._edges.timeout.connect(self._follow_pointer)

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

    def set_line_spacing(self, spacing: float) -> None:
        """View ▸ Line Spacing."""
        self._editor.set_line_spacing(spacing)
        self._remember(line_spacing=self._editor.line_spacing())

    def set_first_line_indent(self, on: bool) -> None:
        """View ▸ First-Line Indent."""
        self._editor.set_first_line_indent(on)
        self._remember(first_line_indent=on)

    def set_page_chars(self, chars: int) -> None:
        """View ▸ Page Width."""
        self._editor.set_page_chars(chars)
        self._remember(page_chars=self._editor.page_chars())

    def set_focus_mode(self, on: bool) -> None:
        """View ▸ Focus Mode."""
        self._editor.set_focus_mode(on)
        self._remember(focus_mode=on)

    def set_typewriter(self, on: bool) -> None:
        """View ▸ Typewriter Scrolling."""
        self._editor.set_typewriter(on)
        self._remember(typewriter=on)

    def set_distraction_free(self, on: bool) -> None:
        """View ▸ Distraction-Free: the page alone, full screen (see module docstring)."""
        window = self._window
        if on == self.distraction_free:
            return
        self.distraction_free = on
        if on:
            self._was_full_screen = bool(window.windowState() & Qt.WindowState.WindowFullScreen)
            self._put_away = [d for d in window.findChildren(QDockWidget) if d.isVisible()]
            for dock in self._put_away:
                dock.hide()
            window.menuBar().hide()
            window.statusBar().hide()
            window.showFullScreen()
            self._edges.start()
            self._editor.installEventFilter(self)
        else:
            self._edges.stop()
            self._editor.removeEventFilter(self)
            for dock in self._put_away:
                dock.show()
            self._put_away = []
            window.menuBar().show()
            window.statusBar().show()
            if not self._was_full_screen:
                window.showNormal()
        self._editor.setFocus()
        self._remember(distraction_free=on)

    def _follow_pointer(self) -> None:
        """Menus at the top edge, the status bar at the bottom edge, while the pointer is there
        (or a menu is open)."""
        window = self._window
        y = window.mapFromGlobal(QCursor.pos()).y()
        menus, status = window.menuBar(), window.statusBar()
        if y <= EDGE_PX:
            menus.show()
        elif menus.isVisible() and y > menus.height() + EDGE_PX * 8:
            if QApplication.activePopupWidget() is None and menus.activeAction() is None:
                menus.hide()
        if y >= window.height() - EDGE_PX:
            status.show()
        elif status.isVisible() and y < window.height() - status.height() - EDGE_PX * 8:
            status.hide()

    def _alt_alone_opens_menus(self, event: QEvent) -> None:
        """Distraction-free: Alt pressed and let go with no other key opens the File menu (the
        menus hide again once closed, the pointer away)."""
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            self._alt_alone = event.key() == Qt.Key.Key_Alt  # type: ignore[attr-defined]
        elif kind == QEvent.Type.KeyRelease and event.key() == Qt.Key.Key_Alt:  # type: ignore[attr-defined]
            if self._alt_alone:
                menus = self._window.menuBar()
                menus.show()
                menus.setFocus()
                menus.setActiveAction(menus.actions()[0])
            self._alt_alone = False

    def set_full_screen(self, on: bool) -> None:
        if on:
            self._window.showFullScreen()
        else:
            self._window.showNormal()
        self._remember(full_screen=on)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self._editor:
            self._alt_alone_opens_menus(event)
            return False
        action = self._full_screen_action
        if (
            watched is self._window
            and event.type() == QEvent.Type.WindowStateChange
            and action
            and not self.distraction_free  # its full screen is its own, not View ▸ Full Screen
        ):
            on = bool(self._window.windowState() & Qt.WindowState.WindowFullScreen)
            if action.isChecked() != on:
                action.blockSignals(True)
                action.setChecked(on)
                action.blockSignals(False)
                self._remember(full_screen=on)
        return False
