"""Where writer-app keeps things (platformdirs; on Linux the XDG variables are honoured)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from writer_app import APP_NAME

RESOURCES = Path(__file__).resolve().parent.parent.parent / "resources"


def _dirs() -> platformdirs.PlatformDirs:
    # Built on each call so tests (and writers) can move them with XDG_* variables.
    return platformdirs.PlatformDirs(APP_NAME, appauthor=False)


def config_dir() -> Path:
    return _dirs().user_config_path


def models_dir() -> Path:
    return _dirs().user_data_path / "models"


def state_dir() -> Path:
    return _dirs().user_state_path


def cache_dir() -> Path:
    return _dirs().user_cache_path


def tuning_path() -> Path:
    """Settings measured once per model file and machine (core.tuning; a cache)."""
    return cache_dir() / "measured-settings.json"


def states_dir() -> Path:
    """Saved model states of recent chapters (a cache: safe to delete)."""
    return cache_dir() / "model-states"


def resource(name: str) -> Path:
    return RESOURCES / name
