"""Reading an OpenAI-compatible completion stream, and what a server's refusal means.

The stream is read event by event: each text piece goes through the same ``SuggestionText``
as the local engine's tokens (stop strings, stop at a sentence or paragraph end, held-back
tails), so a remote suggestion stops exactly where a local one would.
"""

from __future__ import annotations

import http.client
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from writer_app.core.drafting.textstream import SuggestionText
from writer_app.core.remote.http import (
    AuthenticationFailed,
    BadResponse,
    ConnectionLost,
    Endpoint,
    Exchange,
    ModelNotFound,
    RemoteError,
    transport_error,
)
from writer_app.core.remote.sse import EventStreamError, EventStreamParser, ServerEvent
from writer_app.core.text import sentence

log = logging.getLogger(__name__)

READ_CHUNK = 16 * 1024
MAX_MALFORMED_EVENTS = 3  # unreadable events skipped before the stream counts as broken
# Sampling fields that plain OpenAI-style servers may refuse (a 400/422 naming one of them).
EXTRA_FIELDS = (
    "top_k",
    "min_p",
    "repeat_penalty",
    "repetition_penalty",
    "stream_options",
    "logprobs",
    "top_logprobs",  # (the chat endpoint's way of asking for alternatives)
    # the prose samplers, by llama.cpp server's names; sent only when switched on
    "dry_multiplier",
    "dry_base",
    "dry_allowed_length",
    "dry_penalty_last_n",
    "dry_sequence_breakers",
    "xtc_probability",
    "xtc_threshold",
    "top_n_sigma",
)


@dataclass
class StreamOutcome:
    """What came back: the text is in the ``SuggestionText`` the reader was given."""

    pieces: int = 0  # events that carried text (one per token on llama.cpp and vLLM)
    finish_reason: str | None = None
    usage: dict[str, Any] = field(default_factory=dict)
    done: bool = False  # the server said [DONE]
    cancelled: bool = False
    first_text_at: float | None = None
    # Word alternatives, where the server sends logprobs: each token's text, and the
    # likeliest texts at that step with their log-probabilities.
    tokens: list[str] = field(default_factory=list)
    top_logprobs: list[dict[str, float]] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.done or self.finish_reason is not None


