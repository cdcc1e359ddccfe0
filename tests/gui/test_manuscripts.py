"""Never lose a word: files, encodings, failed saves, other programs, the autosave journal."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from writer_app.core.manuscript import backups as backup_files
from writer_app.core.manuscript import text_file as manuscript
from writer_app.core.manuscript.recovery import find_recoverable
from writer_app.ui.controllers.documents import flush_journal
from writer_app.ui.dialogs.recovery import RecoveryChoice, RecoveryDialog

CHINESE = "第一章\r\n雨已经下了三天，河水涨得很高。\r\n她站在桥上，看着远处的灯塔。\r\n"


def type_text(qtbot, window, text: str) -> None:
    """Type at the end: keys for ASCII, an input-method commit for Chinese (as a real IME)."""
    window.editor.setFocus()
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    if text.isascii():
        qtbot.keyClicks(window.editor, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(window.editor, event)


def save_dialog_answers(monkeypatch, path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), ""))
    )


def test_a_gb18030_chapter_opens_says_so_and_saves_in_its_own_encoding(
    qtbot, make_window, answers, tmp_path
):
    chapter = tmp_path / "第一章.txt"
    chapter.write_bytes(CHINESE.encode("gb18030"))
    window = make_window()
    assert window.files.open_path(chapter)
    assert window.editor.toPlainText() == CHINESE.replace("\r\n", "\n")
    assert window.format_label.text() == "GB18030 · CRLF"
    assert "GB18030" in window.statusBar().currentMessage()
    type_text(qtbot, window, "雨停了。")
    qtbot.keyClick(window.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = chapter.read_bytes()
    assert answers == []
    assert saved == (CHINESE + "雨停了。").encode("gb18030")
    qtbot.waitUntil(
        lambda: "字" in window.words_label.text() or "words" in window.words_label.text()
    )


def test_an_undecodable_file_is_never_altered_and_the_writer_chooses(
    qtbot, make_window, tmp_path, monkeypatch
):
    blob = tmp_path / "notes.txt"
    data = b"Caf\xe9 au lait \x81\x00\xff binary"
    blob.write_bytes(data)
    asked: list[str] = []

    def decline(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    window = make_window()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(decline))
    assert not window.files.open_path(blob)
    assert asked and "not been changed" in asked[0]
    assert window.editor.toPlainText() == ""
    assert blob.read_bytes() == data

    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Open)
    )
    assert window.files.open_path(blob)
    assert "au lait" in window.editor.toPlainText()
    assert window.files.current.path is None  # a copy: saving cannot overwrite the original
    assert blob.read_bytes() == data


def test_a_full_disk_keeps_the_original_and_the_text_and_offers_save_as(
    qtbot, make_window, tmp_path, monkeypatch
):
    chapter = tmp_path / "chapter.md"
    chapter.write_text("Original words.\n", encoding="utf-8")
    window = make_window()
    window.files.open_path(chapter)
    type_text(qtbot, window, " New words.")

    real_write = manuscript.write_bytes_atomic
    full = {"disk": True}

    def write(path, data):
        if full["disk"]:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(manuscript, "write_bytes_atomic", write)
    warnings: list[str] = []

    def warn(box) -> int:
        warnings.append(box.text())
        # The first time the writer declines; the second time accepts "Save As…".
        wanted = "Cancel" if len(warnings) == 1 else "Save As…"
        next(b for b in box.buttons() if b.text().replace("&", "") == wanted).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", warn)
    qtbot.keyClick(window.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert warnings and "disk is full" in warnings[0] and "unchanged" in warnings[0]
    assert chapter.read_text(encoding="utf-8") == "Original words.\n"
    assert window.editor.toPlainText() == "Original words.\n New words."
    assert window.files.current.modified

    elsewhere = tmp_path / "rescued.md"
    save_dialog_answers(monkeypatch, elsewhere)

    def rescue_after_save_as(*_args, **_kwargs):
        full["disk"] = False
        return (str(elsewhere), "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(rescue_after_save_as))
    qtbot.keyClick(window.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(warnings) == 2
    assert elsewhere.read_text(encoding="utf-8") == "Original words.\n New words."
    assert chapter.read_text(encoding="utf-8") == "Original words.\n"
    assert not window.files.current.modified and window.files.current.path == elsewhere


def test_a_file_changed_by_another_program_is_never_silently_overwritten(
    qtbot, make_window, tmp_path, monkeypatch
):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text("Mine and theirs.\n", encoding="utf-8")
    window = make_window()
    window.files.open_path(chapter)
    type_text(qtbot, window, "My new line.")
    chapter.write_text("Their sync client wrote this.\n", encoding="utf-8")

    kept = tmp_path / "mine.txt"
    save_dialog_answers(monkeypatch, kept)
    choices: list[str] = []

    def choose(box) -> int:
        choices.append(box.text())
        keep = next(b for b in box.buttons() if b.text().startswith("Keep Mine"))
        keep.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose)
    qtbot.keyClick(window.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert choices and "changed by another program" in choices[0]
    assert chapter.read_text(encoding="utf-8") == "Their sync client wrote this.\n"
    assert kept.read_text(encoding="utf-8") == "Mine and theirs.\nMy new line."
    assert window.files.current.path == kept


def test_saving_keeps_rolling_backups_the_writer_can_find(qtbot, make_window, tmp_path):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text("v0", encoding="utf-8")
    window = make_window()
    window.files.open_path(chapter)
    for n in range(1, 8):
        type_text(qtbot, window, f" v{n}")
        qtbot.keyClick(window.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    doc = window.files.current
    backups = backup_files.list_backups(chapter, doc.backups)
    assert len(backups) == 5
    assert backups[0].read_text(encoding="utf-8") == "v0 v1 v2 v3 v4 v5 v6"


def test_typing_is_journalled_within_200_characters_and_after_a_pause(qtbot, make_window, tmp_path):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text("Start.\n", encoding="utf-8")
    window = make_window()
    window.files.open_path(chapter)
    burst = "word " * 40  # 200 characters, typed without a pause
    type_text(qtbot, window, burst)
    flush_journal()
    found, damaged = find_recoverable()
    assert not damaged
    assert found and found[0].text.startswith("Start.\n" + burst[:199])

    type_text(qtbot, window, "then a pause")
    qtbot.waitUntil(lambda: _journalled_text().endswith("then a pause"), timeout=5000)


def _journalled_text() -> str:
    flush_journal()
    found, _ = find_recoverable()
    return found[0].text if found else ""


def test_a_clean_exit_clears_the_journal(qtbot, make_window, tmp_path, monkeypatch):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text("Start.", encoding="utf-8")
    window = make_window()
    window.files.open_path(chapter)
    type_text(qtbot, window, " more words " * 30)
    flush_journal()
    assert find_recoverable()[0]
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Discard)
    )
    window.close()
    flush_journal()
    assert find_recoverable() == ([], [])
    assert chapter.read_text(encoding="utf-8") == "Start."


def test_after_a_kill_the_next_start_offers_the_lost_words_and_restores_them(
    qtbot, make_window, tmp_path, monkeypatch
):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text("Saved part.\n", encoding="utf-8")
    script = textwrap.dedent(
        f"""
        import os, signal, time
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from pathlib import Path
        from PySide6.QtWidgets import QApplication
        from PySide6.QtTest import QTest
        app = QApplication([])
        from writer_app.ui.main_window import MainWindow
        window = MainWindow()
        window.show()
        window.files.open_path(Path({str(chapter)!r}))
        window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
        QTest.keyClicks(window.editor, "Unsaved words the crash must not take.")
        deadline = time.monotonic() + 2.5
        while time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], env=os.environ.copy(), timeout=120)
    assert result.returncode == -9
    assert chapter.read_text(encoding="utf-8") == "Saved part.\n"

    offered = []

    def restore_all(_parent, recoverables, damaged=()):
        offered.extend(recoverables)
        return RecoveryChoice(restore=tuple(recoverables), discard=(), later=())

    monkeypatch.setattr(RecoveryDialog, "ask", staticmethod(restore_all))
    window = make_window()
    assert window.files.offer_recovery() == 1
    assert offered[0].path == chapter
    assert window.editor.toPlainText() == "Saved part.\nUnsaved words the crash must not take."
    assert window.files.current.modified
    qtbot.keyClick(window.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert chapter.read_text(encoding="utf-8").endswith("crash must not take.")
    flush_journal()
    assert find_recoverable()[0] == []


def test_an_unchanged_chapter_follows_the_file_when_another_program_edits_it(
    qtbot, make_window, tmp_path
):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text("Draft one.\n", encoding="utf-8")
    window = make_window()
    window.files.open_path(chapter)
    chapter.write_text("Draft two, from git.\n", encoding="utf-8")
    qtbot.waitUntil(lambda: window.editor.toPlainText() == "Draft two, from git.\n", timeout=5000)
    assert not window.files.current.modified
    assert "Reloaded" in window.statusBar().currentMessage()


def test_overwrite_after_an_external_change_is_the_writers_explicit_choice(
    qtbot, make_window, tmp_path, monkeypatch
):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text("Old.\n", encoding="utf-8")
    window = make_window()
    window.files.open_path(chapter)
    type_text(qtbot, window, "Mine.")
    chapter.write_text("Theirs.\n", encoding="utf-8")
    seen: list[str] = []

    def compare_then_overwrite(box) -> int:
        names = [b.text() for b in box.buttons()]
        seen.append(box.windowTitle())
        if box.windowTitle() == "Compare":
            assert "+Mine." in box.detailedText() and "-Theirs." in box.detailedText()
            return 0
        wanted = "Compare…" if "Compare" not in seen else "Overwrite"
        next(b for b in box.buttons() if b.text() == wanted).click()
        assert "Reload Theirs" in names
        return 0

    monkeypatch.setattr(QMessageBox, "exec", compare_then_overwrite)
    qtbot.keyClick(window.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert seen == ["Changed by another program", "Compare", "Changed by another program"]
    assert chapter.read_text(encoding="utf-8") == "Old.\nMine."


def test_typing_without_a_pause_is_still_journalled_every_second_and_a_half(
    qtbot, make_window, tmp_path
):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text("Start.\n", encoding="utf-8")
    window = make_window()
    window.files.open_path(chapter)
    # A steady typist: a few characters every 300 ms for 2.4 s, never a 1 s pause and far
    # fewer than 200 characters.
    for n in range(8):
        type_text(qtbot, window, f"w{n} ")
        qtbot.wait(300)
    journalled = _journalled_text()
    assert journalled.startswith("Start.\nw0 w1 w2 w3 ")  # at most ~1.5 s behind the keys


def test_a_legacy_file_can_be_converted_to_utf8_by_choice(qtbot, make_window, tmp_path):
    chapter = tmp_path / "旧稿.txt"
    chapter.write_bytes(CHINESE.encode("gb18030"))
    window = make_window()
    window.files.open_path(chapter)
    assert window.files.save_as_utf8()
    assert chapter.read_bytes() == CHINESE.encode("utf-8")  # line endings kept: CRLF
    assert window.format_label.text() == "UTF-8 · CRLF"
