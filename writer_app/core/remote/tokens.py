"""Counting tokens for a remote engine: the server's own tokenizer when it offers one, else
an estimate that errs high (the prompt budget then keeps a margin).

Servers differ: llama-server and vLLM answer ``POST /tokenize`` (with different fields),
llama-cpp-python's server ``POST /extras/tokenize`` (which adds the model's start token:
it is learned from an empty text and removed).  The first that answers is remembered.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

from writer_app.core.remote.http import BadResponse, Endpoint
from writer_app.core.text import sentence

log = logging.getLogger(__name__)

PROBE_TEXT = "Once upon a time"
ESTIMATE_NOTE = sentence.translate(
    "RemoteEngine",
    "The server cannot count tokens, so writer-app estimates them and leaves a margin: "
    "the model may see a little less of the story than it could.",
)
# Answers that mean "not this kind of tokenizer here" rather than a failure.
_NOT_HERE = {400, 404, 405, 422, 501}

JsonCall = Callable[[str, str, "dict[str, Any] | None"], "tuple[int, Any]"]


def estimated_tokens(text: str) -> int:
    """A count that errs high: about 3 characters per token for ASCII text, one token per
    other character (Chinese, accented letters, emoji)."""
    ascii_chars = sum(1 for ch in text if ch < "\x80")
    return math.ceil(ascii_chars / 3) + (len(text) - ascii_chars)


class RemoteTokenizer:
    """``tokenize(text)`` -> token ids (exact) or placeholder ids (estimated)."""

    def __init__(self, endpoint: Endpoint, call: JsonCall, engine_name: str) -> None:
        self._endpoint = endpoint
        self._call = call  # (method, path, body) -> (status, JSON); raises on a wrong key
        self._engine_name = engine_name
        self._kind: str | None = None  # "llama-server", "vllm", "llama-cpp-python", "estimate"
        self._bos: list[int] = []
        self.model = ""

    @property
    def exact(self) -> bool:
        self._ensure_kind()
        return self._kind != "estimate"

    @property
    def note(self) -> str:
        return "" if self.exact else ESTIMATE_NOTE

    def tokenize(self, text: str) -> list[int]:
        """Manuscript text to tokens, special tokens as the server treats them, no BOS."""
        if not text:
            return []
        kind = self._ensure_kind()
        if kind == "estimate":
            return [0] * estimated_tokens(text)
        tokens = self._ask(kind, text)
        if tokens is None:
            raise BadResponse(
                sentence.translate(
                    "RemoteEngine", "{server} stopped counting tokens. Try again."
                ).format(server=self._endpoint.label)
            )
        return tokens

    def _ensure_kind(self) -> str:
        if self._kind is not None:
            return self._kind
        for kind in ("llama-server", "vllm", "llama-cpp-python"):
            if self._ask(kind, PROBE_TEXT):
                self._kind = kind
                if kind == "llama-cpp-python":
                    self._bos = self._ask(kind, "", strip=False) or []
                log.info("%s counts tokens (%s)", self._endpoint.label, kind)
                return kind
        log.info("%s has no tokenizer; estimating token counts", self._endpoint.label)
        self._kind = "estimate"
        return self._kind

    def _ask(self, kind: str, text: str, *, strip: bool = True) -> list[int] | None:
        if kind == "llama-server":
            path, body = "/tokenize", {"content": text, "add_special": False}
        elif kind == "vllm":
            path = "/tokenize"
            body = {"model": self.model, "prompt": text, "add_special_tokens": False}
        else:
            path, body = "/extras/tokenize", {"input": text, "model": self.model or None}
        status, payload = self._call("POST", path, body)
        tokens = payload.get("tokens") if isinstance(payload, dict) else None
        if status != 200 or not isinstance(tokens, list):
            if status not in _NOT_HERE:
                log.warning("%s answered %s to %s", self._endpoint.label, status, path)
            return None
        if not all(isinstance(t, int) for t in tokens):
            return None
        if strip and self._bos and tokens[: len(self._bos)] == self._bos:
            tokens = tokens[len(self._bos) :]
        return tokens
