"""Model files: a bounded GGUF header check of our own, run before llama.cpp sees a file.

llama.cpp's loader has had memory-safety bugs reachable from crafted files and aborts the
process on some asserts, and gguf-py's reader can hang on a crafted header, so every file is
read here first with hard limits: magic, version, counts, string lengths and declared sizes
against the real file size.  Only the header is read; a 10 GB model costs a few milliseconds.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from writer_app.core.text import sentence

_T = TypeVar("_T")

GGUF_MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
MAX_TENSORS = 100_000
MAX_METADATA = 100_000
MAX_KEY_BYTES = 4096
MAX_STRING_BYTES = 1 << 20  # 1 MiB for one key or value (chat templates are ~10 KiB)
MAX_ARRAY_ITEMS = 4_000_000  # vocabularies reach ~260k entries
MAX_DIMS = 4  # llama.cpp's GGML_MAX_DIMS
MAX_TENSOR_NAME_BYTES = 63  # llama.cpp's GGML_MAX_NAME less the terminating zero
DEFAULT_ALIGNMENT = 32
_INT64_LIMIT = 1 << 63

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
# ggml tensor types llama.cpp can size: id -> (elements per block, bytes per block).  Ids
# missing here (4, 5, 31-33, 36-38) are retired layouts llama.cpp refuses too.
GGML_BLOCKS = {
    0: (1, 4), 1: (1, 2), 2: (32, 18), 3: (32, 20), 6: (32, 22), 7: (32, 24), 8: (32, 34),
    9: (32, 36), 10: (256, 84), 11: (256, 110), 12: (256, 144), 13: (256, 176),
    14: (256, 210), 15: (256, 292), 16: (256, 66), 17: (256, 74), 18: (256, 98),
    19: (256, 50), 20: (32, 18), 21: (256, 110), 22: (256, 82), 23: (256, 136),
    24: (1, 1), 25: (1, 2), 26: (1, 4), 27: (1, 8), 28: (1, 8), 29: (256, 56), 30: (1, 2),
    34: (256, 54), 35: (256, 66), 39: (32, 17),
}  # fmt: skip
# Keys llama.cpp reads without checking their type (an assert that kills the process, or a
# raw pointer read past a short array): value type, allowed item types.
_TRUSTED_SHAPES: dict[str, tuple[int, tuple[int, ...]]] = {
    "general.architecture": (_STRING, ()),
    "general.alignment": (_UINT32, ()),
    "tokenizer.ggml.tokens": (_ARRAY, (_STRING,)),
    "tokenizer.ggml.merges": (_ARRAY, (_STRING,)),
    "tokenizer.ggml.scores": (_ARRAY, (_FLOAT32,)),
    "tokenizer.ggml.token_type": (_ARRAY, (_INT32, _UINT32)),
    "tokenizer.ggml.precompiled_charsmap": (_ARRAY, (_UINT8, _INT8)),
}
# Arrays llama.cpp indexes by token id: they must be as long as the token list.
_PER_TOKEN_ARRAYS = ("tokenizer.ggml.scores", "tokenizer.ggml.token_type")
# Keys whose values we keep; long arrays (vocabularies) are skipped, not stored.
_KEPT_SUFFIXES = (
    "general.architecture",
    "general.name",
    "general.file_type",
    "general.size_label",
    "general.alignment",
    ".context_length",
    # a voice's record of its name and base model (core.voices.library)
    "writer_app.voice.name",
    "writer_app.voice.base_sha256",
    ".block_count",
    ".embedding_length",
)


class ModelFileError(ValueError):
    """A file that is not a model we can load; ``str()`` is a sentence for the writer."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            sentence.translate("ModelFile", "{path}: {reason}").format(path=path, reason=reason)
        )
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
    parameter_count: int | None = None  # elements over all tensors, as llama.cpp counts them

    @property
    def parameter_label(self) -> str:
        """The parameter count as writers see it in model names: "135M", "7.2B" ("" if unknown)."""
        count = self.parameter_count
        if not count:
            return ""
        if count < 999_500:
            return f"{count / 1e3:.0f}K"
        if count < 999_500_000:
            return f"{count / 1e6:.0f}M"
        return f"{count / 1e9:.1f}B"

    @property
    def display_name(self) -> str:
        # The file name is what the writer chose and recognises; general.name is often a
        # training-run label ("Smollm2 135M 8k Lc100K Mix1 Ep2").
        return self.path.stem


