"""Find in Novel, timed: a novel of 100 chapters of about 10,000 words each (English, and
Chinese of the same length in characters), searched for a name that occurs a few times per
chapter, as ``core.manuscript.novel_search.search_novel`` does it on the dialog's thread.

Reference in the same run: the time to read the same files (``Path.read_text``) and run
Python's ``re.finditer`` over them, the floor for any search of files on disk.  Reports the
median of a few runs, the ratio to the floor, and the goal (≤ 0.5 s, off the GUI thread).

``.venv/bin/python bench/bench_find_in_novel.py [--chapters 100] [--words 10000] [--reps 5]``
A measurement, not a test.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from writer_app.core.manuscript.novel_search import search_novel  # noqa: E402
from writer_app.core.manuscript.project import Project  # noqa: E402
from writer_app.core.text.search import Query  # noqa: E402

ENGLISH = "the lamp harbour window burned all night and nobody came to put it out".split()
CHINESE = "灯塔的窗口亮了一整夜没有人来把它熄灭风很大雨也很大河水涨得很高"


def chapter_text(rng: random.Random, words: int, chinese: bool, name: str) -> str:
    if chinese:
        body = [rng.choice(CHINESE) for _ in range(words)]
        for _ in range(5):
            body.insert(rng.randrange(len(body)), name)
        return "".join(body)
    body = [rng.choice(ENGLISH) for _ in range(words)]
    for _ in range(5):
        body.insert(rng.randrange(len(body)), name)
    return " ".join(body)


def make_novel(folder: Path, chapters: int, words: int, chinese: bool, name: str) -> Project:
    rng = random.Random(7)
    project = Project.create(folder, "Bench")
    for number in range(chapters):
        project.add_chapter(f"Chapter {number + 1}", chapter_text(rng, words, chinese, name))
    return project


def floor(project: Project, name: str) -> float:
    started = time.perf_counter()
    pattern = re.compile(re.escape(name), re.IGNORECASE)
    for chapter in project.chapters:
        sum(1 for _ in pattern.finditer(chapter.path.read_text("utf-8")))
    return time.perf_counter() - started


def timed(project: Project, query: Query) -> tuple[float, int]:
    started = time.perf_counter()
    results = search_novel(project, query, {})
    return time.perf_counter() - started, len(results.hits)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chapters", type=int, default=100)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    print("| novel | hits | search (s), median | floor: read + re (s) | ratio | goal |")
    print("|---|---|---|---|---|---|")
    for chinese, name in ((False, "Mara"), (True, "玛拉")):
        with tempfile.TemporaryDirectory() as home:
            project = make_novel(Path(home) / "novel", args.chapters, args.words, chinese, name)
            search, hits = zip(
                *(timed(project, Query(name)) for _ in range(args.reps)), strict=True
            )
            reference = [floor(project, name) for _ in range(args.reps)]
            whole = [timed(project, Query(name, whole_word=True))[0] for _ in range(args.reps)]
        label = f"{args.chapters} × {args.words:,} {'字' if chinese else 'words'}"
        s, r, w = statistics.median(search), statistics.median(reference), statistics.median(whole)
        print(f"| {label} | {hits[0]} | {s:.3f} | {r:.3f} | {s / r:.2f} | ≤ 0.5 s |")
        print(f"| {label}, whole word | {hits[0]} | {w:.3f} | {r:.3f} | {w / r:.2f} | ≤ 0.5 s |")


if __name__ == "__main__":
    main()
