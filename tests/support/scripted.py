"""Force an exact token sequence out of the real engine, for streaming edge cases.

The filter runs first in llama.cpp's native sampler chain (``LlamaCppEngine.candidate_filter``):
every candidate except the scripted one gets -inf, so the real decode still runs per token.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


class ScriptedCandidates:
    def __init__(self, script: Sequence[int], eos: int) -> None:
        self.script = list(script)
        self.eos = eos
        self.step = 0

    def __call__(self, candidates) -> None:  # llama_token_data_array pointer
        wanted = self.script[self.step] if self.step < len(self.script) else self.eos
        self.step += 1
        array = candidates.contents
        for i in range(array.size):
            item = array.data[i]
            item.logit = 0.0 if item.id == wanted else -math.inf


class PreferredPaths:
    """Token sequences the "model" would write, in order of preference: at each step the
    next token of the first path that begins with what was written so far and whose next
    token is not banned (llama.cpp shows a banned token with a logit of −inf) wins under
    greedy sampling; every other token is out; a finished path ends the text.  What was
    written is read from the engine's cache, so it stays right when the engine takes tokens
    back."""

    def __init__(self, engine, prompt_tokens: int, paths: Sequence[Sequence[int]], eos: int):
        self.engine = engine
        self.prompt_tokens = prompt_tokens
        self.paths = [list(path) for path in paths]
        self.eos = eos

    def __call__(self, candidates) -> None:  # llama_token_data_array pointer
        written = self.engine.cache.tokens[self.prompt_tokens :]
        n = len(written)
        nexts = [p[n] if len(p) > n else self.eos for p in self.paths if p[:n] == written]
        rank: dict[int, float] = {}
        for i, token in enumerate(nexts):
            rank.setdefault(token, float(len(nexts) - i))
        array = candidates.contents
        for i in range(array.size):
            item = array.data[i]
            if item.id in rank and item.logit != -math.inf:
                item.logit = rank[item.id]
            else:
                item.logit = -math.inf
