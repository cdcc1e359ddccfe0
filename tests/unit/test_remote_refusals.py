"""What a server's refusal means, in sentences; addresses; token estimates (no network)."""

from __future__ import annotations

import pytest

from writer_app.core.remote.http import (
    AuthenticationFailed,
    BadResponse,
    Endpoint,
    ModelNotFound,
    RemoteError,
)
from writer_app.core.remote.stream import error_message, refuses_extra_fields, status_error
from writer_app.core.remote.tokens import estimated_tokens

HOME = Endpoint.parse("http://192.168.1.20:8080")


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("http://192.168.1.20:8080", ("http", "192.168.1.20", 8080, "", "192.168.1.20:8080")),
        ("http://host:8000/v1/", ("http", "host", 8000, "", "host:8000")),
        ("https://example.com/llm/v1", ("https", "example.com", 443, "/llm", "example.com")),
        ("http://[::1]:9000", ("http", "::1", 9000, "", "[::1]:9000")),
    ],
)
def test_addresses_are_understood_with_or_without_v1(base_url, expected):
    endpoint = Endpoint.parse(base_url)
    assert (endpoint.scheme, endpoint.host, endpoint.port, endpoint.prefix, endpoint.label) == (
        expected
    )


@pytest.mark.parametrize("base_url", ["localhost:8080", "ftp://host", "http://host:99999"])
def test_bad_addresses_are_refused_with_a_sentence(base_url):
    with pytest.raises(RemoteError, match=r"\."):
        Endpoint.parse(base_url)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"error": {"message": "The model `x` does not exist.", "type": "NotFound"}},
         "The model `x` does not exist."),
        ({"detail": "Invalid API key"}, "Invalid API key"),
        ({"error": "model 'x' not found, try pulling it first"},
         "model 'x' not found, try pulling it first"),
        ({"detail": [{"loc": ["body", "top_k"], "msg": "Input should be >= 0"}]},
         "top_k: Input should be >= 0"),
        ("not json", ""),
    ],
)  # fmt: skip
def test_error_bodies_of_the_common_servers_are_read(payload, message):
    assert error_message(payload) == message


@pytest.mark.parametrize(
    ("status", "payload", "kind", "words"),
    [
        (401, {"detail": "Invalid API key"}, AuthenticationFailed, "refused the API key (401)"),
        (403, None, AuthenticationFailed, "Check the key for “Home”"),
        (404, {"error": {"message": "The model `big` does not exist."}}, ModelNotFound,
         "no model called “big”"),
        (404, {"detail": "Not Found"}, BadResponse, "no text-completion service"),
        (400, {"error": {"message": "This model's maximum context length is 4096 tokens"}},
         RemoteError, "too long"),
        (429, None, RemoteError, "busy"),
        (500, {"error": {"message": "CUDA out of memory"}}, RemoteError, "CUDA out of memory"),
    ],
)  # fmt: skip
def test_refusals_become_sentences(status, payload, kind, words):
    error = status_error(HOME, "Home", "big", status, payload)
    assert type(error) is kind
    assert words in str(error)
    assert "192.168.1.20:8080" in str(error)


def test_only_a_refusal_naming_an_extra_field_asks_for_a_plain_retry():
    assert refuses_extra_fields(400, "Unrecognized request argument supplied: top_k")
    assert refuses_extra_fields(422, "min_p: Extra inputs are not permitted")
    assert not refuses_extra_fields(400, "prompt is too long")
    assert not refuses_extra_fields(500, "top_k exploded")


def test_token_estimates_err_high():
    assert estimated_tokens("") == 0
    assert estimated_tokens("The rain had not stopped") == 8  # 24 characters / 3
    assert estimated_tokens("雨已经下了三天") == 7  # one per Chinese character
    assert estimated_tokens("café") == 2
