"""LoRA adapters in llama.cpp's GGUF layout, for tests: random low-rank updates for the
attention projections of a base GGUF (the tiny test model, or a real one).

llama.cpp reads an adapter as ``general.type = "adapter"``, ``adapter.type = "lora"``,
``adapter.lora.alpha``, and for each adapted weight ``W`` (ggml shape [n_in, n_out]) two
tensors named after it: ``W.lora_a`` of ggml shape [n_in, rank] and ``W.lora_b`` of
[rank, n_out] (numpy shapes are those reversed); the update is ``scale · alpha / rank · B A``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

ADAPTED = ("attn_q", "attn_k", "attn_v", "attn_output")


def write_lora_gguf(
    path: Path,
    base: Path,
    *,
    rank: int = 4,
    alpha: float = 8.0,
    strength: float = 0.5,
    seed: int = 7,
    adapted: Sequence[str] = ADAPTED,
    metadata: Mapping[str, str] | None = None,
) -> None:
    """An adapter for ``base`` with random updates of about ``strength`` (large enough to
    move the next-token distribution of the tiny model); ``metadata``: extra string keys."""
    import gguf  # test-only dependency

    reader = gguf.GGUFReader(str(base))
    field = reader.fields["general.architecture"]
    architecture = bytes(field.parts[field.data[0]]).decode()
    writer = gguf.GGUFWriter(str(path), architecture)
    writer.add_type("adapter")
    writer.add_string("adapter.type", "lora")
    writer.add_float32("adapter.lora.alpha", alpha)
    for key, value in (metadata or {}).items():
        writer.add_string(key, value)
    rng = np.random.RandomState(seed)
    for tensor in reader.tensors:
        name = tensor.name
        if not any(name.endswith(f".{part}.weight") for part in adapted):
            continue
        n_in, n_out = int(tensor.shape[0]), int(tensor.shape[1])  # ggml order
        a = (rng.standard_normal((rank, n_in)) * strength).astype(np.float32)
        b = (rng.standard_normal((n_out, rank)) * strength).astype(np.float32)
        writer.add_tensor(f"{name}.lora_a", a)
        writer.add_tensor(f"{name}.lora_b", b)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
