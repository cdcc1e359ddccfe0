"""Where every structural field of a GGUF file lies, for building malformed copies in tests.

``walk_gguf(data)`` reads a well-formed GGUF held in ``data`` (a prefix that reaches past the
tensor infos is enough) and returns its layout: each boundary between fields, each metadata
entry and tensor info with the offsets of the fields worth mutating, the alignment padding and
the data section.  It trusts nothing: every count and length is capped, so a broken input
raises ``ValueError`` rather than looping.  Tests only; the app's own check is core.models.gguf.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

MAX_COUNT = 1_000_000
MAX_STRING = 1 << 20
SHORT_ARRAY = 16  # arrays up to this long get a boundary per element; longer ones a sample
DEFAULT_ALIGNMENT = 32

STRING, ARRAY = 8, 9
VALUE_WIDTHS = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}

# ggml tensor types this walker can size: type id -> (elements per block, bytes per block).
GGML_BLOCKS = {
    0: (1, 4), 1: (1, 2), 2: (32, 18), 3: (32, 20), 6: (32, 22), 7: (32, 24), 8: (32, 34),
    9: (32, 36), 10: (256, 84), 11: (256, 110), 12: (256, 144), 13: (256, 176),
    14: (256, 210), 15: (256, 292), 24: (1, 1), 25: (1, 2), 26: (1, 4), 27: (1, 8),
    28: (1, 8), 30: (1, 2),
}  # fmt: skip


@dataclass(frozen=True)
class Boundary:
    offset: int  # the first byte of the field
    label: str


@dataclass(frozen=True)
class MetadataEntry:
    key: str
    start: int  # the key's length field
    type_at: int  # the value type field
    value_at: int  # the value (for arrays: the item type field)
    end: int
    value_type: int
    item_type: int | None = None  # arrays only
    count_at: int | None = None  # arrays only
    count: int | None = None  # arrays only
    scalar: int | float | None = None  # numeric scalars only


@dataclass(frozen=True)
class TensorEntry:
    name: str
    start: int  # the name's length field
    n_dims_at: int
    dims_at: int
    type_at: int
    offset_at: int
    end: int
    dims: tuple[int, ...]
    ggml_type: int
    offset: int  # relative to the data section

    @property
    def n_bytes(self) -> int:
        elements = 1
        for dim in self.dims:
            elements *= dim
        block, width = GGML_BLOCKS[self.ggml_type]
        return elements // block * width


@dataclass
class GGUFLayout:
    version: int
    boundaries: list[Boundary] = field(default_factory=list)
    metadata: list[MetadataEntry] = field(default_factory=list)
    tensors: list[TensorEntry] = field(default_factory=list)
    alignment: int = DEFAULT_ALIGNMENT
    header_end: int = 0  # after the last tensor info, before the alignment padding
    data_start: int = 0

    def entry(self, key: str) -> MetadataEntry:
        return next(item for item in self.metadata if item.key == key)

    def tensor_data(self, tensor: TensorEntry) -> tuple[int, int]:
        start = self.data_start + tensor.offset
        return start, start + tensor.n_bytes

    def offsets(self) -> list[int]:
        """Every distinct boundary offset, in file order."""
        return sorted({b.offset for b in self.boundaries})


class _Cursor:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def unpack(self, fmt: str) -> int:
        width = struct.calcsize(fmt)
        if self.at + width > len(self.data):
            raise ValueError(f"ends inside a field at {self.at}")
        (value,) = struct.unpack_from(fmt, self.data, self.at)
        self.at += width
        return value

    def count(self) -> int:
        value = self.unpack("<Q")
        if value > MAX_COUNT:
            raise ValueError(f"count {value} at {self.at - 8} is over the walker's limit")
        return value

    def string(self) -> str:
        length = self.unpack("<Q")
        if length > MAX_STRING or self.at + length > len(self.data):
            raise ValueError(f"string of {length} bytes at {self.at - 8}")
        text = self.data[self.at : self.at + length].decode("utf-8", errors="replace")
        self.at += length
        return text


def walk_gguf(data: bytes) -> GGUFLayout:
    """The layout of the GGUF in ``data``; ``ValueError`` if it is not well formed."""
    cursor = _Cursor(data)
    if data[:4] != b"GGUF":
        raise ValueError("no GGUF magic")
    bounds = [Boundary(0, "magic")]
    cursor.at = 4
    bounds.append(Boundary(4, "version"))
    layout = GGUFLayout(version=cursor.unpack("<I"), boundaries=bounds)
    bounds.append(Boundary(8, "tensor count"))
    n_tensors = cursor.count()
    bounds.append(Boundary(16, "metadata count"))
    n_kv = cursor.count()
    for index in range(n_kv):
        layout.metadata.append(_walk_entry(cursor, bounds, index))
    alignment = _alignment(layout)
    layout.alignment = alignment
    for index in range(n_tensors):
        layout.tensors.append(_walk_tensor(cursor, bounds, index))
    layout.header_end = cursor.at
    bounds.append(Boundary(cursor.at, "alignment padding"))
    layout.data_start = -(-cursor.at // alignment) * alignment
    bounds.append(Boundary(layout.data_start, "data section"))
    for tensor in layout.tensors:
        start, end = layout.tensor_data(tensor)
        bounds.append(Boundary(start, f"data of {tensor.name}"))
        bounds.append(Boundary(end, f"end of {tensor.name}"))
    return layout


def _alignment(layout: GGUFLayout) -> int:
    for entry in layout.metadata:
        if entry.key == "general.alignment":
            return int(entry.scalar or DEFAULT_ALIGNMENT)
    return DEFAULT_ALIGNMENT


def _walk_entry(cursor: _Cursor, bounds: list[Boundary], index: int) -> MetadataEntry:
    start = cursor.at
    bounds.append(Boundary(start, f"kv {index} key length"))
    bounds.append(Boundary(start + 8, f"kv {index} key"))
    key = cursor.string()
    type_at = cursor.at
    bounds.append(Boundary(type_at, f"kv {index} ({key}) type"))
    value_type = cursor.unpack("<I")
    value_at = cursor.at
    bounds.append(Boundary(value_at, f"kv {index} ({key}) value"))
    if value_type != ARRAY:
        scalar = _skip_value(cursor, value_type)
        return MetadataEntry(key, start, type_at, value_at, cursor.at, value_type, scalar=scalar)
    item_type = cursor.unpack("<I")
    count_at = cursor.at
    bounds.append(Boundary(count_at, f"kv {index} ({key}) array count"))
    count = cursor.count()
    sampled = _sampled(count)
    for item in range(count):
        if item in sampled:
            bounds.append(Boundary(cursor.at, f"kv {index} ({key}) item {item}"))
        _skip_value(cursor, item_type)
    return MetadataEntry(
        key, start, type_at, value_at, cursor.at, value_type, item_type, count_at, count
    )


def _sampled(count: int) -> set[int]:
    if count <= SHORT_ARRAY:
        return set(range(count))
    return {0, 1, 2, count // 3, count // 2, 2 * count // 3, count - 2, count - 1}


def _skip_value(cursor: _Cursor, value_type: int) -> int | None:
    if value_type == STRING:
        cursor.string()
        return None
    width = VALUE_WIDTHS.get(value_type)
    if width is None:
        raise ValueError(f"unknown value type {value_type} at {cursor.at - 4}")
    fmt = {1: "<B", 2: "<H", 4: "<I", 8: "<Q"}[width]
    return cursor.unpack(fmt)


def _walk_tensor(cursor: _Cursor, bounds: list[Boundary], index: int) -> TensorEntry:
    start = cursor.at
    bounds.append(Boundary(start, f"tensor {index} name length"))
    bounds.append(Boundary(start + 8, f"tensor {index} name"))
    name = cursor.string()
    n_dims_at = cursor.at
    bounds.append(Boundary(n_dims_at, f"tensor {index} ({name}) n_dims"))
    n_dims = cursor.unpack("<I")
    if n_dims > 4:
        raise ValueError(f"tensor {name} has {n_dims} dimensions")
    dims_at = cursor.at
    dims = []
    for axis in range(n_dims):
        bounds.append(Boundary(cursor.at, f"tensor {index} ({name}) dim {axis}"))
        dims.append(cursor.unpack("<Q"))
    type_at = cursor.at
    bounds.append(Boundary(type_at, f"tensor {index} ({name}) type"))
    ggml_type = cursor.unpack("<I")
    if ggml_type not in GGML_BLOCKS:
        raise ValueError(f"tensor {name} has ggml type {ggml_type}, unknown to the walker")
    offset_at = cursor.at
    bounds.append(Boundary(offset_at, f"tensor {index} ({name}) offset"))
    offset = cursor.unpack("<Q")
    return TensorEntry(
        name, start, n_dims_at, dims_at, type_at, offset_at, cursor.at, tuple(dims),
        ggml_type, offset,
    )  # fmt: skip
