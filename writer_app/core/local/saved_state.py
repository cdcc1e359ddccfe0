"""The model's read state of recent chapters, kept on disk: switch back to a chapter, or open
the app tomorrow, and the first suggestion starts warm instead of reading the window again.

A saved state is the KV cache of one sequence (llama.cpp's ``llama_state_seq_get_data``) with
the exact tokens it holds.  It is used only for the same model file (its sha256), the same
context settings and llama.cpp build, and only for the part of its tokens that a new prompt
starts with.  Files carry a sha256 of their whole content: a damaged one (or one llama.cpp
refuses) is deleted with a log line, never loaded again; no file in this folder, however made,
can raise out of ``find`` or ``load`` and stop a suggestion.  The folder is kept under a size
limit, least recently used first out.

A state may carry the newest sliding-window checkpoints (core.local.cache): a restored
sliding-window cache holds only about a window of positions, so without them a word fixed a
paragraph up after a restart would need the whole window read again.

File layout: magic, header length (4 bytes, little-endian), JSON header, the tokens (int32
little-endian), the state bytes, the checkpoints' bytes (their lengths and sizes in the
header), sha256 of everything before it.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import struct
import sys
from array import array
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import BinaryIO

from writer_app.core.local.reuse_plan import MAX_SEAM_TOKENS, LeftOut, common_prefix
from writer_app.core.storage.hashing import file_sha256
from writer_app.core.storage.state_files import read_json_object, write_json

log = logging.getLogger(__name__)

MAGIC = b"WAPPKV01"
DEFAULT_LIMIT_MB = 1024
MIN_USEFUL_TOKENS = 256  # a shorter match is cheap to read again
_FINGERPRINTS = "fingerprints.json"
_SUFFIX = ".kvstate"
MAX_HEADER_BYTES = 4096  # ours is a few hundred bytes of flat JSON


@dataclass(frozen=True)
class StateKey:
    """What must be equal for a saved state to be usable."""

    model_sha256: str
    n_ctx: int
    llama_build: str  # llama-cpp-python's version: the state format follows llama.cpp
    # The cache's layout: flash attention stores V untransposed; a full-size sliding-window
    # cache holds more cells than a small one.
    flash_attn: bool = False
    swa_full: bool = False

    def matches(self, header: dict) -> bool:
        return all(header.get(name) == value for name, value in asdict(self).items())


@dataclass(frozen=True)
class Loaded:
    """A saved state's bytes, and its checkpoints as (cached length, bytes)."""

    state: bytes
    checkpoints: list[tuple[int, bytes]] = field(default_factory=list)


@dataclass(frozen=True)
class SavedState:
    path: Path
    tokens: list[int]
    # The seam a shift left out of the cache while the writer's prompts still hold it
    # (core.local.reuse_plan.LeftOut): without it, the restored cache would match only the header.
    left_out: LeftOut | None = None

    def as_cached(self, prompt: Sequence[int]) -> Sequence[int]:
        """``prompt`` as this state's cache would see it (without its left-out seam)."""
        view = self.left_out.remove_from(prompt, self.tokens) if self.left_out else None
        return prompt if view is None else view

    def shared_with(self, prompt: Sequence[int]) -> int:
        """How many of ``prompt``'s first tokens this state holds."""
        return common_prefix(self.tokens, self.as_cached(prompt))


