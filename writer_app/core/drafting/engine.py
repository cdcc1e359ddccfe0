"""The one interface every drafting engine offers: the local llama.cpp model or a server.

The worker, the CLI and the prompt assembly speak only this.  An engine is not thread-safe:
one thread owns it for its whole life.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from writer_app.core.drafting.revision import Revision
    from writer_app.core.drafting.sampling import SamplingSettings
    from writer_app.core.drafting.suggestion import Suggestion
    from writer_app.core.prompt.story import StoryContext
    from writer_app.core.prompt.window import Prompt


class GenerationError(Exception):
    """An engine failed while generating (not a cancel): llama.cpp, or a server
    (``remote.http.RemoteError``)."""


class DraftingEngine(Protocol):
    display_name: str  # the model, as the status bar names it
    where: str  # "on this computer", or "on <engine name> (<host>)"
    load_note: str  # a sentence the status bar shows once after loading, or ""

    @property
    def n_ctx(self) -> int:
        """Tokens the model can see at once (prompt plus continuation)."""
        ...

    def tokenize(self, text: str) -> list[int]:
        """Manuscript text to tokens, special tokens off and no BOS (an engine that cannot
        tokenize exactly may estimate; the prompt budget then keeps a margin)."""
        ...

    def bos(self) -> list[int]:
        """The tokens a prompt starts with ([] when the model wants none)."""
        ...

    def suggest(
        self,
        prompt: Prompt,
        settings: SamplingSettings,
        *,
        cancel: threading.Event | None = None,
        on_text: Callable[[str], None] | None = None,
    ) -> Suggestion:
        """Stream one continuation of ``prompt`` (``prompt.tokens`` for an engine that takes
        tokens, ``prompt.text`` for one that takes text) through ``on_text``."""
        ...

    def revision_prompt(self, revision: Revision, story: StoryContext, max_tokens: int) -> Prompt:
        """The prompt that asks for ``revision`` (core.drafting.revision), leaving room for
        ``max_tokens``; GenerationError when even the passage alone does not fit."""
        ...

    def close(self) -> None: ...
