"""Long-chapter benchmark: the first token after the window slides, after a restart and after
a pause, against a cold read and against raw llama-cpp-python, plus how close a shifted cache
stays to a fresh read.

1. slide ÷ cold, in three cases: the front of the story cut, a memory header kept above the
   story, and a cut mid-sentence that re-tokenizes the first kept word (the seam);
   raw llama-cpp-python (``Llama.eval`` with its longest-prefix reuse) beside each;
2. reopen with a saved state ÷ cold (a new engine, the state file in the page cache);
3. read ahead, then Ctrl+Return ÷ a warm append of one sentence;
4. quality: for several windows, the greedy continuation (32 tokens) after a shift against a
   fresh read of the same window, and the KL divergence of their next-token distributions;
   the same between two fresh reads batched differently, which is the floor (greedy text
   depends on the batch split: docs/stack-facts.md#greedy-text-depends-on-batching).

``.venv/bin/python bench/bench_long_chapter.py [--model P] [--out D] [--windows N]``; prints a
markdown table, writes ``long_chapter.json``/``long_chapter.md`` under ``--out``.  A
measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_drafting as common  # noqa: E402  (sets up the throwaway XDG home first)
import llama_cpp  # noqa: E402
import numpy as np  # noqa: E402

from writer_app.core.drafting.sampling import SamplingSettings  # noqa: E402
from writer_app.core.local import llama_log  # noqa: E402
from writer_app.core.local.config import EngineConfig, default_threads  # noqa: E402
from writer_app.core.local.engine import LlamaCppEngine  # noqa: E402
from writer_app.core.local.reuse_plan import common_prefix  # noqa: E402
from writer_app.core.prompt.assembly import assemble  # noqa: E402
from writer_app.core.prompt.story import StoryContext  # noqa: E402
from writer_app.core.prompt.window import Prompt  # noqa: E402

N_CTX = 2048
MAX_TOKENS = 64
STORY_TOKENS = 2600  # longer than the window, so the prompt is a window onto it
FIRST = SamplingSettings(temperature=0.0, max_tokens=8, seed=1)  # time to the first token
GREEDY = SamplingSettings(temperature=0.0, max_tokens=32, seed=1, repeat_penalty=1.0)
MEMORY = StoryContext(
    memory="A slow, eerie mystery on a northern island, told by the lighthouse keeper's "
    "daughter in the first person and the past tense. The harbour town is called Vell."
)


def load(model: Path, threads: int, saved_state_mb: int = 0) -> LlamaCppEngine:
    return LlamaCppEngine.load(
        EngineConfig(model, n_ctx=N_CTX, n_threads=threads, saved_state_mb=saved_state_mb)
    )


def raw(model: Path, threads: int) -> llama_cpp.Llama:
    return llama_cpp.Llama(
        str(model), n_ctx=N_CTX, n_threads=threads, n_threads_batch=threads, verbose=False
    )


def first_token(engine: LlamaCppEngine, tokens: list[int]) -> float:
    return engine.complete(tokens, FIRST).stats.prompt_seconds


def raw_read(llm: llama_cpp.Llama, tokens: list[int]) -> float:
    """What llama-cpp-python's own generate() does: keep the longest prefix, read the rest."""
    keep = min(common_prefix(llm.input_ids[: llm.n_tokens].tolist(), tokens), len(tokens) - 1)
    llm.n_tokens = keep
    started = time.perf_counter()
    llm.eval(tokens[keep:])
    return time.perf_counter() - started


# -- the three ways a window moves ----------------------------------------------------------


