"""Engine defaults that modules without llama.cpp (settings, the UI, the CLI) also need."""

from __future__ import annotations

# The context size is a multiple of 256: llama.cpp rounds n_ctx up to one, so any other value
# would not be the context the model really has.  Checked in one place (``valid_n_ctx``) for
# the settings file, the model library, the server list and the engine.
N_CTX_STEP = 256
MIN_N_CTX = N_CTX_STEP
MAX_N_CTX = 1 << 22  # far beyond any model we load; a bigger number is a damaged file
DEFAULT_N_CTX = 4096


def valid_n_ctx(n_ctx: object) -> bool:
    """Whether ``n_ctx`` is a context size llama.cpp uses as given."""
    return (
        isinstance(n_ctx, int)
        and not isinstance(n_ctx, bool)
        and MIN_N_CTX <= n_ctx <= MAX_N_CTX
        and n_ctx % N_CTX_STEP == 0
    )
