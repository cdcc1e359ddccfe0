"""Sliding-window checkpoints: copies of a sliding-window model's small window cache (llama.cpp's
partial sequence state: only those layers), taken while a prompt is read.

Such a cache forgets what lies more than about a window back, so a cut further back than that
(a word fixed up the page) would mean reading the text again from the start; the newest
checkpoint before the cut brings the window back, and only the text after it is read.  Apart
from core.local.cache, which decides when to take and load one: these are the copies, their
limits, and what travels with a saved state.
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from dataclasses import dataclass

import llama_cpp

# At least this many tokens apart, at most this many, and at most this much memory together.
CHECKPOINT_EVERY = 256
MAX_CHECKPOINTS = 8
MAX_CHECKPOINT_BYTES = 256 * 1024 * 1024
# Also at the end of each prompt read, this far from the last one, when a checkpoint is
# cheap (a small model's few MB): a word fixed a paragraph up then costs a paragraph.
CHECKPOINT_AFTER_READ = 64
SAVED_CHECKPOINTS = 2  # the newest ones before its end, kept with a saved state
_PARTIAL = llama_cpp.LLAMA_STATE_SEQ_FLAGS_PARTIAL_ONLY


@dataclass
class Checkpoint:
    """The sliding-window layers' cache when the cache held ``length`` tokens."""

    length: int
    data: ctypes.Array[ctypes.c_uint8]


def take_checkpoint(
    ctx: llama_cpp.llama_context_p,
    checkpoints: list[Checkpoint],
    n: int,
    every: int = CHECKPOINT_EVERY,
    max_bytes: int | None = None,
) -> None:
    """Add a copy of the window cache as it is with ``n`` tokens cached to ``checkpoints``
    (oldest first), if the newest is ``every`` tokens back and the copy within ``max_bytes``;
    only the newest few are kept.

    Loading one gives back only the window before its length (llama.cpp keeps no more when
    it reads a state), so it serves an edit at or after that length: they are kept behind
    the end, for a word fixed up the page, also after a restart."""
    last = checkpoints[-1].length if checkpoints else 0
    if n - last < every:
        return
    size = int(llama_cpp.llama_state_seq_get_size_ext(ctx, 0, _PARTIAL))
    if size > (MAX_CHECKPOINT_BYTES if max_bytes is None else max_bytes):
        return
    data = (ctypes.c_uint8 * size)()
    if llama_cpp.llama_state_seq_get_data_ext(ctx, data, size, 0, _PARTIAL) != size:
        return
    checkpoints.append(Checkpoint(n, data))
    while checkpoints and (
        len(checkpoints) > MAX_CHECKPOINTS
        or sum(len(c.data) for c in checkpoints) > MAX_CHECKPOINT_BYTES
    ):
        del checkpoints[0]  # the oldest (a big model's may not fit even alone)


def take_checkpoint_after_read(
    ctx: llama_cpp.llama_context_p, checkpoints: list[Checkpoint], n: int
) -> None:
    """``take_checkpoint`` where a prompt read ended: nearer the last one, if it is cheap."""
    take_checkpoint(
        ctx, checkpoints, n, CHECKPOINT_AFTER_READ, MAX_CHECKPOINT_BYTES // MAX_CHECKPOINTS
    )


def load_checkpoint(ctx: llama_cpp.llama_context_p, checkpoint: Checkpoint) -> bool:
    data = checkpoint.data
    return bool(llama_cpp.llama_state_seq_set_data_ext(ctx, data, len(data), 0, _PARTIAL))


def window_held(memory: llama_cpp.llama_memory_t | None, n_swa: int, n: int) -> bool:
    """Whether a token read at position ``n`` finds the window before it in the cache
    (llama.cpp keeps each sequence's cached positions contiguous)."""
    if n_swa == 0 or n == 0:
        return True
    # A token at position n attends to positions n - n_swa + 1 .. n - 1 in those layers.
    first = int(llama_cpp.llama_memory_seq_pos_min(memory, 0))
    return 0 <= first <= max(0, n - n_swa + 1)


def checkpoints_to_save(
    checkpoints: Sequence[Checkpoint], n_tokens: int, state_size: int
) -> list[tuple[int, bytes]]:
    """The newest checkpoints behind the end of a state of ``n_tokens``, to travel with it:
    a restored window cache holds only about a window, and a word fixed further up would
    otherwise need the window read again."""
    behind = [c for c in checkpoints if c.length < n_tokens][-SAVED_CHECKPOINTS:]
    saved = [(c.length, bytes(c.data)) for c in behind]
    while sum(len(data) for _n, data in saved) > state_size:
        del saved[0]  # a big model's: the file at most twice the state
    return saved


def checkpoints_from_saved(saved: Sequence[tuple[int, bytes]], n_tokens: int) -> list[Checkpoint]:
    """The checkpoints that came back with a saved state of ``n_tokens``."""
    return [
        Checkpoint(n, (ctypes.c_uint8 * len(data)).from_buffer_copy(data))
        for n, data in saved
        if n <= n_tokens
    ]
