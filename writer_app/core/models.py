"""Model files: a bounded GGUF header check of our own, run before llama.cpp sees a file.

llama.cpp's loader has had memory-safety bugs reachable from crafted files and aborts the
process on some asserts, and gguf-py's reader can hang on a crafted header, so every file is
read here first with hard limits: magic, version, counts, string lengths and declared sizes
against the real file size.  Only the header is read; a 10 GB model costs a few milliseconds.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

GGUF_MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
MAX_TENSORS = 100_000
MAX_METADATA = 100_000
MAX_STRING_BYTES = 1 << 20  # 1 MiB for one key or value (chat templates are ~10 KiB)
MAX_ARRAY_ITEMS = 4_000_000  # vocabularies reach ~260k entries
MAX_DIMS = 8

# GGUF metadata value types.
_UINT8, _INT8, _UINT16, _INT16, _UINT32, _INT32, _FLOAT32, _BOOL, _STRING, _ARRAY = range(10)
_UINT64, _INT64, _FLOAT64 = 10, 11, 12
_SCALARS = {
    _UINT8: "<B",
    _INT8: "<b",
    _UINT16: "<H",
    _INT16: "<h",
    _UINT32: "<I",
    _INT32: "<i",
    _FLOAT32: "<f",
    _BOOL: "<?",
    _UINT64: "<Q",
    _INT64: "<q",
    _FLOAT64: "<d",
}
# Keys whose values we keep; long arrays (vocabularies) are skipped, not stored.
_KEPT_SUFFIXES = (
    "general.architecture",
    "general.name",
    "general.file_type",
    "general.size_label",
    ".context_length",
    ".block_count",
    ".embedding_length",
)


class ModelFileError(ValueError):
    """A file that is not a model we can load; ``str()`` is a sentence for the writer."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class ModelInfo:
    """What the header says about a model, read before loading it."""

    path: Path
    file_size: int
    architecture: str
    name: str
    context_length: int | None
    block_count: int | None
    tensor_count: int
    metadata: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def display_name(self) -> str:
        # The file name is what the writer chose and recognises; general.name is often a
        # training-run label ("Smollm2 135M 8k Lc100K Mix1 Ep2").
        return self.path.stem


def inspect_gguf(path: Path | str) -> ModelInfo:
    """Check a GGUF file's header with limits; raise ModelFileError with a clear reason."""
    path = Path(path)
    if not path.exists():
        raise ModelFileError(path, "no such file")
    if path.is_dir():
        raise ModelFileError(path, "this is a folder, not a model file")
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            return _read_header(path, _Reader(stream, size))
    except PermissionError:
        raise ModelFileError(path, "the file cannot be read (permission denied)") from None
    except OSError as error:
        raise ModelFileError(path, f"the file cannot be read ({error.strerror})") from None


class _Reader:
    def __init__(self, stream: BinaryIO, size: int) -> None:
        self.stream = stream
        self.size = size

    def take(self, count: int) -> bytes:
        data = self.stream.read(count)
        if len(data) != count:
            raise EOFError
        return data

    def scalar(self, fmt: str) -> Any:
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]

    def string(self) -> str:
        length = self.scalar("<Q")
        if length > MAX_STRING_BYTES or self.stream.tell() + length > self.size:
            raise _Malformed(f"a metadata string claims {length:,} bytes")
        return self.take(length).decode("utf-8", errors="replace")

    def skip_string(self) -> None:
        length = self.scalar("<Q")
        if length > MAX_STRING_BYTES or self.stream.tell() + length > self.size:
            raise _Malformed(f"a metadata string claims {length:,} bytes")
        self.stream.seek(length, 1)


class _Malformed(Exception):
    pass


def _read_header(path: Path, reader: _Reader) -> ModelInfo:
    try:
        if reader.size < 24 or reader.take(4) != GGUF_MAGIC:
            raise ModelFileError(path, "not a GGUF model file (wrong or missing header)")
        version = reader.scalar("<I")
        if version not in SUPPORTED_VERSIONS:
            raise ModelFileError(path, f"unsupported GGUF version {version}")
        n_tensors = reader.scalar("<Q")
        n_kv = reader.scalar("<Q")
        if n_tensors > MAX_TENSORS or n_kv > MAX_METADATA:
            raise ModelFileError(
                path, f"implausible header ({n_tensors:,} tensors, {n_kv:,} metadata entries)"
            )
        metadata: dict[str, Any] = {}
        for _ in range(n_kv):
            key = reader.string()
            kind = reader.scalar("<I")
            value = _read_value(reader, kind, keep=key.endswith(_KEPT_SUFFIXES))
            if value is not None:
                metadata[key] = value
        max_end = 0
        for _ in range(n_tensors):
            reader.skip_string()
            n_dims = reader.scalar("<I")
            if n_dims > MAX_DIMS:
                raise _Malformed(f"a tensor claims {n_dims} dimensions")
            elements = 1
            for _ in range(n_dims):
                elements *= reader.scalar("<Q")
            reader.scalar("<I")  # ggml type
            offset = reader.scalar("<Q")
            max_end = max(max_end, offset)
        data_start = reader.stream.tell()
        if n_tensors and data_start + max_end >= reader.size:
            raise ModelFileError(
                path, "the file is truncated (tensor data ends past the end of the file)"
            )
    except EOFError:
        raise ModelFileError(path, "the file is truncated (header ends early)") from None
    except _Malformed as error:
        raise ModelFileError(path, f"malformed GGUF header: {error}") from None

    architecture = str(metadata.get("general.architecture", ""))
    if not architecture:
        raise ModelFileError(path, "the header does not name a model architecture")
    if n_tensors == 0:
        raise ModelFileError(path, "the file holds no tensors (a vocabulary-only file?)")
    return ModelInfo(
        path=path,
        file_size=reader.size,
        architecture=architecture,
        name=str(metadata.get("general.name", "")),
        context_length=_int_or_none(metadata.get(f"{architecture}.context_length")),
        block_count=_int_or_none(metadata.get(f"{architecture}.block_count")),
        tensor_count=n_tensors,
        metadata=metadata,
    )


def _read_value(reader: _Reader, kind: int, *, keep: bool) -> Any:
    if kind in _SCALARS:
        return reader.scalar(_SCALARS[kind])
    if kind == _STRING:
        return reader.string() if keep else reader.skip_string()
    if kind == _ARRAY:
        item_kind = reader.scalar("<I")
        count = reader.scalar("<Q")
        if count > MAX_ARRAY_ITEMS:
            raise _Malformed(f"a metadata array claims {count:,} items")
        if item_kind in _SCALARS:
            width = struct.calcsize(_SCALARS[item_kind])
            if reader.stream.tell() + count * width > reader.size:
                raise _Malformed(f"a metadata array claims {count:,} items")
            reader.stream.seek(count * width, 1)
        elif item_kind == _STRING:
            for _ in range(count):
                reader.skip_string()
        else:
            raise _Malformed(f"unsupported array item type {item_kind}")
        return None
    raise _Malformed(f"unknown metadata type {kind}")


def _int_or_none(value: Any) -> int | None:
    return int(value) if isinstance(value, int) else None
