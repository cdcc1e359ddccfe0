"""How predictable a writer's own text is to the loaded model: for every token, its surprisal
(−log2 of the probability the model gave it, knowing all the text before it), where it sits
in the text, and what the model expected there instead.

The text is read through the engine's own llama context and KV cache
(``ModelCache.read_with_logits``), in batches of the engine's batch size with logits asked
for every position; each batch's rows are reduced as soon as it is decoded, straight from
llama.cpp's float buffer (numpy views, no copy): a stable log-softmax and the likeliest few
tokens, and only those figures are kept.  No more than one batch of logits exists at any time
(Gemma 3's vocabulary is 262,144 tokens: a 2,000-token window's rows would be 2 GB).  The
distribution is the model's raw one: a plain softmax of the logits, no sampler.

Decisions, for the editor and the command line alike:

- **The first token.**  Scored from the start of the text, the first token is scored given
  the beginning-of-text token (BOS) where the model adds one (Gemma); a model that adds none
  (SmolLM2) has nothing to predict it from, so it gets no figure and ``Scoring.tokens``
  starts at the second token.
- **Long texts.**  A text longer than the context is scored in windows on a fixed grid: the
  first window scores its whole length; each later one slides by half a window, its first
  half (after BOS) read only as context for its second half, which is scored.  Every token
  after the first thus gets a figure, read with at least half a window before it.
- **``start_at``.**  Only the tokens from the one holding character ``start_at`` on are
  scored; the text before is read as context (with what the cache already holds of it
  reused).  The windows are those of the whole text, so a token's figure is the same as in
  a scoring from the start.
- **Cancel.**  ``cancel`` is checked by llama.cpp while a batch is read and between batches;
  a cancelled scoring returns what was scored by then (``Scoring.cancelled``), in order.
- **The cache.**  Afterwards it holds the last window read (BOS and the text of that window),
  as a prompt read for a suggestion would: a suggestion that continues the text reuses it.
- **The same figures every time.**  llama.cpp's kernels give slightly different numbers for
  the same tokens batched differently (a token read alone, and on Gemma 3 some other splits:
  up to half a bit on a token).  So a window is always read in batches counted from its
  start, and of what the cache holds only a prefix up to a whole number of batches is kept,
  never a shifted run (``ModelCache.read_with_logits``): scoring the same text again, or
  from ``start_at``, gives the same figures, and they equal llama-cpp-python's own
  (``Llama.eval`` with ``logits_all``, batches of the same size) to about 1e-7 bits.  A
  prefix the cache read otherwise (a suggestion's words, read one by one) is kept as it is.
"""

from __future__ import annotations

import ctypes
import logging
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from writer_app.core.local.engine import LlamaCppEngine, model_failed

log = logging.getLogger(__name__)

DEFAULT_TOP = 5  # alternatives kept per token
MAX_TOP = 50
_LN2 = math.log(2.0)
_BLOCK = 256  # the top-N threshold: maxima of blocks of this many logits
_CHUNK_FLOATS = 1 << 20  # rows reduced together: about 4 MB of float32 scratch


@dataclass(frozen=True)
class Alternative:
    """A token the model expected at a place, with its probability (raw softmax)."""

    text: str
    p: float


@dataclass(frozen=True)
class ScoredToken:
    """One token of the text.  ``offset`` is a Python str index: the first character whose
    first byte is in this token (a token that ends inside a character owns that character;
    one made only of a character's last bytes has ``text == ""`` and the offset of the next
    character), so ``text[offset : offset + len(token.text)] == token.text`` and the texts
    of a scoring from the start, joined, give the text after the first token (or all of it,
    with BOS)."""

    offset: int
    text: str
    surprisal_bits: float
    top: tuple[Alternative, ...]  # likeliest first; fragments of a character left out

    @property
    def p(self) -> float:
        return 2.0**-self.surprisal_bits


