"""View ▸ Predictability as a writer meets it, with the real model: the words of a page tinted
by how surprising each was, the most predictable sentences listed (a click goes there), a
word's figure and what the model expected when pointed at, only the paragraph edited scored
again, a suggestion never kept waiting, Chinese aligned character by character, and the
HTML report."""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QAction, QColor, QHelpEvent, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QDockWidget, QFileDialog, QListWidget, QToolTip

from tests.gui.test_drafting_loop import put_text, suggest_and_finish
from tests.gui.test_read_ahead import chapter
from writer_app.core.drafting.predictability import tint
from writer_app.core.text.utf16 import utf16_length
from writer_app.ui.worker import LoadedModel

ROOT = Path(__file__).resolve().parents[2]
PROSE = (ROOT / "resources" / "sample_chapter.txt").read_text(encoding="utf-8").strip()
CHINESE = "🙂" + (ROOT / "resources" / "sample_chapter_zh.txt").read_text(encoding="utf-8")[:160]
SCORING_MS = 180_000  # a page on two shared cores


def action(window, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def map_on(qtbot, window):
    """Turn the map on and wait until the whole text is scored."""
    with qtbot.waitSignal(
        window.predictability.mapShown, timeout=SCORING_MS, check_params_cb=lambda m: m.complete
    ) as shown:
        action(window, "predictabilityAction").setChecked(True)
    return shown.args[0]


def document_text(window, start: int, end: int) -> str:
    cursor = QTextCursor(window.editor.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()


def pixel_under(window, position: int) -> QColor:
    """The paper's colour just inside the top of the line, under the character at
    ``position`` (above the letters)."""
    editor = window.editor
    cursor = QTextCursor(editor.document())
    cursor.setPosition(position)
    rect = editor.cursorRect(cursor)
    image = editor.viewport().grab().toImage()
    return image.pixelColor(rect.left() + 3, rect.top() + 1)


def word_point(window, start: int) -> QPoint:
    cursor = QTextCursor(window.editor.document())
    cursor.setPosition(start)
    rect = window.editor.cursorRect(cursor)
    return QPoint(rect.left() + 3, rect.center().y())


def test_the_map_tints_every_scored_word_and_surprise_apart_from_cliche(qtbot, window):
    put_text(window, PROSE)
    scored = map_on(qtbot, window)
    dock = window.findChild(QDockWidget, "predictabilityDock")
    assert dock is not None and dock.isVisible()

    ranges = window.predictability.tint.ranges()
    assert len(ranges) == len(scored.words) > 150
    for start, end, figure in ranges:  # each range is the word its figure is of
        word = document_text(window, start, end)
        assert word == scored.text[figure.start : figure.end]
        assert re.fullmatch(r"\w+(['’-]\w+)*", word), word
    # Words the model could not have predicted stand out from those it could.
    surprising = max(ranges, key=lambda r: r[2].bits)
    predictable = min(ranges, key=lambda r: r[2].bits)
    assert surprising[2].level == 2 and predictable[2].level == -2
    paper = window.editor.palette().color(QPalette.ColorRole.Base).name()
    high, low = pixel_under(window, surprising[0]), pixel_under(window, predictable[0])
    assert high == QColor(tint(2, paper)) and low == QColor(tint(-2, paper))
    assert high != low
    # (the summary says how far it went)
    assert (
        "bits/token" in window.findChild(QDockWidget, "predictabilityDock").widget().summary.text()
    )


def test_the_most_predictable_sentences_are_listed_and_a_click_goes_there(qtbot, window):
    put_text(window, PROSE)
    scored = map_on(qtbot, window)
    listed = window.findChild(QListWidget, "predictabilityList")
    assert listed.count() >= 5
    figures = [float(listed.item(i).text().split(" bits/token")[0]) for i in range(listed.count())]
    assert figures == sorted(figures)
    assert all(" bits/token  " in listed.item(i).text() for i in range(listed.count()))

    item = listed.item(1)
    sentence = scored.most_predictable()[1]
    qtbot.mouseClick(
        listed.viewport(), Qt.MouseButton.LeftButton, pos=listed.visualItemRect(item).center()
    )
    at = window.editor.textCursor().position()
    assert at == utf16_length(PROSE[: sentence.start])
    assert window.editor.toPlainText()[at:].startswith(PROSE[sentence.start : sentence.end])


def test_pointing_at_a_word_shows_its_surprisal_and_what_the_model_expected(qtbot, window):
    put_text(window, PROSE)
    map_on(qtbot, window)
    start, end, figure = next(
        r for r in window.predictability.tint.ranges() if r[2].bits > 8 and len(r[2].expected) >= 3
    )
    viewport = window.editor.viewport()
    point = word_point(window, start)
    event = QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(QToolTip.isVisible)
    said = QToolTip.text()
    word = document_text(window, start, end)
    assert said.startswith(f"{word}: ") and " bits (the model gave it " in said
    assert "It expected: " in said
    first = figure.expected[0]
    assert f"{first[0].strip()} {round(first[1] * 100)}%" in said or first[1] < 0.01


def test_an_edit_scores_again_only_from_its_paragraph_and_keeps_the_rest(qtbot, window):
    put_text(window, PROSE)
    before = map_on(qtbot, window)
    asked = []
    window.predictability.scoreRequested.connect(asked.append)

    last = PROSE.rindex("\n\n") + 2  # the last paragraph: "She sat down, …"
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)
    with qtbot.waitSignal(
        window.predictability.mapShown, timeout=SCORING_MS, check_params_cb=lambda m: m.complete
    ) as shown:
        qtbot.keyClicks(window.editor, " Then the lamp went out.")
    after = shown.args[0]

    assert len(asked) == 1  # once, after the writer stopped typing
    assert asked[0].start_at == last
    kept = sum(t.offset + len(t.text) <= last for t in before.tokens)
    assert after.tokens[:kept] == before.tokens[:kept]  # carried over, not scored again
    kept_words = [w for w in before.words if w.end <= last]
    assert after.words[: len(kept_words)] == tuple(kept_words)  # the same figures
    assert after.scored_from >= last - 2
    assert document_text(window, *after.positions[-1]) == "out"
    assert window.predictability.tint.ranges()[-1][2] == after.words[-1]


def test_a_suggestion_stops_the_scoring_which_goes_on_after_it(qtbot, window):
    put_text(window, chapter(40))
    map_ = window.predictability
    with qtbot.waitSignal(map_.mapShown, timeout=SCORING_MS) as first:
        action(window, "predictabilityAction").setChecked(True)
    assert not first.args[0].complete  # a first slice: the rest is being scored
    cancelled_first = []
    window.drafting.generateRequested.connect(
        lambda _r: cancelled_first.append(
            map_._request is not None and map_._request.cancel.is_set()
        )
    )
    resumed = []
    map_.scoreRequested.connect(resumed.append)
    window.panel._sliders["lengthSlider"].set_value(8)

    suggest_and_finish(qtbot, window)
    assert cancelled_first == [True]  # before the worker took the suggestion
    qtbot.waitUntil(lambda: bool(resumed), timeout=30_000)
    assert resumed[0].start_at >= first.args[0].scored_to
    action(window, "predictabilityAction").setChecked(False)


def test_chinese_tints_line_up_with_the_characters(qtbot, window):
    put_text(window, CHINESE)
    scored = map_on(qtbot, window)
    ranges = window.predictability.tint.ranges()
    assert len(ranges) > 40
    for start, end, figure in ranges:
        assert document_text(window, start, end) == CHINESE[figure.start : figure.end]
        assert start == utf16_length(CHINESE[: figure.start])  # the emoji counts two
    assert any(len(CHINESE[f.start : f.end]) == 1 for f in scored.words)


def test_the_report_is_written_with_the_tinted_text_and_the_sentences(
    qtbot, window, tmp_path, monkeypatch
):
    put_text(window, PROSE + "\n\nA <tag> & “quotes”.")
    map_on(qtbot, window)
    out = tmp_path / "report.html"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), ""))
    )
    action(window, "predictabilityReportAction").trigger()
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "Most predictable sentences" in page and "bits/token" in page
    assert "<tag>" not in page and 'class="l2"' in page
    tinted = page.split('<div class="text">')[1].split("</div>")[0]
    assert html.unescape(re.sub(r"<[^>]+>", "", tinted)) == window.editor.toPlainText()


def test_without_a_model_on_this_computer_the_map_says_what_it_needs(qtbot, make_window):
    window = make_window()
    said = []
    window.predictability.message.connect(lambda text, _ms: said.append(text))
    action(window, "predictabilityAction").setChecked(True)
    assert said and "needs a model on this computer" in said[-1]

    server = LoadedModel("Study", "", 4096, 0, "", where="on Study (127.0.0.1)", remote=True)
    window.drafting.model = server
    window.predictability.model_ready(server)
    assert "needs a model on this computer" in said[-1] and "Study" in said[-1]
    assert window.predictability._request is None  # nothing was asked
