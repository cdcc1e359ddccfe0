"""An instruct model's own chat template, read from its GGUF and applied by llama.cpp.

``tokenizer.chat_template`` in the file's metadata is the template the model was trained
with; llama.cpp recognises the families it knows (ChatML, Gemma, Llama 3, Mistral, …) from it
and lays the messages out as that family does (``llama_chat_apply_template``).  We write no
template ourselves: a model without one, or with one llama.cpp does not recognise, is asked
as a base model (``core.drafting.revision.base_prompt``).
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Sequence

import llama_cpp

log = logging.getLogger(__name__)


def model_chat_template(model: llama_cpp.llama_model_p) -> str | None:
    """The GGUF's default chat template, or None when it has none."""
    raw = llama_cpp.llama_model_chat_template(model, None)
    if not raw:
        return None
    return raw.decode("utf-8", errors="replace")


def apply_chat_template(template: str, messages: Sequence[tuple[str, str]]) -> str | None:
    """``messages`` ((role, content) pairs) laid out by llama.cpp as ``template`` says, with
    the assistant's turn opened; None when llama.cpp does not know the template."""
    encoded = [(role.encode("utf-8"), content.encode("utf-8")) for role, content in messages]
    chat = (llama_cpp.llama_chat_message * len(encoded))(
        *(llama_cpp.llama_chat_message(role, content) for role, content in encoded)
    )
    tmpl = template.encode("utf-8")
    size = 256 + 2 * sum(len(role) + len(content) for role, content in encoded)
    for _ in range(2):
        buffer = ctypes.create_string_buffer(size)
        written = llama_cpp.llama_chat_apply_template(tmpl, chat, len(encoded), True, buffer, size)
        if written < 0:
            log.info("llama.cpp does not know this chat template; asking as a base model")
            return None
        if written <= size:
            return buffer.raw[:written].decode("utf-8", errors="replace")
        size = written  # too small: llama.cpp said how much it needs
    return None
