"""Reading ahead: while the writer pauses, the model reads the text before the cursor, so the
next Ctrl+Return starts warm.  Typing, moving the cursor, a request or a model change cancel
it at once (the worker's read stops within milliseconds); a setting turns it off."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from writer_app.core.drafting.suggestion import GenerationRequest

PAUSE_MS = 1500  # a pause this long counts as the writer stopping to think


class ReadAheadTimer(QObject):
    """Restarted by every sign of activity; when it runs out, asks for a read-ahead."""

    readAheadRequested = Signal(object)  # GenerationRequest

    def __init__(
        self,
        parent: QObject,
        make_request: Callable[[], GenerationRequest | None],
        enabled: bool = True,
    ) -> None:
        super().__init__(parent)
        self._make_request = make_request
        self.enabled = enabled
        self._current: GenerationRequest | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self._start)

    def poke(self, *_args: object) -> None:
        """The writer did something: stop reading ahead, and wait for the next pause."""
        self.cancel()
        if self.enabled:
            self._timer.start()

    def cancel(self) -> None:
        if self._current is not None:
            self._current.cancel.set()
            self._current = None

    def stop(self) -> None:
        self._timer.stop()
        self.cancel()

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        if enabled:
            self.poke()
        else:
            self.stop()

    def _start(self) -> None:
        request = self._make_request() if self.enabled else None
        if request is not None:
            self._current = request
            self.readAheadRequested.emit(request)
