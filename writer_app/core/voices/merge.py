"""A voice baked into a private copy of the model at one strength, so that suggestions made
with it cost what they cost without it.

llama.cpp applies a loaded adapter as extra work in every layer, for every token (for each
adapted weight ``W x + s · B (A x)``: two small products, a scale and a sum).  On a small
model whose layers are cheap that is a tenth of the decode time.  The copy holds
``W + s · alpha / rank · B A`` instead, computed once:

- each adapted weight is read as floats (``gguf.quants`` dequantizes every type llama.cpp
  writes), the update added, and the sum stored as Q8_0 (8 bits per weight: the update is
  small beside the base's own 4-bit rounding, and storing it at 4 bits again would round much
  of it away).  A weight held as F32 or F16 keeps its type; a row that Q8_0's blocks do not
  divide is stored as F16;
- the header's keys and values are copied byte for byte, and every other tensor too.

The model's layout comes from our own header walk (``core.models.gguf.read_layout``): gguf-py's
reader parses a whole vocabulary into Python objects, seconds for SmolLM2's and far more for
Gemma's.  The copy is written beside its final name and renamed when whole; ``cancel`` stops it
between tensors.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import gguf
import numpy as np

from writer_app.core.models.gguf import GGUF_MAGIC, Layout, read_layout
from writer_app.core.storage.copying import CHUNK_BYTES, Cancelled, copy_blocks
from writer_app.core.storage.hashing import file_sha256

log = logging.getLogger(__name__)

LORA_A, LORA_B = ".lora_a", ".lora_b"
MERGED_TYPE = gguf.GGMLQuantizationType.Q8_0
KEPT_COPIES = 2  # baked copies kept on disk, the most recently used (a novel's, the last one)
FREE_RESERVE = 512 << 20  # never fill the disk to its last half gigabyte with a copy
# Larger models are not baked: their layers are heavy enough that an adapter's few extra
# operations per layer cost little, and a copy would take as much disk, and for a moment (both
# loaded while one takes the other's place) as much memory again.
MAX_MODEL_BYTES = 2 << 30


@dataclass(frozen=True)
class _Update:
    a: np.ndarray  # (rank, n_in)
    b: np.ndarray  # (n_out, rank)

    def delta(self, factor: float) -> np.ndarray:
        return (self.b @ self.a) * np.float32(factor)


def baked_copy(
    model: Path,
    model_sha256: str,
    voice: Path,
    scale: float,
    folder: Path,
    cancel: threading.Event | None = None,
) -> Path | None:
    """The copy of ``model`` with ``voice`` baked in at ``scale``, kept in ``folder``: made
    now unless an earlier one is there (named after the model's and the voice's contents and
    the strength, so a voice trained again gets a new copy).  The oldest copies beyond
    ``KEPT_COPIES`` go.  None (the voice stays on as an adapter) for a model over
    ``MAX_MODEL_BYTES`` or when the disk has no room for another copy.  Errors as
    ``merge_voice``."""
    if model.stat().st_size > MAX_MODEL_BYTES:
        log.info("%s is not baked: a large model pays little for an adapter", model.name)
        return None
    voice_sha256 = file_sha256(voice, cancel=cancel)
    identity = f"{model_sha256}:{voice_sha256}:{scale:.4f}"
    key = hashlib.sha256(identity.encode()).hexdigest()[:16]
    out = folder / f"{voice.stem}-{round(scale * 100)}-{key}.gguf"
    if out.is_file():
        os.utime(out)  # the most recent: kept longest
        return out
    folder.mkdir(parents=True, exist_ok=True)
    prune(folder, KEPT_COPIES - 1)
    needed = model.stat().st_size + FREE_RESERVE
    if shutil.disk_usage(folder).free < needed:
        log.warning("no room for a baked copy of %s in %s", model.name, folder)
        return None
    return merge_voice(model, voice, scale, out, cancel)


def prune(folder: Path, keep: int) -> None:
    """All but the ``keep`` most recently used copies in ``folder`` deleted, and any copy
    left half written (a process that ended while writing one)."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    copies = sorted(
        (path for path in entries if path.suffix == ".gguf" and not path.name.startswith(".")),
        key=_last_used,
        reverse=True,
    )
    stale = [path for path in entries if path.name.endswith(".part")]
    for path in copies[keep:] + stale:
        try:
            path.unlink()
        except OSError as error:
            log.warning("could not delete %s: %s", path, error)


