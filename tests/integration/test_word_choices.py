"""Word alternatives from the real engine: what the model considered at each written token."""

from __future__ import annotations

import pytest

from tests.support.scripted import ScriptedCandidates
from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.drafting.word_choices import choice_at

OPENING = (
    "The lighthouse keeper had not spoken to anyone in eleven days. Each morning he climbed "
    "the hundred and twelve steps, wound the clockwork, and wrote one line in the log."
)


@pytest.mark.parametrize(
    "settings",
    [
        SamplingSettings(seed=5, max_tokens=24),  # the defaults: top-k 40, top-p, min-p
        SamplingSettings(seed=5, max_tokens=24, top_k=0, top_p=1.0, min_p=0.0),  # whole vocab
        SamplingSettings(seed=5, max_tokens=24, temperature=0.0),  # greedy
    ],
    ids=["default", "top-k-off", "greedy"],
)
def test_each_written_token_is_among_its_candidates_with_probabilities(smollm, settings):
    prompt = smollm.build_prompt(OPENING, settings.max_tokens).tokens
    suggestion = smollm.complete(prompt, settings)

    choices = suggestion.choices
    assert len(choices) == suggestion.stats.generated_tokens > 0
    assert "".join(choice.text for choice in choices) == suggestion.text
    for choice in choices:
        texts = [text for text, _p in choice.options]
        probabilities = [p for _text, p in choice.options]
        assert choice.text in texts
        assert all(0.0 < p <= 1.0 for p in probabilities)
        assert sum(probabilities) <= 1.0 + 1e-4
        assert 1 <= len(set(texts)) <= 6  # the five likeliest, and the written one
    if settings.temperature == 0.0:  # greedy writes the likeliest word every time
        assert all(choice.options[0][0] == choice.text for choice in choices)


def test_recording_candidates_does_not_change_the_text(smollm):
    prompt = smollm.build_prompt(OPENING, 24).tokens
    settings = SamplingSettings(seed=8, max_tokens=24)
    with_choices = smollm.complete(prompt, settings)
    smollm.record_candidates = False
    try:
        without = smollm.complete(prompt, settings)
    finally:
        smollm.record_candidates = True
    assert without.text == with_choices.text and without.choices == ()


def test_chinese_split_across_tokens_maps_each_character_to_its_token(tiny_engine):
    engine, vocab = tiny_engine
    script = [vocab.piece("▁cat")] + vocab.tokens_for_bytes("雨".encode()) + [vocab.piece("▁was")]
    engine.candidate_filter = ScriptedCandidates(script, vocab.eos)
    prompt = engine.build_prompt("The", 16).tokens
    suggestion = engine.complete(prompt, SamplingSettings(seed=1, max_tokens=16))

    assert suggestion.text == " cat雨 was"
    choices = suggestion.choices
    assert [choice.start for choice in choices] == [0, 4, 4, 4, 5]
    # A byte of a character is no word to offer; the whole words are, with all the probability
    # (the script left the model no other choice).
    assert choices[0].options == ((" cat", 1.0),)
    assert [choice.options for choice in choices[1:4]] == [(), (), ()]
    assert choice_at(choices, 0) == 0 and choice_at(choices, 5) == 4
    assert choice_at(choices, 4) is None  # 雨 came in fragments: no words to offer there
