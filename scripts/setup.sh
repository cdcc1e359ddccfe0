#!/usr/bin/env bash
# Set up (or refresh) everything writer-app needs on this machine, idempotently:
#   - on Debian/Ubuntu as root: the Qt xcb libraries, a CJK font, and Enchant with the English
#     Hunspell dictionaries (spell checking);
#   - a virtual environment in .venv with writer-app (editable) and its test tools;
#   - the translations of the window compiled (translations/*.ts -> writer_app/i18n/*.qm);
#   - llama-cpp-python compiled for this machine, with the AMX kernels left out (a native build
#     crashes on CPUs that advertise AMX; see README) — about 6 minutes the first time.
#
#   scripts/setup.sh [--gpu cuda|vulkan|metal] [--voice]   (or WRITER_APP_GPU=cuda|vulkan|metal)
#
# --voice adds the tools that train a voice (README, "My voice"; the tests train one): PyTorch's
# CPU build (from PyTorch's own index: the package index's default Linux build brings 5.7 GB
# of NVIDIA libraries), transformers and PEFT, about 1.3 GB.  Without it the app offers
# them the first time a writer trains a voice.
#
# --gpu compiles llama-cpp-python again with that GPU backend (README, "GPU"), unless the one in
# .venv already has it: cuda for NVIDIA cards (needs NVIDIA's CUDA toolkit, nvcc), vulkan for
# any card with a Vulkan driver (NVIDIA, AMD, Intel; on Debian/Ubuntu as root its build tools
# are installed here), metal on macOS (where llama-cpp-python always builds Metal in).
# The CPU code stays portable (GGML_NATIVE=OFF) either way.  Without --gpu, llama-cpp-python is
# built only when it is missing, for the CPU (on macOS, with Metal).
set -euo pipefail
cd "$(dirname "$0")/.."

usage="usage: scripts/setup.sh [--gpu cuda|vulkan|metal] [--voice]"
gpu=${WRITER_APP_GPU:-}
voice=""
while [ $# -gt 0 ]; do
  case $1 in
    --gpu)
      [ $# -ge 2 ] || { echo "setup: --gpu needs a backend: cuda, vulkan or metal." >&2; exit 2; }
      gpu=$2
      shift 2
      ;;
    --gpu=*) gpu=${1#--gpu=}; shift ;;
    --voice) voice=1; shift ;;
    -h | --help) echo "$usage"; exit 0 ;;
    *) echo "setup: unknown argument '$1' ($usage)." >&2; exit 2 ;;
  esac
done
gpu=$(printf '%s' "$gpu" | tr '[:upper:]' '[:lower:]')
case $gpu in
  "" | cuda | vulkan | metal) ;;
  *) echo "setup: unknown GPU backend '$gpu': choose cuda, vulkan or metal." >&2; exit 2 ;;
esac
if [ "$gpu" = metal ] && [ "$(uname -s)" != Darwin ]; then
  echo "setup: Metal is only on macOS; on this system choose cuda or vulkan." >&2
  exit 2
fi
if [ "$gpu" = cuda ] && [ "$(uname -s)" = Darwin ]; then
  echo "setup: CUDA does not run on macOS; Macs use Metal, which every build there has." >&2
  exit 2
fi
if [ "$gpu" = cuda ] && ! command -v nvcc >/dev/null 2>&1 && [ -z "${CUDACXX:-}" ]; then
  if [ -x /usr/local/cuda/bin/nvcc ]; then
    export PATH="/usr/local/cuda/bin:$PATH"
  else
    echo "setup: the CUDA build needs NVIDIA's CUDA toolkit (nvcc), and nvcc is not on PATH." >&2
    exit 1
  fi
fi

if [ "$(uname -s)" = Linux ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  packages="libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libegl1 libfontconfig1 fonts-wqy-microhei strace libenchant-2-2 hunspell-en-us hunspell-en-gb"
  # The Vulkan build: the shader compiler, the Vulkan headers and loader, the SPIR-V headers.
  [ "$gpu" = vulkan ] && packages="$packages glslc libvulkan-dev spirv-headers"
  missing=""
  for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
  if [ -n "$missing" ]; then
    echo "setup: installing system packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  fi
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv

if [ -z "${CMAKE_ARGS:-}" ] && [ "$(uname -m)" = x86_64 ]; then
  # Portable x86-64 (AVX2/FMA/F16C), never AMX: GGML_NATIVE=OFF.
  export CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON"
fi
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc 2>/dev/null || echo 2)}
.venv/bin/python -m pip install --quiet --upgrade pip
if [ -n "$gpu" ]; then
  if [ "$gpu" = vulkan ] && ! command -v glslc >/dev/null 2>&1; then
    echo "setup: the Vulkan build needs glslc, the Vulkan headers and the SPIR-V headers" \
      "(Debian/Ubuntu: apt-get install glslc libvulkan-dev spirv-headers)." >&2
    exit 1
  fi
  pinned=$(sed -n 's/^ *"llama-cpp-python==\([^"]*\)".*/\1/p' pyproject.toml | head -n 1)
  [ -n "$pinned" ] || { echo "setup: pyproject.toml pins no llama-cpp-python version." >&2; exit 1; }
  site=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  installed=$(.venv/bin/python -m pip show llama-cpp-python 2>/dev/null | sed -n 's/^Version: //p')
  # Each backend is a library of its own beside libllama: libggml-cuda.so, ggml-vulkan.dll...
  if [ "$installed" = "$pinned" ] && compgen -G "$site/llama_cpp/lib/*ggml-$gpu.*" >/dev/null; then
    echo "setup: llama-cpp-python $pinned already has $gpu"
  else
    case $gpu in
      cuda) flag=-DGGML_CUDA=on ;;
      vulkan) flag=-DGGML_VULKAN=on ;;
      metal) flag=-DGGML_METAL=on ;;
    esac
    export CMAKE_ARGS="${CMAKE_ARGS:+$CMAKE_ARGS }$flag"
    echo "setup: compiling llama-cpp-python $pinned with $gpu (CMAKE_ARGS=$CMAKE_ARGS);" \
      "longer than the CPU build"
    .venv/bin/python -m pip install --quiet --force-reinstall --no-deps --no-cache-dir \
      --no-binary llama-cpp-python "llama-cpp-python==$pinned"
  fi
fi
.venv/bin/python -m pip install --quiet -e ".[test]"
if [ -n "$voice" ] && ! .venv/bin/python -c "import torch" >/dev/null 2>&1; then
  echo "setup: installing the voice training tools (PyTorch's CPU build first; about 1.3 GB)"
  if [ "$(uname -s)" = Darwin ]; then
    .venv/bin/python -m pip install --quiet "torch>=2.4"
  else
    .venv/bin/python -m pip install --quiet "torch>=2.4" --index-url https://download.pytorch.org/whl/cpu
  fi
fi
[ -n "$voice" ] && .venv/bin/python -m pip install --quiet -e ".[test,voice]"
# The window's translations: translations/*.ts (committed) to writer_app/i18n/*.qm (built).
mkdir -p writer_app/i18n
for ts in translations/*.ts; do
  .venv/bin/pyside6-lrelease -silent "$ts" -qm "writer_app/i18n/$(basename "${ts%.ts}").qm"
done
echo "setup: ready (.venv)"