class StreamReader:
    """Feeds one response into ``text``, calling ``on_text`` with what may be shown."""

    def __init__(
        self,
        exchange: Exchange,
        endpoint: Endpoint,
        text: SuggestionText,
        *,
        on_text: Callable[[str], None] | None,
        cancel: threading.Event | None,
        first_token_timeout: float,
        stall_timeout: float,
    ) -> None:
        self._exchange, self._endpoint, self._text = exchange, endpoint, text
        self._on_text, self._cancel = on_text, cancel
        self._first_timeout, self._stall_timeout = first_token_timeout, stall_timeout
        self._timeout = first_token_timeout
        self._malformed = 0
        self.outcome = StreamOutcome()

    def read(self) -> StreamOutcome:
        """Until [DONE], a local stop, a cancel, or the end; raises RemoteError subclasses."""
        if self._exchange.content_type == "application/json":
            return self._read_whole()  # the server ignored "stream": one answer, all at once
        if self._exchange.content_type != "text/event-stream":
            raise BadResponse(
                sentence.translate(
                    "RemoteEngine",
                    "{server} did not answer with a stream of text (it sent "
                    "{content_type}). Check the address: it "
                    "should point at an OpenAI-compatible server.",
                ).format(
                    server=self._endpoint.label,
                    content_type=self._exchange.content_type
                    or sentence.translate("RemoteEngine", "no content type"),
                )
            )
        parser = EventStreamParser()
        while not self._finished():
            chunk = self._read_chunk()
            if not chunk:
                break
            try:
                events = parser.feed(chunk)
            except EventStreamError as error:
                raise self._broken(str(error)) from None
            for event in events:
                self._handle(event)
                if self._finished():
                    break
        self._check_cancel()
        return self.outcome

    def _finished(self) -> bool:
        outcome = self.outcome
        return (
            outcome.done
            or outcome.cancelled
            or self._text.stopped_by is not None
            or self._check_cancel()
        )

    def _check_cancel(self) -> bool:
        if self._cancel is not None and self._cancel.is_set():
            self.outcome.cancelled = True
        return self.outcome.cancelled

    def _read_chunk(self) -> bytes:
        try:
            return self._exchange.response.read1(READ_CHUNK)
        except (OSError, http.client.HTTPException, ValueError) as error:
            if self._check_cancel():
                return b""
            raise transport_error(self._endpoint, error, self._timeout) from None

    def _read_whole(self) -> StreamOutcome:
        try:
            raw = self._exchange.response.read()
        except (OSError, http.client.HTTPException) as error:
            if self._check_cancel():
                return self.outcome
            raise transport_error(self._endpoint, error, self._timeout) from None
        self._handle(ServerEvent(data=raw.decode("utf-8", errors="replace")))
        self.outcome.done = True
        return self.outcome

    def _handle(self, event: ServerEvent) -> None:
        if event.data.strip() == "[DONE]":
            self.outcome.done = True
            return
        try:
            payload = json.loads(event.data)
        except ValueError:
            payload = None
        if event.event == "error" or (isinstance(payload, dict) and "error" in payload):
            raise RemoteError(
                sentence.translate(
                    "RemoteEngine", "{server} reported an error while writing: {message}"
                ).format(
                    server=self._endpoint.label, message=error_message(payload) or event.data[:200]
                )
            )
        if not isinstance(payload, dict):
            self._malformed += 1
            log.warning("skipping an unreadable event from %s", self._endpoint.label)
            if self._malformed > MAX_MALFORMED_EVENTS:
                raise self._broken(sentence.translate("RemoteEngine", "events that are not JSON"))
            return
        if isinstance(payload.get("usage"), dict):
            self.outcome.usage = payload["usage"]
        choices = payload.get("choices")
        if isinstance(choices, list) and choices and isinstance(choices[0], dict):
            self._choice(choices[0])

    def _choice(self, choice: dict[str, Any]) -> None:
        piece = choice.get("text")
        delta = choice.get("delta")  # the chat endpoint's shape
        if piece is None and isinstance(delta, dict):
            piece = delta.get("content")
        if isinstance(piece, str) and piece:
            self._deliver(piece)
        logprobs = choice.get("logprobs")
        if isinstance(logprobs, dict):
            self._logprobs(logprobs)
        reason = choice.get("finish_reason")
        if isinstance(reason, str) and reason:
            self.outcome.finish_reason = reason

    def _logprobs(self, logprobs: dict[str, Any]) -> None:
        """OpenAI's completions shape (tokens + top_logprobs: llama-cpp-python, vLLM) or the
        chat-style one (content: [{token, top_logprobs: [{token, logprob}]}]: llama-server)."""
        tokens, tops = logprobs.get("tokens"), logprobs.get("top_logprobs")
        if isinstance(tokens, list) and isinstance(tops, list):
            for token, top in zip(tokens, tops, strict=False):
                if isinstance(token, str):
                    self.outcome.tokens.append(token)
                    self.outcome.top_logprobs.append(_numbers(top))
            return
        content = logprobs.get("content")
        if not isinstance(content, list):
            return
        for entry in content:
            if isinstance(entry, dict) and isinstance(entry.get("token"), str):
                listed = entry.get("top_logprobs")
                pairs = {
                    item["token"]: item.get("logprob")
                    for item in (listed if isinstance(listed, list) else [])
                    if isinstance(item, dict) and isinstance(item.get("token"), str)
                }
                self.outcome.tokens.append(entry["token"])
                self.outcome.top_logprobs.append(_numbers(pairs))

    def _deliver(self, piece: str) -> None:
        outcome = self.outcome
        outcome.pieces += 1
        if outcome.first_text_at is None:
            outcome.first_text_at = time.perf_counter()
            # The prompt is read; from now on silence means a stalled server.
            self._timeout = self._stall_timeout
            self._exchange.set_read_timeout(self._stall_timeout)
        shown = self._text.feed(piece.encode("utf-8"))
        if shown and self._on_text is not None:
            self._on_text(shown)

    def _broken(self, what: str) -> BadResponse:
        return BadResponse(
            sentence.translate(
                "RemoteEngine",
                "{server} sent {what} instead of a suggestion, so it was stopped. "
                "The server may not be OpenAI-compatible, or something between here and there "
                "changed its answer.",
            ).format(server=self._endpoint.label, what=what)
        )


