"""Our engine vs llama.cpp's own ``llama-server``, built from the llama.cpp commit that the
llama-cpp-python sdist we use vendors, on one model and ``default_threads()`` threads.

1. decode tokens/s: a ~100-token prompt, 128 tokens, the same sampling and seed
   (``LlamaCppEngine.complete`` vs the server's native ``/completion``);
2. cold prompt time: a ~1,800-token prompt read with an empty cache;
3. decode tokens/s deep in a chapter: 128 tokens after that ~1,800-token prompt (where a
   sliding-window model's cache size shows).

The first run downloads the llama-cpp-python sdist from PyPI with pip and builds
``llama-server`` from its ``vendor/llama.cpp`` under the user cache dir (~5 min on 2 cores);
later runs reuse that binary. A measurement, not a test: CI never runs it.
``.venv/bin/python bench/bench_vs_server.py [--model P] [--out D] [--build-only]``
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for writer_app, tests.support

import llama_cpp  # noqa: E402

from writer_app.core.drafting.sampling import SamplingSettings  # noqa: E402
from writer_app.core.local import llama_log  # noqa: E402
from writer_app.core.local.config import EngineConfig, default_threads  # noqa: E402
from writer_app.core.local.engine import LlamaCppEngine  # noqa: E402
from writer_app.core.local.tuning import cpu_name  # noqa: E402

REPS = 3
N_CTX = 2048
NEW_TOKENS = 128
DECODE_PROMPT = 100  # tokens, about
COLD_PROMPT = 1800  # tokens, about
SAMPLING = {"temperature": 0.8, "top_k": 40, "top_p": 0.95, "min_p": 0.05, "repeat_penalty": 1.1}
PENALTY_LAST_N = 64  # as the engine's sampler chain
STARTUP_TIMEOUT_S = 120.0
REQUEST_TIMEOUT_S = 600.0
Tokenize = Callable[[str], list[int]]
Request = Callable[[list[int], int], dict[str, Any]]  # (prompt, seed) -> one measurement

# The exact flags the comparison is about (the CPU ones match scripts/setup.sh).
CMAKE_FLAGS = [
    "-DLLAMA_BUILD_SERVER=ON",
    "-DLLAMA_USE_PREBUILT_UI=OFF",  # otherwise it downloads its web UI
    "-DLLAMA_OPENSSL=OFF",
    "-DLLAMA_CURL=OFF",
    "-DGGML_NATIVE=OFF",
    "-DGGML_AVX=ON",
    "-DGGML_AVX2=ON",
    "-DGGML_FMA=ON",
    "-DGGML_F16C=ON",
    "-DGGML_BMI2=ON",
    "-DCMAKE_BUILD_TYPE=Release",
]
BUILD_JOBS = 2

# -- building llama-server ---------------------------------------------------------------------


def build_root() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "writer-app-bench" / "llama-server" / llama_cpp.__version__


def server_binary(root: Path) -> Path:
    return root / "build" / "bin" / "llama-server"


def run_logged(cmd: list[str], log_file: Path, cwd: Path | None = None) -> None:
    """Run ``cmd`` with its output appended to ``log_file``; on failure show the log's tail."""
    print("$ " + " ".join(cmd), flush=True)
    with log_file.open("a") as log:
        log.write("$ " + " ".join(cmd) + "\n")
        log.flush()
        done = subprocess.run(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0:
        tail = log_file.read_text(errors="replace").splitlines()[-40:]
        raise SystemExit(
            f"failed ({done.returncode}): {' '.join(cmd)}\n"
            + "\n".join(tail)
            + f"\n(log: {log_file})"
        )


def unpacked_source(root: Path, log_file: Path) -> Path:
    """The sdist's tree under ``root/src``, downloaded with pip and unpacked once."""
    marker = root / "src" / ".unpacked"
    if marker.is_file():
        return Path(marker.read_text().strip())
    sdist_dir = root / "sdist"
    sdist_dir.mkdir(parents=True, exist_ok=True)
    if not list(sdist_dir.glob("llama_cpp_python-*.tar.gz")):
        run_logged(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
             f"llama-cpp-python=={llama_cpp.__version__}", "-d", str(sdist_dir)],
            log_file,
        )  # fmt: skip
    archives = sorted(sdist_dir.glob("llama_cpp_python-*.tar.gz"))
    if not archives:
        raise SystemExit(f"pip left no llama_cpp_python sdist in {sdist_dir}")
    src = root / "src"
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    print(f"unpacking {archives[0].name}", flush=True)
    with tarfile.open(archives[0]) as archive:
        archive.extractall(src, filter="data")
    tops = [p for p in src.iterdir() if p.is_dir()]
    if len(tops) != 1 or not (tops[0] / "vendor" / "llama.cpp" / "CMakeLists.txt").is_file():
        raise SystemExit(f"unexpected sdist layout under {src}")
    marker.write_text(str(tops[0]))
    return tops[0]


