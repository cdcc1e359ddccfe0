"""Suggestion history and model-text tinting, between the drafting loop and the history files.

Every suggestion session (one Ctrl+Return, its alternatives) is kept as branches of the spot
it was asked at, once the ghost goes (accepted, dismissed, or replaced by a new request).
Accepted words are tracked per open document and drawn tinted when the writer asks for it.
Histories are written when their document is saved, and when the window closes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QMainWindow, QTextEdit

from writer_app.core.drafting.history import (
    LOOSE_KEY,
    Branch,
    DocumentHistory,
    HistoryFile,
    Spot,
    anchor_of,
    now_iso,
    text_hash,
)
from writer_app.core.text.utf16 import index_from_utf16, utf16_length
from writer_app.ui.controllers.documents import OpenDocument
from writer_app.ui.controllers.manuscripts import Manuscripts
from writer_app.ui.editor.draft_editor import DraftEditor
from writer_app.ui.editor.provenance import ModelTextTracker
from writer_app.ui.panels.branches import BranchesDialog

log = logging.getLogger(__name__)

TINT = QColor(214, 168, 96, 56)  # a warm wash, light enough to read through


@dataclass
class _Session:
    """One suggestion being offered: where, and what each alternative said so far."""

    doc: OpenDocument
    anchor: str
    offset: int
    request_id: int = -1
    texts: dict[int, str] = field(default_factory=dict)
    seeds: dict[int, int | None] = field(default_factory=dict)
    accepted: int | None = None
    kept: dict[int, Branch] = field(default_factory=dict)  # after it was committed


@dataclass
class _Binding:
    file: HistoryFile | None  # None: an untitled page, kept in memory until it is saved
    key: str
    history: DocumentHistory


class HistoryController(QObject):
    """Branches per spot, and which words the model wrote (see module docstring)."""

    message = Signal(str)
    historySaved = Signal(object)  # OpenDocument

    def __init__(self, window: QMainWindow, editor: DraftEditor, files: Manuscripts, worker):
        super().__init__(window)
        self._window = window
        self._editor = editor
        self._files = files
        self._trackers: dict[OpenDocument, ModelTextTracker] = {}
        self._bindings: dict[OpenDocument, _Binding] = {}
        self._files_by_path: dict[Path, HistoryFile] = {}
        self._session: _Session | None = None
        self.dialog: BranchesDialog | None = None
        worker.suggestionText.connect(self._on_text)
        worker.alternativeFinished.connect(self._on_alternative_finished)
        editor.suggestionAccepted.connect(self._on_accepted)
        editor.ghostDismissed.connect(self._end_session)
        editor.ghostChanged.connect(self._apply_tint)
        editor.ghostDismissed.connect(self._apply_tint)
        files.currentChanged.connect(self._on_document_shown)
        files.saved.connect(self.save_document)
        self.tint = False  # Draft ▸ Tint the Model's Words

    def set_tint(self, on: bool) -> None:
        self.tint = on
        self._apply_tint()

    # -- documents ------------------------------------------------------------------------------

    def tracker(self, doc: OpenDocument) -> ModelTextTracker:
        tracker = self._trackers.get(doc)
        if tracker is None:
            tracker = ModelTextTracker(doc.document)
            tracker.changed.connect(lambda d=doc: self._on_spans_changed(d))
            self._trackers[doc] = tracker
            binding = self._binding(doc)
            if binding is not None and binding.history.model_text:
                text = doc.text()
                tracker.load_text_spans(binding.history.placed_spans(text), text)
        return tracker

    def _on_document_shown(self, doc: OpenDocument | None) -> None:
        if doc is not None:
            self.tracker(doc)
        self._apply_tint()

    def _binding(self, doc: OpenDocument) -> _Binding | None:
        binding = self._bindings.get(doc)
        if binding is not None and binding.file is not None:
            return binding
        found = self._history_file(doc)
        if found is None:
            if binding is None:
                binding = _Binding(None, "", DocumentHistory())
                self._bindings[doc] = binding
            return binding
        history_file, key = found
        if binding is not None:  # an untitled page was just saved: its history moves along
            history_file.documents[key] = binding.history
        binding = _Binding(history_file, key, history_file.document(key))
        self._bindings[doc] = binding
        return binding

    def _history_file(self, doc: OpenDocument) -> tuple[HistoryFile, str] | None:
        chapter_id = self._files.chapter_id_of(doc)
        project = self._files.project
        if chapter_id is not None and project is not None:
            return self._cached(project.folder / "history.json", project.folder, True), chapter_id
        if doc.path is not None:
            return self._cached(None, doc.path, False), LOOSE_KEY
        return None

    def _cached(self, path: Path | None, where: Path, project: bool) -> HistoryFile:
        if path is not None and path in self._files_by_path:
            return self._files_by_path[path]
        loaded = HistoryFile.for_project(where) if project else HistoryFile.for_manuscript(where)
        return self._files_by_path.setdefault(loaded.path, loaded)

    # -- saving ---------------------------------------------------------------------------------

    def save_document(self, doc: OpenDocument) -> None:
        """Write ``doc``'s history (with its model text, measured on its current text)."""
        binding = self._binding(doc)
        if binding is None or binding.file is None:
            return
        text = doc.text()
        tracker = self._trackers.get(doc)
        if tracker is not None:
            binding.history.model_text = tracker.spans_in_text(text)
        binding.history.text_sha256 = text_hash(text)
        try:
            binding.file.save()
        except OSError as error:
            log.warning("could not save %s", binding.file.path, exc_info=True)
            self.message.emit(
                self.tr(
                    "The suggestion history could not be saved ({reason}); "
                    "it is kept while the app is open."
                ).format(reason=error.strerror or error)
            )
            return
        self.historySaved.emit(doc)

    def flush(self) -> None:
        """Before the window closes: keep the suggestion on screen, write every history."""
        self._end_session()
        for doc in list(self._trackers):
            self.save_document(doc)

    # -- the drafting loop ----------------------------------------------------------------------

    def suggestion_requested(self, request) -> None:
        """A new GenerationRequest went out: the previous session is over."""
        self._end_session()
        doc = self._files.current
        if doc is None or request.revision is not None:
            return  # a revision is no branch of the story at a spot: its words are still marked
        self._session = _Session(
            doc, anchor_of(request.text), request.text_offset + len(request.text),
            request_id=request.request_id,
        )  # fmt: skip

    def _on_text(self, request_id: int, index: int, text: str) -> None:
        session = self._session
        if session is None or session.request_id != request_id or not self._editor.has_suggestion:
            return
        session.texts[index] = session.texts.get(index, "") + text

    def _on_alternative_finished(self, request_id: int, index: int, stats) -> None:
        session = self._session
        if session is None or session.request_id != request_id:
            return
        session.seeds[index] = stats.seed
        if index in session.kept:
            session.kept[index].seed = stats.seed

    def _on_accepted(self, text: str) -> None:
        doc = self._files.current
        if doc is not None and text:
            end = self._editor.textCursor().position()
            self.tracker(doc).mark(end - utf16_length(text), end)
        session = self._session
        if session is None or session.kept:
            return
        shown = text + self._editor.ghost_text
        matches = [i for i, said in sorted(session.texts.items()) if said.endswith(shown)]
        if matches and session.accepted is None:
            session.accepted = matches[0]
        if not self._editor.has_suggestion:
            self._end_session()

    def _end_session(self) -> None:
        session = self._session
        if session is None or session.kept:
            return
        binding = self._binding(session.doc)
        texts = {i: t for i, t in session.texts.items() if t}
        if binding is None or not texts:
            self._session = None
            return
        spot = binding.history.spot_for(session.anchor, session.offset)
        for index, said in sorted(texts.items()):
            branch = spot.add(Branch(said, session.seeds.get(index), now_iso()))
            session.kept[index] = branch
            if index == session.accepted:
                spot.mark_accepted(branch)

    # -- branches -------------------------------------------------------------------------------

    def spot_here(self) -> tuple[Spot, bool] | None:
        """The spot at the cursor, and whether its accepted text is just before the cursor."""
        doc = self._files.current
        binding = self._binding(doc) if doc is not None else None
        if binding is None:
            return None
        text = doc.text()
        here = index_from_utf16(text, self._editor.textCursor().position())
        hits = binding.history.spots_at(text[:here])
        if not hits:
            return None
        return min(hits, key=lambda hit: abs(hit[0].offset - here))

    def show_branches(self) -> BranchesDialog | None:
        found = self.spot_here()
        if found is None:
            self.message.emit(self.tr("No suggestions were offered here yet."))
            return None
        spot, _after = found
        self._end_session()
        note = self.tr("Suggestions offered here (✓ is the one in the text). Bring one back:")
        self.dialog = BranchesDialog(list(spot.branches), note, self._window)
        self.dialog.branchChosen.connect(lambda row: self.choose_branch(spot.branches[row]))
        self.dialog.open()
        return self.dialog

    def choose_branch(self, branch: Branch) -> None:
        """Swap the spot's accepted text for ``branch``; with none beside the cursor, show it
        as the ghost (Tab keeps it)."""
        found = self.spot_here()
        doc = self._files.current
        if found is None or doc is None:
            return
        spot, after = found
        chosen = spot.accepted
        stretch = self._accepted_stretch(doc, chosen, after)
        if stretch is not None and chosen is not None:
            if chosen is not branch:
                self._replace(doc, stretch, branch.text)
                spot.mark_accepted(branch)
            return
        self._editor.dismiss_suggestion()
        self._editor.start_suggestion()
        self._editor.replace_ghost(branch.text)
        here = index_from_utf16(doc.text(), self._editor.textCursor().position())
        self._session = _Session(doc, spot.anchor, here, texts={0: branch.text})
        self._session.seeds[0] = branch.seed

    def _accepted_stretch(
        self, doc: OpenDocument, chosen: Branch | None, after: bool
    ) -> tuple[int, int] | None:
        """Qt positions of the accepted text next to the cursor, if it is there."""
        if chosen is None:
            return None
        cursor = self._editor.textCursor().position()
        length = utf16_length(chosen.text)
        if after:
            return cursor - length, cursor
        text = doc.text()
        here = index_from_utf16(text, cursor)
        if text.startswith(chosen.text, here):
            return cursor, cursor + length
        return None

    def _replace(self, doc: OpenDocument, stretch: tuple[int, int], text: str) -> None:
        """One undo step; the new words are the model's."""
        self._editor.dismiss_suggestion()
        cursor = self._editor.textCursor()
        cursor.setPosition(stretch[0])
        cursor.setPosition(stretch[1], QTextCursor.MoveMode.KeepAnchor)
        cursor.beginEditBlock()
        cursor.insertText(text)
        cursor.endEditBlock()
        self._editor.setTextCursor(cursor)
        end = cursor.position()
        self.tracker(doc).mark(end - utf16_length(text), end)

    # -- tint -----------------------------------------------------------------------------------

    def _on_spans_changed(self, doc: OpenDocument) -> None:
        if doc is self._files.current:
            self._apply_tint()

    def _apply_tint(self, *_args) -> None:
        doc = self._files.current
        tracker = self._trackers.get(doc) if doc is not None else None
        if not self.tint or tracker is None:
            self._editor.setExtraSelections([])
            return
        tint = QTextCharFormat()
        tint.setBackground(TINT)
        selections = []
        for start, end in self._tint_pieces(tracker.spans):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = QTextCursor(doc.document)
            selection.cursor.setPosition(start)
            selection.cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            selection.format = tint
            selections.append(selection)
        self._editor.setExtraSelections(selections)

    def _tint_pieces(self, spans) -> list[tuple[int, int]]:
        """Layout positions to tint.  A ghost is drawn inside its paragraph's layout, which
        moves the rest of that paragraph along: tint there moves with it.  Qt clips extra
        selections by document position, so a stretch pushed past the paragraph's end would
        also tint the next one; such a stretch waits until the ghost goes."""
        ghost = self._editor.ghost_text.replace("\r\n", "\n")
        if not ghost:
            return [(span.start, span.end) for span in spans]
        at = self._editor.textCursor().position()
        block = self._editor.document().findBlock(at)
        block_end = block.position() + block.length() - 1
        shift = utf16_length(ghost)
        pieces = []
        for span in spans:
            cuts = sorted(
                {span.start, span.end, *(p for p in (at, block_end) if span.start < p < span.end)}
            )
            for start, end in zip(cuts, cuts[1:], strict=False):
                if not at <= start < block_end:
                    pieces.append((start, end))
                elif end + shift <= block_end:  # else it would spill into the next paragraph
                    pieces.append((start + shift, end + shift))
        return pieces
