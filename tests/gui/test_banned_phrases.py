"""Draft ▸ Banned Phrases…: a list for every novel and one for the open novel, kept, and sent
with every suggestion; the model's ghost never shows them."""

from __future__ import annotations

import json
import re

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from tests.gui.test_drafting_loop import STORY, put_text, suggest_and_finish
from writer_app.core.manuscript.project import Project
from writer_app.core.settings import load_settings


def test_banned_phrases_are_kept_and_never_in_the_ghost(qtbot, window, tmp_path):
    project = Project.create(tmp_path / "lighthouse", "The Lighthouse")
    project.add_chapter("One", STORY)
    assert window.files.open_project(project.folder)
    requests = []
    window.drafting.generateRequested.connect(requests.append)

    window.findChild(QAction, "bannedPhrasesAction").trigger()
    dialog = window.findChild(object, "bannedPhrasesDialog")
    qtbot.waitUntil(dialog.isVisible)
    dialog.findChild(QPlainTextEdit, "bannedEverywhereEdit").setPlainText("the\n  THE \n")
    dialog.findChild(QPlainTextEdit, "bannedInNovelEdit").setPlainText("Ada\nlighthouse")
    dialog.accept()

    assert window.panel.settings().banned == ("the",)
    stored = json.loads(project.metadata_path.read_text(encoding="utf-8"))
    assert stored["banned_phrases"] == ["Ada", "lighthouse"]
    qtbot.waitUntil(lambda: load_settings().sampling.banned == ("the",))

    window.activateWindow()  # back on the page (offscreen, Qt leaves focus in the dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    put_text(window, STORY)
    for _ in range(3):
        suggest_and_finish(qtbot, window)
        ghost = window.editor.ghost_text
        assert ghost
        assert not re.search(r"\b(the|ada|lighthouse)\b", ghost.lower()), ghost
        window.drafting.cycle_alternative(1)
    assert set(requests[-1].settings.banned) == {"the", "Ada", "lighthouse"}
