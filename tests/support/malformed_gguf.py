"""A corpus of malformed GGUF files, built from a real model's layout (tests only).

Each family returns ``Case``s: a name, the bytes to write and, for a big model, the size to
extend the file to with a sparse hole (the header checks never read tensor data, so a
98 MB model costs only its 2 MB header on disk).  Every loop here is bounded by the layout
or by an explicit count.
"""

from __future__ import annotations

import os
import random
import re
import struct
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from tests.support.gguf_layout import ARRAY, STRING, GGUFLayout, walk_gguf

HUGE_COUNTS = (2**63, 2**40, 2**32 + 1)
HUGE_LENGTHS = (2**64 - 1, 2**63, 2**40, 2**32 + 1, (1 << 20) + 1)
UINT32, INT32, FLOAT32, UINT64 = 4, 5, 6, 10


@dataclass(frozen=True)
class Case:
    """One malformed file: ``content``, then zeros up to ``size`` (or a folder)."""

    name: str
    content: bytes = b""
    size: int | None = None
    folder: bool = False

    def write(self, root: Path) -> Path:
        path = root / f"{self.name}.gguf"
        if self.folder:
            path.mkdir()
            return path
        path.write_bytes(self.content)
        if self.size is not None and self.size > len(self.content):
            os.truncate(path, self.size)  # a sparse hole: nothing is written
        return path

    def remove(self, path: Path) -> None:
        if self.folder:
            path.rmdir()
        else:
            path.unlink()


@dataclass(frozen=True)
class Source:
    """A well-formed model: its label, first bytes (at least the header), size, layout."""

    label: str
    head: bytes
    size: int
    layout: GGUFLayout

    @classmethod
    def read(cls, label: str, path: Path, head_bytes: int = 8 << 20) -> Source:
        with path.open("rb") as stream:
            head = stream.read(head_bytes)
        layout = walk_gguf(head)
        size = path.stat().st_size
        # A small model is kept whole (its data reaches llama.cpp); a big one only to its data.
        return cls(label, head if len(head) == size else head[: layout.data_start], size, layout)

    def case(self, family: str, detail: str, content: bytes, size: int | None = None) -> Case:
        name = re.sub(r"[^A-Za-z0-9_.+-]", "_", f"{self.label}-{family}-{detail}")
        grown = size if size is not None else self.size + len(content) - len(self.head)
        return Case(name, content, grown)

    def patch(self, family: str, detail: str, at: int, fmt: str, value: int) -> Case:
        content = bytearray(self.head)
        struct.pack_into(fmt, content, at, value)
        return self.case(family, detail, bytes(content))

    def entry_bytes(self) -> list[bytes]:
        return [self.head[e.start : e.end] for e in self.layout.metadata]

    def rebuild(self, family: str, detail: str, entries: list[bytes]) -> Case:
        """The same model with other metadata entries: tensor infos, padding, data moved."""
        layout = self.layout
        first_tensor = layout.tensors[0].start if layout.tensors else layout.header_end
        header = struct.pack("<4sIQQ", b"GGUF", layout.version, len(layout.tensors), len(entries))
        header += b"".join(entries) + self.head[first_tensor : layout.header_end]
        header += bytes(-len(header) % layout.alignment)
        data = self.head[layout.data_start :]
        size = len(header) + self.size - layout.data_start
        return self.case(family, detail, header + data, size)


# -- encoding ---------------------------------------------------------------------------------


def gguf_string(text: str | bytes) -> bytes:
    raw = text.encode() if isinstance(text, str) else text
    return struct.pack("<Q", len(raw)) + raw


def entry(key: str, value_type: int, payload: bytes) -> bytes:
    return gguf_string(key) + struct.pack("<I", value_type) + payload


def array(item_type: int, items: Iterable[bytes]) -> bytes:
    items = list(items)
    return struct.pack("<IQ", item_type, len(items)) + b"".join(items)


# -- families -----------------------------------------------------------------------------------


