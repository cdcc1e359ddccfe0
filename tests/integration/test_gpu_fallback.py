"""GPU offload that fails at load falls back to the CPU and says so.

This machine has no GPU build, so the failure is injected at the llama.cpp boundary; the CPU
load that follows is real.  (On a GPU build, an out-of-VRAM load raises the same error.)
"""

from __future__ import annotations

import pytest

from writer_app.core.local.config import EngineConfig, ModelLoadError
from writer_app.core.local.engine import LlamaCppEngine


def test_failed_offload_retries_on_the_cpu_and_says_so(smollm_path, monkeypatch):
    real_load = LlamaCppEngine._load_llama
    attempts: list[int] = []

    def load(config: EngineConfig):
        attempts.append(config.n_gpu_layers)
        if config.n_gpu_layers != 0:
            raise ModelLoadError(config.model_path, "out of GPU memory")
        return real_load(config)

    monkeypatch.setattr(LlamaCppEngine, "_load_llama", staticmethod(load))
    engine = LlamaCppEngine.load(EngineConfig(smollm_path, n_ctx=512, n_gpu_layers=-1))
    try:
        assert attempts == [-1, 0]
        assert engine.config.n_gpu_layers == 0
        assert "running on the CPU" in engine.load_note
        assert engine.tokenize("still works")
    finally:
        engine.close()


def test_a_bad_file_fails_with_its_name_even_when_offload_is_off(tmp_path):
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"nope")
    with pytest.raises(ModelLoadError, match="bad.gguf"):
        LlamaCppEngine.load(EngineConfig(bad, n_gpu_layers=0))
