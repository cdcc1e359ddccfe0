"""A voice: a LoRA adapter in llama.cpp's GGUF layout, trained on a writer's own pages, put on
the loaded model at a strength the writer chooses.

llama.cpp loads and applies it itself (``llama_adapter_lora_init``, then
``llama_set_adapters_lora`` on each context at the adapter's scale); we check first what it
cannot: a voice records the sha256 of the model file it was trained on
(``VOICE_BASE_KEY``), and one trained on another model is refused with a sentence, even where
the shapes would let llama.cpp take it.  An adapter without that record (made by another
program) is taken when llama.cpp takes it: its tensors must fit the model's.

The keys and values in the model's cache were computed without the voice (or with another
strength): putting a voice on, taking it off or changing its strength empties the cache.

A voice may also be baked into the weights loaded (a copy of the model made by
``core.voices.merge``, at the strength ``baked``): llama.cpp then applies only the difference,
``scale - baked`` (nothing at all when they are equal), and ``-baked`` for the model as it was
without the voice.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import llama_cpp

from writer_app.core.local import llama_log
from writer_app.core.models.gguf import ModelFileError, inspect_gguf
from writer_app.core.text import sentence
from writer_app.core.voices.library import VOICE_BASE_KEY

log = logging.getLogger(__name__)

VOICE_SCALE_RANGE = (0.0, 1.0)


class VoiceError(Exception):
    """A voice that cannot be used; ``str()`` is a sentence naming the file and the reason."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            sentence.translate("Voice", "The voice {path} cannot be used: {reason}").format(
                path=path.name, reason=reason
            )
        )
        self.path = path
        self.reason = reason


@dataclass
class Voice:
    """A loaded adapter and the strength it is applied at."""

    path: Path
    adapter: llama_cpp.llama_adapter_lora_p
    scale: float
    base_sha256: str  # "" when the adapter does not say
    baked: float = 0.0  # the strength already in the weights loaded

    def apply(self, ctx: llama_cpp.llama_context_p) -> None:
        """The voice at its strength on ``ctx``."""
        self._put(ctx, self.scale - self.baked)

    def apply_without(self, ctx: llama_cpp.llama_context_p) -> None:
        """The model on ``ctx`` as it is without the voice."""
        self._put(ctx, -self.baked)

    def _put(self, ctx: llama_cpp.llama_context_p, scale: float) -> None:
        if scale == 0.0:  # nothing to add: no adapter, no cost
            remove_voices(ctx)
            return
        adapters = (llama_cpp.llama_adapter_lora_p_ctypes * 1)(self.adapter)
        scales = (ctypes.c_float * 1)(scale)
        if llama_cpp.llama_set_adapters_lora(ctx, adapters, 1, scales) != 0:
            raise VoiceError(
                self.path, sentence.translate("Voice", "llama.cpp could not put it on the model")
            )

    def close(self) -> None:
        llama_cpp.llama_adapter_lora_free(self.adapter)


def remove_voices(ctx: llama_cpp.llama_context_p) -> None:
    """No adapter on ``ctx`` any more."""
    llama_cpp.llama_set_adapters_lora(ctx, None, 0, None)


def load_voice(
    model: llama_cpp.llama_model_p,
    path: Path,
    scale: float,
    model_sha256: Callable[[], str],
    baked: float = 0.0,
) -> Voice:
    """The adapter at ``path`` loaded for ``model``, checked; VoiceError with the reason."""
    low, high = VOICE_SCALE_RANGE
    if not low <= scale <= high:
        raise VoiceError(
            path,
            sentence.translate("Voice", "its strength must be from 0 to 1, not {scale}").format(
                scale=f"{scale:g}"
            ),
        )
    try:
        inspect_gguf(path)  # bounded header check: missing, unreadable, truncated, malformed
    except ModelFileError as error:
        raise VoiceError(path, error.reason) from None
    llama_log.install()
    mark = llama_log.mark()
    adapter = llama_cpp.llama_adapter_lora_init(model, str(path).encode())
    if not adapter:
        reason = llama_log.reason_since(mark) or sentence.translate(
            "Voice", "it is not a LoRA adapter for this model"
        )
        raise VoiceError(path, reason)
    base = _meta(adapter, VOICE_BASE_KEY)
    if base and base != model_sha256():
        llama_cpp.llama_adapter_lora_free(adapter)
        raise VoiceError(
            path,
            sentence.translate(
                "Voice", "it was trained on another model; choose a voice made for this one"
            ),
        )
    return Voice(path, adapter, scale, base, baked)


def _meta(adapter: llama_cpp.llama_adapter_lora_p, key: str) -> str:
    """A string the adapter's metadata holds under ``key`` ("" when none)."""
    buffer = ctypes.create_string_buffer(256)
    size = llama_cpp.llama_adapter_meta_val_str(adapter, key.encode(), buffer, len(buffer))
    if size < 0:
        return ""
    if size >= len(buffer):
        buffer = ctypes.create_string_buffer(size + 1)
        llama_cpp.llama_adapter_meta_val_str(adapter, key.encode(), buffer, len(buffer))
    return buffer.value.decode("utf-8", errors="replace")
