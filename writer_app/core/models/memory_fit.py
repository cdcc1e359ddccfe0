"""Whether a model fits in the memory free now: a rough estimate (weights, the f16 KV
cache, overhead) and a verdict that says what to change when it does not fit."""

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


@dataclass(frozen=True)
class FitVerdict:
    level: str  # "ok", "tight" or "too big"
    message: str  # what will happen, in a sentence
    suggestion: str  # what to change, in a sentence; "" when it fits comfortably

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
    """Compare with what is free now and say what to change when it does not fit."""
    need_vram = estimate.gpu_bytes
    ram_level = _level(estimate.ram_bytes, available_ram)
    vram_level = _level(need_vram, available_vram) if need_vram else "ok"
    level = max(ram_level, vram_level, key=("ok", "tight", "too big").index)
    needs = _needs(estimate, need_vram)
    free = _free(available_ram, available_vram if need_vram else None)
    if level == "ok":
        message = sentence.translate("MemoryFit", "This model needs about {needs}; {free}.")
        return FitVerdict(level, message.format(needs=needs, free=free), "")
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
        _suggest(estimate, vram_level, available_ram, available_vram),
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


def _suggest(estimate: MemoryEstimate, vram_level: str, ram: int | None, vram: int | None) -> str:
    if vram_level != "ok" and vram is not None and estimate.n_layer:
        per_layer = (estimate.weights_bytes + estimate.kv_cache_bytes) / estimate.n_layer
        layers = int(vram * _OK_SHARE / per_layer)
        return sentence.translate(
            "MemoryFit", "Offload fewer layers to the GPU: {layers} should fit."
        ).format(layers=layers)
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
