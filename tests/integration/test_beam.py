"""Most likely (beam search, core.local.beam) with the real models: deterministic, its figure
is llama.cpp's own log-probability, at least as likely as greedy decoding, streamed only where
every beam agrees, stopped where the settings say, cancellable, and on a sliding-window model
too."""

from __future__ import annotations

import math
import threading

import pytest

from tests.integration.test_bridge import direct_bits
from tests.integration.test_cli import complete
from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.drafting.stops import STOP_AT_SENTENCE
from writer_app.core.drafting.suggestion import StopReason
from writer_app.core.local.beam import NO_REPEAT
from writer_app.core.local.config import EngineConfig
from writer_app.core.local.engine import LlamaCppEngine

pytestmark = pytest.mark.model

STORY = "The storm had been building since noon, and by the time Ada reached the lighthouse"
SETTINGS = SamplingSettings(max_tokens=24, seed=1)


@pytest.fixture(scope="module")
def engine(smollm_path):
    engine = LlamaCppEngine.load(EngineConfig(model_path=smollm_path, n_ctx=1024))
    yield engine
    engine.close()


def mean_bits(model_path, engine, prompt, tokens) -> float:
    return direct_bits(model_path, prompt.tokens, list(tokens)) / len(tokens)


def test_the_same_prompt_gives_the_same_beams_best_first(engine):
    prompt = engine.build_prompt(STORY, SETTINGS.max_tokens)
    shown: list[str] = []
    beams = engine.most_likely(prompt, SETTINGS, 4, on_text=shown.append)
    assert len(beams) == 4
    assert "".join(shown) == beams[0].text  # only agreed text streamed, then the rest
    assert [b.text for b in engine.most_likely(prompt, SETTINGS, 4)] == [b.text for b in beams]
    assert len({b.text for b in beams}) == 4


def test_the_best_beam_is_at_least_as_likely_as_greedy(engine, smollm_path):
    prompt = engine.build_prompt(STORY, SETTINGS.max_tokens)
    best = engine.most_likely(prompt, SETTINGS, 4)[0]
    greedy = engine.complete(prompt.tokens, SamplingSettings(temperature=0.0, max_tokens=24))
    assert len(best.tokens) == len(greedy.tokens) == 24  # both ran to the length limit
    beam_bits = mean_bits(smollm_path, engine, prompt, best.tokens)
    greedy_bits = mean_bits(smollm_path, engine, prompt, greedy.tokens)
    assert beam_bits <= greedy_bits + 1e-6, (beam_bits, greedy_bits)
    runs = [tuple(best.tokens[i : i + NO_REPEAT]) for i in range(len(best.tokens) - 2)]
    assert len(runs) == len(set(runs))  # no run of three tokens written twice


def test_a_beam_ends_where_the_settings_say(engine):
    prompt = engine.build_prompt(STORY, 48)
    settings = SamplingSettings(max_tokens=48, stop_at=STOP_AT_SENTENCE, banned=("storm",))
    beams = engine.most_likely(prompt, settings, 3)
    assert beams[0].stats.stop_reason in (StopReason.BOUNDARY, StopReason.END_OF_TEXT)
    assert beams[0].text.rstrip()[-1] in '.!?"”'
    assert all("storm" not in b.text.lower() for b in beams)


def test_cancel_stops_a_search(engine):
    prompt = engine.build_prompt(STORY, 200)
    cancel = threading.Event()
    beams = engine.most_likely(
        prompt, SamplingSettings(max_tokens=200), 8, cancel=cancel, on_text=lambda _: cancel.set()
    )
    assert beams[0].stats.stop_reason is StopReason.CANCELLED
    assert len(beams[0].tokens) < 200
    # and the engine goes on as before
    assert engine.complete(prompt.tokens, SamplingSettings(max_tokens=8, seed=1)).text


def test_a_sliding_window_model_searches_too(gemma_path):
    engine = LlamaCppEngine.load(EngineConfig(model_path=gemma_path, n_ctx=1024))
    try:
        prompt = engine.build_prompt("雨已经下了三天，河水漫过了路面。", 24)
        beams = engine.most_likely(prompt, SamplingSettings(max_tokens=24), 3)
        assert beams[0].text and math.isfinite(beams[0].stats.decode_seconds)
        assert engine.most_likely(prompt, SamplingSettings(max_tokens=24), 3)[0].text == (
            beams[0].text
        )
    finally:
        engine.close()


def test_complete_beam_from_the_command_line(smollm_path):
    first = complete(smollm_path, "--beam", "3", "--max-tokens", "16")
    again = complete(smollm_path, "--beam", "3", "--max-tokens", "16", "--stream")
    assert first.returncode == 0, first.stderr
    assert first.stdout and first.stdout == again.stdout
    bad = complete(smollm_path, "--beam", "9")
    assert bad.returncode == 2 and b"beam" in bad.stderr
