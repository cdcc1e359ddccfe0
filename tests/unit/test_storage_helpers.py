"""The shared copy, hash and size helpers: a cancelled copy stops and leaves nothing under the
final name, a hash is the file's real sha256, sizes read as the writer expects."""

from __future__ import annotations

import hashlib
import io
import os
import threading

import pytest

from tests.support.tiny_gguf import write_tiny_llama_gguf
from writer_app.core.models import library
from writer_app.core.models.library import ImportCancelled, Library
from writer_app.core.models.memory_fit import MemoryEstimate, check_fit
from writer_app.core.storage.copying import (
    Cancelled,
    Overrun,
    chunks_of,
    copy_blocks,
    copy_to_file,
)
from writer_app.core.storage.hashing import file_sha256
from writer_app.core.storage.paths import models_dir
from writer_app.core.text.sizes import format_size

DATA = os.urandom(10_000) + "第一章".encode() * 3000  # a few chunks of 4 KB


def test_a_cancelled_copy_stops_between_chunks(tmp_path):
    source = tmp_path / "model.gguf"
    source.write_bytes(DATA)
    partial = tmp_path / ".model.gguf.importing"
    cancel = threading.Event()
    seen: list[int] = []

    def progress(done: int) -> None:
        seen.append(done)
        cancel.set()  # the writer presses Cancel after the first chunk

    with source.open("rb") as reader, pytest.raises(Cancelled):
        copy_to_file(chunks_of(reader, 4096), partial, progress=progress, cancel=cancel)
    assert seen == [4096]
    assert partial.read_bytes() == DATA[:4096]  # stopped: not read to the end


def test_a_cancelled_import_leaves_no_model_and_no_temp_file(tmp_path, monkeypatch):
    source = tmp_path / "mine.gguf"
    write_tiny_llama_gguf(source)
    monkeypatch.setattr(library, "COPY_CHUNK", 4096)
    cancel = threading.Event()
    seen: list[int] = []

    def progress(done: int, _total: int) -> None:
        seen.append(done)
        if len(seen) == 2:
            cancel.set()

    with pytest.raises(ImportCancelled):
        Library().import_file(source, copy=True, progress=progress, cancel=cancel)
    assert seen == [4096, 8192] and source.stat().st_size > 8192
    assert list(models_dir().iterdir()) == []  # neither the model nor its temp copy


def test_a_copy_resumed_after_a_cancel_gives_the_whole_file_and_its_hash(tmp_path):
    partial = tmp_path / "x.part"
    partial.write_bytes(DATA[:4096] + b"garbage past the kept part")
    digest = hashlib.sha256(DATA[:4096])
    rest = chunks_of(io.BytesIO(DATA[4096:]), 4096)
    done = copy_to_file(rest, partial, done=4096, digest=digest)
    assert done == len(DATA)
    assert partial.read_bytes() == DATA
    assert digest.hexdigest() == hashlib.sha256(DATA).hexdigest()


def test_an_already_set_cancel_copies_nothing():
    cancel = threading.Event()
    cancel.set()
    sink = io.BytesIO()
    with pytest.raises(Cancelled):
        copy_blocks([b"abc"], sink, cancel=cancel)
    assert sink.getvalue() == b""


def test_more_than_announced_is_refused_before_it_is_written():
    sink = io.BytesIO()
    with pytest.raises(Overrun):
        copy_blocks([b"abcd", b"efgh"], sink, done=2, limit=8)
    assert sink.getvalue() == b"abcd"


def test_the_file_hash_is_the_real_sha256_of_the_file(tmp_path):
    path = tmp_path / "model.gguf"
    path.write_bytes(DATA)
    expected = hashlib.sha256(DATA).hexdigest()
    seen: list[int] = []
    assert file_sha256(path, chunk=4096, progress=seen.append) == expected
    assert seen[-1] == len(DATA) and seen == sorted(seen) and len(seen) > 2
    assert file_sha256(path) == expected
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    assert file_sha256(empty) == hashlib.sha256(b"").hexdigest()


def test_a_hash_can_continue_a_digest_and_be_cancelled(tmp_path):
    head, tail = tmp_path / "head", tmp_path / "tail"
    head.write_bytes(DATA[:5000])
    tail.write_bytes(DATA[5000:])
    digest = hashlib.sha256()
    file_sha256(head, digest=digest)
    assert file_sha256(tail, digest=digest) == hashlib.sha256(DATA).hexdigest()
    cancel = threading.Event()
    with pytest.raises(Cancelled):
        file_sha256(head, chunk=1024, progress=lambda _done: cancel.set(), cancel=cancel)


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (999, "999 bytes"),
        (1000, "1 KB"),
        (12_345, "12 KB"),
        (999_499, "999 KB"),
        (999_999, "1 MB"),  # rounded up into the next unit, never "1000 KB"
        (340_000_000, "340 MB"),
        (32 * 2**20, "34 MB"),
        (999_600_000, "1.0 GB"),
        (1_234_567_890, "1.2 GB"),
        (4_700_000_000, "4.7 GB"),
        (12_340_000_000, "12.3 GB"),
        (2_500_000_000_000, "2.5 TB"),
    ],
)
def test_sizes_read_as_a_writer_expects(size, shown):
    assert format_size(size) == shown


def test_the_memory_verdict_says_sizes_the_same_way():
    estimate = MemoryEstimate(
        weights_bytes=4_700_000_000,
        kv_cache_bytes=500_000_000,
        overhead_bytes=300_000_000,
        gpu_share=0.0,
        n_ctx=4096,
        gpu_layers=0,
        n_layer=32,
    )
    verdict = check_fit(estimate, available_ram=340_000_000)
    assert "needs about 5.5 GB of memory" in verdict.message
    assert "but 340 MB is free" in verdict.message
