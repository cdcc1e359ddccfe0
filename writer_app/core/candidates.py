"""What the model considered at each step of a local suggestion, for word alternatives.

A last link in llama.cpp's native sampler chain reads the candidate array the chain has just
sampled from: after top-k/top-p/min-p, temperature and the draw, it holds the tokens still in
the running with their probabilities.  Only the few likeliest (and the one drawn) are kept;
no logit row is ever copied into Python.  With the default top-k the array has 40 entries, so
this costs a few microseconds a token; with top-k off or greedy sampling the whole vocabulary
is scanned once per token with numpy (llama.cpp computes no probabilities for greedy).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

import numpy as np

from writer_app.core.choices import TOP_CANDIDATES, Candidate

_SMALL = 256  # arrays up to this size are simply sorted

# llama_token_data: {int32 id; float logit; float p}, 12 bytes, no padding.
TOKEN_DATA = np.dtype([("id", "<i4"), ("logit", "<f4"), ("p", "<f4")])


class CandidateRecorder:
    """Called by llama.cpp once per sampled token (as a custom sampler at the end of the
    chain); keeps the likeliest candidates of every step."""

    def __init__(self, count: int = TOP_CANDIDATES) -> None:
        self.count = count
        self.steps: list[tuple[np.ndarray, np.ndarray]] = []  # (token ids, probabilities)

    def __call__(self, cur_p) -> None:  # llama_token_data_array pointer
        array = cur_p.contents
        size = int(array.size)
        if size == 0:
            self.steps.append((np.empty(0, np.int32), np.empty(0, np.float32)))
            return
        address = ctypes.cast(array.data, ctypes.c_void_p).value or 0
        raw = (ctypes.c_char * (size * TOKEN_DATA.itemsize)).from_address(address)
        data = np.frombuffer(memoryview(raw), dtype=TOKEN_DATA)
        selected = int(array.selected)
        probabilities = data["p"]
        if not 0 <= selected < size or probabilities[selected] <= 0.0:
            probabilities = _softmax(data["logit"])  # greedy: llama.cpp left p unset
        best = _likeliest(probabilities, self.count)
        if 0 <= selected < size and selected not in best:
            best = np.append(best, selected)  # the token written is always on the list
        self.steps.append((data["id"][best].copy(), probabilities[best].astype(np.float32)))

    def candidates(self, step: int, piece: Callable[[int], bytes]) -> list[Candidate]:
        """The candidates of step ``step``, likeliest first, with their text."""
        if step >= len(self.steps):
            return []
        tokens, probabilities = self.steps[step]
        return [
            Candidate(int(t), piece(int(t)), float(p))
            for t, p in zip(tokens, probabilities, strict=True)
        ]


def _likeliest(probabilities: np.ndarray, count: int) -> np.ndarray:
    if len(probabilities) <= _SMALL:
        order = np.argsort(-probabilities, kind="stable")[:count]
    else:
        top = np.argpartition(-probabilities, count)[:count]
        order = top[np.argsort(-probabilities[top], kind="stable")]
    return order[probabilities[order] > 0.0]


def _softmax(logits: np.ndarray) -> np.ndarray:
    finite = np.isfinite(logits)
    if not finite.any():
        return np.zeros(len(logits), np.float32)
    shifted = np.where(finite, logits - logits[finite].max(), -np.inf)
    weights = np.exp(shifted)
    return (weights / weights.sum()).astype(np.float32)