def inspect_gguf(path: Path | str) -> ModelInfo:
    """Check a GGUF file's header with limits; raise ModelFileError with a clear reason."""
    return _checked(Path(path), _read_header)


@dataclass(frozen=True)
class TensorInfo:
    """One tensor as the header places it: ggml's dimensions (the row first), its type, and
    where its bytes are after the data section's start."""

    name: str
    dims: tuple[int, ...]
    ggml_type: int
    offset: int
    n_bytes: int


@dataclass(frozen=True)
class Layout:
    """Where a checked GGUF file keeps what: enough to copy it with some tensors changed."""

    version: int
    metadata_count: int
    metadata_span: tuple[int, int]  # the file's bytes holding every key and value
    alignment: int
    data_start: int
    tensors: tuple[TensorInfo, ...]


def read_layout(path: Path | str) -> Layout:
    """The layout of a GGUF file after the same checks as ``inspect_gguf``."""

    def layout(path: Path, reader: _Reader) -> Layout:
        header = _walk_checked(path, reader)
        return Layout(
            version=header.version,
            metadata_count=len(header.shapes),
            metadata_span=header.metadata_span,
            alignment=header.alignment,
            data_start=header.data_start,
            tensors=tuple(header.tensors),
        )

    return _checked(Path(path), layout)


def _checked(path: Path, read: Callable[[Path, _Reader], _T]) -> _T:
    """``read`` over the open file, every failure to open or read it as a ModelFileError."""
    if not path.exists():
        raise ModelFileError(path, sentence.translate("ModelFile", "no such file"))
    if path.is_dir():
        raise ModelFileError(
            path, sentence.translate("ModelFile", "this is a folder, not a model file")
        )
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            return read(path, _Reader(stream, size))
    except PermissionError:
        raise ModelFileError(
            path, sentence.translate("ModelFile", "the file cannot be read (permission denied)")
        ) from None
    except OSError as error:
        raise ModelFileError(
            path,
            sentence.translate("ModelFile", "the file cannot be read ({reason})").format(
                reason=error.strerror
            ),
        ) from None


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

    def _length(self, limit: int, what: str) -> int:
        length = self.scalar("<Q")
        if length > limit:
            raise _Malformed(f"{what} claims {length:,} bytes")
        if self.stream.tell() + length > self.size:
            raise EOFError
        return int(length)

    def string(self, limit: int = MAX_STRING_BYTES, what: str = "a metadata string") -> str:
        return self.take(self._length(limit, what)).decode("utf-8", errors="replace")

    def skip_string(self) -> None:
        self.stream.seek(self._length(MAX_STRING_BYTES, "a metadata string"), 1)


class _Malformed(Exception):
    pass


@dataclass
class _Header:
    """What the header walk collects: kept values, each key's shape, the tensor layout."""

    metadata: dict[str, Any] = field(default_factory=dict)
    shapes: dict[str, tuple[int, int | None, int]] = field(default_factory=dict)
    tensor_count: int = 0
    parameter_count: int = 0
    data_end: int = 0  # bytes the tensor data needs after the data section starts
    version: int = 0
    metadata_span: tuple[int, int] = (0, 0)
    alignment: int = DEFAULT_ALIGNMENT
    data_start: int = 0
    tensors: list[TensorInfo] = field(default_factory=list)


def _walk_checked(path: Path, reader: _Reader) -> _Header:
    try:
        return _walk(path, reader)
    except EOFError:
        raise ModelFileError(
            path, sentence.translate("ModelFile", "the file is truncated (header ends early)")
        ) from None
    except _Malformed as error:  # the detail stays English: it is for whoever made the file
        raise ModelFileError(
            path,
            sentence.translate("ModelFile", "malformed GGUF header: {detail}").format(detail=error),
        ) from None


