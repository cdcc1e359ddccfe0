"""The model's KV cache, driven directly: which tokens sit at which positions, reading new
ones in batches, shifting a slid window instead of reading it again, cancelling a read.

``llama_cpp.Llama.eval`` always appends after a prefix; this drives ``llama_decode`` and the
memory calls itself, so that cached text can also move (see core.local.reuse_plan for the plan).
A sliding-window model's small window cache is copied along the way (core.local.checkpoints).
Like the engine that owns it, it belongs to one thread.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from collections.abc import Callable, Sequence

import llama_cpp
from llama_cpp import _internals as llama_internals

from writer_app.core.local.checkpoints import (
    Checkpoint,
    checkpoints_from_saved,
    checkpoints_to_save,
    load_checkpoint,
    take_checkpoint,
    take_checkpoint_after_read,
    window_held,
)
from writer_app.core.local.reuse_plan import (
    MAX_SEAM_TOKENS,
    LeftOut,
    ReusePlan,
    common_prefix,
    plan_reuse,
)
from writer_app.core.local.saved_state import MIN_USEFUL_TOKENS, SavedState, StateKey, StateStore

log = logging.getLogger(__name__)

# A shifted cache is an approximation (the kept text was read while the cut text was still
# there).  After this many shifts in a row, a read-ahead in a pause reads the window afresh.
REFRESH_AFTER_SHIFTS = 4
# The first request after loading waits this long at most for the model file's hash.
KEY_WAIT_SECONDS = 2.0
_MULTI_POSITION_ROPE = {llama_cpp.LLAMA_ROPE_TYPE_MROPE, llama_cpp.LLAMA_ROPE_TYPE_IMROPE}
# After each batch read with logits: (the index of its first token with logits among those
# read with logits, how many).  Their rows stay in llama.cpp's buffer until the next batch
# is read (``ModelCache.logits_row``).
OnLogits = Callable[[int, int], None]


def can_shift(llm: llama_cpp.Llama) -> bool:
    """Whether cached positions can move.  llama.cpp says no for a sliding-window model whose
    window layers keep a cache just larger than the window (its ``swa_full`` off), though
    each of its two caches shifts like any other; the app shifts it and checks afterwards
    that the window layers still hold the positions they attend to (``ModelCache``).
    Recurrent state and multi-position RoPE (vision models) cannot shift at all."""
    model = llm.model
    if llama_cpp.llama_memory_can_shift(llama_cpp.llama_get_memory(llm.ctx)):
        return True
    return (
        llama_cpp.llama_model_n_swa(model) > 0
        and not llama_cpp.llama_model_is_recurrent(model)
        and not llama_cpp.llama_model_is_hybrid(model)
        and llama_cpp.llama_model_rope_type(model) not in _MULTI_POSITION_ROPE
        and llm.metadata.get("general.architecture") != "step35"  # per-layer RoPE sizes
    )


class ModelCache:
    """``tokens[i]`` is the token whose keys and values sit at position ``i``."""

    def __init__(
        self, llm: llama_cpp.Llama, n_batch: int, text_of: Callable[[Sequence[int]], bytes]
    ) -> None:
        self._ctx = llm.ctx
        self._text_of = text_of
        self._memory = llama_cpp.llama_get_memory(llm.ctx)
        self.can_shift = can_shift(llm)
        # With a small sliding-window cache, the window layers forget positions more than
        # about a window back: a cut further back than that needs a checkpoint or a new read.
        self._n_swa = int(llama_cpp.llama_model_n_swa(llm.model))
        self._lean_window = self._n_swa > 0 and not llama_cpp.llama_memory_can_shift(self._memory)
        self._checkpoints: list[Checkpoint] = []  # oldest first
        self._read_end = 0  # tokens[_read_end:] were generated after the last prompt read
        self._batch = llama_internals.LlamaBatch(n_tokens=n_batch, embd=0, n_seq_max=1)
        self._n_batch = n_batch
        self._first_row = 0  # the batch row of the first token handed to on_logits
        self.n_vocab = int(
            llama_cpp.llama_vocab_n_tokens(llama_cpp.llama_model_get_vocab(llm.model))
        )
        self.tokens: list[int] = []
        self.last_plan = ReusePlan(0)
        # The seam the last shift left out, while later prompts still hold it (reuse_plan).
        self.left_out: LeftOut | None = None
        self.last_restored = 0  # tokens the last bring_to loaded from a saved state
        self.shifts_since_fresh = 0
        self._cancel: threading.Event | None = None
        # llama.cpp polls this between graph nodes (hundreds of times per token), so a cancel
        # also stops a long prompt read.  Each poll takes the GIL: it is installed only while
        # a prompt is read, never during token-by-token decoding.
        self._abort_cb = llama_cpp.ggml_abort_callback(self._should_abort)
        self._no_abort_cb = llama_cpp.ggml_abort_callback(0)
        self._store: StateStore | None = None
        self._key: StateKey | None = None
        self._key_ready = threading.Event()
        self._waited = False
        self._saved_tokens: list[int] = []
        self._writer: threading.Thread | None = None

    @property
    def context(self) -> llama_cpp.llama_context_p:
        """The llama.cpp context this cache is sequence 0 of (beam search copies it)."""
        return self._ctx

    def stop_keeping_states(self) -> None:
        """Save and restore no more states (a voice changed what the keys and values are)."""
        self.wait_for_saves()
        self._store = None

    def keep_states(self, store: StateStore, key: Callable[[], StateKey]) -> None:
        """Save the cache to ``store`` before leaving a text, and bring saved ones back.
        ``key`` hashes the model file (once per file version; seconds for a big model), so
        it runs on a thread of its own; until it is done, nothing is saved or restored."""
        self._store = store

        def compute() -> None:
            try:
                self._key = key()
            except OSError as error:
                log.warning("saved model states are off: %s", error)
            finally:
                self._key_ready.set()

        threading.Thread(target=compute, name="model-fingerprint", daemon=True).start()

    def close(self) -> None:
        self.wait_for_saves()
        self._batch.close()

    def bring_to(
        self,
        prompt: Sequence[int],
        cancel: threading.Event | None = None,
        on_batch: Callable[[int], None] | None = None,
        *,
        fresh: bool = False,
    ) -> tuple[ReusePlan, list[int]]:
        """Bring the cache to ``prompt``, reading only what it does not hold yet: a saved
        state that holds more of it is loaded first (core.local.saved_state), the cached prefix
        stays, a run of cached text further along is shifted into place (the window slid),
        the rest is read.  ``fresh`` reads it all anew (a shifted cache drifts).  Returns
        the plan carried out and the prompt as the model read it (a seam that re-tokenized
        differently is left out: core.local.reuse_plan); ``last_restored`` says what came from disk.

        Raises RuntimeError when llama.cpp fails or ``cancel`` stops the read; the cache then
        holds the batches read so far.  ``on_batch`` gets the cached length after each batch.
        """
        self.last_restored = 0
        if fresh:
            self.truncate(0)
            self.shifts_since_fresh = 0
        plan, view = self._plan(prompt, fresh)
        plan = self._keep_reusable(plan, view)
        read = plan.apply(view)
        self.last_plan = plan
        self._read(read[plan.reused :], cancel, on_batch)
        return plan, read

    def _plan(self, prompt: Sequence[int], fresh: bool) -> tuple[ReusePlan, list[int]]:
        """What the cache can reuse of ``prompt``, once a saved state that holds more of it
        is loaded (unless ``fresh``); with the prompt as the cache matches it."""
        view = self._as_cached(prompt)
        plan = plan_reuse(self.tokens, view, self.can_shift, self._text_of)
        if not fresh:
            held = len(self.tokens)
            self.last_restored = self._switch_states(prompt, plan.reused)
            if self.last_restored or len(self.tokens) != held:  # loaded, or saved and trimmed
                view = self._as_cached(prompt)
                plan = plan_reuse(self.tokens, view, self.can_shift, self._text_of)
        return plan, view

    def _keep_reusable(self, plan: ReusePlan, view: list[int]) -> ReusePlan:
        """The cache's side of ``plan``: shift, drop what is not reused, make sure the window
        layers hold what the read attends to.  Returns the plan as carried out."""
        if plan.shifted and not self._shift(plan):
            log.info("the cache refused a shift; reading the window again")
            plan = ReusePlan(plan.keep)
        self.truncate(plan.reused)
        plan = self._cover_window(plan)
        if plan.shifted:
            self.shifts_since_fresh += 1
        elif plan.reused < len(view) // 2:
            self.shifts_since_fresh = 0  # mostly read afresh
        if plan.skipped:
            self._leave_out(plan.keep, tuple(view[plan.keep : plan.keep + plan.skipped]))
        return plan

    def _leave_out(self, at: int, seam: tuple[int, ...]) -> None:
        """Remember the seam a shift left out at ``at``, after one left out before it."""
        earlier = self.left_out.tokens if self.left_out is not None else ()
        joined = earlier + seam
        # Bounded (a saved state carries it); past that, the next prompt is read afresh.
        fits = len(joined) <= 4 * MAX_SEAM_TOKENS
        self.left_out = LeftOut(at, joined) if fits else None

    def read_with_logits(
        self,
        context: Sequence[int],
        tokens: Sequence[int],
        on_logits: OnLogits,
        cancel: threading.Event | None = None,
        *,
        exact: bool = True,
    ) -> ReusePlan:
        """Bring the cache to ``context``, then read ``tokens`` after it with logits at every
        position of ``tokens``, handing each batch's rows to ``on_logits`` as soon as it is
        decoded (one batch's rows at a time, never the whole text's).  For scoring a text
        (core.local.scoring), whose figures must not depend on what the cache held before:

        - only a cached prefix of ``context`` is kept, never a shifted run (an approximation);
        - and only up to a multiple of the batch size: the rest is read in batches counted
          from the start, as a read into an empty cache goes.  llama.cpp's kernels give
          slightly different numbers for the same tokens batched differently (a few tokens
          alone, on Gemma 3 other splits too: up to a logit), so the same text read twice
          gives the same figures.

        ``exact=False`` brings the cache to ``context`` as a suggestion's prompt is brought
        (``bring_to``: all it can reuse, shifted runs too; the figures may then differ in the
        last digits from a fresh read): for comparing several texts after the same prompt,
        as a bridge's candidates are, where only the differences count.

        Returns the plan carried out.  Raises RuntimeError when llama.cpp fails or ``cancel``
        stops the read; the cache then holds the batches read so far, as after ``bring_to``."""
        if not exact:
            plan, _read = self.bring_to(context, cancel)
            self._read(list(tokens), cancel, None, on_logits, 0)
            return plan
        self.last_restored = 0
        common = min(common_prefix(self.tokens, context), len(context))
        kept = ReusePlan(common - common % self._n_batch)
        plan = self._keep_reusable(kept, list(context))
        self.last_plan = plan
        rest = [*context[plan.reused :], *tokens]
        self._read(rest, cancel, None, on_logits, len(rest) - len(tokens))
        return plan

    def logits_row(self, row: int):  # ctypes.POINTER(ctypes.c_float)
        """The logits of the ``row``-th token handed to ``on_logits`` in the batch just read
        (valid until the next read; ``n_vocab`` floats)."""
        return llama_cpp.llama_get_logits_ith(self._ctx, self._first_row + row)

    def _read(
        self,
        tokens: Sequence[int],
        cancel: threading.Event | None,
        on_batch: Callable[[int], None] | None,
        on_logits: OnLogits | None = None,
        logits_from: int = 0,
    ) -> None:
        """Read ``tokens`` after the cached ones, cancellable, taking checkpoints on the way."""
        self._cancel = cancel

        def after_batch(cached: int) -> None:
            self._checkpoint()
            if on_batch is not None:
                on_batch(cached)

        llama_cpp.llama_set_abort_callback(self._ctx, self._abort_cb, None)
        try:
            self.append(tokens, after_batch, on_logits, logits_from)
        finally:
            llama_cpp.llama_set_abort_callback(self._ctx, self._no_abort_cb, None)
            self._cancel = None
            self._read_end = len(self.tokens)
        if self._lean_window:
            take_checkpoint_after_read(self._ctx, self._checkpoints, len(self.tokens))

    def truncate(self, n: int) -> None:
        """Forget cached tokens from position ``n`` on."""
        if n < len(self.tokens) or n == 0:
            if not llama_cpp.llama_memory_seq_rm(self._memory, 0, n, -1):
                llama_cpp.llama_memory_clear(self._memory, True)
                n = 0
            del self.tokens[n:]
            self._drop_checkpoints_after(n)
            if self.left_out is not None and n <= self.left_out.at:
                self.left_out = None

    def _as_cached(self, prompt: Sequence[int]) -> list[int]:
        """``prompt`` without the seam the cache left out, while it still applies; once a
        prompt no longer has it there, the cache is matched against prompts as they are."""
        left_out = self.left_out
        view = left_out.remove_from(prompt, self.tokens) if left_out is not None else None
        if view is None:
            self.left_out = None
            return list(prompt)
        return view

    def append(
        self,
        tokens: Sequence[int],
        on_batch: Callable[[int], None] | None = None,
        on_logits: OnLogits | None = None,
        logits_from: int = 0,
    ) -> None:
        """Read ``tokens`` after the cached ones, in batches; logits only for the last token,
        or with ``on_logits`` also for every token from ``tokens[logits_from]`` on, handed
        over batch by batch (``OnLogits``: its index counts from ``logits_from``).
        A cancelled or failed read leaves the cache holding exactly the batches read."""
        position = len(self.tokens)
        for i in range(0, len(tokens), self._n_batch):
            chunk = list(tokens[i : i + self._n_batch])
            self._batch.set_batch(chunk, n_past=position, logits_all=False)
            first = max(logits_from - i, 0)  # the batch's first row with logits
            if on_logits is not None:
                for row in range(first, len(chunk)):
                    self._batch.batch.logits[row] = True
            code = llama_cpp.llama_decode(self._ctx, self._batch.batch)
            if code != 0:
                llama_cpp.llama_memory_seq_rm(self._memory, 0, position, -1)
                del self.tokens[position:]
                raise RuntimeError(f"llama_decode returned {code}")
            self.tokens.extend(chunk)
            position += len(chunk)
            if on_logits is not None and first < len(chunk):
                self._first_row = first
                on_logits(i + first - logits_from, len(chunk) - first)
            if on_batch is not None:
                on_batch(position)

    def _shift(self, plan: ReusePlan) -> bool:
        """Drop the cut text and move the run that follows it into its place."""
        memory, start, end = self._memory, plan.run_from, plan.run_from + plan.run_length
        if not (
            llama_cpp.llama_memory_seq_rm(memory, 0, end, -1)
            and llama_cpp.llama_memory_seq_rm(memory, 0, plan.keep, start)
        ):
            return False
        llama_cpp.llama_memory_seq_add(memory, 0, start, end, plan.shift)
        self.tokens = self.tokens[: plan.keep] + self.tokens[start:end]
        self._drop_checkpoints_after(plan.keep)
        if self.left_out is not None and self.left_out.at != plan.keep:
            self.left_out = None  # the text after it is gone
        return True

    # -- the sliding-window layers' cache ------------------------------------------------------

    def _cover_window(self, plan: ReusePlan) -> ReusePlan:
        """Make sure the sliding-window layers still hold the positions the next read attends
        to.  A small window cache forgets what lies more than about a window back, so after a
        cut further back than that (an edit, then Ctrl+Return at the end) the newest
        checkpoint before the cut is loaded and the text after it read again; failing that,
        the prompt is read afresh (as llama.cpp's server does).

        That last case is real, not a shortcut: loading a state (a restart, a chapter switch)
        gives back only the window before its end, and a shift moves the cache past every
        checkpoint; the layers' keys for positions further back depend on the window before
        them in turn, so nothing short of reading from the start rebuilds them.  A word fixed
        up the page soon after either needs that read.  The app lets it happen in the pause
        after the edit (read-ahead, on by default), so Ctrl+Return does not wait for it."""
        if window_held(self._memory, self._n_swa, plan.reused):
            return plan
        before = [c for c in self._checkpoints if c.length <= plan.reused]
        if not plan.shifted and before and load_checkpoint(self._ctx, before[-1]):
            length = before[-1].length
            self.truncate(length)
            if window_held(self._memory, self._n_swa, length):
                log.info("sliding-window checkpoint at %d tokens", length)
                return ReusePlan(length)
        log.info(
            "the sliding-window layers no longer hold the window before position %d "
            "(restored or shifted since); reading the text afresh",
            plan.reused,
        )
        self.truncate(0)
        return ReusePlan(0)

    def _checkpoint(self) -> None:
        """While a prompt is read, keep a copy of the small window cache every so many tokens,
        the newest few (core.local.checkpoints)."""
        if self._lean_window:
            take_checkpoint(self._ctx, self._checkpoints, len(self.tokens))

    def _drop_checkpoints_after(self, n: int) -> None:
        """Checkpoints of text that is no longer cached at the same positions are void."""
        self._checkpoints = [c for c in self._checkpoints if c.length <= n]

    def state(self) -> bytes:
        """The cache's contents (llama.cpp's sequence state), for core.local.saved_state."""
        size = int(llama_cpp.llama_state_seq_get_size(self._ctx, 0))
        buffer = (ctypes.c_uint8 * size)()
        written = int(llama_cpp.llama_state_seq_get_data(self._ctx, buffer, size, 0))
        return ctypes.string_at(buffer, written)

    def restore(self, tokens: Sequence[int], state: bytes) -> bool:
        """Replace the cache with a saved one holding ``tokens``; False (and an empty cache)
        when llama.cpp refuses it or it does not hold what it says."""
        self.truncate(0)
        buffer = (ctypes.c_uint8 * len(state)).from_buffer_copy(state)
        loaded = llama_cpp.llama_state_seq_set_data(self._ctx, buffer, len(state), 0)
        if not loaded or self.last_position() != len(tokens) - 1:
            llama_cpp.llama_memory_clear(self._memory, True)
            return False
        self.tokens = list(tokens)
        self.shifts_since_fresh = 0
        return True

    def save_state(self, wait: bool = False) -> bool:
        """Keep what the cache holds on disk (core.local.saved_state), unless it was just saved.
        The state is copied now; the file is written on a thread of its own (hundreds of MB
        for a big model), so the next read need not wait for the disk."""
        store, key = self._store, self._state_key()
        if store is None or key is None:
            return False
        # Without the suggestion generated after the last read: the text goes on from the
        # prompt, and a state restores only the sliding-window positions its end needs.
        self.truncate(min(self._read_end, len(self.tokens)))
        if self.tokens == self._saved_tokens or not self.tokens:
            return False
        tokens, state = list(self.tokens), self.state()
        checkpoints = checkpoints_to_save(self._checkpoints, len(tokens), len(state))
        self._saved_tokens = tokens
        self.wait_for_saves()  # one file at a time
        self._writer = threading.Thread(
            target=store.save,
            args=(key, tokens, state, self.left_out, checkpoints),
            name="model-state-writer",
            daemon=True,
        )
        self._writer.start()
        if wait:
            self.wait_for_saves()
        return True

    def wait_for_saves(self) -> None:
        if self._writer is not None:
            self._writer.join()
            self._writer = None

    def _switch_states(self, prompt: Sequence[int], reuse: int) -> int:
        """Before the cache moves to ``prompt`` (of which it can reuse ``reuse`` tokens): if
        that throws most of it away (another chapter), save it; if a saved state holds more
        of ``prompt``, load it.  Returns the tokens restored from disk (0 when none)."""
        store, key = self._store, self._state_key()
        if store is None or key is None:
            return 0

        def _reusable(state: SavedState) -> int:  # the window may have moved since: a shift
            view = state.as_cached(prompt)
            return plan_reuse(state.tokens, view, self.can_shift, self._text_of).reused

        saved = None
        if reuse + MIN_USEFUL_TOKENS < len(prompt):  # else no saved state could do better
            saved = store.find(key, prompt, reuse + MIN_USEFUL_TOKENS, _reusable)
        loaded = store.load(saved) if saved is not None else None  # before saving evicts it
        if reuse < len(self.tokens) // 2:
            self.save_state()
        if saved is None or loaded is None:
            return 0
        if not self.restore(saved.tokens, loaded.state):
            store.discard(saved, "llama.cpp refused it")  # else it is tried at every start
            return 0
        self._saved_tokens = list(saved.tokens)
        self.left_out = saved.left_out
        self._checkpoints = checkpoints_from_saved(loaded.checkpoints, len(saved.tokens))
        log.info("restored %d tokens of model state from %s", len(saved.tokens), saved.path.name)
        return len(saved.tokens)

    def _state_key(self, wait: float = KEY_WAIT_SECONDS) -> StateKey | None:
        """The model's key (None until known); the first call waits a little for it, which
        is enough for a small model's hash, and later ones do not wait."""
        if self._store is not None and not self._waited:
            self._waited = True
            self._key_ready.wait(wait)
        return self._key

    def last_position(self) -> int:
        """The highest position llama.cpp holds (-1 when empty): a consistency check."""
        return int(llama_cpp.llama_memory_seq_pos_max(self._memory, 0))

    def _should_abort(self, _data: ctypes.c_void_p) -> bool:
        cancel = self._cancel
        return cancel is not None and cancel.is_set()