def truncations(source: Source, limit: int | None = None) -> list[Case]:
    """The file cut at every structural boundary and one byte either side (or a spread sample)."""
    cuts = sorted(
        {cut for at in source.layout.offsets() for cut in (at - 1, at, at + 1)
         if 0 < cut < source.size}
    )  # fmt: skip
    if limit is not None and len(cuts) > limit:
        cuts = _spread(cuts, limit, source.layout)
    return [_cut(source, cut) for cut in cuts]


def _cut(source: Source, cut: int) -> Case:
    # Past the kept head (a big model's data), the rest is a sparse hole up to the cut.
    grown = cut if cut > len(source.head) else None
    return Case(f"{source.label}-cut-{cut:09d}", source.head[:cut], grown)


def _spread(cuts: list[int], limit: int, layout: GGUFLayout) -> list[int]:
    """An even sample from each region: short metadata, long arrays, tensor infos, data."""
    vocabulary = next((e.start for e in layout.metadata if e.count and e.count > 1000), None)
    tensor_infos = layout.tensors[0].start if layout.tensors else layout.header_end
    edges = [0, vocabulary or tensor_infos, tensor_infos, layout.data_start, cuts[-1] + 1]
    picked: list[int] = []
    for low, high in zip(edges, edges[1:], strict=False):
        region = [cut for cut in cuts if low <= cut < high]
        picked += _even(region, limit // 4)
    return picked


def _even(items: list[int], count: int) -> list[int]:
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def huge_counts(source: Source) -> list[Case]:
    arrays = [e for e in source.layout.metadata if e.count_at is not None]
    cases = []
    for value in HUGE_COUNTS:
        cases.append(source.patch("tensor-count", str(value), 8, "<Q", value))
        cases.append(source.patch("kv-count", str(value), 16, "<Q", value))
        for item in arrays[:2]:
            assert item.count_at is not None
            detail = f"{item.key}-{value}"
            cases.append(source.patch("array-count", detail, item.count_at, "<Q", value))
    return cases


def huge_lengths(source: Source) -> list[Case]:
    layout = source.layout
    architecture = layout.entry("general.architecture")
    places = {
        "key": layout.metadata[0].start,
        "string-value": architecture.value_at,
        "token-text": layout.entry("tokenizer.ggml.tokens").value_at + 12,
        "tensor-name": layout.tensors[0].start,
        "last-tensor-name": layout.tensors[-1].start,
    }
    lengths = (*HUGE_LENGTHS, source.size)
    return [
        source.patch("length", f"{place}-{length}", at, "<Q", length)
        for place, at in places.items()
        for length in lengths
    ]


def tensor_shapes(source: Source) -> list[Case]:
    tensors = source.layout.tensors
    two_d = next(t for t in tensors if len(t.dims) == 2)
    cases = [
        source.patch("n-dims", str(n), tensors[0].n_dims_at, "<I", n)
        for n in (5, 8, 64, 2**31, 2**32 - 1)
    ]
    for value in (2**62, 2**63, 2**64 - 1, 2**40):
        cases.append(source.patch("dim", f"{two_d.name}-{value}", two_d.dims_at, "<Q", value))
    overflow = bytearray(source.head)
    struct.pack_into("<QQ", overflow, two_d.dims_at, 2**32, 2**32)  # 2^64 elements
    cases.append(source.case("dims", "product-overflows", bytes(overflow)))
    cases.append(source.patch("dim", "row-not-whole-blocks", two_d.dims_at, "<Q", 33))
    cases.append(source.patch("dim", "zero", two_d.dims_at, "<Q", 0))
    for ggml_type in (4, 5, 31, 36, 40, 41, 100, 2**31, 2**32 - 1):
        cases.append(source.patch("ggml-type", str(ggml_type), two_d.type_at, "<I", ggml_type))
    f16 = 1 if two_d.ggml_type != 1 else 0
    cases.append(source.patch("ggml-type", "other-size", two_d.type_at, "<I", f16))
    return cases


def tensor_offsets(source: Source) -> list[Case]:
    layout = source.layout
    first, second, last = layout.tensors[0], layout.tensors[1], layout.tensors[-1]
    past_end = source.size - layout.data_start
    return [
        source.patch("offset", "past-end", last.offset_at, "<Q", past_end),
        source.patch("offset", "just-past-end", last.offset_at, "<Q", past_end - 4),
        source.patch("offset", "huge", last.offset_at, "<Q", 2**63),
        source.patch("offset", "max", last.offset_at, "<Q", 2**64 - 1),
        source.patch("offset", "misaligned", second.offset_at, "<Q", second.offset + 1),
        source.patch("offset", "overlapping", second.offset_at, "<Q", first.offset),
        source.patch("offset", "gap", second.offset_at, "<Q", second.offset + layout.alignment),
        source.patch("offset", "first-not-zero", first.offset_at, "<Q", layout.alignment),
        source.patch("offset", "last-overlaps-first", last.offset_at, "<Q", 0),
    ]


def value_types(source: Source) -> list[Case]:
    layout = source.layout
    scalar = next(e for e in layout.metadata if e.value_type == UINT32)
    tokens = layout.entry("tokenizer.ggml.tokens")
    cases = [
        source.patch("value-type", f"{scalar.key}-{kind}", scalar.type_at, "<I", kind)
        for kind in (13, 255, 2**31, 2**32 - 1)
    ]
    cases += [
        source.patch("item-type", f"tokens-{kind}", tokens.value_at, "<I", kind)
        for kind in (ARRAY, 13, 2**32 - 1)
    ]
    return cases


def repeats(source: Source) -> list[Case]:
    entries = source.entry_bytes()
    layout = source.layout
    first = layout.tensors[0]
    same_name = bytearray(source.head)
    twin = next(
        (t for t in layout.tensors[1:] if len(t.name) == len(first.name) and t.name != first.name),
        None,
    )
    cases = [
        source.rebuild("repeat", "architecture-key", entries + [entries[0]]),
        source.rebuild("repeat", "last-key", entries + [entries[-1]]),
    ]
    if twin is not None:
        same_name[twin.start : twin.start + 8 + len(twin.name)] = gguf_string(first.name)
        cases.append(source.case("repeat", "tensor-name", bytes(same_name)))
    return cases


def alignments(source: Source) -> list[Case]:
    entries = source.entry_bytes()
    added = {
        str(value): entry("general.alignment", UINT32, struct.pack("<I", value))
        for value in (0, 3, 48, 2**31)
    }
    added["as-uint64"] = entry("general.alignment", UINT64, struct.pack("<Q", 32))
    return [source.rebuild("alignment", detail, entries + [raw]) for detail, raw in added.items()]


def wrong_types(source: Source) -> list[Case]:
    """Well-formed files whose metadata is wrong for a model: some reach llama.cpp."""
    layout = source.layout
    n_tokens = layout.entry("tokenizer.ggml.tokens").count or 0
    ints = [struct.pack("<i", i) for i in range(n_tokens)]
    replacements = {
        "tokens-as-ints": ("tokenizer.ggml.tokens", ARRAY, array(INT32, ints)),
        "scores-as-strings": ("tokenizer.ggml.scores", ARRAY,
                              array(STRING, [gguf_string("0")] * n_tokens)),
        "scores-short": ("tokenizer.ggml.scores", ARRAY,
                         array(FLOAT32, [struct.pack("<f", 0)] * (n_tokens // 2))),
        "token-types-as-bytes": ("tokenizer.ggml.token_type", ARRAY,
                                 array(0, [b"\x01"] * n_tokens)),
        "token-types-long": ("tokenizer.ggml.token_type", ARRAY,
                             array(INT32, [struct.pack("<i", 1)] * (n_tokens + 1))),
        "architecture-as-int": ("general.architecture", UINT32, struct.pack("<I", 1)),
        "architecture-empty": ("general.architecture", STRING, gguf_string("")),
        "architecture-unknown": ("general.architecture", STRING, gguf_string("nonesuch")),
        "context-as-string": ("llama.context_length", STRING, gguf_string("512")),
        "blocks-as-float": ("llama.block_count", FLOAT32, struct.pack("<f", 2.0)),
        "embedding-mismatch": ("llama.embedding_length", UINT32, struct.pack("<I", 48)),
        "heads-zero": ("llama.attention.head_count", UINT32, struct.pack("<I", 0)),
        "tokenizer-unknown": ("tokenizer.ggml.model", STRING, gguf_string("nonesuch")),
    }  # fmt: skip
    cases = [
        source.rebuild("wrong-type", detail, _replaced(source, key, value_type, payload))
        for detail, (key, value_type, payload) in replacements.items()
    ]
    for key in ("tokenizer.ggml.tokens", "general.architecture"):
        cases.append(source.rebuild("missing", key, _without(source, key)))
    return cases + _renamed_tensors(source)


def _replaced(source: Source, key: str, value_type: int, payload: bytes) -> list[bytes]:
    return [
        entry(key, value_type, payload) if item.key == key else raw
        for item, raw in zip(source.layout.metadata, source.entry_bytes(), strict=True)
    ]


def _without(source: Source, key: str) -> list[bytes]:
    return [
        raw
        for item, raw in zip(source.layout.metadata, source.entry_bytes(), strict=True)
        if item.key != key
    ]


def _renamed_tensors(source: Source) -> list[Case]:
    """A required tensor under another name, and two tensors' shapes swapped."""
    layout = source.layout
    norm = next(t for t in layout.tensors if t.name == "output_norm.weight")
    renamed = bytearray(source.head)
    renamed[norm.start + 8 : norm.start + 8 + len(norm.name)] = b"output_nrom.weight"
    embed = next(t for t in layout.tensors if t.name == "token_embd.weight")
    swapped = bytearray(source.head)
    struct.pack_into("<QQ", swapped, embed.dims_at, embed.dims[1], embed.dims[0])
    return [
        source.case("tensor", "required-one-renamed", bytes(renamed)),
        source.case("tensor", "embedding-transposed", bytes(swapped)),
    ]


def random_after_magic(source: Source, count: int, seed: int = 4) -> list[Case]:
    """Seeded random bytes after ``GGUF`` (and after a plausible fixed header)."""
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        length = rng.choice((1, 20, 100, 4096, 65536))
        noise = rng.randbytes(length)
        if index % 2:
            fixed = struct.pack("<IQQ", 3, rng.randrange(64), rng.randrange(64))
            cases.append(Case(f"random-v3-{index:02d}", b"GGUF" + fixed + noise))
        else:
            cases.append(Case(f"random-{index:02d}", b"GGUF" + noise))
    return cases


def flipped_fields(source: Source, count: int, seed: int = 7) -> list[Case]:
    """Seeded: one high bit flipped in a random length, count or offset field of the header."""
    rng = random.Random(seed)
    layout = source.layout
    fields = [e.start for e in layout.metadata] + [t.start for t in layout.tensors]
    fields += [t.offset_at for t in layout.tensors]
    fields += [e.count_at for e in layout.metadata if e.count_at is not None]
    cases = []
    for index in range(count):
        at = rng.choice(fields)
        bit = rng.randrange(12, 64)
        content = bytearray(source.head)
        (value,) = struct.unpack_from("<Q", content, at)
        struct.pack_into("<Q", content, at, value ^ (1 << bit))
        cases.append(source.case("flip", f"{index:02d}-at-{at}-bit-{bit}", bytes(content)))
    return cases


def odd_files() -> list[Case]:
    archive = BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("model.gguf", b"GGUF" + bytes(64))
    return [
        Case("empty"),
        Case("folder", folder=True),
        Case("zip-named-gguf", archive.getvalue()),
        Case("magic-only", b"GGUF"),
        Case("text", b"This is not a model, it is chapter one.\n" * 10),
        Case("version-0", b"GGUF" + struct.pack("<IQQ", 0, 1, 1)),
        Case("version-1", b"GGUF" + struct.pack("<IQQ", 1, 1, 1)),
        Case("version-big-endian", b"GGUF" + struct.pack(">IQQ", 3, 1, 1)),
        Case("no-tensors-no-metadata", b"GGUF" + struct.pack("<IQQ", 3, 0, 0) + bytes(8)),
    ]
