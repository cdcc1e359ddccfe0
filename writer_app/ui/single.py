"""One writer-app per user: a second start hands its file to the first and ends.

Two windows would each keep an autosave journal, and the second would offer the first one's
live journal back as if it had crashed.  A lock file (Qt removes it when its process is gone)
says whether an instance runs; a local socket carries the file to open to it, and the running
instance answers each request, so a second start can tell a window that heard it from one that
is hung (a stopped process still accepts connections: the kernel queues them).

When the lock cannot be used at all (the state folder is unusable, or something that is not a
live writer-app's lock stands at its path), ``acquire`` says so in ``problem``, a sentence for
the writer, instead of pretending an instance runs.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QEventLoop, QLockFile, QObject, QSysInfo, QTimer, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from writer_app.core.storage.paths import state_dir

log = logging.getLogger(__name__)

CONNECT_MS = 2000
ANSWER_MS = 5000  # a window busy for longer than this is called "not answering"
JUNK_LOCK_AGE_S = 10  # an unreadable lock file older than this is no instance's, being written
_RAISE_ONLY = "\n"  # sent when the second start named no file
_HEARD = b"ok\n"  # the running instance's answer to each line


class HandOver(Enum):
    """What became of a second start's request to the running instance."""

    HEARD = "heard"  # it answered: it opens the file (or comes forward)
    NO_ANSWER = "no answer"  # it took the request but did not answer in time: busy or hung
    NOT_LISTENING = "not listening"  # nothing accepts requests at its address


