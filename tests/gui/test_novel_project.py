"""A novel as a folder of chapters, driven through the window's sidebar."""

from __future__ import annotations

import zipfile

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from writer_app.core.manuscript.project import Project


def make_novel(tmp_path) -> Project:
    project = Project.create(tmp_path / "lighthouse", "The Lighthouse")
    project.add_chapter("The Storm", "The storm had been building since noon.\n")
    project.add_chapter("灯塔", "雨已经下了三天，河水涨得很高。\n")
    return project


def activate(qtbot, window, row: int) -> None:
    chapter_list = window.chapters.chapter_list
    chapter_list.setFocus()
    chapter_list.setCurrentRow(row)
    qtbot.keyClick(chapter_list, Qt.Key.Key_Return)


def test_chapters_switch_keeping_each_ones_words_and_undo(qtbot, make_window, tmp_path):
    project = make_novel(tmp_path)
    window = make_window()
    assert window.files.open_project(project.folder)
    assert window.chapters_dock.isVisible()
    assert window.chapters.chapter_list.count() == 2
    assert window.editor.toPlainText() == "The storm had been building since noon.\n"

    window.editor.setFocus()
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(window.editor, "Ada ran.")
    activate(qtbot, window, 1)
    assert window.editor.toPlainText() == "雨已经下了三天，河水涨得很高。\n"
    assert "•" in window.chapters.chapter_list.item(0).text()  # unsaved changes, marked

    activate(qtbot, window, 0)
    assert window.editor.toPlainText().endswith("Ada ran.")
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.editor.toPlainText() == "The storm had been building since noon.\n"


def test_word_counts_cover_english_words_and_chinese_characters(qtbot, make_window, tmp_path):
    project = make_novel(tmp_path)
    window = make_window()
    window.files.open_project(project.folder)
    # 7 English words + 13 Han characters (punctuation is not counted)
    qtbot.waitUntil(lambda: "novel 20" in window.words_label.text(), timeout=5000)
    assert window.words_label.text().startswith("7 words")
    qtbot.waitUntil(lambda: "— 13" in window.chapters.chapter_list.item(1).text(), timeout=5000)


def test_deleting_a_chapter_with_unsaved_words_saves_them_into_the_trash(
    qtbot, make_window, tmp_path, monkeypatch
):
    project = make_novel(tmp_path)
    window = make_window()
    window.files.open_project(project.folder)
    window.editor.setFocus()
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(window.editor, "Last words.")
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    window.chapters.chapter_list.setCurrentRow(0)
    window.chapters.delete_chapter()
    reopened = Project.open(project.folder)
    assert [c.title for c in reopened.chapters] == ["灯塔"]
    trashed = reopened.trashed()
    assert trashed[0].title == "The Storm"
    assert trashed[0].path.read_text(encoding="utf-8").endswith("Last words.")
    assert window.editor.toPlainText() == "雨已经下了三天，河水涨得很高。\n"


def test_closing_the_novel_leaves_a_dated_archive(qtbot, make_window, tmp_path):
    project = make_novel(tmp_path)
    window = make_window()
    window.files.open_project(project.folder)
    window.close()
    archives = list((project.folder / "backups" / "archives").glob("*.zip"))
    assert len(archives) == 1
    with zipfile.ZipFile(archives[0]) as archive:
        names = archive.namelist()
    assert any(name.endswith("project.json") for name in names)
    assert sum("/chapters/" in name for name in names) == 2


def test_the_daily_goal_shows_how_far_today_has_come(qtbot, make_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    project = make_novel(tmp_path)
    window = make_window()
    window.files.open_project(project.folder)
    monkeypatch.setattr(QInputDialog, "getInt", staticmethod(lambda *a, **k: (500, True)))
    window.files.set_goal_dialog()
    window.editor.setFocus()
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(window.editor, " Three more words")
    qtbot.waitUntil(lambda: "session +3 of 500" in window.words_label.text(), timeout=5000)
    assert Project.open(project.folder).word_goal == 500
