"""Turn the manuscript before the cursor into a token-budgeted prompt with a stable prefix.

llama.cpp reuses the longest common token prefix between two requests, so a prompt that starts
at the same place while the writer types forward costs only the new words.  The window's start
therefore sits on a paragraph boundary chosen from a coarse grid of character offsets, and only
moves (a large step forward) when the text no longer fits the budget.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from writer_app.core.prompt.report import ContextReport

Tokenizer = Callable[[str], list[int]]

# When no paragraph start is near, cut after whitespace within this many characters.
_WORD_SNAP_CHARS = 64
# Characters per token, as bounds.  Prose tokenizes at about 4 characters a token in English
# and 1-1.5 in Chinese; a token of more than 8 characters is rare outside runs of one symbol.
# So a window of more than ``room * MAX_CHARS_PER_TOKEN`` characters holds more than ``room``
# tokens and is skipped without tokenizing it (were a text to average more, the window found
# is only shorter than it could be, never too long).
MAX_CHARS_PER_TOKEN = 8
# How much manuscript before the cursor a request carries: twice the bound above for every
# token of the context, more than any window can use, and a 1 MB novel is not tokenized whole
# on every keystroke's request.
TAIL_CHARS_PER_TOKEN = 2 * MAX_CHARS_PER_TOKEN
_MIN_STEP_CHARS = 32


@dataclass(frozen=True)
class Prompt:
    """The tokens sent to the model and where in the manuscript they came from."""

    tokens: list[int]
    text: str
    start_offset: int  # absolute character offset (Python str) where the window starts
    trimmed_chars: int  # characters of story before the window that the model does not see
    # How the context is spent (memory, lore, note, story): set by core.prompt.assembly.assemble.
    report: ContextReport | None = field(default=None, compare=False)
    # A revision for a server's chat endpoint: (role, content) pairs; ``text`` is then the
    # same request as a completion prompt, for a server without chat.
    messages: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @property
    def n_tokens(self) -> int:
        return len(self.tokens)


def budget_for(n_ctx: int, max_tokens: int, margin: int = 8) -> int:
    """Tokens the prompt may use: the context minus the continuation and a safety margin.

    The margin covers the BOS token with room to spare.  It was sized for llama-cpp-python's
    own token loop, which could run three tokens past ``max_tokens``; the app's loop does not,
    and the margin stays so that windows (and the saved states built on them) stay put.
    """
    return max(16, n_ctx - max_tokens - margin)


def build_prompt(
    text: str,
    tokenize: Tokenizer,
    budget: int,
    *,
    bos: Sequence[int] = (),
    text_offset: int = 0,
) -> Prompt:
    """Build the prompt for ``text`` (the manuscript up to the cursor, or its tail).

    ``text_offset`` is the absolute offset of ``text[0]`` in the manuscript, so the grid of
    window starts does not move when the caller sends only the tail of a long manuscript.
    ``tokenize`` must tokenize plain text with special tokens off and no BOS.
    """
    room = budget - len(bos)
    end = text_offset + len(text)
    tokens = tokenize(text)
    step = _grid_step(room, len(text), len(tokens))
    start = text_offset
    if len(tokens) > room:
        # Smallest grid point whose window fits; windows too long to fit are skipped.
        grid = max(text_offset, end - room * MAX_CHARS_PER_TOKEN) // step * step
        while True:
            grid += step
            start = _window_start(text, text_offset, grid, step)
            if start >= end:
                start = end
                tokens = []
                break
            tokens = tokenize(text[start - text_offset :])
            if len(tokens) <= room:
                break
        if len(tokens) > room:  # pathological (a token per byte); never overflow the context
            tokens = tokens[len(tokens) - room :]
    window = text[start - text_offset :]
    return Prompt(tokens=[*bos, *tokens], text=window, start_offset=start, trimmed_chars=start)


def _grid_step(room: int, n_chars: int, n_tokens: int) -> int:
    """The grid's spacing in characters: about an eighth of the window, whatever the script.

    English runs about four characters to a token, so ``room // 2`` characters (at least
    256) is a big step, rarely taken.  Chinese runs one or two tokens to a character
    (depending on the model's vocabulary): the same step would jump past the whole window and
    leave the model a few words of story.  The step halves each time the text's characters
    per token halve (whole powers of two, so that one chapter keeps one spacing from request
    to request).
    """
    chars_per_token = n_chars / max(1, n_tokens)
    halvings = max(0, math.floor(math.log2(4 / chars_per_token))) if chars_per_token > 0 else 0
    return max(_MIN_STEP_CHARS, max(256, room // 2) >> halvings)


def _window_start(text: str, text_offset: int, grid: int, step: int) -> int:
    """First paragraph start at or after ``grid``; else a word start; else ``grid`` itself."""
    local = max(0, grid - text_offset)
    limit = min(len(text), local + step)  # look one grid step ahead for a paragraph start
    newline = text.find("\n", max(0, local - 1), limit)
    if newline != -1:
        return text_offset + newline + 1
    for i in range(local, min(len(text), local + _WORD_SNAP_CHARS)):
        if text[i].isspace():
            return text_offset + i + 1
    return text_offset + min(local, len(text))
