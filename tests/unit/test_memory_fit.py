"""Memory fit with the GPU: the offloaded layers are weighed against the GPUs' free memory, as
the worker measures it (the device query is injected here; no GPU is needed)."""

from __future__ import annotations

from pathlib import Path

from tests.unit.test_library import seven_b
from writer_app.core.local.config import EngineConfig
from writer_app.core.local.gpu_devices import GpuDevice, GpuSupport
from writer_app.core.models.memory_fit import check_fit, estimate_memory
from writer_app.ui.worker import fit_verdict

GB = 1_000_000_000


def card(free_gb: float, name: str = "NVIDIA RTX 4060", *, integrated: bool = False):
    free = int(free_gb * GB)
    return GpuDevice("CUDA0", name, free, free + 1 * GB, "CUDA", integrated)


def config(gpu_layers: int, n_ctx: int = 4096) -> EngineConfig:
    return EngineConfig(Path("7b.gguf"), n_ctx=n_ctx, n_gpu_layers=gpu_layers)


def offered_layers(suggestion: str) -> int:
    return int(suggestion.split(": ")[1].split()[0])


def test_all_layers_fit_on_a_big_gpu(monkeypatch):
    monkeypatch.setattr("writer_app.ui.worker.available_ram", lambda: 16 * GB)
    verdict = fit_verdict(seven_b(), config(-1), GpuSupport("CUDA", (card(24),)))
    assert verdict.level == "ok" and verdict.suggestion == ""
    assert verdict.gpu_layers_fit == 32  # all of them
    assert "on the GPU" in verdict.message and "24.0 GB on the GPU" in verdict.message


def test_too_many_layers_for_the_gpu_are_questioned_with_the_number_that_fits(monkeypatch):
    monkeypatch.setattr("writer_app.ui.worker.available_ram", lambda: 16 * GB)
    verdict = fit_verdict(seven_b(), config(-1), GpuSupport("CUDA", (card(2),)))
    assert verdict.level == "too big" and not verdict.fits
    assert verdict.suggestion.startswith("Offload fewer layers to the GPU")
    layers = offered_layers(verdict.suggestion)
    assert layers == verdict.gpu_layers_fit and 0 < layers < 32
    fewer = estimate_memory(seven_b(), 4096, layers)
    assert check_fit(fewer, 16 * GB, 2 * GB).level == "ok"
    one_more = estimate_memory(seven_b(), 4096, layers + 1)
    assert check_fit(one_more, 16 * GB, 2 * GB).level != "ok"


def test_a_gpu_without_room_for_one_layer_says_to_use_the_cpu(monkeypatch):
    monkeypatch.setattr("writer_app.ui.worker.available_ram", lambda: 16 * GB)
    verdict = fit_verdict(seven_b(), config(10), GpuSupport("Vulkan", (card(0.1),)))
    assert not verdict.fits and verdict.gpu_layers_fit == 0
    assert "set GPU layers to 0" in verdict.suggestion


def test_short_of_memory_with_room_on_the_gpu_offers_it(monkeypatch):
    monkeypatch.setattr("writer_app.ui.worker.available_ram", lambda: 4 * GB)
    on_cpu = fit_verdict(seven_b(), config(0), GpuSupport("CUDA", (card(24),)))
    assert on_cpu.level == "too big"
    assert on_cpu.suggestion == "Offload all layers to the GPU: they should fit there."

    some = fit_verdict(seven_b(), config(0), GpuSupport("CUDA", (card(3),)))
    assert some.suggestion.startswith("Offload more layers to the GPU:")
    layers = offered_layers(some.suggestion)
    assert layers == some.gpu_layers_fit and 0 < layers < 32


def test_no_gpu_leaves_the_check_as_it_was(monkeypatch):
    # A CPU-only build: the GPU layers setting is ignored, as llama.cpp ignores it.
    monkeypatch.setattr("writer_app.ui.worker.available_ram", lambda: 4 * GB)
    monkeypatch.setattr("writer_app.ui.worker.gpu_offload_available", lambda: False)
    verdict = fit_verdict(seven_b(), config(-1), GpuSupport(None, ()))
    assert verdict.gpu_layers_fit is None and "on the GPU" not in verdict.message
    assert verdict == check_fit(estimate_memory(seven_b(), 4096, 0), 4 * GB)
    assert "GPU" not in verdict.suggestion


def test_two_gpus_add_up(monkeypatch):
    # llama.cpp spreads the layers over both, each in proportion to its free memory.
    monkeypatch.setattr("writer_app.ui.worker.available_ram", lambda: 16 * GB)
    one = GpuSupport("CUDA", (card(4),))
    two = GpuSupport("CUDA", (card(4), card(4, "NVIDIA RTX 3060")))
    assert two.free_bytes == 8 * GB
    assert not fit_verdict(seven_b(), config(-1), one).fits  # 5.2 GB on the GPU
    both = fit_verdict(seven_b(), config(-1), two)
    assert both.level == "ok" and both.gpu_layers_fit == 32


def test_an_integrated_gpu_counts_only_without_a_dedicated_one():
    igpu = card(8, "Intel Arc Graphics", integrated=True)
    assert GpuSupport("Vulkan", (igpu,)).free_bytes == 8 * GB
    assert GpuSupport("Vulkan", (igpu, card(4))).free_bytes == 4 * GB
    assert GpuSupport("Vulkan", (igpu, card(4))).offload_devices == (card(4),)
    assert GpuSupport(None, ()).free_bytes is None


def test_layers_fitting_is_capped_at_the_model():
    estimate = estimate_memory(seven_b(), 4096, -1)
    assert estimate.offloaded_layers == 32 and estimate.layers_fitting(1000 * GB) == 32
    assert estimate.layers_fitting(0) == 0
    assert estimate_memory(seven_b(), 4096, 8).offloaded_layers == 8
