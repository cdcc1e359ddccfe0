"""Command line: ``writer-app [FILE] [--model PATH] [--demo]`` opens the editor;
``writer-app complete --model PATH ...`` continues the text on stdin, headless.

Errors a person can fix (a missing or malformed model, a value out of range) exit with
status 2 and one line on stderr naming the problem; never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from writer_app import __version__

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _complete_parser() -> argparse.ArgumentParser:
    # The defaults are the editor's own (one source: SamplingSettings, DEFAULT_N_CTX).
    from writer_app.core.drafting.engine_defaults import DEFAULT_N_CTX, N_CTX_STEP
    from writer_app.core.drafting.sampling import SamplingSettings
    from writer_app.core.drafting.stops import STOP_CHOICES

    default = SamplingSettings()
    parser = _Parser(
        prog="writer-app complete",
        description="Continue the text read on stdin; writes only the continuation to stdout.",
    )
    parser.add_argument("--model", required=True, type=Path, help="a GGUF model file")
    parser.add_argument("--max-tokens", type=int, default=default.max_tokens)
    parser.add_argument("--temperature", type=float, default=default.temperature)
    parser.add_argument("--top-k", type=int, default=default.top_k, help="0 switches top-k off")
    parser.add_argument("--top-p", type=float, default=default.top_p)
    parser.add_argument("--min-p", type=float, default=default.min_p)
    parser.add_argument("--repeat-penalty", type=float, default=default.repeat_penalty)
    parser.add_argument("--seed", type=int, default=None, help="fixed seed (default: random)")
    parser.add_argument(
        "--stop-at", choices=STOP_CHOICES, default=default.stop_at,
        help="end at the length limit (default), or at the end of a sentence or paragraph",
    )  # fmt: skip
    parser.add_argument(
        "--stop", action="append", default=[], metavar="TEXT",
        help="end before this text (repeatable)",
    )  # fmt: skip
    parser.add_argument("--stream", action="store_true", help="write text as it is generated")
    parser.add_argument(
        "--n-ctx", type=int, default=DEFAULT_N_CTX,
        help=f"context size (a multiple of {N_CTX_STEP})",
    )  # fmt: skip
    parser.add_argument("--gpu-layers", type=int, default=0, help="layers to offload, -1 = all")
    return parser


def _gui_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="writer-app",
        description="An offline drafting companion: Ctrl+Return suggests, Tab accepts.",
        epilog="Headless: writer-app complete --model PATH < prompt.txt",
    )
    parser.add_argument("file", nargs="?", type=Path, help="a chapter to open")
    parser.add_argument("--model", type=Path, help="a GGUF model file to load")
    parser.add_argument(
        "--demo",
        nargs="?",
        const="auto",
        default="",
        choices=("en", "zh", "auto"),
        help="use a small demo model and a sample chapter: en (SmolLM2, English), zh (Gemma 3, "
        "Chinese), or as the system's language (the default)",
    )
    parser.add_argument("--version", action="version", version=f"writer-app {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "complete":
        return run_complete(args[1:])
    if args and args[0] == "probe-model":  # the child process of core.local.probe
        from writer_app.core.local.probe import run_child

        return run_child(args[1:])
    options = _gui_parser().parse_args(args)
    from writer_app.core.storage.paths import writer_path
    from writer_app.ui.app import run_gui  # Qt is imported only for the GUI

    # Absolute here, against the folder the writer started in: it is recorded in the journal.
    file = writer_path(options.file) if options.file is not None else None
    return run_gui(file=file, model=options.model, demo=options.demo)


def run_complete(argv: Sequence[str]) -> int:
    """Headless completion through the same core code the editor uses."""
    from writer_app.core.drafting.engine import GenerationError
    from writer_app.core.drafting.sampling import SamplingSettings, SettingsError
    from writer_app.core.local.config import EngineConfig, ModelLoadError
    from writer_app.core.local.engine import LlamaCppEngine

    options = _complete_parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr, format="%(message)s")
    try:
        settings = SamplingSettings(
            temperature=options.temperature,
            top_k=options.top_k,
            top_p=options.top_p,
            min_p=options.min_p,
            repeat_penalty=options.repeat_penalty,
            max_tokens=options.max_tokens,
            seed=options.seed,
            stop_at=options.stop_at,
            stop_strings=tuple(options.stop),
        ).validated()
    except SettingsError as error:
        return _fail(f"invalid value: {error}")
    try:
        prompt_text = sys.stdin.buffer.read().decode("utf-8")
    except UnicodeDecodeError as error:
        return _fail(f"stdin is not UTF-8 text (byte {error.start})")
    config = EngineConfig(
        model_path=options.model, n_ctx=options.n_ctx, n_gpu_layers=options.gpu_layers
    )
    try:
        engine = LlamaCppEngine.load(config)
        engine.record_candidates = False  # word alternatives are for the editor
    except ModelLoadError as error:
        return _fail(f"cannot load model {error.path}: {error.reason}")
    out = sys.stdout.buffer

    def write(piece: str) -> None:
        out.write(piece.encode("utf-8"))
        out.flush()

    try:
        prompt = engine.build_prompt(prompt_text, settings.max_tokens)
        suggestion = engine.complete(
            prompt.tokens, settings, on_text=write if options.stream else None
        )
        if not options.stream:
            write(suggestion.text)
    except GenerationError as error:
        return _fail(str(error))
    except BrokenPipeError:
        return 0
    finally:
        engine.close()
    return 0


def _fail(message: str) -> int:
    print(f"writer-app: {message}", file=sys.stderr)
    return EXIT_USAGE