def ensure_server() -> Path:
    """``llama-server`` from the sdist's vendored llama.cpp; built once, then reused."""
    root = build_root()
    binary = server_binary(root)
    if binary.is_file() and os.access(binary, os.X_OK):
        return binary
    root.mkdir(parents=True, exist_ok=True)
    log_file = root / "build.log"
    print(f"building llama-server under {root} (once; ~5 min on 2 cores; log: {log_file})")
    started = time.perf_counter()
    llama_cpp_dir = unpacked_source(root, log_file) / "vendor" / "llama.cpp"
    build = root / "build"
    run_logged(["cmake", "-S", str(llama_cpp_dir), "-B", str(build), *CMAKE_FLAGS], log_file)
    run_logged(
        ["cmake", "--build", str(build), "--target", "llama-server", "-j", str(BUILD_JOBS)],
        log_file,
    )
    if not binary.is_file():
        raise SystemExit(f"the build finished but {binary} is missing (log: {log_file})")
    print(f"built {binary} in {time.perf_counter() - started:.0f} s", flush=True)
    return binary


# -- deterministic prose ------------------------------------------------------------------------

PEOPLE = (
    "the lighthouse keeper|Ines|the postman|her grandmother|the ferry pilot|a tired doctor|"
    "Jonah|the schoolteacher|two fishermen|the girl with the red scarf"
).split("|")
ACTIONS = "found lost carried hid mended studied sold burned watched returned".split()
THINGS = (
    "a brass key|the winter coats|an old photograph|the harbour lamps|a parcel of letters|"
    "the cracked bell|a basket of apples|the chapel roof|a folded map|the last boat"
).split("|")
PLACES = (
    "at the edge of the cliffs|behind the bakery|in the flooded field|on the night train|"
    "under the pier|before the storm came|after the market closed|in the empty school"
).split("|")
TAILS = (
    "and nobody asked why|as the tide turned|while the dogs barked far away|"
    "though it was nearly dark|without a word to anyone|and the town pretended not to see|"
    "as if it were a promise"
).split("|")
LINES = [
    '"Leave it where it is," said the keeper.',
    '"How long has it been?" Ines asked.',
    '"Too long," the doctor answered.',
    '"Come inside before the rain," her grandmother called.',
    '"I never wanted this," Jonah said quietly.',
]
OPENERS = ["Morning.", "Evening.", "Midnight.", "Noon.", "Dusk."]


def sentence(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return rng.choice(LINES)
    who = rng.choice(PEOPLE)
    text = f"{who[0].upper()}{who[1:]} {rng.choice(ACTIONS)} {rng.choice(THINGS)}"
    text += f" {rng.choice(PLACES)}"
    return text + (f", {rng.choice(TAILS)}." if rng.random() < 0.5 else ".")


def prose(seed: int, n_tokens: int, tokenize: Tokenize) -> str:
    """Paragraphs of 3-6 sentences, a sentence at a time, until at least ``n_tokens`` tokens."""
    rng = random.Random(seed)
    paragraphs = [[OPENERS[seed % len(OPENERS)]], []]  # a different first word per seed
    left = rng.randint(3, 6)
    while len(tokenize(text := "\n\n".join(map(" ".join, paragraphs)))) < n_tokens:
        if left == 0:
            paragraphs.append([])
            left = rng.randint(3, 6)
        paragraphs[-1].append(sentence(rng))
        left -= 1
    return text


# -- llama-server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http_json(url: str, body: dict[str, Any] | None = None, timeout: float = 10.0) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def server_command(
    binary: Path, model: Path, threads: int, port: int, flash_attn: bool = False
) -> list[str]:
    return [
        str(binary),
        "--model", str(model),
        "--host", "127.0.0.1",
        "--port", str(port),
        "--ctx-size", str(N_CTX),
        "--threads", str(threads),
        "--threads-batch", str(threads),
        "--parallel", "1",  # one slot holding the whole context, as the app's one sequence
        "--flash-attn", "on" if flash_attn else "off",  # spelled on|off|auto at this commit
        "--cache-ram", "0",  # no host-memory prompt cache: every request reads its prompt
        "--no-webui",
    ]  # fmt: skip


