"""Counting words off the GUI thread: the shown chapter, the whole novel, and what the novel
held when the session began.

Chapters open in the editor are counted from the editor's text; only the others are read from
disk.  A count that fails (an unreadable chapter, a bug) is logged and said once in the status
bar; the last good figures stay.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, QTimer, Signal

from writer_app.core.manuscript.project import Project
from writer_app.core.text.wordcount import WordCount, count_text

log = logging.getLogger(__name__)

COUNT_DELAY_MS = 600  # after the last keystroke: a burst of typing is counted once
_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wordcount")

# The shown document's text, the novel (or None), the text of each open chapter (chapter id ->
# the editor's text), and the shown document's key (which document the first count is of).
Snapshot = tuple[str, "Project | None", dict[str, str], str]


class WordCounter(QObject):
    """Counts a moment after the text changes; reports on the GUI thread."""

    # WordCount of the shown document, of the novel (or None), and {chapter id: words}
    counted = Signal(object, object, object)
    shownCounted = Signal(str, int)  # the shown document's key and its words (字 and words)
    failed = Signal(str)  # a sentence for the status bar
    _session_counted = Signal(object, int)  # Project, its words when the session began

    def __init__(self, parent: QObject, snapshot: Callable[[], Snapshot | None]) -> None:
        super().__init__(parent)
        self._snapshot = snapshot
        self._generation = 0
        self._told = False
        self.session_start: int | None = None  # the novel's words when it was opened
        self._project: Project | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COUNT_DELAY_MS)
        self._timer.timeout.connect(self.count_now)
        self._session_counted.connect(self._on_session_counted)

    def count_soon(self) -> None:
        self._timer.start()

    def count_now(self) -> None:
        snapshot = self._snapshot()
        if snapshot is None:
            return
        self._generation += 1
        generation = self._generation
        text, project, open_texts, key = snapshot

        def count() -> None:
            chapter = count_text(text)
            total: WordCount | None = None
            per_chapter: dict[str, int] = {}
            if project is not None:
                total = WordCount()
                for item in project.chapters:
                    words = project.word_count_of(item, open_texts.get(item.id))
                    per_chapter[item.id] = words.total
                    total += words
            if generation == self._generation:  # else a newer count is on its way
                self.counted.emit(chapter, total, per_chapter)
                self.shownCounted.emit(key, chapter.total)

        self._run(count)

    def start_session(self, project: Project | None, open_texts: dict[str, str]) -> None:
        """A novel was opened: count what it holds now, the start of this session's progress."""
        self._project = project
        self.session_start = None
        if project is not None:

            def count() -> None:
                self._session_counted.emit(project, project.word_count(open_texts).total)

            self._run(count)

    def _on_session_counted(self, project: Project, words: int) -> None:
        if project is self._project:
            self.session_start = words

    def _run(self, job: Callable[[], None]) -> None:
        _pool.submit(job).add_done_callback(self._check)

    def _check(self, done: Future) -> None:
        """Runs on the counting thread: a failure is logged and said (once a session)."""
        error = done.exception()
        if error is None:
            return
        log.error("counting words failed", exc_info=error)
        if not self._told:
            self._told = True
            self.failed.emit(self.tr("Words could not be counted (the details are in the log)."))
