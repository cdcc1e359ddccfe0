"""Measuring flash attention once with the real model, and loading with what was measured."""

from __future__ import annotations

import threading

import llama_cpp

from tests.integration.test_context_shift import GREEDY, chapter, slid
from writer_app.core.local.config import EngineConfig, default_threads
from writer_app.core.local.engine import LlamaCppEngine
from writer_app.core.local.tuning import Measured, TuningStore, choose, model_key
from writer_app.core.storage.paths import tuning_path


def flash_attention_on(engine: LlamaCppEngine) -> bool:
    kind = engine._llm.context_params.flash_attn_type
    return kind == llama_cpp.LLAMA_FLASH_ATTN_TYPE_ENABLED


def test_a_new_model_is_measured_once_and_loads_with_the_choice_next_time(smollm_path):
    engine = LlamaCppEngine.load(EngineConfig(smollm_path, n_ctx=1024))
    try:
        assert engine.tuning_key is not None and not flash_attention_on(engine)
        measured = engine.measure_settings()
        assert measured is not None and engine.tuning_key is None
        assert min(*measured.read_ms, *measured.decode_ms) > 0
        assert measured == choose(measured.read_ms, measured.decode_ms)
        assert engine.measure_settings() is None  # once
    finally:
        engine.close()

    again = LlamaCppEngine.load(EngineConfig(smollm_path, n_ctx=1024))
    try:
        assert again.tuning_key is None
        assert flash_attention_on(again) == measured.flash_attn == again.config.flash_attn
    finally:
        again.close()


def test_a_cancelled_measurement_is_not_kept_and_runs_again_later(smollm_path):
    engine = LlamaCppEngine.load(EngineConfig(smollm_path, n_ctx=1024))
    try:
        cancel = threading.Event()
        cancel.set()
        assert engine.measure_settings(cancel) is None
        assert engine.tuning_key is not None and not tuning_path().exists()
    finally:
        engine.close()


def test_with_flash_attention_the_cache_still_shifts_and_writes(smollm_path):
    key = model_key(smollm_path, default_threads(), 0)
    TuningStore(tuning_path()).put(key, Measured(True, (2.0, 1.0), (8.0, 4.0)))
    engine = LlamaCppEngine.load(EngineConfig(smollm_path, n_ctx=1024))
    try:
        assert flash_attention_on(engine) and engine.tuning_key is None
        short, longer = slid(engine, chapter(40, seed=41))
        engine.complete(engine.build_prompt(short, 8).tokens, GREEDY)
        warm = engine.complete(engine.build_prompt(longer, 8).tokens, GREEDY)
        assert warm.stats.shifted_tokens > 300 and warm.text.strip()
    finally:
        engine.close()


def test_an_explicit_setting_is_never_measured(smollm_path):
    engine = LlamaCppEngine.load(EngineConfig(smollm_path, n_ctx=1024, flash_attn=False))
    try:
        assert engine.tuning_key is None and engine.measure_settings() is None
    finally:
        engine.close()
