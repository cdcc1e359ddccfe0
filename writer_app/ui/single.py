"""One writer-app per user: a second start hands its file to the first and ends.

Two windows would each keep an autosave journal, and the second would offer the first one's
live journal back as if it had crashed.  A lock file (Qt removes it when its process is gone)
says whether an instance runs; a local socket carries the file to open to it.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from writer_app.core.paths import state_dir

log = logging.getLogger(__name__)

CONNECT_MS = 2000
_RAISE_ONLY = "\n"  # sent when the second start named no file


class SingleInstance(QObject):
    fileRequested = Signal(str)  # a path, or "" to just bring the window forward

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        folder = folder or state_dir()
        folder.mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(folder / "instance.lock"))
        self._lock.setStaleLockTime(0)  # only a dead owner makes it stale, never its age
        digest = hashlib.sha256(str(folder.resolve()).encode("utf-8")).hexdigest()[:16]
        self.server_name = f"writer-app-{digest}"
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """True when this is the only instance; it then listens for later starts."""
        if not self._lock.tryLock(100):
            return False
        QLocalServer.removeServer(self.server_name)  # a crashed owner's socket file
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self._server.listen(self.server_name):
            log.warning("cannot listen for later starts: %s", self._server.errorString())
        self._server.newConnection.connect(self._on_connection)
        return True

    def hand_over(self, file: Path | None) -> bool:
        """Ask the running instance to open ``file`` (or come forward); True if it heard."""
        socket = QLocalSocket()
        socket.connectToServer(self.server_name)
        if not socket.waitForConnected(CONNECT_MS):
            return False
        message = f"{file.resolve()}\n" if file is not None else _RAISE_ONLY
        socket.write(message.encode("utf-8"))
        heard = socket.waitForBytesWritten(CONNECT_MS)
        socket.disconnectFromServer()
        return heard

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
        self._lock.unlock()

    def _on_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(self._on_ready_read)
            socket.disconnected.connect(socket.deleteLater)
            if socket.canReadLine():
                self._read(socket)

    @Slot()
    def _on_ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            line = bytes(socket.readLine().data()).decode("utf-8", "replace").rstrip("\n")
            self.fileRequested.emit(line)
