"""Context settings measured once per model file and machine.

Whether llama.cpp's flash attention helps depends on the model and the CPU: on the test
machine it reads prompts 2–10 % faster for both test models, but decodes SmolLM2 12–33 %
slower and Gemma 3 0–3 % faster.  So it is measured, not guessed: in the writer's first pause
after a model is loaded, scratch contexts on the loaded weights (flash attention off and on,
twice each, in turns) read the same few hundred tokens and decode a few more; the setting that
gives the faster typical request (a paragraph read, a suggestion written) is remembered for
that model file on this machine and used from the next load.  A request cancels the measurement
(llama.cpp's abort callback); it runs again in a later pause.
"""

from __future__ import annotations

import ctypes
import logging
import math
import os
import platform
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import llama_cpp

from writer_app.core.storage.state_files import read_json_object, write_json
from writer_app.core.text import sentence

log = logging.getLogger(__name__)

PROBE_READ = 256  # tokens read in one go (the prompt speed)
PROBE_DECODE = 16  # tokens then decoded one by one (the writing speed)
WARM_UP = 8
# A typical request: the writer's latest paragraph read, then a suggestion written.
TYPICAL_READ, TYPICAL_DECODE = 200, 64
MARGIN = 0.97  # flash attention must win by at least 3 % (else noise decides)
_PROBE_CTX = 1024


@dataclass(frozen=True)
class Measured:
    """Milliseconds per token with flash attention off and on, and the choice made."""

    flash_attn: bool
    read_ms: tuple[float, float]  # (off, on)
    decode_ms: tuple[float, float]

    def typical_ms(self, on: bool) -> float:
        return TYPICAL_READ * self.read_ms[on] + TYPICAL_DECODE * self.decode_ms[on]

    @property
    def gain(self) -> float:
        """How much faster a typical request is with the chosen setting (0.08 = 8 %)."""
        chosen, other = self.typical_ms(self.flash_attn), self.typical_ms(not self.flash_attn)
        return 1.0 - chosen / other if other else 0.0


def choose(read_ms: tuple[float, float], decode_ms: tuple[float, float]) -> Measured:
    off = Measured(False, read_ms, decode_ms)
    return replace(off, flash_attn=off.typical_ms(True) < MARGIN * off.typical_ms(False))


def model_key(path: Path, n_threads: int, n_gpu_layers: int) -> str:
    """The model file (name, size, modification time) and what the speed depends on here."""
    stat = path.stat()
    cpu = cpu_name()
    return (
        f"{path.name}|{stat.st_size}|{stat.st_mtime_ns}|{cpu}|{os.cpu_count()} cores|"
        f"{n_threads} threads|gpu {n_gpu_layers}|llama-cpp-python {llama_cpp.__version__}"
    )


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


class TuningStore:
    """One small JSON file of measured settings (a cache: safe to delete)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def get(self, key: str) -> Measured | None:
        entry = self._read().get(key)
        if not isinstance(entry, dict):
            return None
        try:
            read_off, read_on = (float(x) for x in entry["read_ms"])
            decode_off, decode_on = (float(x) for x in entry["decode_ms"])
            return Measured(bool(entry["flash_attn"]), (read_off, read_on), (decode_off, decode_on))
        except (TypeError, KeyError, ValueError, OverflowError):  # also not two numbers
            return None

    def put(self, key: str, measured: Measured) -> None:
        entries = self._read()
        entries[key] = {**asdict(measured), "measured": time.strftime("%Y-%m-%d %H:%M")}
        try:
            write_json(self.path, entries, indent=1)
        except OSError as error:
            log.warning("could not keep the measured settings: %s", error)

    def _read(self) -> dict:
        """The stored entries; {} for a missing or damaged file (set aside: a cache, it is
        measured again)."""
        return read_json_object(self.path) or {}


def measure(
    model: llama_cpp.llama_model_p,
    tokens: Sequence[int],
    n_threads: int,
    cancel: threading.Event | None = None,
) -> Measured | None:
    """Time the probe with flash attention off and on, in turns (off, on, on, off), keeping
    each setting's best: a moment of other load on the machine then hurts neither setting's
    figure.  None when cancelled or failed."""
    if len(tokens) < PROBE_READ + PROBE_DECODE:
        raise ValueError(f"the probe needs {PROBE_READ + PROBE_DECODE} tokens")
    read_ms, decode_ms = [math.inf, math.inf], [math.inf, math.inf]
    for on in (False, True, True, False):
        timed = _probe(model, tokens, n_threads, on, cancel)
        if timed is None:
            return None
        read_ms[on] = min(read_ms[on], timed[0])
        decode_ms[on] = min(decode_ms[on], timed[1])
    return choose((read_ms[0], read_ms[1]), (decode_ms[0], decode_ms[1]))


def _probe(
    model: llama_cpp.llama_model_p,
    tokens: Sequence[int],
    n_threads: int,
    flash_attn: bool,
    cancel: threading.Event | None,
) -> tuple[float, float] | None:
    params = llama_cpp.llama_context_default_params()
    params.n_ctx = _PROBE_CTX
    params.n_batch = params.n_ubatch = PROBE_READ
    params.n_seq_max = 1
    params.n_threads = params.n_threads_batch = n_threads
    params.flash_attn_type = (
        llama_cpp.LLAMA_FLASH_ATTN_TYPE_ENABLED
        if flash_attn
        else llama_cpp.LLAMA_FLASH_ATTN_TYPE_DISABLED
    )
    params.swa_full = False
    ctx = llama_cpp.llama_init_from_model(model, params)
    if not ctx:
        log.warning("could not make a scratch context to measure flash attention")
        return None

    def should_abort(_data: ctypes.c_void_p) -> bool:
        return cancel is not None and cancel.is_set()

    abort = llama_cpp.ggml_abort_callback(should_abort)
    llama_cpp.llama_set_abort_callback(ctx, abort, None)
    try:
        # Untimed first: the first call in a context sets up its buffers.
        warm = (llama_cpp.llama_token * WARM_UP)(*tokens[:WARM_UP])
        if llama_cpp.llama_decode(ctx, llama_cpp.llama_batch_get_one(warm, WARM_UP)) != 0:
            return None
        llama_cpp.llama_memory_clear(llama_cpp.llama_get_memory(ctx), True)
        read = (llama_cpp.llama_token * PROBE_READ)(*tokens[:PROBE_READ])
        started = time.perf_counter()
        if llama_cpp.llama_decode(ctx, llama_cpp.llama_batch_get_one(read, PROBE_READ)) != 0:
            return None
        read_ms = (time.perf_counter() - started) * 1000 / PROBE_READ
        one = (llama_cpp.llama_token * 1)()
        started = time.perf_counter()
        for token in tokens[PROBE_READ : PROBE_READ + PROBE_DECODE]:
            if cancel is not None and cancel.is_set():
                return None
            one[0] = token
            if llama_cpp.llama_decode(ctx, llama_cpp.llama_batch_get_one(one, 1)) != 0:
                return None
        decode_ms = (time.perf_counter() - started) * 1000 / PROBE_DECODE
        return read_ms, decode_ms
    finally:
        llama_cpp.llama_free(ctx)


def measured_message(measured: Measured) -> str:
    """What the status bar says once the model has been measured (in one short line)."""
    if not measured.flash_attn:
        return sentence.translate(
            "ModelLoad", "Measured this model here: its settings are already the fastest."
        )
    return sentence.translate(
        "ModelLoad",
        "Measured this model here: flash attention makes it {percent} faster from its next load.",
    ).format(percent=f"{measured.gain:.0%}")
