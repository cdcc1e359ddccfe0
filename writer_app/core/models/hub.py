"""Download a GGUF model from Hugging Face (or a mirror) into the models folder: resumable,
cancellable, checked against the hub's checksum and our own header check before it can load.

huggingface_hub 2.4 deletes its partial file on any failure and has no cancel, so the bytes
go through our own loop: the real client resolves the file (size, LFS sha256, commit) and
supplies its HTTP session; we stream the resolved URL into a kept ``<name>.part`` and ask for
the rest with an HTTP Range on the next try, even after a restart. Nothing here touches the
network until a download is asked for (offline by default; huggingface_hub loads lazily).
What needs no hub client lives beside it: the kept part and its byte loop in
core.models.download_file, the mirror setting in core.models.mirror.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from writer_app.core.models.download_file import (
    DownloadCancelled,
    DownloadError,
    Meter,
    PartialDownload,
    Progress,
)
from writer_app.core.models.mirror import (
    default_endpoint,
)
from writer_app.core.storage.copying import Cancelled
from writer_app.core.storage.paths import models_dir
from writer_app.core.text import sentence

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 30.0
_SPLIT = re.compile(r"-\d{5}-of-\d{5}\.gguf$", re.IGNORECASE)
_SHA256 = re.compile(r"[0-9a-f]{64}")
_PAUSED = sentence.translate(
    "Download", "The download was paused. Start it again to continue where it stopped."
)
_ACTIVE: set[Path] = set()  # destinations being downloaded in this process
_ACTIVE_LOCK = threading.Lock()
_bounded_client: Any = None  # the hub's session once we gave it a timeout
_clock = time.monotonic  # the progress meter's clock (tests replace it)


@dataclass(frozen=True)
class HubFile:
    """One file in a Hugging Face model repository."""

    repo_id: str
    filename: str
    revision: str = "main"


@dataclass(frozen=True)
class RemoteInfo:
    """What the hub says about a file: where to fetch it, and how to check it."""

    url: str  # the resolve URL, pinned to ``commit`` when the hub named one
    size: int
    sha256: str  # the LFS object id (model files are always in LFS)
    commit: str | None


# -- resolve --------------------------------------------------------------------------------


def resolve(
    file: HubFile,
    endpoint: str | None = None,
    token: str | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> RemoteInfo:
    """Ask the hub (one HEAD, one paths-info call) for the file's size, checksum and commit."""
    _check_name(file)
    endpoint = (endpoint or default_endpoint()).rstrip("/")
    from huggingface_hub import HfApi, get_hf_file_metadata, hf_hub_url
    from huggingface_hub.errors import HfHubHTTPError, RepositoryNotFoundError

    try:
        _bounded_session(timeout)
        url = hf_hub_url(file.repo_id, file.filename, revision=file.revision, endpoint=endpoint)
        head = get_hf_file_metadata(url, token=token, timeout=timeout, endpoint=endpoint)
        revision = head.commit_hash or file.revision
        try:
            found: list[Any] | None = HfApi(endpoint=endpoint, token=token).get_paths_info(
                file.repo_id, [file.filename], revision=revision
            )
        except HfHubHTTPError as error:
            if isinstance(error, RepositoryNotFoundError) or _status(error) in (401, 403):
                raise
            # Some mirrors lack this API: the HEAD's X-Linked-ETag is the LFS sha256 too.
            log.warning("paths-info failed on %s (%s); using the ETag", endpoint, error)
            found = None
    except Exception as error:  # noqa: BLE001 (every failure becomes a sentence)
        raise explain(error, file, endpoint, timeout) from None
    if found == []:
        raise DownloadError(
            sentence.translate("Download", "{file} is not in {repo}. Check the file name.").format(
                file=file.filename, repo=file.repo_id
            )
        )
    lfs = getattr(found[0], "lfs", None) if found else None
    sha256, size = (lfs.sha256, lfs.size) if lfs is not None else (head.etag, head.size)
    if not (isinstance(sha256, str) and _SHA256.fullmatch(sha256.lower()) and size):
        raise DownloadError(
            sentence.translate(
                "Download",
                "{server} did not give the size and checksum of {file}, so it could not "
                "be checked and was not downloaded. Try again later or without the mirror.",
            ).format(server=endpoint, file=file.filename)
        )
    pinned = hf_hub_url(file.repo_id, file.filename, revision=revision, endpoint=endpoint)
    return RemoteInfo(pinned, int(size), sha256.lower(), head.commit_hash)


