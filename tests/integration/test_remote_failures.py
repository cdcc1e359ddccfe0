"""A remote engine against a server that fails the way real ones do: each failure is a clear
sentence, the text streamed before it stays delivered, and nothing waits forever."""

from __future__ import annotations

import logging
import socket
import threading

import pytest

from tests.support.completion_server import MODEL, CompletionServer
from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.drafting.suggestion import StopReason
from writer_app.core.prompt.window import Prompt
from writer_app.core.remote.engine import RemoteEngine, list_models
from writer_app.core.remote.http import (
    AuthenticationFailed,
    BadResponse,
    ConnectionLost,
    ModelNotFound,
    RemoteError,
    ServerStalled,
    ServerUnreachable,
)
from writer_app.core.remote.servers import RemoteEngineConfig

PROMPT = Prompt(tokens=[], text="It began", start_offset=0, trimmed_chars=0)
SETTINGS = SamplingSettings(seed=1, max_tokens=32)


@pytest.fixture
def server():
    with CompletionServer() as running:
        yield running


def engine_for(server: CompletionServer, key: str | None = None, **timeouts) -> RemoteEngine:
    config = RemoteEngineConfig("Test server", server.base_url, model=MODEL, **timeouts)
    return RemoteEngine(config, api_key=key)


def suggest(engine: RemoteEngine, settings: SamplingSettings = SETTINGS, cancel=None):
    shown: list[str] = []
    suggestion = engine.suggest(PROMPT, settings, cancel=cancel, on_text=shown.append)
    return suggestion, "".join(shown)


def test_a_good_stream_arrives_whole(server):
    suggestion, shown = suggest(engine_for(server))
    assert suggestion.text == shown == "Once upon a time."
    assert suggestion.stats.stop_reason is StopReason.END_OF_TEXT
    assert suggestion.stats.generated_tokens == 5  # no usage given: one per text event


def test_connection_refused_says_nothing_answers():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again before the engine connects
    engine = RemoteEngine(RemoteEngineConfig("Home", f"http://127.0.0.1:{port}"))
    with pytest.raises(ServerUnreachable, match="refused") as caught:
        engine.suggest(PROMPT, SETTINGS)
    assert f"127.0.0.1:{port}" in str(caught.value)


def test_a_wrong_key_is_reported_as_the_key(server):
    server.api_key = "right"
    with pytest.raises(AuthenticationFailed, match=r"refused the API key \(401\)") as caught:
        suggest(engine_for(server, key="wrong"))
    assert "Test server" in str(caught.value)
    with pytest.raises(AuthenticationFailed):
        suggest(engine_for(server, key=None))
    suggestion, _ = suggest(engine_for(server, key="right"))
    assert suggestion.text == "Once upon a time."


def test_the_key_never_reaches_the_log(server, caplog):
    caplog.set_level(logging.DEBUG)
    server.api_key = "sk-secret-123"
    engine = engine_for(server, key="sk-secret-123")
    suggest(engine)
    assert "sk-secret-123" not in caplog.text
    assert "sk-secret-123" not in repr(engine)


def test_an_unknown_model_is_named(server):
    server.status, server.error = 404, "The model `big-model` does not exist."
    config = RemoteEngineConfig("Test server", server.base_url, model="big-model")
    with pytest.raises(ModelNotFound, match="big-model"):
        RemoteEngine(config).suggest(PROMPT, SETTINGS)


def test_a_wrong_address_path_is_explained(server):
    engine = RemoteEngine(RemoteEngineConfig("Test server", server.base_url + "/not-an-api"))
    with pytest.raises(BadResponse, match="no text-completion service"):
        engine.suggest(PROMPT, SETTINGS)


def test_a_stall_mid_suggestion_times_out_and_keeps_the_partial_text(server):
    server.stall_after = 2
    engine = engine_for(server, stall_timeout=0.5)
    shown: list[str] = []
    with pytest.raises(ServerStalled, match=r"stopped sending for 0\.5 seconds") as caught:
        engine.suggest(PROMPT, SETTINGS, on_text=shown.append)
    assert "".join(shown) == "Once upon" == caught.value.partial


def test_a_server_silent_before_the_first_word_times_out(server):
    server.stall_after = 0
    engine = engine_for(server, first_token_timeout=0.5, stall_timeout=30)
    with pytest.raises(ServerStalled, match=r"0\.5 seconds"):
        suggest(engine)