class Server:
    """A ``llama-server`` child on 127.0.0.1; waits (bounded) until ``/health`` says ok."""

    def __init__(
        self, binary: Path, model: Path, threads: int, log_path: Path, flash_attn: bool = False
    ) -> None:
        self.log_path = log_path
        self.port = free_port()
        self.command = server_command(binary, model, threads, self.port, flash_attn)
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log_path.open("w")
        self.proc = subprocess.Popen(
            self.command, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT
        )

    def wait_ready(self, timeout: float = STARTUP_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.fail(f"llama-server exited with {self.proc.returncode} while starting")
            try:
                if http_json(self.url + "/health", timeout=2.0).get("status") == "ok":
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
                pass  # not listening yet, or 503 while the model loads
            time.sleep(0.2)
        self.fail(f"llama-server was not ready after {timeout:.0f} s")

    def complete(self, body: dict[str, Any]) -> dict[str, Any]:
        try:
            result: dict[str, Any] = http_json(
                self.url + "/completion", body, timeout=REQUEST_TIMEOUT_S
            )
        except urllib.error.HTTPError as error:
            self.fail(f"/completion answered {error.code}: {error.read()[:500]!r}")
        return result

    def fail(self, message: str) -> None:
        self.stop()
        tail = self.log_path.read_text(errors="replace").splitlines()[-30:]
        raise SystemExit(message + "\n" + "\n".join(tail))

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._log.close()


@contextmanager
def running_server(
    binary: Path, model: Path, threads: int, log_path: Path, flash_attn: bool = False
) -> Iterator[Server]:
    server = Server(binary, model, threads, log_path, flash_attn)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def server_version(binary: Path) -> str:
    done = subprocess.run(
        [str(binary), "--version"], capture_output=True, text=True, timeout=30, check=False
    )
    return " ".join((done.stdout + done.stderr).split())


def server_body(prompt: list[int], n_predict: int, seed: int) -> dict[str, Any]:
    """The engine's sampler chain, spelled for the server: same order, penalty window, seed."""
    return {
        "prompt": prompt,  # token ids, used as given (BOS included by us)
        "n_predict": n_predict,
        "cache_prompt": False,
        "ignore_eos": True,
        "seed": seed,
        "samplers": ["penalties", "top_k", "top_p", "min_p", "temperature"],
        "repeat_last_n": PENALTY_LAST_N,
        "frequency_penalty": 0.0,
        "presence_penalty": 0.0,
        **SAMPLING,
    }


# -- the two engines, one request each ----------------------------------------------------------


def settings(max_tokens: int, seed: int) -> SamplingSettings:
    return SamplingSettings(
        temperature=SAMPLING["temperature"],
        top_k=int(SAMPLING["top_k"]),
        top_p=SAMPLING["top_p"],
        min_p=SAMPLING["min_p"],
        repeat_penalty=SAMPLING["repeat_penalty"],
        max_tokens=max_tokens,
        seed=seed,
    )


def app_decode(engine: LlamaCppEngine, prompt: list[int], seed: int) -> dict[str, Any]:
    engine.cache.truncate(0)  # like the server's cache_prompt:false: read the prompt anew
    stats = engine.complete(prompt, settings(NEW_TOKENS, seed)).stats
    return {
        "tokens_per_s": stats.tokens_per_second,
        "generated": stats.generated_tokens,
        "stop": stats.stop_reason.value,
    }


def server_decode(server: Server, prompt: list[int], seed: int) -> dict[str, Any]:
    timings = server.complete(server_body(prompt, NEW_TOKENS, seed))["timings"]
    return {
        "tokens_per_s": timings["predicted_per_second"],
        "generated": timings["predicted_n"],
        "prompt_n": timings["prompt_n"],
    }


def app_cold(engine: LlamaCppEngine, prompt: list[int], seed: int) -> dict[str, Any]:
    engine.cache.truncate(0)
    # 8 is the smallest max_tokens the settings allow; the prompt time ends at the first token.
    stats = engine.complete(prompt, settings(8, seed)).stats
    return {"prompt_s": stats.prompt_seconds, "evaluated": stats.evaluated_tokens}


def server_cold(server: Server, prompt: list[int], seed: int) -> dict[str, Any]:
    timings = server.complete(server_body(prompt, 1, seed))["timings"]
    return {
        "prompt_s": timings["prompt_ms"] / 1000,
        "evaluated": timings["prompt_n"],
        "cache_n": timings.get("cache_n", 0),
    }


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def alternate(
    rep: int, app: Request, server: Request, prompt: list[int], seed: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Run both on the same prompt and seed: the app first on even reps, the server on odd."""
    if rep % 2 == 0:
        first = app(prompt, seed)
        return first, server(prompt, seed)
    second = server(prompt, seed)
    return app(prompt, seed), second


def measure(
    engine: LlamaCppEngine, server: Server, tokenize: Tokenize, reps: int = REPS
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    bos = engine.bos()
    warm = [*bos, *tokenize(prose(99, DECODE_PROMPT, tokenize))]
    engine.complete(warm, settings(16, 1))  # page the weights in, untimed
    server.complete(server_body(warm, 16, 1))

    def measure(name: str, size: int, seeds: int, app_side: Any, server_side: Any,
                key: str, unit: str) -> dict[str, Any]:  # fmt: skip
        """``reps`` prompts of ``size`` tokens, each through the app and the server in turn."""
        runs: dict[str, Any] = {"prompt_tokens": [], "app": [], "server": []}
        for rep in range(reps):
            prompt = [*bos, *tokenize(prose(seeds + rep, size, tokenize))]
            app, srv = alternate(rep, app_side, server_side, prompt, 1000 + seeds + rep)
            runs["prompt_tokens"].append(len(prompt))
            runs["app"].append(app)
            runs["server"].append(srv)
            print(f"{name} rep {rep + 1}/{reps}: app {app[key]:.2f} {unit}, "
                  f"server {srv[key]:.2f} {unit}", flush=True)  # fmt: skip
        return runs

    decode = measure("decode", DECODE_PROMPT, 0, partial(app_decode, engine),
                     partial(server_decode, server), "tokens_per_s", "tok/s")  # fmt: skip
    print(flush=True)
    cold = measure("cold", COLD_PROMPT, 500, partial(app_cold, engine),
                   partial(server_cold, server), "prompt_s", "s")  # fmt: skip
    print(flush=True)
    deep = measure("deep decode", COLD_PROMPT, 700, partial(app_decode, engine),
                   partial(server_decode, server), "tokens_per_s", "tok/s")  # fmt: skip

    for name, key in ((decode, "tokens_per_s"), (cold, "prompt_s"), (deep, "tokens_per_s")):
        for side in ("app", "server"):
            name[f"median_{side}"] = median([r[key] for r in name[side]])
        name["ratio"] = name["median_app"] / name["median_server"]
    return decode, cold, deep


# -- report -------------------------------------------------------------------------------------


def machine(threads: int) -> dict[str, Any]:
    return {
        "cpu": cpu_name(),
        "cores": os.cpu_count(),
        "threads": threads,
        "python": platform.python_version(),
        "llama_cpp_python": llama_cpp.__version__,
        "platform": platform.platform(),
        "llama_system_info": llama_cpp.llama_print_system_info().decode().strip(),
    }


def table(decode: dict[str, Any], cold: dict[str, Any], deep: dict[str, Any]) -> str:
    return "\n".join(
        [
            "| metric | app | llama-server | app / server | goal |",
            "|---|---|---|---|---|",
            f"| decode tok/s (~{DECODE_PROMPT}-token prompt, {NEW_TOKENS} tokens) | "
            f"{decode['median_app']:.1f} | {decode['median_server']:.1f} | "
            f"{decode['ratio']:.2f} | ≥ 0.97 |",
            f"| cold prompt read, s (~{COLD_PROMPT:,} tokens) | {cold['median_app']:.2f} | "
            f"{cold['median_server']:.2f} | {cold['ratio']:.2f} | ≤ 1.0 |",
            f"| decode tok/s deep in a chapter (~{COLD_PROMPT:,}-token prompt) | "
            f"{deep['median_app']:.1f} | {deep['median_server']:.1f} | "
            f"{deep['ratio']:.2f} | ≥ 0.97 |",
        ]
    )


def notes(
    decode: dict[str, Any], cold: dict[str, Any], deep: dict[str, Any], threads: int, fa: str
) -> str:
    return (
        f"- medians of {len(cold['app'])} reps, app and server in turn; {threads} threads, "
        f"n_ctx {N_CTX}, flash attention {fa} on both\n"
        f"- decode: prompts of {decode['prompt_tokens']} tokens; generated: app "
        f"{each(decode['app'], 'generated')} (stop: {each(decode['app'], 'stop')}), server "
        f"{each(decode['server'], 'generated')} (ignore_eos); tok/s "
        f"{both(decode, 'tokens_per_s', 1)}\n"
        f"- cold read: prompts of {cold['prompt_tokens']} tokens; evaluated: "
        f"{both(cold, 'evaluated')} (server cached {each(cold['server'], 'cache_n')}); "
        f"seconds {both(cold, 'prompt_s', 2)}\n"
        f"- deep decode: prompts of {deep['prompt_tokens']} tokens; tok/s "
        f"{both(deep, 'tokens_per_s', 1)}"
    )


def each(runs: list[dict[str, Any]], key: str, digits: int | None = None) -> list[Any]:
    """One figure of every rep (rounded to ``digits`` when given)."""
    return [r[key] if digits is None else round(r[key], digits) for r in runs]


def both(measured: dict[str, Any], key: str, digits: int | None = None) -> str:
    return (
        f"app {each(measured['app'], key, digits)}, server {each(measured['server'], key, digits)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="GGUF model (default: the test model)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    parser.add_argument(
        "--flash-attn", choices=("off", "on"), default="off", help="on both (default off)"
    )
    parser.add_argument("--name", default="vs_server", help="results file name")
    parser.add_argument("--reps", type=int, default=REPS, help="prompts per measurement")
    parser.add_argument(
        "--build-only", action="store_true", help="build (or find) llama-server and stop"
    )
    args = parser.parse_args()
    binary = ensure_server()
    version = server_version(binary)
    print(f"llama-server: {binary}\n{version}", flush=True)
    if args.build_only:
        return
    if args.model is None:
        from tests.support.models import smollm_model_path

        model = smollm_model_path().resolve()
    else:
        model = args.model.resolve()
    threads = default_threads()
    llama_log.install()  # llama.cpp's chatter goes to logging; keep only its errors
    llama_log.log.setLevel(logging.ERROR)
    info, started = machine(threads), time.perf_counter()
    print(f"{model.name} · {info['cpu']} · {info['cores']} cores · {threads} threads", flush=True)

    flash = args.flash_attn == "on"
    engine = LlamaCppEngine.load(EngineConfig(model, n_ctx=N_CTX, flash_attn=flash))
    workdir = Path(tempfile.mkdtemp(prefix="writer-bench-server-"))
    try:

        def tokenize(text: str) -> list[int]:
            return engine.tokenize(text)

        log_path = workdir / "server.log"
        with running_server(binary, model, threads, log_path, flash) as server:
            command = server.command
            decode, cold, deep = measure(engine, server, tokenize, args.reps)
    finally:
        engine.close()
        shutil.rmtree(workdir, ignore_errors=True)

    markdown = (
        table(decode, cold, deep) + "\n\n" + notes(decode, cold, deep, threads, args.flash_attn)
    )
    print(f"\n{markdown}\n\nrun took {time.perf_counter() - started:.0f} s")
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "model": str(model),
        "machine": info,
        "server": {
            "version": version,
            "command": [Path(command[0]).name, *command[1:]],
            "cmake_flags": CMAKE_FLAGS,
        },
        "n_ctx": N_CTX,
        "flash_attn": args.flash_attn,
        "sampling": {**SAMPLING, "repeat_last_n": PENALTY_LAST_N},
        "decode": decode,
        "cold_prompt": cold,
        "deep_decode": deep,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{args.name}.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.out / f"{args.name}.md").write_text(
        f"# App vs llama-server — {report['date']}\n\nModel `{model.name}` · {info['cpu']} · "
        f"{info['cores']} cores · {threads} threads · llama-cpp-python "
        f"{info['llama_cpp_python']} · llama-server `{version}`\n\n{markdown}\n"
    )


if __name__ == "__main__":
    main()
