"""The remote engine against a real OpenAI-compatible server: llama-cpp-python's own, serving
the SmolLM2 test model on 127.0.0.1 (one server for this module, one thread)."""

from __future__ import annotations

import importlib.util
import threading

import llama_cpp
import pytest

from tests.support.llama_server import SERVER_PACKAGES, complete_once, llama_server
from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.drafting.stops import sentence_end
from writer_app.core.drafting.suggestion import StopReason
from writer_app.core.remote.engine import RemoteEngine, list_models
from writer_app.core.remote.servers import RemoteEngineConfig

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(
        any(importlib.util.find_spec(name) is None for name in SERVER_PACKAGES),
        reason="llama-cpp-python's server packages are not installed (the test extra has them)",
    ),
]

STORY = "The rain had not stopped for three days, and the river"
BASE = SamplingSettings(temperature=0.8, top_k=40, top_p=0.95, min_p=0.05, max_tokens=24, seed=9)


@pytest.fixture(scope="module")
def server(smollm_path, tmp_path_factory):
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    with llama_server(smollm_path, log, n_ctx=1024) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def engine(server):
    config = RemoteEngineConfig("Test server", server, n_ctx=1024)
    engine = RemoteEngine.connect(config)
    # Warm the server's cache with the story, so every later request reads the prompt split
    # the same way (greedy and seeded output depend on how the prompt was batched).
    engine.suggest(engine.build_prompt(STORY, 8), BASE)
    return engine


def suggest(engine, settings, cancel=None, text=STORY):
    shown: list[str] = []
    prompt = engine.build_prompt(text, settings.max_tokens)
    suggestion = engine.suggest(prompt, settings, cancel=cancel, on_text=shown.append)
    return suggestion, "".join(shown)


def test_connect_finds_the_model_and_the_servers_tokenizer(engine, smollm_path):
    assert engine.display_name == smollm_path.name
    assert engine.where.startswith("on Test server (127.0.0.1:")
    assert engine.tokens_exact
    vocab = llama_cpp.Llama(str(smollm_path), vocab_only=True, verbose=False)
    for text in (STORY, "雨已经下了三天，河水", "She said: “No.”\n\nThen silence."):
        assert engine.tokenize(text) == vocab.tokenize(text.encode(), add_bos=False)
    assert engine.n_ctx == 1024  # llama-cpp-python does not say: the configured value
    assert "does not say" in engine.load_note


def test_list_models_names_the_served_model(server, smollm_path):
    assert [name.rsplit("/", 1)[-1] for name in list_models(server)] == [smollm_path.name]


def test_streamed_text_equals_the_plain_completion(engine, server):
    suggestion, shown = suggest(engine, BASE)
    plain = complete_once(
        server,
        {"prompt": STORY, "max_tokens": 24, "temperature": 0.8, "top_k": 40, "top_p": 0.95,
         "min_p": 0.05, "repeat_penalty": BASE.repeat_penalty, "seed": 9},
    )  # fmt: skip
    assert suggestion.text == shown == plain["choices"][0]["text"]
    assert suggestion.text.strip()
    assert suggestion.stats.generated_tokens == 24
    assert suggestion.stats.stop_reason is StopReason.LENGTH


def test_the_same_seed_gives_the_same_text(engine):
    first, _ = suggest(engine, BASE)
    again, _ = suggest(engine, BASE)
    other, _ = suggest(engine, SamplingSettings(temperature=1.0, max_tokens=24, seed=10))
    assert first.text == again.text
    assert other.text != first.text
    assert first.stats.seed == 9


def test_max_tokens_bounds_the_suggestion(engine):
    suggestion, _ = suggest(engine, SamplingSettings(max_tokens=8, seed=3))
    assert suggestion.stats.generated_tokens == 8
    assert suggestion.stats.stop_reason is StopReason.LENGTH


def test_stop_strings_end_the_suggestion_before_them(engine):
    full, _ = suggest(engine, BASE)
    word = full.text.split()[2]  # a word from the middle of what the model writes
    stopped, shown = suggest(engine, SamplingSettings(**{**BASE.__dict__, "stop_strings": (word,)}))
    assert stopped.text == shown == full.text[: full.text.index(word)]
    assert word not in stopped.text


def test_stop_at_sentence_ends_at_a_sentence(engine):
    settings = SamplingSettings(max_tokens=200, seed=5, stop_at="sentence")
    suggestion, shown = suggest(engine, settings)
    assert suggestion.stats.stop_reason is StopReason.BOUNDARY
    assert suggestion.text == shown
    assert sentence_end(suggestion.text + " ") == len(suggestion.text)  # ends at its first end


def test_cancel_mid_stream_stops_it_and_the_server_keeps_working(engine):
    cancel = threading.Event()
    pieces: list[str] = []

    def on_text(piece: str) -> None:
        pieces.append(piece)
        if len(pieces) == 3:
            cancel.set()

    prompt = engine.build_prompt(STORY, 200)
    settings = SamplingSettings(max_tokens=200, seed=4)
    suggestion = engine.suggest(prompt, settings, cancel=cancel, on_text=on_text)
    assert suggestion.stats.stop_reason is StopReason.CANCELLED
    assert suggestion.stats.generated_tokens == 3 < settings.max_tokens
    assert suggestion.text == "".join(pieces)
    after, _ = suggest(engine, SamplingSettings(max_tokens=8, seed=3))
    assert after.stats.generated_tokens == 8


def test_chinese_streams_whole(engine):
    suggestion, shown = suggest(engine, BASE, text="雨已经下了三天，河水")
    assert suggestion.text == shown
    assert "\ufffd" not in suggestion.text


def test_word_alternatives_come_from_the_servers_logprobs(engine):
    suggestion, shown = suggest(engine, BASE)
    choices = suggestion.choices
    assert choices and shown == suggestion.text
    assert "".join(choice.text for choice in choices).startswith(suggestion.text)
    for choice in choices:
        texts = [text for text, _p in choice.options]
        probabilities = [p for _text, p in choice.options]
        if choice.text:
            assert choice.text in texts
        assert all(0.0 <= p <= 1.0 for p in probabilities)
        assert sum(probabilities) <= 1.0 + 1e-4


def test_llama_cpp_pythons_server_takes_the_prose_samplers_it_knows(engine):
    """Its API has the OpenAI penalties but not DRY or XTC: it does not refuse them, so the
    request goes through with every field, and only adaptive-P is said to be ignored."""
    prose = SamplingSettings(
        seed=9, max_tokens=12, presence_penalty=0.5, dry_multiplier=0.8, xtc_probability=0.5,
        adaptive_target=0.3,
    )  # fmt: skip
    suggestion = engine.suggest(engine.build_prompt("The lighthouse keeper", 12), prose)
    assert suggestion.text.strip()
    assert suggestion.stats.ignored == ("adaptive-P",)
