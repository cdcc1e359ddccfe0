"""The model library: what the writer sees listed, imports, per-model settings that are
remembered, a damaged models.json that does not lose the library, and memory advice."""

from __future__ import annotations

import json
import threading
from collections import namedtuple
from dataclasses import replace
from pathlib import Path

import pytest

from tests.support.tiny_gguf import write_tiny_llama_gguf
from writer_app.core.models.gguf import ModelInfo, inspect_gguf
from writer_app.core.models.library import ImportCancelled, Library, LibraryError, ModelSettings
from writer_app.core.models.memory_fit import available_ram, check_fit, estimate_memory
from writer_app.core.storage.paths import config_dir, models_dir

GB = 1_000_000_000


@pytest.fixture(scope="module")
def gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lib") / "tiny-llama.gguf"
    write_tiny_llama_gguf(path)
    return path


@pytest.fixture
def outside(tmp_path: Path, gguf: Path) -> Path:
    """A model in the writer's own folder, outside the library."""
    path = tmp_path / "Downloads" / "my-model.gguf"
    path.parent.mkdir()
    path.write_bytes(gguf.read_bytes())
    return path


def put_in_library(name: str, data: bytes) -> Path:
    models_dir().mkdir(parents=True, exist_ok=True)
    path = models_dir() / name
    path.write_bytes(data)
    return path


def test_lists_models_in_the_folder_skipping_partial_downloads(gguf):
    put_in_library("b-model.gguf", gguf.read_bytes())
    put_in_library("a-model.gguf", gguf.read_bytes())
    put_in_library("c-model.gguf.part", gguf.read_bytes()[:1000])
    put_in_library("notes.txt", b"not a model")

    listed = Library().installed()

    assert [m.display_name for m in listed] == ["a-model", "b-model"]
    assert all(m.usable and m.in_library and m.info.architecture == "llama" for m in listed)
    assert listed[0].size_bytes == gguf.stat().st_size


def test_a_broken_model_is_listed_with_its_reason_not_hidden(gguf):
    put_in_library("good.gguf", gguf.read_bytes())
    put_in_library("truncated.gguf", gguf.read_bytes()[:5000])
    put_in_library("random.gguf", b"\x00junk" * 100)

    listed = {m.display_name: m for m in Library().installed()}

    assert listed["good"].usable
    assert not listed["truncated"].usable and "truncated" in (listed["truncated"].error or "")
    assert "not a GGUF model file" in (listed["random"].error or "")
    assert listed["random"].info is None


def test_import_by_copy_puts_the_model_in_the_library(outside):
    copied: list[tuple[int, int]] = []
    model = Library().import_file(outside, copy=True, progress=lambda d, t: copied.append((d, t)))

    assert model.path == models_dir() / "my-model.gguf" and model.in_library and model.usable
    assert model.path.read_bytes() == outside.read_bytes() and outside.exists()
    assert copied[-1] == (outside.stat().st_size,) * 2
    assert sorted(p.name for p in models_dir().iterdir()) == ["my-model.gguf"]  # no temp left
    assert [m.path for m in Library().installed()] == [model.path]


def test_importing_the_same_file_twice_keeps_one_copy_a_different_one_gets_a_new_name(
    outside, gguf
):
    library = Library()
    first = library.import_file(outside, copy=True)
    again = library.import_file(outside, copy=True)
    assert again.path == first.path

    other = outside.with_name("other") / "my-model.gguf"
    other.parent.mkdir()
    write_tiny_llama_gguf(other, n_embd=64, n_ff=128)
    renamed = library.import_file(other, copy=True)
    assert renamed.path.name == "my-model-2.gguf"


def test_import_by_reference_leaves_the_file_where_it_is(outside):
    model = Library().import_file(outside, copy=False)

    assert model.path == outside.resolve() and not model.in_library
    assert not models_dir().exists() or not any(models_dir().iterdir())
    (listed,) = Library().installed()  # a new Library: read back from models.json
    assert listed.path == outside.resolve() and not listed.in_library and listed.usable


