"""Read a writer's file without ever hanging or running out of memory.

Only a regular file is read. Opening a named pipe (FIFO) blocks until another program writes
to it, ``/dev/zero`` never ends, a socket cannot be opened at all: so the path is checked with
``stat`` before it is opened, opened non-blocking, and the open descriptor checked again with
``fstat`` (a file swapped for a pipe between the two checks is refused, not waited on). The
bytes are read in chunks into one buffer the size of the file, so a worker thread can report
progress and stop when the writer cancels, and memory stays at the file's size.

Every read of a chapter or a loose text file goes through ``read_regular_file``; every read of
one of the app's own small files (project.json, a journal, the story and history files, the
settings) through ``read_limited``, which also refuses a file larger than any the app writes.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from writer_app.core.text import sentence

log = logging.getLogger(__name__)

CHUNK_BYTES = 4 * 2**20  # progress every 4 MB: ~50 steps for a 200 MB file
# What a non-regular file is, in the writer's words (used in the sentence they are shown).
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)

ProgressCallback = Callable[[int, int], None]  # (bytes read, bytes expected)


class NotARegularFile(OSError):
    """The path is a folder, a pipe, a device or a socket: nothing a writer's text lives in."""

    def __init__(self, path: Path, kind: str) -> None:
        code = errno.EISDIR if kind == "a folder" else errno.EINVAL
        super().__init__(code, f"it is {kind}, not a file", str(path))
        self.kind = kind


class FolderNotFile(NotARegularFile, IsADirectoryError):
    """A folder where a file was expected."""


class TooLarge(ValueError):
    """The file is far larger than any the app writes of its kind; it reads as damaged."""

    def __init__(self, path: Path, size: int) -> None:
        self.size = size
        super().__init__(
            sentence.translate("StateFiles", "{path} is far too large ({size} MB)").format(
                path=path, size=size // 2**20
            )
        )


class ReadCancelled(Exception):
    """The writer cancelled the read; nothing was opened or changed."""


@dataclass(frozen=True)
class RawFile:
    """The bytes of a file and what they looked like when read (size, time, sha256)."""

    data: bytes | bytearray
    mtime_ns: int
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def _refused(path: Path, kind: str) -> NotARegularFile:
    return FolderNotFile(path, kind) if kind == "a folder" else NotARegularFile(path, kind)


def _kind_of(mode: int) -> str | None:
    """None for a regular file, else what it is ("a named pipe", ...)."""
    if stat.S_ISREG(mode):
        return None
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return "not a plain file"


def regular_file_size(path: Path) -> int:
    """The size of the regular file at ``path`` (following links), without opening it.

    Raises NotARegularFile for folders, pipes, devices and sockets, or the OSError of ``stat``
    (missing, a loop of symbolic links, no permission on a folder above it).
    """
    info = os.stat(path)
    kind = _kind_of(info.st_mode)
    if kind is not None:
        raise _refused(Path(path), kind)
    return info.st_size


def read_regular_file(
    path: Path,
    *,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> RawFile:
    """All the bytes of the regular file at ``path``, hashed as they are read.

    ``progress(done, expected)`` is called after each chunk; when ``cancel`` is set the read
    stops with ReadCancelled. Raises NotARegularFile or the OSError of opening or reading.
    """
    path = Path(path)
    expected = regular_file_size(path)
    fd, info = _open_regular(path)
    try:
        data = _read_all(fd, info.st_size, progress, cancel)
    finally:
        os.close(fd)
    if len(data) != expected:
        log.info("%s changed size while it was read (%d -> %d)", path, expected, len(data))
    return RawFile(data, info.st_mtime_ns, hashlib.sha256(data).hexdigest())


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of one of the app's own small files, which no real one makes larger than
    ``limit``.  Raises TooLarge (before reading, or when it grew meanwhile), NotARegularFile
    (FolderNotFile, also an IsADirectoryError, for a folder), or the OSError of opening it."""
    path = Path(path)
    fd, info = _open_regular(path)
    try:
        if info.st_size > limit:
            raise TooLarge(path, info.st_size)
        data = _read_all(fd, info.st_size, None, None)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise TooLarge(path, len(data))
    return bytes(data)


def read_head(path: Path, limit: int) -> bytes:
    """At most the first ``limit`` bytes of the regular file at ``path`` (for a title)."""
    path = Path(path)
    regular_file_size(path)
    fd, _ = _open_regular(path)
    try:
        return os.read(fd, limit)
    finally:
        os.close(fd)


def _open_regular(path: Path) -> tuple[int, os.stat_result]:
    """A blocking descriptor on ``path`` once ``fstat`` shows it is a regular file."""
    # O_NONBLOCK: if a pipe was swapped in after the stat, open returns at once instead of
    # waiting for a writer; O_NOCTTY: a terminal device never becomes our controlling tty.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        kind = _kind_of(info.st_mode)
        if kind is not None:
            log.warning("%s is %s; refused", path, kind)
            raise _refused(path, kind)
        os.set_blocking(fd, True)  # a regular file: reads never wait on another program
    except BaseException:
        os.close(fd)
        raise
    return fd, info


def _read_all(
    fd: int,
    size: int,
    progress: ProgressCallback | None,
    cancel: threading.Event | None,
) -> bytearray:
    """Read to the end into one buffer of ``size`` bytes (grown if the file grew meanwhile)."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    done = 0
    try:
        while True:
            if cancel is not None and cancel.is_set():
                raise ReadCancelled()
            if done == len(buffer):  # at the size fstat gave: more only if the file grew
                more = os.read(fd, CHUNK_BYTES)
                if not more:
                    break
                view.release()
                buffer += more
                view = memoryview(buffer)
                done = len(buffer)
            else:
                n = os.readv(fd, [view[done : done + CHUNK_BYTES]])
                if n == 0:  # the file shrank: keep what is there
                    break
                done += n
            if progress is not None:
                progress(done, max(size, done))
    finally:
        view.release()
    del buffer[done:]
    return buffer