class StateStore:
    """A folder of saved states, bounded to ``limit_bytes``."""

    def __init__(self, folder: Path, limit_bytes: int = DEFAULT_LIMIT_MB * 1024 * 1024) -> None:
        self.folder = folder
        self.limit_bytes = limit_bytes

    # -- the model's identity ---------------------------------------------------------------

    def model_sha256(self, model: Path) -> str:
        """The sha256 of a model file, computed once per file version (size and time)."""
        stat = model.stat()
        version = f"{model.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
        known = self._fingerprints()
        if version in known:
            return known[version]
        known[version] = file_sha256(model)
        try:
            write_json(self.folder / _FINGERPRINTS, known, indent=None)
        except OSError as error:
            log.warning("could not remember the model's fingerprint: %s", error)
        return known[version]

    def _fingerprints(self) -> dict[str, str]:
        raw = read_json_object(self.folder / _FINGERPRINTS)  # damaged: set aside, recomputed
        if raw is None:
            return {}
        return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, str)}

    # -- saving and finding -----------------------------------------------------------------

    def save(
        self,
        key: StateKey,
        tokens: Sequence[int],
        state: bytes,
        left_out: LeftOut | None = None,
        checkpoints: Sequence[tuple[int, bytes]] = (),
    ) -> Path | None:
        """Keep ``state`` (holding ``tokens``, without the seam ``left_out``) and its
        ``checkpoints``; replaces a saved state of the same tokens."""
        checkpoints = [(n, data) for n, data in checkpoints if 0 < n <= len(tokens) and data]
        size = len(state) + sum(len(data) for _n, data in checkpoints)
        if len(tokens) < MIN_USEFUL_TOKENS or not state or size > self.limit_bytes // 2:
            return None  # too short to matter, or too big to keep two of
        packed = array("i", tokens)
        if packed.itemsize != 4:  # pragma: no cover (every platform we ship has 4-byte int)
            return None
        if sys.byteorder != "little":  # pragma: no cover
            packed.byteswap()
        fields: dict = {**asdict(key), "n_tokens": len(tokens), "state_bytes": len(state)}
        if left_out is not None and left_out.at <= len(tokens):
            fields["left_out"] = {"at": left_out.at, "tokens": list(left_out.tokens)}
        if checkpoints:
            fields["checkpoints"] = [[n, len(data)] for n, data in checkpoints]
        header = json.dumps(fields).encode("utf-8")
        body = b"".join(
            [MAGIC, struct.pack("<I", len(header)), header, packed.tobytes(), state]
            + [data for _n, data in checkpoints]
        )
        name = hashlib.sha256(f"{key}|{list(tokens)}".encode()).hexdigest()[:32] + _SUFFIX
        path = self.folder / name
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write(path, body + hashlib.sha256(body).digest())
        except OSError as error:
            log.warning("could not save the model's state to %s: %s", path, error)
            return None
        self._evict(keep=path)
        return path

    def find(
        self,
        key: StateKey,
        prompt: Sequence[int],
        better_than: int = 0,
        reusable: Callable[[SavedState], int] | None = None,
    ) -> SavedState | None:
        """The saved state of which ``prompt`` can reuse the most (more than ``better_than``
        tokens, and at least MIN_USEFUL_TOKENS), or None.  ``reusable`` says how much of a
        state the cache could reuse (the window may have moved since it was saved: a shift);
        by default, the tokens it shares with the prompt's start."""
        best: SavedState | None = None
        best_shared = max(better_than, MIN_USEFUL_TOKENS - 1)
        for path in self._files():
            found = self._read_head(path)
            if found is None or not key.matches(found[0]):
                continue
            candidate = SavedState(path, found[1], _left_out(found[0], len(found[1])))
            shared = reusable(candidate) if reusable else candidate.shared_with(prompt)
            if shared > best_shared:
                best, best_shared = candidate, shared
        return best

    def load(self, saved: SavedState) -> Loaded | None:
        """The state (and checkpoints) of ``saved``, checked whole; a damaged file is
        deleted."""
        try:
            raw = saved.path.read_bytes()
        except OSError as error:
            log.warning("could not read the saved state %s: %s", saved.path, error)
            return None
        body, digest = raw[:-32], raw[-32:]
        stream = io.BytesIO(body)
        try:
            if len(raw) < 32 or hashlib.sha256(body).digest() != digest:
                raise ValueError("it is damaged")
            header, tokens = _head(stream)
            loaded = _body(header, body[stream.tell() :], len(tokens))
        except Exception as error:  # noqa: BLE001 (a cache file must never stop drafting)
            self._discard(saved.path, str(error) or type(error).__name__)
            return None
        if tokens != saved.tokens:
            return None
        try:
            os.utime(saved.path)  # recently used: evicted last
        except OSError:
            pass
        return loaded

    # -- housekeeping -----------------------------------------------------------------------

    def _files(self) -> list[Path]:
        try:
            return sorted(self.folder.glob("*" + _SUFFIX))
        except OSError:
            return []

    def _read_head(self, path: Path) -> tuple[dict, list[int]] | None:
        if path.is_symlink() and not path.exists():  # a link loop, or a link to nothing
            self._discard(path, "a broken link")
            return None
        if not path.is_file():  # a folder, a FIFO (opening it would block): not ours, skipped
            return None
        try:
            with path.open("rb") as stream:
                return _head(stream)
        except Exception as error:  # noqa: BLE001 (a cache file must never stop drafting)
            self._discard(path, str(error) or type(error).__name__)
            return None

    def discard(self, saved: SavedState, why: str) -> None:
        """Delete a saved state that cannot be used (llama.cpp refused it), so that it is not
        tried again at every start."""
        self._discard(saved.path, why)

    def _discard(self, path: Path, why: str) -> None:
        log.warning("discarding the saved model state %s: %s", path.name, why)
        try:
            path.unlink()
        except OSError:
            pass

    def _evict(self, keep: Path) -> None:
        """Delete the least recently used states until the folder fits its limit."""
        entries = []
        for path in self._files():
            try:
                stat = path.stat()
            except OSError:
                continue
            entries.append((stat.st_mtime_ns, stat.st_size, path))
        total = sum(size for _time, size, _path in entries)
        for _time, size, path in sorted(entries):
            if total <= self.limit_bytes:
                break
            if path == keep:
                continue
            try:
                path.unlink()
                total -= size
            except OSError:
                pass


