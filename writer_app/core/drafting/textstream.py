"""Token pieces -> text, safely: bytes are decoded incrementally and stop strings held back.

A token can end in the middle of a UTF-8 character (Chinese, emoji); the next token completes
it.  Invalid bytes are dropped rather than shown as U+FFFD, and never take later text with them.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Sequence

from writer_app.core.drafting.bans import BanList


class SuggestionText:
    """Accumulates decoded text; ``feed`` returns only what is safe to show now.

    With stop strings, the tail that could still turn into a stop string is held back, so the
    streamed pieces always add up to exactly the final text.
    """

    def __init__(
        self,
        stop: Sequence[str] = (),
        boundary: Callable[[str], int | None] | None = None,
        bans: BanList | None = None,
    ) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="ignore")
        self._boundary = boundary  # where the text may end by itself (a sentence, a paragraph)
        self._stop = tuple(s for s in stop if s)
        self._hold = max((len(s) - 1 for s in self._stop), default=0)
        self.text = ""  # decoded so far, up to a stop string once one is found
        self._shown = 0
        self.stopped_by: str | None = None  # the stop string, or "" for a sentence/paragraph end
        # Banned phrases, where they cannot be taken back (a server's stream): the text ends
        # before one, and ``banned`` names it.  (The local engine takes them back instead.)
        self._bans = bans if bans else None
        self.banned: str | None = None

    def feed(self, piece: bytes) -> str:
        """Add one token's bytes; return the newly showable text ('' if none yet)."""
        if self.stopped_by is not None:
            return ""
        self.text += self._decoder.decode(piece)
        cuts = []
        if self._stop:
            found = _first_stop(self.text, self._stop, self._shown)
            if found is not None:
                cuts.append(found)
        if self._boundary is not None:
            end = self._boundary(self.text)
            if end is not None:
                cuts.append((end, ""))
        held, banned_at = len(self.text) - self._hold, None
        if self._bans is not None:
            banned_at, held_at = self._scan_bans(final=False)
            if banned_at is not None:
                cuts.append((banned_at, ""))
            held = min(held, held_at)
        if cuts:
            at, by = min(cuts, key=lambda cut: cut[0])
            if at != banned_at:
                self.banned = None  # a stop came first
            self.text, self.stopped_by = self.text[:at], by
            return self._release(len(self.text))
        return self._release(held)

    def finish(self) -> str:
        """End of generation: release anything held back (incomplete characters are dropped)."""
        if self._bans is not None and self.stopped_by is None:
            banned_at, _ = self._scan_bans(final=True)
            if banned_at is not None:
                self.text, self.stopped_by = self.text[:banned_at], ""
        return self._release(len(self.text))

    def _scan_bans(self, final: bool) -> tuple[int | None, int]:
        """Where a banned phrase begins (None if none is complete), and from where the text
        may still become one; both as indexes into ``text``."""
        assert self._bans is not None
        shown = self._shown
        found, held = self._bans.scan(self.text[shown:], self.text[shown - 1 : shown], final)
        if found is None:
            return None, shown + held
        self.banned = found.phrase
        return shown + found.start, shown + found.start

    def _release(self, upto: int) -> str:
        if upto <= self._shown:
            return ""
        piece = self.text[self._shown : upto]
        self._shown = upto
        return piece


def _first_stop(text: str, stops: tuple[str, ...], shown: int) -> tuple[int, str] | None:
    best: tuple[int, str] | None = None
    for stop in stops:
        at = text.find(stop, max(0, shown - len(stop)))
        if at != -1 and (best is None or at < best[0]):
            best = (at, stop)
    return best
