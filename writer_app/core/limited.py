"""Read one of the app's own small files (project.json, history, story, recent list, journal)
without trusting it: only a regular file, and only up to a size no real one reaches.

A FIFO would block ``open()`` forever and /dev/zero or a 2 GB file would fill memory; both are
refused before a byte is read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_CHUNK = 2**20


class TooLarge(ValueError):
    """The file is far larger than any the app writes; it reads as damaged."""

    def __init__(self, path: Path, size: int) -> None:
        self.size = size
        super().__init__(f"it is far too large ({size // 2**20} MB)")


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of ``path``. OSError when it cannot be read or is not a regular file
    (IsADirectoryError for a folder); TooLarge when it holds more than ``limit`` bytes."""
    # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(stream.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if info.st_size > limit:
            raise TooLarge(Path(path), info.st_size)
        # Chunks, not read(limit + 1): that would set aside ``limit`` bytes of memory at once.
        chunks, total = [], 0
        while chunk := stream.read(min(_CHUNK, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while we read
                raise TooLarge(Path(path), total)
    return b"".join(chunks)
