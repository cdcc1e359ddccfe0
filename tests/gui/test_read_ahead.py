"""Reading ahead as a writer meets it: pause, and the next Ctrl+Return starts warm; type or
ask, and the read stops at once, keeping what it had read."""

from __future__ import annotations

import random

from tests.gui.test_drafting_loop import put_text, suggest_and_finish
from writer_app.core.settings import load_settings

WORDS = "rain lamp harbour letter mother window bread candle river stair ship door".split()


def chapter(paragraphs: int) -> str:
    rng = random.Random(paragraphs)
    return "\n\n".join(
        " ".join(
            f"The {rng.choice(WORDS)} was quiet and the {rng.choice(WORDS)} waited."
            for _ in range(3)
        )
        for _ in range(paragraphs)
    )


def test_after_a_pause_the_next_suggestion_reads_only_its_last_token(qtbot, window):
    worker = window._worker.worker
    with qtbot.waitSignal(worker.readAheadFinished, timeout=60_000) as done:
        put_text(window, chapter(12))
    ahead = done.args[0]
    assert not ahead.cancelled and ahead.read_tokens > 300

    stats = suggest_and_finish(qtbot, window)
    assert stats.evaluated_tokens == 1
    assert stats.reused_tokens == ahead.cached_tokens - 1


def test_a_request_stops_the_read_ahead_and_reuses_what_it_read(qtbot, window):
    worker = window._worker.worker
    finished = []
    worker.readAheadFinished.connect(finished.append)
    with qtbot.waitSignal(worker.readAheadProgress, timeout=60_000) as first_batch:
        put_text(window, chapter(60))  # well over one batch (256 tokens on the CPU)
    read = first_batch.args[0]
    stats = suggest_and_finish(qtbot, window)  # Ctrl+Return while it reads

    qtbot.waitUntil(lambda: len(finished) == 1)
    assert finished[0].cancelled
    assert stats.reused_tokens >= read
    assert stats.evaluated_tokens < stats.prompt_tokens - read + 1


def test_typing_cancels_the_read_ahead_and_a_pause_starts_it_again(qtbot, window):
    worker = window._worker.worker
    finished = []
    worker.readAheadFinished.connect(finished.append)
    with qtbot.waitSignal(worker.readAheadProgress, timeout=60_000):
        put_text(window, chapter(60))
    qtbot.keyClicks(window.editor, " And")
    qtbot.waitUntil(lambda: len(finished) == 1, timeout=10_000)
    assert finished[0].cancelled
    qtbot.waitUntil(lambda: len(finished) == 2 and not finished[1].cancelled, timeout=120_000)


def test_the_setting_turns_reading_ahead_off_and_is_remembered(qtbot, window):
    worker = window._worker.worker
    action = window.commands.read_ahead
    assert action.isChecked()
    action.trigger()
    assert not action.isChecked()
    with qtbot.assertNotEmitted(worker.readAheadProgress, wait=2500):
        put_text(window, chapter(8))
    window.shutdown()
    assert load_settings().read_ahead is False


def test_reopening_the_app_brings_the_chapter_back_warm(qtbot, make_window, smollm_path):
    text = chapter(15)
    first = make_window()
    with qtbot.waitSignal(first.model_loader.modelReady, timeout=60_000):
        first.model_loader.load_model(smollm_path)
    with qtbot.waitSignal(first._worker.worker.readAheadFinished, timeout=60_000) as done:
        put_text(first, text)
    assert done.args[0].read_tokens > 300
    first.shutdown()  # the model's state of this chapter is saved as the app closes

    second = make_window()
    with qtbot.waitSignal(second.model_loader.modelReady, timeout=60_000):
        second.model_loader.load_model(smollm_path)
    with qtbot.waitSignal(second._worker.worker.readAheadFinished, timeout=60_000) as done:
        put_text(second, text)
    ahead = done.args[0]
    assert ahead.restored_tokens > 300 and ahead.read_tokens <= 1
    stats = suggest_and_finish(qtbot, second)
    assert stats.evaluated_tokens == 1
