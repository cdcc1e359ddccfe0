"""Beam search ("Most likely"): the continuation the model itself finds likeliest, found by
keeping the ``width`` best partial continuations at every step instead of sampling one.

How it runs on llama.cpp:

- **Its own context.**  Beams are llama.cpp sequences, and the engine's context has only
  one (llama-cpp-python makes it so).  A second context on the same model weights holds
  ``2 × width`` sequences in one unified KV buffer; it is made at the first beam search and
  kept until the model is closed (its memory: one more KV cache of the context's size).
- **No prompt read twice.**  The engine's own cache is brought to the prompt as for any
  suggestion (all it can reuse, reused); its sequence is then copied into the beam context
  (``llama_state_seq_get_data`` / ``_set_data``: a copy of the keys and values, no decode),
  and only the prompt's last token is decoded there.
- **One batch a step.**  Each step decodes one token for every live beam in one batch.  A
  new beam takes its parent's keys and values by ``llama_memory_seq_cp`` (in a unified
  buffer the cells are shared, not copied) into a sequence of the half not in use; then the
  old half is dropped.
- **Scores.**  A beam's score is its mean log-probability per token (the raw distribution:
  no temperature, no sampler), so beams of different lengths compare fairly.  A beam ends
  at the model's end of text, at a stop string or the end of a sentence or paragraph when
  the settings ask for one, or at the length limit.  The search ends as soon as ``width``
  beams have ended (early stopping) or none is left; it is deterministic: the same prompt
  and width give the same text every time.
- **Streaming.**  What every beam still in play agrees on is final, and streams as soon
  as they agree; the rest comes when the search ends.
- **No loops.**  The likeliest text is famously repetitive ("the rain, the rain, the
  rain…"): as in most beam searches for prose, a beam may not write the same run of
  ``NO_REPEAT`` tokens twice.  A beam that completes a banned phrase is dropped.
- **Cancel** is checked between steps (and by the prompt read, as for any suggestion).
"""

from __future__ import annotations

import ctypes
import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import llama_cpp
import numpy as np

from writer_app.core.drafting import sampling
from writer_app.core.drafting.bans import BanList
from writer_app.core.drafting.engine import GenerationError
from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.drafting.stops import boundary_for
from writer_app.core.drafting.suggestion import StopReason, Suggestion, SuggestionStats
from writer_app.core.drafting.textstream import SuggestionText

# A search keeps at least two (one is greedy decoding), at most what the settings allow.
BEAM_WIDTH_RANGE = (2, sampling.BEAM_WIDTH_RANGE[1])
NO_REPEAT = 3  # no beam writes the same run of this many tokens twice


@dataclass(frozen=True)
class Beam:
    tokens: tuple[int, ...]
    logp: float  # natural log-probability of ``tokens`` after the prompt
    seq: int  # its sequence in the beam context (while it is live)
    reason: StopReason | None = None  # why it ended; None while live

    @property
    def score(self) -> float:
        """Mean log-probability per token (−inf for an empty beam)."""
        return self.logp / len(self.tokens) if self.tokens else -math.inf


class BeamContext:
    """A second llama.cpp context on the engine's model, with ``2 × width`` sequences."""

    def __init__(self, llm: llama_cpp.Llama, width: int = BEAM_WIDTH_RANGE[1]) -> None:
        params = llama_cpp.llama_context_params.from_buffer_copy(llm.context_params)
        params.n_seq_max = 2 * width
        params.kv_unified = True
        ctx = llama_cpp.llama_init_from_model(llm.model, params)
        if not ctx:
            raise GenerationError("llama.cpp could not make a context for beam search")
        self.ctx = ctx
        self.memory = llama_cpp.llama_get_memory(ctx)
        self.batch = llama_cpp.llama_batch_init(max(width, 1), 0, 1)
        self.n_vocab = int(
            llama_cpp.llama_vocab_n_tokens(llama_cpp.llama_model_get_vocab(llm.model))
        )

    def close(self) -> None:
        llama_cpp.llama_batch_free(self.batch)
        llama_cpp.llama_free(self.ctx)

    def take_prompt(self, source_ctx: llama_cpp.llama_context_p) -> None:
        """Sequence 0 of ``source_ctx`` (the engine's cache) as sequence 0 here."""
        llama_cpp.llama_memory_clear(self.memory, True)
        size = llama_cpp.llama_state_seq_get_size(source_ctx, 0)
        data = (ctypes.c_uint8 * size)()
        if llama_cpp.llama_state_seq_get_data(source_ctx, data, size, 0) != size or (
            llama_cpp.llama_state_seq_set_data(self.ctx, data, size, 0) != size
        ):
            raise GenerationError("llama.cpp could not copy the prompt for beam search")

    def decode(self, entries: Sequence[tuple[int, int, int]]) -> None:
        """One batch: (token, position, sequence) per row, each with logits."""
        batch = self.batch
        for row, (token, position, seq) in enumerate(entries):
            batch.token[row] = token
            batch.pos[row] = position
            batch.n_seq_id[row] = 1
            batch.seq_id[row][0] = seq
            batch.logits[row] = True
        batch.n_tokens = len(entries)
        code = llama_cpp.llama_decode(self.ctx, batch)
        if code != 0:
            raise GenerationError(f"llama_decode returned {code} in beam search")

    def log_probs(self, row: int) -> np.ndarray:
        """Row ``row``'s log-softmax (float64)."""
        pointer = llama_cpp.llama_get_logits_ith(self.ctx, row)
        logits = np.ctypeslib.as_array(pointer, shape=(self.n_vocab,)).astype(np.float64)
        peak = logits.max()
        return logits - (peak + math.log(np.exp(logits - peak).sum()))


