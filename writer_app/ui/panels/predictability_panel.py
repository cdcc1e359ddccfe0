"""The Predictability dock: how far the scoring has gone, the tint's legend, the chapter's most
predictable sentences (click one to go there) and the HTML report."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.drafting.predictability import PredictabilityMap, SentenceFigure, tint
from writer_app.ui.numbers import decimal, whole

SENTENCE_CHARS = 160  # of a sentence, shown in the list (all of it in the item's tooltip)


class PredictabilityPanel(QWidget):
    """The dock's contents; ``sentenceChosen`` carries a listed sentence's place in the text
    that was scored (str offsets) and the sentence as written there."""

    sentenceChosen = Signal(int, int, str)
    exportRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.summary = QLabel("")
        self.summary.setObjectName("predictabilitySummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        legend = QHBoxLayout()
        legend.setSpacing(4)
        self.legend: dict[int, QLabel] = {}
        for level, text, tip in (
            (-2, self.tr("sure"), self.tr("The model was sure of these words (1 bit or less)")),
            (-1, self.tr("expected"), self.tr("The model expected these words (3 bits or less)")),
            (
                1,
                self.tr("surprising"),
                self.tr("These words surprised the model (10 bits or more)"),
            ),
            (2, self.tr("jarring"), self.tr("These words jarred the model (15 bits or more)")),
        ):
            label = QLabel(text)
            label.setToolTip(tip)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            legend.addWidget(label)
            self.legend[level] = label
        layout.addLayout(legend)
        heading = QLabel(self.tr("Most predictable sentences"))
        heading.setObjectName("predictabilityHeading")
        layout.addWidget(heading)
        self.list = QListWidget()
        self.list.setObjectName("predictabilityList")
        self.list.setAccessibleName(self.tr("Most predictable sentences"))
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.itemClicked.connect(self._choose)
        self.list.itemActivated.connect(self._choose)
        layout.addWidget(self.list, 1)
        self.export_button = QPushButton(self.tr("Export Report…"))
        self.export_button.setObjectName("predictabilityExportButton")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.exportRequested)
        layout.addWidget(self.export_button)

    def set_paper(self, paper: str, ink: str) -> None:
        """Colour the legend as the page shows the tint (the theme's paper)."""
        for level, label in self.legend.items():
            label.setStyleSheet(
                f"QLabel {{ background: {tint(level, paper)}; color: {ink}; padding: 2px 4px; }}"
            )

    def say(self, text: str) -> None:
        self.summary.setText(text)

    def show_map(self, chapter: PredictabilityMap) -> None:
        """The map's figures and its most predictable sentences."""
        summary = self.tr(
            "{tokens} tokens, {mean} bits/token on average (perplexity {perplexity})"
        ).format(
            tokens=whole(len(chapter.tokens)),
            mean=decimal(chapter.mean_bits),
            perplexity=decimal(chapter.perplexity),
        )
        if not chapter.complete:
            summary = self.tr("Scoring… {summary}").format(summary=summary)
        self.summary.setText(summary)
        self.list.clear()
        for sentence in chapter.most_predictable():
            self.list.addItem(self._item(chapter.text, sentence))
        self.export_button.setEnabled(bool(chapter.words))

    def _item(self, text: str, sentence: SentenceFigure) -> QListWidgetItem:
        words = " ".join(text[sentence.start : sentence.end].split())
        shown = words if len(words) <= SENTENCE_CHARS else words[: SENTENCE_CHARS - 1] + "…"
        figure = self.tr("{bits} bits/token").format(bits=decimal(sentence.mean_bits))
        item = QListWidgetItem(f"{figure}  {shown}")
        item.setToolTip(words)
        exact = text[sentence.start : sentence.end]
        item.setData(Qt.ItemDataRole.UserRole, (sentence.start, sentence.end, exact))
        return item

    def _choose(self, item: QListWidgetItem) -> None:
        start, end, exact = item.data(Qt.ItemDataRole.UserRole)
        self.sentenceChosen.emit(start, end, exact)
