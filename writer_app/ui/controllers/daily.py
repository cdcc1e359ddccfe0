"""Today's words, from the word counts: each count of the shown document adds what changed
since its last count (the first count of a document only sets where it starts, so opening a
chapter writes nothing).  Kept in ``core.manuscript.daily`` across files, novels and restarts."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from writer_app.core.manuscript.daily import DailyProgress

log = logging.getLogger(__name__)


class DailyCounter(QObject):
    changed = Signal()  # today's words or the goal changed
    message = Signal(str)

    def __init__(self, parent: QObject, progress: DailyProgress | None = None) -> None:
        super().__init__(parent)
        self.progress = progress or DailyProgress()
        self._shown: tuple[str, int] | None = None  # (document key, its words at the last count)
        self._told = False

    def counted(self, key: str, words: int) -> None:
        """The shown document (``key``) holds ``words`` now."""
        before = self._shown
        self._shown = (key, words)
        if before is None or before[0] != key:
            return  # another document: where it starts, not words written
        self._add(words - before[1])

    def _add(self, words: int) -> None:
        try:
            self.progress.add(words)
        except OSError as error:
            log.warning("could not save today's words to %s: %s", self.progress.path, error)
            if not self._told:
                self._told = True
                self.message.emit(
                    self.tr("Today's word count could not be saved ({reason}).").format(
                        reason=error.strerror or error
                    )
                )
        self.changed.emit()

    def set_goal(self, goal: int, say: Callable[[str], None] | None = None) -> None:
        try:
            self.progress.set_goal(goal)
        except OSError as error:
            log.warning("could not save the daily goal: %s", error)
            if say is not None:
                say(
                    self.tr("The daily goal could not be saved ({reason}).").format(
                        reason=error.strerror or error
                    )
                )
        self.changed.emit()