def _last_used(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def merge_voice(
    model: Path,
    adapter: Path,
    scale: float,
    out: Path,
    cancel: threading.Event | None = None,
) -> Path:
    """Write to ``out`` the model at ``model`` with the adapter at ``adapter`` added at
    ``scale`` (llama.cpp's own arithmetic: ``scale · alpha / rank``, or ``scale`` where the
    adapter gives no alpha).  ValueError: the adapter does not fit the model (ModelFileError,
    one of them, for a damaged file); OSError: the disk; copying.Cancelled: ``cancel`` was set."""
    layout = read_layout(model)
    lora = gguf.GGUFReader(str(adapter))
    alpha = _float_field(lora, "adapter.lora.alpha")
    updates = dict(_updates(lora))
    names = {tensor.name for tensor in layout.tensors}
    missing = sorted(set(updates) - names)
    if missing:
        raise ValueError(f"the adapter changes {missing[0]}, which the model does not have")
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(f".{out.name}.part")
    try:
        with model.open("rb") as source, part.open("wb") as sink:
            _write(layout, source, updates, alpha, scale, sink, cancel)
            sink.flush()
            os.fsync(sink.fileno())
        os.replace(part, out)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    log.info("baked %s at %g into %s", adapter.name, scale, out)
    return out


def _write(
    layout: Layout,
    source: BinaryIO,
    updates: dict[str, _Update],
    alpha: float,
    scale: float,
    sink: BinaryIO,
    cancel: threading.Event | None,
) -> None:
    """The copy: the adapted weights merged first (a few MB; their new types and sizes go in
    the header), then the header, then every tensor in the model's order."""
    merged: dict[str, tuple[int, bytes]] = {}
    for tensor in layout.tensors:
        update = updates.get(tensor.name)
        if update is None:
            continue
        if cancel is not None and cancel.is_set():
            raise Cancelled
        source.seek(layout.data_start + tensor.offset)
        raw = np.frombuffer(source.read(tensor.n_bytes), dtype=np.uint8)
        original = gguf.GGMLQuantizationType(tensor.ggml_type)
        shape = (update.b.shape[0], update.a.shape[1])  # (n_out, n_in)
        if tuple(reversed(shape)) != tensor.dims:
            raise ValueError(f"the adapter's {tensor.name} does not fit the model's shape")
        byte_shape = gguf.quants.quant_shape_to_byte_shape(shape, original)
        weights = gguf.quants.dequantize(raw.reshape(byte_shape), original)
        rank = update.b.shape[1]
        factor = scale * alpha / rank if alpha else scale
        merged[tensor.name] = _store(weights + update.delta(factor), original)
    start, end = layout.metadata_span
    sink.write(GGUF_MAGIC)
    sink.write(struct.pack("<IQQ", layout.version, len(layout.tensors), layout.metadata_count))
    source.seek(start)
    _copy(source, sink, end - start, cancel)
    offset = 0
    for tensor in layout.tensors:
        kind, n_bytes = tensor.ggml_type, tensor.n_bytes
        if tensor.name in merged:
            kind, n_bytes = merged[tensor.name][0], len(merged[tensor.name][1])
        name = tensor.name.encode()
        sink.write(struct.pack("<Q", len(name)) + name)
        sink.write(struct.pack(f"<I{len(tensor.dims)}Q", len(tensor.dims), *tensor.dims))
        sink.write(struct.pack("<IQ", kind, offset))
        offset += _padded(n_bytes, layout.alignment)
    _pad(sink, layout.alignment)
    for tensor in layout.tensors:
        if tensor.name in merged:
            sink.write(merged[tensor.name][1])
        else:
            source.seek(layout.data_start + tensor.offset)
            _copy(source, sink, tensor.n_bytes, cancel)
        _pad(sink, layout.alignment)


def _copy(source: BinaryIO, sink: BinaryIO, count: int, cancel: threading.Event | None) -> None:
    """``count`` bytes from where ``source`` stands into ``sink`` (copying.Cancelled)."""

    def blocks() -> Iterator[bytes]:
        left = count
        while left > 0:
            block = source.read(min(left, CHUNK_BYTES))
            if not block:
                raise ValueError("the model file ended before its last tensor")
            left -= len(block)
            yield block

    copy_blocks(blocks(), sink, cancel=cancel)


def _padded(count: int, alignment: int) -> int:
    return -(-count // alignment) * alignment


def _pad(sink: BinaryIO, alignment: int) -> None:
    position = sink.tell()
    sink.write(bytes(_padded(position, alignment) - position))


def _store(weights: np.ndarray, original: gguf.GGMLQuantizationType) -> tuple[int, bytes]:
    """The merged weights as stored (type, bytes): F32 and F16 kept, otherwise Q8_0 where the
    rows fit its blocks, else F16."""
    if original == gguf.GGMLQuantizationType.F32:
        return original, weights.astype(np.float32).tobytes()
    block = gguf.GGML_QUANT_SIZES[MERGED_TYPE][0]
    if (
        MERGED_TYPE != gguf.GGMLQuantizationType.F16
        and original != gguf.GGMLQuantizationType.F16
        and weights.shape[-1] % block == 0
    ):
        return MERGED_TYPE, gguf.quants.quantize(weights.astype(np.float32), MERGED_TYPE).tobytes()
    return gguf.GGMLQuantizationType.F16, weights.astype(np.float16).tobytes()


def _updates(lora: gguf.GGUFReader) -> Iterator[tuple[str, _Update]]:
    tensors = {tensor.name: tensor for tensor in lora.tensors}
    for name, tensor in tensors.items():
        if not name.endswith(LORA_A):
            continue
        weight = name.removesuffix(LORA_A)
        other = tensors.get(weight + LORA_B)
        if other is None:
            raise ValueError(f"the adapter has {name} without {weight}{LORA_B}")
        a = gguf.quants.dequantize(tensor.data, tensor.tensor_type).astype(np.float32)
        b = gguf.quants.dequantize(other.data, other.tensor_type).astype(np.float32)
        if a.ndim != 2 or b.ndim != 2 or b.shape[1] != a.shape[0]:
            raise ValueError(f"the adapter's {weight} has shapes that do not fit")
        yield weight, _Update(a, b)


def _float_field(reader: gguf.GGUFReader, key: str) -> float:
    field = reader.fields.get(key)
    if field is None:
        return 0.0
    return float(field.parts[field.data[0]][0])
