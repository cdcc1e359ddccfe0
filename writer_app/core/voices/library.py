"""The writer's voices: each an adapter (``NAME.gguf``) with its record (``NAME.json``) in the
voices folder, listed for the model they were trained on.

The record says what the voice learned from and how well: the base model's file name and
sha256, the texts (names, sizes, sha256), the part held out, its perplexity before and after,
the date and the settings.  A voice without a readable record (copied from elsewhere, or the
record damaged) is still listed, by its file name, with the base model its GGUF records, so
nothing the writer trained disappears from the list.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from writer_app.core.storage import paths
from writer_app.core.storage.state_files import read_json_object, write_json
from writer_app.core.text import sentence

log = logging.getLogger(__name__)

VOICE_BASE_KEY = "writer_app.voice.base_sha256"  # the model file the voice was trained on
VOICE_NAME_KEY = "writer_app.voice.name"
TRAINING_DIR = ".training"
RECORD_VERSION = 1


@dataclass
class VoiceRecord:
    """A voice as the writer's list shows it."""

    path: Path  # the adapter
    name: str
    base_sha256: str = ""
    base_file: str = ""
    texts: list[dict[str, Any]] = field(default_factory=list)
    holdout: float = 0.0
    perplexity_before: float | None = None
    perplexity_after: float | None = None
    created: str = ""
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def record_path(self) -> Path:
        return self.path.with_suffix(".json")

    @property
    def ratio(self) -> float | None:
        if self.perplexity_before and self.perplexity_after:
            return self.perplexity_after / self.perplexity_before
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "version": RECORD_VERSION,
            "name": self.name,
            "adapter": self.path.name,
            "base_model": {"file": self.base_file, "sha256": self.base_sha256},
            "texts": self.texts,
            "holdout": self.holdout,
            "perplexity": {"before": self.perplexity_before, "after": self.perplexity_after},
            "created": self.created,
            "settings": self.settings,
        }

    def save(self) -> None:
        write_json(self.record_path, self.to_json())


def text_entry(name: str, text: str) -> dict[str, Any]:
    data = text.encode("utf-8", "replace")
    return {
        "name": name,
        "characters": len(text),
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def voices_dir() -> Path:
    return paths.voices_dir()


def training_dir() -> Path:
    return voices_dir() / TRAINING_DIR


def read_record(adapter: Path) -> VoiceRecord:
    """The voice at ``adapter`` with what its record says (its file name and the base model
    in its GGUF when the record is missing or damaged)."""
    value = read_json_object(adapter.with_suffix(".json"), set_aside_damaged=False) or {}
    base = value.get("base_model") if isinstance(value.get("base_model"), dict) else {}
    figures = value.get("perplexity") if isinstance(value.get("perplexity"), dict) else {}
    name = value.get("name") if isinstance(value.get("name"), str) and value.get("name") else ""
    sha = base.get("sha256") if isinstance(base.get("sha256"), str) else ""
    if not name or not sha:
        found = _adapter_strings(adapter)
        name = name or found.get(VOICE_NAME_KEY, "") or adapter.stem
        sha = sha or found.get(VOICE_BASE_KEY, "")
    return VoiceRecord(
        path=adapter,
        name=name,
        base_sha256=sha,
        base_file=str(base.get("file", "")),
        texts=[t for t in value.get("texts", []) if isinstance(t, dict)]
        if isinstance(value.get("texts"), list)
        else [],
        holdout=_number(value.get("holdout")) or 0.0,
        perplexity_before=_number(figures.get("before")),
        perplexity_after=_number(figures.get("after")),
        created=str(value.get("created", "")),
        settings=value.get("settings") if isinstance(value.get("settings"), dict) else {},
    )


def list_voices(model_sha256: str | None = None, folder: Path | None = None) -> list[VoiceRecord]:
    """The voices in the folder, newest first; only those trained on the model with
    ``model_sha256`` when given (a voice that does not say which model it is for is listed
    too: llama.cpp checks its shapes when it is put on)."""
    folder = voices_dir() if folder is None else folder
    try:
        adapters = [p for p in folder.glob("*.gguf") if p.is_file()]
    except OSError as error:
        log.warning("voices folder %s unreadable: %s", folder, error)
        return []
    records = [read_record(p) for p in adapters]
    if model_sha256 is not None:
        records = [r for r in records if r.base_sha256 in ("", model_sha256)]
    return sorted(records, key=lambda r: (r.created, r.path.name), reverse=True)


def free_adapter_path(stem: str, folder: Path | None = None) -> Path:
    """``stem.gguf`` in the voices folder, or ``stem-2.gguf``… when taken (by a voice or a
    run in progress)."""
    folder = voices_dir() if folder is None else folder
    for n in range(1, 1000):
        candidate = stem if n == 1 else f"{stem}-{n}"
        taken = (folder / f"{candidate}.gguf").exists() or (
            folder / TRAINING_DIR / candidate
        ).exists()
        if not taken:
            return folder / f"{candidate}.gguf"
    raise OSError(f"no free name for {stem} in {folder}")


def delete_voice(record: VoiceRecord) -> None:
    record.path.unlink(missing_ok=True)
    record.record_path.unlink(missing_ok=True)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _adapter_strings(adapter: Path) -> dict[str, str]:
    """The string metadata of an adapter's GGUF header (bounded: our own reader)."""
    from writer_app.core.models.gguf import ModelFileError, inspect_gguf

    try:
        info = inspect_gguf(adapter)
    except ModelFileError as error:
        log.warning("voice %s unreadable: %s", adapter, error.reason)
        return {}
    return {k: v for k, v in info.metadata.items() if isinstance(v, str)}


# -- what a run that failed says (the trainer reports a reason and its detail) ---------------

FAILURE_NO_TEXT = "no_text"
FAILURE_TOO_LITTLE = "too_little"
FAILURE_MODEL = "model"
FAILURE_TOOLS = "tools"
FAILURE_DISK = "disk"
FAILURE_CHECKPOINT = "checkpoint"
FAILURE_INTERNAL = "internal"


def failure_sentence(reason: str, detail: str = "") -> str:
    """The sentence for a failed run's ``reason`` (``detail`` as the trainer gave it)."""
    if reason == FAILURE_NO_TEXT:
        return sentence.translate("Voices", "There is no text to learn from.")
    if reason == FAILURE_TOO_LITTLE:
        return sentence.translate(
            "Voices",
            "There is too little text to learn from ({detail}); a voice needs a few pages.",
        ).format(detail=detail)
    if reason == FAILURE_MODEL:
        return sentence.translate(
            "Voices", "The model cannot be trained on this computer: {detail}"
        ).format(detail=detail)
    if reason == FAILURE_TOOLS:
        return sentence.translate(
            "Voices", "The training tools are not installed or not complete: {detail}"
        ).format(detail=detail)
    if reason == FAILURE_DISK:
        return sentence.translate(
            "Voices", "The voice could not be written to the disk: {detail}"
        ).format(detail=detail)
    if reason == FAILURE_CHECKPOINT:
        return sentence.translate("Voices", "The training cannot be resumed: {detail}").format(
            detail=detail
        )
    return sentence.translate("Voices", "The training stopped with an error: {detail}").format(
        detail=detail
    )
