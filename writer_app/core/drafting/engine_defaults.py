"""Engine defaults that modules without llama.cpp (settings, UI) also need."""

from __future__ import annotations

DEFAULT_N_CTX = 4096  # a multiple of 256: llama.cpp rounds n_ctx up to one
