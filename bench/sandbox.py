"""A throwaway home for a benchmark's window: its settings, models list, journal and dictionary
go to a temporary folder (removed at exit), never the writer's own.  Call before writer_app is
imported (paths are read once)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path


def throwaway_home(prefix: str = "writer-bench-") -> Path:
    home = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, home, ignore_errors=True)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(home / name.lower())
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return home
