"""Novel ▸ Provenance Report, in core: the words the writer typed and the words from the model,
per chapter and for the novel, from the spans the editor keeps in history.json."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_COLOR_INDEX

from writer_app.core.drafting.history import HistoryFile, text_hash
from writer_app.core.drafting.provenance import Span
from writer_app.core.export.provenance import (
    model_words_in,
    novel_report,
    write_docx,
    write_html,
)
from writer_app.core.manuscript.project import Project

LABELS = {"chapter": "Chapter", "own": "Yours", "model": "Model"}
ONE = "The sea was calm. Then the storm came over the hill.\n"
MODEL_ONE = "Then the storm came over the hill."
TWO = "风从午后就开始起了。她推开门。\n"
MODEL_TWO = "她推开门。"


def _span(text: str, words: str) -> Span:
    start = text.index(words)
    return Span(start, start + len(words), words)


def _novel(tmp_path) -> Project:
    project = Project.create(tmp_path / "novel", "The Lighthouse")
    one = project.add_chapter("One", ONE)
    two = project.add_chapter("Two", TWO)
    history = HistoryFile.for_project(project.folder)
    for chapter, text, words in ((one, ONE, MODEL_ONE), (two, TWO, MODEL_TWO)):
        kept = history.document(chapter.id)
        kept.model_text = [_span(text, words)]
        kept.text_sha256 = text_hash(text)
    history.save()
    return project


def test_words_are_counted_for_the_model_where_they_begin_in_its_spans():
    text = "She said hello. 他笑了。"
    assert model_words_in(text, [_span(text, "said hello")]) == 2
    assert model_words_in(text, [_span(text, "aid hello")]) == 1  # "said" began with her
    assert model_words_in(text, [_span(text, "笑了")]) == 2


def test_the_report_counts_each_chapter_and_the_novel(tmp_path):
    report = novel_report(_novel(tmp_path))
    one, two = report.chapters
    assert (one.title, one.words, one.model_words) == ("One", 11, 7)
    assert (two.title, two.words, two.model_words) == ("Two", 13, 4)
    assert (report.words, report.model_words, report.unknown_spans) == (24, 11, 0)
    assert str(report.statement()).startswith("46 % of the words of “The Lighthouse” (11 of 24)")


def test_a_model_word_the_writer_rewrote_is_theirs_in_the_open_editor(tmp_path):
    project = _novel(tmp_path)
    chapter = project.chapters[0]
    edited = "The sea was calm. Then a storm came over the hill.\n"
    spans = [Span(edited.index("Then"), edited.index("Then") + 5, "Then "),
             Span(edited.index("storm"), len(edited) - 1, "storm came over the hill.")]  # fmt: skip
    report = novel_report(project, {chapter.id: (edited, spans)})
    assert report.chapters[0].model_words == 6  # "a" is the writer's now


def test_a_chapter_changed_elsewhere_is_found_again_or_counted_unknown(tmp_path):
    project = _novel(tmp_path)
    one, two = project.chapters
    one.path.write_text("A new first line.\n" + ONE, encoding="utf-8")  # the span moves
    two.path.write_text("风从午后就开始起了。\n", encoding="utf-8")  # the model's line is gone
    report = novel_report(project)
    assert report.chapters[0].model_words == 7 and report.chapters[0].unknown_spans == 0
    assert report.chapters[1].model_words == 0 and report.chapters[1].unknown_spans == 1
    assert report.unknown_spans == 1


def test_the_report_as_html_and_word_marks_the_models_words(tmp_path):
    report = novel_report(_novel(tmp_path))
    page = io.BytesIO()
    write_html(report, page, LABELS)
    html = page.getvalue().decode("utf-8")
    assert "<mark>Then the storm came over the hill.</mark>" in html
    assert "<mark>她推开门。</mark>" in html and "46 %" in html

    document = io.BytesIO()
    write_docx(report, document, LABELS)
    document.seek(0)
    read = Document(document)
    marked = [
        run.text
        for paragraph in read.paragraphs
        for run in paragraph.runs
        if run.font.highlight_color == WD_COLOR_INDEX.YELLOW
    ]
    assert marked == [MODEL_ONE, MODEL_TWO]
    assert read.tables[0].rows[1].cells[0].text == "One"


def test_a_novel_without_the_model_says_so(tmp_path):
    project = Project.create(tmp_path / "mine", "Mine")
    project.add_chapter("One", "All my own words.\n")
    report = novel_report(project)
    assert report.model_words == 0
    assert (
        str(report.statement()) == "None of the words of “Mine” were written by a language model."
    )