def _bounded_session(timeout: float) -> Any:
    """The hub's shared HTTP session, given a timeout if it has none: get_paths_info() sets
    none, so a server that stops answering would otherwise hang the download thread."""
    from huggingface_hub.utils import get_session

    global _bounded_client
    session = get_session()
    if session.timeout.read is None or session is _bounded_client:
        session.timeout = type(session.timeout)(timeout)
        _bounded_client = session
    return session


def _status(error: Exception) -> int | None:
    response = getattr(error, "response", None)
    return getattr(response, "status_code", None)


def _check_name(file: HubFile) -> None:
    path = PurePosixPath(file.filename)
    if path.is_absolute() or ".." in path.parts or not path.name:
        raise DownloadError(
            sentence.translate(
                "Download", "{file} is not a file name in a model repository."
            ).format(file=repr(file.filename))
        )
    if not path.name.lower().endswith(".gguf"):
        raise DownloadError(
            sentence.translate(
                "Download", "{file} is not a GGUF model file; writer-app loads only .gguf files."
            ).format(file=path.name)
        )
    if _SPLIT.search(path.name):
        raise DownloadError(
            sentence.translate(
                "Download",
                "{file} is one part of a model split into several files. "
                "Choose a single-file quantization of the model instead.",
            ).format(file=path.name)
        )


# -- download -------------------------------------------------------------------------------


def download(
    file: HubFile,
    dest_dir: Path | None = None,
    *,
    endpoint: str | None = None,
    token: str | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    expected_sha256: str | None = None,
) -> Path:
    """Download ``file`` into ``dest_dir`` (the models folder by default) and return its path.

    Resumes a kept ``.part`` from an earlier try. Raises DownloadCancelled when ``cancel`` is
    set (the part is kept) or DownloadError with a sentence for the writer. The file appears
    under its final name only after its checksum and GGUF header have passed.
    ``expected_sha256`` (from our catalog) must match what the hub (or mirror) announces.
    """
    _check_name(file)
    folder = Path(dest_dir) if dest_dir is not None else models_dir()
    target = folder / PurePosixPath(file.filename).name
    with _claim(target):
        _raise_if_cancelled(cancel)
        remote = resolve(file, endpoint, token, timeout=timeout)
        if expected_sha256 and remote.sha256 and remote.sha256 != expected_sha256.lower():
            raise DownloadError(
                sentence.translate(
                    "Download",
                    "The server offers a different {file} than writer-app's catalog lists "
                    "(the checksums differ), so nothing was downloaded. Try without the mirror.",
                ).format(file=target.name)
            )
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DownloadError(
                sentence.translate("Download", "Could not create {folder} ({reason}).").format(
                    folder=folder, reason=error.strerror
                )
            ) from None
        transfer = _Transfer(file, remote, target, token, timeout, progress, cancel)
        return transfer.run()


@contextmanager
def _claim(target: Path) -> Iterator[None]:
    key = target.resolve()
    with _ACTIVE_LOCK:
        if key in _ACTIVE:
            raise DownloadError(
                sentence.translate("Download", "{file} is already being downloaded.").format(
                    file=target.name
                )
            )
        _ACTIVE.add(key)
    try:
        yield
    finally:
        with _ACTIVE_LOCK:
            _ACTIVE.discard(key)