def test_a_dropped_connection_keeps_what_arrived(server):
    server.drop_after = 3
    shown: list[str] = []
    with pytest.raises(ConnectionLost, match="was lost") as caught:
        engine_for(server).suggest(PROMPT, SETTINGS, on_text=shown.append)
    assert "".join(shown) == "Once upon a" == caught.value.partial
    assert "keep or dismiss" in str(caught.value)


def test_a_garbage_event_among_good_ones_is_skipped(server):
    server.raw_events = [
        b'data: {"choices": [{"text": "Rain", "finish_reason": null}]}\n\n',
        b"data: {this is not json\n\n",
        b'data: {"choices": [{"text": " fell.", "finish_reason": "length"}]}\n\n',
        b"data: [DONE]\n\n",
    ]
    suggestion, shown = suggest(engine_for(server))
    assert suggestion.text == shown == "Rain fell."
    assert suggestion.stats.stop_reason is StopReason.LENGTH


def test_a_stream_of_garbage_is_refused_without_hanging(server):
    server.raw_events = [b"data: <html>oops</html>\n\n"] * 50
    with pytest.raises(BadResponse, match="not JSON"):
        suggest(engine_for(server))


def test_a_web_page_instead_of_a_stream_is_refused(server):
    server.content_type = "text/html"
    with pytest.raises(BadResponse, match="did not answer with a stream"):
        suggest(engine_for(server))


def test_an_error_event_mid_stream_is_reported(server):
    server.raw_events = [
        b'data: {"choices": [{"text": "Rain", "finish_reason": null}]}\n\n',
        b'data: {"error": {"message": "out of memory", "type": "server_error"}}\n\n',
    ]
    with pytest.raises(RemoteError, match="out of memory") as caught:
        suggest(engine_for(server))
    assert caught.value.partial == "Rain"


def test_cancel_while_the_server_is_silent_returns_at_once(server):
    # Without the socket being shut down, the read would wait out the server's 20 s pause
    # and then get the whole text.
    server.stall_after, server.stall_seconds = 1, 20.0
    cancel = threading.Event()

    def on_text(_piece: str) -> None:
        threading.Timer(0.2, cancel.set).start()

    engine = engine_for(server, stall_timeout=60)
    suggestion = engine.suggest(PROMPT, SETTINGS, cancel=cancel, on_text=on_text)
    assert suggestion.stats.stop_reason is StopReason.CANCELLED
    assert suggestion.text == "Once"
    assert server.events_sent == 1


def test_cancel_before_the_request_sends_nothing_more(server):
    cancel = threading.Event()
    cancel.set()
    suggestion = engine_for(server).suggest(PROMPT, SETTINGS, cancel=cancel)
    assert suggestion.stats.stop_reason is StopReason.CANCELLED
    assert suggestion.text == ""


def test_a_server_that_refuses_extra_fields_is_asked_again_without_them(server):
    server.refuse_fields = ("top_k",)
    engine = engine_for(server)
    first, _ = suggest(engine)
    second, _ = suggest(engine)
    assert first.text == second.text == "Once upon a time."
    sent = [("top_k" in body, "temperature" in body) for body in server.requests]
    assert sent == [(True, True), (False, True), (False, True)]  # remembered after one refusal


def test_sampling_settings_and_stop_strings_reach_the_server(server):
    settings = SamplingSettings(
        temperature=0.3, top_k=12, top_p=0.8, min_p=0.1, seed=77, max_tokens=20,
        stop_strings=("time",),
    )  # fmt: skip
    suggestion, shown = suggest(engine_for(server), settings)
    body = server.requests[-1]
    assert (body["prompt"], body["stream"], body["model"]) == ("It began", True, MODEL)
    assert (body["temperature"], body["top_k"], body["top_p"], body["min_p"]) == (
        0.3, 12, 0.8, 0.1,
    )  # fmt: skip
    assert (body["seed"], body["max_tokens"], body["stop"]) == (77, 20, ["time"])
    # The fake server ignores "stop": the engine stops by itself, as the local one would.
    assert suggestion.text == shown == "Once upon a "
    assert suggestion.stats.stop_reason is StopReason.STOP_STRING


