"""Which cached tokens a new prompt can keep, and where: the plan behind a warm first token.

Writing forward, a new prompt extends the cached one and only the new words are read.  When
the chapter outgrows the model's window, the window's start moves forward and the story text
below the header (memory, lore) loses its oldest paragraphs: the prompt is then the header,
then a long run of story that is still in the cache — only further along.  Rather than read
it all again, the engine removes the cut text from the cache and shifts what follows back
(llama.cpp's ``llama_memory_seq_rm`` + ``llama_memory_seq_add``, what KoboldCpp calls
ContextShift).

The match is looked for in token space, and a few tokens at the seam may differ: cutting a
text before a word can change how that word is tokenized (`` The`` becomes ``The``), which is
where peers give up and re-read everything.  llama.cpp only appends to a sequence (a token
cannot be read in front of cached ones), so the seam cannot be read anew in front of the
shifted run; instead the window starts at the cache's own token boundary: those few seam
tokens — a word or two of the oldest text in the window — are left out.  Only text that
was cut is ever left out: the seam's bytes must end the cut text (an edit in the middle of
the window — a word inserted or replaced — is read, never skipped).

The seam stays left out after the shift: the writer's next prompts still hold those tokens
(the window starts where it started), while the cache does not.  ``LeftOut`` remembers them, so
that the next append is matched against the cache as the model read it and only the new words
are read — without it, every prompt after a seam shared only the header with the cache.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

MIN_SHIFT_TOKENS = 32  # a shorter run is cheaper to read again than to shift
MAX_SEAM_TOKENS = 16  # prompt tokens that may be left out between the prefix and the run
_PROBE = 8  # tokens that must agree for a run to be considered


@dataclass(frozen=True)
class ReusePlan:
    """How to turn the cache (``cached``) into the start of ``prompt``.

    Kept in place: ``cached[:keep]``.  Shifted: ``cached[run_from : run_from + run_length]``
    moves to position ``keep``; it equals ``prompt[keep + skipped :]``'s start, so the
    ``skipped`` seam tokens in between are left out of the prompt.  Everything else in the
    cache is dropped; the rest of the prompt is then read as usual.
    """

    keep: int
    run_from: int = 0
    run_length: int = 0
    skipped: int = 0

    @property
    def shifted(self) -> int:
        return self.run_length

    @property
    def shift(self) -> int:
        """How far the run moves (negative: towards the start)."""
        return self.keep - self.run_from

    @property
    def reused(self) -> int:
        """Prompt tokens that need not be read (kept in place or shifted)."""
        return self.keep + self.run_length

    def apply(self, prompt: Sequence[int]) -> list[int]:
        """The prompt as the model reads it (without the seam tokens)."""
        return [*prompt[: self.keep], *prompt[self.keep + self.skipped :]]


@dataclass(frozen=True)
class LeftOut:
    """Prompt tokens that a shift left out at position ``at`` (a re-tokenized seam): the
    cache holds the prompt without them."""

    at: int
    tokens: tuple[int, ...]

    def remove_from(self, prompt: Sequence[int], cached: Sequence[int]) -> list[int] | None:
        """``prompt`` as the cache holds it when it still has the seam where it was left out
        (after the same tokens as the cache), else None: the seam no longer applies."""
        end = self.at + len(self.tokens)
        if tuple(prompt[self.at : end]) != self.tokens:
            return None
        if common_prefix(cached, prompt[: self.at]) < self.at:
            return None
        return [*prompt[: self.at], *prompt[end:]]


def common_prefix(cached: Sequence[int], prompt: Sequence[int]) -> int:
    n = 0
    for a, b in zip(cached, prompt, strict=False):
        if a != b:
            break
        n += 1
    return n


def plan_reuse(
    cached: Sequence[int],
    prompt: Sequence[int],
    can_shift: bool = True,
    text_of: Callable[[Sequence[int]], bytes] | None = None,
) -> ReusePlan:
    """The cheapest way to bring the cache to ``prompt``; the last prompt token is always
    left to read (its logits are what the next token is sampled from).  ``text_of`` turns
    tokens into bytes, to check that a seam left out is a re-tokenized end of the cut text;
    without it, nothing is left out."""
    limit = len(prompt) - 1
    keep = min(common_prefix(cached, prompt), limit)
    if not can_shift or keep >= len(cached) or limit - keep < MIN_SHIFT_TOKENS:
        return ReusePlan(keep)
    # Where each run of _PROBE tokens starts in the cache past the prefix (first occurrence).
    starts: dict[tuple[int, ...], int] = {}
    for j in range(keep, len(cached) - _PROBE + 1):
        starts.setdefault(tuple(cached[j : j + _PROBE]), j)
    best = ReusePlan(keep)
    seams = min(MAX_SEAM_TOKENS, limit - keep - _PROBE) if text_of is not None else 0
    for seam in range(seams + 1):
        i = keep + seam
        found = starts.get(tuple(prompt[i : i + _PROBE]))
        if found is None:
            continue
        j, length = found, _PROBE
        if seam and (text_of is None or not _ends_cut(text_of, cached[keep:j], prompt[keep:i])):
            continue
        while i + length < limit and j + length < len(cached):
            if cached[j + length] != prompt[i + length]:
                break
            length += 1
        if length >= MIN_SHIFT_TOKENS and length > best.run_length:
            best = ReusePlan(keep, j, length, seam)
            if seam == 0:
                break
    return best


def _ends_cut(
    text_of: Callable[[Sequence[int]], bytes], cut: Sequence[int], seam: Sequence[int]
) -> bool:
    """Whether the seam is the cut text's end tokenized anew (so leaving it out loses only
    words the cut removed anyway)."""
    return bool(cut) and text_of(cut).endswith(text_of(seam))
