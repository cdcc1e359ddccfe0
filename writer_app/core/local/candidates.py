"""What the model considered at each step of a local suggestion, for word alternatives.

A last link in llama.cpp's native sampler chain reads the candidate array the chain has just
sampled from: after top-k/top-p/min-p, temperature and the draw, it holds the tokens still in
the running with their probabilities.  Only the few likeliest (and the one drawn) are kept;
no logit row is ever copied into Python.  With the default top-k the array has at most 40
entries, copied as bytes (a few hundred); with top-k off or greedy sampling the whole
vocabulary is scanned once per token with numpy (llama.cpp computes no probabilities for
greedy).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable

import numpy as np

from writer_app.core.drafting.word_choices import TOP_CANDIDATES, Candidate

_SMALL = 256  # arrays up to this size are simply sorted

# llama_token_data: {int32 id; float logit; float p}, 12 bytes, no padding.
TOKEN_DATA = np.dtype([("id", "<i4"), ("logit", "<f4"), ("p", "<f4")])


class CandidateRecorder:
    """Called by llama.cpp once per sampled token (as a custom sampler at the end of the
    chain); keeps the likeliest candidates of every step.

    While tokens stream, a step's array (at most _SMALL entries) is only copied as bytes: the
    sorting waits until the candidates are asked for, after the suggestion.  (Measured: done
    in the callback it cost ~0.1 ms a token on two cores, 2 % of SmolLM2's decode, because
    llama.cpp's threads are still spinning right after each token.)  A whole-vocabulary
    array (greedy, top-k off) is reduced at once rather than copied."""

    def __init__(self, count: int = TOP_CANDIDATES) -> None:
        self.count = count
        # Per step: (raw token data, index of the token written), or the reduced form.
        self._steps: list[tuple[bytes, int] | tuple[np.ndarray, np.ndarray]] = []

    def __call__(self, cur_p) -> None:  # llama_token_data_array pointer
        array = cur_p.contents
        size, selected = int(array.size), int(array.selected)
        if size <= _SMALL:
            self._steps.append((ctypes.string_at(array.data, size * TOKEN_DATA.itemsize), selected))
            return
        address = ctypes.cast(array.data, ctypes.c_void_p).value or 0
        raw = (ctypes.c_char * (size * TOKEN_DATA.itemsize)).from_address(address)
        self._steps.append(self._reduce(np.frombuffer(memoryview(raw), TOKEN_DATA), selected))

    def _reduce(self, data: np.ndarray, selected: int) -> tuple[np.ndarray, np.ndarray]:
        """The step's likeliest tokens and their probabilities (and the one written)."""
        size = len(data)
        if size == 0:
            return np.empty(0, np.int32), np.empty(0, np.float32)
        probabilities = data["p"]
        if not 0 <= selected < size or probabilities[selected] <= 0.0:
            probabilities = _softmax(data["logit"])  # greedy: llama.cpp left p unset
        best = _likeliest(probabilities, self.count)
        if 0 <= selected < size and selected not in best:
            best = np.append(best, selected)  # the token written is always on the list
        return data["id"][best].copy(), probabilities[best].astype(np.float32)

    def forget_from(self, step: int) -> None:
        """The suggestion was taken back to ``step``: its later steps are no longer written."""
        del self._steps[step:]

    def candidates(self, step: int, piece: Callable[[int], bytes]) -> list[Candidate]:
        """The candidates of step ``step``, likeliest first, with their text."""
        if step >= len(self._steps):
            return []
        recorded = self._steps[step]
        if isinstance(recorded[0], bytes):
            raw, selected = recorded
            recorded = self._reduce(np.frombuffer(raw, TOKEN_DATA), int(selected))
            self._steps[step] = recorded
        tokens, probabilities = recorded
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
