"""Today's words as a web novelist counts them: written in any file, kept across a restart,
shown in the status bar and in Novel ▸ Progress with the goal, the streak and 30 days."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QAction, QTextCursor

from writer_app.core.manuscript.daily import DailyProgress
from writer_app.ui.dialogs.progress import ProgressDialog


def _type(window, qtbot, text: str) -> None:
    editor = window.editor
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.insertPlainText(text)
    window.files.words.count_now()


def test_todays_words_count_across_files_and_restarts(make_window, qtbot):
    window = make_window()
    window.editor.setPlainText("他站在门口。")
    window.files.words.count_now()  # the first count: where this page starts
    qtbot.waitUntil(lambda: "today 0" in window.words_label.text())
    _type(window, qtbot, "风很大，浪一阵高过一阵。")  # 10 字
    qtbot.waitUntil(lambda: window.daily.progress.today_words() == 10)
    window.files.open_text("")  # another page
    window.files.words.count_now()
    qtbot.waitUntil(lambda: window.words_label.text().startswith("0 words"))  # where it starts
    _type(window, qtbot, "She walked home in the rain.")  # 6 words
    qtbot.waitUntil(lambda: window.daily.progress.today_words() == 16)
    qtbot.waitUntil(lambda: "today 16" in window.words_label.text())
    for doc in window.files.documents:
        doc.document.setModified(False)
    window.shutdown()
    again = make_window()
    assert again.daily.progress.today_words() == 16


def test_the_progress_window_shows_goal_streak_and_days(make_window, qtbot):
    window = make_window()
    clock = [date(2026, 12, 1)]
    window.daily.progress = DailyProgress(today=lambda: clock[0])
    window.findChild(QAction, "progressAction").trigger()
    dialog = window.findChild(ProgressDialog, "progressDialog")
    qtbot.waitUntil(dialog.isVisible)
    dialog.goal.setValue(10)
    window.editor.setPlainText("开头。")
    window.files.words.count_now()
    qtbot.waitUntil(lambda: "today 0 of 10" in window.words_label.text())
    _type(window, qtbot, "她走上楼梯，推开了灯室的门。")  # 12 字
    qtbot.waitUntil(lambda: "12 of 10" in dialog.today.text())
    assert "1 day" in dialog.streak.text()
    assert dialog.chart.days[-1] == (date(2026, 12, 1), 12) and dialog.chart.goal == 10
    clock[0] = date(2026, 12, 2)  # past midnight
    dialog.refresh()
    assert "0 of 10" in dialog.today.text() and "1 day" in dialog.streak.text()
    image = dialog.chart.grab().toImage()
    assert image.width() > 0
    for doc in window.files.documents:
        doc.document.setModified(False)
