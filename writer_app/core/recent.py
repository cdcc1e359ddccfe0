"""The Open Recent list: files and novels the writer opened lately, in the config dir."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from writer_app.core.atomic import write_bytes_atomic
from writer_app.core.paths import config_dir

log = logging.getLogger(__name__)


class RecentItems:
    """Recently opened files and projects, most recent first, in the config dir."""

    def __init__(self, path: Path | None = None, limit: int = 10) -> None:
        self.path = path if path is not None else config_dir() / "recent.json"
        self.limit = limit

    def items(self) -> list[Path]:
        """Most recent first; entries may no longer exist (the caller checks ``exists()``)."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as error:
            log.warning("recent items %s unreadable (%s); starting afresh", self.path, error)
            return []
        items = raw.get("items") if isinstance(raw, dict) else None
        return [Path(item) for item in items or [] if isinstance(item, str)][: self.limit]

    def add(self, path: Path) -> None:
        absolute = Path(os.path.abspath(path))
        self._write([absolute] + [item for item in self.items() if item != absolute])

    def remove(self, path: Path) -> None:
        absolute = Path(os.path.abspath(path))
        self._write([item for item in self.items() if item != absolute])

    def _write(self, items: list[Path]) -> None:
        data = {"format": 1, "items": [str(item) for item in items[: self.limit]]}
        try:
            write_bytes_atomic(self.path, json.dumps(data, indent=2).encode("utf-8"))
        except OSError as error:  # a lost recent list is no reason to interrupt the writer
            log.warning("could not save recent items to %s: %s", self.path, error)
