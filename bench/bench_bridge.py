"""Writing toward what follows (core.drafting.bridge), measured on held-out gaps of real prose.

From ``bench/data/story_en.txt`` (and, with ``--chinese``, ``story_zh.txt`` on Gemma 3), 30
gaps are cut at sentence ends spread over the story: the text before a gap is the prompt, the
gap is one sentence the model must write, and the next two sentences are what follows.  Per
gap the model writes 4 candidates (the Balanced preset, to the end of a sentence), exactly as
the editor does mid-chapter, each measured against what follows as soon as it is written
(``lead_in_bits``).  Reported, over the gaps:

- the surprisal (bits) of the true following text after the top-ranked candidate, after the
  first candidate written (what an unranked suggestion would have shown), after the worst,
  and after the true gap (the writer's own sentence: how good a lead-in can be);
- how often the top-ranked candidate is the first one (ranking changed nothing);
- the time ranking adds to writing the candidates;
- three examples, for README.

``.venv/bin/python bench/bench_bridge.py [--model PATH] [--chinese] [--gaps 30]``  (~3 min).
A measurement, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.bench_drafting import ensure_model, load_engine  # noqa: E402
from bench.sandbox import throwaway_home  # noqa: E402
from writer_app.core.drafting.bridge import following_text  # noqa: E402
from writer_app.core.drafting.presets import BUILT_IN  # noqa: E402
from writer_app.core.drafting.sampling import SamplingSettings  # noqa: E402
from writer_app.core.drafting.stops import STOP_AT_SENTENCE, sentence_end  # noqa: E402
from writer_app.core.local.config import default_threads  # noqa: E402

DATA = Path(__file__).resolve().parent / "data"
CANDIDATES = 4
PROMPT_CHARS = 1500  # of the story before a gap
FIRST_GAP_CHARS = 600  # gaps start after this much story


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, paragraph by paragraph, the editor's sentence ends."""
    spans: list[tuple[int, int]] = []
    at = 0
    for paragraph in text.split("\n"):
        rest, start = paragraph, at
        while rest.strip():
            end = sentence_end(rest) or len(rest)
            spans.append((start, start + end))
            start, rest = start + end, rest[end:]
        at += len(paragraph) + 1
    return spans


def gaps(text: str, count: int) -> list[tuple[str, str, str]]:
    """(before, gap, after) cut at sentence ends, evenly over the story."""
    spans = [s for s in sentences(text) if s[0] >= FIRST_GAP_CHARS]
    spans = spans[: len(spans) - 3]
    step = max(1, len(spans) // count)
    result = []
    for start, end in spans[::step][:count]:
        before = text[max(0, start - PROMPT_CHARS) : start]
        result.append((before, text[start:end], text[end:]))
    return result


def bench(engine, story: str, count: int) -> dict:
    from writer_app.core.local.scoring import lead_in_bits

    balanced = next(p for p in BUILT_IN if p.name == "Balanced")
    settings = replace(
        balanced.apply(SamplingSettings(seed=1)), stop_at=STOP_AT_SENTENCE, max_tokens=48
    )
    rows = []
    writing = ranking = 0.0
    for number, (before, gap, after) in enumerate(gaps(story, count)):
        prompt = engine.build_prompt(before, settings.max_tokens)
        following = following_text(after)
        tokens = engine.tokenize(following)
        texts, bits = [], []
        for i in range(CANDIDATES):  # as the editor does: each measured once written
            started = time.perf_counter()
            texts.append(engine.suggest(prompt, replace(settings, seed=100 * number + i)).text)
            measured = time.perf_counter()
            bits.append(lead_in_bits(engine, prompt.tokens, texts[-1], tokens))
            writing += measured - started
            ranking += time.perf_counter() - measured
        true = lead_in_bits(engine, prompt.tokens, gap, tokens)
        best = min(range(CANDIDATES), key=lambda i: (bits[i], i))
        rows.append(
            {
                "before": before,
                "gap": gap,
                "following": following,
                "texts": texts,
                "bits": bits,
                "true": true,
                "best": best,
            }
        )
    return {"rows": rows, "writing": writing, "ranking": ranking}


def report(result: dict) -> None:
    rows = result["rows"]
    top = [r["bits"][r["best"]] for r in rows]
    first = [r["bits"][0] for r in rows]
    worst = [max(r["bits"]) for r in rows]
    true = [r["true"] for r in rows]
    changed = sum(r["best"] != 0 for r in rows)
    print(f"{len(rows)} gaps, {CANDIDATES} candidates each\n")
    print("| what follows, after … | mean bits | median bits |\n|---|---|---|")
    for name, values in (
        ("the top-ranked candidate", top),
        ("the first candidate (unranked)", first),
        ("the worst candidate", worst),
        ("the writer's own sentence", true),
    ):
        print(f"| {name} | {statistics.mean(values):.1f} | {statistics.median(values):.1f} |")
    gain = statistics.mean(f - t for f, t in zip(first, top, strict=True))
    print(f"\nranking gain over unranked: {gain:.1f} bits per gap on average")
    print(f"the top pick was not the first candidate in {changed} of {len(rows)} gaps")
    share = result["ranking"] / result["writing"] if result["writing"] else 0.0
    print(
        f"time: writing the candidates {result['writing']:.1f} s, ranking them "
        f"{result['ranking']:.1f} s (+{100 * share:.0f} %)\n"
    )
    for r in [r for r in rows if r["best"] != 0][:3]:
        print("---\n…" + " ".join(r["before"][-160:].split()))
        for i, text in enumerate(r["texts"]):
            mark = "★" if i == r["best"] else " "
            print(f"  {mark} {r['bits'][i]:6.1f}  {' '.join(text.split())}")
        print(f"  (the writer's: {r['true']:.1f}  {' '.join(r['gap'].split())})")
        print("  what follows: " + " ".join(r["following"].split()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--chinese", action="store_true", help="story_zh.txt (use Gemma 3)")
    parser.add_argument("--gaps", type=int, default=30)
    args = parser.parse_args()
    throwaway_home("bench-bridge-")
    story = (DATA / ("story_zh.txt" if args.chinese else "story_en.txt")).read_text("utf-8")
    engine = load_engine(args.model or ensure_model(), default_threads())
    engine.record_candidates = True  # as in the editor
    try:
        report(bench(engine, story, args.gaps))
    finally:
        engine.close()


if __name__ == "__main__":
    main()
