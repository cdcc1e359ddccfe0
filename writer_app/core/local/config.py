"""How to load a local model, and what can be known without loading llama.cpp.

Nothing here imports ``llama_cpp`` at import time: the window builds an ``EngineConfig`` and
hands it to the worker thread, which loads the engine (``core.local.engine``) there.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from writer_app.core.drafting.engine_defaults import DEFAULT_N_CTX
from writer_app.core.text import sentence

CPU_BATCH, GPU_BATCH = 256, 512  # EngineConfig.n_batch when not given
ALL_GPU_LAYERS = -1


class ModelLoadError(Exception):
    """The model could not be loaded; ``str()`` is a sentence naming the file and the reason."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            sentence.translate("ModelLoad", "Could not load {path}: {reason}").format(
                path=path, reason=reason
            )
        )
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class EngineConfig:
    model_path: Path
    n_ctx: int = DEFAULT_N_CTX
    n_gpu_layers: int = 0  # 0 = CPU only, -1 = all layers
    n_threads: int | None = None
    # Tokens per llama_decode while reading a prompt (n_batch = n_ubatch); None: 256 on the
    # CPU, llama.cpp's 512 with GPU offload.  Measured on the CPU with both test models: 256
    # reads a cold 1,800-token prompt 4–5 % faster than 512 (less attention to masked cells
    # within a batch), 1,024 10–15 % slower; 128 no better.
    n_batch: int | None = None
    # Keep the read state of recent chapters on disk, up to this many MB (0: never).
    saved_state_mb: int = 0
    # Sliding-window models (Gemma 3): llama.cpp's full-size cache for those layers instead
    # of one just larger than the window.  Slower (they attend over masked positions) and
    # bigger; the app shifts a small one too (core.local.cache).  Kept for comparisons.
    swa_full: bool = False
    # llama.cpp's flash attention; None: as measured for this model here (core.local.tuning),
    # off until it has been.
    flash_attn: bool | None = None
    # A voice (core.local.voice): a LoRA adapter put on the model at this strength (0-1).
    voice: Path | None = None
    voice_scale: float = 1.0


def default_threads() -> int:
    """Physical-core-ish thread count: all cores on small machines, half on big SMT ones."""
    cores = os.cpu_count() or 1
    return cores if cores <= 4 else cores // 2


def batch_size(config: EngineConfig) -> int:
    """``config.n_batch``, or when not given 256 on the CPU and 512 with GPU offload."""
    if config.n_batch is not None:
        return config.n_batch
    cpu = config.n_gpu_layers == 0 or not gpu_offload_available()
    return CPU_BATCH if cpu else GPU_BATCH


@functools.cache
def gpu_offload_available() -> bool:
    """Whether this llama.cpp build has any GPU backend (says nothing about free VRAM).

    Loads llama.cpp (~0.3 s) on first call, so only the worker thread and the CLI ask."""
    import llama_cpp

    return bool(llama_cpp.llama_supports_gpu_offload())