def test_stop_at_sentence_ends_the_suggestion_locally(server):
    server.pieces = ["He", " ran.", " She", " stayed."]
    settings = SamplingSettings(seed=1, stop_at="sentence")
    suggestion, shown = suggest(engine_for(server), settings)
    assert suggestion.text == shown == "He ran."
    assert suggestion.stats.stop_reason is StopReason.BOUNDARY


def test_chinese_text_streams_whole(server):
    server.pieces = ["雨", "已经", "下了", "三天。"]
    suggestion, shown = suggest(engine_for(server))
    assert suggestion.text == shown == "雨已经下了三天。"


def test_without_a_tokenizer_token_counts_are_estimated(server):
    engine = RemoteEngine.connect(RemoteEngineConfig("Test server", server.base_url))
    assert engine.model == MODEL  # the first the server lists
    assert not engine.tokens_exact
    assert "estimates" in engine.load_note
    assert engine.n_ctx == 4096  # the configured value: this server does not say
    assert len(engine.tokenize("abcdef")) == 2
    assert len(engine.tokenize("雨已经下了")) == 5
    prompt = engine.build_prompt("The night was long. " * 2000, 64)
    assert 0 < prompt.n_tokens <= engine.n_ctx - 64 - engine.n_ctx // 10


def test_list_models_and_its_failures(server):
    assert list_models(server.base_url) == [MODEL]
    assert list_models(server.base_url + "/v1/") == [MODEL]
    server.api_key = "right"
    with pytest.raises(AuthenticationFailed):
        list_models(server.base_url, "wrong")
    assert list_models(server.base_url, "right") == [MODEL]


def test_the_prose_samplers_reach_a_server_and_those_it_cannot_take_are_said(server):
    prose = SamplingSettings(
        seed=5, presence_penalty=0.4, frequency_penalty=0.2, dry_multiplier=0.8, dry_range=512,
        xtc_probability=0.3, xtc_threshold=0.15, top_n_sigma=1.5, adaptive_target=0.3,
    )  # fmt: skip
    engine = engine_for(server)
    suggestion, _ = suggest(engine, prose)
    body = server.requests[-1]
    assert (body["presence_penalty"], body["frequency_penalty"]) == (0.4, 0.2)
    assert (body["dry_multiplier"], body["dry_penalty_last_n"]) == (0.8, 512)
    assert "“" in body["dry_sequence_breakers"]  # prose breakers, Chinese quotes included
    assert (body["xtc_probability"], body["xtc_threshold"], body["top_n_sigma"]) == (
        0.3, 0.15, 1.5,
    )  # fmt: skip
    assert suggestion.stats.ignored == ("adaptive-P",)  # no server API takes it

    server.refuse_fields = ("dry_multiplier",)
    suggestion, _ = suggest(engine, prose)
    plain = server.requests[-1]
    assert "dry_multiplier" not in plain and plain["presence_penalty"] == 0.4  # OpenAI's own
    assert suggestion.stats.ignored == ("adaptive-P", "top-k", "min-p", "repeat penalty", "DRY",
                                        "XTC", "top-nσ")  # fmt: skip

    plain_settings = SamplingSettings(seed=5)
    suggest(engine, plain_settings)
    assert not {"presence_penalty", "dry_multiplier", "xtc_probability"} & set(server.requests[-1])


def test_a_server_cannot_take_a_banned_phrase_back_so_the_suggestion_ends_before_it(server):
    suggestion, shown = suggest(engine_for(server), SamplingSettings(seed=2, banned=("A TIME",)))
    assert suggestion.text == shown == "Once upon "
    assert suggestion.stats.stop_reason is StopReason.BANNED


def test_a_server_without_chat_gets_a_revision_as_a_completion(server):
    engine = engine_for(server)
    revision = Prompt([], "Passage: x\nRevision:", 0, 0, messages=(("user", "Revise: x"),))
    suggestion = engine.suggest(revision, SETTINGS)
    assert suggestion.text == "Once upon a time."
    chat, completion = server.requests[-2:]
    assert chat["messages"] == [{"role": "user", "content": "Revise: x"}] and "prompt" not in chat
    assert completion["prompt"] == "Passage: x\nRevision:" and "messages" not in completion
    engine.suggest(revision, SETTINGS)  # and it remembers: straight to completions
    assert "prompt" in server.requests[-1] and len(server.requests) == 3
