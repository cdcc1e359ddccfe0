"""Saved model states with the real model: a chapter read once is warm after a restart or a
switch back; a state made otherwise is never used; a damaged one is discarded cleanly."""

from __future__ import annotations

import logging
from dataclasses import replace

import llama_cpp
import pytest

from tests.integration.test_context_shift import chapter
from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.local.config import EngineConfig
from writer_app.core.local.engine import LlamaCppEngine
from writer_app.core.local.saved_state import StateKey, StateStore
from writer_app.core.storage.paths import states_dir

GREEDY = SamplingSettings(temperature=0.0, max_tokens=24, seed=1)


@pytest.fixture
def open_engine(smollm_path):
    engines: list[LlamaCppEngine] = []

    def open_(mb: int = 256, path=None, n_ctx: int = 1024) -> LlamaCppEngine:
        config = EngineConfig(path or smollm_path, n_ctx=n_ctx, saved_state_mb=mb)
        engine = LlamaCppEngine.load(config)
        engines.append(engine)
        return engine

    yield open_
    for engine in engines:
        engine.cache.close()  # without saving again


def states() -> list:
    return sorted(states_dir().glob("*.kvstate"))


def test_after_a_restart_the_chapter_is_warm_and_writes_the_same_words(open_engine):
    first = open_engine()
    prompt = first.build_prompt(chapter(25, seed=21), 24).tokens
    first.read_ahead(prompt)
    assert first.cache.save_state(wait=True) and len(states()) == 1
    before = first.complete(prompt, GREEDY)

    reopened = open_engine()  # tomorrow
    again = reopened.complete(prompt, GREEDY)
    assert again.stats.reused_tokens == len(prompt) - 1
    assert again.stats.evaluated_tokens == 1
    assert again.tokens == before.tokens  # token for token


def test_a_sliding_window_model_reopens_warm_after_a_suggestion(open_engine, gemma_path):
    """Gemma 3's small window cache: llama.cpp restores only the window positions that the
    saved state's end needs, so the state is saved without the suggestion after the prompt
    (else the reopened chapter, whose prompt ends before it, would be read anew)."""
    first = open_engine(path=gemma_path, n_ctx=2048)
    prompt = first.build_prompt(chapter(90, seed=24), 24).tokens
    assert len(prompt) > 1500
    first.read_ahead(prompt)  # so that both suggestions read the last token alone
    before = first.complete(prompt, GREEDY)  # the suggestion stays in the cache
    assert first.cache.save_state(wait=True) and first.cached_tokens == prompt

    reopened = open_engine(path=gemma_path, n_ctx=2048)
    again = reopened.complete(prompt, GREEDY)
    assert reopened.cache.last_restored == len(prompt)
    assert again.stats.evaluated_tokens == 1
    # The restored window cache lays its cells out otherwise (llama.cpp keeps only the last
    # window), so attention sums run in another order: the same words, until greedy text
    # drifts on a rounding difference (SmolLM2 above: token for token).
    assert again.tokens[:8] == before.tokens[:8]


def test_switching_chapters_saves_the_one_left_and_switching_back_restores_it(open_engine):
    engine = open_engine()
    one = engine.build_prompt(chapter(25, seed=22), 8).tokens
    two = engine.build_prompt(chapter(25, seed=23), 8).tokens
    engine.complete(one, GREEDY)
    assert states() == []
    engine.complete(two, GREEDY)  # leaving chapter one
    engine.cache.wait_for_saves()
    assert len(states()) == 1
    back = engine.read_ahead(one)
    assert back.restored_tokens >= len(one) and back.read_tokens <= 1
    engine.cache.wait_for_saves()
    assert len(states()) == 2  # chapter two was kept as it was left


def test_a_state_of_another_model_context_or_text_is_not_used(open_engine, smollm_path, tiny_model):
    engine = open_engine()
    prompt = engine.build_prompt(chapter(25, seed=24), 8).tokens
    engine.read_ahead(prompt)
    engine.cache.save_state(wait=True)

    other_text = engine.build_prompt(chapter(25, seed=25), 8).tokens
    assert open_engine().read_ahead(other_text).restored_tokens == 0

    wider = LlamaCppEngine.load(EngineConfig(smollm_path, n_ctx=2048, saved_state_mb=256))
    try:
        assert wider.read_ahead(prompt).restored_tokens == 0  # another context size
    finally:
        wider.cache.close()
        wider.close()

    store = StateStore(states_dir())
    ours = StateKey(store.model_sha256(smollm_path), 1024, llama_cpp.__version__)
    assert store.find(ours, prompt) is not None
    tiny_path, _vocab = tiny_model
    theirs = StateKey(store.model_sha256(tiny_path), 1024, llama_cpp.__version__)
    assert store.find(theirs, prompt) is None  # another model file
    assert store.find(replace(ours, llama_build="0.0.1"), prompt) is None  # another llama.cpp


def test_a_damaged_state_file_is_discarded_with_a_log_line(open_engine, caplog):
    engine = open_engine()
    prompt = engine.build_prompt(chapter(25, seed=26), 8).tokens
    engine.read_ahead(prompt)
    engine.cache.save_state(wait=True)
    (path,) = states()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # a crash while it was written

    reopened = open_engine()
    with caplog.at_level(logging.WARNING):
        result = reopened.complete(prompt, GREEDY)
    assert result.stats.evaluated_tokens == len(prompt)  # read normally
    assert states() == []
    assert any("discarding the saved model state" in r.getMessage() for r in caplog.records)


def test_the_folder_keeps_to_its_limit_dropping_the_least_recently_used(open_engine):
    engine = open_engine(mb=40)  # one ~800-token state of this model is ~19 MB: two fit
    chapters = [engine.build_prompt(chapter(20, seed=30 + i), 8).tokens for i in range(3)]
    for tokens in chapters:
        engine.complete(tokens, GREEDY)  # each switch saves the chapter left: one, two
    engine.cache.wait_for_saves()
    assert len(states()) == 2
    assert engine.read_ahead(chapters[1]).restored_tokens > 0  # saves three, drops one
    engine.cache.wait_for_saves()
    kept = states()
    assert len(kept) == 2
    assert sum(p.stat().st_size for p in kept) <= 40 * 1024 * 1024
    assert engine.read_ahead(chapters[0]).restored_tokens == 0  # the least recently used
