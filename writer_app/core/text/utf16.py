"""Qt counts positions in UTF-16 code units; Python strings count code points. Convert here."""

from __future__ import annotations

import re

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (an emoji counts two)."""
    return len(text) + len(_ASTRAL.findall(text))


def index_from_utf16(text: str, position: int) -> int:
    """The ``str`` index matching Qt position ``position`` in ``text``."""
    if not _ASTRAL.search(text, 0, position):
        return position
    units = 0
    for index, char in enumerate(text):
        if units >= position:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)


def utf16_positions(text: str, indexes: list[int]) -> list[int]:
    """Qt positions of the ``str`` indexes ``indexes`` (ascending), in one pass."""
    positions = []
    units = done = 0
    for index in indexes:
        chunk = text[done:index]
        units += len(chunk) + len(_ASTRAL.findall(chunk))
        done = index
        positions.append(units)
    return positions
