"""The plot of a voice's training: the loss on the text it learns from (each step, faint, and
its running mean) and on the held-out part (each measurement, marked), against the step.
The held-out line going down is the voice getting closer to the writer's unseen pages; going
up, it is learning the training text by heart (the voice kept is the best point)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from writer_app.ui.numbers import decimal, whole

SMOOTHING = 0.8  # the running mean's weight of the past
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 44, 12, 24, 26
TRAINING_COLOUR = QColor(70, 120, 200)
HELD_OUT_COLOUR = QColor(215, 110, 30)


class LossPlot(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("voiceLossPlot")
        self.setMinimumSize(360, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Training loss"))
        self.training: list[tuple[int, float]] = []
        self.held_out: list[tuple[int, float]] = []

    def set_points(
        self, training: list[tuple[int, float]], held_out: list[tuple[int, float]]
    ) -> None:
        self.training, self.held_out = list(training), list(held_out)
        self.update()

    def add_training(self, step: int, loss: float) -> None:
        self.training.append((step, loss))
        self.update()

    def add_held_out(self, step: int, loss: float) -> None:
        self.held_out.append((step, loss))
        self.update()

    def smoothed(self) -> list[tuple[int, float]]:
        out, mean = [], None
        for step, loss in self.training:
            mean = loss if mean is None else SMOOTHING * mean + (1 - SMOOTHING) * loss
            out.append((step, mean))
        return out

    def paintEvent(self, _event) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        area = QRectF(
            MARGIN_LEFT,
            MARGIN_TOP,
            max(1, self.width() - MARGIN_LEFT - MARGIN_RIGHT),
            max(1, self.height() - MARGIN_TOP - MARGIN_BOTTOM),
        )
        faint = QColor(text)
        faint.setAlpha(60)
        painter.setPen(QPen(faint, 1))
        painter.drawRect(area)
        points = self.training + self.held_out
        if not points:
            painter.setPen(text)
            painter.drawText(
                area, Qt.AlignmentFlag.AlignCenter, self.tr("Waiting for the first step…")
            )
            return
        last_step = max(1, max(step for step, _ in points))
        low = min(loss for _, loss in points)
        high = max(loss for _, loss in points)
        if high - low < 1e-6:
            low, high = low - 0.5, high + 0.5

        def at(step: int, loss: float) -> QPointF:
            x = area.left() + area.width() * step / last_step
            y = area.bottom() - area.height() * (loss - low) / (high - low)
            return QPointF(x, y)

        painter.setPen(text)
        metrics = painter.fontMetrics()
        for value in (low, high):
            label = decimal(value, 2)
            y = at(0, value).y()
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, MARGIN_LEFT - 4, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
        painter.drawText(
            QRectF(area.left(), area.bottom() + 4, area.width(), metrics.height()),
            Qt.AlignmentFlag.AlignRight,
            self.tr("step {step}").format(step=whole(last_step)),
        )
        raw = QColor(TRAINING_COLOUR)
        raw.setAlpha(70)
        self._line(painter, [at(*p) for p in self.training], QPen(raw, 1))
        self._line(painter, [at(*p) for p in self.smoothed()], QPen(TRAINING_COLOUR, 2))
        held = [at(*p) for p in self.held_out]
        self._line(painter, held, QPen(HELD_OUT_COLOUR, 2))
        painter.setBrush(HELD_OUT_COLOUR)
        for point in held:
            painter.drawEllipse(point, 3, 3)
        # The legend, above the plot.
        x = area.left()
        for colour, label in (
            (TRAINING_COLOUR, self.tr("Your text (learned)")),
            (HELD_OUT_COLOUR, self.tr("Held-out pages")),
        ):
            painter.setPen(QPen(colour, 3))
            y = MARGIN_TOP / 2
            painter.drawLine(QPointF(x, y), QPointF(x + 16, y))
            painter.setPen(text)
            painter.drawText(QPointF(x + 20, y + metrics.ascent() / 2 - 1), label)
            x += 36 + metrics.horizontalAdvance(label)

    @staticmethod
    def _line(painter: QPainter, points: list[QPointF], pen: QPen) -> None:
        if len(points) < 2:
            return
        path = QPainterPath(points[0])
        for point in points[1:]:
            path.lineTo(point)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.strokePath(path, pen)