@dataclass(frozen=True)
class Scoring:
    """The tokens scored, in order, and the summary figures over them."""

    tokens: tuple[ScoredToken, ...]
    windows: int = 0  # windows read (1 when the text fits the context)
    cancelled: bool = False  # stopped by ``cancel``: ``tokens`` are those scored by then

    @property
    def mean_surprisal_bits(self) -> float:
        """The mean over the tokens scored (0.0 when none were)."""
        if not self.tokens:
            return 0.0
        return math.fsum(t.surprisal_bits for t in self.tokens) / len(self.tokens)

    @property
    def perplexity(self) -> float:
        """2 ** mean surprisal: how many tokens, evenly likely, the model hesitates between."""
        return 2.0**self.mean_surprisal_bits


@dataclass(frozen=True)
class Window:
    """One read of a long text: BOS, then text tokens ``context_from`` .. ``end``, of which
    those from ``score_from`` on are scored."""

    context_from: int  # text token read first (after BOS)
    score_from: int  # first text token scored
    end: int  # one past the last text token read and scored


def windows(n_tokens: int, room: int, first: int) -> list[Window]:
    """The windows that score text tokens ``first`` .. ``n_tokens`` when ``room`` text tokens
    fit the context: the first scores ``[0, room)``, each later one ``room - room // 2`` more
    tokens after ``room // 2`` of context.  Fixed by the text's length alone, so scoring from
    ``first`` gives the figures of a scoring from the start."""
    half = room // 2
    result: list[Window] = []
    start, end = 0, min(room, n_tokens)
    while start < n_tokens:
        if end > first:
            context = 0 if start == 0 else start - half
            result.append(Window(context, max(start, first), end))
        start, end = end, min(end + room - half, n_tokens)
    return result


def token_spans(pieces: Sequence[bytes], text: str) -> list[tuple[int, int]]:
    """Each token's characters in ``text`` as ``(offset, end)`` str indexes: a character
    belongs to the token that holds its first byte.  A tokenizer that puts a space in front
    of the text (SentencePiece's prefix, Llama 2) has it counted as nothing."""
    joined = b"".join(pieces)
    encoded = text.encode("utf-8")
    extra = len(joined) - len(encoded) if joined.endswith(encoded) else 0
    lead = (np.frombuffer(joined[extra:], np.uint8) & 0xC0) != 0x80
    started = np.concatenate(([0], np.cumsum(lead)))  # characters begun before each byte
    lengths = np.array([len(piece) for piece in pieces], np.int64)
    ends = np.clip(np.cumsum(lengths) - extra, 0, len(lead))
    starts = np.clip(ends - lengths, 0, len(lead))
    return list(zip(started[starts].tolist(), started[ends].tolist(), strict=True))


