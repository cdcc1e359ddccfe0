"""Suggest while I pause, timed in the real window (offscreen) with the test model.

A ~1,000-token story is on the page and has been read once (as reading ahead or an earlier
suggestion leaves it in the engine's cache); the writer types a few more words and stops.
Measured from the moment the pause runs out (``PauseSuggester.paused``) to the first character
of the ghost on the page, over one decode step of the same suggestion (1 / its tokens per
second).  Goal: ≤ 3 (the pause suggestion costs the few new tokens and one step, not a read
of the story).  5 reps, each with new words typed; median.

``.venv/bin/python bench/bench_pause.py [--model PATH] [--reps 5]``  (~1 min).  A
measurement, not a test.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.sandbox import throwaway_home  # noqa: E402

WORDS = (
    "the lamp harbour window burned all night and nobody came to put it out while rain fell "
    "across roofs of the quiet town she remembered her father's voice calling from the boats"
).split()


def story(rng: random.Random, words: int) -> str:
    sentences, count = [], 0
    while count < words:
        length = rng.randint(8, 18)
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + ".")
        count += length
    return " ".join(sentences) + " "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    throwaway_home("bench-pause-")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from tests.support.models import smollm_model_path
    from writer_app.core.drafting.sampling import SamplingSettings
    from writer_app.ui.main_window import MainWindow

    model = args.model or smollm_model_path()
    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.show()
    window.activateWindow()
    loop = QEventLoop()
    window.model_loader.modelReady.connect(loop.quit)
    window.model_loader.load_model(model)
    QTimer.singleShot(120_000, loop.quit)
    loop.exec()
    if window.drafting.model is None:
        raise SystemExit(f"the window did not load {model}")
    window.panel.set_settings(SamplingSettings(max_tokens=48, seed=7))
    rng = random.Random(5)
    editor = window.editor
    editor.setPlainText(story(rng, 700))
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.setFocus()
    window.drafting.read_ahead.set_enabled(False)  # the pause does the reading here
    window.set_suggest_on_pause(True)
    window.set_pause_ms(300)
    ratios, waits, steps = [], [], []
    for rep in range(args.reps + 1):  # the first rep reads the story cold: not counted
        marks: dict[str, float] = {}
        window.pause.paused.connect(lambda m=marks: m.setdefault("pause", time.perf_counter()))
        editor.ghostChanged.connect(
            lambda text, m=marks: text and m.setdefault("ghost", time.perf_counter())
        )
        finished = QEventLoop()
        result: dict = {}

        def done(_id, stats, r=result, f=finished) -> None:
            r["stats"] = stats
            f.quit()

        window.drafting.suggestionFinished.connect(done)
        QTest.keyClicks(editor, " ".join(rng.choice(WORDS) for _ in range(4)))
        QTimer.singleShot(120_000, finished.quit)
        finished.exec()
        for signal in (
            window.pause.paused,
            editor.ghostChanged,
            window.drafting.suggestionFinished,
        ):
            signal.disconnect()
        editor.dismiss_suggestion()
        stats = result.get("stats")
        if rep == 0 or stats is None or "ghost" not in marks or not stats.tokens_per_second:
            continue
        wait = marks["ghost"] - marks["pause"]
        step = 1 / stats.tokens_per_second
        waits.append(1000 * wait)
        steps.append(1000 * step)
        ratios.append(wait / step)
    window.files.current.document.setModified(False)
    window.shutdown()
    print("| pause end → first ghost character (ms) | one decode step (ms) | ratio | goal |")
    print("|---|---|---|---|")
    print(
        f"| {statistics.median(waits):.1f} | {statistics.median(steps):.1f} | "
        f"{statistics.median(ratios):.2f} | ≤ 3 |"
    )
    print(f"reps: {len(ratios)}; ratios {', '.join(f'{r:.2f}' for r in ratios)}")
    del app


if __name__ == "__main__":
    main()
