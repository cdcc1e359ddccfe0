"""Failures a writer can report: an unexpected exception is logged with its traceback and
answered with one dialog that offers the log folder; Qt's warnings reach the log; Help ▸ Show
Log Folder opens the folder that holds the log."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QObject, QTimer, QUrl, Slot, qWarning
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QToolButton

from writer_app.ui.failures import FailureReporter, ask, log_folder


class OpenedUrls(QObject):
    """Receives file:// URLs through Qt's own hook for them (QDesktopServices.setUrlHandler)
    instead of a file manager, which a test machine has not got."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def opened():
    handler = OpenedUrls()
    QDesktopServices.setUrlHandler("file", handler, "open")
    yield handler
    QDesktopServices.unsetUrlHandler("file")


@pytest.fixture
def reporter(qapp):
    installed = FailureReporter()
    installed.install()
    yield installed
    installed.uninstall()


def failure_dialog() -> QMessageBox | None:
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == "failureDialog" and widget.isVisible():
            return widget
    return None


def test_an_unexpected_exception_is_logged_and_offers_the_log_folder(
    qtbot, reporter, opened, caplog
):
    try:
        {}["missing chapter"]
    except KeyError as error:
        reporter._on_exception(type(error), error, error.__traceback__)
    qtbot.waitUntil(lambda: failure_dialog() is not None)
    dialog = failure_dialog()
    assert "Your text is safe" in dialog.text()
    assert "missing chapter" in dialog.detailedText()
    logged = [r for r in caplog.records if r.levelno == logging.CRITICAL]
    assert logged and "Traceback" in logged[0].getMessage()
    assert "test_an_unexpected_exception" in logged[0].getMessage()  # where it happened

    # A second failure while the dialog is open is logged, not stacked on the writer (on the
    # GUI thread the dialog opens within the call, so there is nothing to wait for).
    try:
        _ = 1 / 0
    except ZeroDivisionError as error:
        reporter._on_exception(type(error), error, error.__traceback__)
    assert any("ZeroDivisionError" in r.getMessage() for r in caplog.records)
    assert sum(w.objectName() == "failureDialog" for w in QApplication.topLevelWidgets()) == 1

    dialog.findChild(QPushButton, "showLogFolderButton").click()
    assert [url.toLocalFile() for url in opened.urls] == [str(log_folder())]
    qtbot.waitUntil(lambda: failure_dialog() is None)


def test_an_exception_on_another_thread_reaches_the_writer(qtbot, reporter, caplog):
    def fail() -> None:
        raise RuntimeError("the counting thread broke")

    thread = threading.Thread(target=fail, name="wordcount-test")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: failure_dialog() is not None)
    assert "the counting thread broke" in failure_dialog().detailedText()
    assert any("wordcount-test" in r.getMessage() for r in caplog.records)
    failure_dialog().reject()


def test_qt_warnings_go_to_the_log(reporter, caplog):
    qWarning("a warning from Qt itself")
    assert any(
        r.name == "qt" and r.levelno == logging.WARNING and "from Qt itself" in r.getMessage()
        for r in caplog.records
    )


def test_help_menu_shows_the_log_folder(make_window, opened):
    window = make_window()
    action = window.findChild(QAction, "showLogFolder")
    assert action is not None and action.text() == "Show &Log Folder"
    action.trigger()
    assert [url.toLocalFile() for url in opened.urls] == [str(log_folder())]


def test_a_question_and_its_answer_are_logged(qtbot, caplog):
    """The real modal question, answered by clicking No the way a writer would."""
    caplog.set_level(logging.INFO)
    Button = QMessageBox.StandardButton

    def click_no() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(Button.No).click()
            return
        QTimer.singleShot(10, click_no)  # not on screen yet: look again

    QTimer.singleShot(0, click_no)
    answer = ask(
        None, "Delete Chapter", "Move “第一章” to the trash?", Button.Yes | Button.No, Button.Yes
    )
    assert answer == Button.No
    logged = [r.getMessage() for r in caplog.records if r.name == "writer_app.ui.failures"]
    assert logged == ["asked the writer: Delete Chapter — Move “第一章” to the trash? → No"]


def test_status_sentences_are_kept_in_recent_messages_and_logged(make_window, caplog):
    caplog.set_level(logging.INFO)
    window = make_window()
    button = window.findChild(QToolButton, "recentMessages")
    assert not button.isEnabled()  # nothing said yet
    long = "Could not load 模型.gguf: " + "the file ends before its header says it should. " * 4
    window.say(long)
    assert window.statusBar().currentMessage() == long
    assert button.isEnabled() and button.menu().actions()[0].toolTip() == long
    assert any(r.getMessage() == f"status: {long}" for r in caplog.records)
    for number in range(25):
        window.say(f"Saved chapter {number}")
    kept = button.sentences()
    assert len(kept) == 20 and kept[0] == "Saved chapter 24"  # the newest first, 20 kept
