"""The GPU list read from ggml's device registry (a fake registry stands in for llama.cpp's),
and what the GPU layers control says about it."""

from __future__ import annotations

import ctypes

import pytest

from writer_app.core.local import gpu_devices
from writer_app.core.local.gpu_devices import (
    DEVICE_ACCEL,
    DEVICE_CPU,
    DEVICE_GPU,
    DEVICE_IGPU,
    GpuDevice,
    GpuSupport,
)

GB = 1_000_000_000


def fake_api(registries: dict[str, list[tuple[str, str, int, int, int]]]) -> gpu_devices._Api:
    """Registries by name, each with its devices (name, description, type, free, total);
    "pointers" are indexes into these lists, from 1 (0 is NULL)."""
    regs = list(registries)
    devices = [(reg, *device) for reg in regs for device in registries[reg]]

    def memory(device, free, total):
        ctypes.cast(free, ctypes.POINTER(ctypes.c_size_t))[0] = devices[device - 1][4]
        ctypes.cast(total, ctypes.POINTER(ctypes.c_size_t))[0] = devices[device - 1][5]

    def reg_devices(reg):
        return [i + 1 for i, device in enumerate(devices) if device[0] == regs[reg - 1]]

    return gpu_devices._Api(
        dev_count=lambda: len(devices),
        dev_get=lambda i: i + 1,
        dev_name=lambda d: devices[d - 1][1].encode(),
        dev_description=lambda d: devices[d - 1][2].encode(),
        dev_memory=memory,
        dev_type=lambda d: devices[d - 1][3],
        dev_backend_reg=lambda d: regs.index(devices[d - 1][0]) + 1,
        reg_count=lambda: len(regs),
        reg_get=lambda i: i + 1,
        reg_name=lambda r: regs[r - 1].encode(),
        reg_dev_count=lambda r: len(reg_devices(r)),
        reg_dev_get=lambda r, i: reg_devices(r)[i],
    )


@pytest.fixture
def registry(monkeypatch):
    def install(registries):
        monkeypatch.setattr(gpu_devices, "_api", lambda: fake_api(registries))
        gpu_devices.gpu_backend.cache_clear()

    yield install
    gpu_devices.gpu_backend.cache_clear()


CPU = ("CPU", "AMD EPYC", DEVICE_CPU, 100 * GB, 128 * GB)


def test_a_cpu_only_build_lists_no_gpu(registry):
    registry({"CPU": [CPU], "BLAS": [("BLAS", "OpenBLAS", DEVICE_ACCEL, 0, 0)]})
    assert gpu_devices.gpu_devices() == []
    assert gpu_devices.gpu_backend() is None
    assert gpu_devices.gpu_support() == GpuSupport(None, ())


def test_gpus_are_listed_with_their_backend_and_memory(registry):
    registry(
        {
            "CUDA": [
                ("CUDA0", "NVIDIA H200", DEVICE_GPU, 139 * GB, 150 * GB),
                ("CUDA1", "NVIDIA H200", DEVICE_GPU, 100 * GB, 150 * GB),
            ],
            "CPU": [CPU],
        }
    )
    assert gpu_devices.gpu_backend() == "CUDA"
    support = gpu_devices.gpu_support()
    assert support.devices == (
        GpuDevice("CUDA0", "NVIDIA H200", 139 * GB, 150 * GB, "CUDA"),
        GpuDevice("CUDA1", "NVIDIA H200", 100 * GB, 150 * GB, "CUDA"),
    )
    assert support.free_bytes == 239 * GB


def test_an_integrated_gpu_is_marked(registry):
    registry({"Vulkan": [("Vulkan0", "Intel Arc", DEVICE_IGPU, 8 * GB, 16 * GB)], "CPU": [CPU]})
    assert gpu_devices.gpu_devices() == [
        GpuDevice("Vulkan0", "Intel Arc", 8 * GB, 16 * GB, "Vulkan", integrated=True)
    ]


def test_metal_is_called_metal(registry):
    # ggml's Metal registry is "MTL"; Apple's Accelerate registers as BLAS (not a GPU).
    registry(
        {
            "MTL": [("MTL0", "Apple M2 Max", DEVICE_GPU, 20 * GB, 22 * GB)],
            "BLAS": [("BLAS", "Accelerate", DEVICE_ACCEL, 0, 0)],
            "CPU": [CPU],
        }
    )
    assert gpu_devices.gpu_backend() == "Metal"
    assert gpu_devices.gpu_devices()[0].backend == "Metal"


def test_a_gpu_build_without_a_gpu_still_names_its_backend(registry):
    # A CUDA build on a computer without an NVIDIA driver: the backend lists no device.
    registry({"CUDA": [], "RPC": [], "CPU": [CPU]})
    assert gpu_devices.gpu_backend() == "CUDA"
    assert gpu_devices.gpu_devices() == []


def test_a_failure_reads_as_no_gpu(monkeypatch, caplog):
    def broken():
        raise AttributeError("llama.cpp's libraries have no ggml_backend_dev_count")

    monkeypatch.setattr(gpu_devices, "_api", broken)
    gpu_devices.gpu_backend.cache_clear()
    try:
        assert gpu_devices.gpu_devices() == [] and gpu_devices.gpu_backend() is None
    finally:
        gpu_devices.gpu_backend.cache_clear()
    assert "could not list" in caplog.text


# -- what the GPU layers control says ----------------------------------------------------------


def test_the_gpu_note_names_the_backend_and_the_card(qtbot):
    from writer_app.ui.panels.sampling_panel import SamplingPanel

    panel = SamplingPanel()
    qtbot.addWidget(panel)
    h200 = GpuDevice("CUDA0", "NVIDIA H200", 139 * GB, 150 * GB, "CUDA")

    panel.set_gpu_layers(-1, available=True, layer_count=None, gpus=GpuSupport("CUDA", (h200,)))
    assert panel.gpu_note.text() == "CUDA: NVIDIA H200, 139.0 GB free"
    assert not panel.gpu_note.isHidden() and panel.gpu_layers.isEnabled()

    panel.set_gpu_layers(0, available=False, layer_count=None, gpus=GpuSupport(None, ()))
    assert "no GPU support" in panel.gpu_note.text() and "README" in panel.gpu_note.text()
    assert not panel.gpu_layers.isEnabled()

    panel.set_gpu_layers(0, available=False, layer_count=None, gpus=GpuSupport("Vulkan", ()))
    assert panel.gpu_note.text().startswith("This llama.cpp build has Vulkan but finds no GPU")

    panel.set_gpu_layers(0, available=None, layer_count=None)  # before any model loads
    assert panel.gpu_note.isHidden() and panel.gpu_layers.isEnabled()
