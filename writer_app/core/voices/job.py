"""A voice's training run as files: the job it was asked to do, the events it reports, the
request to stop, and its checkpoint, all in one folder, so the window can follow a run it
started, stop it, resume it, or find it again after the app was closed while it finished in
the background.

The run folder holds::

    job.json          what to do (``TrainingJob``), written by whoever starts the run
    texts/            the writer's text, copied when the run starts (a chapter is never read
                      by the trainer, so nothing it does can touch one)
    events.jsonl      one JSON object per line, appended and flushed (``TrainingEvent``)
    stop              present: stop at the end of the current step and keep a checkpoint
    checkpoint/       the adapter, the optimizer and the progress so far (``training.py``)
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from writer_app.core.storage.atomic import write_bytes_atomic
from writer_app.core.storage.state_files import read_json_object, write_json

log = logging.getLogger(__name__)

JOB_FILE = "job.json"
EVENTS_FILE = "events.jsonl"
STOP_FILE = "stop"
CHECKPOINT_DIR = "checkpoint"
TEXTS_DIR = "texts"
PID_FILE = "pid"

DEFAULT_HOLDOUT = 0.1
HOLDOUT_RANGE = (0.02, 0.5)
DEFAULT_MINUTES = 10.0
MINUTES_RANGE = (0.1, 24 * 60.0)

# The events a run reports, in the order they come.  "done", "stopped" and "failed" end it.
LOADING, READY, STEP, EVAL, CHECKPOINT, DONE, STOPPED, FAILED = (
    "loading",
    "ready",
    "step",
    "eval",
    "checkpoint",
    "done",
    "stopped",
    "failed",
)
FINAL_EVENTS = frozenset({DONE, STOPPED, FAILED})


@dataclass
class TrainingText:
    """One piece of the writer's text: its name as the writer knows it and its copy."""

    name: str
    path: str  # relative to the run folder (texts/01.txt) or absolute


ATTENTION_MODULES = ("q_proj", "k_proj", "v_proj", "o_proj")
ALL_MODULES = (*ATTENTION_MODULES, "gate_proj", "up_proj", "down_proj")
# A voice adapts the attention's four projections: llama.cpp runs an adapter as extra small
# operations beside each adapted weight, which on a model this small cost more than their
# arithmetic (README, "My voice": all seven projections made decoding 13-26 % slower).
DEFAULT_MODULES = ATTENTION_MODULES


@dataclass
class TrainingJob:
    """What a run does.  ``minutes`` bounds the time spent training (the model's loading and
    the held-out measurements are not counted); ``epochs``, when given, instead asks for that
    many passes over the training text."""

    model: str
    out: str  # the adapter to write (NAME.gguf); its record is NAME.json beside it
    texts: list[TrainingText]
    holdout: float = DEFAULT_HOLDOUT
    minutes: float | None = DEFAULT_MINUTES
    epochs: float | None = None
    name: str = ""  # the voice's name as the writer gave it
    rank: int = 16
    alpha: float = 32.0
    # The projections the voice adapts in every layer (Hugging Face names).
    modules: list[str] = field(default_factory=lambda: list(DEFAULT_MODULES))
    learning_rate: float = 1e-3
    sequence: int = 256
    batch: int = 2
    seed: int = 0
    threads: int = 0  # 0: every core (the trainer lowers its priority instead)
    evaluations: int = 12  # held-out measurements over the run, for the plot
    checkpoint_minutes: float = 2.0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> TrainingJob:
        texts = [TrainingText(**t) for t in value.get("texts", [])]
        known = {k: v for k, v in value.items() if k in cls.__dataclass_fields__ and k != "texts"}
        known.setdefault("modules", list(ALL_MODULES))  # a run begun before voices chose
        return cls(texts=texts, **known)


@dataclass
class TrainingEvent:
    """One line of events.jsonl."""

    kind: str
    values: dict[str, Any]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