def beam_search(
    engine,  # LlamaCppEngine (not imported: it imports this module)
    prompt: Sequence[int],
    settings: SamplingSettings,
    width: int,
    *,
    cancel: threading.Event | None = None,
    on_text: Callable[[str], None] | None = None,
) -> list[Suggestion]:
    """The ``width`` best continuations of ``prompt``, best first; the first one's text
    streams through ``on_text``.  See the module docstring."""
    low, high = BEAM_WIDTH_RANGE
    if not low <= width <= high:
        raise ValueError(f"beam width must be from {low} to {high}, not {width}")
    started = time.perf_counter()
    context = engine.beam_context()
    plan, _read = engine.cache.bring_to(list(prompt[:-1]), cancel)
    context.take_prompt(engine.cache.context)
    start = len(engine.cache.tokens)  # where the prompt's last token goes
    context.decode([(prompt[-1], start, 0)])
    first_token_at = time.perf_counter()
    max_tokens = min(settings.max_tokens, engine.n_ctx - start - 1)
    boundary = boundary_for(settings.stop_at)
    stream = SuggestionText(settings.stop_strings, boundary)
    bans = BanList(settings.banned)
    live = [Beam((), 0.0, 0)]
    ended: list[Beam] = []
    rows = {0: 0}  # a live beam's sequence -> its row in the last batch
    shown = 0  # tokens every beam agrees on, streamed
    half = 0
    while live and (cancel is None or not cancel.is_set()):
        options = []
        for beam in live:
            logp = context.log_probs(rows[beam.seq])
            best = np.argpartition(-logp, 2 * width)[: 2 * width]
            said = _ngrams(beam.tokens)
            options += [
                (beam.logp + float(logp[t]), beam, int(t))
                for t in best
                if (*beam.tokens[len(beam.tokens) - NO_REPEAT + 1 :], int(t)) not in said
            ]
        options.sort(key=lambda option: (-option[0], option[1].seq, option[2]))
        half = 0 if half else width  # the sequences of the half not in use
        chosen: list[Beam] = []
        for total, parent, token in options:
            if len(chosen) == width:
                break
            tokens = (*parent.tokens, token)
            if bans and bans.scan(_decoded(engine, tokens))[0] is not None:
                continue  # a beam that wrote a banned phrase is dropped
            reason = _ended(engine, tokens, token, settings, boundary, max_tokens)
            if reason is not None:
                ended.append(Beam(_kept(tokens, reason), total, -1, reason))
                continue
            beam = Beam(tokens, total, half + len(chosen))
            llama_cpp.llama_memory_seq_rm(context.memory, beam.seq, -1, -1)
            llama_cpp.llama_memory_seq_cp(context.memory, parent.seq, beam.seq, -1, -1)
            chosen.append(beam)
        for old in live:
            llama_cpp.llama_memory_seq_rm(context.memory, old.seq, -1, -1)
        live = chosen
        ended.sort(key=lambda beam: -beam.score)
        del ended[width:]
        if len(ended) >= width:
            live = []  # early stopping: as many beams have ended as were asked for
        shown = _stream_agreed(engine, [*live, *ended], shown, stream, on_text)
        if live:
            position = start + len(live[0].tokens)
            context.decode([(b.tokens[-1], position, b.seq) for b in live])
            rows = {b.seq: row for row, b in enumerate(live)}
    cancelled = cancel is not None and cancel.is_set()
    for beam in live:
        llama_cpp.llama_memory_seq_rm(context.memory, beam.seq, -1, -1)
    final = sorted([*ended, *live], key=lambda beam: -beam.score)[:width]
    if not final:
        final = [Beam((), 0.0, -1, StopReason.CANCELLED if cancelled else StopReason.LENGTH)]
    figures = _Figures(prompt, plan, started, first_token_at, cancelled)
    best = _suggestion(engine, final[0], settings, figures, stream, shown, on_text)
    others = [
        _suggestion(engine, beam, settings, figures, SuggestionText(
            settings.stop_strings, boundary), 0, None)
        for beam in final[1:]
    ]  # fmt: skip
    return [best, *others]