def windows(engine: LlamaCppEngine, seed: int, case: str) -> tuple[list[int], list[int], int]:
    """Two prompts of one chapter, just before and just after the window moved, and how
    many tokens the writer added between them."""
    tokenize = engine.tokenize
    text = common.story(seed, STORY_TOKENS, tokenize)
    if case == "seam":
        cut = text.index(" ", len(text) // 3) + 1  # the first kept word loses its space
        room = N_CTX - MAX_TOKENS - 16 - len(engine.bos())
        before = engine.bos() + tokenize(text[len(text) // 4 :])[-room:]
        more = common.appended(seed, tokenize)
        after = engine.bos() + tokenize(text[cut:] + more)
        return before, after, len(tokenize(more))

    def prompt(body: str) -> Prompt:
        if case == "memory":
            return assemble(MEMORY, body, tokenize, n_ctx=N_CTX, max_tokens=MAX_TOKENS,
                            bos=engine.bos())  # fmt: skip
        return engine.build_prompt(body, MAX_TOKENS)

    # Write on sentence by sentence, as the writer does (each suggestion warm), until the
    # window moves: the cache then holds the prompt of the suggestion just before it moved.
    last = prompt(text)
    extra, rep = "", 0
    while True:
        rep += 1
        sentence = common.appended(seed * 100 + rep, tokenize)
        grown = prompt(text + extra + sentence)
        if grown.start_offset != last.start_offset:
            return last.tokens, grown.tokens, len(tokenize(sentence))
        extra += sentence
        last = grown


def bench_slides(model: Path, threads: int, reps: int) -> dict[str, Any]:
    engine, llm = load(model, threads), raw(model, threads)
    results: dict[str, Any] = {}
    try:
        first_token(engine, engine.build_prompt(common.story(99, 200, engine.tokenize), 8).tokens)
        for case in ("front", "memory", "seam"):
            runs = []
            for rep in range(reps):
                before, after, added = windows(engine, 40 + rep, case)
                engine.cache.truncate(0)
                cold = first_token(engine, before)
                slide = first_token(engine, after)
                plan = engine.cache.last_plan
                llm.reset()
                raw_read(llm, before)
                raw_slide = raw_read(llm, after)
                runs.append({
                    "prompt_tokens": len(before), "added_tokens": added, "cold_s": cold,
                    "slide_s": slide, "raw_slide_s": raw_slide, "kept": plan.keep,
                    "shifted": plan.shifted, "left_out": plan.skipped,
                    "read": len(after) - plan.skipped - plan.reused,
                })  # fmt: skip
            results[case] = {
                "runs": runs,
                "ratio": statistics.median(r["slide_s"] / r["cold_s"] for r in runs),
                "raw_ratio": statistics.median(r["raw_slide_s"] / r["cold_s"] for r in runs),
            }
    finally:
        engine.close()
        llm.close()
    return results


# -- reopening and reading ahead -------------------------------------------------------------


def bench_reopen_and_pause(model: Path, threads: int, reps: int) -> dict[str, Any]:
    reopen, pause = [], []
    for rep in range(reps):
        first = load(model, threads, saved_state_mb=2048)
        text = common.story(60 + rep, STORY_TOKENS, first.tokenize)
        tokens = first.build_prompt(text, MAX_TOKENS).tokens
        cold = first_token(first, tokens)
        first.close()  # saves the chapter's state, as quitting the app does
        second = load(model, threads, saved_state_mb=2048)
        reopened = first_token(second, tokens)
        reopen.append({"cold_s": cold, "reopen_s": reopened,
                       "reused": second.cache.last_plan.reused})  # fmt: skip

        # A writer adds a sentence, then either asks at once (the warm append) or pauses
        # first (the read-ahead runs in the pause, then the request).
        more = text + common.appended(70 + rep, second.tokenize)
        grown = second.build_prompt(more, MAX_TOKENS).tokens
        second.complete(tokens, FIRST)
        warm = first_token(second, grown)
        second.complete(tokens, FIRST)
        second.read_ahead(grown)
        after_pause = first_token(second, grown)
        pause.append({"warm_append_s": warm, "after_read_ahead_s": after_pause})
        second.close()
    return {
        "reopen": {"runs": reopen,
                   "ratio": statistics.median(r["reopen_s"] / r["cold_s"] for r in reopen)},
        "read_ahead": {"runs": pause, "ratio": statistics.median(
            r["after_read_ahead_s"] / r["warm_append_s"] for r in pause)},
    }  # fmt: skip


# -- quality of a shifted cache --------------------------------------------------------------


def next_token_distribution(engine: LlamaCppEngine, tokens: list[int]) -> np.ndarray:
    """Bring the cache to ``tokens`` and return the softmax of the last position's logits."""
    engine.cache.bring_to(tokens)
    n_vocab = llama_cpp.llama_vocab_n_tokens(llama_cpp.llama_model_get_vocab(engine._llm.model))
    row = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(engine._llm.ctx, -1),
                                shape=(n_vocab,)).astype(np.float64)  # fmt: skip
    row = np.exp(row - row.max())
    return row / row.sum()


def kl(p: np.ndarray, q: np.ndarray) -> float:
    mask = p > 0
    return float(np.sum(p[mask] * (np.log(p[mask]) - np.log(np.maximum(q[mask], 1e-30)))))


def bench_quality(model: Path, threads: int, count: int) -> dict[str, Any]:
    shifted, fresh = load(model, threads), load(model, threads)
    runs = []
    try:
        for i in range(count):
            case = ("front", "memory", "seam")[i % 3]
            before, after, _added = windows(shifted, 200 + i, case)
            shifted.cache.truncate(0)
            shifted.cache.bring_to(before)
            p_shift = next_token_distribution(shifted, after)
            plan = shifted.cache.last_plan
            read = plan.apply(after)
            shifted_text = shifted.complete(read, GREEDY).tokens

            fresh.cache.truncate(0)
            p_fresh = next_token_distribution(fresh, read)
            fresh_text = fresh.complete(read, GREEDY).tokens
            # The floor: the same window read fresh, split differently (first half, then rest).
            fresh.cache.truncate(0)
            fresh.cache.bring_to(read[: len(read) // 2])
            p_split = next_token_distribution(fresh, read)
            split_text = fresh.complete(read, GREEDY).tokens
            runs.append({
                "case": case, "shifted": plan.shifted,
                "greedy_same_tokens": common_prefix(shifted_text, fresh_text),
                "kl_shift": kl(p_fresh, p_shift),
                "split_same_tokens": common_prefix(split_text, fresh_text),
                "kl_split": kl(p_fresh, p_split),
                "top1_same": int(np.argmax(p_fresh) == np.argmax(p_shift)),
            })  # fmt: skip
    finally:
        shifted.close()
        fresh.close()
    return {
        "runs": runs,
        "identical_32": sum(r["greedy_same_tokens"] >= 32 for r in runs),
        "split_identical_32": sum(r["split_same_tokens"] >= 32 for r in runs),
        "median_kl": statistics.median(r["kl_shift"] for r in runs),
        "median_kl_split": statistics.median(r["kl_split"] for r in runs),
        "top1_same": sum(r["top1_same"] for r in runs),
    }


# -- report ------------------------------------------------------------------------------------


def table(slides: dict[str, Any], later: dict[str, Any], quality: dict[str, Any]) -> str:
    def median_of(case: str, key: str) -> float:
        return statistics.median(r[key] for r in slides[case]["runs"]) * 1000

    lines = [
        "| metric | app | raw llama-cpp-python | goal |",
        "|---|---|---|---|",
    ]
    names = {
        "front": "window slides (front cut)",
        "memory": "window slides below a memory header",
        "seam": "cut re-tokenizes the first kept word",
    }
    for case, name in names.items():
        lines.append(
            f"| {name}: first token ÷ cold read | {slides[case]['ratio']:.3f} "
            f"({median_of(case, 'slide_s'):.0f} / {median_of(case, 'cold_s'):.0f} ms) | "
            f"{slides[case]['raw_ratio']:.2f} ({median_of(case, 'raw_slide_s'):.0f} ms) "
            "| ≤ 0.1 |"
        )

    def ms(runs: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in runs) * 1000

    reopen = later["reopen"]
    cold, again = ms(reopen["runs"], "cold_s"), ms(reopen["runs"], "reopen_s")
    lines.append(
        f"| reopen with the saved state: first token ÷ cold | {reopen['ratio']:.3f} "
        f"({again:.0f} / {cold:.0f} ms) | 1.0 (nothing kept) | ≤ 0.1 |"
    )
    pause = later["read_ahead"]
    warm, ahead = ms(pause["runs"], "warm_append_s"), ms(pause["runs"], "after_read_ahead_s")
    lines.append(
        f"| read ahead in a pause, then Ctrl+Return ÷ warm append | {pause['ratio']:.2f} "
        f"({ahead:.0f} / {warm:.0f} ms) | — | ≤ 1.5 |"
    )
    n = len(quality["runs"])
    lines += [
        "",
        "| shifted cache vs a fresh read of the same window | shifted | fresh, split otherwise |",
        "|---|---|---|",
        f"| first 32 greedy tokens identical | {quality['identical_32']} of {n} | "
        f"{quality['split_identical_32']} of {n} |",
        f"| median KL(fresh ‖ other), next token | {quality['median_kl']:.4f} | "
        f"{quality['median_kl_split']:.4f} |",
        f"| same most likely next token | {quality['top1_same']} of {n} | — |",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="GGUF model (default: the test model)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--windows", type=int, default=9, help="windows for the quality check")
    parser.add_argument("--name", default="long_chapter", help="results file name")
    args = parser.parse_args()
    model = (args.model or common.ensure_model()).resolve()
    threads = default_threads()
    llama_log.install()
    llama_log.log.setLevel(logging.ERROR)
    info, started = common.machine(threads), time.perf_counter()
    print(f"{model.name} · {info['cpu']} · {info['cores']} cores · {threads} threads", flush=True)
    slides = bench_slides(model, threads, args.reps)
    print("1/3 slides done", flush=True)
    later = bench_reopen_and_pause(model, threads, args.reps)
    print("2/3 reopen and read-ahead done", flush=True)
    quality = bench_quality(model, threads, args.windows)
    markdown = table(slides, later, quality)
    print(f"\n{markdown}\n\nrun took {time.perf_counter() - started:.0f} s")
    args.out.mkdir(parents=True, exist_ok=True)
    report = {"date": time.strftime("%Y-%m-%d %H:%M:%S"), "model": str(model), "machine": info,
              "slides": slides, "reopen_and_pause": later, "quality": quality}  # fmt: skip
    (args.out / f"{args.name}.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.out / f"{args.name}.md").write_text(
        f"# Long-chapter benchmark — {report['date']}\n\nModel `{model.name}` · {info['cpu']} · "
        f"{threads} threads · n_ctx {N_CTX}\n\n{markdown}\n"
    )


if __name__ == "__main__":
    main()