class RunFolder:
    """A training run's folder (see the module's docstring)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    @property
    def job_path(self) -> Path:
        return self.folder / JOB_FILE

    @property
    def events_path(self) -> Path:
        return self.folder / EVENTS_FILE

    @property
    def stop_path(self) -> Path:
        return self.folder / STOP_FILE

    @property
    def checkpoint(self) -> Path:
        return self.folder / CHECKPOINT_DIR

    def write_job(self, job: TrainingJob) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_json(self.job_path, job.to_json())

    def read_job(self) -> TrainingJob | None:
        value = read_json_object(self.job_path, set_aside_damaged=False)
        if value is None:
            return None
        try:
            return TrainingJob.from_json(value)
        except (TypeError, ValueError) as error:
            log.warning("%s: not a training job (%s)", self.job_path, error)
            return None

    def add_text(self, index: int, name: str, text: str) -> TrainingText:
        """A copy of one text in the run folder, as UTF-8."""
        relative = f"{TEXTS_DIR}/{index:03d}.txt"
        target = self.folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(target, text.encode("utf-8", "replace"))
        return TrainingText(name, relative)

    def text_path(self, text: TrainingText) -> Path:
        return self.folder / text.path

    def write_pid(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / PID_FILE).write_text(str(os.getpid()), encoding="ascii")

    def clear_pid(self) -> None:
        """Forget an ended trainer's pid, before another is started on this run."""
        (self.folder / PID_FILE).unlink(missing_ok=True)

    def trainer_alive(self) -> bool:
        """Whether the process that wrote this run's pid file is still alive."""
        try:
            pid = int((self.folder / PID_FILE).read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            return False
        return process_alive(pid)

    def running(self) -> bool:
        """Whether this run's trainer is at work now (started, not ended, its process alive)."""
        last = self.last_event()
        return (last is None or last.kind not in FINAL_EVENTS) and self.trainer_alive()

    def request_stop(self) -> None:
        self.stop_path.write_bytes(b"")

    def stop_requested(self) -> bool:
        return self.stop_path.exists()

    def clear_stop(self) -> None:
        self.stop_path.unlink(missing_ok=True)

    def has_checkpoint(self) -> bool:
        return (self.checkpoint / "progress.json").is_file()

    def emit(self, kind: str, **values: Any) -> TrainingEvent:
        """Append one event (flushed and synced: the window may read it at once)."""
        line = json.dumps({"event": kind, **values}, ensure_ascii=False) + "\n"
        self.folder.mkdir(parents=True, exist_ok=True)
        with self.events_path.open("a", encoding="utf-8") as stream:
            stream.write(line)
            stream.flush()
            os.fsync(stream.fileno())
        return TrainingEvent(kind, values)

    def events(self) -> list[TrainingEvent]:
        return list(EventReader(self.events_path).read_new())

    def last_event(self) -> TrainingEvent | None:
        events = self.events()
        return events[-1] if events else None


class EventReader:
    """Reads what was appended to an events file since the last call; a line still being
    written (no newline yet) waits for the next call, a line that is not JSON is skipped."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0
        self._partial = b""

    def read_new(self) -> Iterable[TrainingEvent]:
        try:
            with self.path.open("rb") as stream:
                stream.seek(self.offset)
                data = stream.read(1 << 20)
        except OSError:
            return []
        self.offset += len(data)
        data = self._partial + data
        *lines, self._partial = data.split(b"\n")
        events = []
        for line in lines:
            try:
                value = json.loads(line.decode("utf-8"))
                events.append(TrainingEvent(str(value.pop("event")), value))
            except (ValueError, KeyError, AttributeError, UnicodeDecodeError):
                log.warning("%s: an unreadable event line skipped", self.path)
        return events


def split_holdout(text: str, fraction: float) -> tuple[str, str]:
    """The training part and the held-out part: the last ``fraction`` of the characters is
    held out, its start moved on to the next line break so that no sentence is cut (or back
    to the previous one when none follows)."""
    if not text:
        return "", ""
    cut = int(len(text) * (1.0 - fraction))
    following = text.find("\n", cut)
    if following != -1 and following + 1 < len(text):
        cut = following + 1
    else:
        before = text.rfind("\n", 0, cut)
        if before > 0:
            cut = before + 1
    return text[:cut], text[cut:]


def joined_text(texts: Iterable[str]) -> str:
    """The writer's texts as one stream, each ending with a blank line before the next."""
    return "\n\n".join(t.strip("\n") for t in texts if t.strip()) + "\n"


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def voice_file_stem(name: str) -> str:
    """A file name for a voice called ``name`` (Chinese kept; what no file system takes
    replaced)."""
    stem = _UNSAFE.sub("-", name).strip(" .-")
    return stem[:60] or "voice"


# -- before a run: how much text, how long, how much disk (shown by Train My Voice…) ----------

# Training speed falls as the model grows: tokens per CPU-second times the model's parameter
# count is about this, measured with bench_voice.py (voices adapting the attention, two cores):
# SmolLM2-135M about 110 tokens per CPU-second, Gemma 3 270M about 50.  A guess until this
# model has been trained once here; then its own record's speed is used.
TRAINING_TOKEN_PARAMETERS_PER_CPU_SECOND = 1.4e10
GUESSED_PARAMETERS = 300_000_000  # a model whose header does not say


def estimated_tokens(text: str) -> int:
    """About how many tokens ``text`` makes: a Han or kana character about 0.75 of a token
    in these models' vocabularies, other text about one token per 4.2 characters."""
    han = sum(1 for c in text if "\u3040" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff")
    return round(han * 0.75 + (len(text) - han) / 4.2)


def tokens_per_second(
    cores: int, parameters: int | None = None, measured: float | None = None
) -> float:
    """Training tokens per second on ``cores`` for a model of ``parameters``: ``measured``
    (this model's own last run) when there is one, else the guess above."""
    if measured:
        return measured
    per_cpu = TRAINING_TOKEN_PARAMETERS_PER_CPU_SECOND / (parameters or GUESSED_PARAMETERS)
    return per_cpu * max(1, cores)


def adapter_bytes(metadata: Mapping[str, Any], modules: Sequence[str], rank: int = 16) -> int:
    """About the size of a voice (f16): each adapted weight holds ``rank`` rows of its input
    width and ``rank`` columns of its output width, in every layer; the widths are read from
    the model's header (0 when it does not say)."""

    def number(suffix: str) -> int:
        value = next((v for k, v in metadata.items() if k.endswith(suffix)), 0)
        return value if isinstance(value, int) and value > 0 else 0

    embedding, layers = number(".embedding_length"), number(".block_count")
    heads = number(".attention.head_count") or 1
    kv_heads = number(".attention.head_count_kv") or heads
    key = number(".attention.key_length") or embedding // heads
    value = number(".attention.value_length") or key
    feed = number(".feed_forward_length")
    widths = {
        "q_proj": embedding + heads * key,
        "k_proj": embedding + kv_heads * key,
        "v_proj": embedding + kv_heads * value,
        "o_proj": heads * value + embedding,
        "gate_proj": embedding + feed,
        "up_proj": embedding + feed,
        "down_proj": feed + embedding,
    }
    return 2 * rank * layers * sum(widths.get(m, 0) for m in modules)


def process_alive(pid: int) -> bool:
    """Whether the process ``pid`` still runs (a trainer started detached)."""
    if pid <= 0:
        return False
    if os.name == "nt":
        import ctypes

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
