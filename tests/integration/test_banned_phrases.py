"""Banned phrases on the real llama.cpp engine: a phrase the model starts is taken back before
the writer sees a byte of it, the cache and the sampler go back with it, and the model writes
the next way it prefers.  Exact with the tiny model and scripted preferences; statistical with
SmolLM2."""

from __future__ import annotations

from tests.support.scripted import PreferredPaths
from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.drafting.suggestion import StopReason
from writer_app.core.local import banning


def write(engine, vocab, paths, banned, prompt_text="The cat", **settings):
    prompt = engine.build_prompt(prompt_text, 32).tokens
    engine.candidate_filter = PreferredPaths(engine, len(prompt), paths, vocab.eos)
    shown: list[str] = []
    chosen = {"temperature": 0.0, "max_tokens": 32, "seed": 1, "banned": banned, **settings}
    result = engine.complete(prompt, SamplingSettings(**chosen), on_text=shown.append)
    return result, shown


def words(vocab, *pieces: str) -> list[int]:
    return [vocab.piece(p) for p in pieces]


def test_a_banned_phrase_is_taken_back_and_the_next_way_is_written(tiny_engine):
    engine, vocab = tiny_engine
    paths = [
        words(vocab, "▁the", "▁cat", "▁sat", "▁on", "▁the", "▁mat"),
        words(vocab, "▁a", "▁cat", "▁sat", "▁on", "▁a", "▁mat"),
    ]
    result, shown = write(engine, vocab, paths, ("The CAT",))
    assert result.text == " a cat sat on a mat"
    assert "".join(shown) == result.text  # the writer saw exactly the final text
    assert result.stats.stop_reason is StopReason.END_OF_TEXT
    assert result.tokens == paths[1]
    assert result.stats.taken_back == 1
    # The cache holds what was written, not what was taken back.
    prompt = engine.build_prompt("The cat", 32).tokens
    assert (
        engine.cached_tokens[len(prompt) :] == paths[1][:-1]
        or engine.cached_tokens[len(prompt) :] == paths[1]
    )


def test_a_phrase_late_in_the_suggestion_keeps_what_came_before(tiny_engine):
    engine, vocab = tiny_engine
    paths = [
        words(vocab, "▁She", "▁said", "▁the", "▁cat", "▁was", "▁on", "▁the", "▁mat"),
        words(vocab, "▁She", "▁said", "▁the", "▁mat", "▁was", "▁on", "▁the", "▁cat"),
    ]
    # The phrase began with " cat": that token is banned there, and the next way is taken.
    result, shown = write(engine, vocab, paths, ("cat was",))
    assert result.text == " She said the mat was on the cat"
    assert "".join(shown) == result.text


def test_a_word_inside_another_word_is_not_banned(tiny_engine):
    engine, vocab = tiny_engine
    paths = [words(vocab, "▁the", "▁cat", "▁sat")]
    result, _ = write(engine, vocab, paths, ("at",))  # in "cat" and "sat": not the word
    assert result.text == " the cat sat"


def test_chinese_split_across_byte_tokens_is_taken_back_whole(tiny_engine):
    engine, vocab = tiny_engine
    paths = [vocab.tokens_for_bytes(t.encode()) for t in ("你好世界。", "你们世界。")]
    result, shown = write(engine, vocab, paths, ("好世",))
    assert result.text == "你们世界。"
    assert "".join(shown) == result.text and all("好" not in piece for piece in shown)


def test_the_model_that_keeps_coming_back_is_stopped_before_the_phrase(tiny_engine, monkeypatch):
    engine, vocab = tiny_engine
    monkeypatch.setattr(banning, "MAX_BANS_AT_ONE_PLACE", 1)
    paths = [words(vocab, "▁She", "▁said", "▁the", "▁cat"), words(vocab, "▁She", "▁said", "▁a")]
    result, shown = write(engine, vocab, paths, ("the", "a"))
    assert result.text == " She said"
    assert "".join(shown) == result.text
    assert result.stats.stop_reason is StopReason.BANNED


def test_word_alternatives_describe_the_words_written_not_the_ones_taken_back(tiny_engine):
    engine, vocab = tiny_engine
    engine.record_candidates = True
    paths = [words(vocab, "▁the", "▁cat"), words(vocab, "▁a", "▁cat")]
    result, _ = write(engine, vocab, paths, ("the",))
    assert result.text == " a cat"
    assert [choice.text for choice in result.choices][:2] == [" a", " cat"]


def test_a_banned_common_word_never_appears_in_twenty_seeded_suggestions(smollm):
    smollm.record_candidates = False
    prompt = smollm.build_prompt(
        "The lighthouse keeper climbed the stairs every night. He lit the lamp and watched",
        48,
    ).tokens
    taken_back = 0
    for seed in range(20):
        settings = SamplingSettings(seed=seed, max_tokens=48, banned=("the",))
        shown: list[str] = []
        text = smollm.complete(prompt, settings, on_text=shown.append).text
        assert "".join(shown) == text
        assert " the " not in f" {text.lower()} ".replace(",", " ").replace(".", " ")
        plain = smollm.complete(prompt, SamplingSettings(seed=seed, max_tokens=48)).text
        taken_back += " the " in f" {plain.lower()} "
    assert taken_back >= 10  # without the ban, the model writes "the" in most of them