def _numbers(top: Any) -> dict[str, float]:
    if not isinstance(top, dict):
        return {}
    return {
        str(text): float(value)
        for text, value in top.items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }


def connection_lost(endpoint: Endpoint, partial: str) -> ConnectionLost:
    """The stream ended without the server saying it was finished."""
    if partial:
        message = sentence.translate(
            "RemoteEngine",
            "The connection to {server} was lost before the suggestion was finished. "
            "The text that arrived is shown; keep or dismiss it. Try again.",
        )
    else:
        message = sentence.translate(
            "RemoteEngine",
            "The connection to {server} was lost before the suggestion was finished. Try again.",
        )
    error = ConnectionLost(message.format(server=endpoint.label))
    error.partial = partial
    return error


# -- refusals ---------------------------------------------------------------------------------


def error_message(payload: Any) -> str:
    """The human part of an error body: OpenAI/vLLM/llama-server, FastAPI, or Ollama shape."""
    if not isinstance(payload, dict):
        return ""
    error = payload.get("error", payload.get("detail"))
    if isinstance(error, dict):
        error = error.get("message") or error.get("msg") or error.get("type")
    if isinstance(error, list):  # FastAPI's validation errors
        parts = [_validation_part(item) for item in error]
        error = "; ".join(part for part in parts if part)
    return str(error)[:300] if error else ""


def _validation_part(item: Any) -> str:
    if not isinstance(item, dict):
        return str(item)
    place = ".".join(str(p) for p in item.get("loc", ()) if p != "body")
    return f"{place}: {item.get('msg', '')}".strip(": ")


def refuses_extra_fields(status: int, message: str) -> bool:
    """A 400/422 that names one of the sampling fields only llama.cpp-style servers know."""
    if status not in (400, 422):
        return False
    lowered = message.lower()
    return any(name in lowered for name in EXTRA_FIELDS) or "unrecognized" in lowered


def status_error(
    endpoint: Endpoint, engine_name: str, model: str, status: int, payload: Any
) -> RemoteError:
    """A sentence for a refused request."""
    message = error_message(payload)
    detail = (
        sentence.translate("RemoteEngine", " The server said: {message}").format(message=message)
        if message
        else ""
    )
    values = {"server": endpoint.label, "status": status, "detail": detail}
    if status in (401, 403):
        return AuthenticationFailed(
            sentence.translate(
                "RemoteEngine",
                "{server} refused the API key ({status}). Check the key for “{engine}” in "
                "Preferences.",
            ).format(**values, engine=engine_name),
            status=status,
        )
    if status == 404 and "model" in message.lower():
        return ModelNotFound(
            sentence.translate(
                "RemoteEngine",
                "{server} has no model called “{model}” (404). Choose one of the server's "
                "models in Preferences.",
            ).format(**values, model=model),
            status=status,
        )
    if status == 404:
        return BadResponse(
            sentence.translate(
                "RemoteEngine",
                "{server} has no text-completion service at this address (404). Check the "
                "address: it is the server's base address, such as http://host:8080.",
            ).format(**values),
            status=status,
        )
    if status in (400, 413) and _about_length(message):
        return RemoteError(
            sentence.translate(
                "RemoteEngine",
                "The text is too long for the model on {server}.{detail} Lower its context "
                "size in Preferences to the server's.",
            ).format(**values),
            status=status,
        )
    if status == 429 or status == 503:
        return RemoteError(
            sentence.translate(
                "RemoteEngine", "{server} is busy ({status}). Wait a moment and try again.{detail}"
            ).format(**values)
        )
    if status >= 500:
        return RemoteError(
            sentence.translate(
                "RemoteEngine", "{server} has a problem of its own ({status}).{detail}"
            ).format(**values),
            status=status,
        )
    return RemoteError(
        sentence.translate(
            "RemoteEngine", "{server} refused the request ({status}).{detail}"
        ).format(**values),
        status=status,
    )


def _about_length(message: str) -> bool:
    lowered = message.lower()
    return any(word in lowered for word in ("context", "too long", "maximum", "exceed"))
