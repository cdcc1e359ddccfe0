"""My voice: a voice trained by the app's own trainer (core.voices.training, the code behind
Novel ▸ Train My Voice… and ``writer-app voice train``), then measured through llama.cpp in
the same run.

Trains on the text's first 90 % for ``--minutes`` of training, then, with the model loaded
once in llama.cpp: the held-out perplexity (the last 10 %) without the voice, with it as an
adapter and with it baked into a copy of the model (core.voices.merge, as the app serves it
once the copy is made), the decode speed in the same three ways (greedy, the same prompts),
and greedy continuations of a few held-out passages side by side.  Training speed, the
trainer's memory peak and the adapter's size are reported from the run.

``.venv/bin/python bench/bench_voice.py --model M.gguf --text A.txt [B.txt …] [--minutes 13]
[--modules …] [--rank R] [--rounds N] [--keep FOLDER] [--out report.md]``
(needs ``scripts/setup.sh --voice``).  A measurement, not a test.
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import math
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.sandbox import throwaway_home  # noqa: E402
from writer_app.core.drafting.sampling import SamplingSettings  # noqa: E402
from writer_app.core.local.config import EngineConfig, default_threads  # noqa: E402
from writer_app.core.voices import job as jobs  # noqa: E402
from writer_app.core.voices import merge  # noqa: E402

CONTINUATIONS = 3
CONTINUATION_TOKENS = 48
DECODE_TOKENS = 96
DECODE_ROUNDS = 6
PROMPT_CHARS = 400
FULL_PROMPT_CHARS = 12_000  # more than a 2,048-token context holds, in either language


def held_out_perplexity(engine, text: str, window: int) -> float:
    """Perplexity of ``text`` read in windows of ``window`` tokens, each from its start (the
    trainer measures in windows of its training sequence; a writer's suggestion sees up to
    the whole context)."""
    from writer_app.core.local.scoring import surprisal_after

    tokens = engine.tokenize(text)
    bits, count = 0.0, 0
    for start in range(0, len(tokens) - 1, window):
        chunk = tokens[start : start + window + 1]
        bits += surprisal_after(engine, [*engine.bos(), chunk[0]], chunk[1:]) or 0.0
        count += len(chunk) - 1
    return 2 ** (bits / count)


def decode_speeds(
    engine, prompts: list[str], arms: dict[str, Callable[[], None]], rounds: int
) -> dict[str, dict[str, float]]:
    """Decode speed in each arm (``arms``: name -> what puts the engine in it; the first is
    the model without a voice): tokens per second (medians), and each other arm's median of
    its rounds' ratios to the first, by the wall clock and by the process's CPU time.
    Measured in turns, so that a change in the machine's load falls on every arm of a round
    alike; the CPU time leaves out what a shared machine's neighbours take (steal), which the
    wall clock does not."""
    settings = SamplingSettings(max_tokens=DECODE_TOKENS, temperature=0.0, seed=1)
    names = list(arms)
    rates: dict[str, list[float]] = {name: [] for name in names}
    ratios: dict[str, dict[str, list[float]]] = {n: {"wall": [], "cpu": []} for n in names}
    for _round in range(rounds):
        wall: dict[str, list[float]] = {name: [] for name in names}
        cpu: dict[str, list[float]] = {name: [] for name in names}
        for name in names:
            arms[name]()
            for text in prompts:
                tokens = engine.build_prompt(text, DECODE_TOKENS).tokens
                engine.complete(tokens, settings)  # the prompt read; the timed run decodes only
                started, started_cpu = time.perf_counter(), time.process_time()
                made = len(engine.complete(tokens, settings).tokens)
                wall[name].append(made / (time.perf_counter() - started))
                cpu[name].append(made / (time.process_time() - started_cpu))
            rates[name] += wall[name]
        for name in names[1:]:
            for clock, values in (("wall", wall), ("cpu", cpu)):
                ratio = statistics.median(values[name]) / statistics.median(values[names[0]])
                ratios[name][clock].append(ratio)
    return {
        name: {
            "rate": statistics.median(rates[name]),
            "ratio": statistics.median(ratios[name]["wall"]) if name != names[0] else 1.0,
            "cpu_ratio": statistics.median(ratios[name]["cpu"]) if name != names[0] else 1.0,
        }
        for name in names
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--text", type=Path, nargs="+", required=True)
    parser.add_argument("--minutes", type=float, default=13.0)
    parser.add_argument("--learning-rate", type=float, default=1e-3)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--rank", type=int, default=16)
    parser.add_argument(
        "--modules",
        nargs="+",
        default=list(jobs.DEFAULT_MODULES),
        help="the projections the voice adapts (default: the app's)",
    )
    parser.add_argument("--rounds", type=int, default=DECODE_ROUNDS)
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="FOLDER",
        help="train into FOLDER and keep it; when it already holds a finished run, measure "
        "that one again instead of training",
    )
    args = parser.parse_args()
    faulthandler.enable()
    home = throwaway_home("bench-voice-")
    from writer_app.core.local.engine import LlamaCppEngine

    kept = args.keep.resolve() if args.keep else home
    folder = jobs.RunFolder(kept / "run")
    adapter = kept / "voice.gguf"
    wall, peak_mb = math.nan, math.nan
    if not adapter.is_file():
        texts = [
            folder.add_text(i, path.name, path.read_text("utf-8"))
            for i, path in enumerate(args.text)
        ]
        folder.write_job(
            jobs.TrainingJob(
                model=str(args.model.resolve()),
                out=str(adapter),
                texts=texts,
                minutes=args.minutes,
                learning_rate=args.learning_rate,
                rank=args.rank,
                modules=args.modules,
                name="bench",
            )
        )
        started = time.perf_counter()
        trainer = subprocess.run(
            [sys.executable, "-m", "writer_app.core.voices.training", str(folder.folder)],
            check=False,
        )
        wall = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if trainer.returncode != 0:
            events = folder.events()
            sys.exit(f"training failed: {events[-1] if events else 'no events'}")
        (kept / "training.json").write_text(json.dumps({"wall": wall, "peak_mb": peak_mb}))
    elif (kept / "training.json").is_file():  # measured again: the training's own figures
        figures = json.loads((kept / "training.json").read_text())
        wall, peak_mb = figures["wall"], figures["peak_mb"]
    events = folder.events()
    done = events[-1]
    ready = next(e for e in events if e.kind == jobs.READY)
    evaluations = [(e.get("step"), e.get("ratio")) for e in events if e.kind == jobs.EVAL]

    whole = jobs.joined_text(path.read_text("utf-8") for path in args.text)
    _train, held = jobs.split_holdout(whole, 0.1)
    engine = LlamaCppEngine.load(EngineConfig(args.model, n_ctx=2048, n_threads=default_threads()))
    starts = [i for i in range(PROMPT_CHARS, len(held), max(1, len(held) // CONTINUATIONS))]
    prompts = [held[max(0, s - PROMPT_CHARS) : s] for s in starts[:CONTINUATIONS]]
    # The same places with all the text before them: a suggestion deep in a chapter reads a
    # full context, and what a voice costs per token is less beside a long attention.
    before = whole[: len(whole) - len(held)]
    full_prompts = [(before + held[:s])[-FULL_PROMPT_CHARS:] for s in starts[:CONTINUATIONS]]
    greedy = SamplingSettings(max_tokens=CONTINUATION_TOKENS, temperature=0.0, seed=1)
    short = folder.read_job().sequence  # the window the trainer measures in
    context = engine.n_ctx
    long = context - 8  # as much as a suggestion reads
    try:
        plain_ppl = held_out_perplexity(engine, held, long)
        plain_short = held_out_perplexity(engine, held, short)
        plain_text = [engine.suggest(engine.build_prompt(p, 48), greedy).text for p in prompts]
        engine.set_voice(adapter, 1.0)
        voiced_ppl = held_out_perplexity(engine, held, long)
        voiced_short = held_out_perplexity(engine, held, short)
        voiced_text = [engine.suggest(engine.build_prompt(p, 48), greedy).text for p in prompts]
        copy = merge.merge_voice(args.model, adapter, 1.0, kept / "baked.gguf")
        engine.bake_voice(copy)  # what the app serves once the copy is made
        baked_ppl = held_out_perplexity(engine, held, long)

        def plain() -> None:
            engine.set_voice(None)

        def with_adapter() -> None:
            engine.set_voice(None)
            engine.set_voice(adapter, 1.0)

        def baked() -> None:
            with_adapter()
            engine.bake_voice(copy)

        arms = {"plain": plain, "adapter": with_adapter, "baked": baked}
        speed = decode_speeds(engine, prompts, arms, args.rounds)
        full_speed = decode_speeds(engine, full_prompts, arms, args.rounds)
    finally:
        engine.close()
    report = {
        "model": args.model.name,
        "texts": [p.name for p in args.text],
        "modules": folder.read_job().modules,
        "rank": folder.read_job().rank,
        "train_tokens": ready.get("train_tokens"),
        "held_tokens": ready.get("held_tokens"),
        "minutes_training": done.get("seconds") / 60,
        "minutes_wall": wall / 60,
        "steps": done.get("step"),
        "tokens_per_second": next(
            e.get("tokens") / e.get("seconds") for e in reversed(events) if e.kind == jobs.STEP
        ),
        "trainer_peak_mb": peak_mb,
        "adapter_mib": adapter.stat().st_size / 2**20,
        "torch_ratio": done.get("ratio"),
        "evaluations": evaluations,
        "llama_cpp_perplexity": [plain_ppl, voiced_ppl, voiced_ppl / plain_ppl],
        "baked_perplexity": [baked_ppl, baked_ppl / plain_ppl],
        "llama_cpp_perplexity_short_windows": [
            short,
            plain_short,
            voiced_short,
            voiced_short / plain_short,
        ],
        "decode": speed,
        "decode_full_context": full_speed,
    }
    print(json.dumps(report, ensure_ascii=False), flush=True)
    lines = [
        f"## {args.model.name} on {', '.join(report['texts'])}",
        "",
        f"- the voice adapts {', '.join(report['modules'])} in every layer, rank {report['rank']}",
        f"- training: {report['minutes_training']:.1f} min ({report['minutes_wall']:.1f} min "
        f"with loading and measuring), {report['steps']} steps, "
        f"{report['tokens_per_second']:.0f} tokens/s, trainer peak {peak_mb:.0f} MB",
        f"- text: {report['train_tokens']} tokens learned from, {report['held_tokens']} held out",
        f"- held-out perplexity through llama.cpp: {plain_ppl:.2f} → {voiced_ppl:.2f} "
        f"(**{voiced_ppl / plain_ppl:.3f}×**), reading it in windows of {long} "
        "tokens as a suggestion does",
        f"- the same in windows of {short} tokens, as the trainer measures: {plain_short:.2f} → "
        f"{voiced_short:.2f} ({voiced_short / plain_short:.3f}×); the trainer's own figure "
        f"(torch, the unquantized weights) {done.get('ratio'):.3f}×",
        f"- held-out perplexity with the voice baked into a copy of the model (Q8_0): "
        f"{baked_ppl:.2f} (**{baked_ppl / plain_ppl:.3f}×**)",
        *(
            f"- decode with the voice {label}: {s['plain']['rate']:.1f} → {s[arm]['rate']:.1f} "
            f"tokens/s (**{(s[arm]['ratio'] - 1) * 100:+.1f} %**, the median of {args.rounds} "
            f"rounds' ratios; by CPU time {(s[arm]['cpu_ratio'] - 1) * 100:+.1f} %) after a "
            f"prompt of {PROMPT_CHARS} characters; after a full context ({context} tokens): "
            f"{f['plain']['rate']:.1f} → {f[arm]['rate']:.1f} tokens/s "
            f"(**{(f[arm]['ratio'] - 1) * 100:+.1f} %**; by CPU time "
            f"{(f[arm]['cpu_ratio'] - 1) * 100:+.1f} %)"
            for arm, label in (("adapter", "as an adapter"), ("baked", "baked in"))
            for s, f in ((speed, full_speed),)
        ),
        f"- adapter: {report['adapter_mib']:.1f} MiB",
        "",
        "| prompt ends … | without the voice | with the voice |",
        "|---|---|---|",
    ]
    for prompt, plain, voiced in zip(prompts, plain_text, voiced_text, strict=True):
        cell = [" ".join(t.split()).replace("|", "\\|") for t in (prompt[-60:], plain, voiced)]
        lines.append(f"| …{cell[0]} | {cell[1]} | {cell[2]} |")
    markdown = "\n".join(lines) + "\n"
    print(markdown)
    if args.out:
        args.out.write_text(markdown, encoding="utf-8")
    assert math.isfinite(voiced_ppl)


if __name__ == "__main__":
    main()
