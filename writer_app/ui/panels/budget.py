"""How the model's context is spent: a bar with a legend, and the exact prompt in a window."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, QSize, Qt
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
from writer_app.ui.numbers import whole

# Calm, distinguishable on white and readable by most colour-blind writers.  The labels are
# English, marked for pyside6-lupdate; ``shares`` hands them out translated.
SHARES = (
    ("memory", QT_TRANSLATE_NOOP("ContextBudget", "Memory"), "#4C72B0"),
    ("lore", QT_TRANSLATE_NOOP("ContextBudget", "Lore"), "#DD8452"),
    ("note", QT_TRANSLATE_NOOP("ContextBudget", "Author's note"), "#8172B3"),
    ("story", QT_TRANSLATE_NOOP("ContextBudget", "Story"), "#55A868"),
    ("continuation", QT_TRANSLATE_NOOP("ContextBudget", "Continuation"), "#C9C9C9"),
    ("free", QT_TRANSLATE_NOOP("ContextBudget", "Free"), "#F0F0F0"),
)
_HEADER_KINDS = {"separator": "memory"}  # the scene break counts with the header


def shares(report: ContextReport) -> list[tuple[str, str, str, int, str]]:
    """(kind, label, colour, tokens, text) for each share, in bar order; the label is in the
    writer's language."""
    totals: dict[str, list] = {kind: [0, []] for kind, _label, _colour in SHARES}
    for part in report.parts:
        kind = _HEADER_KINDS.get(part.kind, part.kind)
        totals[kind][0] += part.tokens
        totals[kind][1].append(part.text)
    return [
        (
            kind,
            QCoreApplication.translate("ContextBudget", label),
            colour,
            totals[kind][0],
            "".join(totals[kind][1]),
        )
        for kind, label, colour in SHARES
    ]


def describe_share(label: str, tokens: int, text: str) -> str:
    """ "Story: 1,204 tokens · 890 words": ``label`` is already translated."""
    counted = count_text(text)
    figures = {
        "label": label,
        "tokens": whole(tokens),
        "words": whole(counted.words),
        "han": whole(counted.han),
    }
    if counted.han and counted.words:
        sentence = QCoreApplication.translate(
            "ContextBudget", "{label}: {tokens} tokens · {words} words + {han} 字"
        )
    elif counted.han:
        sentence = QCoreApplication.translate(
            "ContextBudget", "{label}: {tokens} tokens · {han} 字"
        )
    elif text:
        sentence = QCoreApplication.translate(
            "ContextBudget", "{label}: {tokens} tokens · {words} words"
        )
    else:
        sentence = QCoreApplication.translate("ContextBudget", "{label}: {tokens} tokens")
    return sentence.format(**figures)


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
        self.legend = QLabel(self.tr("Ask for a suggestion to see how the context is spent."))
        self.legend.setObjectName("contextLegend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.legend)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def set_report(self, report: ContextReport | None) -> None:
        self._shares = shares(report) if report is not None else []
        self._n_ctx = report.n_ctx if report is not None else 0
        if report is None:
            self.legend.setText(self.tr("Ask for a suggestion to see how the context is spent."))
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
            notes.append(
                self.tr("{count} characters of earlier story left out").format(
                    count=whole(report.story_trimmed_chars)
                )
            )
        if report.lore_dropped:
            notes.append(
                self.tr("lore left out for room: {entries}").format(
                    entries=", ".join(report.lore_dropped)
                )
            )
        if report.memory_trimmed_chars:
            notes.append(
                self.tr("memory shortened by {count} characters").format(
                    count=whole(report.memory_trimmed_chars)
                )
            )
        head = self.tr("Context: {tokens} tokens").format(tokens=whole(report.n_ctx))
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
        self.setWindowTitle(self.tr("Prompt of the last suggestion"))
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
            self.summary.setText(self.tr("No suggestion has been asked for yet."))
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
