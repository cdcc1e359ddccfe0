"""Novel ▸ Provenance Report…: after drafting with the real model, the report counts the words
the writer typed and the ones the model wrote, chapter by chapter, and saves them marked."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QTextCursor

from tests.gui.test_drafting_loop import STORY, suggest_and_finish
from writer_app.core.export.provenance import write_html
from writer_app.core.manuscript.project import Project
from writer_app.core.text.wordcount import count_text


def test_the_report_counts_the_accepted_suggestion_as_the_models(qtbot, window, tmp_path):
    project = Project.create(tmp_path / "lighthouse", "The Lighthouse")
    project.add_chapter("One", STORY)
    project.add_chapter("Two", "All of this is mine.\n")
    assert window.files.open_project(project.folder)
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    window.editor.setFocus()
    suggest_and_finish(qtbot, window)
    ghost = window.editor.ghost_text
    assert ghost.strip()
    qtbot.keyClick(window.editor, Qt.Key.Key_Tab)  # accepted: the model's words
    window.editor.insertPlainText(" And then I wrote this.")

    window.findChild(QAction, "provenanceAction").trigger()
    dialog = window.findChild(object, "provenanceDialog")
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
    one, two = dialog.report.chapters
    assert one.model_words == count_text(ghost).total
    assert one.own_words == count_text(STORY).total + 5
    assert (two.own_words, two.model_words) == (5, 0)
    assert dialog.table.item(0, 2).text() == str(one.model_words)
    assert dialog.table.cellWidget(0, 3).value() == one.model_words
    assert "of the words of “The Lighthouse”" in dialog.statement.text()

    out = tmp_path / "report.html"
    assert dialog.save_to(out, write_html)
    page = out.read_text(encoding="utf-8")
    first_line = ghost.strip().splitlines()[0]
    assert f"<mark>{html.escape(first_line)}" in page.replace("<mark> ", "<mark>")
    assert "And then I wrote this." in page and "<mark> And then" not in page
