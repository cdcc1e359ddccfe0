"""Spell checking a 1,000,000-character chapter, timed in the real window (offscreen).

For the same chapter, with Edit ▸ Spelling ▸ Check Spelling on and then off (the reference:
what Qt itself costs), in one run:

- open: ``Manuscripts.open_path`` until the page's first paint (ms);
- scroll: the scroll bar stepped a page at a time from top to bottom, one step per event-loop
  turn, with a precise 1 ms timer on the GUI thread: the longest gap between its ticks (ms),
  i.e. the longest the window could not answer;
- type: 300 keys typed at the end of the chapter the same way: the longest gap (ms).

Goal: no stall over 16 ms while scrolling or typing.  The chapter is English prose in
paragraphs of ~600 characters with a misspelling in about one word in fifty.

``.venv/bin/python bench/bench_spelling.py [--chars 1000000]``  (~1 min).  A measurement,
not a test.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.sandbox import throwaway_home  # noqa: E402

WORDS = (
    "the lamp harbour window burned all night and nobody came to put it out while rain "
    "fell across roofs of the quiet town she remembered her father's voice calling"
).split()
TYPOS = ["teh", "recieve", "wierd", "harbuor", "nigth", "lamb's", "bruned"]


def chapter(chars: int) -> str:
    rng = random.Random(11)
    paragraphs, size = [], 0
    while size < chars:
        words = [
            rng.choice(TYPOS) if rng.random() < 0.02 else rng.choice(WORDS) for _ in range(100)
        ]
        paragraph = " ".join(words).capitalize() + "."
        paragraphs.append(paragraph)
        size += len(paragraph) + 1
    return "\n".join(paragraphs)[:chars]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=1_000_000)
    args = parser.parse_args()
    home = str(throwaway_home("bench-spelling-"))

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    path = Path(home) / "chapter.txt"
    path.write_text(chapter(args.chars), encoding="utf-8")
    rows = [measure(app, path, on) for on in (True, False)]
    print(
        f"chapter: {args.chars:,} characters, {path.read_text('utf-8').count(chr(10)) + 1:,} "
        "paragraphs"
    )
    print(
        "| spelling | open → first paint (ms) | scroll: longest stall / p99 (ms) | "
        "type at end: longest stall / p99 (ms) | underlined at end |"
    )
    print("|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['spelling']} | {row['open_ms']:.0f} | {row['scroll_ms']:.1f} / "
            f"{row['scroll_p99']:.1f} | {row['type_ms']:.1f} / {row['type_p99']:.1f} | "
            f"{row['underlined']} |"
        )
    on, off = rows
    print(
        f"\nratio on/off: open {on['open_ms'] / off['open_ms']:.2f}, scroll stall "
        f"{on['scroll_ms'] / off['scroll_ms']:.2f}, "
        f"typing stall {on['type_ms'] / off['type_ms']:.2f}"
        " · goal: stalls ≤ 16 ms"
    )


def measure(app, path: Path, spelling: bool) -> dict:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtGui import QTextCharFormat, QTextCursor
    from PySide6.QtTest import QTest

    from writer_app.ui.main_window import MainWindow

    window = MainWindow()
    window.resize(1180, 780)
    window.show()
    app.processEvents()
    window.spelling.set_enabled(spelling)

    class FirstPaint(QObject):
        at: float | None = None

        def eventFilter(self, _watched, event) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and self.at is None:
                self.at = time.perf_counter()
            return False

    painted = FirstPaint()
    started = time.perf_counter()
    window.files.open_path(path)
    window.editor.viewport().installEventFilter(painted)
    window.editor.viewport().update()
    while painted.at is None:
        app.processEvents()
    open_ms = 1000 * (painted.at - started)
    for _ in range(20):
        app.processEvents()

    bar = window.editor.verticalScrollBar()
    steps = list(range(0, bar.maximum() + 1, max(1, bar.pageStep())))
    scroll_ms, scroll_p99 = stalls(app, [lambda v=v: bar.setValue(v) for v in steps])

    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)
    keys = " Then she wrote a lnog letter home and nobody read it." * 6
    type_ms, type_p99 = stalls(
        app, [lambda c=c: QTest.keyClicks(window.editor, c) for c in keys[:300]]
    )

    wavy = QTextCharFormat.UnderlineStyle.SpellCheckUnderline
    block = window.editor.document().lastBlock()
    underlined = sum(f.format.underlineStyle() == wavy for f in block.layout().formats())
    window.files.current.document.setModified(False)
    window.shutdown()
    window.deleteLater()
    app.processEvents()
    return {
        "spelling": "on" if spelling else "off",
        "open_ms": open_ms,
        "scroll_ms": scroll_ms,
        "scroll_p99": scroll_p99,
        "type_ms": type_ms,
        "type_p99": type_p99,
        "underlined": underlined,
    }


def stalls(app, actions: list) -> tuple[float, float]:
    """Run ``actions`` one per event-loop turn beside a 1 ms timer; the longest gap between
    its ticks and the 99th percentile (ms)."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer

    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(1)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()
    pending = list(actions)

    def next_action() -> None:
        if not pending:
            QTimer.singleShot(20, loop.quit)
            return
        pending.pop(0)()
        QTimer.singleShot(2, next_action)

    timer.start()
    QTimer.singleShot(5, next_action)
    loop.exec()
    timer.stop()
    del app
    gaps = sorted(1000 * (b - a) for a, b in zip(ticks, ticks[1:], strict=False))
    return gaps[-1], gaps[int(len(gaps) * 0.99)]


if __name__ == "__main__":
    main()
