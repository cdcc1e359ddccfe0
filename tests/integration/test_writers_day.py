"""A writer's day on the real engine (tests/support/writers_day.py): a chapter written
forward for dozens of requests, the window moving many times, suggestions accepted and
dismissed, alternatives, word choices, a word fixed a paragraph up, a chapter switch and a
restart.  Counted in tokens, never in seconds: the model may read little more than what is
genuinely new, and a request that reads more must have a reason in the cache's log."""

from __future__ import annotations

import pytest

from tests.support.writers_day import Request, WritersDay, totals
from writer_app.core.local.config import EngineConfig
from writer_app.core.local.engine import LlamaCppEngine

STEPS = 30
N_CTX = 1024  # smaller than the chapter: the window moves again and again
# Per request: the last prompt token is read again, a re-tokenized seam or two, the word
# a choice or an accepted suggestion re-tokenized at its edges.
MARGIN = 8
# What a sliding-window model legitimately reads beyond the new text after a word fixed up
# the page: the text from the newest window checkpoint before the fix (core.local.cache).
CHECKPOINT = "sliding-window checkpoint"
# ... or, soon after a restore or a shift, the whole window: those layers' keys further back
# cannot be rebuilt without reading from the start (the app reads it in the pause after the
# edit).  Allowed only where the script really fixed a word up the page.
WINDOW_LOST = "no longer hold the window"


def window_lost(request: Request) -> bool:
    return request.what == "after a fix" and any(WINDOW_LOST in line for line in request.reasons)


@pytest.fixture
def day(request):
    engines: list[LlamaCppEngine] = []

    def start(model: str, language: str, saved_state_mb: int = 256) -> WritersDay:
        path = request.getfixturevalue(f"{model}_path")

        def load() -> LlamaCppEngine:
            config = EngineConfig(path, n_ctx=N_CTX, saved_state_mb=saved_state_mb)
            engines.append(LlamaCppEngine.load(config))
            return engines[-1]

        return WritersDay(load, language, seed=3, chapter_tokens=1500)

    yield start
    for engine in engines:
        engine.close()


def _unexplained(requests: list[Request]) -> list[Request]:
    return [
        r
        for r in requests[1:]
        if r.read > r.new + MARGIN
        and not window_lost(r)
        and not any(CHECKPOINT in line for line in r.reasons)
    ]


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("model", ["smollm", "gemma"])
def test_a_writers_day_reads_little_more_than_what_is_new(day, model, language):
    session = day(model, language)
    requests = session.run(STEPS)

    assert sum(r.shifted > 0 for r in requests) >= 3  # the window moved, again and again
    assert sum(r.what == "after a fix" for r in requests) >= 3
    assert any(r.chapter == "two" for r in requests) and len(requests) > STEPS
    read, new = totals(requests)
    new += sum(r.prompt_tokens - r.new for r in requests if window_lost(r))  # truly invalid
    report = "\n".join(
        f"{i:3} {r.what:15} {r.chapter} prompt {r.prompt_tokens:5} read {r.read:5} new {r.new:5}"
        f" {'; '.join(r.reasons)}"
        for i, r in enumerate(requests)
    )
    assert read <= 1.15 * new, f"read {read} of {new} new\n{report}"
    assert _unexplained(requests) == [], report


def test_the_session_counts_a_cold_cache_as_reading_everything(day):
    """The oracle is not blind: a cache thrown away before each request breaks both rules."""
    session = day("smollm", "en", saved_state_mb=0)  # nothing to restore from
    for _ in range(3):
        session.type_sentences(1)
        session.ask("ask")
    session.engine.cache.truncate(0)
    session.type_sentences(1)
    session.ask("cold")
    cold = session.requests[-1]
    assert cold.read >= cold.prompt_tokens - 1 > cold.new + MARGIN
    assert _unexplained(session.requests) == [cold]
