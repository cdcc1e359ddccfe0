"""Pipes, devices, sockets, folders, link loops and vanishing files, opened the way a writer
opens a chapter: File ▸ Open, the command line, a recent entry, a chapter of a novel.

Each case: nothing hangs (the watchdog), a sentence is shown, the thing on disk is unchanged,
and the window still takes typing afterwards.
"""

from __future__ import annotations

import os
import socket
import stat
import tempfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.support.windows import shown_window
from writer_app.core.manuscript.project import Project
from writer_app.core.storage import reading
from writer_app.ui.main_window import MainWindow


@pytest.fixture
def told(monkeypatch) -> list[tuple[str, str]]:
    """Every warning the writer is shown (title, sentence). Questions get Discard: a file
    far too big is not opened, unsaved typing is dropped when the window closes."""
    shown: list[tuple[str, str]] = []

    def warning(_parent, title, text, *args, **kwargs):
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard)
    )
    return shown


@pytest.fixture
def window(qtbot, told):
    """The real main window, no model loaded (opening files needs none)."""
    win = shown_window(qtbot)
    yield win
    win.shutdown()


def assert_still_usable(qtbot, window: MainWindow) -> None:
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "Still writing.")
    assert "Still writing." in window.editor.toPlainText()


def open_with_dialog(window: MainWindow, monkeypatch, path: Path) -> None:
    """File ▸ Open, the writer picking ``path``."""
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )
    window.files.open_dialog()


def open_from_recent(window: MainWindow, path: Path) -> None:
    """File ▸ Open Recent, the entry for ``path``."""
    window.files.recent.add(path)
    window.commands.fill_recent_menu()
    entry = next(a for a in window.commands.recent_menu.actions() if a.text() == str(path))
    entry.trigger()


def test_a_fifo_picked_in_file_open_is_refused_at_once(qtbot, window, told, tmp_path, monkeypatch):
    fifo = tmp_path / "chapter.txt"
    os.mkfifo(fifo)
    open_with_dialog(window, monkeypatch, fifo)  # today: blocks in open() for ever
    assert told and "named pipe" in told[0][1]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert window.files.current.path is None
    assert_still_usable(qtbot, window)


def test_a_link_to_dev_zero_on_the_command_line_is_refused_without_reading(
    qtbot, window, told, tmp_path, bounded_memory
):
    link = tmp_path / "chapter.txt"
    link.symlink_to("/dev/zero")
    with bounded_memory(20):  # today: reads until the OOM killer comes
        window.start(file=link)
    assert told and "a device" in told[0][1]
    assert window.editor.toPlainText() == ""
    assert_still_usable(qtbot, window)


def test_dev_null_from_the_recent_list_is_refused(qtbot, window, told):
    open_from_recent(window, Path(os.devnull))
    assert told and "a device" in told[0][1]
    assert window.files.current.path is None
    assert_still_usable(qtbot, window)


def test_a_socket_is_refused_with_a_sentence(qtbot, window, told, monkeypatch):
    # A socket's path must be short (108 bytes): pytest's tmp_path can be longer.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chapter.txt"
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            server.bind(str(path))
            open_with_dialog(window, monkeypatch, path)
        finally:
            server.close()
    assert told and "a socket" in told[0][1]
    assert_still_usable(qtbot, window)


def test_a_folder_named_like_a_chapter_is_refused(qtbot, window, told, tmp_path):
    folder = tmp_path / "chapter.txt"
    folder.mkdir()
    assert not window.files.open_path(folder)
    assert told and told[0][1]
    assert folder.is_dir() and not any(folder.iterdir())
    assert_still_usable(qtbot, window)


def test_a_loop_of_links_is_refused_with_a_sentence(qtbot, window, told, tmp_path, monkeypatch):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.symlink_to(second)
    second.symlink_to(first)
    open_with_dialog(window, monkeypatch, first)
    assert told and "loop" in told[0][1]
    assert_still_usable(qtbot, window)


def test_a_link_to_nothing_says_so(qtbot, window, told, tmp_path):
    link = tmp_path / "chapter.txt"
    link.symlink_to(tmp_path / "gone.txt")
    window.start(file=link)  # the command line (the recent menu greys such an entry out)
    assert told and "does not exist" in told[0][1]
    assert link.is_symlink()
    assert_still_usable(qtbot, window)


def test_an_unreadable_file_says_permission_and_stays_as_it_was(
    qtbot, window, told, tmp_path, monkeypatch
):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text("Secret words.\n", encoding="utf-8")
    chapter.chmod(0)
    real_open = os.open

    def denied(path, flags, *args, **kwargs):  # tests run as root, who may read anything
        if Path(path) == chapter:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(os, "open", denied)
        assert not window.files.open_path(chapter)
    assert told and "permission" in told[0][1]
    chapter.chmod(0o644)
    assert chapter.read_text(encoding="utf-8") == "Secret words.\n"
    assert_still_usable(qtbot, window)


def test_a_file_that_vanishes_between_stat_and_open_says_so(
    qtbot, window, told, tmp_path, monkeypatch
):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text("Here a moment ago.\n", encoding="utf-8")
    real_open = os.open

    def vanishing(path, flags, *args, **kwargs):
        if Path(path) == chapter:
            chapter.unlink()
        return real_open(path, flags, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(os, "open", vanishing)
        assert not window.files.open_path(chapter)
    assert told and "no longer exists" in told[0][1]
    assert_still_usable(qtbot, window)


def test_a_file_swapped_for_a_fifo_after_the_check_is_not_waited_on(
    qtbot, window, told, tmp_path, monkeypatch
):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text("Swapped.\n", encoding="utf-8")
    real_open = os.open

    def swap_then_open(path, flags, *args, **kwargs):
        if Path(path) == chapter and not stat.S_ISFIFO(os.lstat(chapter).st_mode):
            chapter.unlink()
            os.mkfifo(chapter)
        return real_open(path, flags, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(os, "open", swap_then_open)
        assert not window.files.open_path(chapter)  # a blocking open would wait for a writer
    assert told and "named pipe" in told[0][1]
    assert_still_usable(qtbot, window)


def test_a_fifo_chapter_in_a_novel_is_refused_and_the_novel_still_opens(
    qtbot, window, told, tmp_path
):
    project = Project.create(tmp_path / "Novel", "Novel")
    first = project.add_chapter("Chapter 1")
    project.add_chapter("Chapter 2")
    first.path.unlink()
    os.mkfifo(first.path)
    (project.chapters_dir / "stray.txt").unlink(missing_ok=True)
    os.mkfifo(project.chapters_dir / "stray.txt")  # not adopted: not a chapter file
    assert window.files.open_project(project.folder)
    assert told and "named pipe" in told[-1][1]
    assert window.files.project is not None
    assert [c.title for c in window.files.project.chapters] == ["Chapter 1", "Chapter 2"]
    # The word count on its worker thread skips the pipe instead of waiting on it.
    qtbot.waitUntil(lambda: window.files.words.session_start is not None)
    assert stat.S_ISFIFO(os.stat(first.path).st_mode)
    assert_still_usable(qtbot, window)


def test_every_read_refuses_a_device_before_opening_it(tmp_path, monkeypatch):
    opened: list[str] = []
    real_open = os.open

    def spy(path, *args, **kwargs):
        opened.append(str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    with pytest.raises(reading.NotARegularFile):
        reading.read_regular_file(Path(os.devnull))
    with pytest.raises(reading.NotARegularFile):
        reading.read_head(Path(os.devnull), 10)
    assert opened == []  # refused by stat alone: a device is never opened
