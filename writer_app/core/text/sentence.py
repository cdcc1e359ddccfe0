"""A sentence for the writer, made in English by code that knows no Qt (``core``), that the
window can still say in the writer's language.

Core writes ``sentence.translate("Context", "The template with {name}.").format(name=value)``:
the result is the English sentence (a ``str``, so logs, the CLI and tests read it as before)
that also remembers its context, its template and its values.  The window
(``ui.language.shown``) looks the template up in Qt's translations and fills in the values,
translating those that are Sentences themselves.

How the call is written matters: ``pyside6-lupdate`` lists the text for translations/*.ts only
from ``sentence.translate("Context", "template")`` with exactly those two string literals (an
f-string is not found, and neither is a call with more arguments, which is why the values come
in ``.format()``).  tests/unit/test_sentence.py checks every call in the app.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


class Sentence(str):
    """An English sentence for the writer that remembers how it was made (context, template,
    values), so the window can say it in the writer's language."""

    context: str
    template: str
    values: dict[str, object]

    def __new__(
        cls, context: str, template: str, values: Mapping[str, object] | None = None
    ) -> Sentence:
        values = dict(values or {})
        self = super().__new__(cls, template.format(**values) if values else template)
        self.context = context
        self.template = template
        self.values = values
        return self

    def __str__(self) -> str:
        return self  # str(exception) keeps the Sentence, and with it the translation

    def __reduce__(self) -> tuple[object, ...]:
        return (Sentence, (self.context, self.template, self.values))

    def format(self, *args: object, **values: object) -> str:
        """The template filled in with named ``values``: a Sentence that remembers them."""
        if args:
            return str.__str__(self).format(*args, **values)  # not ours: plain text
        return Sentence(self.context, self.template, {**self.values, **values})


def translate(context: str, template: str, **values: object) -> Sentence:
    """The English sentence ``template.format(**values)``, translatable by the window.  In the
    app, write the values in ``.format()`` instead: see the module's note."""
    return Sentence(context, template, values)


def joined(sentences: Iterable[str]) -> str:
    """Sentences one after another, as ``" ".join`` makes them in English; the window joins
    them its own way (Chinese puts no space between sentences).  "" when there are none."""
    return _chained([part for part in sentences if part], translate("Sentences", "{first} {next}"))


def listed(items: Iterable[str]) -> str:
    """Names or phrases in a list, as ``", ".join`` makes it in English ("a, b, c"); the window
    lists them its own way (Chinese with 、).  "" when there are none."""
    return _chained(list(items), translate("Sentences", "{first}, {next}"))


def _chained(parts: list[str], link: Sentence) -> str:
    if not parts:
        return ""
    whole = parts[0]
    for part in parts[1:]:
        whole = link.format(first=whole, next=part)
    return whole
