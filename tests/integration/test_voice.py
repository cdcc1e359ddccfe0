"""A voice (a LoRA adapter, core.local.voice) put on the real llama.cpp engine: it changes what
the model predicts, by its strength; taken off, the model is as before; one trained on another
model, a damaged file or a model file in its place is refused with a sentence; and
``writer-app complete --voice``.  The adapters are written for the tiny test model here
(tests/support/tiny_lora.py), in llama.cpp's own layout."""

from __future__ import annotations

import pytest

from tests.integration.test_cli import run_headless
from tests.support.tiny_gguf import write_tiny_llama_gguf
from tests.support.tiny_lora import write_lora_gguf
from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.local.config import EngineConfig
from writer_app.core.local.engine import LlamaCppEngine
from writer_app.core.local.scoring import surprisal_after
from writer_app.core.local.voice import VoiceError
from writer_app.core.storage.hashing import file_sha256
from writer_app.core.voices.library import VOICE_BASE_KEY

TEXT = "The cat sat on the mat and the cat said Hello"
GREEDY = SamplingSettings(temperature=0.0, max_tokens=12, seed=1)


def figure(engine: LlamaCppEngine) -> float:
    tokens = engine.tokenize(TEXT)
    return surprisal_after(engine, [*engine.bos(), tokens[0]], tokens[1:])


def test_a_voice_changes_the_prediction_by_its_strength(tiny_voice):
    _folder, base, voice = tiny_voice
    engine = LlamaCppEngine.load(EngineConfig(model_path=base, n_ctx=256))
    try:
        plain = figure(engine)
        engine.set_voice(voice, 1.0)
        voiced = figure(engine)
        engine.set_voice(voice, 0.5)
        half = figure(engine)
        engine.set_voice(voice, 0.0)
        none = figure(engine)
        engine.set_voice(None)
        again = figure(engine)
    finally:
        engine.close()
    assert abs(voiced - plain) > 0.1  # (noise between identical reads: under 1e-3)
    assert half not in (pytest.approx(plain, abs=1e-3), pytest.approx(voiced, abs=1e-3))
    assert none == pytest.approx(plain, abs=1e-3)  # strength 0: as without
    assert again == pytest.approx(plain, abs=1e-3)  # taken off: as before


def test_a_voice_given_at_load_is_on_and_goes_to_most_likely_too(tiny_voice):
    _folder, base, voice = tiny_voice
    plain = LlamaCppEngine.load(EngineConfig(model_path=base, n_ctx=256))
    voiced = LlamaCppEngine.load(EngineConfig(model_path=base, n_ctx=256, voice=voice))
    try:
        assert voiced.voice is not None and voiced.voice.base_sha256 == file_sha256(base)
        prompt = plain.build_prompt(TEXT, 12)
        assert (
            voiced.complete(prompt.tokens, GREEDY).tokens
            != plain.complete(prompt.tokens, GREEDY).tokens
        )
        beams = voiced.most_likely(prompt, GREEDY, 2)[0].tokens
        assert beams != plain.most_likely(prompt, GREEDY, 2)[0].tokens
    finally:
        plain.close()
        voiced.close()


def test_a_voice_for_another_model_is_refused(tiny_voice):
    folder, base, voice = tiny_voice
    other = folder / "other.gguf"
    write_tiny_llama_gguf(other, n_embd=64, n_ff=128)
    engine = LlamaCppEngine.load(EngineConfig(model_path=other, n_ctx=256))
    try:
        with pytest.raises(VoiceError, match="voice.gguf cannot be used"):
            engine.set_voice(voice, 1.0)  # llama.cpp: the shapes do not fit
        same_shape = folder / "same-shape.gguf"
        write_tiny_llama_gguf(same_shape, seed=99)  # same layout, other weights
        claimed = folder / "claimed.gguf"
        write_lora_gguf(claimed, same_shape, metadata={VOICE_BASE_KEY: file_sha256(other)})
    finally:
        engine.close()
    engine = LlamaCppEngine.load(EngineConfig(model_path=base, n_ctx=256))
    try:
        with pytest.raises(VoiceError, match="trained on another model"):
            engine.set_voice(claimed, 1.0)  # fits the shapes, but made for another file
        assert engine.voice is None
    finally:
        engine.close()


@pytest.mark.parametrize("damage", ["truncated", "model", "missing", "strength"])
def test_a_damaged_or_wrong_file_is_refused_with_a_sentence(tiny_voice, damage):
    folder, base, voice = tiny_voice
    path = folder / f"{damage}.gguf"
    scale = 1.0
    if damage == "truncated":
        path.write_bytes(voice.read_bytes()[: voice.stat().st_size // 2])
    elif damage == "model":
        path = base  # a model, not an adapter
    elif damage == "strength":
        path, scale = voice, 1.5
    engine = LlamaCppEngine.load(EngineConfig(model_path=base, n_ctx=256))
    try:
        with pytest.raises(VoiceError) as refused:
            engine.set_voice(path, scale)
        assert str(refused.value).startswith(f"The voice {path.name} cannot be used: ")
        assert engine.voice is None
        assert engine.complete(engine.build_prompt(TEXT, 8).tokens, GREEDY).tokens
    finally:
        engine.close()


def test_complete_voice_from_the_command_line(tiny_voice):
    folder, base, voice = tiny_voice
    args = ("--temperature", "0", "--seed", "1", "--max-tokens", "12")
    plain = run_headless("complete", base, *args, stdin=TEXT)
    voiced = run_headless("complete", base, *args, "--voice", str(voice), stdin=TEXT)
    assert plain.returncode == voiced.returncode == 0, voiced.stderr
    assert voiced.stdout != plain.stdout
    bad = run_headless("complete", base, *args, "--voice", str(folder / "none.gguf"), stdin=TEXT)
    assert bad.returncode == 2
    assert bad.stderr.decode().count("\n") == 1 and b"none.gguf" in bad.stderr
