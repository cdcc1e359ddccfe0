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
