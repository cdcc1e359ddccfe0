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


@pytest.fixture(scope="module")
def tiny_voice(tmp_path_factory):
    """A folder with the tiny model and a voice (LoRA adapter) for it that moves its
    predictions: (folder, model, voice)."""
    from tests.support.tiny_gguf import write_tiny_llama_gguf
    from tests.support.tiny_lora import write_lora_gguf
    from writer_app.core.storage.hashing import file_sha256
    from writer_app.core.voices.library import VOICE_BASE_KEY

    folder = tmp_path_factory.mktemp("voice")
    base = folder / "tiny.gguf"
    write_tiny_llama_gguf(base)
    voice = folder / "voice.gguf"
    write_lora_gguf(voice, base, strength=2.0, metadata={VOICE_BASE_KEY: file_sha256(base)})
    return folder, base, voice
