from __future__ import annotations

from pathlib import Path

import pytest

from writer_app.core.local.config import EngineConfig
from writer_app.core.local.engine import LlamaCppEngine


@pytest.fixture(scope="module")
def smollm(smollm_path: Path):
    engine = LlamaCppEngine.load(EngineConfig(smollm_path, n_ctx=2048))
    yield engine
    engine.close()


@pytest.fixture
def tiny_engine(tiny_model):
    path, vocab = tiny_model
    engine = LlamaCppEngine.load(EngineConfig(path, n_ctx=512))
    yield engine, vocab
    engine.close()
