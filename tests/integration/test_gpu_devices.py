"""The GPU query against the real llama.cpp of this build (a CPU-only one here): ggml's
registry is bound and answers, with no GPU and no backend, and nothing raises."""

from __future__ import annotations

import llama_cpp

from writer_app.core.local import gpu_devices


def test_the_real_registry_answers_on_this_build(caplog):
    gpu_devices.gpu_backend.cache_clear()
    api = gpu_devices._api()  # every function is bound (none is missing in this version)
    registries = {api.reg_name(api.reg_get(i)).decode() for i in range(api.reg_count())}
    assert "CPU" in registries and api.dev_count() >= 1
    support = gpu_devices.gpu_support()
    if registries <= {"CPU", "BLAS"}:  # a CPU-only build, as the tests' machines have
        assert support == gpu_devices.GpuSupport(None, ()) and support.free_bytes is None
        assert gpu_devices.gpu_devices() == [] and gpu_devices.gpu_backend() is None
        assert not llama_cpp.llama_supports_gpu_offload()
    else:  # a GPU build: its backend named, its GPUs with their memory
        assert support.backend
        assert bool(support.devices) == bool(llama_cpp.llama_supports_gpu_offload())
        assert all(0 <= d.free_bytes <= d.total_bytes for d in support.devices)
    assert "could not list" not in caplog.text
