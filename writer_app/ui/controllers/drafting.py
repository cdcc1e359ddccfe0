"""The drafting loop: a request at the cursor, its text streamed into the ghost, the
alternatives of one Ctrl+Return, word choices, and reading ahead while the writer pauses;
and Draft ▸ Revise: the selection revised, shown as a ghost that would replace it.

Every request carries an id; text, figures and failures of an older request are dropped
when they arrive (the writer moved on).  Cancelling sets the request's event directly: a
queued "cancel" would wait behind the running token loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from writer_app.core.drafting.bans import clean_phrases
from writer_app.core.drafting.bridge import Ranking
from writer_app.core.drafting.revision import (
    AFTER_CHARS,
    BEFORE_CHARS,
    Revision,
    RevisionAction,
    RevisionError,
)
from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.drafting.stops import STOP_AT_SENTENCE
from writer_app.core.drafting.suggestion import GenerationRequest
from writer_app.core.prompt.window import TAIL_CHARS_PER_TOKEN
from writer_app.core.text.utf16 import index_from_utf16, utf16_length
from writer_app.ui.controllers.continuations import AlternativeSet
from writer_app.ui.controllers.engine_choice import EngineChooser
from writer_app.ui.controllers.pause_suggest import PAUSE_TOKENS
from writer_app.ui.controllers.read_ahead import ReadAheadTimer
from writer_app.ui.controllers.story_controller import StoryController
from writer_app.ui.editor.draft_editor import DraftEditor
from writer_app.ui.editor.word_choices_menu import WordChoices
from writer_app.ui.language import shown
from writer_app.ui.panels.sampling_panel import SamplingPanel
from writer_app.ui.status import BRIEF_MS, describe_stats, nothing_suggested
from writer_app.ui.worker import GenerationWorker, LoadedModel

READ_AHEAD_ID = -1  # the request id of a read-ahead (never shown)
AFTER_TEXT_CHARS = 4000  # of the text after the cursor, sent for a suggestion to lead into
PREVIEW_ID = 0  # the request id of a prompt measured for the budget bar


class DraftingController(QObject):
    """Requests, streaming and alternatives for the page; the model comes from ``set_model``."""

    generateRequested = Signal(object)  # GenerationRequest, to the worker thread
    previewRequested = Signal(object)  # GenerationRequest: measure its prompt only
    # Re-emitted on the GUI thread once the page shows the result (tests and scripts wait on
    # this rather than on the worker's signal, which fires on the worker thread).
    suggestionFinished = Signal(int, object)  # request id, SuggestionStats
    message = Signal(str, int)  # a status-bar sentence, how long it shows (ms)

    def __init__(
        self,
        parent: QObject,
        *,
        editor: DraftEditor,
        panel: SamplingPanel,
        story: StoryController,
        engine_choice: EngineChooser,
        stats_label: QLabel,
        worker: GenerationWorker,
        read_ahead: bool,
        bridge: bool = True,
        fallback_n_ctx: Callable[[], int],
        novel_bans: Callable[[], list[str]] = list,
    ) -> None:
        super().__init__(parent)
        self._novel_bans = novel_bans  # the open novel's banned phrases
        self.voice_on: Callable[[], bool] = lambda: False  # set by the window (My voice)
        self.comparing_voice = False
        self.editor = editor
        self.panel = panel
        self.story = story
        self.engine_choice = engine_choice
        self.stats_label = stats_label
        self._fallback_n_ctx = fallback_n_ctx
        self.model: LoadedModel | None = None
        self.loading = False
        self.request_id = 0
        self.current: GenerationRequest | None = None
        self.bridge = bridge  # Draft ▸ Lead into What Follows
        self.ranking: Ranking | None = None  # of the current alternatives, when mid-chapter
        self._revision: tuple[Revision, int, int] | None = None  # the last one asked for
        self.alternatives = AlternativeSet()

        self.generateRequested.connect(worker.generate)
        self.previewRequested.connect(worker.preview_prompt)
        worker.promptBuilt.connect(self._on_prompt_built)
        worker.suggestionText.connect(self._on_suggestion_text)
        worker.suggestionFinished.connect(self._on_suggestion_finished)
        worker.alternativeFinished.connect(self._on_alternative_finished)
        worker.wordChoicesReady.connect(self._on_word_choices)
        worker.alternativesRanked.connect(self._on_ranked)
        worker.suggestionFailed.connect(self._on_suggestion_failed)

        self.read_ahead = ReadAheadTimer(self, self._read_ahead_request, enabled=read_ahead)
        self.read_ahead.readAheadRequested.connect(worker.read_ahead)
        editor.edited.connect(self.read_ahead.poke)
        editor.cursorPositionChanged.connect(self.read_ahead.poke)

        self.word_choices = WordChoices(parent, self._ghost_state)
        editor.ghostPointed.connect(self.word_choices.point)
        editor.wordChoicesRequested.connect(self.word_choices.open_menu)
        self.word_choices.continueRequested.connect(self._continue_from)
        editor.ghostDismissed.connect(self._on_ghost_dismissed)
        editor.suggestionAccepted.connect(self._on_suggestion_accepted)
        editor.ghostConsumed.connect(self._settle_alternatives)
        panel.alternatives_list.itemClicked.connect(
            lambda item: self._show_alternative(
                self.alternatives.choose(panel.alternatives_list.row(item))
            )
        )
        story.contextChanged.connect(self.preview_prompt)

    # -- the model ---------------------------------------------------------------------------

    def model_loading(self) -> None:
        """A model is on its way: nothing can be asked until it is ready."""
        self.model = None
        self.loading = True

    def model_ready(self, model: LoadedModel) -> None:
        self.model = model
        self.loading = False
        self.preview_prompt()
        self.read_ahead.poke()

    def model_gone(self) -> None:
        self.model = None
        self.loading = False

    # -- asking ------------------------------------------------------------------------------

    def suggest(self) -> None:
        """Ask for a continuation of the text before the cursor."""
        self._ask()

    def suggest_without_voice(self) -> None:
        """Draft ▸ Suggest Without My Voice: the same request twice, with the voice (the first
        alternative) and without it (the second), side by side."""
        if not self.voice_on():
            self.message.emit(
                self.tr("No voice is on: choose one under My voice in the panel."), BRIEF_MS
            )
            return
        self._ask(compare_voice=True)

    def suggest_briefly(self) -> None:
        """A short suggestion, to the end of the sentence (Suggest While I Pause)."""
        settings = self.panel.settings()
        self._ask(
            settings=replace(
                settings,
                stop_at=STOP_AT_SENTENCE,
                max_tokens=min(settings.max_tokens, PAUSE_TOKENS),
                alternatives=1,
            )
        )

    def revise(self, action: RevisionAction, instruction: str = "") -> None:
        """Ask for a revision of the selected passage (its blank space at either end left
        out); the revision streams in as a ghost that would replace it."""
        cursor = self.editor.textCursor()
        plain = self.editor.toPlainText()
        start = index_from_utf16(plain, cursor.selectionStart())
        end = index_from_utf16(plain, cursor.selectionEnd())
        passage = plain[start:end]
        start += len(passage) - len(passage.lstrip())
        end -= len(passage) - len(passage.rstrip())
        if start >= end:
            self.message.emit(self.tr("Select a passage to revise first."), BRIEF_MS)
            return
        revision = Revision(
            action,
            plain[start:end],
            instruction.strip(),
            before=plain[max(0, start - BEFORE_CHARS) : start],
            after=plain[end : end + AFTER_CHARS],
        )
        try:
            revision.validated()
        except RevisionError as error:
            self.message.emit(shown(error), BRIEF_MS)
            return
        self._ask(revision=(revision, utf16_length(plain[:start]), utf16_length(plain[:end])))

    def idle(self) -> bool:
        """A model is ready and nothing is being asked of it for the page."""
        return self.model is not None and self.current is None

    def cycle_alternative(self, step: int) -> None:
        if self.editor.has_suggestion:
            self._show_alternative(self.alternatives.cycle(step))

    def set_read_ahead(self, enabled: bool) -> None:
        self.read_ahead.set_enabled(enabled)

    def preview_prompt(self, *_args) -> None:
        """Measure what the next suggestion would send (the Story panel's budget bar)."""
        if self.model is None or self.current is not None:
            return
        self.previewRequested.emit(self._request_at_cursor(PREVIEW_ID))

    def cancel(self) -> None:
        """Stop what the model is doing for the page (a suggestion, reading ahead)."""
        self.read_ahead.cancel()
        if self.current is not None:
            self.current.cancel.set()
            self.current = None

    def stop(self) -> None:
        self.read_ahead.stop()
        self.cancel()

    def _continue_from(self, ghost_start: str) -> None:
        """The writer chose another word in the ghost: keep the ghost up to it, go on (a
        revision goes on as the same revision)."""
        if self.editor.has_suggestion:
            current = self._revision if self.editor.revising else None
            self._ask(ghost_start, revision=current)

    def _ghost_state(self) -> tuple[int, str, str]:
        shown = self.alternatives.shown
        texts = self.alternatives.texts
        return shown, texts[shown] if shown < len(texts) else "", self.editor.ghost_text

    def _ask(
        self,
        ghost_start: str = "",
        settings: SamplingSettings | None = None,
        revision: tuple[Revision, int, int] | None = None,
        compare_voice: bool = False,
    ) -> None:
        """A request at the cursor, or for ``revision`` (with the passage's Qt positions)
        when one is given; ``ghost_start``: the ghost's start the writer chose to keep;
        ``compare_voice``: with the voice and without it, as two alternatives."""
        if self.editor.composing:
            return  # an input method is composing: the words before the cursor are not final
        if self.model is None:
            message = (
                self.tr("The model is still loading…")
                if self.loading
                else self.tr(
                    "No model is loaded: use File ▸ Open Model File, or start with --demo."
                )
            )
            self.message.emit(message, BRIEF_MS)
            return
        if not self.engine_choice.may_send():
            return
        self.cancel()
        self.request_id += 1
        self.alternatives.reset()
        self.ranking = None
        self.panel.show_alternatives([], 0)
        self.word_choices.reset(base=len(ghost_start))
        settings = settings or self.panel.settings()
        if novel_bans := self._novel_bans():  # with those of every novel
            settings = replace(settings, banned=clean_phrases((*settings.banned, *novel_bans)))
        if ghost_start:  # one continuation of the chosen word
            self.alternatives.add(0, ghost_start)
            self.alternatives.settled = True
            self.editor.replace_ghost(ghost_start)
            settings = replace(settings, alternatives=1)
        elif revision is not None:
            self.editor.start_revision(revision[1], revision[2])
        else:
            self.editor.start_suggestion()
        if revision is not None:
            self._revision = revision
            request = GenerationRequest(
                self.request_id, ghost_start, 0, settings, story=self.story.context,
                revision=revision[0],
            )  # fmt: skip
        else:
            request = self._request_at_cursor(self.request_id, settings, ghost_start)
            if compare_voice:
                request = replace(request, compare_voice=True, after="")
        self.comparing_voice = compare_voice
        self.current = request
        self.stats_label.setText(self.tr("Revising…") if revision else self.tr("Thinking…"))
        self.generateRequested.emit(request)

    def _request_at_cursor(
        self, request_id: int, settings: SamplingSettings | None = None, then: str = ""
    ) -> GenerationRequest:
        """A request for the text before the cursor (followed by ``then``, a ghost's start),
        with the text after it when the suggestion should lead into it."""
        plain = self.editor.toPlainText()  # once: a long chapter's copy is not free
        at = index_from_utf16(plain, self.editor.textCursor().position())
        n_ctx = self.model.n_ctx if self.model else self._fallback_n_ctx()
        offset = max(0, at - n_ctx * TAIL_CHARS_PER_TOKEN)
        text = plain[offset:at]
        bridging = self.bridge and not then and request_id > PREVIEW_ID
        after = plain[at : at + AFTER_TEXT_CHARS] if bridging else ""
        return GenerationRequest(
            request_id,
            text + then,
            offset,
            settings or self.panel.settings(),
            story=self.story.context,
            after=after,
        )

    def _read_ahead_request(self) -> GenerationRequest | None:
        """What the next Ctrl+Return would send, while nothing else is going on."""
        model = self.model
        if model is None or model.remote or self.current is not None:
            return None
        if self.editor.has_suggestion or self.editor.composing:
            return None  # (mid-composition, the text before the cursor is not the writer's yet)
        return self._request_at_cursor(READ_AHEAD_ID)

    # -- what comes back ---------------------------------------------------------------------

    def _on_prompt_built(self, request_id: int, prompt) -> None:
        if request_id in (PREVIEW_ID, self.request_id):
            self.story.prompt_built(prompt)

    def _on_suggestion_text(self, request_id: int, index: int, text: str) -> None:
        if request_id != self.request_id or not self.editor.has_suggestion:
            return
        if self.alternatives.add(index, text):
            self.editor.append_ghost(text)
        if len(self.alternatives.texts) > 1:
            self.panel.show_alternatives(
                self.alternatives.texts, self.alternatives.shown, self.ranking, self.comparing_voice
            )

    def _on_alternative_finished(self, request_id: int, index: int, stats) -> None:
        if request_id == self.request_id and index == 0:
            self.stats_label.setText(describe_stats(stats))

    def _on_word_choices(self, request_id: int, index: int, choices) -> None:
        if request_id == self.request_id:
            self.word_choices.add(index, choices)

    def _on_ranked(self, request_id: int, ranking: Ranking) -> None:
        """Mid-chapter: the candidate that leads best into what follows is shown first."""
        if request_id != self.request_id or not self.editor.has_suggestion:
            return
        self.ranking = ranking
        best = self.alternatives.choose(ranking.best)
        if best is not None:
            self.editor.replace_ghost(best)
        self.panel.show_alternatives(self.alternatives.texts, self.alternatives.shown, ranking)

    def _on_suggestion_finished(self, request_id: int, stats) -> None:
        if request_id != self.request_id:
            return  # an older request that was superseded
        self.current = None
        if self.editor.has_suggestion and not self.editor.ghost_text and nothing_suggested(stats):
            self.editor.dismiss_suggestion()
            self.stats_label.setText(
                self.tr("The model had nothing to add here.") + " " + describe_stats(stats)
            )
        elif self.comparing_voice and len(self.alternatives.texts) > 1:
            self.stats_label.setText(
                self.tr("1: with your voice, 2: without it (Alt+] / Alt+[)")
                + " · "
                + self.stats_label.text()
            )
        elif len(self.alternatives.texts) > 1:
            count = len(self.alternatives.texts)
            said = (
                self.tr(
                    "{count} alternatives, the one that leads best into what follows first "
                    "(Alt+] / Alt+[)"
                )
                if self.ranking is not None
                else self.tr("{count} alternatives (Alt+] / Alt+[)")
            )
            self.stats_label.setText(said.format(count=count) + " · " + self.stats_label.text())
        self.suggestionFinished.emit(request_id, stats)

    def _show_alternative(self, text: str | None) -> None:
        if text is None or not self.editor.has_suggestion:
            return
        self.editor.replace_ghost(text)
        self.panel.show_alternatives(
            self.alternatives.texts, self.alternatives.shown, self.ranking, self.comparing_voice
        )

    def _settle_alternatives(self) -> None:
        self.alternatives.settled = True

    def _on_suggestion_failed(self, request_id: int, message: str) -> None:
        if request_id != self.request_id:
            return
        self.current = None
        if self.editor.ghost_text:  # what came before the failure stays, for Tab or Esc
            self.stats_label.setText(self.tr("Stopped early: {reason}").format(reason=message))
        else:
            self.editor.dismiss_suggestion()
            self.stats_label.setText(self.tr("No suggestion: {reason}").format(reason=message))

    def _on_ghost_dismissed(self) -> None:
        self.cancel()
        self.alternatives.reset()
        self.panel.show_alternatives([], 0)

    def _on_suggestion_accepted(self, _text: str) -> None:
        if not self.editor.has_suggestion:
            self.cancel()
