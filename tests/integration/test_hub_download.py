"""Downloading a model with the real huggingface_hub client from a hub on 127.0.0.1:
progress, cancel and resume (also across a restart), checksums, and the failures a writer
meets, each told in a sentence."""

from __future__ import annotations

import errno
import hashlib
import itertools
import json
import threading
from pathlib import Path

import pytest

from tests.support.hub_server import COMMIT, HubServer
from tests.support.tiny_gguf import write_tiny_llama_gguf
from writer_app.core.models import hub, mirror
from writer_app.core.models.download_file import DownloadCancelled, DownloadError, DownloadProgress
from writer_app.core.models.gguf import inspect_gguf
from writer_app.core.models.hub import HubFile
from writer_app.core.storage.paths import models_dir

REPO = "writer/tiny-llama-GGUF"
NAME = "tiny-llama-Q4_K_M.gguf"
FILE = HubFile(REPO, NAME)


@pytest.fixture(scope="module")
def model_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real GGUF of ~1.6 MB: large enough for many network reads, small enough to be quick."""
    path = tmp_path_factory.mktemp("hub") / NAME
    write_tiny_llama_gguf(path, n_embd=128, n_ff=256)
    return path.read_bytes()


@pytest.fixture
def server(model_bytes: bytes):
    with HubServer(REPO, {NAME: model_bytes, "notes.gguf": b"Chapter one. " * 5000}) as running:
        yield running


def part_of(name: str = NAME) -> Path:
    return models_dir() / f"{name}.part"


def stop_after(cancel: threading.Event, limit: int):
    def on_progress(update: DownloadProgress) -> None:
        if update.phase == "downloading" and update.done >= limit:
            cancel.set()

    return on_progress


def test_download_reports_progress_and_lands_verified_in_models_dir(server, model_bytes):
    updates: list[DownloadProgress] = []
    path = hub.download(FILE, endpoint=server.endpoint, progress=updates.append)

    assert path == models_dir() / NAME
    assert hashlib.sha256(path.read_bytes()).hexdigest() == server.sha256(NAME)
    assert inspect_gguf(path).architecture == "llama"
    assert not part_of().exists() and not (models_dir() / f"{NAME}.part.json").exists()
    assert updates[-1].done == updates[-1].total == len(model_bytes)
    assert all(u.bytes_per_second >= 0 for u in updates)
    # The token never leaves for the CDN, and the file came from it in one request.
    assert server.ranges() == [""]


def test_progress_tells_speed_and_time_left(server, model_bytes, monkeypatch):
    ticks = itertools.count()
    monkeypatch.setattr(hub, "_clock", lambda: next(ticks) * 0.25)  # a slow line: 1/4 s a read
    updates: list[DownloadProgress] = []
    hub.download(FILE, endpoint=server.endpoint, progress=updates.append)

    timed = [u for u in updates if u.seconds_left is not None]
    assert timed and all(u.bytes_per_second > 0 for u in timed)
    last = timed[-1]
    assert last.seconds_left == pytest.approx((last.total - last.done) / last.bytes_per_second)
    assert timed[0].seconds_left > timed[-1].seconds_left


def test_resolve_reads_size_checksum_and_commit_from_the_hub(server, model_bytes):
    remote = hub.resolve(FILE, endpoint=server.endpoint)
    assert remote.size == len(model_bytes)
    assert remote.sha256 == server.sha256(NAME)
    assert remote.commit == COMMIT
    assert remote.url == f"{server.endpoint}/{REPO}/resolve/{COMMIT}/{NAME}"
    assert any(r.method == "POST" and "/paths-info/" in r.path for r in server.requests)


def test_cancel_keeps_the_part_and_the_next_download_resumes_with_a_range(server, model_bytes):
    cancel = threading.Event()
    with pytest.raises(DownloadCancelled, match="continue where it stopped"):
        hub.download(FILE, endpoint=server.endpoint, cancel=cancel, progress=stop_after(cancel, 1))
    kept = part_of().stat().st_size
    assert 0 < kept < len(model_bytes)
    assert not (models_dir() / NAME).exists()

    path = hub.download(FILE, endpoint=server.endpoint)

    assert server.ranges() == ["", f"bytes={kept}-"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == server.sha256(NAME)


def test_a_part_left_by_an_earlier_run_is_resumed_after_a_restart(server, model_bytes):
    # What a crashed or closed app leaves behind: half the file and its stamp.
    half = len(model_bytes) // 2
    models_dir().mkdir(parents=True)
    part_of().write_bytes(model_bytes[:half])
    stamp = {"repo_id": REPO, "filename": NAME, "size": len(model_bytes),
             "sha256": server.sha256(NAME)}  # fmt: skip
    (models_dir() / f"{NAME}.part.json").write_text(json.dumps(stamp))

    phases: list[str] = []
    path = hub.download(FILE, endpoint=server.endpoint, progress=lambda u: phases.append(u.phase))

    assert server.ranges() == [f"bytes={half}-"]
    assert path.read_bytes() == model_bytes
    assert phases[0] == "checking" and phases[-1] == "downloading"


def test_a_part_of_another_version_of_the_file_is_not_resumed(server, model_bytes):
    models_dir().mkdir(parents=True)
    part_of().write_bytes(b"x" * 1000)
    stamp = {"repo_id": REPO, "filename": NAME, "size": 5, "sha256": "0" * 64}
    (models_dir() / f"{NAME}.part.json").write_text(json.dumps(stamp))

    path = hub.download(FILE, endpoint=server.endpoint)

    assert server.ranges() == [""]
    assert path.read_bytes() == model_bytes


def test_a_wrong_checksum_deletes_the_download_and_says_so(server):
    server.advertised_sha256 = "f" * 64
    with pytest.raises(DownloadError, match="failed its checksum.*deleted"):
        hub.download(FILE, endpoint=server.endpoint)
    assert not part_of().exists() and not (models_dir() / NAME).exists()


def test_a_file_that_is_not_a_model_is_deleted_after_download(server):
    with pytest.raises(DownloadError, match="not a model writer-app can load.*deleted"):
        hub.download(HubFile(REPO, "notes.gguf"), endpoint=server.endpoint)
    assert list(models_dir().iterdir()) == []


def test_a_private_repo_asks_for_a_token(server):
    server.token = "hf_secret"
    with pytest.raises(DownloadError, match="private or gated.*token") as caught:
        hub.download(FILE, endpoint=server.endpoint, token="hf_wrong")
    assert not caught.value.can_resume

    path = hub.download(FILE, endpoint=server.endpoint, token="hf_secret")
    assert path.is_file()
    hub_requests = [r for r in server.requests if r.server == "hub"]
    assert hub_requests[-1].authorized
    assert not any(r.authorized for r in server.requests if r.server == "cdn")


def test_a_gated_repo_says_to_accept_the_licence(server):
    server.unauthorized = "GatedRepo"
    with pytest.raises(DownloadError, match="gated: accept its licence"):
        hub.download(FILE, endpoint=server.endpoint)


def test_a_missing_file_is_named(server):
    with pytest.raises(DownloadError, match=r"nope\.gguf is not in writer/tiny-llama-GGUF"):
        hub.download(HubFile(REPO, "nope.gguf"), endpoint=server.endpoint)


def test_a_stalled_server_gives_up_keeps_the_part_and_resumes(server, model_bytes):
    server.stall_after, server.stall_seconds = 300_000, 5.0
    with pytest.raises(DownloadError, match="stopped sending data") as caught:
        hub.download(FILE, endpoint=server.endpoint, timeout=0.5)
    assert caught.value.can_resume
    kept = part_of().stat().st_size
    assert kept >= 300_000 - 65536  # what arrived before the stall (reads are up to 64 KiB)

    path = hub.download(FILE, endpoint=server.endpoint, timeout=5)
    assert server.ranges()[-1] == f"bytes={kept}-"
    assert path.read_bytes() == model_bytes


def test_a_dropped_connection_keeps_the_part_and_resumes(server, model_bytes):
    server.drop_after = 500_000
    with pytest.raises(DownloadError, match="connection .*lost|connection closed") as caught:
        hub.download(FILE, endpoint=server.endpoint)
    assert caught.value.can_resume
    assert part_of().stat().st_size == 500_000

    path = hub.download(FILE, endpoint=server.endpoint)
    assert server.ranges() == ["", "bytes=500000-"]
    assert path.read_bytes() == model_bytes


def test_no_server_means_no_connection():
    with pytest.raises(DownloadError, match="Could not connect to 127.0.0.1:9"):
        hub.download(FILE, endpoint="http://127.0.0.1:9", timeout=2)


def test_a_full_disk_is_reported_and_the_part_kept(server, monkeypatch):
    class FullDisk:
        def __init__(self, path: Path) -> None:
            self.stream = path.open("r+b")

        def __enter__(self):
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()

        def seek(self, offset: int) -> None:
            self.stream.seek(offset)

        def truncate(self) -> None:
            self.stream.truncate()

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(hub, "_open_for_writing", FullDisk)
    with pytest.raises(DownloadError, match="disk is full") as caught:
        hub.download(FILE, endpoint=server.endpoint)
    assert caught.value.can_resume and part_of().exists()


def test_a_catalog_checksum_that_the_server_does_not_match_stops_before_downloading(server):
    with pytest.raises(DownloadError, match="different .* than writer-app's catalog"):
        hub.download(FILE, endpoint=server.endpoint, expected_sha256="a" * 64)
    assert server.ranges() == []


def test_a_file_already_downloaded_is_checked_not_fetched_again(server, model_bytes):
    first = hub.download(FILE, endpoint=server.endpoint)
    again = hub.download(FILE, endpoint=server.endpoint)
    assert again == first and server.ranges() == [""]


@pytest.mark.parametrize(
    ("filename", "reason"),
    [
        ("../escape.gguf", "not a file name"),
        ("README.md", "not a GGUF model file"),
        ("big-Q4_K_M-00001-of-00003.gguf", "split into several files"),
    ],
)
def test_names_that_cannot_be_a_single_model_file_are_refused_offline(filename, reason):
    with pytest.raises(DownloadError, match=reason):
        hub.download(HubFile(REPO, filename), endpoint="http://127.0.0.1:9")


def test_the_endpoint_is_the_writers_mirror_then_hf_endpoint_then_hugging_face(monkeypatch):
    monkeypatch.delenv("HF_ENDPOINT", raising=False)
    assert mirror.default_endpoint() == "https://huggingface.co"
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:8080/")
    assert mirror.default_endpoint() == "http://127.0.0.1:8080"
    mirror.save_endpoint("https://hf-mirror.com/")
    assert mirror.default_endpoint() == "https://hf-mirror.com"
    mirror.save_endpoint(None)
    assert mirror.default_endpoint() == "http://127.0.0.1:8080"
    with pytest.raises(ValueError, match="not a web address"):
        mirror.save_endpoint("hf-mirror.com")


def test_the_default_endpoint_is_used_when_none_is_given(server, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", server.endpoint)
    assert hub.download(FILE).is_file()
