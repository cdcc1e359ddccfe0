"""Draft ▸ Lead into What Follows with the real model: mid-chapter, Ctrl+Return writes several
candidates and shows first the one after which the text after the cursor reads best, starred
in the list; at the end of the text, or with the item off, a suggestion is as it always was."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QListWidget

from tests.gui.test_drafting_loop import put_text, suggest_and_finish
from writer_app.core.drafting.bridge import MIN_CANDIDATES
from writer_app.core.settings import load_settings

BEFORE = "Ada climbed the stairs of the old lighthouse and opened the door at the top."
AFTER = "\n\nThe waves broke white on the rocks below. She would not go down again tonight."


def short(window) -> None:
    window.panel._sliders["lengthSlider"].set_value(16)


def test_mid_chapter_the_best_lead_in_is_shown_first(qtbot, window):
    short(window)
    put_text(window, BEFORE + AFTER, cursor_at=len(BEFORE))
    requests = []
    window.drafting.generateRequested.connect(requests.append)

    suggest_and_finish(qtbot, window)

    assert requests[-1].after == AFTER
    ranking = window.drafting.ranking
    assert ranking is not None and len(ranking.bits) == MIN_CANDIDATES
    texts = window.drafting.alternatives.texts
    assert window.editor.ghost_text == texts[ranking.best]
    listed = window.findChild(QListWidget, "alternativesList")
    best = listed.item(ranking.best)
    assert best.text().startswith("★ ") and "1 of 3" in best.toolTip()
    assert sum(listed.item(i).text().startswith("★") for i in range(listed.count())) == 1
    assert "leads best into what follows" in window.stats_label.text()


def test_at_the_end_of_the_text_or_switched_off_nothing_changes(qtbot, window):
    short(window)
    put_text(window, BEFORE + "\n\n")
    requests = []
    window.drafting.generateRequested.connect(requests.append)
    suggest_and_finish(qtbot, window)
    assert window.drafting.ranking is None
    assert len(window.drafting.alternatives.texts) == 1

    item = window.findChild(QAction, "bridgeAction")
    assert item.isChecked()
    item.trigger()
    qtbot.waitUntil(lambda: load_settings().bridge is False)
    put_text(window, BEFORE + AFTER, cursor_at=len(BEFORE))
    suggest_and_finish(qtbot, window)
    assert requests[-1].after == ""
    assert window.drafting.ranking is None
    assert len(window.drafting.alternatives.texts) == 1