class SingleInstance(QObject):
    fileRequested = Signal(str)  # a path, or "" to just bring the window forward

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder or state_dir()
        self.lock_path = self.folder / "instance.lock"
        self._lock = QLockFile(str(self.lock_path))
        self._lock.setStaleLockTime(0)  # only a dead owner makes it stale, never its age
        digest = hashlib.sha256(str(_resolved(self.folder)).encode("utf-8")).hexdigest()[:16]
        self.server_name = f"writer-app-{digest}"
        self._server: QLocalServer | None = None
        self.problem: str | None = None  # why the lock cannot be used; None: it is held
        self.owner_pid = 0  # the running instance's process, when the lock is held

    def acquire(self) -> bool:
        """True when this is the only instance; it then listens for later starts.  False with
        ``problem`` None when another instance holds the lock (``owner_pid``), or with
        ``problem`` set when the lock cannot be used at all."""
        self.problem = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            log.warning("state folder %s unusable: %s", self.folder, error)
            self.problem = self._unusable(self._folder_trouble(error))
            return False
        if not self._lock.tryLock(100) and not self._retry_after_junk():
            return False
        QLocalServer.removeServer(self.server_name)  # a crashed owner's socket file
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self._server.listen(self.server_name):
            log.warning("cannot listen for later starts: %s", self._server.errorString())
        self._server.newConnection.connect(self._on_connection)
        return True

    def _retry_after_junk(self) -> bool:
        """The lock was refused: work out why (setting ``problem`` or ``owner_pid``), and
        lock again when what stood in the way was an old unreadable file; True if locked."""
        error = self._lock.error()
        if error != QLockFile.LockError.LockFailedError:  # permission, or anything else
            reason = _why_unwritable(self.folder) or self.tr("permission denied")
            log.warning("cannot create %s: %s (%s)", self.lock_path, reason, error)
            self.problem = self._unusable(reason)
            return False
        pid, host, _app = self._lock.getLockInfo()
        if not self.lock_path.is_file() or self.lock_path.is_symlink():
            log.warning("%s is not a lock file", self.lock_path)
            self.problem = self.tr(
                "Something other than writer-app's lock file stands at {path} (a folder or a "
                "link). writer-app keeps its lock there to stop two copies running at once. "
                "Move it away, then start writer-app again."
            ).format(path=self.lock_path)
            return False
        if pid <= 0:
            return self._remove_junk()
        if host and host != QSysInfo.machineHostName():
            log.warning("%s is held by process %d on %s", self.lock_path, pid, host)
            self.problem = self.tr(
                "The lock file {path} says writer-app is running on another computer, “{host}” "
                "(process {pid}), which shares this folder. Close it there first. If it is not "
                "running there, delete that file and start writer-app again."
            ).format(path=self.lock_path, host=host, pid=pid)
            return False
        self.owner_pid = pid
        return False

    def _remove_junk(self) -> bool:
        """An unreadable file at the lock path: another program's, or left half written.
        Removed once it is old enough not to be a lock being written this instant."""
        try:
            age = time.time() - self.lock_path.stat().st_mtime
        except OSError:
            age = 0.0
        if age >= JUNK_LOCK_AGE_S and self._lock.removeStaleLockFile():
            log.warning("removed an unreadable file at %s (not a writer-app lock)", self.lock_path)
            if self._lock.tryLock(100):
                return True
        self.problem = self.tr(
            "The file {path} is not a lock file writer-app can read. writer-app keeps its lock "
            "there to stop two copies running at once. Delete that file, then start writer-app "
            "again."
        ).format(path=self.lock_path)
        return False

    def _folder_trouble(self, error: OSError) -> str:
        """Why the folder cannot be made, in words: a file in its way says more than
        "File exists"."""
        for place in (self.folder, *self.folder.parents):
            if place.exists() or place.is_symlink():
                if not place.is_dir():
                    return self.tr("{path} is a file, not a folder").format(path=place)
                break
        return error.strerror or str(error)

    def _unusable(self, reason: str) -> str:
        return self.tr(
            "writer-app cannot use its folder {folder}: {reason}. That folder keeps the lock "
            "that stops two copies running at once and the autosave journal that protects "
            "unsaved typing. Make sure it is a folder you can write to (not a file, not on a "
            "read-only disk), then start writer-app again."
        ).format(folder=self.folder, reason=reason.rstrip("."))

    @property
    def locked(self) -> bool:
        return self._lock.isLocked()

    def hand_over(self, file: Path | None) -> bool:
        """Ask the running instance to open ``file`` (or come forward); True if it answered."""
        return self.request(file) is HandOver.HEARD

    def request(self, file: Path | None) -> HandOver:
        """Send ``file`` to the running instance and wait for its answer (an event loop of
        our own runs meanwhile, so the answer can come from this very thread)."""
        socket = QLocalSocket()
        socket.connectToServer(self.server_name)
        if not socket.waitForConnected(CONNECT_MS):
            log.info("no instance listens at %s: %s", self.server_name, socket.errorString())
            return HandOver.NOT_LISTENING
        message = f"{file.resolve()}\n" if file is not None else _RAISE_ONLY
        socket.write(message.encode("utf-8"))
        socket.flush()
        loop, timer = QEventLoop(), QTimer()
        timer.setSingleShot(True)
        for finished in (socket.readyRead, socket.disconnected, timer.timeout):
            finished.connect(loop.quit)
        timer.start(ANSWER_MS)
        if not socket.canReadLine():
            loop.exec()
        timer.stop()
        heard = socket.canReadLine() and bytes(socket.readLine().data()) == _HEARD
        socket.abort()
        return HandOver.HEARD if heard else HandOver.NO_ANSWER

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
            socket.write(_HEARD)  # before the work: the second start waits only for this
            socket.flush()
            self.fileRequested.emit(line)


def _resolved(folder: Path) -> Path:
    try:
        return folder.resolve()
    except (OSError, RuntimeError):  # a symlink loop: the lock then fails and says why
        return folder.absolute()


def _why_unwritable(folder: Path) -> str | None:
    """The operating system's reason a file cannot be created in ``folder``, or None."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            return None
    except OSError as error:
        return error.strerror or os.strerror(error.errno or 0)
