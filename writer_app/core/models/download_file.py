"""A download's bytes on our side: the kept ``<name>.part`` and the stamp that says which file
on the server it belongs to, its running checksum, the free space it needs, the byte loop that
writes it, the checks before it takes its final name, and the progress meter.

Apart from core.models.hub, which asks the server (through huggingface_hub) what to fetch and
opens the connection: nothing here touches the network or the hub client.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from writer_app.core.models.gguf import ModelFileError, inspect_gguf
from writer_app.core.storage.copying import Overrun, copy_blocks
from writer_app.core.storage.hashing import file_sha256
from writer_app.core.storage.state_files import read_json, write_json
from writer_app.core.text import sentence
from writer_app.core.text.sizes import format_size

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 0.1  # seconds between progress reports
SPACE_MARGIN = 64 << 20  # leave this much free on the disk


@dataclass(frozen=True)
class DownloadProgress:
    done: int
    total: int
    bytes_per_second: float
    seconds_left: float | None  # None until the speed is known
    phase: str = "downloading"  # "checking" while re-reading a kept partial file


Progress = Callable[[DownloadProgress], None]


class DownloadError(Exception):
    """A download failed; ``str()`` is a sentence for the writer. ``can_resume``: what arrived
    is kept and trying again continues from there."""

    def __init__(self, message: str, *, can_resume: bool = False) -> None:
        super().__init__(message)
        self.can_resume = can_resume


class DownloadCancelled(Exception):
    """The writer stopped the download; the partial file is kept for next time."""


class PartialDownload:
    """The file being downloaded to ``target``: its kept part, and what has arrived of it."""

    def __init__(
        self,
        target: Path,
        source: dict[str, str],
        size: int,
        sha256: str,
        meter: Meter,
        cancel: threading.Event | None,
    ) -> None:
        self.target, self.size, self.sha256 = target, size, sha256
        self.meter, self.cancel = meter, cancel
        # Which file on the server the part belongs to (repo and file name, size, checksum).
        self.stamp: dict[str, object] = {**source, "size": size, "sha256": sha256}
        self.part = target.with_name(target.name + ".part")
        self.meta = target.with_name(target.name + ".part.json")
        self.digest = hashlib.sha256()
        self.done = 0

    def already_here(self) -> bool:
        """Whether the target is here already, intact (checked again as a model file)."""
        if self.target.is_file() and self.target.stat().st_size == self.size:
            if self._hash_file(self.target, hashlib.sha256()) == self.sha256:
                self._inspect(self.target)
                return True
        return False

    def prepare(self) -> None:
        """Keep a partial file only if it belongs to this very file on the server."""
        if self.part.exists():
            # A damaged stamp only means the part is unknown: it is not kept aside.
            kept = read_json(self.meta, set_aside_damaged=False)
            if kept != self.stamp or self.part.stat().st_size > self.size:
                log.info("discarding %s: it belongs to another version of the file", self.part)
                self.part.unlink()
        try:
            if self.part.exists():
                self.done = self.part.stat().st_size
                self._hash_file(self.part, self.digest)
                log.info("resuming %s at %d bytes", self.part.name, self.done)
            else:
                self.part.touch()
                write_json(self.meta, self.stamp, indent=None)
        except OSError as error:
            raise _disk_error(error, self.part) from None

    def check_space(self) -> None:
        needed = self.size - self.done
        free = shutil.disk_usage(self.part.parent).free
        if free < needed + SPACE_MARGIN:
            raise DownloadError(
                sentence.translate(
                    "Download",
                    "There is not enough disk space for {name}: it needs "
                    "{needed} more and {free} is free in "
                    "{folder}. Free some space and try again.",
                ).format(
                    name=self.target.name,
                    needed=format_size(needed),
                    free=format_size(free),
                    folder=self.part.parent,
                ),
                can_resume=True,
            )

    def restart(self) -> None:
        """Count from the first byte again (the server ignored a range request)."""
        self.done, self.digest = 0, hashlib.sha256()
        self.meter.start(0)

    def write(self, blocks: Iterable[bytes], open_part: Callable[[Path], BinaryIO]) -> None:
        """Write ``blocks`` after what has arrived, up to the announced size, and sync."""
        try:
            with open_part(self.part) as sink:
                sink.seek(self.done)
                sink.truncate()
                self.done = copy_blocks(
                    blocks,
                    sink,
                    done=self.done,
                    limit=self.size,
                    digest=self.digest,
                    progress=self.meter.report,
                    cancel=self.cancel,
                )
                sink.flush()
                os.fsync(sink.fileno())
        except Overrun:
            self.discard()
            raise DownloadError(
                sentence.translate(
                    "Download",
                    "The server sent more of {name} than it announced, "
                    "so the download was deleted. Try again later.",
                ).format(name=self.target.name)
            ) from None
        except OSError as error:
            raise _disk_error(error, self.part) from None

    def finish(self) -> Path:
        """Check what arrived and give it the target's name; returns the target."""
        self.meter.report(self.done, force=True)
        if self.digest.hexdigest() != self.sha256:
            self.discard()
            raise DownloadError(
                sentence.translate(
                    "Download",
                    "{name} failed its checksum (the downloaded bytes are not the file "
                    "on the server), so it was deleted. Download it again.",
                ).format(name=self.target.name)
            )
        self._inspect(self.part)
        os.replace(self.part, self.target)
        self.meta.unlink(missing_ok=True)
        return self.target

    def discard(self) -> None:
        self.part.unlink(missing_ok=True)
        self.meta.unlink(missing_ok=True)

    def _hash_file(self, path: Path, digest: Any) -> str:
        size = path.stat().st_size

        def report(read: int) -> None:
            self.meter.report(read, phase="checking", total=size)

        return file_sha256(path, digest=digest, progress=report, cancel=self.cancel)

    def _inspect(self, path: Path) -> None:
        try:
            inspect_gguf(path)
        except ModelFileError as error:
            path.unlink(missing_ok=True)
            self.meta.unlink(missing_ok=True)
            raise DownloadError(
                sentence.translate(
                    "Download",
                    "{name} is not a model writer-app can load ({reason}), so it was deleted.",
                ).format(name=self.target.name, reason=error.reason)
            ) from None


