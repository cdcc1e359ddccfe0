"""Whether a model fits in the memory free now: a rough estimate (weights, the f16 KV
cache, overhead) and a verdict that says what to change when it does not fit.

The GPU's free memory comes from the caller (``core.local.gpu_devices`` asks llama.cpp, on
the worker's thread): this module knows nothing of llama.cpp.  With several GPUs it is their
sum, since llama.cpp spreads the offloaded layers over all of them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, TypeGuard

from writer_app.core.drafting.engine_defaults import N_CTX_STEP
from writer_app.core.models.gguf import ModelInfo
from writer_app.core.text import sentence
from writer_app.core.text.sizes import format_size

OVERHEAD_BYTES = 256 << 20  # llama.cpp's compute buffers and the app, roughly
_OK_SHARE = 0.8  # more than this share of what is free is "tight": other programs need room


@dataclass(frozen=True)
class MemoryEstimate:
    """Rough memory a model needs: weights (about the file size), the f16 KV cache, overhead."""

    weights_bytes: int
    kv_cache_bytes: int
    overhead_bytes: int
    gpu_share: float  # the share of weights and cache offloaded to the GPU (0 to 1)
    n_ctx: int
    gpu_layers: int
    n_layer: int

    @property
    def total_bytes(self) -> int:
        return self.weights_bytes + self.kv_cache_bytes + self.overhead_bytes

    @property
    def gpu_bytes(self) -> int:
        return int((self.weights_bytes + self.kv_cache_bytes) * self.gpu_share)

    @property
    def ram_bytes(self) -> int:
        return self.total_bytes - self.gpu_bytes

    @property
    def offloaded_layers(self) -> int:
        """The repeating layers that go to the GPU (all of them for -1)."""
        return self.n_layer if self.gpu_layers < 0 else min(self.gpu_layers, self.n_layer)

    def layers_fitting(self, free_vram: int) -> int:
        """How many layers (weights and cache) fit comfortably in ``free_vram`` bytes of GPU
        memory, at most ``n_layer`` (all of them)."""
        if not self.n_layer:
            return 0
        per_layer = (self.weights_bytes + self.kv_cache_bytes) / self.n_layer
        return min(int(max(free_vram, 0) * _OK_SHARE / per_layer), self.n_layer)


@dataclass(frozen=True)
class FitVerdict:
    level: str  # "ok", "tight" or "too big"
    message: str  # what will happen, in a sentence
    suggestion: str  # what to change, in a sentence; "" when it fits comfortably
    # How many of the model's layers fit in the GPU memory free now (``n_layer``: all of
    # them); None when no GPU memory was given (no GPU, or not known).
    gpu_layers_fit: int | None = None

    @property
    def fits(self) -> bool:
        return self.level != "too big"


def estimate_memory(info: ModelInfo, n_ctx: int, gpu_layers: int) -> MemoryEstimate:
    """KV cache = 2 (K and V) x layers x n_ctx x kv heads x head size x 2 bytes (f16).

    Missing head counts err upwards (no grouped-query attention); so do sliding-window
    layers (Gemma 3), counted at full size though the app gives them a cache just larger
    than their window.
    """
    meta, arch = info.metadata, info.architecture

    def number(name: str) -> int:
        value = meta.get(f"{arch}.{name}")
        return value if _is_int(value) and value > 0 else 0

    n_layer = info.block_count or number("block_count")
    n_embd = number("embedding_length")
    n_head = number("attention.head_count")
    n_head_kv = number("attention.head_count_kv") or n_head
    head = n_embd // n_head if n_head else 0
    width = n_head_kv * (
        (number("attention.key_length") or head) + (number("attention.value_length") or head)
    )
    kv = n_layer * n_ctx * (width or 2 * n_embd) * 2
    offloaded = n_layer + 1 if gpu_layers < 0 else min(max(gpu_layers, 0), n_layer + 1)
    share = min(offloaded, n_layer) / n_layer if n_layer else 0.0
    overhead = OVERHEAD_BYTES + info.file_size // 50
    return MemoryEstimate(info.file_size, kv, overhead, share, n_ctx, gpu_layers, n_layer)


def check_fit(
    estimate: MemoryEstimate, available_ram: int | None, available_vram: int | None = None
) -> FitVerdict:
    """Compare with what is free now and say what to change when it does not fit.

    ``available_vram``: the GPU memory free for offloaded layers (the sum over the GPUs
    llama.cpp uses), None without a GPU or when unknown.  Offloaded layers that do not fit
    there are questioned with the number that would; a model that does not fit in memory is
    offered the GPU first when it has room for more layers ("all" when every layer fits)."""
    need_vram = estimate.gpu_bytes
    ram_level = _level(estimate.ram_bytes, available_ram)
    vram_level = _level(need_vram, available_vram) if need_vram else "ok"
    level = max(ram_level, vram_level, key=("ok", "tight", "too big").index)
    needs = _needs(estimate, need_vram)
    free = _free(available_ram, available_vram if need_vram else None)
    layers_fit = None if available_vram is None else estimate.layers_fitting(available_vram)
    if level == "ok":
        message = sentence.translate("MemoryFit", "This model needs about {needs}; {free}.")
        return FitVerdict(level, message.format(needs=needs, free=free), "", layers_fit)
    if level == "tight":
        message = sentence.translate(
            "MemoryFit",
            "This model needs about {needs} and {free}: the computer may slow down.",
        )
    else:
        message = sentence.translate("MemoryFit", "This model needs about {needs}, but {free}.")
    return FitVerdict(
        level,
        message.format(needs=needs, free=free),
        _suggest(estimate, vram_level, available_ram, layers_fit),
        layers_fit,
    )


def _needs(estimate: MemoryEstimate, need_vram: int) -> str:
    """What the model needs, as a phrase: "2.1 GB of memory with a 4,096-token context"."""
    if need_vram:
        return sentence.translate(
            "MemoryFit",
            "{memory} of memory and {gpu} on the GPU with a {context:,}-token context",
        ).format(
            memory=format_size(estimate.ram_bytes),
            gpu=format_size(need_vram),
            context=estimate.n_ctx,
        )
    return sentence.translate(
        "MemoryFit", "{memory} of memory with a {context:,}-token context"
    ).format(memory=format_size(estimate.ram_bytes), context=estimate.n_ctx)


def _free(ram: int | None, vram: int | None) -> str:
    """What is free, as a phrase ("3.0 GB is free"); the GPU's when the model uses it."""
    if ram is None and vram is None:
        return sentence.translate("MemoryFit", "nothing is known free")
    if ram is None:
        return sentence.translate("MemoryFit", "nothing is known free ({gpu} on the GPU)").format(
            gpu=format_size(vram or 0)
        )
    if vram is None:
        return sentence.translate("MemoryFit", "{memory} is free").format(memory=format_size(ram))
    return sentence.translate("MemoryFit", "{memory} is free ({gpu} on the GPU)").format(
        memory=format_size(ram), gpu=format_size(vram)
    )


