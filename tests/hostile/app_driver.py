"""Run the real app (``writer_app.cli.main``) with a robot that reports what a writer would
see, one JSON line on stdout per event, and clicks the buttons it was told to click.

    python app_driver.py [--answer BUTTON]... [--type TEXT] [--signal-after-typing NAME]
                         [--close-when-shown] -- APP-ARGS...

Events: {"event": "dialog", "name", "text", "buttons"} for each modal dialog;
{"event": "window", "editor", "status"} once the main window shows with no dialog over it;
{"event": "typed"} after typing.  Buttons are named by objectName or by their text.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)


def _say(event: str, **fields: object) -> None:
    print(json.dumps({"event": event, **fields}), flush=True)


class Robot:
    def __init__(self, options: argparse.Namespace) -> None:
        self.answers = list(options.answer)
        self.options = options
        self.seen: set[int] = set()
        self.window_seen = False

    def tick(self) -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            self._dialog(modal)
            return
        window = next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QMainWindow) and w.objectName() == "mainWindow" and w.isVisible()
            ),
            None,
        )
        if window is None or self.window_seen:
            return
        self.window_seen = True
        editor = window.findChild(QPlainTextEdit, "editor")
        status = {
            label.objectName(): label.text()
            for label in window.statusBar().findChildren(QLabel)
            if label.objectName() and label.isVisible()
        }
        notes = [
            w.text()
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible() and not w.isModal()
        ]
        _say(
            "window",
            editor=editor.toPlainText() if editor else None,
            status=status,
            notes=notes,
        )
        if self.options.type is not None and editor is not None:
            editor.insertPlainText(self.options.type)
            _say("typed")
            if self.options.signal_after_typing:
                # Before any journal timer can fire: only the signal's handling may save it.
                os.kill(os.getpid(), getattr(signal, self.options.signal_after_typing))
        if self.options.close_when_shown:  # later: a question it asks gets its own ticks
            QTimer.singleShot(0, window.close)

    def _dialog(self, modal: QWidget) -> None:
        buttons = [b for b in modal.findChildren(QAbstractButton) if b.isVisible()]
        if id(modal) not in self.seen:
            self.seen.add(id(modal))
            if isinstance(modal, QMessageBox):
                text = modal.text() + " " + modal.informativeText()
            else:
                text = " ".join(label.text() for label in modal.findChildren(QLabel))
            _say(
                "dialog",
                name=modal.objectName(),
                text=text.strip(),
                buttons=[b.objectName() or b.text() for b in buttons],
            )
        if not self.answers:
            return
        wanted = self.answers[0]
        for button in buttons:
            if wanted in (button.objectName(), button.text().replace("&", "")):
                self.answers.pop(0)
                self.seen.discard(id(modal))
                button.click()
                return


def main() -> int:
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    parser = argparse.ArgumentParser()
    parser.add_argument("--answer", action="append", default=[])
    parser.add_argument("--type")
    parser.add_argument("--signal-after-typing")
    parser.add_argument("--close-when-shown", action="store_true")
    options = parser.parse_args(argv[:split])
    app = QApplication(sys.argv[:1])
    robot = Robot(options)
    timer = QTimer()
    timer.timeout.connect(robot.tick)
    timer.start(20)
    from writer_app.cli import main as app_main

    status = app_main(argv[split + 1 :])
    del app
    return status


if __name__ == "__main__":
    sys.exit(main())
