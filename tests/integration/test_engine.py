"""The real engine with the real SmolLM2 model: seeds, limits, cancel, the warm prefix."""

from __future__ import annotations

import threading

from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.drafting.suggestion import StopReason

OPENING = (
    "The lighthouse keeper had not spoken to anyone in eleven days. Each morning he climbed "
    "the hundred and twelve steps, wound the clockwork, and wrote one line in the log."
)


def test_same_seed_gives_the_same_suggestion_and_streamed_pieces_add_up(smollm):
    prompt = smollm.build_prompt(OPENING, 40).tokens
    pieces: list[str] = []
    first = smollm.complete(prompt, SamplingSettings(seed=11, max_tokens=40), on_text=pieces.append)
    again = smollm.complete(prompt, SamplingSettings(seed=11, max_tokens=40))
    other = smollm.complete(prompt, SamplingSettings(seed=12, max_tokens=40))
    assert first.text and first.text == again.text
    assert "".join(pieces) == first.text
    assert other.text != first.text


def test_random_seed_differs_between_requests(smollm):
    prompt = smollm.build_prompt(OPENING, 24).tokens
    settings = SamplingSettings(seed=None, temperature=1.0, max_tokens=24)
    results = {smollm.complete(prompt, settings).stats.seed for _ in range(3)}
    assert len(results) == 3


def test_max_tokens_is_a_hard_limit(smollm):
    prompt = smollm.build_prompt(OPENING, 8).tokens
    result = smollm.complete(prompt, SamplingSettings(seed=3, max_tokens=8, temperature=1.5))
    assert result.stats.generated_tokens <= 8
    if result.stats.stop_reason is StopReason.LENGTH:
        assert result.stats.generated_tokens == 8


def test_writing_forward_evaluates_only_the_new_words(smollm):
    story = OPENING * 12
    first = smollm.complete(smollm.build_prompt(story, 16).tokens, SamplingSettings(max_tokens=16))
    assert first.stats.evaluated_tokens > 300
    typed = story + " Tonight the lamp would not light."
    second = smollm.complete(smollm.build_prompt(typed, 16).tokens, SamplingSettings(max_tokens=16))
    assert second.stats.reused_tokens >= first.stats.prompt_tokens - 2
    assert second.stats.evaluated_tokens <= 12


def test_cancel_during_a_long_prompt_read_stops_it_and_the_next_request_works(smollm):
    long_story = " ".join(
        f"On day {i} the sea was grey and the gulls were loud." for i in range(120)
    )
    prompt = smollm.build_prompt(long_story, 16).tokens
    assert len(prompt) > 1200
    cancel = threading.Event()
    timer = threading.Timer(0.05, cancel.set)
    timer.start()
    result = smollm.complete(prompt, SamplingSettings(max_tokens=16), cancel=cancel)
    timer.join()
    assert result.stats.stop_reason is StopReason.CANCELLED
    assert result.stats.generated_tokens == 0
    after = smollm.complete(
        smollm.build_prompt(OPENING, 8).tokens, SamplingSettings(seed=1, max_tokens=8)
    )
    assert after.stats.stop_reason in (StopReason.LENGTH, StopReason.END_OF_TEXT)
    assert after.text


def test_cancel_mid_generation_keeps_what_was_streamed(smollm):
    prompt = smollm.build_prompt(OPENING, 200).tokens
    cancel = threading.Event()
    pieces: list[str] = []

    def on_text(piece: str) -> None:
        pieces.append(piece)
        if len(pieces) == 5:
            cancel.set()

    result = smollm.complete(
        prompt,
        SamplingSettings(seed=5, max_tokens=200, temperature=0.9),
        cancel=cancel,
        on_text=on_text,
    )
    assert result.stats.stop_reason is StopReason.CANCELLED
    assert 5 <= result.stats.generated_tokens <= 6
    assert "".join(pieces) == result.text


def test_real_tokenizer_keeps_the_prompt_prefix_while_typing_forward(smollm):
    story = "\n".join(f"Chapter line {i}: the wind pressed on the glass." for i in range(400))
    before = smollm.build_prompt(story, 64)
    after = smollm.build_prompt(story + " She listened.", 64)
    assert before.start_offset == after.start_offset > 0
    shared = 0
    for a, b in zip(before.tokens, after.tokens, strict=False):
        if a != b:
            break
        shared += 1
    assert shared >= len(before.tokens) - 1
    assert len(after.tokens) <= smollm.n_ctx - 64
