"""The sha256 of a whole file, read a chunk at a time (a model of several GB never sits in
memory): a download checked before it is kept, a model file's identity for its saved states."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from writer_app.core.storage.copying import CHUNK_BYTES, chunks_of, copy_blocks


def file_sha256(
    path: Path,
    *,
    digest: Any = None,
    chunk: int = CHUNK_BYTES,
    progress: Callable[[int], None] | None = None,
    cancel: threading.Event | None = None,
) -> str:
    """The hex sha256 of the bytes at ``path``.  ``digest``: a hashlib object to continue (a
    partial download whose rest is still to come; it holds the file's bytes afterwards).
    ``progress(bytes read)`` after each chunk; raises copying.Cancelled when ``cancel`` is
    set, or the OSError of reading."""
    digest = hashlib.sha256() if digest is None else digest
    with Path(path).open("rb") as stream:
        copy_blocks(chunks_of(stream, chunk), None, digest=digest, progress=progress, cancel=cancel)
    return str(digest.hexdigest())
