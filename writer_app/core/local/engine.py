"""The local model: load a GGUF through llama.cpp, stream suggestions, cancel them, count them.

``LlamaCppEngine`` speaks writer terms (prompt, suggestion, cancel, stats).  It is not
thread-safe: one thread owns it for its whole life (the GUI's worker thread, or the CLI).
What is specific to llama-cpp-python stays in core.local (here, ``cache``, ``sampler_chain``).
"""

from __future__ import annotations

import ctypes
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import llama_cpp
from llama_cpp import _internals as llama_internals  # the native sampler chain (pinned 0.3.36)

from writer_app.core.drafting.engine import GenerationError
from writer_app.core.drafting.engine_defaults import MAX_N_CTX, MIN_N_CTX, N_CTX_STEP, valid_n_ctx
from writer_app.core.drafting.revision import (
    Revision,
    RevisionError,
    base_prompt,
    chat_messages,
    fit_revision,
)
from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.drafting.stops import boundary_for
from writer_app.core.drafting.suggestion import (
    ReadAhead,
    StopReason,
    Suggestion,
    SuggestionStats,
)
from writer_app.core.drafting.textstream import SuggestionText
from writer_app.core.drafting.word_choices import WordChoice, word_choices
from writer_app.core.local import llama_log, tuning
from writer_app.core.local.banning import BanningLoop
from writer_app.core.local.beam import BeamContext, beam_search
from writer_app.core.local.cache import REFRESH_AFTER_SHIFTS, ModelCache
from writer_app.core.local.candidates import CandidateRecorder
from writer_app.core.local.chat import apply_chat_template, model_chat_template
from writer_app.core.local.config import EngineConfig, ModelLoadError, batch_size, default_threads
from writer_app.core.local.reuse_plan import ReusePlan
from writer_app.core.local.sampler_chain import CandidateFilter, make_sampler
from writer_app.core.local.saved_state import StateKey, StateStore
from writer_app.core.local.tuning import Measured, TuningStore
from writer_app.core.local.voice import Voice, VoiceError, load_voice, remove_voices
from writer_app.core.models.gguf import ModelFileError, ModelInfo, inspect_gguf
from writer_app.core.prompt.story import StoryContext
from writer_app.core.prompt.window import (
    MAX_CHARS_PER_TOKEN,
    Prompt,
    budget_for,
    build_prompt,
)
from writer_app.core.storage.paths import states_dir, tuning_path
from writer_app.core.text import sentence

log = logging.getLogger(__name__)

_UNREAD = object()  # the chat template before it is first read

NO_SHIFT_NOTE = sentence.translate(
    "ModelLoad",
    "This model cannot move its context along a long chapter, so it reads the window again "
    "when the window moves (while you pause, where it can).",
)

# Any text will do for measuring speed (core.local.tuning); repeated until long enough.
PROBE_TEXT = "The lamp in the harbour window burned all night, and nobody came to put it out. "


def model_failed(doing: str, error: RuntimeError) -> GenerationError:
    """llama.cpp's own words go to the log; the writer reads what to do."""
    log.error("llama.cpp failed while %s: %s", doing, error)
    return GenerationError(
        sentence.translate(
            "Generation",
            "the model stopped with an error (the details are in the log). Try again; if it "
            "happens again, load the model again from File ▸ Models",
        )
    )


@dataclass
class _Run:
    """One suggestion while it is generated: the text so far, why it stopped, and when."""

    text: SuggestionText
    max_tokens: int
    reason: StopReason  # until something else stops it: the length, or a full context
    start: float
    first_token_at: float
    plan: ReusePlan = field(default_factory=lambda: ReusePlan(0))
    generated: list[int] = field(default_factory=list)
    pieces: list[bytes] = field(default_factory=list)
    taken_back: int = 0  # banned phrases begun and taken back (core.local.banning)

    @classmethod
    def start_now(cls, settings: SamplingSettings, room: int) -> _Run:
        """Within ``room`` tokens (what the context has left after the prompt)."""
        max_tokens = min(settings.max_tokens, room)
        full = StopReason.LENGTH if max_tokens == settings.max_tokens else StopReason.CONTEXT_FULL
        text = SuggestionText(settings.stop_strings, boundary_for(settings.stop_at))
        start = time.perf_counter()
        return cls(text, max_tokens, full, start, start)