def _level(need: int, free: int | None) -> str:
    if free is None or need <= free * _OK_SHARE:
        return "ok"
    return "tight" if need <= free else "too big"


def _suggest(
    estimate: MemoryEstimate, vram_level: str, ram: int | None, layers_fit: int | None
) -> str:
    if vram_level != "ok" and layers_fit is not None and estimate.n_layer:
        if layers_fit == 0:
            return sentence.translate(
                "MemoryFit",
                "The GPU has too little memory free for even one layer: set GPU layers to 0 "
                "to run the model on the CPU.",
            )
        return sentence.translate(
            "MemoryFit", "Offload fewer layers to the GPU: {layers} should fit."
        ).format(layers=layers_fit)
    if layers_fit is not None and layers_fit > estimate.offloaded_layers:
        # Memory is short and the GPU has room: layers moved there need no memory here.
        if layers_fit >= estimate.n_layer:
            return sentence.translate(
                "MemoryFit", "Offload all layers to the GPU: they should fit there."
            )
        return sentence.translate(
            "MemoryFit", "Offload more layers to the GPU: {layers} should fit there."
        ).format(layers=layers_fit)
    on_cpu = 1 - estimate.gpu_share
    if ram is not None and on_cpu > 0 and estimate.kv_cache_bytes:
        room = ram * _OK_SHARE - estimate.overhead_bytes - estimate.weights_bytes * on_cpu
        per_token = estimate.kv_cache_bytes / estimate.n_ctx * on_cpu
        n_ctx = int(max(room, 0) / per_token) // N_CTX_STEP * N_CTX_STEP
        if 1024 <= n_ctx < estimate.n_ctx:
            return sentence.translate(
                "MemoryFit", "Use a smaller context: {tokens:,} tokens should fit."
            ).format(tokens=n_ctx)
    return sentence.translate(
        "MemoryFit",
        "Choose a smaller quantization (Q4_K_M or Q3_K_M instead of Q8_0 or Q6_K) "
        "or a smaller model, or close other programs.",
    )


def available_ram() -> int | None:
    """Memory free for a new program now (Linux MemAvailable), or None when unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        import psutil  # type: ignore[import-untyped]  # optional; not a dependency

        return int(psutil.virtual_memory().available)
    except Exception:  # noqa: BLE001 (absent or unsupported)
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