class _Reducer:
    """Turns one batch of logit rows into figures, a few rows at a time."""

    def __init__(self, engine: LlamaCppEngine, top: int) -> None:
        self._cache = engine.cache
        self._piece = engine.token_bytes
        self._top = top
        self.n_vocab = engine.cache.n_vocab
        self._rows = max(1, _CHUNK_FLOATS // self.n_vocab)
        self._scratch = np.empty((self._rows, self.n_vocab), np.float32)
        self._texts: dict[int, str | None] = {}

    def batch(self, count: int) -> np.ndarray | list[np.ndarray]:
        """The batch's ``count`` rows as one view of llama.cpp's buffer, where they lie one
        after the other (checked; llama.cpp keeps them in order), else a view per row."""
        first = ctypes.cast(self._cache.logits_row(0), ctypes.c_void_p).value
        last = ctypes.cast(self._cache.logits_row(count - 1), ctypes.c_void_p).value
        if first and last and last - first == (count - 1) * self.n_vocab * 4:
            return _floats(first, count * self.n_vocab).reshape(count, self.n_vocab)
        rows = (self._cache.logits_row(row) for row in range(count))
        return [_floats(ctypes.cast(r, ctypes.c_void_p).value or 0, self.n_vocab) for r in rows]

    def reduce(
        self, logits: np.ndarray | list[np.ndarray], targets: Sequence[int]
    ) -> list[tuple[float, tuple[Alternative, ...]]]:
        """Surprisal in bits of ``targets[i]`` under row ``i``, and row ``i``'s likeliest;
        a few rows at a time (rows viewed one by one are copied only that many at a time)."""
        figures: list[tuple[float, tuple[Alternative, ...]]] = []
        for at in range(0, len(targets), self._rows):
            end = min(at + self._rows, len(targets))
            chunk = logits[at:end] if isinstance(logits, np.ndarray) else np.stack(logits[at:end])
            figures += self._reduce_chunk(chunk, targets[at:end])
        return figures

    def _reduce_chunk(
        self, chunk: np.ndarray, targets: Sequence[int]
    ) -> list[tuple[float, tuple[Alternative, ...]]]:
        rows, vocab = chunk.shape
        blocks = _block_maxima(chunk)
        peak = blocks.max(axis=1)
        scratch = self._scratch[:rows]
        np.subtract(chunk, peak[:, None], out=scratch)
        np.exp(scratch, out=scratch)
        log_total = peak.astype(np.float64) + np.log(scratch.sum(axis=1, dtype=np.float64))
        chosen = chunk[np.arange(rows), np.asarray(targets)].astype(np.float64)
        bits = ((log_total - chosen) / _LN2).tolist()
        if self._top == 0:
            return [(b, ()) for b in bits]
        count = min(self._top, vocab)
        if count <= blocks.shape[1]:  # at least ``count`` logits reach each row's threshold
            floor = np.partition(blocks, -count, axis=1)[:, -count]
        else:
            floor = np.full(rows, -np.inf, np.float32)
        return [
            (bits[r], self._likeliest(chunk[r], floor[r], log_total[r], count)) for r in range(rows)
        ]

    def _likeliest(
        self, row: np.ndarray, floor: float, log_total: float, count: int
    ) -> tuple[Alternative, ...]:
        ids = np.flatnonzero(row >= floor)
        if len(ids) > count:
            ids = ids[np.argpartition(-row[ids], count - 1)[:count]]
        ids = ids[np.argsort(-row[ids], kind="stable")]
        probabilities = np.exp(row[ids].astype(np.float64) - log_total).tolist()
        result = []
        for token, p in zip(ids.tolist(), probabilities, strict=True):
            text = self._text(token)
            if text is not None:
                result.append(Alternative(text, p))
        return tuple(result)

    def _text(self, token: int) -> str | None:
        """A token's text, or None for a fragment of a character (no word to offer)."""
        if token not in self._texts:
            try:
                self._texts[token] = self._piece(token).decode("utf-8") or None
            except UnicodeDecodeError:
                self._texts[token] = None
        return self._texts[token]


def _floats(address: int, count: int) -> np.ndarray:
    """``count`` floats of llama.cpp's memory at ``address``, viewed, not copied."""
    return np.frombuffer((ctypes.c_float * count).from_address(address), np.float32)


def _block_maxima(chunk: np.ndarray) -> np.ndarray:
    """Each row's maxima over blocks of ``_BLOCK`` logits (and the tail), in one pass."""
    rows, vocab = chunk.shape
    whole = vocab // _BLOCK * _BLOCK
    maxima = chunk[:, :whole].reshape(rows, -1, _BLOCK).max(axis=2)
    if whole < vocab:
        maxima = np.concatenate((maxima, chunk[:, whole:].max(axis=1, keepdims=True)), axis=1)
    return maxima


def score_text(
    engine: LlamaCppEngine,
    text: str,
    *,
    top: int = DEFAULT_TOP,
    start_at: int = 0,
    cancel: threading.Event | None = None,
) -> Scoring:
    """Score ``text`` (from character ``start_at``, the text before it read as context) with
    ``engine``'s model: each token's surprisal in bits, place and ``top`` likeliest
    alternatives.  See the module's note for the first token, long texts and cancel.

    Raises ValueError for ``top`` outside 0..MAX_TOP, GenerationError when llama.cpp fails."""
    if not 0 <= top <= MAX_TOP:
        raise ValueError(f"top must be from 0 to {MAX_TOP}, not {top}")
    tokens = engine.tokenize(text)
    pieces = [engine.token_bytes(token) for token in tokens]
    spans = token_spans(pieces, text)
    bos = engine.bos()
    start_at = min(max(start_at, 0), len(text))
    first = next((i for i, (_, end) in enumerate(spans) if end > start_at), len(tokens))
    first = max(first, 0 if bos else 1)  # without BOS, nothing predicts the first token
    room = engine.n_ctx - len(bos)
    reducer = _Reducer(engine, top)
    scored: list[ScoredToken] = []
    plan = windows(len(tokens), room, first)
    for window in plan:
        if cancel is not None and cancel.is_set():
            return Scoring(tuple(scored), len(plan), cancelled=True)
        read = [*bos, *tokens[window.context_from : window.end]]
        # read[k] is the token whose logits predict the first token scored
        k = len(bos) + window.score_from - window.context_from - 1

        def on_logits(at: int, count: int, window: Window = window) -> None:
            scored_from = window.score_from + at  # the text token row 0 predicts
            targets = tokens[scored_from : min(scored_from + count, window.end)]
            if not targets:
                return
            figures = reducer.reduce(reducer.batch(count), targets)
            for i, (bits, likeliest) in enumerate(figures):
                offset, end = spans[scored_from + i]
                scored.append(ScoredToken(offset, text[offset:end], bits, likeliest))

        try:
            engine.cache.read_with_logits(read[:k], read[k:], on_logits, cancel)
        except RuntimeError as error:
            if cancel is not None and cancel.is_set():
                return Scoring(tuple(scored), len(plan), cancelled=True)
            raise model_failed("scoring", error) from None
    return Scoring(tuple(scored), len(plan))


def surprisal_after(
    engine: LlamaCppEngine,
    context: Sequence[int],
    following: Sequence[int],
    cancel: threading.Event | None = None,
) -> float | None:
    """The total surprisal, in bits, of ``following`` read right after ``context`` (a
    prompt and a bridge's candidate): how likely the text that follows becomes after them.
    The cache's whole prefix of ``context`` is kept, so after a candidate was written only
    its own tokens and ``following`` are read.  None when ``cancel`` stopped it or it does
    not fit the context; GenerationError when llama.cpp fails."""
    if not context or not following:
        return 0.0
    if len(context) + len(following) >= engine.n_ctx:
        return None
    reducer = _Reducer(engine, 0)
    total = 0.0

    def on_logits(at: int, count: int) -> None:
        nonlocal total
        targets = following[at : at + count]
        total += math.fsum(bits for bits, _ in reducer.reduce(reducer.batch(count), targets))

    try:
        engine.cache.read_with_logits(
            context[:-1], [context[-1], *following[:-1]], on_logits, cancel, exact=False
        )
    except RuntimeError as error:
        if cancel is not None and cancel.is_set():
            return None
        raise model_failed("scoring", error) from None
    return total


def lead_in_bits(
    engine: LlamaCppEngine,
    prompt: Sequence[int],
    candidate: str,
    following: Sequence[int],
    cancel: threading.Event | None = None,
) -> float | None:
    """How well ``candidate``, written after ``prompt``, leads into ``following`` (the
    tokens of the text after the cursor; core.drafting.bridge): their surprisal in bits
    after the two (``math.inf`` when it cannot be measured).  Asked right after the
    candidate was written, while the cache still holds it, it reads only ``following``.
    None when ``cancel`` stopped it."""
    figure = surprisal_after(engine, [*prompt, *engine.tokenize(candidate)], following, cancel)
    if cancel is not None and cancel.is_set():
        return None
    return math.inf if figure is None else figure