def _raise_if_cancelled(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise DownloadCancelled(_PAUSED)


def _open_for_writing(path: Path) -> BinaryIO:
    """Open the partial file without truncating it (tests replace this to fill the disk)."""
    return path.open("r+b")


class _Transfer:
    """One download attempt: resolved on the hub, fetched into the kept part (download_file)."""

    def __init__(
        self,
        file: HubFile,
        remote: RemoteInfo,
        target: Path,
        token: str | None,
        timeout: float,
        progress: Progress | None,
        cancel: threading.Event | None,
    ) -> None:
        self.file, self.remote = file, remote
        self.token, self.timeout = token, timeout
        source = {"repo_id": file.repo_id, "filename": file.filename}
        meter = Meter(remote.size, progress, _clock)
        self.partial = PartialDownload(target, source, remote.size, remote.sha256, meter, cancel)

    def run(self) -> Path:
        try:
            return self._run()
        except Cancelled:  # the writer paused it, between two blocks (core.storage.copying)
            raise DownloadCancelled(_PAUSED) from None

    def _run(self) -> Path:
        partial = self.partial
        if partial.already_here():
            return partial.target
        partial.prepare()
        partial.check_space()
        if partial.done < self.remote.size:
            try:
                self._fetch()
            except (DownloadCancelled, DownloadError, Cancelled):
                raise
            except Exception as error:  # noqa: BLE001
                raise explain(error, self.file, self.remote.url, self.timeout) from None
        target = partial.finish()
        log.info("downloaded %s (%d bytes) to %s", self.file.filename, partial.done, target)
        return target

    def _fetch(self) -> None:
        from huggingface_hub.utils import build_hf_headers, hf_raise_for_status

        partial = self.partial
        headers = build_hf_headers(token=self.token)
        headers["Accept-Encoding"] = "identity"  # byte offsets must be file offsets
        if partial.done:
            headers["Range"] = f"bytes={partial.done}-"
        session = _bounded_session(self.timeout)
        partial.meter.start(partial.done)
        with session.stream(
            "GET", self.remote.url, headers=headers, timeout=self.timeout, follow_redirects=True
        ) as response:
            if response.status_code >= 400:
                hf_raise_for_status(response)
            content_range = response.headers.get("Content-Range", "")
            if partial.done and not (
                response.status_code == 206 and content_range.startswith(f"bytes {partial.done}-")
            ):
                log.info("server ignored the range request; starting %s over", partial.part.name)
                partial.restart()
            partial.write(response.iter_raw(), _open_for_writing)
        if partial.done < self.remote.size:
            raise DownloadError(
                sentence.translate(
                    "Download",
                    "The connection closed before all of {file} arrived. "
                    "Try again to continue where it stopped.",
                ).format(file=partial.target.name),
                can_resume=True,
            )


def explain(error: BaseException, file: HubFile, where: str, timeout: float) -> DownloadError:
    """Turn a failure of the hub client or of the connection into a sentence."""
    if isinstance(error, DownloadError):
        return error
    from huggingface_hub import errors as hub

    log.warning("download of %s/%s failed: %r", file.repo_id, file.filename, error)
    host, repo = urlsplit(where).netloc or where, file.repo_id
    status = _status(error) if isinstance(error, Exception) else None
    kinds = {cls.__name__ for cls in type(error).__mro__}  # the same in httpx and httpx2
    values = {
        "repo": repo,
        "host": host,
        "file": file.filename,
        "status": status,
        "revision": repr(file.revision),
        "seconds": f"{timeout:g}",
    }
    cases: list[tuple[bool, sentence.Sentence, bool]] = [
        (isinstance(error, hub.OfflineModeIsEnabled), sentence.translate("Download",
         "Downloads are switched off because HF_HUB_OFFLINE is set. Unset it to download."),
         False),
        (isinstance(error, hub.GatedRepoError), sentence.translate("Download",
         "{repo} is gated: accept its licence on the model's page on Hugging Face, then sign "
         "in with an access token and try again."), False),
        (isinstance(error, hub.RepositoryNotFoundError) or status == 401,
         sentence.translate("Download",
         "{repo} was not found, or it is private or gated (the server refused access, 401). "
         "Check the repository name, or sign in with a token that can read it."), False),
        (isinstance(error, hub.RevisionNotFoundError), sentence.translate("Download",
         "{repo} has no version called {revision}. Check the name."), False),
        (isinstance(error, hub.EntryNotFoundError) or status == 404, sentence.translate(
         "Download", "{file} is not in {repo} (404). Check the file name."), False),
        (status == 403, sentence.translate("Download",
         "The server refused access to {repo} (403). Check your token."), False),
        (status == 429, sentence.translate("Download",
         "{host} is limiting requests (429). Wait a minute, then retry."), True),
        (status is not None and status >= 500, sentence.translate("Download",
         "{host} has a problem of its own ({status}). Try again later."), True),
        ("ConnectError" in kinds or "ConnectTimeout" in kinds, sentence.translate("Download",
         "Could not connect to {host}. Check the internet connection (or the mirror setting) "
         "and try again."), True),
        ("TimeoutException" in kinds, sentence.translate("Download",
         "{host} stopped sending data for {seconds} seconds, so the download stopped. "
         "What arrived is kept; try again to continue."), True),
        ("TransportError" in kinds or isinstance(error, ConnectionError), sentence.translate(
         "Download", "The connection to {host} was lost. "
         "What arrived is kept; try again to continue."), True),
    ]  # fmt: skip
    for matches, message, can_resume in cases:
        if matches:
            return DownloadError(message.format(**values), can_resume=can_resume)
    # Something none of the cases name: the log has its class (above); the writer reads the
    # server's words, if any, and what to do.
    detail = str(error).strip()[:200]
    if not detail:
        message = sentence.translate(
            "Download",
            "The download from {host} failed. What arrived is kept; try again to continue. "
            "If it keeps failing, Help ▸ Show Log Folder has the details for a bug report.",
        ).format(host=host)
    else:
        message = sentence.translate(
            "Download",
            "The download from {host} failed ({detail}). What arrived is kept; try again to "
            "continue. If it keeps failing, Help ▸ Show Log Folder has the details for a bug "
            "report.",
        ).format(host=host, detail=detail)
    return DownloadError(message, can_resume=True)
