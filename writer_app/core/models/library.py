"""The writer's model library: the models folder plus files referenced where they lie,
settings remembered per model and the active model (whether a model fits in memory:
``memory_fit``).

Everything is kept in ``config_dir()/models.json``; a damaged file is set aside and the
library starts afresh rather than failing. Every file passes our bounded header check
before it is listed as usable, so llama.cpp never sees a malformed one.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from writer_app.core.drafting.engine_defaults import DEFAULT_N_CTX, valid_n_ctx
from writer_app.core.models.gguf import ModelFileError, ModelInfo, inspect_gguf
from writer_app.core.storage.copying import Cancelled, chunks_of, copy_to_file
from writer_app.core.storage.paths import config_dir, models_dir
from writer_app.core.storage.state_files import read_json_object, set_aside, write_json
from writer_app.core.text import sentence
from writer_app.core.text.sizes import format_size

log = logging.getLogger(__name__)

LIBRARY_FILE = "models.json"
COPY_CHUNK = 8 << 20


@dataclass(frozen=True)
class ModelSettings:
    """How a model is loaded; remembered per model."""

    n_ctx: int = DEFAULT_N_CTX  # core.drafting.engine_defaults.valid_n_ctx
    gpu_layers: int = 0  # 0 = CPU only, -1 = every layer
    threads: int | None = None  # None = llama.cpp's choice

    def to_dict(self) -> dict[str, Any]:
        return {"n_ctx": self.n_ctx, "gpu_layers": self.gpu_layers, "threads": self.threads}

    @classmethod
    def from_dict(cls, raw: Any) -> ModelSettings:
        """Bad or missing values fall back to the defaults, one by one."""
        raw = raw if isinstance(raw, dict) else {}
        n_ctx, layers, threads = raw.get("n_ctx"), raw.get("gpu_layers"), raw.get("threads")
        return cls(
            n_ctx=n_ctx if valid_n_ctx(n_ctx) else cls.n_ctx,
            gpu_layers=layers if _is_int(layers) and layers >= -1 else cls.gpu_layers,
            threads=threads if _is_int(threads) and threads > 0 else None,
        )


@dataclass(frozen=True)
class InstalledModel:
    """A model the writer can choose; ``error`` says why it cannot be used, if it cannot."""

    path: Path
    info: ModelInfo | None
    size_bytes: int
    in_library: bool  # copied into the models folder (else referenced where it lies)
    settings: ModelSettings
    error: str | None = None

    @property
    def display_name(self) -> str:
        return self.path.stem

    @property
    def usable(self) -> bool:
        return self.error is None and self.info is not None


class LibraryError(Exception):
    """An import or removal failed; ``str()`` is a sentence for the writer."""


class ImportCancelled(LibraryError):
    pass


Progress = Callable[[int, int], None]  # (bytes copied, bytes in all)


class Library:
    """The models folder and ``models.json``; cheap to create, reads the disk on each call."""

    def __init__(self) -> None:
        self._headers: dict[tuple[str, int, int], ModelInfo | str] = {}
        self._lock = threading.Lock()

    # -- listing ----------------------------------------------------------------------------

    def installed(self) -> list[InstalledModel]:
        """Models in the folder and referenced ones, by name; broken ones carry an error."""
        records = self._load()["models"]
        found: dict[str, InstalledModel] = {}
        folder = models_dir()
        if folder.is_dir():
            for path in folder.glob("*.gguf"):  # "x.gguf.part" and temp copies do not match
                if path.is_file():
                    found[_key(path)] = self._describe(path, in_library=True)
        for key, record in records.items():
            if record.get("referenced") and key not in found:
                found[key] = self._describe(Path(key), in_library=False)
        return sorted(found.values(), key=lambda model: model.display_name.casefold())

    def _describe(self, path: Path, *, in_library: bool) -> InstalledModel:
        settings = self.settings_for(path)
        try:
            stat = path.stat()
        except (OSError, ValueError):  # ValueError: a stored path with a NUL in it
            error = sentence.translate(
                "Library",
                "The file is no longer at {path}; it may have been moved. Import it again.",
            ).format(path=path)
            return InstalledModel(path, None, 0, in_library, settings, error)
        cache_key = (str(path), stat.st_size, stat.st_mtime_ns)
        header = self._headers.get(cache_key)
        if header is None:
            try:
                header = inspect_gguf(path)
            except ModelFileError as problem:
                header = sentence.translate("Library", "{name} cannot be used: {reason}.").format(
                    name=path.name, reason=problem.reason
                )
            self._headers[cache_key] = header
        if isinstance(header, str):
            return InstalledModel(path, None, stat.st_size, in_library, settings, header)
        return InstalledModel(path, header, stat.st_size, in_library, settings)

    # -- import and remove ------------------------------------------------------------------

    def import_file(
        self,
        path: Path | str,
        copy: bool,
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> InstalledModel:
        """Add a GGUF file: copied into the models folder, or referenced where it lies."""
        source = Path(path).expanduser().absolute()
        try:
            info = inspect_gguf(source)
        except ModelFileError as problem:
            raise LibraryError(
                sentence.translate("Library", "{name} cannot be imported: {reason}.").format(
                    name=source.name, reason=problem.reason
                )
            ) from None
        folder = models_dir()
        inside = source.resolve().parent == folder.resolve()
        if copy and not inside:
            target = _free_name(folder, source)
            if not target.exists():
                _copy(source, target, progress, cancel)
        else:
            target = source.resolve()
        with self._lock:
            data = self._load()
            record = data["models"].setdefault(_key(target), {})
            record.update(name=target.name, size=info.file_size)
            if not (copy or inside):
                record["referenced"] = True
            self._save(data)
        log.info("imported %s (%s)", target, "copied" if copy and not inside else "referenced")
        return self._describe(target, in_library=copy or inside)

    def remove(self, model: InstalledModel) -> None:
        """Delete a copied model; forget a referenced one (the writer's own file stays)."""
        if model.in_library:
            try:
                model.path.unlink(missing_ok=True)
            except OSError as error:
                raise LibraryError(
                    sentence.translate(
                        "Library",
                        "Could not delete {name} ({reason}). "
                        "Close any program using it and try again.",
                    ).format(name=model.path.name, reason=error.strerror)
                ) from None
        with self._lock:
            data = self._load()
            data["models"].pop(_key(model.path), None)
            if data.get("active") == _key(model.path):
                data["active"] = None
            self._save(data)

    # -- per-model settings and the active model --------------------------------------------

    def settings_for(self, path: Path | str) -> ModelSettings:
        """Settings saved for this file, or for one of the same name and size (a moved file)."""
        path = Path(path)
        records = self._load()["models"]
        record = records.get(_key(path))
        if record is None:
            try:
                size = path.stat().st_size
            except OSError:
                size = -1
            same = (r for r in records.values() if r.get("name") == path.name)
            record = next((r for r in same if r.get("size") == size and "settings" in r), None)
        return ModelSettings.from_dict((record or {}).get("settings"))

    def save_settings(self, path: Path | str, settings: ModelSettings) -> None:
        path = Path(path)
        with self._lock:
            data = self._load()
            record = data["models"].setdefault(_key(path), {})
            record["name"] = path.name
            if path.exists():
                record["size"] = path.stat().st_size
            record["settings"] = settings.to_dict()
            self._save(data)

    @property
    def active_model(self) -> Path | None:
        active = self._load().get("active")
        return Path(active) if isinstance(active, str) and active else None

    @active_model.setter
    def active_model(self, path: Path | str | None) -> None:
        with self._lock:
            data = self._load()
            data["active"] = _key(Path(path)) if path is not None else None
            self._save(data)

    # -- models.json ------------------------------------------------------------------------

    def _file(self) -> Path:
        return config_dir() / LIBRARY_FILE

    def _load(self) -> dict[str, Any]:
        # A damaged file is kept aside (core.storage.state_files), not overwritten by the next save.
        path = self._file()
        raw = read_json_object(path, what=sentence.translate("StateFiles", "Your model library"))
        if raw is not None and not isinstance(raw.get("models", {}), dict):
            set_aside(
                path, "not a model list", sentence.translate("StateFiles", "Your model library")
            )
            raw = None
        if raw is None:
            return {"version": 1, "active": None, "models": {}}
        models = {k: v for k, v in raw.get("models", {}).items() if isinstance(v, dict)}
        active = raw.get("active") if isinstance(raw.get("active"), str) else None
        return {"version": 1, "active": active, "models": models}

    def _save(self, data: dict[str, Any]) -> None:
        try:
            write_json(self._file(), data)
        except OSError as error:
            log.warning("could not save %s: %s", self._file(), error)


def _key(path: Path) -> str:
    return str(path.expanduser().resolve())


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _free_name(folder: Path, source: Path) -> Path:
    """``folder/name.gguf``, or ``name-2.gguf`` etc. when a different file has that name; the
    same file (same name and size) is not copied twice."""
    size = source.stat().st_size
    stem = source.stem if source.suffix.lower() == ".gguf" else source.name  # listed as *.gguf
    for number in range(1, 1000):
        name = f"{stem}.gguf" if number == 1 else f"{stem}-{number}.gguf"
        target = folder / name
        if not target.exists() or target.stat().st_size == size:
            return target
    raise LibraryError(
        sentence.translate(
            "Library", "There are too many models named {name} in the library."
        ).format(name=source.name)
    )


def _copy(
    source: Path, target: Path, progress: Progress | None, cancel: threading.Event | None
) -> None:
    """Copy through a temp name that the library never lists, then rename: a crash or a
    cancel never leaves half a model under a model's name."""
    total = source.stat().st_size
    temp = target.with_name(f".{target.name}.importing")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if shutil.disk_usage(target.parent).free < total:
            raise LibraryError(
                sentence.translate(
                    "Library",
                    "There is not enough disk space to copy {name} "
                    "({size}) into the library. Free some space, or use the file "
                    "where it is instead of copying it.",
                ).format(name=source.name, size=format_size(total))
            )
        report = (lambda done: progress(done, total)) if progress is not None else None
        with source.open("rb") as reader:
            copy_to_file(chunks_of(reader, COPY_CHUNK), temp, progress=report, cancel=cancel)
        os.replace(temp, target)
    except Cancelled:
        temp.unlink(missing_ok=True)
        raise ImportCancelled(
            sentence.translate("Library", "The import was cancelled; nothing was copied.")
        ) from None
    except OSError as error:
        temp.unlink(missing_ok=True)
        if error.errno == errno.ENOSPC:
            raise LibraryError(
                sentence.translate(
                    "Library",
                    "The disk filled up while copying {name}; nothing was kept. "
                    "Free some space, or use the file where it is.",
                ).format(name=source.name)
            ) from None
        raise LibraryError(
            sentence.translate("Library", "Could not copy {name} ({reason}).").format(
                name=source.name, reason=error.strerror
            )
        ) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
