"""Novel ▸ Progress: today's words against the daily goal, the streak, and the last 30 days as
bars.  The chart is painted with QPainter: QtCharts is not in PySide6-Essentials (it would add
the Addons wheel, ~150 MB, for thirty rectangles)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QLocale, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.manuscript.daily import MAX_GOAL
from writer_app.ui.controllers.daily import DailyCounter


class DaysChart(QWidget):
    """A bar per day, today last; the goal as a dashed line; met days in the highlight."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("daysChart")
        self.setMinimumSize(420, 160)
        self.days: list[tuple[date, int]] = []
        self.goal = 0

    def show_days(self, days: list[tuple[date, int]], goal: int) -> None:
        self.days, self.goal = days, goal
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        if not self.days:
            return
        painter = QPainter(self)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        met = palette.color(QPalette.ColorRole.Highlight)
        short = QColor(text)
        short.setAlpha(90)
        label_h = self.fontMetrics().height() + 4
        area = QRectF(4, 4, self.width() - 8, self.height() - 8 - label_h)
        top = max([words for _day, words in self.days] + [self.goal, 1])
        step = area.width() / len(self.days)
        locale = QLocale()
        for index, (day, words) in enumerate(self.days):
            height = area.height() * words / top
            bar = QRectF(area.left() + index * step + 1, area.bottom() - height, step - 2, height)
            painter.fillRect(bar, met if self.goal and words >= self.goal else short)
            if (len(self.days) - 1 - index) % 7 == 0:  # today, and a week back each time
                painter.setPen(text)
                label = locale.toString(day, "M/d")
                width = self.fontMetrics().horizontalAdvance(label) + 4
                left = min(max(0.0, bar.center().x() - width / 2), self.width() - width)
                painter.drawText(
                    QRectF(left, area.bottom() + 2, width, label_h),
                    Qt.AlignmentFlag.AlignHCenter,
                    label,
                )
        if self.goal:
            y = area.bottom() - area.height() * self.goal / top
            pen = QPen(text, 1, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(int(area.left()), int(y), int(area.right()), int(y))
        painter.end()


class ProgressDialog(QDialog):
    def __init__(self, daily: DailyCounter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("progressDialog")
        self.setWindowTitle(self.tr("Progress"))
        self._daily = daily
        self.today = QLabel()
        self.today.setObjectName("todayWords")
        self.bar = QProgressBar()
        self.bar.setObjectName("todayBar")
        self.streak = QLabel()
        self.streak.setObjectName("streakLabel")
        self.goal = QSpinBox()
        self.goal.setObjectName("dailyGoal")
        self.goal.setRange(0, MAX_GOAL)
        self.goal.setSingleStep(500)
        self.goal.setGroupSeparatorShown(True)
        self.goal.setSpecialValueText(self.tr("none"))
        self.goal.setValue(daily.progress.goal)
        self.goal.valueChanged.connect(lambda value: daily.set_goal(value))
        self.chart = DaysChart()
        form = QFormLayout()
        form.addRow(self.tr("Today"), self.today)
        form.addRow("", self.bar)
        form.addRow(self.tr("Daily goal"), self.goal)
        form.addRow(self.tr("Streak"), self.streak)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("The last 30 days")))
        layout.addWidget(self.chart, 1)
        layout.addWidget(buttons)
        daily.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        progress, locale = self._daily.progress, QLocale()
        words, goal = progress.today_words(), progress.goal
        if goal:
            self.today.setText(
                self.tr("{words} of {goal} words").format(
                    words=locale.toString(words), goal=locale.toString(goal)
                )
            )
        else:
            self.today.setText(self.tr("{words} words").format(words=locale.toString(words)))
        self.bar.setVisible(goal > 0)
        self.bar.setRange(0, max(goal, 1))
        self.bar.setValue(min(words, goal))
        self.streak.setText(self.tr("%n day(s) in a row", "", progress.streak()))
        self.chart.show_days(progress.last_days(30), goal)