class Meter:
    """Turns byte counts into speed and time left, reported at most every 0.1 s."""

    def __init__(
        self, total: int, progress: Progress | None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.total, self.progress = total, progress
        self.speed = 0.0
        self._clock = clock
        self._last_report = 0.0
        self.start(0)

    def start(self, done: int) -> None:
        self._sample_time, self._sample_done = self._clock(), done

    def report(
        self, done: int, *, force: bool = False, phase: str = "downloading", total: int = 0
    ) -> None:
        now = self._clock()
        if phase == "downloading" and now - self._sample_time >= 0.5:
            rate = (done - self._sample_done) / (now - self._sample_time)
            # A smoothed rate: steady numbers for the writer, still quick to follow a change.
            self.speed = rate if self.speed == 0 else 0.3 * rate + 0.7 * self.speed
            self._sample_time, self._sample_done = now, done
        if self.progress is None or (not force and now - self._last_report < PROGRESS_INTERVAL):
            return
        self._last_report = now
        total = total or self.total
        left = (total - done) / self.speed if self.speed > 0 and phase == "downloading" else None
        try:
            self.progress(DownloadProgress(done, total, self.speed, left, phase))
        except Exception:  # a broken progress display must not break the download
            log.exception("progress callback failed")


def _disk_error(error: OSError, part: Path) -> DownloadError:
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DownloadError(
            sentence.translate(
                "Download",
                "The disk is full, so {name} could not be saved. "
                "Free some space and try again; the download continues where it stopped.",
            ).format(name=part.name.removesuffix(".part")),
            can_resume=True,
        )
    return DownloadError(
        sentence.translate(
            "Download", "Could not write {path} ({reason}). Check the folder and try again."
        ).format(path=part, reason=error.strerror or error),
        can_resume=True,
    )
