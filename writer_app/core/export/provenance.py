"""Who wrote the novel: per chapter, the words the writer typed and the words that came from the
model, as the text stands now, and the report a writer can hand to a publisher or a contest.

The model's words are the spans the editor keeps (core.drafting.provenance, saved in the
novel's history.json by chapter id): an accepted suggestion is the model's; a word of it the
writer rewrote is the writer's (the span split or shrank when it was edited).  A chapter
changed by another program has its spans found again by their words (``relocate``); a span
that cannot be found is counted as *unknown*, never silently as the writer's or the model's.

A word is counted for the model when its first character lies in a model span.  Words are
those of core.text.wordcount (words of spaced scripts, and each Han character as one 字).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from writer_app.core.drafting.history import HistoryFile
from writer_app.core.drafting.provenance import Span
from writer_app.core.manuscript.project import Project
from writer_app.core.manuscript.text_file import ManuscriptError, read_manuscript
from writer_app.core.text import sentence
from writer_app.core.text.wordcount import word_starts


@dataclass(frozen=True)
class ChapterShare:
    title: str
    words: int  # every word (字) of the chapter now
    model_words: int  # of them, first written by the model
    unknown_spans: int = 0  # model stretches that could not be found again in the text
    spans: tuple[Span, ...] = ()  # where the model's words are (str offsets of ``text``)
    text: str = field(default="", repr=False)

    @property
    def own_words(self) -> int:
        return self.words - self.model_words


@dataclass(frozen=True)
class ProvenanceReport:
    title: str
    chapters: tuple[ChapterShare, ...]

    @property
    def words(self) -> int:
        return sum(c.words for c in self.chapters)

    @property
    def model_words(self) -> int:
        return sum(c.model_words for c in self.chapters)

    @property
    def unknown_spans(self) -> int:
        return sum(c.unknown_spans for c in self.chapters)

    def share(self) -> float:
        """The model's share of the words, 0–1."""
        return self.model_words / self.words if self.words else 0.0

    def statement(self) -> str:
        """One sentence for a submission form."""
        share = self.share()
        if self.model_words == 0:
            return sentence.translate(
                "Provenance", "None of the words of “{title}” were written by a language model."
            ).format(title=self.title)
        percent = f"{share * 100:.0f}" if share >= 0.005 else "<1"
        return sentence.translate(
            "Provenance",
            "{percent} % of the words of “{title}” ({model} of {words}) were first written "
            "by a language model; the rest were written by the author.",
        ).format(percent=percent, title=self.title, model=self.model_words, words=self.words)


def model_words_in(text: str, spans: Iterable[Span]) -> int:
    """Words of ``text`` whose first character lies in one of ``spans``."""
    ordered = sorted(spans, key=lambda s: s.start)
    count = index = 0
    for at in word_starts(text) if ordered else ():
        while index < len(ordered) and ordered[index].end <= at:
            index += 1
        if index < len(ordered) and ordered[index].start <= at:
            count += 1
    return count


def chapter_share(title: str, text: str, spans: list[Span], stored: int) -> ChapterShare:
    """``spans``: the model's stretches placed in ``text``; ``stored``: how many were kept."""
    return ChapterShare(
        title=title,
        words=len(word_starts(text)),
        model_words=model_words_in(text, spans),
        unknown_spans=max(0, stored - len(spans)),
        spans=tuple(spans),
        text=text,
    )