def _write(path: Path, data: bytes) -> None:
    """Whole or not at all (a temporary file renamed), without waiting for the disk: it is a
    cache, and the digest catches a file a power cut left half written."""
    temporary = path.with_name(path.name + ".part")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def _head(stream: BinaryIO) -> tuple[dict, list[int]]:
    """The header and tokens at the start of a saved state; ValueError when they are not
    there or not sound (never reads more than the header's limits allow)."""
    start = stream.read(12)
    if len(start) < 12 or start[:8] != MAGIC:
        raise ValueError("not a saved state")
    (length,) = struct.unpack("<I", start[8:12])
    if length > MAX_HEADER_BYTES:
        raise ValueError("header too long")
    try:
        header = json.loads(stream.read(length))
    except RecursionError:  # "[[[[..." thousands deep: not a header we wrote
        raise ValueError("header nested too deeply") from None
    count = header.get("n_tokens") if isinstance(header, dict) else None
    if not isinstance(count, int) or not 0 < count <= 1 << 20:
        raise ValueError("bad token count")
    return header, _tokens(stream.read(4 * count), count)


def _body(header: dict, rest: bytes, n_tokens: int) -> Loaded:
    """The state and checkpoints after the tokens; ValueError when the header's sizes do
    not describe ``rest`` exactly.  (A file without sizes is all state.)"""
    size = header.get("state_bytes", len(rest))
    marks = header.get("checkpoints", [])
    if not isinstance(size, int) or not isinstance(marks, list) or not 0 < size <= len(rest):
        raise ValueError("bad state size")
    checkpoints, at = [], size
    for mark in marks:
        if not (
            isinstance(mark, list) and len(mark) == 2 and all(isinstance(v, int) for v in mark)
        ):
            raise ValueError("bad checkpoint")
        length, nbytes = mark
        if not 0 < length <= n_tokens or not 0 < nbytes <= len(rest) - at:
            raise ValueError("bad checkpoint")
        checkpoints.append((length, rest[at : at + nbytes]))
        at += nbytes
    if at != len(rest):
        raise ValueError("bad sizes")
    return Loaded(rest[:size], checkpoints)


def _left_out(header: dict, n_tokens: int) -> LeftOut | None:
    """The header's left-out seam; None when there is none or it is not sound (the state is
    then matched as it is: at worst, read again)."""
    raw = header.get("left_out")
    if not isinstance(raw, dict):
        return None
    at, tokens = raw.get("at"), raw.get("tokens")
    if (
        not isinstance(at, int)
        or not 0 < at <= n_tokens
        or not isinstance(tokens, list)
        or not 0 < len(tokens) <= 4 * MAX_SEAM_TOKENS
        or not all(isinstance(t, int) and 0 <= t < 1 << 31 for t in tokens)
    ):
        return None
    return LeftOut(at, tuple(tokens))


def _tokens(raw: bytes, count: int) -> list[int]:
    if len(raw) != 4 * count:
        raise ValueError("truncated")
    packed = array("i")
    packed.frombytes(raw)
    if sys.byteorder != "little":  # pragma: no cover
        packed.byteswap()
    return packed.tolist()
