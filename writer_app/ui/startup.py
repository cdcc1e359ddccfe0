"""Start-up questions about the single-instance lock, and quitting when the session ends.

When this start cannot hold the lock, the writer is told exactly why (another window runs but
did not answer; the state folder is unusable; something else stands at the lock's path) and
may start anyway, without the autosave journal, or quit.  Nothing here ever exits in silence.
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSocketNotifier
from PySide6.QtWidgets import QMessageBox

from writer_app.ui.single import ANSWER_MS, HandOver, SingleInstance

log = logging.getLogger(__name__)

EXIT_NOT_STARTED = 1


def settle_lock(instance: SingleInstance, file: Path | None) -> int | None:
    """After ``instance.acquire()`` failed: hand ``file`` to a running window, or ask.
    Returns the exit status when this start should end, or None to open the window: with
    the lock when a retry got it (``instance.locked``), else without it and without the
    journal, ``instance.problem`` then saying why."""
    while True:
        if instance.problem is None:
            outcome = instance.request(file)
            if outcome is HandOver.HEARD:
                log.info("handed %s to the running instance", file)
                return 0
            text = _not_answering(instance.owner_pid, outcome)
            choice = _ask(text, retry=True, start_is_default=False)
        else:
            text = instance.problem
            choice = _ask(text, retry=False, start_is_default=True)
        log.warning("%s (the writer chose: %s)", text, choice)
        if choice == "quit":
            return EXIT_NOT_STARTED
        if choice == "start":
            instance.problem = instance.problem or text
            return None
        if instance.acquire():  # "retry": the other window may have gone meanwhile
            return None


def _not_answering(pid: int, outcome: HandOver) -> str:
    if outcome is HandOver.NOT_LISTENING:
        first = QCoreApplication.translate(
            "Startup",
            "writer-app seems to be running already (process {pid}), but it does not take "
            "requests from a second start.",
        )
    else:
        first = QCoreApplication.translate(
            "Startup",
            "writer-app is already running (process {pid}), but its window did not answer "
            "within {seconds} seconds: it may be busy or stuck.",
        )
    rest = QCoreApplication.translate(
        "Startup",
        "Try again in a moment, or start another window anyway. That window keeps no "
        "autosave journal (the running one owns it), so save often.",
    )
    return first.format(pid=pid, seconds=ANSWER_MS // 1000) + " " + rest


def _ask(text: str, *, retry: bool, start_is_default: bool) -> str:
    """ "start", "retry" or "quit", as the writer chose (closing the box is "quit")."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, QCoreApplication.translate("Startup", "writer-app"), text
    )
    box.setObjectName("startupQuestion")
    start = box.addButton(
        QCoreApplication.translate("Startup", "Start Without Autosave"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    start.setObjectName("startAnywayButton")
    again = None
    if retry:
        again = box.addButton(
            QCoreApplication.translate("Startup", "Try Again"), QMessageBox.ButtonRole.ActionRole
        )
        again.setObjectName("retryButton")
    quit_ = box.addButton(
        QCoreApplication.translate("Startup", "Quit"), QMessageBox.ButtonRole.RejectRole
    )
    quit_.setObjectName("quitButton")
    box.setDefaultButton(start if start_is_default else quit_)
    box.setEscapeButton(quit_)
    box.exec()
    clicked = box.clickedButton()
    if clicked is start:
        return "start"
    if again is not None and clicked is again:
        return "retry"
    return "quit"


# -- the desktop session ends ---------------------------------------------------------------

_ENDING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)


def quit_on_signals(end: Callable[[str], None]) -> Callable[[], None]:
    """Call ``end(signal name)`` on the GUI thread when SIGTERM, SIGHUP or SIGINT arrives.

    Python runs a signal handler only when the interpreter gets control, which Qt's event loop
    may not give it for a long time.  So the C-level handler writes the signal's number to a
    socket (``signal.set_wakeup_fd``) that Qt watches.  Returns a function undoing it all."""
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    try:
        previous_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    except ValueError:  # not the main thread: leave signals as they are
        reader.close()
        writer.close()
        return lambda: None
    previous = {number: signal.signal(number, _noted) for number in _ENDING_SIGNALS}
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read)

    def on_signal() -> None:
        try:
            numbers = reader.recv(64)
        except OSError:
            return
        for number in numbers:
            if number in _ENDING_SIGNALS:
                end(signal.Signals(number).name)
                return

    notifier.activated.connect(on_signal)

    def undo() -> None:
        notifier.setEnabled(False)
        signal.set_wakeup_fd(previous_fd)
        for number, handler in previous.items():
            signal.signal(number, handler)
        reader.close()
        writer.close()

    return undo


def _noted(_number: int, _frame: object) -> None:
    """The Python-level handler: nothing to do, the wakeup socket already told Qt."""
