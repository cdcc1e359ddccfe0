#!/usr/bin/env bash
# Set up (or refresh) everything writer-app needs on this machine, idempotently:
#   - on Debian/Ubuntu as root: the Qt xcb libraries, a CJK font, and Enchant with the English
#     Hunspell dictionaries (spell checking);
#   - a virtual environment in .venv with writer-app (editable) and its test tools;
#   - the translations of the window compiled (translations/*.ts -> writer_app/i18n/*.qm);
#   - llama-cpp-python compiled for this machine, with the AMX kernels left out (a native build
#     crashes on CPUs that advertise AMX; see README) — about 6 minutes the first time.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(uname -s)" = Linux ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  packages="libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0 libegl1 libfontconfig1 fonts-wqy-microhei strace libenchant-2-2 hunspell-en-us hunspell-en-gb"
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
.venv/bin/python -m pip install --quiet -e ".[test]"
# The window's translations: translations/*.ts (committed) to writer_app/i18n/*.qm (built).
mkdir -p writer_app/i18n
for ts in translations/*.ts; do
  .venv/bin/pyside6-lrelease -silent "$ts" -qm "writer_app/i18n/$(basename "${ts%.ts}").qm"
done
echo "setup: ready (.venv)"
