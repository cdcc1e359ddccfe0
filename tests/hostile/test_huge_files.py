"""Files far bigger than a chapter: asked about first, read off the GUI thread with progress
and Cancel, and never costing many times their size in memory.

A real 200 MB file takes about a minute on a two-core machine, so the sizes are scaled: one
real ~32 MB file crosses the real 20 MB question threshold, and the other cases lower the
thresholds (monkeypatched) and use files of a few MB. The 200 MB figures are in the report
that came with this suite, measured with the real window outside the test run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

from tests.support.windows import shown_window
from writer_app.core.storage import reading
from writer_app.core.text.wordcount import count_text
from writer_app.ui.controllers import manuscripts as files
from writer_app.ui.main_window import MainWindow

PARAGRAPH = (
    "The rain had fallen for three days, and the river ran high under the old stone bridge. "
    "She said nothing; he didn't either.\n\n"
)


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """Questions the writer was asked; each answered Open (warnings are recorded too)."""
    questions: list[str] = []

    def question(_parent, _title, text, *args, **kwargs):
        questions.append(text)
        return QMessageBox.StandardButton.Open

    def warning(_parent, _title, text, *args, **kwargs):
        questions.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    return questions


@pytest.fixture
def window(qtbot, asked):
    win = shown_window(qtbot)
    yield win
    win.files.current.document.setModified(False)  # typed in the test: no question at close
    win.shutdown()


def write_big(path: Path, megabytes: float) -> bytes:
    data = PARAGRAPH.encode("utf-8") * int(megabytes * 2**20 / len(PARAGRAPH))
    path.write_bytes(data)
    return data


def words_shown(window: MainWindow) -> int:
    digits = re.sub(r"\D", "", window.words_label.text().split("·")[0])
    return int(digits or 0)


def test_a_32_mb_file_asks_first_then_opens_in_the_background_within_bounded_memory(
    qtbot, window, asked, tmp_path, bounded_memory
):
    big = tmp_path / "dump.txt"
    data = write_big(big, 32)
    expected = count_text(data.decode("utf-8")).total
    with bounded_memory(3 * 32 + 16):  # bytes + text + slack; today: the word count alone ~300
        with qtbot.waitSignal(window.files.fileOpened, timeout=60_000):
            assert window.files.open_path(big)
            # 32 MiB (33.5 million bytes), in the decimal units the app shows sizes in.
            assert "far larger than a chapter" in asked[0] and "34 MB" in asked[0]
            # Returned at once: the file is read on a worker, behind a progress dialog.
            assert window.findChild(QProgressDialog, "openProgress") is not None
        qtbot.waitUntil(lambda: words_shown(window) == expected, timeout=60_000)
    assert window.files.current.path == big
    assert window.editor.document().characterCount() == len(data) + 1
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "Still writing.")
    assert window.editor.document().isModified()
    assert big.read_bytes() == data


def test_declining_the_question_opens_nothing(qtbot, window, tmp_path, monkeypatch):
    monkeypatch.setattr(files, "ASK_ABOVE_BYTES", 2**20)
    big = tmp_path / "dump.txt"
    data = write_big(big, 2)
    asked: list[str] = []

    def decline(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", staticmethod(decline))
    assert not window.files.open_path(big)
    assert asked and "Open anyway?" in asked[0]
    assert window.files.current.path is None
    assert window.findChild(QProgressDialog, "openProgress") is None
    assert big.read_bytes() == data


def test_cancel_stops_the_read_and_leaves_the_window_as_it_was(
    qtbot, window, tmp_path, monkeypatch
):
    monkeypatch.setattr(files, "READ_IN_BACKGROUND_BYTES", 2**16)
    monkeypatch.setattr(reading, "CHUNK_BYTES", 2**16)  # many chunks: many chances to stop
    big = tmp_path / "dump.txt"
    data = write_big(big, 4)
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "My own words.")
    assert window.files.open_path(big)
    progress = window.findChild(QProgressDialog, "openProgress")
    progress.findChild(QPushButton).click()  # the writer presses Cancel
    qtbot.waitUntil(lambda: "cancelled" in window.statusBar().currentMessage())
    assert all(doc.path != big for doc in window.files.documents)
    assert window.editor.toPlainText() == "My own words."
    qtbot.keyClicks(window.editor, " More.")
    assert window.editor.toPlainText() == "My own words. More."
    assert big.read_bytes() == data


def test_an_undecodable_big_file_offers_a_copy_and_keeps_the_original(
    qtbot, window, asked, tmp_path, monkeypatch
):
    monkeypatch.setattr(files, "READ_IN_BACKGROUND_BYTES", 2**16)
    big = tmp_path / "dump.txt"
    data = write_big(big, 1) + b"\xff\xfe\x00 binary \x81"
    big.write_bytes(data)
    with qtbot.waitSignal(window.files.currentChanged, timeout=60_000):
        assert window.files.open_path(big)
    assert any("not been changed" in text for text in asked)
    assert window.files.current.path is None  # an untitled copy
    assert big.read_bytes() == data


def test_counting_a_big_text_in_pieces_gives_the_same_count(bounded_memory):
    unit = "他说：OK, let's go。 Naïve café, 1,000 well-known words.\n" + PARAGRAPH
    one = count_text(unit)
    times = 3 * 2**20 // len(unit)
    text = unit * times
    with bounded_memory(len(text) // 2**20 + 8):  # today: a list of every word (~10× the text)
        total = count_text(text)
    assert total.words == one.words * times
    assert total.han == one.han * times
    assert total.characters == one.characters * times
