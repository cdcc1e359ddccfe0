"""The one store for the app's own small JSON files (settings, engines, consents, the model
library, the recent list, measured settings, model checks, suggestion histories): read so that
a damaged one can never stop the app, written whole or not at all.

Whatever stands at the path — a truncated or huge file, bytes in another encoding, JSON nested
60,000 deep, a folder, a FIFO, a symlink loop — the reader returns None instead of raising.  A
damaged file is renamed aside with the time it was found (``NAME.damaged-2026-12-02T10-30-00``,
``-2``, ``-3`` in the same second), so neither the app's next save nor a second damage destroys
what the writer may want back; the reason goes to the log, and files the writer cares about
also leave a sentence in ``notices()`` for the window to show once.  ``write_json`` writes
through ``atomic``: a crash leaves the old file or the new one, never half of either.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from writer_app.core.storage.atomic import write_bytes_atomic
from writer_app.core.storage.reading import NotARegularFile, TooLarge, read_limited
from writer_app.core.text import sentence

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 4 * 2**20  # far above any file the app writes; a bigger one is not ours
DAMAGED_LABEL = "damaged"
DAMAGED_SUFFIX = f".{DAMAGED_LABEL}"  # a damaged NAME is kept as NAME.damaged-STAMP
STAMP = "%Y-%m-%dT%H-%M-%S"  # sorts by time, and is a valid file name on every system

_notices: list[str] = []
_notices_lock = threading.Lock()


class _Damaged(Exception):
    """The file is there but unusable; ``str()`` says why (for the log)."""


def read_json(
    path: Path, *, what: str = "", limit: int = DEFAULT_LIMIT, set_aside_damaged: bool = True
) -> Any:
    """The JSON value stored at ``path``, or None when it is missing or unusable.

    ``what`` names the file for the writer ("Your settings"): when given, a damaged file also
    leaves a sentence in ``notices()``.  ``set_aside_damaged=False`` leaves a damaged file
    where it is (a stamp nobody wants back: the next write replaces it).  Never raises."""
    try:
        raw = _read_regular(path, limit)
    except FileNotFoundError:
        return None
    except _Damaged as damage:
        _damaged(path, str(damage), what, set_aside_damaged)
        return None
    except OSError as error:  # unreadable now (permissions, I/O): leave it for next time
        log.warning("%s unreadable (%s); using defaults", path, error)
        return None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (ValueError, RecursionError) as error:  # RecursionError: nested thousands deep
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        _damaged(path, f"not JSON in UTF-8 ({reason[:200]})", what, set_aside_damaged)
        return None


def read_json_object(
    path: Path, *, what: str = "", limit: int = DEFAULT_LIMIT, set_aside_damaged: bool = True
) -> dict[str, Any] | None:
    """Like ``read_json``, for files that hold one JSON object: any other value (a list, a
    number) is damage too, and is handled the same way."""
    value = read_json(path, what=what, limit=limit, set_aside_damaged=set_aside_damaged)
    if value is None or isinstance(value, dict):
        return value
    _damaged(path, f"a JSON {type(value).__name__}, not an object", what, set_aside_damaged)
    return None


def write_json(
    path: Path, value: Any, *, indent: int | None = 2, ensure_ascii: bool = False
) -> None:
    """Store ``value`` at ``path`` as UTF-8 JSON (Chinese stays readable), atomically; raises
    the OSError of writing."""
    text = json.dumps(value, indent=indent, ensure_ascii=ensure_ascii) + "\n"
    # Only a lone surrogate (half an emoji from the editor) has no UTF-8: it can stand only
    # inside a JSON string, so it goes in as that string's "\ud83d" escape, read back as it was.
    write_bytes_atomic(path, text.encode("utf-8", "backslashreplace"))


def set_aside(path: Path, why: str, what: str = "") -> Path | None:
    """Rename a file whose content is unusable aside with the date (``aside_path``), log
    ``why``, and note it for the writer when ``what`` names it; the new name, or None."""
    return _damaged(path, why, what, keep=True)


def aside_path(path: Path, label: str = DAMAGED_LABEL) -> Path:
    """A free name beside ``path`` for a copy kept aside: ``NAME.LABEL-STAMP`` at this second,
    or ``…-2``, ``…-3`` when that is taken, so an older one is never overwritten."""
    first = path.with_name(f"{path.name}.{label}-{datetime.now().strftime(STAMP)}")
    names = (first.with_name(f"{first.name}-{n}") for n in itertools.count(2))
    return next(name for name in itertools.chain([first], names) if not os.path.lexists(name))


def move_aside(path: Path, label: str = DAMAGED_LABEL) -> Path:
    """Rename ``path`` (a file, a link, a folder, a FIFO) to ``aside_path``; the new name.
    Raises the OSError of renaming.  For callers with a policy of their own (project.json)."""
    kept = aside_path(path, label)
    os.replace(path, kept)
    return kept


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


def _damaged(path: Path, why: str, what: str, keep: bool) -> Path | None:
    """Set a damaged file aside (or leave it, ``keep=False``), log it, and tell the writer."""
    if not keep:
        log.warning("%s is damaged (%s); left for the next write to replace", path, why)
        return None
    kept: Path | None = None
    try:
        kept = move_aside(path)
    except OSError as error:
        log.warning("%s is damaged (%s) and could not be set aside: %s", path, why, error)
    else:
        log.warning("%s is damaged (%s); kept as %s, using defaults", path, why, kept.name)
    if what:
        if kept is not None:
            notice = sentence.translate(
                "StateFiles",
                "{what} could not be read, so defaults are used. "
                "The damaged file was kept as {kept}.",
            ).format(what=what, kept=kept)
        else:
            notice = sentence.translate(
                "StateFiles", "{what} could not be read, so defaults are used."
            ).format(what=what)
        with _notices_lock:
            _notices.append(notice)
    return kept