class LlamaCppEngine:
    """A loaded model plus the bookkeeping that keeps its KV cache warm between suggestions."""

    def __init__(
        self, llm: llama_cpp.Llama, config: EngineConfig, info: ModelInfo, note: str = ""
    ) -> None:
        self._llm = llm
        self.config = config
        self.info = info
        self.load_note = note  # e.g. "GPU offload failed; running on the CPU"
        self.display_name = info.display_name
        self.where = sentence.translate("ModelLoad", "on this computer")
        self.candidate_filter: CandidateFilter | None = None
        self.record_candidates = True  # word alternatives (the CLI has no use for them)
        self._vocab = llama_cpp.llama_model_get_vocab(llm.model)
        self._piece_buffer = ctypes.create_string_buffer(64)
        self.cache = ModelCache(llm, batch_size(config), self.text_of)
        self.tuning_key: str | None = None  # set by load() while flash attention is unmeasured
        self._chat_template: str | None | object = _UNREAD  # read from the GGUF when first asked
        self._beam: BeamContext | None = None  # made at the first beam search
        self.voice: Voice | None = None  # a LoRA adapter on the model (core.local.voice)
        # The file the weights came from: the model's own, or a copy with the voice baked in.
        self.weights = config.model_path
        self._model_sha256: str | None = None
        # Also where the model's fingerprint is remembered, by file version, across loads.
        self._store = StateStore(states_dir(), config.saved_state_mb * 1024 * 1024)
        if config.saved_state_mb > 0:
            self.cache.keep_states(self._store, lambda: self._state_key(self._store))
        if not self.cache.can_shift:  # recurrent models, multi-position RoPE
            self.load_note = sentence.joined((note, NO_SHIFT_NOTE))

    # -- loading -----------------------------------------------------------------------------

    @classmethod
    def load(cls, config: EngineConfig) -> LlamaCppEngine:
        """Check the file, then load it; on a failed GPU offload retry on the CPU once.  With
        ``config.voice``, put it on (VoiceError when it cannot be: nothing stays loaded)."""
        try:
            info = inspect_gguf(config.model_path)
        except ModelFileError as error:
            raise ModelLoadError(config.model_path, error.reason) from None
        if not valid_n_ctx(config.n_ctx):
            raise ModelLoadError(
                config.model_path,
                sentence.translate(
                    "ModelLoad",
                    "the context size must be a multiple of {step} from {low} to "
                    "{high:,}, not {n_ctx}",
                ).format(step=N_CTX_STEP, low=MIN_N_CTX, high=MAX_N_CTX, n_ctx=config.n_ctx),
            )
        try:
            engine = cls._load_measured(config, info)
        except ModelLoadError:
            if config.n_gpu_layers == 0:
                raise
            log.warning("loading with GPU offload failed; retrying on the CPU", exc_info=True)
            cpu = replace(config, n_gpu_layers=0)
            note = sentence.translate("ModelLoad", "GPU offload failed; running on the CPU")
            engine = cls._load_measured(cpu, info, note)
        if config.voice is not None:
            try:
                engine.set_voice(config.voice, config.voice_scale)
            except VoiceError:
                engine.close()
                raise
        return engine

    @classmethod
    def _load_measured(
        cls, config: EngineConfig, info: ModelInfo, note: str = ""
    ) -> LlamaCppEngine:
        """Load with flash attention as measured for this model on this machine; until it
        has been, off, and ``tuning_key`` says under which key to measure it."""
        config = replace(config, n_batch=batch_size(config))
        pending = None
        if config.flash_attn is None:
            threads = config.n_threads or default_threads()
            pending = tuning.model_key(config.model_path, threads, config.n_gpu_layers)
            measured = TuningStore(tuning_path()).get(pending)
            config = replace(config, flash_attn=measured is not None and measured.flash_attn)
            pending = None if measured else pending
        engine = cls(cls._load_llama(config), config, info, note)
        engine.tuning_key = pending
        return engine

    def measure_settings(self, cancel: threading.Event | None = None) -> Measured | None:
        """Once per model file and machine, in a pause: whether flash attention makes this
        model faster here (core.local.tuning).  Remembered, and used from the next load; None when
        there is nothing to measure or ``cancel`` stopped it (it runs again next time)."""
        key = self.tuning_key
        if key is None:
            return None
        tokens: list[int] = []
        while len(tokens) < tuning.PROBE_READ + tuning.PROBE_DECODE:
            tokens += self.tokenize(PROBE_TEXT) or [0]
        threads = self.config.n_threads or default_threads()
        measured = tuning.measure(self._llm.model, tokens, threads, cancel)
        if measured is not None:
            TuningStore(tuning_path()).put(key, measured)
            self.tuning_key = None
            log.info("measured %s: %s", self.display_name, measured)
        return measured

    @staticmethod
    def _load_llama(config: EngineConfig) -> llama_cpp.Llama:
        llama_log.install()
        mark = llama_log.mark()
        try:
            llm = llama_cpp.Llama(
                model_path=str(config.model_path),
                n_ctx=config.n_ctx,
                n_batch=batch_size(config),
                n_ubatch=batch_size(config),
                n_threads=config.n_threads or default_threads(),
                n_threads_batch=config.n_threads or default_threads(),
                n_gpu_layers=config.n_gpu_layers,
                logits_all=False,
                swa_full=config.swa_full,
                flash_attn=bool(config.flash_attn),
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as error:
            reason = llama_log.reason_since(mark) or str(error)
            raise ModelLoadError(config.model_path, reason) from None
        if llm.n_ctx() != config.n_ctx:
            log.warning("requested n_ctx %d, llama.cpp gave %d", config.n_ctx, llm.n_ctx())
        return llm

    def close(self) -> None:
        self.cache.save_state()
        self.cache.close()
        if self._beam is not None:
            self._beam.close()
            self._beam = None
        if self.voice is not None:  # freed while the model it belongs to is still there
            remove_voices(self._llm.ctx)
            self.voice.close()
            self.voice = None
        self._llm.close()

    def model_sha256(self) -> str:
        """The model file's sha256 (which voices are made for it), read once per version of
        the file, not at every load."""
        if self._model_sha256 is None:
            self._model_sha256 = self._store.model_sha256(self.config.model_path)
        return self._model_sha256

    def set_voice(self, path: Path | None, scale: float = 1.0) -> None:
        """Put the voice at ``path`` on the model at ``scale`` (None: take it off); the cache
        is emptied (its keys and values were made without it), and states are no longer
        saved on disk for this model while it is loaded.  VoiceError: the old voice stays.

        On a baked copy (``bake_voice``) a new strength of the same voice is the difference
        put on the copy; another voice, none, or strength 0 loads the model's own weights."""
        if self.weights != self.config.model_path and (
            path is None or self.voice is None or path != self.voice.path or scale == 0.0
        ):
            self._load_weights(self.config.model_path, path, scale, baked=0.0)
            return
        voice = None
        if path is not None:
            baked = self.voice.baked if self.voice is not None else 0.0
            voice = load_voice(self._llm.model, path, scale, self.model_sha256, baked)
        for ctx in self._contexts():
            if voice is not None:
                voice.apply(ctx)
            else:
                remove_voices(ctx)
        if self.voice is not None:
            self.voice.close()
        self.voice = voice
        self.cache.stop_keeping_states()
        self.cache.truncate(0)

    def bake_voice(self, copy: Path) -> None:
        """Load ``copy``, the model with the voice now on baked in at its strength
        (core.voices.merge), in place of the weights loaded: the same suggestions without
        the adapter's cost.  ModelLoadError or VoiceError: nothing changed."""
        voice = self.voice
        if voice is None:
            raise ValueError("no voice is on to bake")
        self._load_weights(copy, voice.path, voice.scale, baked=voice.scale)

    @contextmanager
    def without_voice(self) -> Iterator[None]:
        """The model as it is without the voice, for a while (a comparison); the cache is
        emptied on the way in and out."""
        voice = self.voice
        if voice is None:
            yield
            return
        for ctx in self._contexts():
            voice.apply_without(ctx)
        self.cache.truncate(0)
        try:
            yield
        finally:
            for ctx in self._contexts():
                voice.apply(ctx)
            self.cache.truncate(0)

    def _contexts(self) -> list[llama_cpp.llama_context_p]:
        return [self._llm.ctx] + ([self._beam.ctx] if self._beam is not None else [])

    def _load_weights(self, weights: Path, voice: Path | None, scale: float, baked: float) -> None:
        """The model loaded again from ``weights`` (its own file, or a copy with a voice baked
        in at ``baked``), with ``voice`` on at ``scale``.  The new one is loaded before the
        old one is let go: on any failure the engine is as it was."""
        llm = self._load_llama(replace(self.config, model_path=weights))
        try:
            loaded = None
            if voice is not None:
                loaded = load_voice(llm.model, voice, scale, self.model_sha256, baked)
                loaded.apply(llm.ctx)
        except BaseException:
            llm.close()
            raise
        self.cache.close()
        if self._beam is not None:
            self._beam.close()
            self._beam = None
        if self.voice is not None:
            remove_voices(self._llm.ctx)
            self.voice.close()
        self._llm.close()
        self._llm = llm
        self._vocab = llama_cpp.llama_model_get_vocab(llm.model)
        self.cache = ModelCache(llm, batch_size(self.config), self.text_of)
        self.voice = loaded
        self.weights = weights
        log.info("weights loaded from %s", weights.name)

    # -- text <-> tokens -----------------------------------------------------------------------

    @property
    def n_ctx(self) -> int:
        return int(self._llm.n_ctx())

    def tokenize(self, text: str) -> list[int]:
        """Manuscript text to tokens: special tokens OFF (a literal ``</s>`` stays text)."""
        if not text:
            return []
        return self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=False)

    def bos(self) -> list[int]:
        if llama_cpp.llama_vocab_get_add_bos(self._vocab):
            return [int(llama_cpp.llama_vocab_bos(self._vocab))]
        return []

    def token_bytes(self, token: int) -> bytes:
        """The raw bytes of one token (special tokens render as nothing)."""
        size = llama_cpp.llama_token_to_piece(
            self._vocab, token, self._piece_buffer, len(self._piece_buffer), 0, False
        )
        if size < 0:  # a long token (CJK runs, whitespace): grow the buffer and ask again
            self._piece_buffer = ctypes.create_string_buffer(-size)
            size = llama_cpp.llama_token_to_piece(
                self._vocab, token, self._piece_buffer, len(self._piece_buffer), 0, False
            )
        return self._piece_buffer.raw[:size]

    def text_of(self, tokens: Sequence[int]) -> bytes:
        return b"".join(self.token_bytes(token) for token in tokens)

    def is_end_of_generation(self, token: int) -> bool:
        return bool(llama_cpp.llama_vocab_is_eog(self._vocab, token))

    def build_prompt(self, text: str, max_tokens: int, text_offset: int = 0) -> Prompt:
        """The prompt for the manuscript text before the cursor (see core.prompt.window)."""
        budget = budget_for(self.n_ctx, max_tokens)
        return build_prompt(text, self.tokenize, budget, bos=self.bos(), text_offset=text_offset)

    def fim_prompt(self, prompt: Prompt, after: str, max_tokens: int) -> Prompt | None:
        """``prompt`` as a fill-in-the-middle request that also shows the model ``after`` (the
        text after the cursor, its head as much as fits), for a model whose vocabulary has
        FIM tokens; None for any other.  Laid out as such models are trained:
        [BOS] <prefix> the text before <suffix> the text after <middle>."""
        vocab = self._vocab
        marks = [
            int(mark(vocab))
            for mark in (
                llama_cpp.llama_vocab_fim_pre,
                llama_cpp.llama_vocab_fim_suf,
                llama_cpp.llama_vocab_fim_mid,
            )
        ]
        if min(marks) < 0 or not after.strip():
            return None
        pre, suf, mid = marks
        bos = self.bos()
        before = prompt.tokens[len(bos) :] if prompt.tokens[: len(bos)] == bos else prompt.tokens
        room = budget_for(self.n_ctx, max_tokens) - len(bos) - len(before) - 3
        if room <= 0:
            return None
        suffix = self.tokenize(after[: room * MAX_CHARS_PER_TOKEN])[:room]
        tokens = [*bos, pre, *before, suf, *suffix, mid]
        return replace(prompt, tokens=tokens)

    def revision_prompt(self, revision: Revision, story: StoryContext, max_tokens: int) -> Prompt:
        """The prompt that asks for ``revision``: through the model's own chat template
        (from its GGUF, applied by llama.cpp) when it has one llama.cpp knows, else the
        few-shot prompt for a base model (core.drafting.revision)."""
        if self._chat_template is _UNREAD:
            self._chat_template = model_chat_template(self._llm.model)
        template = self._chat_template

        def laid_out(fitted: Revision) -> tuple[str, bool]:
            """The request's text, and whether it holds the template's special tokens."""
            if template is not None:
                chat = apply_chat_template(template, chat_messages(fitted, story))
                if chat is not None:
                    return chat, True
            return base_prompt(fitted, story), False

        def render(fitted: Revision) -> list[int]:
            text, special = laid_out(fitted)
            bos = self.bos()
            if not special:
                return [*bos, *self.tokenize(text)]
            tokens = self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True)
            return tokens if tokens[: len(bos)] == bos else [*bos, *tokens]

        try:
            fitted, tokens = fit_revision(revision, render, budget_for(self.n_ctx, max_tokens))
        except RevisionError as error:
            raise GenerationError(str(error)) from None
        return Prompt(tokens, laid_out(fitted)[0], 0, 0)

    @property
    def cached_tokens(self) -> list[int]:
        """Tokens whose keys and values sit in the KV cache, in order."""
        return list(self.cache.tokens)

    # -- generation ------------------------------------------------------------------------------

    def complete(
        self,
        prompt_tokens: Sequence[int],
        settings: SamplingSettings,
        *,
        cancel: threading.Event | None = None,
        on_text: Callable[[str], None] | None = None,
    ) -> Suggestion:
        """Generate a continuation of ``prompt_tokens``, streaming text through ``on_text``.

        Reuses the longest cached prefix, so only new tokens are evaluated.  ``cancel`` is
        checked between tokens and, through llama.cpp's abort callback, during prompt reads.
        """
        settings = settings.validated().with_concrete_seed()
        assert settings.seed is not None
        prompt = self._checked_prompt(prompt_tokens)
        run = _Run.start_now(settings, self.n_ctx - len(prompt))
        recorder = CandidateRecorder() if self.record_candidates else None
        sampler = make_sampler(self._llm, settings, prompt, self.candidate_filter, recorder)
        try:
            run.plan, prompt = self.cache.bring_to(prompt, cancel)
            run.first_token_at = time.perf_counter()
            if settings.banned:
                BanningLoop(self, run, sampler, settings, prompt, recorder).run_loop(
                    cancel, on_text
                )
            else:
                self._sample(run, sampler, cancel, on_text)
        except RuntimeError as error:
            if cancel is not None and cancel.is_set():
                run.reason = StopReason.CANCELLED
            else:
                raise model_failed("generating", error) from None
        finally:
            sampler.close()
        return self._finish(run, settings.seed, prompt, recorder, on_text)

    def _checked_prompt(self, prompt_tokens: Sequence[int]) -> list[int]:
        """The prompt to read: BOS alone for an empty one; one that fills the context fails."""
        prompt = list(prompt_tokens)
        if not prompt:
            prompt = self.bos() or [int(llama_cpp.llama_vocab_bos(self._vocab))]
        if len(prompt) >= self.n_ctx:
            raise GenerationError(
                sentence.translate(
                    "Generation", "the prompt ({tokens} tokens) does not fit the context ({n_ctx})"
                ).format(tokens=len(prompt), n_ctx=self.n_ctx)
            )
        return prompt

    def _sample(
        self,
        run: _Run,
        sampler: llama_internals.LlamaSampler,
        cancel: threading.Event | None,
        on_text: Callable[[str], None] | None,
    ) -> None:
        """The token loop: sample, stream the text, read the token back in, until a stop.
        Hot: no more Python per token than it needs."""
        generated, pieces, text, max_tokens = run.generated, run.pieces, run.text, run.max_tokens
        while len(generated) < max_tokens:
            if cancel is not None and cancel.is_set():
                run.reason = StopReason.CANCELLED
                break
            token = int(llama_cpp.llama_sampler_sample(sampler.sampler, self._llm.ctx, -1))
            if not generated:
                run.first_token_at = time.perf_counter()
            if self.is_end_of_generation(token):
                run.reason = StopReason.END_OF_TEXT
                break
            generated.append(token)
            pieces.append(self.token_bytes(token))
            piece = text.feed(pieces[-1])
            if piece and on_text is not None:
                on_text(piece)
            if text.stopped_by is not None:
                run.reason = StopReason.STOP_STRING if text.stopped_by else StopReason.BOUNDARY
                break
            if len(generated) < max_tokens:
                self.cache.append((token,))

    def _finish(
        self,
        run: _Run,
        seed: int,
        prompt: list[int],
        recorder: CandidateRecorder | None,
        on_text: Callable[[str], None] | None,
    ) -> Suggestion:
        """The text held back at the end, the figures, and the words considered."""
        tail = run.text.finish()
        if tail and on_text is not None:
            on_text(tail)
        end = time.perf_counter()
        plan = run.plan
        stats = SuggestionStats(
            generated_tokens=len(run.generated),
            prompt_tokens=len(prompt),
            reused_tokens=plan.reused,
            evaluated_tokens=len(prompt) - plan.reused,
            shifted_tokens=plan.shifted,
            n_ctx=self.n_ctx,
            stop_reason=run.reason,
            seed=seed,
            prompt_seconds=run.first_token_at - run.start,
            decode_seconds=end - run.first_token_at,
            taken_back=run.taken_back,
        )
        choices: tuple[WordChoice, ...] = ()
        if recorder is not None:
            pieces = run.pieces
            considered = [recorder.candidates(i, self.token_bytes) for i in range(len(pieces))]
            choices = tuple(word_choices(pieces, considered))
        return Suggestion(text=run.text.text, stats=stats, tokens=run.generated, choices=choices)

    def suggest(
        self,
        prompt: Prompt,
        settings: SamplingSettings,
        *,
        cancel: threading.Event | None = None,
        on_text: Callable[[str], None] | None = None,
    ) -> Suggestion:
        """``complete`` for a built prompt (the ``DraftingEngine`` interface)."""
        return self.complete(prompt.tokens, settings, cancel=cancel, on_text=on_text)

    def most_likely(
        self,
        prompt: Prompt,
        settings: SamplingSettings,
        width: int,
        *,
        cancel: threading.Event | None = None,
        on_text: Callable[[str], None] | None = None,
    ) -> list[Suggestion]:
        """Beam search ("Most likely", core.local.beam): the ``width`` likeliest
        continuations of ``prompt``, best first, the best one streamed through ``on_text``."""
        settings = settings.validated()
        tokens = self._checked_prompt(prompt.tokens)
        try:
            return beam_search(self, tokens, settings, width, cancel=cancel, on_text=on_text)
        except RuntimeError as error:
            if cancel is not None and cancel.is_set():
                return [self._finish(_Run.start_now(settings, 0), settings.seed or 0, tokens,
                                     None, None)]  # fmt: skip
            raise model_failed("generating", error) from None

    def beam_context(self) -> BeamContext:
        """The context beam search runs in, made once (for the widest beam) and kept."""
        if self._beam is None:
            self._beam = BeamContext(self._llm)
            if self.voice is not None:
                self.voice.apply(self._beam.ctx)
        return self._beam

    def read_ahead(
        self,
        prompt_tokens: Sequence[int],
        *,
        cancel: threading.Event | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> ReadAhead:
        """Read a prompt into the cache while the writer pauses, so that the next suggestion
        starts warm.  ``cancel`` (a request, typing) stops it within a few milliseconds; what
        was read by then stays.  After several shifts in a row the window is read afresh."""
        prompt = list(prompt_tokens)
        if not prompt or len(prompt) >= self.n_ctx:
            return ReadAhead(0, 0, cancelled=False)
        cache = self.cache
        refresh = cache.shifts_since_fresh >= REFRESH_AFTER_SHIFTS
        try:
            plan, read = cache.bring_to(prompt, cancel, on_progress, fresh=refresh)
        except RuntimeError as error:
            if cancel is None or not cancel.is_set():
                raise model_failed("reading", error) from None
            kept = len(cache.tokens)
            reused = cache.last_plan.reused
            return ReadAhead(kept, max(0, kept - reused), True, refresh, cache.last_restored)
        return ReadAhead(
            len(cache.tokens), len(read) - plan.reused, False, refresh, cache.last_restored
        )

    def _state_key(self, store: StateStore) -> StateKey:
        """What a saved state must have been made with to be used by this model."""
        sha = store.model_sha256(self.config.model_path)
        config = self.config
        return StateKey(
            sha, self.n_ctx, llama_cpp.__version__, bool(config.flash_attn), config.swa_full
        )
