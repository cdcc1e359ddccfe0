"""File ▸ Export…: the novel or the page to Word, EPUB, Markdown or plain text.

What goes in is shown before anything is written (the chapters in order; the trash is left
out); the export runs on a thread of its own with a progress bar and a Cancel, writes a
temporary file beside the target and renames it, and never writes in the novel's folder
(core.export)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QStandardPaths, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.export.book import (
    Book,
    BookChapter,
    ExportCancelled,
    ExportError,
    book_from_source,
    language_of,
    paragraphs_of,
)
from writer_app.core.export.export import export_book
from writer_app.core.manuscript.project import Project, ProjectError
from writer_app.ui.language import shown

log = logging.getLogger(__name__)

# The formats offered, by suffix, with their names (marked for translation, shown translated).
FORMAT_NAMES = {
    ".docx": QT_TRANSLATE_NOOP("ExportDialog", "Word document (.docx)"),
    ".epub": QT_TRANSLATE_NOOP("ExportDialog", "EPUB e-book (.epub)"),
    ".md": QT_TRANSLATE_NOOP("ExportDialog", "Markdown (.md)"),
    ".txt": QT_TRANSLATE_NOOP("ExportDialog", "Plain text (.txt)"),
}


class _ExportJob(QObject):
    """One export on a thread of its own; the signals arrive on the GUI thread."""

    progressed = Signal(int, int)  # chapters done, chapters in all
    finished = Signal(str)  # the file written
    failed = Signal(str)  # a sentence (or "" when the writer cancelled)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancel = threading.Event()

    def start(self, make_book: Callable[[], Book], out: Path) -> None:
        def work() -> None:
            try:
                export_book(
                    make_book(), out, progress=self.progressed.emit, cancelled=self.cancel.is_set
                )
            except ExportCancelled:
                self.failed.emit("")
            except ExportError as error:
                self.failed.emit(shown(str(error)))
            except Exception:  # noqa: BLE001 — told, logged; the editor stays up
                log.exception("export to %s failed", out)
                self.failed.emit(
                    QCoreApplication.translate(
                        "ExportDialog", "The export failed unexpectedly; the log has the details."
                    )
                )
            else:
                self.finished.emit(str(out))

        threading.Thread(target=work, name="export", daemon=True).start()


class ExportDialog(QDialog):
    """Choose what, to which format, with which title, author and indent; then where."""

    exported = Signal(str)  # the file written

    def __init__(
        self,
        *,
        project: Project | None,
        open_texts: dict[str, str],
        page_title: str,
        page_text: str,
        page_path: Path | None,
        indent: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export"))
        self._project, self._open_texts = project, open_texts
        self._page = (page_title, page_text, page_path)
        self._job: _ExportJob | None = None
        layout = QVBoxLayout(self)
        self.whole_novel = QRadioButton(
            self.tr("The whole novel “{title}”").format(title=project.title)
            if project is not None
            else self.tr("The whole novel (open a novel first)")
        )
        self.whole_novel.setObjectName("exportNovelRadio")
        self.whole_novel.setEnabled(project is not None)
        self.this_page = QRadioButton(self.tr("This page: “{title}”").format(title=page_title))
        self.this_page.setObjectName("exportPageRadio")
        (self.whole_novel if project is not None else self.this_page).setChecked(True)
        layout.addWidget(self.whole_novel)
        layout.addWidget(self.this_page)
        self.preview = QListWidget()
        self.preview.setObjectName("exportPreviewList")
        self.preview.setAccessibleName(self.tr("What is exported"))
        layout.addWidget(self.preview)
        self.note = QLabel()
        self.note.setObjectName("exportNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        layout.addLayout(self._build_form(indent))
        self.progress = QProgressBar()
        self.progress.setObjectName("exportProgress")
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton(
            self.tr("Export…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self._choose_file)
        self.buttons.rejected.connect(self._cancel)
        layout.addWidget(self.buttons)
        self.whole_novel.toggled.connect(self._show_preview)
        self.format.currentIndexChanged.connect(self._show_cover_row)
        self._show_preview()
        self._show_cover_row()
        self.resize(520, 560)

    def _build_form(self, indent: bool) -> QFormLayout:
        form = QFormLayout()
        self.format = QComboBox()
        self.format.setObjectName("exportFormatCombo")
        for suffix, name in FORMAT_NAMES.items():
            self.format.addItem(QCoreApplication.translate("ExportDialog", name), suffix)
        form.addRow(self.tr("Format"), self.format)
        self.title = QLineEdit()
        self.title.setObjectName("exportTitleEdit")
        form.addRow(self.tr("Title"), self.title)
        self.author = QLineEdit(self._project.author if self._project is not None else "")
        self.author.setObjectName("exportAuthorEdit")
        self.author.setPlaceholderText(self.tr("your name, as it should appear"))
        form.addRow(self.tr("Author"), self.author)
        self.indent = QCheckBox(self.tr("Indent the first line of each paragraph"))
        self.indent.setObjectName("exportIndentCheck")
        self.indent.setChecked(indent)
        form.addRow(self.indent)
        self.cover = QLineEdit()
        self.cover.setObjectName("exportCoverEdit")
        self.cover.setPlaceholderText(self.tr("none"))
        choose = QPushButton(self.tr("Choose…"))
        choose.setObjectName("exportCoverButton")
        choose.clicked.connect(self._choose_cover)
        self._cover_row = QWidget()
        row = QHBoxLayout(self._cover_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.cover, 1)
        row.addWidget(choose)
        self._cover_label = QLabel(self.tr("Cover"))
        form.addRow(self._cover_label, self._cover_row)
        return form

    # -- what goes in ----------------------------------------------------------------------

    def _show_preview(self) -> None:
        self.preview.clear()
        if self.whole_novel.isChecked() and self._project is not None:
            project = self._project
            for number, chapter in enumerate(project.chapters, 1):
                self.preview.addItem(f"{number}. {chapter.title}")
            self.title.setText(project.title)
            trashed = len(project.trashed())
            self.note.setText(
                self.tr(
                    "Every chapter, in this order, with the changes you have not saved. "
                    "{count} chapters in the Trash are left out."
                ).format(count=trashed)
                if trashed
                else self.tr("Every chapter, in this order, with the changes you have not saved.")
            )
        else:
            title = self._page[0]
            self.preview.addItem(f"1. {title}")
            self.title.setText(title)
            self.note.setText(self.tr("This page as it is now, saved or not."))

    def _show_cover_row(self) -> None:
        epub = self.format.currentData() == ".epub"
        self._cover_row.setVisible(epub)
        self._cover_label.setVisible(epub)

    def _choose_cover(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a Cover"), "", self.tr("Images (*.jpg *.jpeg *.png *.gif)")
        )
        if name:
            self.cover.setText(name)

    def book_maker(self) -> Callable[[], Book]:
        """What to export, read on the export's thread (a long novel takes a moment)."""
        title, author = self.title.text(), self.author.text()
        indent = self.indent.isChecked()
        cover = Path(self.cover.text()) if self.cover.text().strip() and self._epub() else None
        if self.whole_novel.isChecked() and self._project is not None:
            folder, texts = self._project.folder, dict(self._open_texts)

            def novel() -> Book:
                book = book_from_source(
                    folder, title=title, author=author, first_line_indent=indent, open_texts=texts
                )
                return replace(book, cover=cover)

            return novel
        page_title, text, path = self._page

        def page() -> Book:
            if path is not None:
                book = book_from_source(
                    path, title=title, author=author, first_line_indent=indent,
                    open_texts={str(path): text},
                )  # fmt: skip
                return replace(book, cover=cover)
            chapter = BookChapter(page_title, paragraphs_of(text))
            return Book(
                title=title.strip() or page_title,
                author=author.strip(),
                language=language_of((page_title, text)),
                chapters=(chapter,),
                first_line_indent=indent,
                cover=cover,
            )

        return page

    def _epub(self) -> bool:
        return self.format.currentData() == ".epub"

    # -- writing ---------------------------------------------------------------------------

    def _choose_file(self) -> None:
        suffix = self.format.currentData()
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        suggested = str(Path(documents) / f"{self.title.text().strip() or 'book'}{suffix}")
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export As"),
            suggested,
            QCoreApplication.translate("ExportDialog", FORMAT_NAMES[suffix]).replace(
                f"({suffix})", f"(*{suffix})"
            ),
        )
        if not name:
            return
        out = Path(name)
        if out.suffix.lower() != suffix:
            out = out.with_name(out.name + suffix)
        self.start(out)

    def start(self, out: Path) -> None:
        """Export to ``out`` (the file dialog's answer) on the export's thread."""
        if self._project is not None and self.author.text().strip() != self._project.author:
            try:
                self._project.author = self.author.text().strip()
            except ProjectError:  # the author is a nicety; the export goes on
                log.warning("the author could not be kept in the novel", exc_info=True)
        self._job = _ExportJob(self)
        self._job.progressed.connect(self._on_progress)
        self._job.finished.connect(self._on_finished)
        self._job.failed.connect(self._on_failed)
        self.export_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self._job.start(self.book_maker(), out)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_finished(self, path: str) -> None:
        self._job = None
        self.exported.emit(path)
        self.accept()

    def _on_failed(self, message: str) -> None:
        self._job = None
        self.progress.setVisible(False)
        self.export_button.setEnabled(True)
        if message:
            self.note.setText(message)

    def _cancel(self) -> None:
        if self._job is not None:
            self._job.cancel.set()  # the thread stops after this chapter and leaves nothing
        self.reject()
