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
    # llama.cpp's own order (common/sampling): penalties, DRY, top-n-σ, the truncations, XTC,
    # temperature, and last the link that picks.
    penalised = (settings.repeat_penalty, settings.presence_penalty, settings.frequency_penalty)
    if penalised != (1.0, 0.0, 0.0):
        chain.add_penalties(
            n_vocab=llm.n_vocab(),
            penalty_last_n=PENALTY_LAST_N,
            penalty_repeat=settings.repeat_penalty,
            penalty_freq=settings.frequency_penalty,
            penalty_present=settings.presence_penalty,
        )
    if settings.dry_multiplier > 0.0:
        chain.add_dry(
            llm._model,  # noqa: SLF001 — the vocabulary DRY tokenises its breakers with
            settings.dry_multiplier,
            settings.dry_base,
            settings.dry_allowed_length,
            settings.dry_range,
            list(settings.dry_sequence_breakers),
        )
    if settings.temperature <= 0.0:
        chain.add_greedy()
    else:
        if settings.top_n_sigma > 0.0:
            chain.add_top_n_sigma(settings.top_n_sigma)
        if settings.top_k > 0:
            chain.add_top_k(settings.top_k)
        if settings.top_p < 1.0:
            chain.add_top_p(settings.top_p, 1)
        if settings.min_p > 0.0:
            chain.add_min_p(settings.min_p, 1)
        assert settings.seed is not None
        if settings.xtc_probability > 0.0:
            chain.add_xtc(settings.xtc_probability, settings.xtc_threshold, 1, settings.seed)
        chain.add_temp(settings.temperature)
        if settings.adaptive_target > 0.0:  # it picks the token itself, in place of dist
            picker = llama_cpp.llama_sampler_init_adaptive_p(
                settings.adaptive_target, settings.adaptive_decay, settings.seed
            )
            llama_cpp.llama_sampler_chain_add(chain.sampler, picker)
        else:
            chain.add_dist(settings.seed)
    if recorder is not None:
        chain.add_custom(recorder)
    prime(chain, settings, prompt)
    return chain


def prime(
    chain: llama_internals.LlamaSampler, settings: SamplingSettings, written: Sequence[int]
) -> None:
    """Show the chain the tokens written so far: the penalties should see the manuscript's
    recent words, not only the suggestion's; DRY looks further back, over its own range."""
    history = max(PENALTY_LAST_N, settings.dry_range if settings.dry_multiplier > 0.0 else 0)
    for token in written[-history:]:
        llama_cpp.llama_sampler_accept(chain.sampler, token)


def rewind(
    chain: llama_internals.LlamaSampler, settings: SamplingSettings, written: Sequence[int]
) -> None:
    """Take the chain back to just after ``written`` (a banned phrase was taken back): its
    penalties forget the tokens dropped."""
    llama_cpp.llama_sampler_reset(chain.sampler)
    prime(chain, settings, written)
