"""A drafting engine on a server: any OpenAI-compatible completions endpoint (llama.cpp's
llama-server, llama-cpp-python's server, vLLM, Ollama, a hosted service).

``RemoteEngine`` offers the same ``DraftingEngine`` interface as the local model: it streams
raw text completions (``/v1/completions``) and stops them exactly as the local engine does; a
revision of a passage goes to the chat endpoint, where the server applies the model's template.
Nothing touches the network until ``connect()`` or a first use; the engine belongs to one
thread (the worker's), like the local one.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections.abc import Callable
from typing import Any

from writer_app.core.drafting.bans import BanList
from writer_app.core.drafting.engine import GenerationError
from writer_app.core.drafting.revision import (
    Revision,
    RevisionError,
    base_prompt,
    chat_messages,
    fit_revision,
)
from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.drafting.stops import boundary_for
from writer_app.core.drafting.suggestion import StopReason, Suggestion, SuggestionStats
from writer_app.core.drafting.textstream import SuggestionText
from writer_app.core.drafting.word_choices import (
    TOP_CANDIDATES,
    Candidate,
    WordChoice,
    word_choices,
)
from writer_app.core.prompt.story import StoryContext
from writer_app.core.prompt.window import Prompt, budget_for, build_prompt
from writer_app.core.remote.http import (
    BadResponse,
    Cancelled,
    Endpoint,
    RemoteError,
    open_exchange,
    request_json,
)
from writer_app.core.remote.servers import RemoteEngineConfig
from writer_app.core.remote.stream import (
    EXTRA_FIELDS,
    StreamOutcome,
    StreamReader,
    connection_lost,
    error_message,
    refuses_extra_fields,
    status_error,
)
from writer_app.core.remote.tokens import RemoteTokenizer
from writer_app.core.text import sentence

log = logging.getLogger(__name__)

PROBE_TIMEOUT = 10.0  # seconds for the small requests (model list, tokenizer, context size)
NO_CHAT_STATUSES = (404, 405, 501)  # what a server without /v1/chat/completions answers


def list_models(
    base_url: str, api_key: str | None = None, timeout: float = PROBE_TIMEOUT
) -> list[str]:
    """The model ids the server offers (``/v1/models``); [] when it has no list.

    Raises RemoteError subclasses with a sentence (unreachable, wrong key, ...).
    """
    endpoint = Endpoint.parse(base_url)
    return [entry["id"] for entry in _model_entries(endpoint, base_url, api_key, timeout)]


def _model_entries(
    endpoint: Endpoint, name: str, api_key: str | None, timeout: float
) -> list[dict[str, Any]]:
    status, payload = request_json(endpoint, "GET", "/v1/models", api_key=api_key, timeout=timeout)
    if status == 404:
        return []
    if status != 200:
        raise status_error(endpoint, name, "", status, payload)
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, list):
        raise BadResponse(
            sentence.translate(
                "RemoteEngine", "{server} sent a model list this app cannot read."
            ).format(server=endpoint.label)
        )
    return [entry for entry in data if isinstance(entry, dict) and isinstance(entry.get("id"), str)]


class RemoteEngine:
    """Drafts on a server; see the module docstring."""

    def __init__(self, config: RemoteEngineConfig, api_key: str | None = None) -> None:
        self.config = config
        self._endpoint = Endpoint.parse(config.base_url)
        self._api_key = api_key or None
        self.model = config.model
        self.display_name = _short_model_name(config.model) or config.name
        self.where = sentence.translate("RemoteEngine", "on {engine} ({server})").format(
            engine=config.name, server=self._endpoint.label
        )
        self.load_note = ""
        self._n_ctx: int | None = None
        self._tokenizer = RemoteTokenizer(self._endpoint, self._get_json, config.name)
        self._extras_refused = False  # the server refused top_k & co. once: stop sending them
        self._no_chat = False  # the server has no chat endpoint: revisions go as completions

    def __repr__(self) -> str:  # never shows the key
        return f"RemoteEngine({self.config.name!r}, {self.config.base_url!r})"

    @classmethod
    def connect(cls, config: RemoteEngineConfig, api_key: str | None = None) -> RemoteEngine:
        """An engine whose server answered: the model is chosen, the context size and the
        tokenizer known.  Raises RemoteError subclasses with a sentence."""
        engine = cls(config, api_key)
        engine.probe()
        return engine

    def probe(self) -> None:
        """Ask the server what it runs (the model list, the context size, a tokenizer)."""
        entries = _model_entries(self._endpoint, self.config.name, self._api_key, PROBE_TIMEOUT)
        ids = [entry["id"] for entry in entries]
        notes = []
        if not self.model and ids:
            self.model = ids[0]
        elif ids and self.model not in ids:
            notes.append(
                sentence.translate(
                    "RemoteEngine", "{server} does not list the model “{model}”."
                ).format(server=self._endpoint.label, model=self.model)
            )
        self.display_name = _short_model_name(self.model) or self.config.name
        self._tokenizer.model = self.model
        self._n_ctx = self._probe_n_ctx(entries)
        if self._n_ctx is None:
            notes.append(
                sentence.translate(
                    "RemoteEngine",
                    "The server does not say how much text the model sees at once; using "
                    "{n_ctx} tokens as set in Preferences.",
                ).format(n_ctx=self.config.n_ctx)
            )
        if not self._tokenizer.exact:
            notes.append(self._tokenizer.note)
        self.load_note = sentence.joined(notes)

    def _probe_n_ctx(self, entries: list[dict[str, Any]]) -> int | None:
        for entry in entries:  # vLLM names the context length in its model list
            if entry.get("id") == self.model and _positive_int(entry.get("max_model_len")):
                return int(entry["max_model_len"])
        status, props = self._get_json("GET", "/props", None)  # llama-server
        if status == 200 and isinstance(props, dict):
            settings = props.get("default_generation_settings")
            for source in (settings, props):
                if isinstance(source, dict) and _positive_int(source.get("n_ctx")):
                    return int(source["n_ctx"])
        return None

    def _get_json(self, method: str, path: str, body: dict[str, Any] | None) -> tuple[int, Any]:
        status, payload = request_json(
            self._endpoint, method, path, body, api_key=self._api_key, timeout=PROBE_TIMEOUT
        )
        if status in (401, 403):
            raise status_error(self._endpoint, self.config.name, self.model, status, payload)
        return status, payload

    # -- the DraftingEngine interface ---------------------------------------------------------

    @property
    def n_ctx(self) -> int:
        return self._n_ctx or self.config.n_ctx

    @property
    def tokens_exact(self) -> bool:
        """Whether ``tokenize`` asks the server (False: an estimate that errs high)."""
        return self._tokenizer.exact

    def tokenize(self, text: str) -> list[int]:
        return self._tokenizer.tokenize(text)

    def bos(self) -> list[int]:
        return []  # the server adds its model's own start token to a text prompt

    def build_prompt(self, text: str, max_tokens: int, text_offset: int = 0) -> Prompt:
        """The prompt for the manuscript text before the cursor (see core.prompt.window); with
        estimated token counts a tenth of the context stays free as a margin."""
        margin = 8 if self.tokens_exact else 8 + self.n_ctx // 10
        budget = budget_for(self.n_ctx, max_tokens, margin)
        return build_prompt(text, self.tokenize, budget, text_offset=text_offset)

    def close(self) -> None:
        """Nothing stays open between suggestions (one connection per request)."""

    def suggest(
        self,
        prompt: Prompt,
        settings: SamplingSettings,
        *,
        cancel: threading.Event | None = None,
        on_text: Callable[[str], None] | None = None,
    ) -> Suggestion:
        """Stream one continuation of ``prompt.text``; ``cancel`` closes the stream at once.

        On a failure mid-suggestion the text already streamed stays delivered; the raised
        RemoteError carries it as ``partial``.
        """
        settings = settings.validated().with_concrete_seed()
        assert settings.seed is not None
        # A server cannot take a banned phrase back: the suggestion ends before one.
        bans = BanList(settings.banned)
        text = SuggestionText(settings.stop_strings, boundary_for(settings.stop_at), bans)
        start = time.perf_counter()
        try:
            exchange = self._open(prompt, settings, cancel)
        except Cancelled:
            return self._result(prompt, settings, text, None, StopReason.CANCELLED, start)
        reader = StreamReader(
            exchange,
            self._endpoint,
            text,
            on_text=on_text,
            cancel=cancel,
            first_token_timeout=self.config.first_token_timeout,
            stall_timeout=self.config.stall_timeout,
        )
        try:
            outcome = reader.read()
        except RemoteError as error:
            error.partial = text.text
            raise
        finally:
            exchange.close()  # also tells the server to stop generating
        if not (outcome.complete or outcome.cancelled or text.stopped_by is not None):
            self._flush(text, on_text)
            raise connection_lost(self._endpoint, text.text)
        self._flush(text, on_text)
        return self._result(prompt, settings, text, reader, self._reason(reader, text), start)

    # -- one request ----------------------------------------------------------------------

    def revision_prompt(self, revision: Revision, story: StoryContext, max_tokens: int) -> Prompt:
        """A revision for the server: the chat messages (for its chat endpoint, which applies
        the model's own template), and the same request as a few-shot completion prompt for a
        server that has no chat endpoint (core.drafting.revision)."""
        margin = 8 if self.tokens_exact else 8 + self.n_ctx // 10
        budget = budget_for(self.n_ctx, max_tokens, margin)
        try:
            fitted, tokens = fit_revision(
                revision, lambda r: self.tokenize(base_prompt(r, story)), budget
            )
        except RevisionError as error:
            raise GenerationError(str(error)) from None
        messages = tuple(chat_messages(fitted, story))
        return Prompt(tokens, base_prompt(fitted, story), 0, 0, messages=messages)

    def _open(self, prompt: Prompt, settings: SamplingSettings, cancel: threading.Event | None):
        """Send the request; on a refusal of the extra sampling fields, once more without; a
        revision goes to the chat endpoint, or to completions on a server without one."""
        while True:
            chat = bool(prompt.messages) and not self._no_chat
            body = self._body(prompt, settings, chat)
            exchange = open_exchange(
                self._endpoint,
                "POST",
                "/v1/chat/completions" if chat else "/v1/completions",
                body,
                api_key=self._api_key,
                connect_timeout=self.config.connect_timeout,
                read_timeout=self.config.first_token_timeout,
                cancel=cancel,
            )
            if exchange.status == 200:
                return exchange
            try:
                payload = _json_or_none(exchange.read_body())
            except OSError:
                payload = None
            finally:
                exchange.close()
            message = error_message(payload)
            if chat and exchange.status in NO_CHAT_STATUSES:
                log.info("%s has no chat endpoint; revising with a completion prompt",
                         self._endpoint.label)  # fmt: skip
                self._no_chat = True
                continue
            if not self._extras_refused and refuses_extra_fields(exchange.status, message):
                log.info("%s refuses llama.cpp's sampling fields; sending plain OpenAI ones",
                         self._endpoint.label)  # fmt: skip
                self._extras_refused = True
                continue
            raise status_error(
                self._endpoint, self.config.name, self.model, exchange.status, payload
            )

    def _body(self, prompt: Prompt, settings: SamplingSettings, chat: bool) -> dict[str, Any]:
        body: dict[str, Any] = {
            "stream": True,
            "max_tokens": settings.max_tokens,
            "temperature": settings.temperature,
            "top_p": settings.top_p,
            "seed": settings.seed,
        }
        if chat:
            body["messages"] = [{"role": role, "content": text} for role, text in prompt.messages]
        else:
            body["prompt"] = prompt.text
        if self.model:
            body["model"] = self.model
        if settings.stop_strings:  # the server stops too, so it does not write on for nothing
            body["stop"] = list(settings.stop_strings)
        # OpenAI's own penalties: every compatible server takes them.
        if settings.presence_penalty:
            body["presence_penalty"] = settings.presence_penalty
        if settings.frequency_penalty:
            body["frequency_penalty"] = settings.frequency_penalty
        if not self._extras_refused:
            extras = {
                "top_k": settings.top_k,
                "min_p": settings.min_p,
                "repeat_penalty": settings.repeat_penalty,  # llama.cpp's name
                "repetition_penalty": settings.repeat_penalty,  # vLLM's
                "stream_options": {"include_usage": True},
            }
            if chat:  # word alternatives, as chat asks for them
                extras.update(logprobs=True, top_logprobs=TOP_CANDIDATES)
            else:
                extras["logprobs"] = TOP_CANDIDATES
            if settings.dry_multiplier:
                extras["dry_multiplier"] = settings.dry_multiplier
                extras["dry_base"] = settings.dry_base
                extras["dry_allowed_length"] = settings.dry_allowed_length
                extras["dry_penalty_last_n"] = settings.dry_range
                extras["dry_sequence_breakers"] = list(settings.dry_sequence_breakers)
            if settings.xtc_probability:
                extras["xtc_probability"] = settings.xtc_probability
                extras["xtc_threshold"] = settings.xtc_threshold
            if settings.top_n_sigma:
                extras["top_n_sigma"] = settings.top_n_sigma
            assert set(extras) <= set(EXTRA_FIELDS)
            body.update(extras)
        return body

    def ignored(self, settings: SamplingSettings) -> tuple[str, ...]:
        """The samplers ``settings`` switches on that this server is not sent: adaptive-P
        always (no server API takes it), and once the server refused llama.cpp's fields,
        all of those."""
        ignored = ["adaptive-P"] if settings.adaptive_target else []
        if settings.beam_width > 1:
            ignored.append("most likely (beam search)")  # a server samples
        if self._extras_refused:
            extra_on = (
                ("top-k", settings.top_k > 0),
                ("min-p", settings.min_p > 0),
                ("repeat penalty", settings.repeat_penalty != 1.0),
                ("DRY", settings.dry_multiplier > 0),
                ("XTC", settings.xtc_probability > 0),
                ("top-nσ", settings.top_n_sigma > 0),
            )
            ignored += [name for name, on in extra_on if on]
        return tuple(ignored)

    @staticmethod
    def _flush(text: SuggestionText, on_text: Callable[[str], None] | None) -> None:
        tail = text.finish()
        if tail and on_text is not None:
            on_text(tail)

    @staticmethod
    def _reason(reader: StreamReader, text: SuggestionText) -> StopReason:
        outcome = reader.outcome
        if outcome.cancelled:
            return StopReason.CANCELLED
        if text.banned is not None:
            return StopReason.BANNED
        if text.stopped_by is not None:
            return StopReason.STOP_STRING if text.stopped_by else StopReason.BOUNDARY
        if outcome.finish_reason == "length":
            return StopReason.LENGTH
        # "stop" covers both the model's end of text and a stop string the server matched
        # (it removes the string, so the two cannot be told apart here).
        return StopReason.END_OF_TEXT

    def _result(
        self,
        prompt: Prompt,
        settings: SamplingSettings,
        text: SuggestionText,
        reader: StreamReader | None,
        reason: StopReason,
        start: float,
    ) -> Suggestion:
        end = time.perf_counter()
        outcome = reader.outcome if reader is not None else None
        usage = outcome.usage if outcome is not None else {}
        first = outcome.first_text_at if outcome and outcome.first_text_at else end
        pieces = outcome.pieces if outcome is not None else 0
        assert settings.seed is not None
        stats = SuggestionStats(
            # The server's own counts when it gives them (usage), else ours.
            generated_tokens=_count(usage.get("completion_tokens"), pieces),
            prompt_tokens=_count(usage.get("prompt_tokens"), prompt.n_tokens),
            reused_tokens=0,  # the server's cache is its own business
            evaluated_tokens=0,
            n_ctx=self.n_ctx,
            stop_reason=reason,
            seed=settings.seed,
            prompt_seconds=first - start,
            decode_seconds=end - first,
            ignored=self.ignored(settings),
        )
        choices = _word_choices(outcome) if outcome is not None else ()
        return Suggestion(text=text.text, stats=stats, choices=choices)


def _word_choices(outcome: StreamOutcome) -> tuple[WordChoice, ...]:
    """Word alternatives from the server's logprobs (none when it sent none)."""
    pieces: list[bytes] = []
    considered: list[list[Candidate]] = []
    for token, top in zip(outcome.tokens, outcome.top_logprobs, strict=False):
        pieces.append(token.encode("utf-8"))
        ranked = sorted(top.items(), key=lambda item: -item[1])[:TOP_CANDIDATES]
        if top and token not in dict(ranked):  # the written one is always on the list
            ranked.append((token, top.get(token, -math.inf)))
        considered.append(
            [Candidate(-1, text.encode("utf-8"), math.exp(lp)) for text, lp in ranked]
        )
    return tuple(word_choices(pieces, considered))


def _short_model_name(model: str) -> str:
    """llama-cpp-python names its model by the file's path on the server: show the file."""
    if model.lower().endswith(".gguf"):
        return model.replace("\\", "/").rsplit("/", 1)[-1]
    return model


def _count(value: Any, fallback: int) -> int:
    return int(value) if _positive_int(value) else fallback


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _json_or_none(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except ValueError:
        return None
