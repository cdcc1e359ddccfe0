"""The status bar: how long its messages stay, and sentences from engine figures."""

from __future__ import annotations

from writer_app.core.drafting.suggestion import StopReason, SuggestionStats

# How long a status-bar message stays (ms): long enough to read it twice at an unhurried pace
# (~4 words a second); a message that asks for action stays longer.  A new one replaces it.
BRIEF_MS = 5_000  # a hint about the key just pressed ("The model is still loading…")
MESSAGE_MS = 8_000  # what just happened (saved, restored, a history step)
NOTE_MS = 10_000  # something about the model or engine the writer should notice
PROBLEM_MS = 15_000  # something failed: long enough to read a whole reason


def describe_stats(stats: SuggestionStats) -> str:
    parts = []
    if stats.tokens_per_second:
        parts.append(f"{stats.tokens_per_second:.1f} tokens/s")
    parts.append(f"{stats.generated_tokens} tokens")
    parts.append(f"context {stats.context_used:,} / {stats.n_ctx:,}")
    reuse = f"read {stats.evaluated_tokens:,} new, reused {stats.reused_tokens:,}"
    if stats.shifted_tokens:  # the window slid and the cache moved with it
        reuse += f" ({stats.shifted_tokens:,} shifted)"
    parts.append(reuse)
    parts.append(f"stopped: {stats.stop_reason.value}")
    return " · ".join(parts)


def nothing_suggested(stats: SuggestionStats) -> bool:
    return stats.generated_tokens == 0 and stats.stop_reason is not StopReason.CANCELLED
