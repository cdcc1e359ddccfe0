"""Writing toward what follows: a suggestion asked for in the middle of a chapter should lead
into the text after the cursor.

Every engine that can score text does it the same way: it writes several candidates, then
measures for each how likely the text that follows becomes after it (the surprisal, in bits,
of the next sentence or two given the text before the cursor and the candidate), and the
candidate that makes the following text likeliest is offered first.  A model trained with
fill-in-the-middle tokens is also shown the following text while it writes
(``core.local.engine``).  No llama.cpp here.

Decisions where the writer is not asked:

- **What counts as "what follows"**: the text after the cursor up to the end of its second
  sentence, at most ``FOLLOWING_CHARS`` characters; its blank space at the start is kept (a
  paragraph break after the cursor is part of what the candidate must lead into).  Nothing
  but blank space after the cursor: no bridging.
- **How many candidates**: the writer's number of alternatives, at least ``MIN_CANDIDATES``.
- **The figure** is the following text's total surprisal, in bits: the same text is scored
  after every candidate, so totals compare directly (lower: leads in better).
"""

from __future__ import annotations

from dataclasses import dataclass

from writer_app.core.drafting.stops import sentence_end

FOLLOWING_CHARS = 240  # of the text after the cursor, at most
FOLLOWING_SENTENCES = 2
MIN_CANDIDATES = 3


def following_text(after: str) -> str:
    """What a candidate must lead into: the text after the cursor up to the end of its
    second sentence (its leading blank space kept); "" when only blank space follows."""
    if not after.strip():
        return ""
    head = after[:FOLLOWING_CHARS]
    lead = len(head) - len(head.lstrip())
    end = lead
    for _ in range(FOLLOWING_SENTENCES):
        cut = sentence_end(head[end:])
        if cut is None:
            return head.rstrip()
        end += cut
    return head[:end]


@dataclass(frozen=True)
class Ranking:
    """The candidates of one request, measured against the text that follows."""

    bits: tuple[float, ...]  # per candidate, in the order they were written

    @property
    def order(self) -> tuple[int, ...]:
        """Candidate indexes, the best lead-in first (ties: the earlier one)."""
        return tuple(sorted(range(len(self.bits)), key=lambda i: (self.bits[i], i)))

    @property
    def best(self) -> int:
        return self.order[0] if self.bits else 0

    def rank_of(self, index: int) -> int:
        """1 for the best candidate."""
        return self.order.index(index) + 1
