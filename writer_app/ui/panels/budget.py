"""How the model's context is spent: a bar with a legend, and the exact prompt in a window."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.prompt.report import ContextReport
from writer_app.core.prompt.window import Prompt
from writer_app.core.text.wordcount import count_text

# Calm, distinguishable on white and readable by most colour-blind writers.
SHARES = (
    ("memory", "Memory", "#4C72B0"),
    ("lore", "Lore", "#DD8452"),
    ("note", "Author's note", "#8172B3"),
    ("story", "Story", "#55A868"),
    ("continuation", "Continuation", "#C9C9C9"),
    ("free", "Free", "#F0F0F0"),
)
_HEADER_KINDS = {"separator": "memory"}  # the scene break counts with the header


def shares(report: ContextReport) -> list[tuple[str, str, str, int, str]]:
    """(kind, label, colour, tokens, text) for each share, in bar order."""
    totals: dict[str, list] = {kind: [0, []] for kind, _label, _colour in SHARES}
    for part in report.parts:
        kind = _HEADER_KINDS.get(part.kind, part.kind)
        totals[kind][0] += part.tokens
        totals[kind][1].append(part.text)
    return [
        (kind, label, colour, totals[kind][0], "".join(totals[kind][1]))
        for kind, label, colour in SHARES
    ]


def describe_share(label: str, tokens: int, text: str) -> str:
    counted = count_text(text)
    amount = f"{tokens:,} tokens"
    if counted.han and counted.words:
        return f"{label}: {amount} · {counted.words:,} words + {counted.han:,} 字"
    if counted.han:
        return f"{label}: {amount} · {counted.han:,} 字"
    if text:
        return f"{label}: {amount} · {counted.words:,} words"
    return f"{label}: {amount}"


def _legend_colour(colour: str) -> str:
    return "#9A9A9A" if colour == "#F0F0F0" else colour


class ContextBudgetBar(QWidget):
    """A stacked bar of the context's shares, and a legend in words/字 and tokens."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contextBudgetBar")
        self._shares: list[tuple[str, str, str, int, str]] = []
        self._n_ctx = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 22, 0, 0)  # the bar is painted in the top margin
        self.legend = QLabel("Ask for a suggestion to see how the context is spent.")
        self.legend.setObjectName("contextLegend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.legend)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def set_report(self, report: ContextReport | None) -> None:
        self._shares = shares(report) if report is not None else []
        self._n_ctx = report.n_ctx if report is not None else 0
        if report is None:
            self.legend.setText("Ask for a suggestion to see how the context is spent.")
        else:
            self.legend.setText(self.legend_html(report))
        self.setToolTip(self.legend.text().replace("<br>", "\n") if report else "")
        self.update()

    def legend_html(self, report: ContextReport) -> str:
        lines = [
            f'<span style="color:{_legend_colour(colour)}">{"□" if kind == "free" else "■"}</span> '
            f"{describe_share(label, tokens, text)}"
            for kind, label, colour, tokens, text in self._shares
            if tokens or kind in ("story", "continuation")
        ]
        notes = []
        if report.story_trimmed_chars:
            notes.append(f"{report.story_trimmed_chars:,} characters of earlier story left out")
        if report.lore_dropped:
            notes.append("lore left out for room: " + ", ".join(report.lore_dropped))
        if report.memory_trimmed_chars:
            notes.append(f"memory shortened by {report.memory_trimmed_chars:,} characters")
        head = f"Context: {report.n_ctx:,} tokens"
        return "<br>".join([head, *lines, *(f"<i>{note}</i>" for note in notes)])

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(260, super().sizeHint().height())

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bar = QRectF(0.5, 2.5, self.width() - 1.0, 14.0)
        painter.setPen(QColor("#9A9A9A"))
        painter.setBrush(QColor("#F0F0F0"))
        painter.drawRoundedRect(bar, 3, 3)
        total = max(1, self._n_ctx)
        x = bar.left()
        painter.setPen(Qt.PenStyle.NoPen)
        for _kind, _label, colour, tokens, _text in self._shares:
            width = bar.width() * tokens / total
            if width > 0:
                painter.setBrush(QColor(colour))
                painter.drawRect(QRectF(x, bar.top() + 0.5, width, bar.height() - 1))
                x += width
        painter.end()


class PromptDialog(QDialog):
    """The exact text sent for the last suggestion, coloured by share, with what was cut."""

    def __init__(self, prompt: Prompt | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("promptDialog")
        self.setWindowTitle("Prompt of the last suggestion")
        self.resize(720, 560)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("promptSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        self.text_view = QPlainTextEdit()
        self.text_view.setObjectName("promptText")
        self.text_view.setReadOnly(True)
        layout.addWidget(self.text_view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.show_prompt(prompt)

    def show_prompt(self, prompt: Prompt | None) -> None:
        self.text_view.clear()
        if prompt is None or prompt.report is None:
            self.summary.setText("No suggestion has been asked for yet.")
            return
        bar = ContextBudgetBar()
        bar.set_report(prompt.report)
        self.summary.setText(bar.legend.text())
        colours = {kind: colour for kind, _label, colour in SHARES}
        cursor = self.text_view.textCursor()
        for part in prompt.report.parts:
            if not part.text:
                continue
            fmt = QTextCharFormat()
            colour = QColor(colours.get(_HEADER_KINDS.get(part.kind, part.kind), "#000000"))
            fmt.setForeground(colour.darker(160) if part.kind == "story" else colour.darker(130))
            if part.kind == "note":
                fmt.setFontItalic(True)
            if part.kind in ("memory", "lore", "separator"):
                fmt.setFontWeight(QFont.Weight.DemiBold)
            cursor.insertText(part.text, fmt)
        self.text_view.moveCursor(QTextCursor.MoveOperation.End)
