"""What a suggestion is, in writer terms: the request (manuscript before the cursor and the
sampling settings), the text that came back, the figures the status bar shows, why it stopped.

Shared by every engine (local or on a server), the worker and the CLI; no llama.cpp here.
"""

from __future__ import annotations

import enum
import threading
from dataclasses import dataclass, field

from writer_app.core.drafting.revision import Revision
from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.drafting.word_choices import WordChoice
from writer_app.core.prompt.story import StoryContext


class StopReason(enum.Enum):
    LENGTH = "length"
    END_OF_TEXT = "end of text"
    STOP_STRING = "stop string"
    BOUNDARY = "end of sentence or paragraph"
    CONTEXT_FULL = "context full"
    CANCELLED = "cancelled"
    BANNED = "banned phrase"  # the model kept coming back to a banned phrase


@dataclass(frozen=True)
class SuggestionStats:
    """What the status bar reports after a suggestion."""

    generated_tokens: int
    prompt_tokens: int
    reused_tokens: int  # kept from the cache (in place or shifted)
    evaluated_tokens: int  # read anew
    n_ctx: int
    stop_reason: StopReason
    seed: int
    prompt_seconds: float  # until the first token was sampled
    decode_seconds: float  # from the first token to the last
    shifted_tokens: int = 0  # of the reused ones, moved in the cache after the window slid
    ignored: tuple[str, ...] = ()  # samplers asked for that the engine did not use (a server's)
    taken_back: int = 0  # banned phrases the model began and the engine took back

    @property
    def context_used(self) -> int:
        return self.prompt_tokens + self.generated_tokens

    @property
    def tokens_per_second(self) -> float:
        if self.generated_tokens < 2 or self.decode_seconds <= 0:
            return 0.0
        return (self.generated_tokens - 1) / self.decode_seconds


@dataclass(frozen=True)
class Suggestion:
    text: str
    stats: SuggestionStats
    tokens: list[int] = field(default_factory=list, repr=False)
    # Word alternatives: what the model considered at each token (empty when not recorded).
    choices: tuple[WordChoice, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class ReadAhead:
    """What a read-ahead left in the cache."""

    cached_tokens: int
    read_tokens: int
    cancelled: bool
    refreshed: bool = False  # the window was read afresh (after several shifts)
    restored_tokens: int = 0  # brought back from a saved state on disk


@dataclass(frozen=True)
class GenerationRequest:
    """One Ctrl+Return: the manuscript before the cursor and the settings to sample with (or
    one of Draft ▸ Revise's actions on the selection: ``revision``).

        ``text`` may be only the tail of a long manuscript; ``text_offset`` is where it starts,
        so the prompt window stays on the same grid.  ``cancel`` is set by whoever supersedes it.
    """

    request_id: int
    text: str
    text_offset: int
    settings: SamplingSettings
    cancel: threading.Event = field(default_factory=threading.Event, compare=False)
    story: StoryContext = field(default_factory=StoryContext)
    # A selection to revise instead of a continuation (``text`` is then the revision's start
    # the writer kept, if any).
    revision: Revision | None = None
    # The text after the cursor, when the suggestion should lead into it (core.drafting.bridge).
    after: str = ""
    # "Suggest without my voice": the first alternative with the voice, the second without it.
    compare_voice: bool = False
