"""Novel ▸ Find in Novel (Ctrl+Shift+F): every match in every chapter, with its line, and
Replace All across the novel after a count and a question.

Searching and replacing run on a background thread (a hundred chapters are read from disk);
results come back as a queued signal, tagged so that a newer search wins.  Chapters open in
the editor are searched and replaced in the editor's text, each as one undo step; the others
are written at once (atomically, with a backup).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.manuscript.novel_search import (
    Hit,
    NovelReplaced,
    NovelResults,
    replace_in_novel,
    search_novel,
)
from writer_app.core.manuscript.project import Project
from writer_app.core.text.search import PatternError, Query, replacements
from writer_app.ui.controllers.manuscripts import Manuscripts
from writer_app.ui.editor.find_bar import SearchOptions, apply_replacements, not_valid
from writer_app.ui.failures import ask

HIT_ROLE = Qt.ItemDataRole.UserRole


class _Job(QObject):
    """One search or replace on a thread of its own; ``done`` arrives on the GUI thread."""

    done = Signal(int, object)  # generation, result (or the PatternError)

    def run(self, generation: int, work: Callable[[], Any]) -> None:
        def target() -> None:
            try:
                result: Any = work()
            except PatternError as error:
                result = error
            self.done.emit(generation, result)

        threading.Thread(target=target, name="novel-search", daemon=True).start()


class FindInNovelDialog(QDialog):
    hitChosen = Signal(str, int, int)  # chapter id, start, end (str indexes)
    message = Signal(str)
    shown = Signal()  # a search's or a replace's outcome is on screen (scripts wait on it)

    def __init__(self, files: Manuscripts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findInNovelDialog")
        self.setWindowTitle(self.tr("Find in Novel"))
        self.resize(720, 520)
        self._files = files
        self._generation = 0
        self._cancel = threading.Event()
        self._results = NovelResults()
        self._replacing = (Query(""), "")
        self._job = _Job(self)
        self._job.done.connect(self._on_done)
        self.find_field = QLineEdit()
        self.find_field.setObjectName("novelFindField")
        self.find_field.setPlaceholderText(self.tr("Find in every chapter"))
        self.replace_field = QLineEdit()
        self.replace_field.setObjectName("novelReplaceField")
        self.replace_field.setPlaceholderText(self.tr("Replace with"))
        self.options = SearchOptions(self)
        self.match_case, self.whole_word, self.regex = self.options.boxes
        self.search_button = QPushButton(self.tr("Find All"))
        self.search_button.setObjectName("novelSearchButton")
        self.replace_button = QPushButton(self.tr("Replace All…"))
        self.replace_button.setObjectName("novelReplaceButton")
        self.results = QTreeWidget()
        self.results.setObjectName("novelResults")
        self.results.setHeaderHidden(True)
        self.status = QLabel("")
        self.status.setObjectName("novelSearchStatus")
        self.status.setWordWrap(True)
        grid = QGridLayout()
        grid.addWidget(self.find_field, 0, 0)
        grid.addWidget(self.search_button, 0, 1)
        grid.addWidget(self.replace_field, 1, 0)
        grid.addWidget(self.replace_button, 1, 1)
        options = QVBoxLayout()
        for box in self.options.boxes:
            options.addWidget(box)
        grid.addLayout(options, 0, 2, 2, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        self.find_field.returnPressed.connect(self.search)
        self.search_button.clicked.connect(self.search)
        self.replace_button.clicked.connect(self.replace_all)
        self.results.itemActivated.connect(self._choose)
        self.results.itemDoubleClicked.connect(self._choose)

    def query(self) -> Query:
        return self.options.query(self.find_field.text())

    def _project(self) -> Project | None:
        project = self._files.project
        if project is None:
            self.status.setText(self.tr("Open a novel to search all its chapters."))
        return project

    # -- searching ---------------------------------------------------------------------------

    def search(self) -> None:
        project, query = self._project(), self.query()
        if project is None or not query.text:
            return
        self._cancel.set()  # an older search still reading stops
        self._cancel = cancel = threading.Event()
        open_texts = self._files.open_chapter_texts()
        self._generation += 1
        self.status.setText(self.tr("Searching…"))
        self._job.run(self._generation, lambda: search_novel(project, query, open_texts, cancel))

    def _on_done(self, generation: int, result: object) -> None:
        if generation != self._generation:
            return  # a newer search or replace was asked for
        if isinstance(result, PatternError):
            self.status.setText(not_valid(result))
        elif isinstance(result, NovelReplaced):
            self._replaced(result)
        elif isinstance(result, NovelResults):
            self._show(result)
        self.shown.emit()

    def _show(self, results: NovelResults) -> None:
        self._results = results
        self.results.clear()
        rows: dict[str, QTreeWidgetItem] = {}
        for hit in results.hits:
            row = rows.get(hit.chapter_id)
            if row is None:
                row = rows[hit.chapter_id] = QTreeWidgetItem(self.results, [hit.chapter_title])
                row.setExpanded(True)
            item = QTreeWidgetItem(row, [f"{hit.before}【{hit.match}】{hit.after}"])
            item.setData(0, HIT_ROLE, hit)
        for chapter_id, row in rows.items():
            count = sum(1 for hit in results.hits if hit.chapter_id == chapter_id)
            row.setText(0, f"{row.text(0)} ({count})")
        said = self.tr("{count} matches in {chapters} chapters.").format(
            count=len(results.hits), chapters=len(rows)
        )
        self.status.setText(" ".join([said, *results.unreadable]))

    def _choose(self, item: QTreeWidgetItem) -> None:
        hit = item.data(0, HIT_ROLE)
        if isinstance(hit, Hit):
            self.hitChosen.emit(hit.chapter_id, hit.start, hit.end)

    # -- replacing ---------------------------------------------------------------------------

    def replace_all(self) -> None:
        project, query = self._project(), self.query()
        if project is None or not query.text:
            return
        hits = self._results.hits
        chapters = len(self._results.chapters())
        if not hits:
            self.status.setText(self.tr("Find All first: nothing to replace yet."))
            return
        Button = QMessageBox.StandardButton
        answer = ask(
            self,
            self.tr("Replace in the Whole Novel"),
            self.tr(
                "Replace {count} matches of “{find}” with “{new}” in {chapters} chapters?\n\n"
                "Chapters that are not open are saved at once, with a backup of each. Open "
                "chapters change in the editor, where Ctrl+Z takes it back."
            ).format(
                count=len(hits), find=query.text, new=self.replace_field.text(), chapters=chapters
            ),
            Button.Yes | Button.Cancel,
            Button.Cancel,
        )
        if answer != Button.Yes:
            return
        open_texts = self._files.open_chapter_texts()
        replacement = self.replace_field.text()
        self._replacing = (query, replacement)  # what was asked, whatever the fields say later
        self._generation += 1
        self.status.setText(self.tr("Replacing…"))
        self._job.run(
            self._generation, lambda: replace_in_novel(project, query, replacement, open_texts)
        )

    def _replaced(self, done: NovelReplaced) -> None:
        count = done.count
        query, replacement = self._replacing
        for chapter_id in done.left_to_editor:
            doc = self._files.document_of(chapter_id)
            if doc is None:
                continue
            text = doc.text()
            planned = replacements(text, query, replacement)
            apply_replacements(doc.document, text, planned)
            count += len(planned)
        chapters = len(done.chapters) + len(done.left_to_editor)
        said = self.tr("Replaced {count} in {chapters} chapters.").format(
            count=count, chapters=chapters
        )
        self.message.emit(said)
        self._files.count_words_soon()
        self._results = NovelResults()  # the old places are gone: Find All shows the new ones
        self.results.clear()
        self.status.setText(" ".join([said, *done.failed]))
