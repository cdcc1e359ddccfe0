"""The GPUs this llama.cpp build can use, and their free memory, as llama.cpp itself sees them.

Asked through ggml's backend device API (the same devices llama.cpp offloads to), never a
vendor tool: a Vulkan build on an AMD card answers as well as a CUDA build on an NVIDIA one.
llama-cpp-python 0.3.36 binds none of these functions, so they are bound here with ctypes,
from the libraries llama_cpp has already loaded (``llama_cpp/lib``), with the signatures of
the ``ggml-backend.h`` installed with it.

llama_cpp is imported inside the functions: the window imports this module (for
``GpuDevice`` and ``GpuSupport``) without loading llama.cpp; only the worker thread asks.
Asking a CUDA device for its free memory starts the driver's context on it (it then holds a
few hundred MB of the card), as llama.cpp does anyway when it loads a model there.

Nothing here raises: a failure is logged and reads as no GPU (an empty list, backend None).
"""

from __future__ import annotations

import ctypes
import functools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from writer_app.core.text.sizes import format_size

log = logging.getLogger(__name__)

# enum ggml_backend_dev_type in the ggml-backend.h installed with llama-cpp-python 0.3.36
# (site-packages/include): CPU, GPU, IGPU, ACCEL, META.  IGPU came before ACCEL.
DEVICE_CPU, DEVICE_GPU, DEVICE_IGPU, DEVICE_ACCEL, DEVICE_META = range(5)
# Registries that are not GPU backends even when they list no device (RPC: remote servers).
_NOT_GPU_BACKENDS = frozenset({"CPU", "RPC", "BLAS"})
# A registry's name as the writer knows the backend (ggml calls Metal "MTL").
_BACKEND_NAMES = {"MTL": "Metal"}


@dataclass(frozen=True)
class GpuDevice:
    """One GPU as llama.cpp sees it."""

    name: str  # llama.cpp's name for it: "CUDA0", "Vulkan0", "MTL0"
    description: str  # what the driver calls it: "NVIDIA H200", "AMD Radeon RX 7800 XT"
    free_bytes: int
    total_bytes: int
    backend: str = ""  # the backend that drives it: "CUDA", "Vulkan", "Metal"
    integrated: bool = False  # shares the computer's memory (an integrated GPU)


@dataclass(frozen=True)
class GpuSupport:
    """What this llama.cpp build can offload to, now."""

    backend: str | None  # "CUDA", "Vulkan", "Metal" ("CUDA, Vulkan" for two); None: CPU only
    devices: tuple[GpuDevice, ...] = field(default=())

    @property
    def offload_devices(self) -> tuple[GpuDevice, ...]:
        """The devices llama.cpp spreads offloaded layers over by default: every dedicated
        GPU, or the integrated ones when there is no dedicated GPU (as ``llama_model_load``
        chooses when no device list is given)."""
        dedicated = tuple(device for device in self.devices if not device.integrated)
        return dedicated or self.devices

    @property
    def free_bytes(self) -> int | None:
        """GPU memory free for offloaded layers: the sum over ``offload_devices``, since
        llama.cpp's default split (by layer) gives each device a share of the layers in
        proportion to its free memory.  None when there is no GPU."""
        devices = self.offload_devices
        return sum(device.free_bytes for device in devices) if devices else None


def gpu_support() -> GpuSupport:
    """The build's GPU backend and its devices with their free memory now."""
    return GpuSupport(gpu_backend(), tuple(gpu_devices()))


def gpu_devices() -> list[GpuDevice]:
    """Every GPU (dedicated or integrated) llama.cpp can use, with its memory now; empty on a
    CPU-only build, or when asking fails (logged)."""
    try:
        api = _api()
        devices = []
        for index in range(api.dev_count()):
            device = api.dev_get(index)
            if not device:
                continue
            kind = api.dev_type(device)
            if kind not in (DEVICE_GPU, DEVICE_IGPU):
                continue
            free, total = ctypes.c_size_t(0), ctypes.c_size_t(0)
            api.dev_memory(device, ctypes.byref(free), ctypes.byref(total))
            registry = api.dev_backend_reg(device)
            devices.append(
                GpuDevice(
                    name=_text(api.dev_name(device)),
                    description=_text(api.dev_description(device)),
                    free_bytes=int(free.value),
                    total_bytes=int(total.value),
                    backend=_backend_name(api, registry) if registry else "",
                    integrated=kind == DEVICE_IGPU,
                )
            )
        return devices
    except Exception:  # noqa: BLE001 (a missing library or symbol: no GPU is known)
        log.warning("could not list llama.cpp's GPU devices", exc_info=True)
        return []


