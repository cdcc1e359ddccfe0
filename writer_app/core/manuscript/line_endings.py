"""Line endings of a file that mixes them (CRLF, LF and CR lines side by side).

The editor holds text with "\\n" only. A file with one kind of ending is saved with that kind;
a mixed file (a chapter pasted together from Windows and Mac drafts) keeps each line's own
ending: the lines are matched against the file being replaced, every line that is still there
keeps the ending it had, and lines the writer added take the file's most common ending.
"""

from __future__ import annotations

import codecs
import difflib
import re

_BREAK = re.compile(r"\r\n|\r|\n")
# Above this many (old lines × new lines) in the changed middle, no line-by-line matching is
# tried (difflib is quadratic at worst): the middle takes the common ending.
_MATCH_LIMIT = 250_000


def is_mixed(raw: str) -> bool:
    """Whether ``raw`` (as on disk, endings not normalised) uses more than one kind of ending."""
    crlf = raw.count("\r\n")
    cr = raw.count("\r") - crlf
    lf = raw.count("\n") - crlf
    return sum(1 for n in (crlf, cr, lf) if n) > 1


def split_lines(raw: str) -> tuple[list[str], list[str]]:
    """The lines of ``raw`` and the ending of each; the last line's ending is always "".

    Splits exactly where the editor's normalisation puts "\\n" ("\\r\\n" is one break).
    """
    lines: list[str] = []
    endings: list[str] = []
    start = 0
    for match in _BREAK.finditer(raw):
        lines.append(raw[start : match.start()])
        endings.append(match[0])
        start = match.end()
    lines.append(raw[start:])
    endings.append("")
    return lines, endings


def with_endings(plain: str, template: str, default: str) -> str:
    """``plain`` ("\\n" text) with each line ending as in ``template`` (the file on disk).

    Lines found unchanged, and lines edited in place (the same number of lines replaced),
    keep their ending; new lines get ``default``.
    """
    old_lines, old_endings = split_lines(template)
    new_lines = plain.split("\n")
    endings = [default] * (len(new_lines) - 1)

    def take(new: int, old: int) -> None:
        if new < len(endings) and old_endings[old]:
            endings[new] = old_endings[old]

    n_old, n_new = len(old_lines), len(new_lines)
    head = 0
    while head < min(n_old, n_new) and old_lines[head] == new_lines[head]:
        take(head, head)
        head += 1
    tail = 0
    while tail < min(n_old, n_new) - head and old_lines[-1 - tail] == new_lines[-1 - tail]:
        take(n_new - 1 - tail, n_old - 1 - tail)
        tail += 1
    old_mid = old_lines[head : n_old - tail]
    new_mid = new_lines[head : n_new - tail]
    if len(old_mid) == len(new_mid):  # lines edited in place
        for k in range(len(new_mid)):
            take(head + k, head + k)
    elif old_mid and new_mid and len(old_mid) * len(new_mid) <= _MATCH_LIMIT:
        matcher = difflib.SequenceMatcher(None, old_mid, new_mid, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                for k in range(j2 - j1):
                    take(head + j1 + k, head + i1 + k)
    return "".join(line + ending for line, ending in zip(new_lines, endings + [""], strict=True))


def decode_as_saved(data: bytes | bytearray, encoding: str) -> str | None:
    """The file's text with its endings as they are, read in our ``encoding`` name (see
    core.manuscript.encoding.TextFormat); None when it does not read cleanly that way."""
    boms = {
        "utf-16": (codecs.BOM_UTF16_LE, "utf-16-le"),
        "utf-16-be": (codecs.BOM_UTF16_BE, "utf-16-be"),
    }
    try:
        if encoding in boms:
            bom, codec = boms[encoding]
            if not data.startswith(bom):
                return None
            return bytes(data[len(bom) :]).decode(codec)
        return bytes(data).decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
