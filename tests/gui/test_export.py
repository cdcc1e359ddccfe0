"""File ▸ Export…: what goes in is shown first, the file is written off the GUI thread with its
progress, unsaved changes go in, the trash stays out, and the novel's folder is only read."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import QFileDialog, QListWidget

from writer_app.core.manuscript.project import Project


@pytest.fixture
def novel(tmp_path):
    project = Project.create(tmp_path / "lighthouse", "灯塔")
    project.add_chapter("第一章", "　　风从午后就开始起了。\n")
    project.add_chapter("Two", "The sea was calm.\n")
    project.delete_chapter(project.add_chapter("Cut", "A scene that did not work.\n").id)
    return project


def _chapters(folder):
    """Every file of the novel but its project.json (where the author is kept) and its copy."""
    files = (p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("project."))
    return sorted((p.relative_to(folder), p.read_bytes()) for p in files)


def test_the_novel_exports_to_epub_with_the_unsaved_page_and_without_the_trash(
    qtbot, make_window, novel, tmp_path, monkeypatch
):
    from ebooklib import ITEM_DOCUMENT, epub

    window = make_window()
    assert window.files.open_project(novel.folder)
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.editor.insertPlainText("　　灯亮了。\n")  # not saved
    before = _chapters(novel.folder)
    window.findChild(QAction, "exportAction").trigger()
    dialog = window.findChild(object, "exportDialog")
    qtbot.waitUntil(dialog.isVisible)
    preview = dialog.findChild(QListWidget, "exportPreviewList")
    assert [preview.item(i).text() for i in range(preview.count())] == ["1. 第一章", "2. Two"]
    assert "1" in dialog.note.text()  # one chapter in the Trash, left out
    dialog.format.setCurrentIndex(dialog.format.findData(".epub"))
    dialog.author.setText("林晚")
    out = tmp_path / "out" / "灯塔.epub"
    out.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), ""))
    )
    with qtbot.waitSignal(dialog.exported, timeout=30_000) as done:
        dialog.export_button.click()
    assert done.args == [str(out)]
    assert dialog.progress.value() == dialog.progress.maximum() == 2
    qtbot.waitUntil(lambda: str(out) in window.statusBar().currentMessage())

    book = epub.read_epub(str(out))
    assert book.get_metadata("DC", "creator")[0][0] == "林晚"
    text = " ".join(item.get_content().decode() for item in book.get_items_of_type(ITEM_DOCUMENT))
    assert "灯亮了。" in text and "The sea was calm." in text
    assert "A scene that did not work." not in text
    assert _chapters(novel.folder) == before  # the novel is only read
    chapter_file = novel.chapters[0].path
    assert "灯亮了" not in chapter_file.read_text(encoding="utf-8")  # the page is not saved
    assert Project.open(novel.folder).author == "林晚"  # remembered for the next export


def test_the_page_alone_exports_to_word_and_a_refusal_is_said_in_the_dialog(
    qtbot, make_window, novel, tmp_path, monkeypatch
):
    from docx import Document

    window = make_window()
    assert window.files.open_project(novel.folder)
    dialog = window.commands.show_export()
    qtbot.waitUntil(dialog.isVisible)
    dialog.this_page.setChecked(True)
    assert dialog.preview.count() == 1 and dialog.title.text() == "第一章"
    dialog.format.setCurrentIndex(dialog.format.findData(".docx"))
    inside = novel.folder / "book.docx"
    dialog.start(inside)
    qtbot.waitUntil(
        lambda: "inside the novel" in dialog.note.text() or "小说" in dialog.note.text()
    )
    assert not inside.exists() and dialog.export_button.isEnabled()
    out = tmp_path / "page.docx"
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        dialog.start(out)
    assert "风从午后就开始起了。" in [p.text for p in Document(str(out)).paragraphs]