def novel_report(
    project: Project,
    open_chapters: dict[str, tuple[str, list[Span]]] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ProvenanceReport:
    """The report of ``project`` now.  ``open_chapters``: chapter id → (the editor's text,
    the editor's spans in it) for the chapters open in the window; the others are read from
    disk with their spans from history.json, found again if the text changed."""
    open_chapters = open_chapters or {}
    history = HistoryFile.for_project(project.folder)
    shares = []
    for chapter in project.chapters:
        if cancelled is not None and cancelled():
            break
        kept = history.documents.get(chapter.id)
        stored = len(kept.model_text) if kept is not None else 0
        if chapter.id in open_chapters:
            text, spans = open_chapters[chapter.id]
            stored = len(spans)  # the editor knows them exactly
        else:
            try:
                text = read_manuscript(chapter.path).text
            except ManuscriptError:
                text = ""
            spans = kept.placed_spans(text) if kept is not None else []
        shares.append(chapter_share(chapter.title, text, spans, stored))
    return ProvenanceReport(project.title, tuple(shares))


# -- the report as a file -------------------------------------------------------------------


def write_html(report: ProvenanceReport, stream: BinaryIO, labels: dict[str, str]) -> None:
    """A standalone HTML page: the statement, a table per chapter, and every chapter's text
    with the model's words marked.  ``labels``: the headings, in the window's language."""
    out = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>{html.escape(report.title)}</title>",
        "<style>body{font-family:serif;max-width:42em;margin:2em auto;line-height:1.6}"
        "mark{background:#ffe9a8}td,th{padding:.2em .8em;text-align:right}"
        "td:first-child,th:first-child{text-align:left}.bar{display:inline-block;height:.8em;"
        "background:#d9a400}</style></head><body>",
        f"<h1>{html.escape(report.title)}</h1>",
        f"<p><strong>{html.escape(str(report.statement()))}</strong></p>",
        f"<table><tr><th>{html.escape(labels['chapter'])}</th><th>{html.escape(labels['own'])}"
        f"</th><th>{html.escape(labels['model'])}</th><th>%</th><th></th></tr>",
    ]
    for chapter in report.chapters:
        percent = 100 * chapter.model_words / chapter.words if chapter.words else 0
        out.append(
            f"<tr><td>{html.escape(chapter.title)}</td><td>{chapter.own_words}</td>"
            f"<td>{chapter.model_words}</td><td>{percent:.0f}</td>"
            f'<td><span class="bar" style="width:{percent * 2:.0f}px"></span></td></tr>'
        )
    out.append("</table>")
    for chapter in report.chapters:
        out.append(f"<h2>{html.escape(chapter.title)}</h2>")
        for line in _marked_lines(chapter):
            out.append(f"<p>{line}</p>")
    out.append("</body></html>")
    stream.write("\n".join(out).encode("utf-8"))


def _marked_lines(chapter: ChapterShare) -> Iterable[str]:
    """The chapter's non-blank lines as HTML, the model's stretches in <mark>."""
    for runs in _marked_runs(chapter):
        yield "".join(
            f"<mark>{html.escape(text)}</mark>" if model else html.escape(text)
            for text, model in runs
        )


def write_docx(report: ProvenanceReport, stream: BinaryIO, labels: dict[str, str]) -> None:
    """A Word document: the statement, the table, and the chapters with the model's words
    highlighted (written by docx_file, the one module that imports python-docx)."""
    from writer_app.core.export.docx_file import write_provenance_docx

    percent = [100 * c.model_words / c.words if c.words else 0 for c in report.chapters]
    write_provenance_docx(
        report.title,
        str(report.statement()),
        [labels["chapter"], labels["own"], labels["model"], "%"],
        [
            (c.title, str(c.own_words), str(c.model_words), f"{share:.0f}")
            for c, share in zip(report.chapters, percent, strict=True)
        ],
        [(c.title, list(_marked_runs(c))) for c in report.chapters],
        stream,
    )


def _marked_runs(chapter: ChapterShare) -> Iterable[list[tuple[str, bool]]]:
    """Each non-blank line of the chapter as (text, written by the model) runs."""
    marks = [False] * len(chapter.text)
    for span in chapter.spans:
        for i in range(max(0, span.start), min(len(marks), span.end)):
            marks[i] = True
    at = 0
    for line in chapter.text.split("\n"):
        if line.strip():
            runs: list[tuple[str, bool]] = []
            for offset, ch in enumerate(line):
                model = marks[at + offset]
                if runs and runs[-1][1] == model:
                    runs[-1] = (runs[-1][0] + ch, model)
                else:
                    runs.append((ch, model))
            yield runs
        at += len(line) + 1


def save_report(
    report: ProvenanceReport, out: Path, labels: dict[str, str], writer: Callable[..., None]
) -> None:
    """Write the report with ``writer`` (``write_html`` or ``write_docx``) through the export's
    whole-file writing (a temporary file renamed when done)."""
    from writer_app.core.export.export import write_whole

    write_whole(Path(out), lambda stream: writer(report, stream, labels))