@functools.cache
def gpu_backend() -> str | None:
    """The GPU backend this llama.cpp build has ("CUDA", "Vulkan", "Metal"; several joined
    with commas), or None for a CPU-only build.

    A backend counts when one of its devices is a GPU, or when it lists none (a CUDA build
    on a computer without an NVIDIA driver): the build has it even though nothing here can
    use it.  CPU, BLAS and RPC (remote servers) never count."""
    try:
        api = _api()
        names = []
        for index in range(api.reg_count()):
            registry = api.reg_get(index)
            if not registry:
                continue
            name = _backend_name(api, registry)
            if name in _NOT_GPU_BACKENDS:
                continue
            count = api.reg_dev_count(registry)
            kinds = {api.dev_type(api.reg_dev_get(registry, i)) for i in range(count)}
            if count == 0 or kinds & {DEVICE_GPU, DEVICE_IGPU}:
                names.append(name)
        return ", ".join(names) or None
    except Exception:  # noqa: BLE001 (a missing library or symbol: no backend is known)
        log.warning("could not list llama.cpp's backends", exc_info=True)
        return None


@dataclass(frozen=True)
class _Api:
    dev_count: Callable[[], int]
    dev_get: Callable[[int], Any]
    dev_name: Callable[[Any], bytes | None]
    dev_description: Callable[[Any], bytes | None]
    dev_memory: Callable[[Any, Any, Any], None]
    dev_type: Callable[[Any], int]
    dev_backend_reg: Callable[[Any], Any]
    reg_count: Callable[[], int]
    reg_get: Callable[[int], Any]
    reg_name: Callable[[Any], bytes | None]
    reg_dev_count: Callable[[Any], int]
    reg_dev_get: Callable[[Any, int], Any]


@functools.cache
def _api() -> _Api:
    """ggml's backend registry and device functions, bound once.

    In 0.3.36 the registry (``ggml_backend_dev_count``/``_get``, ``ggml_backend_reg_count``/
    ``_get``) is in libggml and the per-device calls in libggml-base; each symbol is looked up
    in both (and libllama), so a build that moves one still works."""
    import llama_cpp  # noqa: F401  (loads libllama and, with it, the ggml libraries)
    from llama_cpp import llama_cpp as bindings
    from llama_cpp._ctypes_extensions import load_shared_library

    # A build with its backends as plug-ins (GGML_BACKEND_DL) loads them here; the builds of
    # scripts/setup.sh have them built in.
    bindings.llama_supports_gpu_offload()
    libraries = [bindings._lib]
    for name in ("ggml", "ggml-base"):
        try:
            libraries.append(load_shared_library(name, bindings._base_path))
        except (OSError, RuntimeError):
            log.debug("no %s library beside libllama", name, exc_info=True)

    def bind(symbol: str, restype: Any, *argtypes: Any) -> Any:
        # A prototype of our own: the library's cached function objects are left untouched.
        prototype = ctypes.CFUNCTYPE(restype, *argtypes)
        for library in reversed(libraries):
            try:
                return prototype((symbol, library))
            except AttributeError:
                continue
        raise AttributeError(f"llama.cpp's libraries have no {symbol}")

    pointer, size, text = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p
    size_p = ctypes.POINTER(ctypes.c_size_t)
    return _Api(
        dev_count=bind("ggml_backend_dev_count", size),
        dev_get=bind("ggml_backend_dev_get", pointer, size),
        dev_name=bind("ggml_backend_dev_name", text, pointer),
        dev_description=bind("ggml_backend_dev_description", text, pointer),
        dev_memory=bind("ggml_backend_dev_memory", None, pointer, size_p, size_p),
        dev_type=bind("ggml_backend_dev_type", ctypes.c_int, pointer),
        dev_backend_reg=bind("ggml_backend_dev_backend_reg", pointer, pointer),
        reg_count=bind("ggml_backend_reg_count", size),
        reg_get=bind("ggml_backend_reg_get", pointer, size),
        reg_name=bind("ggml_backend_reg_name", text, pointer),
        reg_dev_count=bind("ggml_backend_reg_dev_count", size, pointer),
        reg_dev_get=bind("ggml_backend_reg_dev_get", pointer, pointer, size),
    )


def _backend_name(api: _Api, registry: Any) -> str:
    name = _text(api.reg_name(registry))
    return _BACKEND_NAMES.get(name, name)


def _text(value: bytes | None) -> str:
    return value.decode("utf-8", errors="replace") if value else ""


def describe(devices: Sequence[GpuDevice]) -> str:
    """For the log: "CUDA0 NVIDIA H200 (139.0 GB free of 150.0 GB)"; "no GPU"."""
    return (
        "; ".join(
            f"{d.name} {d.description} ({format_size(d.free_bytes)} free of "
            f"{format_size(d.total_bytes)})"
            for d in devices
        )
        or "no GPU"
    )
