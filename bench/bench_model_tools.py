"""The model's deeper tools, measured against plain drafting in the same run.

- prose samplers: decode tokens/s of the Prose preset (DRY + XTC, DRY looking back 1,024
  tokens) over the Balanced preset's, same prompt, seed and length (goal ≥ 0.95).
- banned phrases: decode tokens/s with 20 banned phrases that never come up (the held-back
  scan runs at every token, nothing is taken back) over none (goal ≥ 0.98, i.e. ≤ 2 %).

Per rep a new ~100-token prompt, both settings run in turn so the machine's noise falls on
both; 128 tokens each; median of 5 reps.  The test model (SmolLM2-135M) unless ``--model``.

``.venv/bin/python bench/bench_model_tools.py [--model PATH] [--reps 5]``  (~1 min).  A
measurement, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.bench_drafting import ensure_model, load_engine, opening  # noqa: E402
from bench.sandbox import throwaway_home  # noqa: E402
from writer_app.core.drafting.presets import BUILT_IN  # noqa: E402
from writer_app.core.drafting.sampling import SamplingSettings  # noqa: E402
from writer_app.core.local.config import default_threads  # noqa: E402

NEW_TOKENS = 128


def preset(name: str, seed: int) -> SamplingSettings:
    chosen = next(p for p in BUILT_IN if p.name == name)
    return chosen.apply(SamplingSettings(max_tokens=NEW_TOKENS, seed=seed))


def bench_samplers(engine, reps: int) -> dict[str, float]:
    tokenize = engine.tokenize
    rates: dict[str, list[float]] = {"Balanced": [], "Prose": []}
    warm = engine.build_prompt(opening(reps, tokenize), NEW_TOKENS).tokens
    engine.complete(warm, preset("Prose", 1))  # page the weights in, untimed
    for rep in range(reps):
        prompt = engine.build_prompt(opening(rep, tokenize), NEW_TOKENS).tokens
        for name, runs in rates.items():
            stats = engine.complete(prompt, preset(name, 1000 + rep)).stats
            runs.append(stats.tokens_per_second)
    plain, prose = (statistics.median(rates[k]) for k in ("Balanced", "Prose"))
    return {"balanced_tok_s": plain, "prose_tok_s": prose, "ratio": prose / plain}


# Twenty phrases a story about a harbour town does not reach: the scan runs, nothing is banned.
NEVER = (
    "quantum flux", "spreadsheet", "blockchain", "algorithmic", "a testament to",
    "shivers down her spine", "barely above a whisper", "in the realm of", "delve into",
    "tapestry of", "kaleidoscope", "paradigm", "synergy", "leverage", "holistic",
    "倒吸一口凉气", "嘴角勾起", "不禁", "闪过一丝", "眸中",
)  # fmt: skip


def bench_bans(engine, reps: int) -> dict[str, float]:
    tokenize = engine.tokenize
    rates: dict[str, list[float]] = {"none": [], "twenty": []}
    taken_back = 0
    for rep in range(reps):
        prompt = engine.build_prompt(opening(rep, tokenize), NEW_TOKENS).tokens
        for name, runs in rates.items():
            settings = preset("Balanced", 2000 + rep)
            if name == "twenty":
                settings = replace(settings, banned=NEVER)
            suggestion = engine.complete(prompt, settings)
            runs.append(suggestion.stats.tokens_per_second)
            taken_back += suggestion.stats.taken_back  # a phrase did come up after all
    none, twenty = (statistics.median(rates[k]) for k in ("none", "twenty"))
    return {"none_tok_s": none, "twenty_tok_s": twenty, "ratio": twenty / none,
            "taken_back": taken_back}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    throwaway_home("bench-tools-")
    engine = load_engine(args.model or ensure_model(), default_threads())
    engine.record_candidates = True  # as in the editor: word alternatives are recorded
    try:
        samplers = bench_samplers(engine, args.reps)
        bans = bench_bans(engine, args.reps)
    finally:
        engine.close()
    print("| measure | value | goal |\n|---|---|---|")
    print(f"| decode tok/s, Balanced | {samplers['balanced_tok_s']:.1f} | |")
    print(f"| decode tok/s, Prose (DRY + XTC) | {samplers['prose_tok_s']:.1f} | |")
    print(f"| Prose / Balanced | {samplers['ratio']:.3f} | ≥ 0.95 |")
    print(f"| decode tok/s, no banned phrases | {bans['none_tok_s']:.1f} | |")
    print(f"| decode tok/s, 20 banned phrases (none came up) | {bans['twenty_tok_s']:.1f} | |")
    print(f"| 20 banned / none | {bans['ratio']:.3f} | ≥ 0.98 |")
    print(f"| banned phrases taken back (should be none) | {bans['taken_back']} | 0 |")


if __name__ == "__main__":
    main()
