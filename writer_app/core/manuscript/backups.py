"""Rolling backups: the last few versions of every file the writer saves, kept where they
can be found (``backups/`` in the user data dir, or the novel's own ``backups/`` folder)."""

from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from writer_app.core.storage.atomic import write_bytes_atomic
from writer_app.core.storage.paths import models_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackupPolicy:
    """Where the previous versions of saved files go, and how many of each are kept."""

    folder: Path
    keep: int = 5


def default_backup_folder() -> Path:
    """``backups/`` in the user data dir (beside ``models/``), for files outside a project."""
    return models_dir().parent / "backups"


_STAMP = "%Y-%m-%dT%H-%M-%S"
_STAMP_RE = r"\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{6}"


def backup_dir(path: Path, policy: BackupPolicy) -> Path:
    """``<folder>/<file name>-<hash of its absolute path>``: two chapter.md never mix."""
    absolute = Path(os.path.abspath(path))
    digest = hashlib.sha256(os.fsencode(absolute)).hexdigest()[:8]
    return Path(policy.folder) / f"{absolute.name}-{digest}"


def list_backups(path: Path, policy: BackupPolicy) -> list[Path]:
    """Backups of ``path``, newest first."""
    folder = backup_dir(path, policy)
    name = Path(path)
    pattern = re.compile(rf"{re.escape(name.stem)}\.{_STAMP_RE}{re.escape(name.suffix)}")
    try:
        found = [entry for entry in folder.iterdir() if pattern.fullmatch(entry.name)]
    except OSError:
        return []
    # The stamp is fixed-width, so name order is time order.
    return sorted(found, key=lambda entry: entry.name, reverse=True)


def make_backup(path: Path, data: bytes, policy: BackupPolicy) -> Path | None:
    """Keep ``data`` (the version of ``path`` about to be replaced); prune to ``policy.keep``."""
    path = Path(path)
    existing = list_backups(path, policy)
    if existing:
        try:
            if existing[0].read_bytes() == data:
                return existing[0]  # saving twice keeps one copy, not five identical ones
        except OSError:
            pass
    folder = backup_dir(path, policy)
    moment = datetime.now()
    while True:
        # Microseconds in the name, bumped on a clash, so two saves in one tick both stay.
        name = f"{path.stem}.{moment.strftime(_STAMP)}.{moment.microsecond:06d}{path.suffix}"
        target = folder / name
        if not target.exists():
            break
        moment += timedelta(microseconds=1)
    write_bytes_atomic(target, data)
    origin = folder / "ORIGINAL-LOCATION.txt"
    if not origin.exists():
        write_bytes_atomic(origin, f"{os.path.abspath(path)}\n".encode("utf-8", "surrogateescape"))
    for old in list_backups(path, policy)[max(policy.keep, 1) :]:
        try:
            old.unlink()
        except OSError as error:
            log.warning("could not remove old backup %s: %s", old, error)
    return target
