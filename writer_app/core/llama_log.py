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
    """The last error (else warning) llama.cpp logged after ``marker``, cleaned for a writer."""
    with _lock:
        recent = [(level, text) for n, level, text in _lines if n > marker]
    for wanted in (_ERROR, _WARN):
        for level, text in reversed(recent):
            if level == wanted:
                return text.split(": ", 1)[-1] if text.startswith("llama_") else text
    return ""