def _read_header(path: Path, reader: _Reader) -> ModelInfo:
    header = _walk_checked(path, reader)
    metadata = header.metadata
    architecture = str(metadata.get("general.architecture", ""))
    if not architecture:
        raise ModelFileError(
            path, sentence.translate("ModelFile", "the header does not name a model architecture")
        )
    if header.tensor_count == 0:
        raise ModelFileError(
            path,
            sentence.translate("ModelFile", "the file holds no tensors (a vocabulary-only file?)"),
        )
    return ModelInfo(
        path=path,
        file_size=reader.size,
        architecture=architecture,
        name=str(metadata.get("general.name", "")),
        context_length=_int_or_none(metadata.get(f"{architecture}.context_length")),
        block_count=_int_or_none(metadata.get(f"{architecture}.block_count")),
        tensor_count=header.tensor_count,
        metadata=metadata,
        parameter_count=header.parameter_count,
    )


def _walk(path: Path, reader: _Reader) -> _Header:
    if reader.size < 24 or reader.take(4) != GGUF_MAGIC:
        raise ModelFileError(
            path, sentence.translate("ModelFile", "not a GGUF model file (wrong or missing header)")
        )
    version = reader.scalar("<I")
    if version not in SUPPORTED_VERSIONS:
        raise ModelFileError(
            path,
            sentence.translate("ModelFile", "unsupported GGUF version {version}").format(
                version=version
            ),
        )
    n_tensors = reader.scalar("<Q")
    n_kv = reader.scalar("<Q")
    if n_tensors > MAX_TENSORS or n_kv > MAX_METADATA:
        raise ModelFileError(
            path,
            sentence.translate(
                "ModelFile",
                "implausible header ({tensors:,} tensors, {entries:,} metadata entries)",
            ).format(tensors=n_tensors, entries=n_kv),
        )
    header = _Header(tensor_count=n_tensors, version=version)
    start = reader.stream.tell()
    for _ in range(n_kv):
        _read_entry(reader, header)
    header.metadata_span = (start, reader.stream.tell())
    _check_trusted_shapes(header)
    alignment = header.alignment = _alignment(header.metadata)
    _read_tensor_infos(reader, header, alignment)
    data_start = header.data_start = -(-reader.stream.tell() // alignment) * alignment
    if n_tensors and data_start + header.data_end > reader.size:
        raise ModelFileError(
            path,
            sentence.translate(
                "ModelFile", "the file is truncated (tensor data ends past the end of the file)"
            ),
        )
    return header


def _read_entry(reader: _Reader, header: _Header) -> None:
    key = reader.string(MAX_KEY_BYTES, "a metadata key")
    if not key:
        raise _Malformed("a metadata key is empty")
    if key in header.shapes:
        raise _Malformed(f"the key {key!r} appears twice")
    kind = reader.scalar("<I")
    if kind == _ARRAY:
        item_kind, count = _skip_array(reader)
        header.shapes[key] = (kind, item_kind, count)
        return
    value = _read_scalar(reader, kind, keep=key.endswith(_KEPT_SUFFIXES))
    header.shapes[key] = (kind, None, 1)
    if value is not None:
        header.metadata[key] = value


def _read_scalar(reader: _Reader, kind: int, *, keep: bool) -> Any:
    if kind in _SCALARS:
        return reader.scalar(_SCALARS[kind])
    if kind == _STRING:
        return reader.string() if keep else reader.skip_string()
    raise _Malformed(f"unknown metadata type {kind}")


def _skip_array(reader: _Reader) -> tuple[int, int]:
    item_kind = reader.scalar("<I")
    count = reader.scalar("<Q")
    if count > MAX_ARRAY_ITEMS:
        raise _Malformed(f"a metadata array claims {count:,} items")
    if item_kind in _SCALARS:
        width = struct.calcsize(_SCALARS[item_kind])
        if reader.stream.tell() + count * width > reader.size:
            raise EOFError
        reader.stream.seek(count * width, 1)
    elif item_kind == _STRING:
        _skip_strings(reader, count)
    else:
        raise _Malformed(f"unsupported array item type {item_kind}")
    return item_kind, count


def _skip_strings(reader: _Reader, count: int) -> None:
    """Skip ``count`` strings, reading in chunks: a vocabulary holds 50k-250k of them."""
    stream = reader.stream
    base = stream.tell()
    chunk = b""
    at = 0  # within chunk
    for _ in range(count):
        if at + 8 > len(chunk):
            base += at
            stream.seek(base)
            chunk = stream.read(1 << 16)
            at = 0
            if len(chunk) < 8:
                raise EOFError
        (length,) = struct.unpack_from("<Q", chunk, at)
        if length > MAX_STRING_BYTES:
            raise _Malformed(f"a metadata string claims {length:,} bytes")
        at += 8 + length
        if base + at > reader.size:
            raise EOFError
    stream.seek(base + at)


def _check_trusted_shapes(header: _Header) -> None:
    for key, (kind, item_kinds) in _TRUSTED_SHAPES.items():
        shape = header.shapes.get(key)
        if shape is None:
            continue
        if shape[0] != kind or (item_kinds and shape[1] not in item_kinds):
            raise _Malformed(f"the key {key!r} has the wrong type")
    tokens = header.shapes.get("tokenizer.ggml.tokens")
    for key in _PER_TOKEN_ARRAYS:
        shape = header.shapes.get(key)
        if shape is not None and (tokens is None or shape[2] != tokens[2]):
            raise _Malformed(f"the key {key!r} does not match the token list's length")


def _alignment(metadata: dict[str, Any]) -> int:
    alignment = int(metadata.get("general.alignment", DEFAULT_ALIGNMENT))
    if alignment <= 0 or alignment & (alignment - 1):
        raise _Malformed(f"the alignment {alignment} is not a power of two")
    return alignment


def _read_tensor_infos(reader: _Reader, header: _Header, alignment: int) -> None:
    """Each tensor's name, shape and type; the data must follow in order, aligned, no gaps."""
    names: set[str] = set()
    for _ in range(header.tensor_count):
        name = reader.string(MAX_TENSOR_NAME_BYTES, "a tensor name")
        if name in names:
            raise _Malformed(f"the tensor {name!r} appears twice")
        names.add(name)
        dims, ggml_type, elements, n_bytes = _read_tensor_shape(reader, name)
        offset = reader.scalar("<Q")
        if offset != header.data_end:
            raise _Malformed(
                f"the tensor {name!r} starts at {offset:,}, expected {header.data_end:,}"
            )
        header.tensors.append(TensorInfo(name, dims, ggml_type, offset, n_bytes))
        header.parameter_count += elements
        header.data_end += -(-n_bytes // alignment) * alignment


def _read_tensor_shape(reader: _Reader, name: str) -> tuple[tuple[int, ...], int, int, int]:
    """Its dimensions, type, elements and bytes."""
    n_dims = reader.scalar("<I")
    if n_dims > MAX_DIMS:
        raise _Malformed(f"the tensor {name!r} claims {n_dims} dimensions")
    elements = 1
    dims = [reader.scalar("<Q") for _ in range(n_dims)]
    for dim in dims:
        elements *= dim
    if any(dim >= _INT64_LIMIT for dim in dims) or elements >= _INT64_LIMIT:
        raise _Malformed(f"the tensor {name!r} claims an impossible size {dims}")
    ggml_type = reader.scalar("<I")
    block = GGML_BLOCKS.get(ggml_type)
    if block is None:
        raise _Malformed(f"the tensor {name!r} has an unknown data type {ggml_type}")
    per_block, block_bytes = block
    if dims and dims[0] % per_block:
        raise _Malformed(f"the tensor {name!r} has rows that do not fill whole blocks")
    return tuple(dims), ggml_type, elements, elements // per_block * block_bytes


def _int_or_none(value: Any) -> int | None:
    return int(value) if isinstance(value, int) else None
