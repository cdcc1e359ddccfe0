"""Load a new model file once in a short-lived child process before the app loads it.

A GGUF file that passes our header check can still crash llama.cpp (a bad tensor shape, an
unsupported type inside a tensor).  A crash inside the editor's process would end the
session; the journal keeps the words, but the writer loses their place.  So the first load
of a file (per size and modification time) happens in a child: a crash there marks the file
unusable with a sentence, and the editor never loads it.  The child's load is also the first
read of the file, so the editor's own load that follows comes from the disk cache.

``writer-app probe-model PATH`` is the child's entry point (the same in the bundle).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from writer_app.core.storage.paths import state_dir
from writer_app.core.storage.state_files import read_json_object, write_json
from writer_app.core.text import sentence

log = logging.getLogger(__name__)

PROBE_TIMEOUT_S = 600  # a 12B model from a slow disk; the writer can still work meanwhile
_OK = "ok"
_REFUSED = 2


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    reason: str = ""  # why not, in a sentence fragment


def probe_command(path: Path) -> list[str]:
    if getattr(sys, "frozen", False):  # the PyInstaller bundle: the app is the interpreter
        return [sys.executable, "probe-model", str(path)]
    return [sys.executable, "-m", "writer_app", "probe-model", str(path)]


def probe(path: Path, n_ctx: int = 512, timeout: float = PROBE_TIMEOUT_S) -> ProbeResult:
    """Load ``path`` in a child process (CPU only, a small context): did it survive?"""
    path = Path(path)
    known = _known(path)
    if known is not None:
        return known
    env = {**os.environ, "WRITER_APP_PROBE_N_CTX": str(n_ctx)}
    try:
        done = subprocess.run(
            probe_command(path),
            capture_output=True,
            timeout=timeout,
            env=env,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        reason = sentence.translate("ModelLoad", "loading it took longer than {seconds} seconds")
        return ProbeResult(False, reason.format(seconds=f"{timeout:.0f}"))
    except OSError as error:  # could not start a child at all: do not block the writer
        log.warning("could not start the model check (%s); loading directly", error)
        return ProbeResult(True)
    result = _interpret(done.returncode, done.stdout.decode("utf-8", "replace"))
    if result.reason != "unchecked" and done.returncode != _REFUSED:
        _remember(path, result)  # a refusal is not remembered: it may be memory, not the file
    return result


def _interpret(returncode: int, stdout: str) -> ProbeResult:
    if returncode == 0 and stdout.strip().endswith(_OK):
        return ProbeResult(True)
    if returncode < 0 or returncode >= 0xC0000000:  # a signal (POSIX), an exception (Windows)
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"code {returncode:#x}" if returncode > 0 else f"signal {-returncode}"
        reason = sentence.translate("ModelLoad", "llama.cpp crashed while loading it ({signal})")
        return ProbeResult(False, reason.format(signal=name))
    if returncode == _REFUSED:  # the child's ModelLoadError.reason, in English (its last line)
        lines = stdout.strip().splitlines()
        return ProbeResult(
            False, lines[-1] if lines else sentence.translate("ModelLoad", "llama.cpp refused it")
        )
    # The check itself failed (our bug, a missing interpreter): never block the writer on it.
    log.warning("the model check ended with status %s; loading directly", returncode)
    return ProbeResult(True, "unchecked")


def run_child(argv: list[str]) -> int:
    """The child: load the model and say "ok", or print the reason and exit 2."""
    from writer_app.core.local.config import EngineConfig, ModelLoadError
    from writer_app.core.local.engine import LlamaCppEngine

    if len(argv) != 1:
        print("usage: writer-app probe-model PATH")
        return _REFUSED
    n_ctx = int(os.environ.get("WRITER_APP_PROBE_N_CTX", "512"))
    try:
        engine = LlamaCppEngine.load(EngineConfig(Path(argv[0]), n_ctx=n_ctx, n_threads=1))
    except ModelLoadError as error:
        print(error.reason)
        return _REFUSED
    engine.complete(engine.bos() or engine.tokenize("The"), _one_token())
    engine.close()
    print(_OK, flush=True)
    return 0


def _one_token():
    from writer_app.core.drafting.sampling import SamplingSettings

    return SamplingSettings(temperature=0.0, max_tokens=8, seed=1)


# -- what is known about files already probed ----------------------------------------------------


def _record_file() -> Path:
    return state_dir() / "model-probes.json"


def _identity(path: Path) -> str:
    stat = path.stat()
    return f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"


def _records() -> dict:
    """What was found so far; {} for a missing or damaged file (set aside and logged:
    core.storage.state_files; the files are checked again)."""
    return read_json_object(_record_file()) or {}


def _known(path: Path) -> ProbeResult | None:
    try:
        record = _records().get(_identity(path))
    except OSError:
        return None
    if not isinstance(record, dict):
        return None
    return ProbeResult(record.get("ok") is True, str(record.get("reason", "")))


def _remember(path: Path, result: ProbeResult) -> None:
    try:
        records = _records()
        records[_identity(path)] = {"ok": result.ok, "reason": result.reason}
        write_json(_record_file(), records, indent=1)
    except OSError:
        log.warning("could not remember the model check of %s", path, exc_info=True)
