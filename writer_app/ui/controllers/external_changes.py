"""Another program changed an open file: reload it when the writer has no unsaved changes,
and never overwrite it without the writer's word."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from writer_app.core.manuscript.encoding import DecodeError
from writer_app.core.manuscript.text_file import ExternalChange, ManuscriptError, fingerprint
from writer_app.ui.controllers.documents import OpenDocument, text_filter
from writer_app.ui.dialogs.external_change import ChangeChoice, ask_about_external_change
from writer_app.ui.failures import tell

if TYPE_CHECKING:
    from writer_app.ui.controllers.manuscripts import Manuscripts


class ExternalChanges(QObject):
    """Watches the open documents' files for ``files`` (the Manuscripts controller)."""

    message = Signal(str)  # for the status bar

    def __init__(self, files: Manuscripts, window: QWidget) -> None:
        super().__init__(files)
        self._files = files
        self._window = window
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_file_changed)

    def watch(self, doc: OpenDocument) -> None:
        if doc.path is not None and str(doc.path) not in self._watcher.files():
            self._watcher.addPath(str(doc.path))

    def unwatch(self, doc: OpenDocument) -> None:
        if doc.path is not None:
            self._watcher.removePath(str(doc.path))

    def resolve(self, doc: OpenDocument, change: ExternalChange) -> bool:
        """A save found the file changed by another program: the writer chooses.  True when
        the text was saved somewhere."""
        theirs: str | None = None
        if not change.deleted and doc.path is not None:
            try:
                theirs = OpenDocument.open(doc.path).text()
            except (ManuscriptError, DecodeError):
                theirs = None
        choice = ask_about_external_change(self._window, change, doc.text(), theirs)
        if choice is ChangeChoice.KEEP_MINE:
            name, _ = QFileDialog.getSaveFileName(
                self._window, self.tr("Keep your version as"), "", text_filter()
            )
            return bool(name) and self._files.save_doc(doc, Path(name))
        if choice is ChangeChoice.OVERWRITE:
            return self._files.save_doc(doc, overwrite=True)
        if choice is ChangeChoice.RELOAD:
            self.reload(doc)
        return False

    def reload(self, doc: OpenDocument) -> None:
        try:
            doc.reload()
        except (ManuscriptError, DecodeError) as error:
            tell(self._window, self.tr("Could not reload"), str(error))
            return
        self.message.emit(self.tr("Reloaded {name} from disk").format(name=doc.title))

    def _on_file_changed(self, name: str) -> None:
        doc = self._files.find(Path(name))
        if doc is None or doc.fingerprint is None:
            return
        now = fingerprint(doc.path) if doc.path else None
        if now is not None and now.sha256 == doc.fingerprint.sha256:
            self.watch(doc)  # our own save (editors that replace files drop the watch)
            return
        if not doc.modified and now is not None:
            self.reload(doc)
            self.watch(doc)
            return
        self.message.emit(
            self.tr(
                "{name} was changed by another program; you will be asked before it is saved."
            ).format(name=doc.title)
        )
