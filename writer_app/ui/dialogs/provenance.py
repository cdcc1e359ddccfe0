"""Novel ▸ Provenance Report…: per chapter, the words the writer typed and the words the model
first wrote, as the text stands now (core.export.provenance), with a bar per chapter, a sentence
for a submission form, and the report saved as HTML or Word with the model's words marked."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.export.book import ExportError
from writer_app.core.export.provenance import (
    ProvenanceReport,
    save_report,
    write_docx,
    write_html,
)
from writer_app.ui.language import shown
from writer_app.ui.numbers import whole


class _Counting(QObject):
    """The report, counted on a thread of its own (every chapter is read)."""

    done = Signal(object)  # ProvenanceReport

    def start(self, count: Callable[[], ProvenanceReport]) -> None:
        threading.Thread(
            target=lambda: self.done.emit(count()), name="provenance", daemon=True
        ).start()


class ProvenanceDialog(QDialog):
    """Shows a report once counted; ``counted`` follows (tests and scripts wait on it)."""

    counted = Signal()

    def __init__(self, count: Callable[[], ProvenanceReport], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("provenanceDialog")
        self.setWindowTitle(self.tr("Provenance Report"))
        self.report: ProvenanceReport | None = None
        layout = QVBoxLayout(self)
        self.intro = QLabel(self.tr("Counting…"))
        self.intro.setObjectName("provenanceIntro")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("provenanceTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Chapter"), self.tr("Your words"), self.tr("Model's words"), self.tr("Share")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        statement_row = QHBoxLayout()
        self.statement = QLineEdit()
        self.statement.setObjectName("provenanceStatement")
        self.statement.setReadOnly(True)
        self.statement.setAccessibleName(self.tr("A sentence for a submission"))
        copy = QPushButton(self.tr("Copy"))
        copy.setObjectName("provenanceCopyButton")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.statement.text()))
        statement_row.addWidget(self.statement, 1)
        statement_row.addWidget(copy)
        layout.addLayout(statement_row)
        self.note = QLabel()
        self.note.setObjectName("provenanceNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        buttons = QHBoxLayout()
        self.save_html = QPushButton(self.tr("Save as &HTML…"))
        self.save_html.setObjectName("provenanceHtmlButton")
        self.save_html.clicked.connect(lambda: self._save(".html", write_html))
        self.save_word = QPushButton(self.tr("Save as &Word…"))
        self.save_word.setObjectName("provenanceWordButton")
        self.save_word.clicked.connect(lambda: self._save(".docx", write_docx))
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        for button in (self.save_html, self.save_word):
            button.setEnabled(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(620, 480)
        self._counting = _Counting(self)
        self._counting.done.connect(self._show)
        self._counting.start(count)

    def _show(self, report: ProvenanceReport) -> None:
        self.report = report
        self.intro.setText(
            self.tr(
                "Words first written by the model, as the text stands now: a suggestion you "
                "accepted is the model's, a word of it you rewrote is yours."
            )
        )
        self.table.setRowCount(len(report.chapters))
        for row, chapter in enumerate(report.chapters):
            self.table.setItem(row, 0, QTableWidgetItem(chapter.title))
            for column, value in ((1, chapter.own_words), (2, chapter.model_words)):
                item = QTableWidgetItem(whole(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
            bar = QProgressBar()
            bar.setRange(0, max(chapter.words, 1))
            bar.setValue(chapter.model_words)
            bar.setFormat("%p %")
            self.table.setCellWidget(row, 3, bar)
        self.statement.setText(shown(report.statement()))
        self.statement.setCursorPosition(0)
        if report.unknown_spans:
            self.note.setText(
                self.tr(
                    "{count} stretches the model wrote could not be found again in chapters "
                    "changed by another program; they are counted as neither yours nor the "
                    "model's."
                ).format(count=whole(report.unknown_spans))
            )
        for button in (self.save_html, self.save_word):
            button.setEnabled(True)
        self.counted.emit()

    def labels(self) -> dict[str, str]:
        return {
            "chapter": self.tr("Chapter"),
            "own": self.tr("Your words"),
            "model": self.tr("Model's words"),
        }

    def _save(self, suffix: str, writer) -> None:
        from PySide6.QtWidgets import QFileDialog

        assert self.report is not None
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        suggested = Path(documents) / f"{self.report.title} — provenance{suffix}"
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the Report"), str(suggested), f"*{suffix}"
        )
        if name:
            self.save_to(Path(name), writer)

    def save_to(self, out: Path, writer) -> bool:
        """Write the report to ``out``; a refusal is said in the dialog."""
        assert self.report is not None
        try:
            save_report(self.report, out, self.labels(), writer)
        except ExportError as error:
            self.note.setText(shown(str(error)))
            return False
        self.note.setText(self.tr("Saved to {path}").format(path=out))
        return True
