"""Sentences for the status bar, from engine figures."""

from __future__ import annotations

from writer_app.core.drafting.suggestion import StopReason, SuggestionStats


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
