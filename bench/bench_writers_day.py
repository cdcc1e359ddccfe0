"""A writer's day, timed: the scripted session of tests/support/writers_day.py (typing,
accepting, dismissing, alternatives, word choices, a word fixed a paragraph up, a chapter
switch, a restart) over a 20,000-word chapter on the real engine, against raw
llama-cpp-python replaying the same prompts.

For each model (SmolLM2-135M, Gemma 3 270M) and language (English, Chinese):

1. tokens read ÷ tokens genuinely new over the session, read-ahead off, and the worst single
   request (read − new, what the writer did, what the cache logged);
2. the wait per Ctrl+Return (to the first token, ``stats.prompt_seconds``), median and p95,
   with read-ahead off and on: two sessions, same seed.  With it on, ``engine.read_ahead``
   reads each prompt in the pause before its request, outside the wait; the tokens read in
   those pauses are reported too.  Suggestions sampled after differently batched reads may
   differ, so the two sessions can part ways after a while;
3. raw llama-cpp-python (one ``Llama``, batches of 256 as the engine's, ``Llama.eval`` after
   keeping the longest common prefix, as its own ``generate()`` does) replaying every prompt
   of the read-ahead-off session in order: tokens read ÷ new, median and p95 wait (the read
   alone, no sampling), and app ÷ raw for the median wait and the tokens read.  Raw keeps one
   cache across the whole replay, as a long-lived server would: it has no saved state, but
   it is not restarted either, so at the session's restart it reads only what changed (the
   app restores a saved state there).  At the chapter switch it reads the other chapter's
   window, and the first one's again on the way back.  Raw llama-cpp-python keeps its default
   full-size cache for Gemma's sliding-window layers; the app a small one that it shifts.

Flash attention is off on both sides.  The saved states are cleared before each session.

``.venv/bin/python bench/bench_writers_day.py [--models smollm gemma] [--languages en zh]
[--steps 60] [--chapter-tokens 27000] [--n-ctx 2048] [--out D] [--name writers_day]``; prints
a markdown table, writes ``<name>.json``/``<name>.md`` under ``--out``.  A measurement, not
a test.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_drafting as common  # noqa: E402  (sets up the throwaway XDG home first)
import llama_cpp  # noqa: E402

from tests.support.models import gemma_model_path, smollm_model_path  # noqa: E402
from tests.support.writers_day import Request, WritersDay, totals  # noqa: E402
from writer_app.core.local import llama_log  # noqa: E402
from writer_app.core.local.config import EngineConfig, default_threads  # noqa: E402
from writer_app.core.local.engine import LlamaCppEngine  # noqa: E402
from writer_app.core.local.reuse_plan import common_prefix  # noqa: E402
from writer_app.core.prompt.window import Prompt  # noqa: E402
from writer_app.core.storage.paths import states_dir  # noqa: E402

MODELS: dict[str, Callable[[Path], Path]] = {"smollm": smollm_model_path,
                                             "gemma": gemma_model_path}  # fmt: skip
LANGUAGES = ("en", "zh")
# A 20,000-word chapter of ordinary prose is about 27,000 tokens (the script's plain
# sentences make some 24,000 words of it with SmolLM2); the Chinese one is as long in tokens.
CHAPTER_TOKENS = 27_000
N_CTX = 2048
MAX_TOKENS = 8
STEPS = 60
SEED = 1
SAVED_STATE_MB = 256
BATCH = 256  # the engine's batch on the CPU (core.local.engine.batch_size)
RawRead = tuple[int, float]  # tokens read, seconds


def load_engine(model: Path, n_ctx: int, threads: int) -> LlamaCppEngine:
    config = EngineConfig(model, n_ctx=n_ctx, n_threads=threads,
                          saved_state_mb=SAVED_STATE_MB, flash_attn=False)  # fmt: skip
    return LlamaCppEngine.load(config)


def session(
    model: Path, language: str, args: argparse.Namespace, threads: int, *, read_ahead: bool
) -> tuple[list[Request], list[list[int]], list[int]]:
    """One writer's day: its requests, every prompt's tokens in order, and the index of the
    first request after each restart."""
    shutil.rmtree(states_dir(), ignore_errors=True)  # nothing left by the session before
    prompts: list[list[int]] = []
    loads: list[int] = []

    def load() -> LlamaCppEngine:
        loads.append(len(prompts))
        return load_engine(model, args.n_ctx, threads)

    def sent(_request: Request, prompt: Prompt) -> None:
        prompts.append(list(prompt.tokens))

    day = WritersDay(load, language, seed=SEED, chapter_tokens=args.chapter_tokens,
                     max_tokens=MAX_TOKENS, read_ahead=read_ahead, on_request=sent)  # fmt: skip
    try:
        requests = day.run(args.steps)
    finally:
        day.engine.close()
    return requests, prompts, loads[1:]


def raw_read(llm: llama_cpp.Llama, tokens: list[int]) -> RawRead:
    """What llama-cpp-python's own generate() does: keep the longest prefix, read the rest."""
    keep = min(common_prefix(llm.input_ids[: llm.n_tokens].tolist(), tokens), len(tokens) - 1)
    llm.n_tokens = keep
    started = time.perf_counter()
    llm.eval(tokens[keep:])
    return len(tokens) - keep, time.perf_counter() - started


def replay_raw(model: Path, prompts: list[list[int]], n_ctx: int, threads: int) -> list[RawRead]:
    llm = llama_cpp.Llama(str(model), n_ctx=n_ctx, n_batch=BATCH, n_ubatch=BATCH,
                          n_threads=threads, n_threads_batch=threads, logits_all=False,
                          flash_attn=False, verbose=False)  # fmt: skip
    try:
        return [raw_read(llm, tokens) for tokens in prompts]
    finally:
        llm.close()


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def waits(seconds: list[float]) -> dict[str, float]:
    return {"wait_median_s": statistics.median(seconds), "wait_p95_s": p95(seconds)}


