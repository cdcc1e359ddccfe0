"""The prose samplers in llama.cpp's native chain, on the real SmolLM2: DRY breaks the loops a
small model falls into, the penalties spread the words, XTC sets aside the obvious word, and
top-nσ and adaptive-P each change what is written yet stay reproducible by seed."""

from __future__ import annotations

import pytest

from tests.support.scripted import ScriptedCandidates
from writer_app.core.drafting.sampling import SamplingSettings

LOOPING = (
    "The old man walked to the sea. He looked at the sea. He walked to the sea again. "
    "He looked at the sea."
)


def longest_repeat(tokens: list[int]) -> int:
    """The length of the longest run of tokens that occurs twice in ``tokens``."""
    length = 0
    while True:
        runs = [tuple(tokens[i : i + length + 1]) for i in range(len(tokens) - length)]
        if len(runs) == len(set(runs)):
            return length
        length += 1


@pytest.fixture
def smollm_quiet(smollm):
    smollm.record_candidates = False
    return smollm


def _tokens(engine, text: str) -> list[int]:
    return engine._llm.tokenize(text.encode(), add_bos=False, special=False)  # noqa: SLF001


def _written(engine, **settings) -> str:
    prompt = engine.build_prompt(LOOPING, 96).tokens
    chosen = {"temperature": 0.0, "repeat_penalty": 1.0, "max_tokens": 96, "seed": 3, **settings}
    return engine.complete(prompt, SamplingSettings(**chosen)).text


def test_dry_breaks_the_loop_greedy_decoding_falls_into(smollm_quiet):
    plain = _tokens(smollm_quiet, _written(smollm_quiet))
    dry = _tokens(smollm_quiet, _written(smollm_quiet, dry_multiplier=0.8))
    assert longest_repeat(plain) >= 30  # the model repeats its two sentences over and over
    assert longest_repeat(dry) <= longest_repeat(plain) // 2


def test_presence_and_frequency_penalties_spread_the_words(smollm_quiet):
    plain = _tokens(smollm_quiet, _written(smollm_quiet))
    spread = _tokens(
        smollm_quiet, _written(smollm_quiet, presence_penalty=1.0, frequency_penalty=1.0)
    )
    assert len(set(spread)) / len(spread) > 2 * len(set(plain)) / len(plain)


def test_xtc_sets_aside_the_likeliest_word(smollm_quiet):
    greedy = _written(smollm_quiet, max_tokens=8)
    # Nearly greedy, but every step the words above 5 % except the least likely of them are
    # excluded: the likeliest is never taken when another is also above the threshold.
    xtc = _written(smollm_quiet, max_tokens=8, temperature=0.05, xtc_probability=1.0,
                   xtc_threshold=0.05)  # fmt: skip
    assert xtc != greedy
    assert not xtc.startswith(greedy.split()[0])


@pytest.mark.parametrize(
    "sampler", [{"top_n_sigma": 1.0}, {"adaptive_target": 0.3, "top_k": 0, "top_p": 1.0}]
)
def test_top_n_sigma_and_adaptive_p_shape_the_text_and_a_seed_repeats_it(smollm_quiet, sampler):
    plain = _written(smollm_quiet, temperature=1.0, seed=11, max_tokens=32)
    shaped = _written(smollm_quiet, temperature=1.0, seed=11, max_tokens=32, **sampler)
    again = _written(smollm_quiet, temperature=1.0, seed=11, max_tokens=32, **sampler)
    assert shaped == again
    assert shaped != plain


def test_every_prose_sampler_at_once_leaves_a_scripted_sequence_exact(tiny_engine):
    engine, vocab = tiny_engine
    script = [vocab.piece("▁the"), vocab.piece("▁cat")] * 4
    engine.candidate_filter = ScriptedCandidates(script, vocab.eos)
    settings = SamplingSettings(
        seed=1, max_tokens=32, temperature=1.2, presence_penalty=1.0, frequency_penalty=1.0,
        dry_multiplier=2.0, xtc_probability=1.0, xtc_threshold=0.0, top_n_sigma=1.0,
        adaptive_target=0.2,
    )  # fmt: skip
    prompt = engine.build_prompt("The cat", 32).tokens
    assert engine.complete(prompt, settings).text == " the cat" * 4
