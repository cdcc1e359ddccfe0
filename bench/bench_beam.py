"""Most likely (beam search, core.local.beam) against greedy decoding, in the same run.

20 prompts cut from ``bench/data/story_en.txt`` (≤ 600 characters each, at sentence starts
spread over the story); per prompt greedy decoding (temperature 0) and beam search of widths
2, 4 and 8 write 48 tokens (no stop but the length; the prompt is already in the cache for
both, as after a read-ahead).  Reported: the time each takes over greedy's, and the mean
log-probability per token of what each wrote, measured afterwards by the model on the same
prompt (``surprisal_after``), in bits (lower: likelier).  The beam context is made before the
timed runs (its one-off cost is reported on its own).

``.venv/bin/python bench/bench_beam.py [--model PATH] [--prompts 20]``  (~3 min).  A
measurement, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.bench_bridge import DATA, sentences  # noqa: E402
from bench.bench_drafting import ensure_model, load_engine  # noqa: E402
from bench.sandbox import throwaway_home  # noqa: E402
from writer_app.core.drafting.sampling import SamplingSettings  # noqa: E402
from writer_app.core.local.config import default_threads  # noqa: E402

NEW_TOKENS = 48
WIDTHS = (2, 4, 8)
PROMPT_CHARS = 600


def prompts(story: str, count: int) -> list[str]:
    starts = [start for start, _ in sentences(story) if start >= PROMPT_CHARS]
    step = max(1, len(starts) // count)
    return [story[start - PROMPT_CHARS : start] for start in starts[::step][:count]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--prompts", type=int, default=20)
    args = parser.parse_args()
    throwaway_home("bench-beam-")
    from writer_app.core.local.scoring import surprisal_after

    story = (DATA / "story_en.txt").read_text("utf-8")
    engine = load_engine(args.model or ensure_model(), default_threads())
    engine.record_candidates = True  # as in the editor
    made = time.perf_counter()
    engine.beam_context()
    made = time.perf_counter() - made
    settings = SamplingSettings(max_tokens=NEW_TOKENS, temperature=0.0, seed=1)
    seconds: dict[str, list[float]] = {"greedy": [], **{f"beam {w}": [] for w in WIDTHS}}
    bits: dict[str, list[float]] = {name: [] for name in seconds}
    try:
        for text in prompts(story, args.prompts):
            prompt = engine.build_prompt(text, NEW_TOKENS)
            engine.cache.bring_to(prompt.tokens)  # read once, untimed: both start warm
            for name in seconds:
                started = time.perf_counter()
                if name == "greedy":
                    tokens = engine.complete(prompt.tokens, settings).tokens
                else:
                    width = int(name.split()[1])
                    tokens = engine.most_likely(prompt, settings, width)[0].tokens
                seconds[name].append(time.perf_counter() - started)
                total = surprisal_after(engine, prompt.tokens, tokens)
                bits[name].append(total / len(tokens) if total and tokens else float("nan"))
    finally:
        engine.close()
    greedy = statistics.mean(seconds["greedy"])
    print(f"beam context made in {made * 1000:.0f} ms (once per model)\n")
    print("| decoding | mean time | × greedy | mean bits per token |\n|---|---|---|---|")
    for name in seconds:
        mean = statistics.mean(seconds[name])
        print(
            f"| {name} | {mean:.2f} s | {mean / greedy:.2f} | {statistics.mean(bits[name]):.3f} |"
        )
    better = {
        name: sum(b < g - 1e-9 for b, g in zip(bits[name], bits["greedy"], strict=True))
        for name in seconds
        if name != "greedy"
    }
    print(
        "\nmore likely than greedy on: "
        + ", ".join(f"{name} {n} of {len(bits[name])}" for name, n in better.items())
    )


if __name__ == "__main__":
    main()
