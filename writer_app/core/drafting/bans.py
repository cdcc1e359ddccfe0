"""Banned phrases: words the model must never write, found in the text as it streams.

A phrase is matched case-insensitively on the decoded text.  A phrase that begins (or ends)
with a letter of a spaced script matches only a whole word there: "said" is not found in
"unsaid"; Chinese, written without spaces, matches anywhere.  Nothing here knows about tokens
beyond their bytes: ``BanGate`` sits between the token loop and the text the writer sees,
passes on only the tokens that can no longer be part of a banned phrase, and says which token
a banned phrase began in, so the engine can back up to it.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from writer_app.core.text.scripts import is_dense

MAX_PHRASE_CHARS = 200  # a longer "phrase" is a paste accident, not a ban


def clean_phrases(phrases: Iterable[str]) -> tuple[str, ...]:
    """The phrases as kept: trimmed, inner whitespace as one space, no empties, no repeats
    (case-insensitively), at most MAX_PHRASE_CHARS; the writer's spelling kept."""
    kept: dict[str, str] = {}
    for phrase in phrases:
        tidy = " ".join(str(phrase).split())[:MAX_PHRASE_CHARS]
        if tidy:
            kept.setdefault(_lower(tidy), tidy)
    return tuple(kept.values())


def _lower(text: str) -> str:
    """Lower case, one character for one (so indexes into it are indexes into ``text``)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def _wordy(char: str) -> bool:
    """A character of a word in a spaced script: where a word boundary means something."""
    return char.isalnum() and not is_dense(char)


@dataclass(frozen=True)
class Found:
    start: int  # index of the phrase's first character in the text scanned
    phrase: str  # as the writer wrote it


class BanList:
    """Compiled phrases; ``scan`` finds the first complete one and how much text to hold."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases = clean_phrases(phrases)
        self._by_lower = {_lower(p): p for p in self.phrases}
        self._longest_first = sorted(self._by_lower, key=len, reverse=True)
        alternatives = "|".join(map(re.escape, self._longest_first))
        self._pattern = re.compile(alternatives) if alternatives else None
        self._prefixes = {low[:n] for low in self._by_lower for n in range(1, len(low) + 1)}
        self._longest = max((len(p) for p in self._by_lower), default=0)

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def scan(self, text: str, before: str = "", final: bool = False) -> tuple[Found | None, int]:
        """The first banned phrase complete in ``text`` (``before``: the character written
        before it, for word boundaries), and the index from which ``text`` must be held back
        because it may still become one (``len(text)`` when nothing need be held).  A phrase
        that ends in a letter is complete only once a non-letter follows, or when ``final``."""
        low = _lower(text)
        held = len(text)
        at = 0
        while self._pattern is not None and (match := self._pattern.search(low, at)):
            start = at = match.start()
            at += 1
            if not self._starts_word(text, start, before, match.group()):
                continue  # every phrase found here starts with the same character
            for phrase in self._longest_first:
                if not low.startswith(phrase, start):
                    continue
                end = start + len(phrase)
                if self._ends_word(text, end, phrase) or (final and end == len(text)):
                    return Found(start, self._by_lower[phrase]), min(held, start)
                if end == len(text):
                    held = min(held, start)  # complete unless a letter follows
        if not final:
            for start in range(max(0, len(text) - self._longest), len(text)):
                tail = low[start:]
                if tail in self._prefixes and self._starts_word(text, start, before, tail):
                    held = min(held, start)
                    break
        return None, held

    @staticmethod
    def _starts_word(text: str, start: int, before: str, low: str) -> bool:
        if not _wordy(low[0]):
            return True
        previous = text[start - 1] if start > 0 else before[-1:]
        return not (previous and _wordy(previous))

    @staticmethod
    def _ends_word(text: str, end: int, low: str) -> bool:
        """Whether the phrase ending at ``end`` ends a word: a non-letter follows (at the end
        of the text it cannot be known yet)."""
        if not _wordy(low[-1]):
            return True
        return end < len(text) and not _wordy(text[end])


class Banned(Exception):
    """A banned phrase was completed; it began in token ``index`` of the suggestion."""

    def __init__(self, index: int, phrase: str) -> None:
        super().__init__(phrase)
        self.index = index
        self.phrase = phrase


class BanGate:
    """Holds the suggestion's latest tokens back while they may still make a banned phrase.

    ``push`` takes each token's bytes and returns the bytes now safe to show (whole tokens,
    in order), or raises ``Banned`` with the token the phrase began in; ``back_up`` then drops
    that token and those after it.  The bytes passed on always add up to the suggestion's
    tokens, in order, up to the ones still held."""

    def __init__(self, bans: BanList, before: str = "") -> None:
        self.bans = bans
        self.pieces: list[bytes] = []
        self.passed = 0  # tokens already passed on
        self._before = before  # the last character passed on (or the manuscript's last)
        self._passed_text = codecs.getincrementaldecoder("utf-8")(errors="ignore")

    def push(self, piece: bytes) -> list[bytes]:
        self.pieces.append(piece)
        return self._release(final=False)

    def finish(self) -> list[bytes]:
        """The suggestion ends here: release what is held, unless it completes a ban."""
        return self._release(final=True)

    def back_up(self, index: int) -> None:
        assert index >= self.passed, "a token already shown cannot be taken back"
        del self.pieces[index:]

    def _release(self, final: bool) -> list[bytes]:
        # Only the held tokens are scanned: what was passed on can no longer start a ban.
        text, starts, unfinished = _decode_with_starts(self.pieces[self.passed :])
        found, held = self.bans.scan(text, self._before, final)
        if found is not None:
            raise Banned(self.passed + starts[found.start], found.phrase)
        # A character not yet complete may begin a phrase: its first bytes wait too.
        upto = self.passed + (starts[held] if held < len(text) else unfinished)
        released = self.pieces[self.passed : upto]
        self.passed = max(upto, self.passed)
        for piece in released:
            self._before = (self._before + self._passed_text.decode(piece))[-1:]
        return released


def _decode_with_starts(pieces: Sequence[bytes]) -> tuple[str, list[int], int]:
    """The text of ``pieces`` (invalid bytes dropped); for each character, the index of the
    piece its first byte is in; and the piece where an unfinished last character begins
    (``len(pieces)`` when the text ends whole)."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="ignore")
    text: list[str] = []
    starts: list[int] = []
    pending_from = 0  # the piece where the bytes the decoder holds began
    for index, piece in enumerate(pieces):
        if not decoder.getstate()[0]:
            pending_from = index
        out = decoder.decode(piece)
        if out:
            # The first character out may have begun in an earlier piece; the rest are here.
            starts.append(pending_from)
            starts.extend([index] * (len(out) - 1))
            text.append(out)
            pending_from = index  # bytes still held now began in this piece
    unfinished = pending_from if decoder.getstate()[0] else len(pieces)
    return "".join(text), starts, unfinished