def measure(name: str, language: str, args: argparse.Namespace, threads: int) -> dict[str, Any]:
    model = MODELS[name](common.MODEL_CACHE).resolve()
    off, prompts, restarts = session(model, language, args, threads, read_ahead=False)
    print(f"  {name} {language}: read-ahead off done ({len(off)} requests)", flush=True)
    on, _prompts, _restarts = session(model, language, args, threads, read_ahead=True)
    print(f"  {name} {language}: read-ahead on done", flush=True)
    raw = replay_raw(model, prompts, args.n_ctx, threads)
    print(f"  {name} {language}: raw replay done", flush=True)

    read, new = totals(off)
    worst = max(off, key=lambda r: r.read - r.new)
    raw_read_total = sum(count for count, _seconds in raw)
    app_waits, raw_waits = waits([r.wait_s for r in off]), waits([s for _n, s in raw])
    return {
        "model": name, "path": str(model), "language": language, "requests": len(off),
        "restart_at": restarts,
        "app": {"read": read, "new": new, "read_per_new": read / new,
                "worst": {"excess": worst.read - worst.new, "index": off.index(worst),
                          **asdict(worst)},
                **app_waits, "requests": [asdict(r) for r in off]},
        "read_ahead": {"read": totals(on)[0], "pause_read": sum(r.pause_read for r in on),
                       **waits([r.wait_s for r in on]), "requests": [asdict(r) for r in on]},
        "raw": {"read": raw_read_total, "read_per_new": raw_read_total / new, **raw_waits,
                "requests": [{"read": n, "wait_s": s} for n, s in raw]},
        "app_over_raw": {"median_wait": app_waits["wait_median_s"] / raw_waits["wait_median_s"],
                         "read": read / raw_read_total},
    }  # fmt: skip


# -- report ------------------------------------------------------------------------------------


def table(rows: list[dict[str, Any]]) -> str:
    def ms(part: dict[str, Any]) -> str:
        return f"{part['wait_median_s'] * 1000:.0f} / {part['wait_p95_s'] * 1000:.0f}"

    lines = [
        "| model | lang | requests | read ÷ new: app | raw | worst request: read − new "
        "| wait ms, median / p95: app | app, read-ahead (pause read) | raw "
        "| app ÷ raw: median wait | tokens read |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        app, ahead, raw, worst = row["app"], row["read_ahead"], row["raw"], row["app"]["worst"]
        lines.append(
            f"| {row['model']} | {row['language']} | {row['requests']} "
            f"| {app['read_per_new']:.2f} ({app['read']} / {app['new']}) "
            f"| {raw['read_per_new']:.2f} ({raw['read']}) "
            f"| {worst['excess']} (#{worst['index']} {worst['what']}) "
            f"| {ms(app)} | {ms(ahead)} ({ahead['pause_read']} tokens) | {ms(raw)} "
            f"| {row['app_over_raw']['median_wait']:.2f} | {row['app_over_raw']['read']:.2f} |"
        )
    lines += ["", "Worst requests (what the cache logged):", ""]
    for row in rows:
        worst = row["app"]["worst"]
        reasons = "; ".join(worst["reasons"]) or "nothing"
        lines.append(f"- {row['model']} {row['language']}, #{worst['index']} {worst['what']} "
                     f"(prompt {worst['prompt_tokens']}, read {worst['read']}, new "
                     f"{worst['new']}): {reasons}")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", choices=list(MODELS), default=list(MODELS))
    parser.add_argument("--languages", nargs="+", choices=LANGUAGES, default=list(LANGUAGES))
    parser.add_argument("--steps", type=int, default=STEPS)
    parser.add_argument("--chapter-tokens", type=int, default=CHAPTER_TOKENS)
    parser.add_argument("--n-ctx", type=int, default=N_CTX)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    parser.add_argument("--name", default="writers_day", help="results file name")
    args = parser.parse_args()
    threads = default_threads()
    llama_log.install()
    llama_log.log.setLevel(logging.ERROR)
    info, started = common.machine(threads), time.perf_counter()
    print(f"{info['cpu']} · {info['cores']} cores · {threads} threads · n_ctx {args.n_ctx} · "
          f"{args.steps} steps · chapter {args.chapter_tokens} tokens", flush=True)  # fmt: skip
    rows = [measure(name, language, args, threads)
            for name in args.models for language in args.languages]  # fmt: skip
    markdown = table(rows)
    print(f"\n{markdown}\n\nrun took {time.perf_counter() - started:.0f} s")
    args.out.mkdir(parents=True, exist_ok=True)
    report = {"date": time.strftime("%Y-%m-%d %H:%M:%S"), "machine": info,
              "settings": {"n_ctx": args.n_ctx, "steps": args.steps, "seed": SEED,
                           "chapter_tokens": args.chapter_tokens, "max_tokens": MAX_TOKENS},
              "rows": rows}  # fmt: skip
    (args.out / f"{args.name}.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.out / f"{args.name}.md").write_text(
        f"# A writer's day — {report['date']}\n\n{info['cpu']} · {threads} threads · n_ctx "
        f"{args.n_ctx} · {args.steps} steps · chapter {args.chapter_tokens} tokens · "
        f"max_tokens {MAX_TOKENS}\n\n{markdown}\n"
    )


if __name__ == "__main__":
    main()
