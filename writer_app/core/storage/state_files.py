"""Reading the app's own small JSON files (settings, engines, the model library, the recent
list, measured settings) so that a damaged one can never stop the app from starting.

Whatever stands at the path — a truncated or huge file, bytes in another encoding, JSON nested
60,000 deep, a folder, a FIFO, a symlink loop — the reader returns None instead of raising.  A
damaged file is renamed aside (``NAME.damaged``) so that the app's next save does not destroy
what the writer may want back, and the reason goes to the log; files the writer cares about
also leave a sentence in ``notices()`` for the window to show.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from typing import Any

from writer_app.core.storage.reading import NotARegularFile, TooLarge, read_limited

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 4 * 2**20  # far above any file the app writes; a bigger one is not ours
DAMAGED_SUFFIX = ".damaged"

_notices: list[str] = []
_notices_lock = threading.Lock()


class _Damaged(Exception):
    """The file is there but unusable; ``str()`` says why (for the log)."""


def read_json(path: Path, *, what: str = "", limit: int = DEFAULT_LIMIT) -> Any:
    """The JSON value stored at ``path``, or None when it is missing or unusable.

    ``what`` names the file for the writer ("Your settings"): when given, a damaged file also
    leaves a sentence in ``notices()``.  Never raises."""
    try:
        raw = _read_regular(path, limit)
    except FileNotFoundError:
        return None
    except _Damaged as damage:
        _set_aside(path, str(damage), what)
        return None
    except OSError as error:  # unreadable now (permissions, I/O): leave it for next time
        log.warning("%s unreadable (%s); using defaults", path, error)
        return None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError) as error:  # RecursionError: nested thousands deep
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        _set_aside(path, f"not JSON in UTF-8 ({reason[:200]})", what)
        return None


def read_json_object(
    path: Path, *, what: str = "", limit: int = DEFAULT_LIMIT
) -> dict[str, Any] | None:
    """Like ``read_json``, for files that hold one JSON object: any other value (a list, a
    number) is damage too, and is set aside the same way."""
    value = read_json(path, what=what, limit=limit)
    if value is None or isinstance(value, dict):
        return value
    _set_aside(path, f"a JSON {type(value).__name__}, not an object", what)
    return None


def set_aside(path: Path, why: str, what: str = "") -> Path | None:
    """Rename a file whose content is unusable to ``NAME.damaged`` (replacing an older one),
    log ``why``, and note it for the writer when ``what`` names it; the new name, or None."""
    return _set_aside(path, why, what)


def notices() -> list[str]:
    """Sentences about damaged files set aside since the last call (for the window)."""
    with _notices_lock:
        taken = list(_notices)
        _notices.clear()
    return taken


def _read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; _Damaged for anything else
    (core.storage.reading: a FIFO at the path must not hang the start)."""
    try:
        data = read_limited(path, limit)
    except FileNotFoundError:
        if os.path.lexists(path):
            raise _Damaged("a link to nothing") from None
        raise
    except NotARegularFile as error:
        raise _Damaged(f"{error.kind}, not a file") from None
    except TooLarge as error:
        raise _Damaged(f"{error.size:,} bytes, more than this file ever holds") from None
    except OSError as error:
        if error.errno == getattr(os, "ELOOP", None):
            raise _Damaged("a symbolic link loop") from None
        raise
    if not data.strip():
        raise _Damaged("empty")
    return data


def _set_aside(path: Path, why: str, what: str) -> Path | None:
    kept = path.with_name(path.name + DAMAGED_SUFFIX)
    try:
        if kept.is_dir() and not kept.is_symlink():
            kept = _free_name(kept)
        os.replace(path, kept)
    except OSError as error:
        log.warning("%s is damaged (%s) and could not be set aside: %s", path, why, error)
        kept = None
    else:
        log.warning("%s is damaged (%s); kept as %s, using defaults", path, why, kept.name)
    if what:
        where = f" The damaged file was kept as {kept}." if kept is not None else ""
        with _notices_lock:
            _notices.append(f"{what} could not be read, so defaults are used.{where}")
    return kept


def _free_name(kept: Path) -> Path:
    for number in range(2, 100):
        candidate = kept.with_name(f"{kept.name}-{number}")
        if not os.path.lexists(candidate):
            return candidate
    return kept.with_name(f"{kept.name}-{os.getpid()}")
