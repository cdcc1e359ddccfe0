"""A novel's trash: a deleted chapter waits in trash/ under a dated name until it is restored.

Here are the names (made when a chapter is deleted, read back when the trash is rebuilt from
its files) and the entries the Trash window lists; ``Project`` moves the files and keeps the
trash list in ``project.json``. Nothing here deletes a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

_STAMP = "%Y-%m-%dT%H-%M-%S"


@dataclass(frozen=True)
class TrashEntry:
    id: str
    title: str
    path: Path  # where the file is now, in trash/
    original_file: str  # its name in chapters/ before it was deleted
    index: int  # its place in the chapter list before it was deleted
    deleted_at: str  # ISO time


def trash_path(source: Path, trash_dir: Path) -> Path:
    """Where ``source`` goes in ``trash_dir``: its name with the time it was deleted, one that
    no file there has yet."""
    stamp = datetime.now().strftime(_STAMP)
    target = trash_dir / f"{source.stem}.deleted-{stamp}{source.suffix}"
    counter = 1
    while target.exists():  # the same name deleted twice in one second
        counter += 1
        target = trash_dir / f"{source.stem}.deleted-{stamp}-{counter}{source.suffix}"
    return target


def original_name(trashed: str) -> str:
    """The name a file in trash/ had in chapters/, read back from its dated name."""
    return re.sub(r"\.deleted-[\dT-]+(?=\.\w+$)", "", trashed)


def trash_entries(records: list[dict[str, Any]], trash_dir: Path) -> list[TrashEntry]:
    """The trash list of ``project.json`` as entries, most recently deleted first."""
    return [
        TrashEntry(
            entry["id"],
            entry["title"],
            trash_dir / entry["file"],
            str(entry.get("original_file") or entry["file"]),
            int(entry.get("index", 0)),
            str(entry.get("deleted_at", "")),
        )
        for entry in reversed(records)
    ]
