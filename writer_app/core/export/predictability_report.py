"""The predictability report (View ▸ Export Predictability Report…): a chapter's text tinted
word by word as the map shows it, and its most predictable sentences with their figures, in
one HTML file (UTF-8, every piece of the writer's text escaped, readable offline).

It takes the map's figures as plain data (``core.drafting.predictability``); the window
gives the words around them in the writer's language (``labels``) and its way of writing
numbers (``number``).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from writer_app.core.drafting.predictability import (
    LEVELS,
    PredictabilityMap,
    WordFigure,
    tint,
)

PAPER, INK = "#FFFFFF", "#1F1F1F"  # the light theme's page
# The labels the window gives, each a template with the named values:
LABEL_KEYS = (
    "heading",  # {title}
    "summary",  # {tokens} {mean} {perplexity}
    "partial",  # said when the text was not scored to its end
    "sentences",
    "per_token",  # {bits}
    "word",  # {bits}: a word's own figure, shown when pointed at
    "expected",  # {choices}
    "level-2",
    "level-1",
    "level1",
    "level2",
)


def _plain_number(value: float) -> str:
    return f"{value:.1f}"


def report_html(
    chapter: PredictabilityMap,
    title: str,
    labels: Mapping[str, str],
    number: Callable[[float], str] = _plain_number,
) -> str:
    """The whole report as HTML text."""
    esc = html.escape
    styles = "".join(
        f".l{level} {{ background: {tint(level, PAPER)}; }}\n" for level in LEVELS if level
    )
    heading = labels["heading"].format(title=title)
    summary = labels["summary"].format(
        tokens=len(chapter.tokens),
        mean=number(chapter.mean_bits),
        perplexity=number(chapter.perplexity),
    )
    legend = " ".join(
        f'<span class="l{level}">{esc(labels[f"level{level}"])}</span>' for level in LEVELS if level
    )
    out = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(heading)}</title>",
        "<style>\n"
        f"body {{ background: {PAPER}; color: {INK}; max-width: 44em; margin: 2em auto; "
        "padding: 0 1em; font-family: 'Noto Serif', 'Noto Serif CJK SC', Georgia, serif; "
        "line-height: 1.7; }\n"
        ".text { white-space: pre-wrap; }\n"
        ".legend span { padding: 0.1em 0.4em; margin-right: 0.3em; }\n"
        ".figure { font-variant-numeric: tabular-nums; color: #555; margin-right: 0.6em; }\n"
        f"{styles}</style></head><body>",
        f"<h1>{esc(heading)}</h1>",
        f"<p>{esc(summary)}</p>",
        f'<p class="legend">{legend}</p>',
    ]
    if not chapter.complete:
        out.append(f"<p><em>{esc(labels['partial'])}</em></p>")
    out.append('<div class="text">' + "".join(_tinted(chapter, labels, number)) + "</div>")
    listed = chapter.most_predictable()
    if listed:
        out.append(f"<h2>{esc(labels['sentences'])}</h2>")
        out.append("<ol>")
        for sentence in listed:
            figure = labels["per_token"].format(bits=number(sentence.mean_bits))
            words = " ".join(chapter.text[sentence.start : sentence.end].split())
            out.append(f'<li><span class="figure">{esc(figure)}</span>{esc(words)}</li>')
        out.append("</ol>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _tinted(
    chapter: PredictabilityMap, labels: Mapping[str, str], number: Callable[[float], str]
) -> Iterable[str]:
    """The text, each word with a figure in a span: its level's class, its figure and what
    the model expected in its title."""
    text, at = chapter.text, 0
    for word in chapter.words:
        yield html.escape(text[at : word.start])
        classes = f' class="l{word.level}"' if word.level else ""
        yield (
            f'<span{classes} title="{html.escape(_describe(word, labels, number))}">'
            f"{html.escape(text[word.start : word.end])}</span>"
        )
        at = word.end
    yield html.escape(text[at:])


def _describe(word: WordFigure, labels: Mapping[str, str], number: Callable[[float], str]) -> str:
    said = labels["word"].format(bits=number(word.bits))
    if word.expected:
        choices = ", ".join(f"{_visible(text)} {number(p * 100)}%" for text, p in word.expected)
        said += "\n" + labels["expected"].format(choices=choices)
    return said


def _visible(text: str) -> str:
    """A token as a word to read: its spaces trimmed, a line break or a space shown."""
    shown = text.strip()
    if shown:
        return shown
    return "⏎" if "\n" in text else "␣"


def save_report(
    chapter: PredictabilityMap,
    title: str,
    out: Path,
    labels: Mapping[str, str],
    number: Callable[[float], str] = _plain_number,
) -> None:
    """Write the report to ``out`` whole or not at all (a temporary file beside it, renamed
    when done); ExportError with a sentence for the writer when it cannot be written."""
    from writer_app.core.export.export import write_whole

    page = report_html(chapter, title, labels, number).encode("utf-8")
    write_whole(Path(out), lambda stream: stream.write(page))
