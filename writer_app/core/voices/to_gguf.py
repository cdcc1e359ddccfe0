"""A trained LoRA written as llama.cpp's adapter GGUF, with the record of the model it was
made for; needs numpy and the ``gguf`` package (the training tools bring both), not torch.

The layout is llama.cpp's (``general.type = adapter``, ``adapter.type = lora``,
``adapter.lora.alpha``; tensors ``blk.N.attn_q.weight.lora_a`` / ``.lora_b``).  In ggml's
order ``lora_a`` is [n_in, r] and ``lora_b`` [r, n_out]; gguf-py reverses numpy's shapes, so
the arrays go in as PEFT holds them: A (r, n_in), B (n_out, r).

For llama models, llama.cpp's converter reorders the rows of the query and key weights (the
rotary embedding's halves), and transformers undoes that when it loads a GGUF: the adapter
was trained in transformers' order, so its B for q and k gets the converter's reordering
(the rows of B @ A are the rows of B).  Gemma's are not reordered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import gguf
import numpy as np

from writer_app.core.voices.library import VOICE_BASE_KEY, VOICE_NAME_KEY

REORDERED_ARCHITECTURES = {"llama"}


@dataclass(frozen=True)
class BaseModel:
    architecture: str
    layers: int
    tensors: frozenset[str]
    heads: int
    kv_heads: int


def read_base(path: Path) -> BaseModel:
    reader = gguf.GGUFReader(str(path))

    def value(key: str) -> object:
        return reader.fields[key].contents()

    arch = str(value("general.architecture"))
    heads = int(value(f"{arch}.attention.head_count"))  # type: ignore[call-overload]
    kv_key = f"{arch}.attention.head_count_kv"
    kv = int(value(kv_key)) if kv_key in reader.fields else heads  # type: ignore[call-overload]
    return BaseModel(
        architecture=arch,
        layers=int(value(f"{arch}.block_count")),  # type: ignore[call-overload]
        tensors=frozenset(t.name for t in reader.tensors),
        heads=heads,
        kv_heads=kv,
    )


def _reorder(rows: np.ndarray, heads: int) -> np.ndarray:
    """The converter's reordering of a llama query/key weight's rows (per head, the two
    rotary halves interleaved → one after the other)."""
    return (
        rows.reshape(heads, 2, rows.shape[0] // heads // 2, *rows.shape[1:])
        .swapaxes(1, 2)
        .reshape(rows.shape)
    )


def write_adapter(
    target: Path,
    weights: Mapping[str, np.ndarray],
    *,
    base: BaseModel,
    alpha: float,
    base_sha256: str,
    name: str,
    half: bool = True,
) -> int:
    """Write PEFT's LoRA ``weights`` (its state dict as numpy arrays) to ``target``; the
    number of adapted tensors.  ValueError when a weight has no tensor in the base model."""
    arch_id = next(k for k, v in gguf.MODEL_ARCH_NAMES.items() if v == base.architecture)
    names = gguf.get_tensor_name_map(arch_id, base.layers)
    dtype = np.float16 if half else np.float32
    writer = gguf.GGUFWriter(str(target), base.architecture)
    writer.add_type(gguf.GGUFType.ADAPTER)
    writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, float(alpha))
    writer.add_string("general.name", name)
    writer.add_string(VOICE_NAME_KEY, name)
    writer.add_string(VOICE_BASE_KEY, base_sha256)
    count = 0
    for key in sorted(weights):
        if ".lora_A." not in key:
            continue
        module = key.split(".lora_A.")[0].removeprefix("base_model.model.")
        a = np.asarray(weights[key], dtype=np.float32)
        b = np.asarray(weights[key.replace(".lora_A.", ".lora_B.")], dtype=np.float32)
        tensor = names.get_name(module + ".weight", try_suffixes=(".weight",))
        if tensor is None or tensor not in base.tensors:
            raise ValueError(f"no tensor of the model for {module}")
        if base.architecture in REORDERED_ARCHITECTURES:
            if module.endswith("q_proj"):
                b = _reorder(b, base.heads)
            elif module.endswith("k_proj"):
                b = _reorder(b, base.kv_heads)
        writer.add_tensor(tensor + ".lora_a", np.ascontiguousarray(a.astype(dtype)))
        writer.add_tensor(tensor + ".lora_b", np.ascontiguousarray(b.astype(dtype)))
        count += 1
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return count
