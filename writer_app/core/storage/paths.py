"""Where writer-app keeps things (platformdirs; on Linux the XDG variables are honoured)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from writer_app import APP_NAME

RESOURCES = Path(__file__).resolve().parents[3] / "resources"


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
    """Settings measured once per model file and machine (core.local.tuning; a cache)."""
    return cache_dir() / "measured-settings.json"


def states_dir() -> Path:
    """Saved model states of recent chapters (a cache: safe to delete)."""
    return cache_dir() / "model-states"


def resource(name: str) -> Path:
    return RESOURCES / name


def readme_path() -> Path:
    """README.md, the user's guide (beside resources/ in the repository and in the bundle)."""
    return RESOURCES.parent / "README.md"


def writer_path(path: str | os.PathLike[str]) -> Path:
    """The absolute path of what the writer opened, fixed at the moment it is recorded.

    A relative path means something else once the app runs from another folder (a desktop
    launcher starts in the home folder), so everything persisted (journal, recent list, history,
    novel folders) goes through here. The folders are resolved (symlinks, ``..``) but the file's
    own name is kept as the writer sees it: saving already writes through a symlinked file.
    """
    expanded = Path(os.path.expanduser(os.fspath(path)))
    absolute = Path(os.path.abspath(expanded))
    if expanded.name in ("", ".", ".."):
        return Path(os.path.realpath(absolute))
    return Path(os.path.realpath(absolute.parent)) / absolute.name


def baked_voices_dir() -> Path:
    """Copies of the model with a voice baked in (core.voices.merge; a cache: safe to delete)."""
    return cache_dir() / "baked-voices"


def voices_dir() -> Path:
    """The writer's voices: adapters trained on their pages, each with its record (.json),
    and the folders of runs in progress (``.training/``)."""
    return _dirs().user_data_path / "voices"
