"""A path is recorded absolute, so a restart from another folder never lands in the wrong file.

The story from the issue: ``cd ~/books && writer-app f/two.txt``, type, ``kill -9``; a desktop
launcher then starts the app in another folder that happens to hold an ``f/two.txt`` too. The
unsaved words must go back into the chapter they were typed in, and the other file must stay
as it is.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.support.windows import shown_window
from writer_app.core.drafting.history import HistoryFile
from writer_app.core.manuscript.journal import Journal, document_key, journal_folder
from writer_app.core.manuscript.project import Project
from writer_app.core.manuscript.recent import RecentItems
from writer_app.core.manuscript.recovery import find_recoverable
from writer_app.core.manuscript.text_file import fingerprint
from writer_app.ui.controllers.documents import flush_journal
from writer_app.ui.dialogs.recovery import RecoveryChoice, RecoveryDialog
from writer_app.ui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[2]
TYPED = " Words only the crash journal holds."

# The real entry point (``python -m writer_app f/two.txt``), with one addition: once the
# window has started, type into the editor, wait until the journal holds the words, and die.
_CRASHING_START = textwrap.dedent(
    """
    import os, runpy, signal, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from writer_app.core.manuscript.journal import journal_folder
    from writer_app.ui import main_window

    started = main_window.MainWindow.start
    words = sys.argv[2]

    def start(self, *args, **kwargs):
        started(self, *args, **kwargs)

        def die_once_journalled():
            for file in journal_folder().glob("*.journal"):
                if words.encode() in file.read_bytes():
                    os.kill(os.getpid(), signal.SIGKILL)
            QTimer.singleShot(20, die_once_journalled)

        def type_words():
            self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)
            QTest.keyClicks(self.editor, words)
            die_once_journalled()

        QTimer.singleShot(0, type_words)

    main_window.MainWindow.start = start
    sys.argv = ["writer-app", sys.argv[1]]
    runpy.run_module("writer_app", run_name="__main__", alter_sys=True)
    """
)


@pytest.fixture
def start_window(qtbot):
    """A fresh start of the window in this process (the second start, after the crash)."""
    windows: list[MainWindow] = []

    def start() -> MainWindow:
        window = shown_window(qtbot, active=True)
        windows.append(window)
        window.start()  # as a desktop launcher does: no file, recovery first
        return window

    yield start
    for window in windows:
        window.shutdown()


@pytest.fixture
def two_books(tmp_path):
    """Two folders, each with its own ``f/two.txt``."""
    books, home = tmp_path / "books", tmp_path / "home"
    for folder, text in ((books, "The real chapter.\n"), (home, "Another book's page.\n")):
        (folder / "f").mkdir(parents=True)
        (folder / "f" / "two.txt").write_text(text, encoding="utf-8")
    return books, home


@pytest.fixture
def restore_everything(monkeypatch):
    """Press Restore in the recovery dialog; returns what it offered."""
    offered = []

    def restore_all(_parent, recoverables, damaged=()):
        offered.extend(recoverables)
        return RecoveryChoice(restore=tuple(recoverables))

    monkeypatch.setattr(RecoveryDialog, "ask", staticmethod(restore_all))
    return offered


def _save(qtbot, window) -> None:
    qtbot.keyClick(window.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_words_typed_after_a_relative_start_go_back_into_that_chapter_after_kill_9(
    qtbot, two_books, start_window, restore_everything, monkeypatch
):
    books, home = two_books
    chapter, other = books / "f" / "two.txt", home / "f" / "two.txt"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    crashed = subprocess.run(
        [sys.executable, "-c", _CRASHING_START, "f/two.txt", TYPED],
        cwd=books,
        env=env,
        timeout=120,
        capture_output=True,
    )
    assert crashed.returncode == -9, crashed.stderr.decode(errors="replace")[-2000:]
    assert chapter.read_text(encoding="utf-8") == "The real chapter.\n"

    monkeypatch.chdir(home)  # the launcher starts in the home folder
    window = start_window()
    assert [rec.path for rec in restore_everything] == [chapter]
    caption = RecoveryDialog(restore_everything).preview_caption.text()
    assert str(chapter) in caption  # the writer sees which file, in full
    assert window.editor.toPlainText() == "The real chapter.\n" + TYPED
    _save(qtbot, window)
    assert chapter.read_text(encoding="utf-8") == "The real chapter.\n" + TYPED
    assert other.read_text(encoding="utf-8") == "Another book's page.\n"


def test_an_old_journal_with_a_relative_path_comes_back_as_a_copy_never_into_a_namesake(
    qtbot, two_books, start_window, restore_everything, monkeypatch
):
    _, home = two_books
    other = home / "f" / "two.txt"
    folder = journal_folder()
    folder.mkdir(parents=True)
    header = {"format": 1, "key": "f/two.txt", "path": "f/two.txt", "encoding": "UTF-8"}
    payload = b"The real chapter.\nLost words."
    import zlib

    record = b"@%d %08x %.3f\n" % (len(payload), zlib.crc32(payload), 1.0) + payload + b"\n"
    (folder / "0123456789abcdef01234567.journal").write_bytes(
        json.dumps(header).encode() + b"\n" + record
    )
    monkeypatch.chdir(home)

    (rec,), _ = find_recoverable()
    assert rec.path is None and rec.recorded_path == "f/two.txt" and rec.title == "two.txt"
    dialog = RecoveryDialog([rec])
    location = dialog.document_list.topLevelItem(0).text(1)
    assert "f/two.txt" in location and "unknown" in location.lower()

    window = start_window()
    assert len(restore_everything) == 1
    assert window.files.current.path is None  # an untitled copy
    assert window.editor.toPlainText() == "The real chapter.\nLost words."
    kept = home / "kept.txt"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(kept), ""))
    )
    _save(qtbot, window)  # Save As: the writer chooses where it goes
    assert kept.read_text(encoding="utf-8") == "The real chapter.\nLost words."
    assert other.read_text(encoding="utf-8") == "Another book's page.\n"


def _journal_then_replace(chapter: Path) -> None:
    """Unsaved words journalled for ``chapter``; then another program replaces the file."""
    Journal(document_key(chapter), chapter, identity=fingerprint(chapter)).record(
        "Draft one.\nUnsaved words."
    )
    chapter.write_text("A different file now.\n", encoding="utf-8")


def _answer_restore_question(monkeypatch, button: str | None) -> list[str]:
    """Click ``button`` in the question (None: press Enter, the default); returns its texts."""
    asked: list[str] = []

    def answer(box) -> int:
        asked.append(box.text())
        chosen = (
            box.defaultButton()
            if button is None
            else next(b for b in box.buttons() if b.text() == button)
        )
        chosen.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return asked


def test_restoring_into_a_file_that_was_replaced_asks_and_by_default_overwrites_nothing(
    qtbot, tmp_path, start_window, restore_everything, monkeypatch
):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text("Draft one.\n", encoding="utf-8")
    _journal_then_replace(chapter)
    asked = _answer_restore_question(monkeypatch, None)
    window = start_window()
    assert len(asked) == 1 and str(chapter) in asked[0]
    assert window.files.current.path is None  # an untitled copy
    assert window.editor.toPlainText() == "Draft one.\nUnsaved words."
    elsewhere = tmp_path / "copy.txt"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(elsewhere), ""))
    )
    _save(qtbot, window)
    assert chapter.read_text(encoding="utf-8") == "A different file now.\n"
    assert elsewhere.read_text(encoding="utf-8") == "Draft one.\nUnsaved words."


def test_the_writer_may_still_restore_into_a_replaced_file_when_they_say_so(
    qtbot, tmp_path, start_window, restore_everything, monkeypatch
):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text("Draft one.\n", encoding="utf-8")
    _journal_then_replace(chapter)
    _answer_restore_question(monkeypatch, "Restore into This File")
    window = start_window()
    assert window.files.current.path == chapter
    _save(qtbot, window)
    assert chapter.read_text(encoding="utf-8") == "Draft one.\nUnsaved words."
    flush_journal()
    assert find_recoverable() == ([], [])


def test_an_unchanged_file_is_restored_without_a_question(tmp_path):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text("Draft one.\n", encoding="utf-8")
    Journal(document_key(chapter), chapter, identity=fingerprint(chapter)).record("Draft two.\n")
    (rec,), _ = find_recoverable()
    assert rec.path == chapter and not rec.file_replaced and not rec.location_unknown


def test_the_journal_records_the_absolute_path_and_the_file_it_was_taken_from(
    tmp_path, monkeypatch
):
    (tmp_path / "f").mkdir()
    chapter = tmp_path / "f" / "two.txt"
    chapter.write_text("Saved.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    relative = Path("f/two.txt")
    journal = Journal(document_key(relative), relative, identity=fingerprint(relative))
    journal.record("Saved.\nMore.\n")
    header = json.loads(journal.file.read_bytes().split(b"\n", 1)[0])
    assert header["path"] == str(chapter) and header["key"] == str(chapter)
    assert header["file"]["sha256"] == fingerprint(chapter).sha256


def test_recent_list_history_and_novel_folders_are_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f").mkdir()
    (tmp_path / "f" / "two.txt").write_text("x", encoding="utf-8")
    recent = RecentItems()
    recent.add(Path("f/two.txt"))
    assert recent.items() == [tmp_path / "f" / "two.txt"]
    # An older list with a relative entry: it would mean another file from another folder.
    recent.path.write_text(json.dumps({"items": ["f/two.txt", str(tmp_path)]}), "utf-8")
    assert recent.items() == [tmp_path]

    loose = HistoryFile.for_manuscript(Path("f/two.txt"))
    assert loose.path == HistoryFile.for_manuscript(tmp_path / "f" / "two.txt").path

    Project.create(tmp_path / "novel", "Novel").add_chapter("One")
    project = Project.open(Path("novel"))
    assert project.folder == tmp_path / "novel"
    assert project.chapters[0].path.is_absolute()
