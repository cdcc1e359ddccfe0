"""Exact streaming edge cases: the real llama.cpp engine, a tiny model, a scripted sequence."""

from __future__ import annotations

from tests.support.scripted import ScriptedCandidates
from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.drafting.suggestion import StopReason


def run_script(engine, vocab, script, prompt_text="The cat", **settings):
    engine.candidate_filter = ScriptedCandidates(script, vocab.eos)
    pieces: list[str] = []
    prompt = engine.build_prompt(prompt_text, 32).tokens
    result = engine.complete(
        prompt, SamplingSettings(seed=1, max_tokens=32, **settings), on_text=pieces.append
    )
    return result, pieces


def test_chinese_and_emoji_split_across_tokens_stream_whole(tiny_engine):
    engine, vocab = tiny_engine
    script = vocab.tokens_for_bytes("你好😀".encode()) + [vocab.piece("▁cat")]
    result, pieces = run_script(engine, vocab, script)
    assert result.text == "你好😀 cat"
    assert "".join(pieces) == result.text
    assert all("\ufffd" not in piece for piece in pieces)
    assert result.stats.stop_reason is StopReason.END_OF_TEXT
    assert result.stats.generated_tokens == len(script)


def test_invalid_byte_in_the_middle_loses_no_later_text(tiny_engine):
    engine, vocab = tiny_engine
    script = (
        vocab.tokens_for_bytes(b"ab")
        + [vocab.byte_token(0xFF)]
        + vocab.tokens_for_bytes("你好".encode())
        + vocab.tokens_for_bytes(b"cd")
    )
    result, pieces = run_script(engine, vocab, script, temperature=0.0)
    assert result.text == "ab你好cd"
    assert "".join(pieces) == "ab你好cd"


def test_literal_end_of_text_marker_in_the_manuscript_is_just_text(tiny_engine):
    engine, vocab = tiny_engine
    tokens = engine.build_prompt("She said </s> and the cat sat", 32).tokens
    assert vocab.eos not in tokens
    result, _ = run_script(engine, vocab, [vocab.piece("▁mat")], prompt_text="a </s> b")
    assert result.text == " mat"


def test_sampling_settings_do_not_break_scripted_decoding(tiny_engine):
    engine, vocab = tiny_engine
    script = [vocab.piece("▁the"), vocab.piece("▁cat")] * 3
    result, _ = run_script(engine, vocab, script, temperature=1.5, top_k=0, repeat_penalty=1.3)
    assert result.text == " the cat" * 3


def test_length_limit_counts_tokens_not_characters(tiny_engine):
    engine, vocab = tiny_engine
    engine.candidate_filter = ScriptedCandidates(
        vocab.tokens_for_bytes("你好世界".encode()), vocab.eos
    )
    prompt = engine.build_prompt("The cat", 8).tokens
    result = engine.complete(prompt, SamplingSettings(seed=1, max_tokens=8))
    # 8 byte tokens: two whole characters and two bytes of the third, which are held back.
    assert result.text == "你好"
    assert result.stats.generated_tokens == 8
    assert result.stats.stop_reason is StopReason.LENGTH


def test_stop_at_a_sentence_end_in_english(tiny_engine):
    engine, vocab = tiny_engine
    script = [vocab.piece("▁She"), vocab.piece("▁said"), vocab.piece("."), vocab.piece("▁The")]
    script += [vocab.piece("▁cat")]
    result, pieces = run_script(engine, vocab, script, stop_at="sentence")
    assert result.text == " She said."
    assert "".join(pieces) == " She said."
    assert result.stats.stop_reason is StopReason.BOUNDARY


def test_stop_at_a_sentence_end_in_chinese(tiny_engine):
    engine, vocab = tiny_engine
    script = vocab.tokens_for_bytes("他走了。她笑了。".encode())
    result, pieces = run_script(engine, vocab, script, stop_at="sentence")
    assert result.text == "他走了。"
    assert "".join(pieces) == "他走了。"


def test_stop_at_a_paragraph_end_and_at_a_stop_string(tiny_engine):
    engine, vocab = tiny_engine
    script = [vocab.piece("▁She"), vocab.piece("▁said")] + vocab.tokens_for_bytes(b"\n")
    script += [vocab.piece("The"), vocab.piece("▁cat")]
    result, _ = run_script(engine, vocab, script, stop_at="paragraph")
    assert result.text == " She said"
    result, _ = run_script(engine, vocab, script, stop_strings=("▁cat".replace("▁", " "),))
    assert result.text == " She said\nThe"
    assert result.stats.stop_reason is StopReason.STOP_STRING
