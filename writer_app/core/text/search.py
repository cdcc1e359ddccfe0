"""Find and replace in a manuscript's text: match case, whole word, regular expressions.

Positions are Python string indexes (code points: a match never splits an emoji); the editor
converts them with ``core.text.utf16``.  "Whole word" is a spaced script's idea: a match must
not run into a letter or digit of a spaced script (Latin, Cyrillic, hangul…) at an edge where
it has one itself; an edge that is Han or kana needs no boundary, since Chinese and Japanese
put no spaces between words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from writer_app.core.text import sentence
from writer_app.core.text.scripts import is_dense


class PatternError(ValueError):
    """The search or its replacement is not a valid regular expression; ``str()`` says why."""


@dataclass(frozen=True)
class Query:
    text: str
    match_case: bool = False
    whole_word: bool = False
    regex: bool = False

    def compiled(self) -> re.Pattern[str]:
        body = self.text if self.regex else re.escape(self.text)
        try:
            return re.compile(body, 0 if self.match_case else re.IGNORECASE)
        except re.error as error:
            raise PatternError(
                sentence.translate("Search", "not a valid pattern: {reason}").format(
                    reason=error.msg
                )
            ) from None


def find_all(text: str, query: Query) -> list[tuple[int, int]]:
    """Every match of ``query`` in ``text`` as (start, end), in order; empty matches (a
    pattern such as ``a*``) are not matches a writer can see, and are left out."""
    return [match.span() for match in _matches(text, query)]


def replacements(text: str, query: Query, replacement: str) -> list[tuple[tuple[int, int], str]]:
    """Each match's span with what replaces it.  A regular expression's replacement may name
    groups (``\\1``, ``\\g<name>``); otherwise it is taken as written."""
    return [(m.span(), _expanded(m, query, replacement)) for m in _matches(text, query)]


def replace_all(text: str, query: Query, replacement: str) -> tuple[str, int]:
    """``text`` with every match replaced, and how many were."""
    planned = replacements(text, query, replacement)
    pieces: list[str] = []
    done = 0
    for (start, end), new in planned:
        pieces += [text[done:start], new]
        done = end
    pieces.append(text[done:])
    return "".join(pieces), len(planned)


def replacement_at(text: str, query: Query, span: tuple[int, int], replacement: str) -> str | None:
    """What replaces the match at ``span`` (the one the writer has selected), or None when
    no match is exactly there (the text changed since it was found)."""
    for match in _matches(text, query):
        if match.span() == span:
            return _expanded(match, query, replacement)
        if match.start() > span[0]:
            break
    return None


def _matches(text: str, query: Query) -> Iterator[re.Match[str]]:
    if not query.text:
        return
    for match in query.compiled().finditer(text):
        start, end = match.span()
        if start == end or (query.whole_word and not _whole_word(text, start, end)):
            continue
        yield match


def _expanded(match: re.Match[str], query: Query, replacement: str) -> str:
    if not query.regex:
        return replacement
    try:
        return match.expand(replacement)
    except (re.error, IndexError) as error:
        raise PatternError(
            sentence.translate("Search", "the replacement is not valid: {reason}").format(
                reason=error
            )
        ) from None


def _spaced_letter(char: str) -> bool:
    return char.isalnum() and not is_dense(char)


def _whole_word(text: str, start: int, end: int) -> bool:
    if _spaced_letter(text[start]) and start > 0 and _spaced_letter(text[start - 1]):
        return False
    return not (_spaced_letter(text[end - 1]) and end < len(text) and _spaced_letter(text[end]))
