"""View ▸ Predictability: the chapter's words tinted by how surprising each was to the model on
this computer, its most predictable sentences in a dock, a word's figure and what the model
expected there when pointed at, and the HTML report.

The scoring runs on the worker's thread (``GenerationWorker.score``), never on this one; what
comes back is a ``PredictabilityMap`` with every position already worked out, so applying it
costs a few array copies.  Figures are kept per paragraph: an edit cancels the scoring at
once and marks its paragraph; ``DEBOUNCE_MS`` after the last one, the text is scored again
from the first paragraph marked (the text before it is only read as context, and its figures
kept).  A suggestion never waits behind a scoring: asking for one cancels it (what was
scored by then is kept), and the scoring goes on once the model is free again.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QHelpEvent, QPalette, QTextCursor
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QToolTip

from writer_app.core.drafting.predictability import PredictabilityMap, ScoringRequest, WordFigure
from writer_app.core.export.book import ExportError
from writer_app.core.export.predictability_report import save_report
from writer_app.core.text.utf16 import index_from_utf16, utf16_length
from writer_app.ui.controllers.documents import OpenDocument
from writer_app.ui.controllers.drafting import DraftingController
from writer_app.ui.controllers.manuscripts import Manuscripts
from writer_app.ui.editor.draft_editor import DraftEditor
from writer_app.ui.editor.predictability import PredictabilityTint, position_at
from writer_app.ui.language import shown
from writer_app.ui.numbers import decimal
from writer_app.ui.panels.predictability_panel import PredictabilityPanel
from writer_app.ui.status import MESSAGE_MS, NOTE_MS
from writer_app.ui.worker import GenerationWorker, LoadedModel

log = logging.getLogger(__name__)

DEBOUNCE_MS = 800  # after the last keystroke: typing is never slowed by a scoring
KEPT_MAPS = 8  # chapters whose maps are kept for a switch back (used while their text is the same)


class PredictabilityController(QObject):
    """The map of the shown document (see module docstring)."""

    scoreRequested = Signal(object)  # ScoringRequest, to the worker thread
    # Re-emitted on the GUI thread once the page shows a map (tests and scripts wait on this).
    mapShown = Signal(object)  # PredictabilityMap
    message = Signal(str, int)  # a status-bar sentence, how long it shows (ms)

    def __init__(
        self,
        window: QMainWindow,
        *,
        editor: DraftEditor,
        files: Manuscripts,
        drafting: DraftingController,
        worker: GenerationWorker,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._editor = editor
        self._files = files
        self._drafting = drafting
        self.on = False
        self.tint = PredictabilityTint(editor)
        self.panel = PredictabilityPanel()
        self.dock = QDockWidget(self.tr("Predictability"), window)
        self.dock.setObjectName("predictabilityDock")
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        beside = window.findChild(QDockWidget, "controlsDock")
        if beside is not None:  # a tab beside Suggestions and Story: the list needs the height
            window.tabifyDockWidget(beside, self.dock)
            beside.raise_()
        self.dock.setVisible(False)
        self.map: PredictabilityMap | None = None  # the last one shown, of the shown document
        self._dirty: int | None = 0  # Qt position from which the text is to be scored again
        self._request: ScoringRequest | None = None
        self._request_id = 0
        self._kept: OrderedDict[OpenDocument, PredictabilityMap] = OrderedDict()
        self._shown_doc: OpenDocument | None = files.current
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._start)

        self.scoreRequested.connect(worker.score)
        worker.scoringReady.connect(self._on_map)
        worker.scoringFailed.connect(self._on_failed)
        worker.modelLoading.connect(self._forget_figures)
        editor.editedAt.connect(self._on_edit)
        drafting.generateRequested.connect(self._make_way)
        files.currentChanged.connect(self._on_document_shown)
        self.panel.sentenceChosen.connect(self.go_to_sentence)
        self.panel.exportRequested.connect(self.export_report)
        editor.viewport().installEventFilter(self)
        editor.installEventFilter(self)

    # -- on and off --------------------------------------------------------------------------

    def set_enabled(self, on: bool) -> None:
        """View ▸ Predictability: the tint and the dock, scored now if need be."""
        self.on = on
        self.tint.set_visible(on)
        self.dock.setVisible(on)
        if on:
            self.dock.raise_()
        else:
            self._cancel()
            self._timer.stop()
            return
        self._paint_legend()
        if self._drafting.loading:
            self.panel.say(self.tr("The map starts once the model has loaded."))
            return
        if self._needs_local_model():
            return
        if self.map is not None:
            self.panel.show_map(self.map)
        if self._dirty is not None:
            self._start()

    def model_ready(self, model: LoadedModel) -> None:
        """A model is ready (``ModelLoader.modelReady``): score with it, if the map is on."""
        if not self.on or self._needs_local_model(model):
            return
        self._start()

    def _needs_local_model(self, model: LoadedModel | None = None) -> bool:
        """Say so, and True, when no model on this computer is drafting now."""
        model = model or self._drafting.model
        if model is not None and not model.remote:
            return False
        said = (
            self.tr(
                "The predictability map needs a model on this computer: drafting goes to "
                "{where} now."
            ).format(where=shown(model.where))
            if model is not None
            else self.tr(
                "The predictability map needs a model on this computer: it starts once one "
                "is loaded (File ▸ Open Model File)."
            )
        )
        self.panel.say(said)
        self.message.emit(said, NOTE_MS)
        return True

    def stop(self) -> None:
        """The window closes: nothing more is asked, and a running scoring ends now."""
        self._timer.stop()
        self._cancel()

    # -- asking ------------------------------------------------------------------------------

    def _start(self) -> None:
        """Score the shown text from the first paragraph changed, if the model is free."""
        if not self.on or self._dirty is None or self._request is not None:
            return
        model = self._drafting.model
        if model is None or model.remote:
            return
        if self._drafting.current is not None or self._editor.composing:
            self._timer.start()  # the model is busy for the writer: once it is done
            return
        text = self._editor.toPlainText()
        start_at = index_from_utf16(text, self._dirty)
        kept = self.map.tokens if self.map is not None and start_at > 0 else ()
        self._request_id += 1
        self._request = ScoringRequest(self._request_id, text, start_at, kept)
        if self.map is None:
            self.panel.say(self.tr("Scoring…"))
        self.scoreRequested.emit(self._request)

    def _cancel(self) -> None:
        if self._request is not None:
            self._request.cancel.set()
            self._request = None

    def _make_way(self, _request: object) -> None:
        """A suggestion was asked for: the scoring stops at once (what it scored by then is
        kept), and goes on when the model is free."""
        if self._request is not None:
            self._request.cancel.set()  # still ours: its last map comes back, and is used
            self._timer.start()

    def _on_edit(self, position: int, _removed: int, _added: int) -> None:
        """The writer changed the text: score again from the paragraph of the change."""
        self._cancel()
        paragraph = self._editor.document().findBlock(position).position()
        self._dirty = paragraph if self._dirty is None else min(self._dirty, paragraph)
        if self.on:
            self._timer.start()

    # -- what comes back ----------------------------------------------------------------------

    def _on_map(self, request_id: int, chapter: PredictabilityMap) -> None:
        request = self._request
        if request is None or request_id != request.request_id:
            return  # the text changed since, or another document is shown
        start, end = chapter.scored_positions
        changed = chapter.changed_from
        self.tint.replace(
            start,
            None if chapter.complete else end,
            chapter.positions[changed:],
            chapter.words[changed:],
        )
        self.map = chapter
        self._dirty = None if chapter.complete else end
        if chapter.complete or request.cancel.is_set():
            self._request = None
            if not chapter.complete:
                self._timer.start()  # stopped for a suggestion: on from here once it is done
        if self._shown_doc is not None:
            self._keep(self._shown_doc, chapter)
        self.panel.show_map(chapter)
        self.mapShown.emit(chapter)

    def _on_failed(self, request_id: int, message: str) -> None:
        if self._request is None or request_id != self._request.request_id:
            return
        self._request = None
        self.panel.say(message)
        self.message.emit(message, MESSAGE_MS)

    def _forget_figures(self, _name: str = "") -> None:
        """Another model: its figures would be other figures."""
        self._cancel()
        self._kept.clear()
        self.map = None
        self._dirty = 0
        self.tint.clear()
        self.panel.list.clear()

    # -- documents ------------------------------------------------------------------------------

    def _on_document_shown(self, doc: OpenDocument | None) -> None:
        if doc is self._shown_doc:
            return
        self._cancel()
        self._shown_doc = doc
        self.map, self._dirty = None, 0
        self.tint.clear()
        self.panel.list.clear()
        kept = self._kept.get(doc) if doc is not None else None
        if kept is not None and kept.text == doc.text():
            self.tint.replace(0, None, kept.positions, kept.words)
            self.map = kept
            self._dirty = None if kept.complete else kept.scored_positions[1]
            self.panel.show_map(kept)
        if self.on:
            self._start()

    def _keep(self, doc: OpenDocument, chapter: PredictabilityMap) -> None:
        self._kept[doc] = chapter
        self._kept.move_to_end(doc)
        while len(self._kept) > KEPT_MAPS:
            self._kept.popitem(last=False)

    # -- the dock and the pointer ---------------------------------------------------------------

    def go_to_sentence(self, start: int, end: int, sentence: str) -> None:
        """Put the cursor at the start of a listed sentence (found again if the text moved)."""
        text = self._editor.toPlainText()
        if text[start:end] != sentence:
            before = text.rfind(sentence, 0, start + len(sentence))
            found = [at for at in (before, text.find(sentence, start)) if at != -1]
            if not found:
                self.message.emit(
                    self.tr("That sentence has changed since it was scored."), MESSAGE_MS
                )
                return
            start = min(found, key=lambda at: abs(at - start))
        cursor = self._editor.textCursor()
        cursor.setPosition(utf16_length(text[:start]))
        self._editor.setTextCursor(cursor)
        self._editor.centerCursor()
        self._editor.setFocus()

    def describe(self, position: int) -> str | None:
        """What pointing at the character at Qt position ``position`` shows: the word's
        figure and what the model expected there."""
        hit = self.tint.figure_at(position)
        if hit is None:
            return None
        start, end, figure = hit
        cursor = QTextCursor(self._editor.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        said = self.tr("{word}: {bits} bits (the model gave it {chance})").format(
            word=cursor.selectedText(), bits=decimal(figure.bits), chance=_percent(figure.p)
        )
        if figure.expected:
            said += "\n" + self.tr("It expected: {choices}").format(choices=_choices(figure))
        return said

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self._editor:
            if event.type() == QEvent.Type.PaletteChange and self.on:
                self._paint_legend()
            return False
        if event.type() != QEvent.Type.ToolTip or not self.on or self._editor.has_suggestion:
            return False  # (a ghost's words show their word choices)
        if not isinstance(event, QHelpEvent):
            return False
        position = position_at(self._editor, event.pos())
        said = self.describe(position) if position is not None else None
        if said is None:
            QToolTip.hideText()
            return False  # the editor's own (nothing, or the ghost's word choices)
        QToolTip.showText(event.globalPos(), said, self._editor.viewport())
        return True

    def _paint_legend(self) -> None:
        palette = self._editor.palette()
        self.panel.set_paper(
            palette.color(QPalette.ColorRole.Base).name(),
            palette.color(QPalette.ColorRole.Text).name(),
        )

    # -- the report -------------------------------------------------------------------------------

    def export_report(self) -> None:
        """View ▸ Export Predictability Report…: the map as it was last scored, in HTML."""
        chapter = self.map
        if chapter is None or not chapter.words:
            self.message.emit(
                self.tr("Nothing is scored yet: turn on View ▸ Predictability first."),
                MESSAGE_MS,
            )
            return
        doc = self._files.current
        title = doc.title if doc is not None else self.tr("Untitled")
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        suggested = Path(documents) / f"{Path(title).stem} — predictability.html"
        name, _ = QFileDialog.getSaveFileName(
            self._window, self.tr("Export Predictability Report"), str(suggested), "*.html"
        )
        if name:
            self.save_report(Path(name), chapter, title)

    def save_report(self, out: Path, chapter: PredictabilityMap, title: str) -> bool:
        try:
            save_report(chapter, title, out, self.report_labels(), decimal)
        except ExportError as error:
            self.message.emit(shown(str(error)), MESSAGE_MS)
            return False
        self.message.emit(self.tr("Saved to {path}").format(path=out), MESSAGE_MS)
        return True

    def report_labels(self) -> dict[str, str]:
        return {
            "heading": self.tr("Predictability: {title}"),
            "summary": self.tr(
                "{tokens} tokens, {mean} bits/token on average (perplexity {perplexity})"
            ),
            "partial": self.tr("The text was not scored to its end: the rest is not tinted."),
            "sentences": self.tr("Most predictable sentences"),
            "per_token": self.tr("{bits} bits/token"),
            "word": self.tr("{bits} bits"),
            "expected": self.tr("It expected: {choices}"),
            "level-2": self.tr("sure (1 bit or less)"),
            "level-1": self.tr("expected (3 bits or less)"),
            "level1": self.tr("surprising (10 bits or more)"),
            "level2": self.tr("jarring (15 bits or more)"),
        }


def _percent(p: float) -> str:
    """A probability as a writer reads it: 31%, 0.42%, < 0.01%."""
    if p >= 0.01:
        return decimal(p * 100, 0) + "%"
    if p >= 0.0001:
        return decimal(p * 100, 2) + "%"
    return "< " + decimal(0.01, 2) + "%"


def _choices(figure: WordFigure) -> str:
    shown_choices = []
    for text, p in figure.expected:
        word = text.strip() or ("⏎" if "\n" in text else "␣")
        shown_choices.append(f"{word} {_percent(p)}")
    return " · ".join(shown_choices)
