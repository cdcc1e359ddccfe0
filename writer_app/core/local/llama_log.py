"""llama.cpp's own log, captured: the real reason a model failed to load lives only there."""

from __future__ import annotations

import collections
import ctypes
import logging
import threading

import llama_cpp

log = logging.getLogger("writer_app.llama_cpp")

_lines: collections.deque[tuple[int, int, str]] = collections.deque(maxlen=200)
_lock = threading.Lock()
_counter = 0
_callback: object = None  # keep a reference: llama.cpp holds only the C pointer
# ggml_log_level in the vendored ggml.h (llama-cpp-python's own table is out of date).
_WARN, _ERROR, _CONT = 3, 4, 5


def _on_log(level: int, text: bytes, _user: ctypes.c_void_p) -> None:
    global _counter
    message = text.decode("utf-8", errors="replace").rstrip()
    if not message:
        return
    with _lock:
        if level == _CONT and _lines:
            n, previous_level, previous = _lines[-1]
            _lines[-1] = (n, previous_level, previous + message)
            return
        _counter += 1
        _lines.append((_counter, level, message))
    log.log(logging.WARNING if level in (_ERROR, _WARN) else logging.DEBUG, "%s", message)


def install() -> None:
    """Route llama.cpp's log into ours (replacing llama-cpp-python's stderr printer)."""
    global _callback
    if _callback is None:
        _callback = llama_cpp.llama_log_callback(_on_log)
        llama_cpp.llama_log_set(_callback, ctypes.c_void_p(0))


def mark() -> int:
    with _lock:
        return _counter


def reason_since(marker: int) -> str:
    """The first specific error (else warning) llama.cpp logged after ``marker``, cleaned.

    A failed load logs the cause first and then generic lines ("failed to load model"),
    so the first line that says more than that is the one a writer needs.
    """
    with _lock:
        recent = [(level, text) for n, level, text in _lines if n > marker]
    for wanted in (_ERROR, _WARN):
        texts = [_clean(text) for level, text in recent if level == wanted]
        specific = [text for text in texts if not _is_generic(text)]
        if specific or texts:
            return (specific or texts)[0]
    return ""


def _clean(text: str) -> str:
    if text.startswith(("llama_", "gguf_")):
        text = text.split(": ", 1)[-1]
    return text.removeprefix("error loading model: ")


def _is_generic(text: str) -> bool:
    lowered = text.lower()
    return lowered.startswith(_GENERIC) or "failed to load model from" in lowered


_GENERIC = ("failed to load model", "failed to read", "llama_model_loader: failed to load")