def _ended(engine, tokens, token, settings, boundary, max_tokens) -> StopReason | None:
    """Why a beam that just took ``token`` ends, or None while it goes on."""
    if engine.is_end_of_generation(token):
        return StopReason.END_OF_TEXT
    if settings.stop_strings or boundary is not None:
        text = SuggestionText(settings.stop_strings, boundary)
        text.feed(engine.text_of(tokens))
        if text.stopped_by is not None:
            return StopReason.STOP_STRING if text.stopped_by else StopReason.BOUNDARY
    return StopReason.LENGTH if len(tokens) >= max_tokens else None


def _ngrams(tokens: tuple[int, ...]) -> set[tuple[int, ...]]:
    """Every run of ``NO_REPEAT`` tokens in ``tokens``."""
    return {tokens[i : i + NO_REPEAT] for i in range(len(tokens) - NO_REPEAT + 1)}


def _decoded(engine, tokens: Sequence[int]) -> str:
    return engine.text_of(tokens).decode("utf-8", errors="ignore")


def _kept(tokens: tuple[int, ...], reason: StopReason) -> tuple[int, ...]:
    """An ended beam's tokens, without the end-of-text token."""
    return tokens[:-1] if reason is StopReason.END_OF_TEXT else tokens


def _stream_agreed(engine, beams: list[Beam], shown: int, stream, on_text) -> int:
    """Stream the tokens every beam in play agrees on that were not streamed yet; the
    number streamed."""
    if not beams or on_text is None:
        return shown
    first = beams[0].tokens
    agreed = min(len(beam.tokens) for beam in beams)
    for beam in beams[1:]:
        differ = (i for i, (a, b) in enumerate(zip(first, beam.tokens, strict=False)) if a != b)
        agreed = min(agreed, next(differ, agreed))
    if agreed > shown:
        piece = stream.feed(engine.text_of(first[shown:agreed]))
        if piece:
            on_text(piece)
    return max(shown, agreed)


@dataclass(frozen=True)
class _Figures:
    prompt: Sequence[int]
    plan: object  # ReusePlan
    started: float
    first_token_at: float
    cancelled: bool


def _suggestion(
    engine,
    beam: Beam,
    settings: SamplingSettings,
    figures: _Figures,
    text: SuggestionText,
    fed: int,
    on_text: Callable[[str], None] | None,
) -> Suggestion:
    """``beam`` as a suggestion: its tokens after the ``fed`` already in ``text``."""
    piece = text.feed(engine.text_of(beam.tokens[fed:])) if len(beam.tokens) > fed else ""
    piece += text.finish()
    if on_text is not None and piece:
        on_text(piece)
    plan = figures.plan
    reason = StopReason.CANCELLED if figures.cancelled else (beam.reason or StopReason.LENGTH)
    stats = SuggestionStats(
        generated_tokens=len(beam.tokens),
        prompt_tokens=len(figures.prompt),
        reused_tokens=plan.reused,
        evaluated_tokens=len(figures.prompt) - plan.reused,
        shifted_tokens=plan.shifted,
        n_ctx=engine.n_ctx,
        stop_reason=reason,
        seed=settings.seed or 0,
        prompt_seconds=figures.first_token_at - figures.started,
        decode_seconds=time.perf_counter() - figures.first_token_at,
    )
    return Suggestion(text=text.text, stats=stats, tokens=list(beam.tokens))