def test_a_referenced_file_that_moved_is_listed_with_a_sentence(outside):
    Library().import_file(outside, copy=False)
    outside.unlink()
    (listed,) = Library().installed()
    assert not listed.usable and "no longer at" in (listed.error or "")


def test_a_malformed_file_is_refused_before_anything_is_copied(tmp_path):
    bad = tmp_path / "fake.gguf"
    bad.write_bytes(b"GGUF" + b"\xff" * 60)
    with pytest.raises(LibraryError, match="fake.gguf cannot be imported: .*"):
        Library().import_file(bad, copy=True)
    assert not models_dir().exists() or not any(models_dir().iterdir())


def test_a_cancelled_import_leaves_nothing_behind(outside, monkeypatch):
    monkeypatch.setattr("writer_app.core.models.library.COPY_CHUNK", 4096)
    cancel = threading.Event()
    with pytest.raises(ImportCancelled):
        Library().import_file(outside, copy=True, progress=lambda d, t: cancel.set(), cancel=cancel)
    assert not any(models_dir().iterdir())


def test_not_enough_disk_space_is_said_before_copying(outside, monkeypatch):
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(
        "writer_app.core.models.library.shutil.disk_usage", lambda _p: usage(1, 1, 0)
    )
    with pytest.raises(LibraryError, match="not enough disk space.*use the file where it is"):
        Library().import_file(outside, copy=True)


def test_settings_are_remembered_per_model(outside, gguf):
    library = Library()
    mine = library.import_file(outside, copy=False)
    other = put_in_library("other.gguf", gguf.read_bytes())
    library.save_settings(mine.path, ModelSettings(n_ctx=8192, gpu_layers=-1, threads=3))

    fresh = Library()
    assert fresh.settings_for(mine.path) == ModelSettings(8192, -1, 3)
    assert fresh.settings_for(other) == ModelSettings()  # defaults: 4096, CPU only
    assert {m.path: m.settings.n_ctx for m in fresh.installed()}[mine.path] == 8192


def test_settings_follow_a_model_moved_to_another_folder(outside, tmp_path):
    Library().save_settings(outside, ModelSettings(n_ctx=2048))
    moved = tmp_path / "elsewhere" / outside.name
    moved.parent.mkdir()
    outside.rename(moved)
    assert Library().settings_for(moved).n_ctx == 2048


def test_bad_saved_values_fall_back_to_defaults_one_by_one():
    settings = ModelSettings.from_dict({"n_ctx": 1000, "gpu_layers": 12, "threads": "many"})
    assert settings == ModelSettings(n_ctx=4096, gpu_layers=12, threads=None)


def test_the_active_model_is_remembered_and_forgotten_when_removed(outside):
    library = Library()
    model = library.import_file(outside, copy=True)
    library.active_model = model.path
    assert Library().active_model == model.path

    library.remove(model)

    assert not model.path.exists() and outside.exists()
    assert Library().active_model is None and Library().installed() == []


def test_removing_a_referenced_model_never_deletes_the_writers_file(outside):
    library = Library()
    model = library.import_file(outside, copy=False)
    library.remove(model)
    assert outside.exists() and library.installed() == []


def test_a_damaged_models_json_is_set_aside_and_the_library_still_works(outside, gguf):
    put_in_library("kept.gguf", gguf.read_bytes())
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "models.json").write_text("{ this is not json", encoding="utf-8")

    library = Library()
    assert [m.display_name for m in library.installed()] == ["kept"]
    library.save_settings(outside, ModelSettings(n_ctx=2048))

    (kept,) = config_dir().glob("models.json.damaged-*")  # dated: never overwritten
    assert kept.read_text() == "{ this is not json"
    saved = json.loads((config_dir() / "models.json").read_text(encoding="utf-8"))
    assert saved["models"][str(outside.resolve())]["settings"]["n_ctx"] == 2048


# -- memory ----------------------------------------------------------------------------------


