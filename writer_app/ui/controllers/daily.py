"""Today's words, from the word counts: each count of the shown document adds what changed
since its last count (the first count of a document only sets where it starts, so opening a
chapter writes nothing).  Kept in ``core.manuscript.daily`` across files, novels and restarts:
written a few seconds after the last change (an atomic write with fsync is too slow for every
pause in the typing) and when the window closes."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from writer_app.core.manuscript.daily import DailyProgress

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 3_000


class DailyCounter(QObject):
    changed = Signal()  # today's words or the goal changed
    message = Signal(str)

    def __init__(self, parent: QObject, progress: DailyProgress | None = None) -> None:
        super().__init__(parent)
        self.progress = progress or DailyProgress()
        self._shown: tuple[str, int] | None = None  # (document key, its words at the last count)
        self._told = False
        self._pending = False  # words counted and not written yet
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.flush)

    def counted(self, key: str, words: int) -> None:
        """The shown document (``key``) holds ``words`` now."""
        before = self._shown
        self._shown = (key, words)
        if before is None or before[0] != key:
            return  # another document: where it starts, not words written
        self._add(words - before[1])

    def _add(self, words: int) -> None:
        self.progress.add(words, save=False)
        self._pending = True
        self._save_timer.start()
        self.changed.emit()

    def flush(self) -> None:
        """Write today's words now (a few seconds after a change, and when the window closes)."""
        self._save_timer.stop()
        if not self._pending:
            return
        self._pending = False
        try:
            self.progress.save()
        except OSError as error:
            log.warning("could not save today's words to %s: %s", self.progress.path, error)
            if not self._told:
                self._told = True
                self.message.emit(
                    self.tr("Today's word count could not be saved ({reason}).").format(
                        reason=error.strerror or error
                    )
                )

    def set_goal(self, goal: int) -> None:
        try:
            self.progress.set_goal(goal)
        except OSError as error:
            log.warning("could not save the daily goal: %s", error)
            self.message.emit(
                self.tr("The daily goal could not be saved ({reason}).").format(
                    reason=error.strerror or error
                )
            )
        self.changed.emit()
