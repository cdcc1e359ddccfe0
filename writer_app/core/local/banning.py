"""The token loop when phrases are banned: a banned phrase is taken back before the writer
sees any of it, and written differently.

Tokens pass through a ``BanGate`` (core.drafting.bans) on their way to the text: those that
may still become a banned phrase wait.  When one completes, the loop backs up to the token the
phrase began in: the KV cache drops that token and the ones after it (the token before is read
again, one decode step, so the logits are those of that position), the sampler chain forgets
them, and the token that began the phrase is banned at that position (its logit set to −∞ in
llama.cpp's own logits buffer, just before the chain samples), so the next draw takes another
way.  Bounded: after MAX_BACKUPS in one suggestion, or MAX_BANS_AT_ONE_PLACE tokens banned at
one position, the suggestion ends before the phrase (StopReason.BANNED).

Without banned phrases the engine's plain loop runs instead; this one costs a scan of the
few held characters per token.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import llama_cpp

from writer_app.core.drafting.bans import BanGate, BanList, Banned
from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.drafting.suggestion import StopReason
from writer_app.core.local.sampler_chain import rewind

if TYPE_CHECKING:
    from llama_cpp import _internals as llama_internals

    from writer_app.core.local.candidates import CandidateRecorder
    from writer_app.core.local.engine import LlamaCppEngine, _Run

MAX_BACKUPS = 24  # taken-back phrases in one suggestion
MAX_BANS_AT_ONE_PLACE = 8  # tokens banned at one position before giving up there


class BanningLoop:
    """One suggestion's token loop with banned phrases (see the module's docstring)."""

    def __init__(
        self,
        engine: LlamaCppEngine,
        run: _Run,
        sampler: llama_internals.LlamaSampler,
        settings: SamplingSettings,
        prompt: list[int],
        recorder: CandidateRecorder | None,
    ) -> None:
        self.engine = engine
        self.run = run
        self.sampler = sampler
        self.settings = settings
        self.prompt = prompt  # as read into the cache: the chain's history starts with it
        self.cached_prompt = list(engine.cache.tokens)
        self.recorder = recorder
        before = engine.text_of(prompt[-4:]).decode("utf-8", errors="ignore")[-1:]
        self.gate = BanGate(BanList(settings.banned), before)
        self.banned_at: dict[int, set[int]] = {}
        self.reason_at_start = run.reason  # the length limit, or a full context

    def run_loop(
        self, cancel: threading.Event | None, on_text: Callable[[str], None] | None
    ) -> None:
        engine, run = self.engine, self.run
        generated, pieces = run.generated, run.pieces
        ctx, chain = engine._llm.ctx, self.sampler.sampler  # noqa: SLF001 — same package
        while True:
            if cancel is not None and cancel.is_set():
                run.reason = StopReason.CANCELLED
                return
            if len(generated) < run.max_tokens:
                banned = self.banned_at.get(len(generated))
                if banned:
                    logits = llama_cpp.llama_get_logits_ith(ctx, -1)
                    for token in banned:
                        logits[token] = -math.inf
                token = int(llama_cpp.llama_sampler_sample(chain, ctx, -1))
                if not generated:
                    run.first_token_at = time.perf_counter()
                if not engine.is_end_of_generation(token):
                    generated.append(token)
                    pieces.append(engine.token_bytes(token))
                    try:
                        shown = self.gate.push(pieces[-1])
                    except Banned as banned_phrase:
                        if not self._back_up(banned_phrase):
                            self._show(self._what_is_left(), on_text)
                            return
                        continue
                    if self._show(shown, on_text):
                        return
                    if len(generated) < run.max_tokens:
                        engine.cache.append((token,))
                    continue
                run.reason = StopReason.END_OF_TEXT
            try:
                self._show(self.gate.finish(), on_text)
                return
            except Banned as banned_phrase:
                if not self._back_up(banned_phrase):
                    self._show(self._what_is_left(), on_text)
                    return

    def _show(self, shown: list[bytes], on_text: Callable[[str], None] | None) -> bool:
        """Feed the text; True when a stop string or a boundary ended the suggestion."""
        run = self.run
        for piece in shown:
            text = run.text.feed(piece)
            if text and on_text is not None:
                on_text(text)
            if run.text.stopped_by is not None:
                run.reason = StopReason.STOP_STRING if run.text.stopped_by else StopReason.BOUNDARY
                return True
        return False

    def _back_up(self, banned: Banned) -> bool:
        """Take the suggestion back to the token the phrase began in; False when the model
        kept coming back to banned phrases and the suggestion should end before this one."""
        run, at = self.run, banned.index
        run.taken_back += 1
        here = self.banned_at.setdefault(at, set())
        here.add(run.generated[at])
        for later in [p for p in self.banned_at if p > at]:
            del self.banned_at[later]
        del run.generated[at:], run.pieces[at:]
        self.gate.back_up(at)
        if self.recorder is not None:
            self.recorder.forget_from(at)
        run.reason = StopReason.BANNED
        if run.taken_back > MAX_BACKUPS or len(here) > MAX_BANS_AT_ONE_PLACE:
            return False
        run.reason = self.reason_at_start
        # Read the token before position ``at`` again: its logits are the ones to draw from.
        # (Where llama.cpp cannot drop the tail of its cache it clears it; all is read again.)
        written = self.cached_prompt + run.generated
        cache = self.engine.cache
        cache.truncate(len(written) - 1)
        cache.append(written[len(cache.tokens) :])
        rewind(self.sampler, self.settings, self.prompt + run.generated)
        return True

    def _what_is_left(self) -> list[bytes]:
        """Giving up: the tokens before the phrase that were held back, if they are clean."""
        try:
            return self.gate.finish()
        except Banned:
            return []
