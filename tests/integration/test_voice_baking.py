"""A voice baked into a copy of the model (core.voices.merge): the copy predicts what the
model with the voice on predicts, and llama.cpp loads it as any model; the engine swaps to it
and back, a new strength or "without my voice" is the difference on the copy; copies are
named after what they hold, reused, pruned, given up on cancel, and refused for another model.
On the tiny model (F32: the arithmetic is exact) and on SmolLM2 (Q4_1: the merged weights are
stored as Q8_0)."""

from __future__ import annotations

import shutil
import threading

import pytest

from tests.integration.test_voice import figure
from tests.integration.test_voice_training import PARAGRAPH
from tests.support.models import smollm_model_path
from tests.support.tiny_gguf import write_tiny_llama_gguf
from tests.support.tiny_lora import write_lora_gguf
from writer_app.core.local.config import EngineConfig
from writer_app.core.local.engine import LlamaCppEngine
from writer_app.core.local.scoring import surprisal_after
from writer_app.core.models.gguf import read_layout
from writer_app.core.storage.copying import Cancelled
from writer_app.core.storage.hashing import file_sha256
from writer_app.core.voices import merge

Q8_0, Q4_1 = 8, 3


def load(path):
    return LlamaCppEngine.load(EngineConfig(model_path=path, n_ctx=256, saved_state_mb=0))


def test_at_strength_zero_the_copy_is_the_model_byte_for_byte(tiny_voice):
    folder, base, voice = tiny_voice
    copy = merge.merge_voice(base, voice, 0.0, folder / "zero.gguf")
    assert copy.read_bytes() == base.read_bytes()


def test_the_copy_predicts_as_the_voice_does_and_the_engine_swaps_to_it(tiny_voice):
    folder, base, voice = tiny_voice
    copy = merge.merge_voice(base, voice, 1.0, folder / "baked.gguf")
    engine = load(base)
    try:
        plain = figure(engine)
        engine.set_voice(voice, 0.5)
        half = figure(engine)
        engine.set_voice(voice, 1.0)
        voiced = figure(engine)
        engine.bake_voice(copy)
        assert engine.weights == copy and engine.voice.baked == 1.0
        assert figure(engine) == pytest.approx(voiced, abs=1e-3)
        with engine.without_voice():
            assert figure(engine) == pytest.approx(plain, abs=1e-3)
        assert figure(engine) == pytest.approx(voiced, abs=1e-3)
        engine.set_voice(voice, 0.5)  # the difference, on the copy
        assert engine.weights == copy
        assert figure(engine) == pytest.approx(half, abs=1e-3)
        engine.set_voice(None)  # the model's own weights again
        assert engine.weights == base and engine.voice is None
        assert figure(engine) == pytest.approx(plain, abs=1e-3)
        engine.set_voice(voice, 1.0)
        engine.bake_voice(copy)
        engine.set_voice(voice, 0.0)  # strength 0: the model's own weights, no adapter
        assert engine.weights == base and engine.voice.baked == 0.0
        assert figure(engine) == pytest.approx(plain, abs=1e-3)
    finally:
        engine.close()
    assert abs(voiced - plain) > 0.1


def test_a_damaged_copy_leaves_the_engine_as_it_was(tiny_voice):
    folder, base, voice = tiny_voice
    damaged = folder / "damaged.gguf"
    damaged.write_bytes(base.read_bytes()[:4096])
    engine = load(base)
    try:
        engine.set_voice(voice, 1.0)
        voiced = figure(engine)
        with pytest.raises(Exception, match="damaged.gguf"):
            engine.bake_voice(damaged)
        assert engine.weights == base and engine.voice is not None
        assert figure(engine) == pytest.approx(voiced, abs=1e-3)
    finally:
        engine.close()


def test_copies_are_reused_pruned_and_given_up_cleanly(tiny_voice, monkeypatch):
    folder, base, voice = tiny_voice
    kept = folder / "kept"
    sha = file_sha256(base)
    first = merge.baked_copy(base, sha, voice, 1.0, kept)
    made = first.stat().st_mtime_ns
    assert merge.baked_copy(base, sha, voice, 1.0, kept) == first  # reused, not made again
    assert first.read_bytes() and first.stat().st_mtime_ns >= made
    second = merge.baked_copy(base, sha, voice, 0.7, kept)
    third = merge.baked_copy(base, sha, voice, 0.4, kept)
    assert len({first, second, third}) == 3
    assert sorted(kept.iterdir()) == sorted([second, third])  # the oldest went

    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        merge.baked_copy(base, sha, voice, 0.2, kept, cancel)
    assert sorted(kept.iterdir()) == sorted([second, third])  # nothing half written

    monkeypatch.setattr(merge, "MAX_MODEL_BYTES", base.stat().st_size - 1)
    assert merge.baked_copy(base, sha, voice, 0.3, kept) is None  # too large to be worth it
    assert sorted(kept.iterdir()) == sorted([second, third])
    monkeypatch.undo()
    full = shutil.disk_usage(kept)._replace(free=10 << 20)
    monkeypatch.setattr(merge.shutil, "disk_usage", lambda _folder: full)
    assert merge.baked_copy(base, sha, voice, 0.3, kept) is None  # no room: the adapter serves
    assert list(kept.iterdir()) == [third]  # the oldest made room, and nothing was written


def test_a_voice_for_another_model_is_not_baked(tiny_voice):
    folder, _base, voice = tiny_voice
    other = folder / "other.gguf"
    write_tiny_llama_gguf(other, n_embd=64, n_ff=128)
    with pytest.raises(ValueError, match="does not fit"):
        merge.merge_voice(other, voice, 1.0, folder / "other-baked.gguf")
    assert not (folder / "other-baked.gguf").exists()
    assert not list(folder.glob(".*.part"))


def test_smollm2_baked_at_q8_0_predicts_as_with_the_voice(tmp_path):
    base = smollm_model_path()
    voice = tmp_path / "voice.gguf"
    write_lora_gguf(voice, base, strength=0.1, rank=8)  # about a bit per token
    copy = merge.merge_voice(base, voice, 1.0, tmp_path / "baked.gguf")
    original, baked = read_layout(base), read_layout(copy)
    types = {t.name: t.ggml_type for t in baked.tensors}
    assert types["blk.0.attn_q.weight"] == Q8_0 and types["blk.29.attn_output.weight"] == Q8_0
    assert types["blk.0.ffn_up.weight"] == Q4_1  # not adapted: copied as it was
    assert [t.name for t in baked.tensors] == [t.name for t in original.tensors]
    engine = LlamaCppEngine.load(EngineConfig(model_path=base, n_ctx=1024, saved_state_mb=0))
    try:
        plain = bits_per_token(engine)
        engine.set_voice(voice, 1.0)
        voiced = bits_per_token(engine)
        engine.bake_voice(copy)
        assert engine.voice is not None and engine.voice.baked == 1.0
        from_copy = bits_per_token(engine)
        with engine.without_voice():
            without = bits_per_token(engine)
    finally:
        engine.close()
    moved = abs(voiced - plain)
    assert moved > 0.5  # the voice changes the prediction
    # The copy is the voice, up to Q8_0's rounding and the kernels' (a short text's figure
    # moves by a few hundredths of a bit per token between weight types alone).
    assert abs(from_copy - voiced) < moved / 10
    assert abs(without - plain) < moved / 10


def bits_per_token(engine: LlamaCppEngine) -> float:
    tokens = engine.tokenize(PARAGRAPH * 3)
    return surprisal_after(engine, [*engine.bos(), tokens[0]], tokens[1:]) / (len(tokens) - 1)
