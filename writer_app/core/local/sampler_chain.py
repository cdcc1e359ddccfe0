"""llama.cpp's native sampler chain for one suggestion, built from the writer's sampling
settings: no logits are copied into Python.

Apart from core.local.engine so that what each slider means to llama.cpp reads in one place;
the engine runs the chain, token by token.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import llama_cpp
from llama_cpp import _internals as llama_internals  # the native sampler chain (pinned 0.3.36)

from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.local.candidates import CandidateRecorder

PENALTY_LAST_N = 64  # tokens the repeat penalty looks back over, manuscript included

# A hook that narrows the candidates before sampling (tests script exact token sequences
# with it); receives llama.cpp's token data array.
CandidateFilter = Callable[["llama_cpp.llama_token_data_array"], None]


def make_sampler(
    llm: llama_cpp.Llama,
    settings: SamplingSettings,
    prompt: Sequence[int],
    candidate_filter: CandidateFilter | None = None,
    recorder: CandidateRecorder | None = None,
) -> llama_internals.LlamaSampler:
    """The chain for ``settings``, primed with the end of ``prompt``: ``candidate_filter``
    first, ``recorder`` last (it keeps only the few likeliest candidates)."""
    chain = llama_internals.LlamaSampler()
    if candidate_filter is not None:
        chain.add_custom(candidate_filter)
    if settings.repeat_penalty != 1.0:
        chain.add_penalties(
            n_vocab=llm.n_vocab(),
            penalty_last_n=PENALTY_LAST_N,
            penalty_repeat=settings.repeat_penalty,
            penalty_freq=0.0,
            penalty_present=0.0,
        )
    if settings.temperature <= 0.0:
        chain.add_greedy()
    else:
        if settings.top_k > 0:
            chain.add_top_k(settings.top_k)
        if settings.top_p < 1.0:
            chain.add_top_p(settings.top_p, 1)
        if settings.min_p > 0.0:
            chain.add_min_p(settings.min_p, 1)
        chain.add_temp(settings.temperature)
        assert settings.seed is not None
        chain.add_dist(settings.seed)
    if recorder is not None:
        chain.add_custom(recorder)
    # The penalty should see the manuscript's recent words, not only the suggestion's.
    for token in prompt[-PENALTY_LAST_N:]:
        llama_cpp.llama_sampler_accept(chain.sampler, token)
    return chain
