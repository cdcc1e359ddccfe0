"""The Open Recent list: files and novels the writer opened lately, in the config dir."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from writer_app.core.storage.paths import config_dir, writer_path
from writer_app.core.storage.state_files import read_json_object, write_json

log = logging.getLogger(__name__)

MAX_BYTES = 1 * 2**20  # ten paths; anything bigger is not our list


class RecentItems:
    """Recently opened files and projects, most recent first, in the config dir."""

    def __init__(self, path: Path | None = None, limit: int = 10) -> None:
        self.path = path if path is not None else config_dir() / "recent.json"
        self.limit = limit

    def items(self) -> list[Path]:
        """Most recent first; entries may no longer exist (the caller checks ``exists()``)."""
        # Damaged (a FIFO, nested too deep, too big, ...): set aside and logged, never raised.
        raw = read_json_object(self.path, limit=MAX_BYTES)
        items = raw.get("items") if raw is not None else None
        if not isinstance(items, list):
            items = []
        # A relative entry (older versions) means another place from every start folder.
        return [
            Path(item)
            for item in items or []
            if isinstance(item, str) and "\x00" not in item and os.path.isabs(item)
        ][: self.limit]

    def add(self, path: Path) -> None:
        absolute = writer_path(path)
        self._write([absolute] + [item for item in self.items() if item != absolute])

    def remove(self, path: Path) -> None:
        absolute = writer_path(path)
        self._write([item for item in self.items() if item != absolute])

    def _write(self, items: list[Path]) -> None:
        data = {"format": 1, "items": [str(item) for item in items[: self.limit]]}
        try:
            write_json(self.path, data)
        except OSError as error:  # a lost recent list is no reason to interrupt the writer
            log.warning("could not save recent items to %s: %s", self.path, error)
