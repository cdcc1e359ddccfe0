"""Scoring a writer's text (core.local.scoring) against reading it.

For a 2,000-token window of plain prose, per model:

- cold read: ``engine.cache.bring_to`` of the window on an empty cache (logits for the last
  token only: what a suggestion's prompt costs);
- read with logits: the same window through ``ModelCache.read_with_logits``, every position's
  logits asked for and not looked at (llama.cpp's own cost: the output layer for every row);
- scoring: ``score_text`` of the window, 5 alternatives per token (all of the above plus the
  log-softmax and the likeliest tokens, in numpy, batch by batch);

score / cold read is the figure (goal ≤ 1.5).  Per rep the three run in turn, so the
machine's noise falls on each; median of ``--reps`` (3).  The test model (SmolLM2-135M)
always, and also ``--model`` when given (e.g. Gemma 3 270M, whose output layer over a
262,144-token vocabulary, asked for every row, about doubles llama.cpp's own read).  The
growth of the process's resident memory over the first scoring is printed too: llama.cpp's
buffers for one batch's logits, which it keeps, and ours (a few MB; never the window's rows).

``.venv/bin/python bench/bench_scoring.py [--model PATH] [--reps 3]``  (~1-2 min per model on
2 cores).  A measurement, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.bench_drafting import ensure_model, story  # noqa: E402
from bench.sandbox import throwaway_home  # noqa: E402
from writer_app.core.local.config import EngineConfig, default_threads  # noqa: E402
from writer_app.core.local.engine import LlamaCppEngine  # noqa: E402
from writer_app.core.local.scoring import score_text  # noqa: E402

WINDOW = 2000  # tokens scored
N_CTX = 4096


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


def window_text(engine: LlamaCppEngine) -> tuple[str, list[int]]:
    """Plain prose cut at the token boundary where the window ends."""
    tokens = engine.tokenize(story(7, WINDOW, engine.tokenize))[:WINDOW]
    text = engine.text_of(tokens).decode("utf-8", errors="ignore")
    return text, engine.bos() + engine.tokenize(text)


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def bench_model(model: Path, reps: int) -> dict[str, float | str]:
    engine = LlamaCppEngine.load(EngineConfig(model, n_ctx=N_CTX, n_threads=default_threads()))
    cache = engine.cache
    try:
        text, tokens = window_text(engine)

        def cold() -> None:
            cache.truncate(0)
            cache.bring_to(tokens)

        def with_logits() -> None:
            cache.truncate(0)
            cache.read_with_logits([], tokens, lambda _at, _count: None)

        scorings = []

        def scoring() -> None:
            cache.truncate(0)
            scorings.append(score_text(engine, text, top=5))

        runs: dict[str, list[float]] = {"cold": [], "logits": [], "score": []}
        cold()  # page the weights in, untimed
        before = resident_mb()
        scoring()  # and the logits buffer llama.cpp keeps for a batch's rows
        grown = resident_mb() - before
        for _ in range(reps):
            runs["cold"].append(timed(cold))
            runs["logits"].append(timed(with_logits))
            runs["score"].append(timed(scoring))
        figures = {name: statistics.median(times) for name, times in runs.items()}
        return {
            "model": model.name,
            "tokens": len(scorings[-1].tokens),
            **figures,
            "ratio": figures["score"] / figures["cold"],
            "logits_ratio": figures["logits"] / figures["cold"],
            "perplexity": scorings[-1].perplexity,
            "memory_mb": grown,
        }
    finally:
        engine.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help="a second model (e.g. Gemma 3 270M)")
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    throwaway_home("bench-scoring-")
    models = [ensure_model()]
    if args.model is not None and args.model.resolve() != models[0].resolve():
        models.append(args.model)
    rows = [bench_model(model, args.reps) for model in models]
    print(f"{default_threads()} threads, n_ctx {N_CTX}, median of {args.reps}\n")
    print(
        "| model | tokens scored | cold read s | read, all logits s | scoring s "
        "| all logits / cold | **scoring / cold** (goal ≤ 1.5) | perplexity | memory +MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['model']} | {row['tokens']} | {row['cold']:.2f} | {row['logits']:.2f} "
            f"| {row['score']:.2f} | {row['logits_ratio']:.2f} | **{row['ratio']:.2f}** "
            f"| {row['perplexity']:.2f} | {row['memory_mb']:.0f} |"
        )


if __name__ == "__main__":
    main()
