"""The real main window, shown the way the GUI tests need it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from writer_app.ui.main_window import MainWindow


def shown_window(qtbot, *, active: bool = False) -> MainWindow:
    """A new MainWindow on screen; ``active``: also the active window, which shortcuts
    (Ctrl+Return, Ctrl+S) need to reach it."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    if active:
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window