def seven_b(file_size: int = int(4.7 * GB)) -> ModelInfo:
    """What the header of a Llama-style 7B Q4_K_M says (32 layers, 8 KV heads of 128)."""
    metadata = {
        "general.architecture": "llama",
        "llama.block_count": 32,
        "llama.embedding_length": 4096,
        "llama.attention.head_count": 32,
        "llama.attention.head_count_kv": 8,
    }
    return ModelInfo(Path("7b.gguf"), file_size, "llama", "7B", 32768, 32, 291, metadata)


def test_kv_cache_is_counted_from_the_header(gguf):
    info = inspect_gguf(gguf)  # 2 layers, n_embd 32, 4 heads, 2 KV heads: 8 values per head
    estimate = estimate_memory(info, n_ctx=4096, gpu_layers=0)
    assert estimate.kv_cache_bytes == 2 * 4096 * 2 * (8 + 8) * 2
    assert estimate.weights_bytes == gguf.stat().st_size and estimate.gpu_bytes == 0

    big = estimate_memory(seven_b(), n_ctx=4096, gpu_layers=0)
    assert big.kv_cache_bytes == 32 * 4096 * 8 * 256 * 2  # 512 MiB at f16


def test_missing_head_counts_estimate_upwards():
    # Without head counts, assume every head keeps its own keys and values (no GQA).
    info = replace(seven_b(), metadata={"llama.embedding_length": 4096})
    assert estimate_memory(info, 4096, 0).kv_cache_bytes == 32 * 4096 * 2 * 4096 * 2


def test_a_model_that_fits_says_so_without_a_suggestion():
    verdict = check_fit(estimate_memory(seven_b(), 4096, 0), available_ram=16 * GB)
    assert verdict.level == "ok" and verdict.fits and verdict.suggestion == ""
    assert "needs about 5.6 GB of memory" in verdict.message


def test_too_big_for_memory_suggests_a_smaller_quantization():
    verdict = check_fit(estimate_memory(seven_b(), 4096, 0), available_ram=4 * GB)
    assert verdict.level == "too big" and not verdict.fits
    assert "but 4.0 GB is free" in verdict.message
    assert "smaller quantization" in verdict.suggestion


def test_a_long_context_that_does_not_fit_suggests_a_smaller_one():
    estimate = estimate_memory(seven_b(), n_ctx=32768, gpu_layers=0)  # 4 GiB of cache
    verdict = check_fit(estimate, available_ram=8 * GB)
    assert verdict.level == "too big"
    assert verdict.suggestion.startswith("Use a smaller context:")
    suggested = int(verdict.suggestion.split(":")[1].split()[0].replace(",", ""))
    smaller = estimate_memory(seven_b(), n_ctx=suggested, gpu_layers=0)
    assert check_fit(smaller, available_ram=8 * GB).level == "ok"


def test_too_many_gpu_layers_suggests_fewer():
    estimate = estimate_memory(seven_b(), n_ctx=4096, gpu_layers=-1)
    assert estimate.ram_bytes < 1 * GB  # weights and cache went to the GPU
    verdict = check_fit(estimate, available_ram=16 * GB, available_vram=4 * GB)
    assert verdict.level == "too big" and "on the GPU" in verdict.message
    assert verdict.suggestion.startswith("Offload fewer layers to the GPU")
    layers = int(verdict.suggestion.split(": ")[1].split()[0])
    assert 0 < layers < 32
    fewer = estimate_memory(seven_b(), n_ctx=4096, gpu_layers=layers)
    assert check_fit(fewer, available_ram=16 * GB, available_vram=4 * GB).fits


def test_a_tight_fit_warns_but_still_fits():
    verdict = check_fit(estimate_memory(seven_b(), 4096, 0), available_ram=6 * GB)
    assert verdict.level == "tight" and verdict.fits and "slow down" in verdict.message


def test_available_ram_is_read_from_the_system():
    free = available_ram()
    assert free is not None and 0 < free < 1 << 50
