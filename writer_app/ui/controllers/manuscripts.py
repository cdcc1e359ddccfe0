"""Files, chapters and recovery: everything between the editor and the writer's disk.

The window owns one Manuscripts controller.  It keeps every open document (one per chapter or
file), shows one of them in the editor, and turns every failure into a sentence and a choice:
a file it cannot decode, a save that fails, a file another program changed.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QTextCursor
from PySide6.QtWidgets import QFileDialog, QWidget

from writer_app.core.manuscript.archive import archive_project
from writer_app.core.manuscript.backups import BackupPolicy, backup_dir, default_backup_folder
from writer_app.core.manuscript.encoding import DecodeError, EncodeError
from writer_app.core.manuscript.project import Project, ProjectError
from writer_app.core.manuscript.project_file import PROJECT_FILE
from writer_app.core.manuscript.recent import RecentItems
from writer_app.core.manuscript.recovery import Recoverable
from writer_app.core.manuscript.text_file import (
    ExternalChange,
    ManuscriptError,
    SaveError,
    manuscript_size,
)
from writer_app.core.models.demo import demo_for
from writer_app.core.storage.paths import resource, writer_path
from writer_app.core.text.utf16 import utf16_positions
from writer_app.ui.controllers.crash_recovery import offer_recovery
from writer_app.ui.controllers.documents import OpenDocument, flush_journal, text_filter
from writer_app.ui.controllers.external_changes import ExternalChanges
from writer_app.ui.controllers.file_loader import (
    ASK_ABOVE_BYTES,
    READ_IN_BACKGROUND_BYTES,
    FileLoader,
)
from writer_app.ui.controllers.word_counter import Snapshot, WordCounter
from writer_app.ui.dialogs import file_questions as questions
from writer_app.ui.dialogs.save_failed import ask_to_save_elsewhere
from writer_app.ui.editor.draft_editor import DraftEditor
from writer_app.ui.failures import tell

log = logging.getLogger(__name__)


class Manuscripts(QObject):
    """Open documents, the current project, and the dialogs that protect the writer's text."""

    currentChanged = Signal(object)  # OpenDocument
    projectChanged = Signal(object)  # Project | None
    titleChanged = Signal()  # the current document's name or saved state changed
    saved = Signal(object)  # OpenDocument, just written to disk
    message = Signal(str)  # for the status bar
    fileOpened = Signal(object)  # OpenDocument, read in the background and now shown

    def __init__(self, window: QWidget, editor: DraftEditor) -> None:
        super().__init__(window)
        self._window = window
        self._editor = editor
        self._docs: dict[str, OpenDocument] = {}
        self.current: OpenDocument | None = None
        self.project: Project | None = None
        self.recent = RecentItems()
        self._loading: dict[Path, FileLoader] = {}  # big files being read in the background
        self.external = ExternalChanges(self, window)
        self.external.message.connect(self.message)
        self.words = WordCounter(self, self._word_snapshot)
        self.words.failed.connect(self.message)
        self.show(OpenDocument("", parent=self))

    # -- what is open -----------------------------------------------------------------------

    @property
    def documents(self) -> list[OpenDocument]:
        return list(self._docs.values())

    def show(self, doc: OpenDocument) -> None:
        """Put ``doc`` in the editor (the previous one stays open, with its undo history)."""
        previous = self.current
        if previous is not None and previous is not doc:
            previous.cursor_position = self._editor.textCursor().position()
        if doc.key not in self._docs:
            self._docs[doc.key] = doc
            doc.setParent(self)
            doc.journalFailed.connect(self._on_journal_failed)
            doc.document.contentsChanged.connect(self.count_words_soon)
            doc.document.modificationChanged.connect(self.titleChanged)
            doc.pathChanged.connect(self.titleChanged)
        self.current = doc
        self._editor.show_document(doc.document)
        cursor = self._editor.textCursor()
        cursor.setPosition(min(doc.cursor_position, doc.document.characterCount() - 1))
        self._editor.setTextCursor(cursor)
        self.external.watch(doc)
        self.currentChanged.emit(doc)
        self.count_words_soon()

    def find(self, path: Path) -> OpenDocument | None:
        for doc in self._docs.values():
            # realpath, not Path.resolve: a loop of links raises RuntimeError there (3.11).
            if doc.path is not None and os.path.realpath(doc.path) == os.path.realpath(path):
                return doc
        return None

    def _forget_blank_untitled(self) -> None:
        """An empty untitled page is replaced, not kept, when the writer opens something."""
        doc = self.current
        if doc is not None and doc.path is None and not doc.modified and not doc.text():
            self._docs.pop(doc.key, None)
            doc.close()

    # -- opening ----------------------------------------------------------------------------

    def open_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self._window, self.tr("Open a chapter"), "", text_filter()
        )
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path) -> bool:
        """Open a file, or a project folder (or its project.json)."""
        path = writer_path(path)  # absolute now: it is recorded in the journal and recents
        if path.is_dir() or path.name == PROJECT_FILE:
            return self.open_project(path if path.is_dir() else path.parent)
        existing = self.find(path)
        if existing is not None:
            self.show(existing)
            return True
        if path in self._loading:
            return True
        try:
            # stat only: a pipe, a device or a socket is refused before anything opens it.
            size = manuscript_size(path)
        except ManuscriptError as error:
            self._warn(self.tr("Could not open the file"), str(error))
            return False
        if size > ASK_ABOVE_BYTES and not questions.open_huge_file(self._window, path, size):
            return False
        if size > READ_IN_BACKGROUND_BYTES:
            self._open_in_background(path, size)
            return True  # opening: the document is shown when it is ready
        try:
            doc = OpenDocument.open(path, self._backups_for(path))
        except ManuscriptError as error:
            self._warn(self.tr("Could not open the file"), str(error))
            return False
        except DecodeError as error:
            return self._offer_lossy_copy(error)
        self._finish_open(doc)
        return True

    def _finish_open(self, doc: OpenDocument) -> None:
        assert doc.path is not None
        self._forget_blank_untitled()
        self.show(doc)
        self.recent.add(doc.path)
        if doc.format.encoding not in ("utf-8", "utf-8-sig"):
            name, label = doc.path.name, doc.format.label
            self.message.emit(
                self.tr("Opened {name} as {encoding}; it will be saved so.").format(
                    name=name, encoding=label
                )
            )

    def _open_in_background(self, path: Path, size: int) -> None:
        """Read a big file on a worker thread; the window stays usable, Cancel stops it."""
        loader = FileLoader(path, size, self._window)
        self._loading[path] = loader
        loader.loaded.connect(lambda loaded, document: self._on_loaded(path, loaded, document))
        loader.failed.connect(lambda error: self._on_load_failed(path, error))
        loader.cancelled.connect(lambda: self._on_load_cancelled(path))
        loader.start()

    def _on_loaded(self, path: Path, loaded, document) -> None:
        self._loading.pop(path, None)
        doc = OpenDocument(
            "",
            loaded.path,
            loaded.format,
            loaded.fingerprint,
            backups=self._backups_for(path),
            document=document,
        )
        self._finish_open(doc)
        self.fileOpened.emit(doc)

    def _on_load_failed(self, path: Path, error: Exception) -> None:
        self._loading.pop(path, None)
        if isinstance(error, DecodeError):
            self._offer_lossy_copy(error)
        else:
            self._warn(self.tr("Could not open the file"), str(error))

    def _on_load_cancelled(self, path: Path) -> None:
        self._loading.pop(path, None)
        self.message.emit(self.tr("Opening {name} was cancelled.").format(name=path.name))

    def _offer_lossy_copy(self, error: DecodeError) -> bool:
        if not questions.open_lossy_copy(self._window, str(error)):
            return False
        self._forget_blank_untitled()
        copy = OpenDocument(error.lossy_text, parent=self)
        copy.document.setModified(True)
        self.show(copy)
        self.message.emit(self.tr("Opened an untitled copy; the original file was not changed."))
        return True

    def open_text(self, text: str) -> OpenDocument:
        """A new untitled document holding ``text`` (the demo's sample chapter)."""
        self._forget_blank_untitled()
        doc = OpenDocument(text, parent=self)
        self.show(doc)
        return doc

    def open_sample_chapter(self, language: str = "en") -> None:
        """The demo's sample chapter, in ``language`` (English or Chinese)."""
        text = resource(demo_for(language).sample).read_text(encoding="utf-8")
        self.open_text(text.rstrip("\n") + "\n\n")

    # -- projects ---------------------------------------------------------------------------

    def new_project_dialog(self) -> None:
        answer = questions.new_novel(self._window)
        if answer is None:
            return
        folder, title = answer
        try:
            project = Project.create(folder / title, title)
            project.add_chapter(self.tr("Chapter 1"))
        except (ProjectError, OSError) as error:
            self._warn(self.tr("Could not create the novel"), str(error))
            return
        self._set_project(project)

    def open_project_dialog(self) -> None:
        folder = questions.novel_folder(self._window)
        if folder is not None:
            self.open_project(folder)

    def open_project(self, folder: Path) -> bool:
        try:
            project = Project.open(writer_path(folder))
        except (ProjectError, OSError) as error:
            self._warn(self.tr("Could not open the novel"), str(error))
            return False
        if project.notice:  # repairs, entries left out, a read-only folder: said at open
            self._warn(self.tr("About this novel"), project.notice)
        self._set_project(project)
        return True

    def _set_project(self, project: Project) -> None:
        self.project = project
        self.recent.add(project.folder)
        self.projectChanged.emit(project)
        if project.chapters:
            self.open_chapter(project.chapters[0].id)
        # After the first chapter is open: its text is counted from the editor, not read again.
        self.words.start_session(project, self.open_chapter_texts())

    def open_chapter(self, chapter_id: str) -> None:
        if self.project is None:
            return
        chapter = self.project.chapter(chapter_id)
        self.open_path(chapter.path)

    def chapter_about_to_be_deleted(self, chapter_id: str) -> bool:
        """Save and close the chapter's document first, so the trash holds its latest words.
        False: it could not be saved, and the chapter must stay."""
        if self.project is None:
            return True
        doc = self.find(self.project.chapter(chapter_id).path)
        if doc is None:
            return True
        if doc.modified and not self.save_doc(doc):
            return False
        self._close(doc)
        if doc is self.current:
            self.current = None
        return True

    def show_span(self, chapter_id: str, start: int, end: int) -> None:
        """Open a chapter and select ``start``–``end`` (str indexes of its text): a result of
        Find in Novel."""
        self.open_chapter(chapter_id)
        if self.chapter_id_of(self.current) != chapter_id:
            return  # it could not be opened (the writer was told)
        text = self._editor.toPlainText()
        if end > len(text):
            return  # the chapter changed since it was searched
        first, last = utf16_positions(text, [start, end])
        cursor = self._editor.textCursor()
        cursor.setPosition(first)
        cursor.setPosition(last, QTextCursor.MoveMode.KeepAnchor)
        self._editor.setTextCursor(cursor)
        self._editor.ensureCursorVisible()

    def document_of(self, chapter_id: str) -> OpenDocument | None:
        """The open document of a chapter, if it is open."""
        return next((d for d in self._docs.values() if self.chapter_id_of(d) == chapter_id), None)

    def chapter_id_of(self, doc: OpenDocument | None) -> str | None:
        if self.project is None or doc is None or doc.path is None:
            return None
        for chapter in self.project.chapters:
            if chapter.path.resolve() == doc.path.resolve():
                return chapter.id
        return None

    def _backups_for(self, path: Path) -> BackupPolicy:
        if self.project is not None and self.project.folder in path.resolve().parents:
            return self.project.backup_policy
        return BackupPolicy(default_backup_folder())

    def show_backups(self) -> None:
        """Open the folder that holds the previous versions of the current file."""
        doc = self.current
        if doc is not None and doc.path is not None:
            folder = backup_dir(doc.path, doc.backups)
        elif self.project is not None:
            folder = self.project.backup_policy.folder
        else:
            folder = default_backup_folder()
        folder.mkdir(parents=True, exist_ok=True)
        self.message.emit(self.tr("Backups are in {folder}").format(folder=folder))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # -- saving -----------------------------------------------------------------------------

    def save(self) -> bool:
        return self.current is not None and self.save_doc(self.current)

    def save_as(self) -> bool:
        doc = self.current
        if doc is None:
            return False
        name, _ = QFileDialog.getSaveFileName(
            self._window, self.tr("Save the chapter"), "", text_filter()
        )
        return bool(name) and self.save_doc(doc, Path(name))

    def save_doc(
        self, doc: OpenDocument, path: Path | None = None, overwrite: bool = False
    ) -> bool:
        if path is None and doc.path is None:
            name, _ = QFileDialog.getSaveFileName(
                self._window, self.tr("Save the chapter"), "", text_filter()
            )
            if not name:
                return False
            path = Path(name)
        try:
            doc.save(path, overwrite=overwrite)
        except ExternalChange as change:
            return self.external.resolve(doc, change)
        except EncodeError as error:
            return self._offer_utf8(doc, path, error)
        except SaveError as error:
            return self._offer_save_as(doc, error)
        self.external.watch(doc)
        if doc.path is not None:
            self.recent.add(doc.path)
        self.message.emit(self.tr("Saved {name}").format(name=doc.title))
        self.saved.emit(doc)
        self.count_words_soon()
        return True

    def save_as_utf8(self) -> bool:
        """Convert the current file to UTF-8 (keeping its line endings) and save it."""
        doc = self.current
        if doc is None:
            return False
        previous = doc.format
        doc.format = doc.format.as_utf8()
        if self.save_doc(doc, overwrite=False):
            self.titleChanged.emit()
            return True
        doc.format = previous
        return False

    def set_goal_dialog(self) -> None:
        if self.project is None:
            self.message.emit(self.tr("Open a novel to set a word goal."))
            return
        goal = questions.word_goal(self._window, self.project.word_goal)
        if goal is not None:
            self.project.word_goal = goal
            self.count_words_soon()

    def _offer_save_as(self, doc: OpenDocument, error: SaveError) -> bool:
        if not ask_to_save_elsewhere(self._window, error):
            return False
        name, _ = QFileDialog.getSaveFileName(
            self._window, self.tr("Save a copy elsewhere"), "", text_filter()
        )
        return bool(name) and self.save_doc(doc, Path(name))

    def _offer_utf8(self, doc: OpenDocument, path: Path | None, error: EncodeError) -> bool:
        if not questions.save_as_utf8(self._window, str(error)):
            return False
        doc.format = doc.format.as_utf8()
        return self.save_doc(doc, path)

    # -- closing ----------------------------------------------------------------------------

    def confirm_close_all(self) -> bool:
        """Ask about unsaved documents; True when it is fine to close."""
        unsaved = [doc for doc in self._docs.values() if doc.modified]
        if not unsaved:
            return True
        answer = questions.unsaved_changes(self._window, [doc.title for doc in unsaved])
        if answer is questions.Unsaved.CANCEL:
            return False
        if answer is questions.Unsaved.SAVE:
            return all(self.save_doc(doc) for doc in unsaved)
        return True

    def close_all(self) -> None:
        """A clean exit: journals are cleared, the novel gets a dated archive."""
        for doc in list(self._docs.values()):
            self._close(doc)
        flush_journal()
        if self.project is not None:
            try:
                archive_project(self.project)
            except (ProjectError, OSError) as error:
                log.warning("project archive failed: %s", error)

    def _close(self, doc: OpenDocument) -> None:
        doc.close()
        self._docs.pop(doc.key, None)
        if doc.path is not None:
            self.external.unwatch(doc)

    # -- recovery ---------------------------------------------------------------------------

    def offer_recovery(self) -> int:
        """After a crash: offer the unsaved text the journal kept. Returns documents restored."""
        return offer_recovery(self, self._window)

    def show_restored(self, rec: Recoverable) -> None:
        """Show a document restored from the journal (into its file, or as an untitled copy)."""
        doc = OpenDocument.restored(rec, self._backups_for(rec.path) if rec.path else None)
        self._forget_blank_untitled()
        self.show(doc)

    # -- words ------------------------------------------------------------------------------

    def count_words_soon(self) -> None:
        self.words.count_soon()

    def _word_snapshot(self) -> Snapshot | None:
        """What the counter needs: the shown text, the novel, and every open chapter's text
        (so a chapter in the editor is never read from disk again to be counted)."""
        if self.current is None:
            return None
        return self.current.text(), self.project, self.open_chapter_texts(), self.current.key

    def open_chapter_texts(self) -> dict[str, str]:
        texts: dict[str, str] = {}
        for doc in self._docs.values():
            chapter_id = self.chapter_id_of(doc)
            if chapter_id is not None:
                texts[chapter_id] = doc.text()
        return texts

    def _on_journal_failed(self, message: str) -> None:
        self.message.emit(message)

    def _warn(self, title: str, text: str) -> None:
        tell(self._window, title, text)
