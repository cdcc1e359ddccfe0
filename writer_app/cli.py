"""Command line: ``writer-app [FILE] [--model PATH] [--demo]`` opens the editor;
``writer-app complete --model PATH ...`` continues the text on stdin, headless;
``writer-app score --model PATH`` says how predictable the text on stdin is to the model;
``writer-app revise --model PATH --action ACTION`` revises the passage on stdin.

Errors a person can fix (a missing or malformed model, a value out of range) exit with
status 2 and one line on stderr naming the problem; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from writer_app import __version__

if TYPE_CHECKING:
    from writer_app.core.drafting.sampling import SamplingSettings
    from writer_app.core.local.engine import LlamaCppEngine
    from writer_app.core.local.scoring import Scoring

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _complete_parser() -> argparse.ArgumentParser:
    from writer_app.core.drafting.sampling import SamplingSettings
    from writer_app.core.drafting.stops import STOP_CHOICES

    default = SamplingSettings()
    parser = _sampling_parser(
        "writer-app complete",
        "Continue the text read on stdin; writes only the continuation to stdout.",
    )
    parser.add_argument("--max-tokens", type=int, default=default.max_tokens)
    parser.add_argument(
        "--beam", type=int, default=default.beam_width, metavar="N",
        help="most likely: beam search keeping N candidates (2-8) instead of sampling",
    )  # fmt: skip
    parser.add_argument(
        "--stop-at", choices=STOP_CHOICES, default=default.stop_at,
        help="end at the length limit (default), or at the end of a sentence or paragraph",
    )  # fmt: skip
    parser.add_argument(
        "--stop", action="append", default=[], metavar="TEXT",
        help="end before this text (repeatable)",
    )  # fmt: skip
    bridge = parser.add_argument_group(
        "writing toward what follows",
        "write several candidates and keep the one after which the given text reads most "
        "naturally (written once chosen, not streamed)",
    )
    after = bridge.add_mutually_exclusive_group()
    after.add_argument("--after", metavar="TEXT", help="the text that follows the prompt")
    after.add_argument("--after-file", type=Path, metavar="F", help="the same, from a file")
    bridge.add_argument(
        "--candidates", type=int, default=4,
        help="candidates to choose from (2-8; default 4); their ranking goes to stderr",
    )  # fmt: skip
    return parser


def _sampling_parser(prog: str, description: str) -> argparse.ArgumentParser:
    """The options ``complete`` and ``revise`` share: the model and how to sample."""
    # The defaults are the editor's own (one source: SamplingSettings, DEFAULT_N_CTX).
    from writer_app.core.drafting.engine_defaults import DEFAULT_N_CTX, N_CTX_STEP
    from writer_app.core.drafting.sampling import SamplingSettings

    default = SamplingSettings()
    parser = _Parser(prog=prog, description=description)
    parser.add_argument("--model", required=True, type=Path, help="a GGUF model file")
    parser.add_argument("--temperature", type=float, default=default.temperature)
    parser.add_argument("--top-k", type=int, default=default.top_k, help="0 switches top-k off")
    parser.add_argument("--top-p", type=float, default=default.top_p)
    parser.add_argument("--min-p", type=float, default=default.min_p)
    parser.add_argument("--repeat-penalty", type=float, default=default.repeat_penalty)
    parser.add_argument("--seed", type=int, default=None, help="fixed seed (default: random)")
    prose = parser.add_argument_group("prose samplers (each off at its default)")
    for flag, kind, helped in _PROSE_FLAGS:
        prose.add_argument(flag, type=kind, default=getattr(default, _setting(flag)), help=helped)
    parser.add_argument(
        "--ban", action="append", default=[], metavar="PHRASE",
        help="never write this word or phrase (repeatable; any case, whole words)",
    )  # fmt: skip
    parser.add_argument("--stream", action="store_true", help="write text as it is generated")
    parser.add_argument(
        "--n-ctx", type=int, default=DEFAULT_N_CTX,
        help=f"context size (a multiple of {N_CTX_STEP})",
    )  # fmt: skip
    parser.add_argument("--gpu-layers", type=int, default=0, help="layers to offload, -1 = all")
    parser.add_argument(
        "--voice", type=Path, metavar="ADAPTER",
        help="a voice: a LoRA adapter (GGUF) trained for this model",
    )  # fmt: skip
    parser.add_argument(
        "--voice-scale", type=float, default=1.0, metavar="S",
        help="the voice's strength, 0-1 (default 1)",
    )  # fmt: skip
    return parser


# The prose samplers' flags: (flag, type, help); the setting is the flag's name in snake case.
_PROSE_FLAGS = (
    ("--presence-penalty", float, "push away from any word already used (0-2)"),
    ("--frequency-penalty", float, "push away from words by how often they were used (0-2)"),
    ("--dry-multiplier", float, "DRY: penalise repeating a sequence seen before (0 = off)"),
    ("--dry-base", float, "DRY: how fast the penalty grows with the repeat's length"),
    ("--dry-allowed-length", int, "DRY: repeats up to this many tokens go unpunished"),
    ("--dry-range", int, "DRY: tokens looked back over"),
    ("--xtc-probability", float, "XTC: how often the obvious words are excluded (0 = off)"),
    ("--xtc-threshold", float, "XTC: a word above this probability counts as obvious"),
    ("--top-n-sigma", float, "keep words within n standard deviations of the best (0 = off)"),
    ("--adaptive-target", float, "adaptive-P: aim at words of about this probability (0 = off)"),
    ("--adaptive-decay", float, "adaptive-P: how long it remembers (0-0.99)"),
)


def _setting(flag: str) -> str:
    """``--dry-multiplier`` → ``dry_multiplier``: the flag's SamplingSettings field."""
    return flag.removeprefix("--").replace("-", "_")


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
    if args and args[0] == "score":
        return run_score(args[1:])
    if args and args[0] == "revise":
        return run_revise(args[1:])
    if args and args[0] == "export":
        return run_export(args[1:])
    if args and args[0] == "voice":
        return run_voice(args[1:])
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
    from writer_app.core.drafting.sampling import SettingsError

    options = _complete_parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr, format="%(message)s")
    try:
        settings = _settings(
            options,
            max_tokens=options.max_tokens,
            stop_at=options.stop_at,
            stop_strings=tuple(options.stop),
            beam_width=options.beam,
        )
    except SettingsError as error:
        return _fail(f"invalid value: {error}")
    if not 2 <= options.candidates <= MAX_CANDIDATES:
        return _fail(f"invalid value: --candidates must be from 2 to 8, not {options.candidates}")
    after = options.after
    if options.after_file is not None:
        try:
            after = options.after_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or error
            return _fail(f"cannot read {options.after_file}: {reason}")
    loaded = _text_and_model(options)
    if isinstance(loaded, int):
        return loaded
    prompt_text, engine = loaded
    engine.record_candidates = False  # word alternatives are for the editor
    write = _writer()
    if after is not None:
        return _run(engine, lambda: _bridge(engine, prompt_text, after, settings, options, write))

    def work() -> None:
        prompt = engine.build_prompt(prompt_text, settings.max_tokens)
        on_text = write if options.stream else None
        if settings.beam_width > 1:
            beams = engine.most_likely(prompt, settings, settings.beam_width, on_text=on_text)
            suggestion = beams[0]
        else:
            suggestion = engine.complete(prompt.tokens, settings, on_text=on_text)
        if not options.stream:
            write(suggestion.text)

    return _run(engine, work)


MAX_CANDIDATES = 8


def _bridge(
    engine: LlamaCppEngine,
    prompt_text: str,
    after: str,
    settings: SamplingSettings,
    options: argparse.Namespace,
    write: Callable[[str], None],
) -> None:
    """``complete --after``: candidates ranked by how likely ``after`` becomes after each
    (core.drafting.bridge); the best to stdout, the ranking to stderr."""
    from writer_app.core.drafting.bridge import Ranking, following_text
    from writer_app.core.local.scoring import lead_in_bits

    prompt = engine.build_prompt(prompt_text, settings.max_tokens)
    following = following_text(after)
    asked = engine.fim_prompt(prompt, after, settings.max_tokens) or prompt
    tokens = engine.tokenize(following)
    texts, bits = [], []
    for index in range(options.candidates):
        texts.append(engine.suggest(asked, settings.alternative(index)).text)
        if tokens:  # measured at once, while the cache holds the candidate
            bits.append(lead_in_bits(engine, prompt.tokens, texts[-1], tokens) or 0.0)
    if not tokens:
        write(texts[0])
        return
    ranking = Ranking(tuple(bits))
    for place, index in enumerate(ranking.order, 1):
        figure = ranking.bits[index]
        print(f"#{place} {figure:.2f} bits: {_shown(texts[index])}", file=sys.stderr)
    write(texts[ranking.best])


def _settings(options: argparse.Namespace, **more: Any) -> SamplingSettings:
    """The sampling options of ``_sampling_parser`` (and ``more``) as validated settings."""
    from writer_app.core.drafting.sampling import SamplingSettings

    return SamplingSettings(
        temperature=options.temperature,
        top_k=options.top_k,
        top_p=options.top_p,
        min_p=options.min_p,
        repeat_penalty=options.repeat_penalty,
        seed=options.seed,
        banned=tuple(options.ban),
        **{_setting(flag): getattr(options, _setting(flag)) for flag, _, _ in _PROSE_FLAGS},
        **more,
    ).validated()


def _writer() -> Callable[[str], None]:
    """Text to stdout as UTF-8, flushed piece by piece."""
    out = sys.stdout.buffer

    def write(piece: str) -> None:
        out.write(piece.encode("utf-8"))
        out.flush()

    return write


def _revise_parser() -> argparse.ArgumentParser:
    from writer_app.core.drafting.revision import ACTIONS

    parser = _sampling_parser(
        "writer-app revise",
        "Revise the passage read on stdin; writes only the revised passage to stdout. An "
        "instruct model is asked through its own chat template, a base model with examples.",
    )
    parser.add_argument("--action", choices=ACTIONS, default="rewrite", help="what to do")
    parser.add_argument(
        "--instruction", default="", metavar="TEXT",
        help="in the writer's words (\"make her angrier\"); with --action tone, the tone",
    )  # fmt: skip
    parser.add_argument("--before-file", type=Path, help="the text before the passage")
    parser.add_argument("--after-file", type=Path, help="the text after the passage")
    return parser


def run_revise(argv: Sequence[str]) -> int:
    """Headless revision through the same core code as the editor's Revise menu."""
    from writer_app.core.drafting.revision import (
        Revision,
        RevisionAction,
        RevisionError,
        Trimmer,
        revision_settings,
    )
    from writer_app.core.drafting.sampling import SettingsError
    from writer_app.core.prompt.story import StoryContext

    options = _revise_parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr, format="%(message)s")
    try:
        settings = _settings(options)
    except SettingsError as error:
        return _fail(f"invalid value: {error}")
    around = []
    for path in (options.before_file, options.after_file):
        try:
            around.append(path.read_text(encoding="utf-8") if path is not None else "")
        except (OSError, UnicodeDecodeError) as error:
            return _fail(f"cannot read {path}: {getattr(error, 'strerror', None) or error}")
    loaded = _text_and_model(options)
    if isinstance(loaded, int):
        return loaded
    passage, engine = loaded
    try:
        revision = Revision(
            RevisionAction(options.action), passage, options.instruction, *around
        ).validated()
    except RevisionError as error:
        engine.close()
        return _fail(str(error))
    engine.record_candidates = False
    write = _writer()

    def work() -> None:
        tuned = revision_settings(settings, revision.action, len(engine.tokenize(passage)))
        prompt = engine.revision_prompt(revision, StoryContext(), tuned.max_tokens)
        trimmer = Trimmer()
        engine.suggest(prompt, tuned, on_text=lambda piece: write(trimmer.feed(piece)))

    return _run(engine, work)


def _score_parser() -> argparse.ArgumentParser:
    from writer_app.core.drafting.engine_defaults import DEFAULT_N_CTX, N_CTX_STEP
    from writer_app.core.local.scoring import DEFAULT_TOP, MAX_TOP

    parser = _Parser(
        prog="writer-app score",
        description="How predictable the text read on stdin is to the model: each token's "
        "surprisal in bits, the perplexity, the most predictable and most surprising sentences.",
    )
    parser.add_argument("--model", required=True, type=Path, help="a GGUF model file")
    parser.add_argument(
        "--json", action="store_true",
        help="one JSON line per token, then a line with the summary",
    )  # fmt: skip
    parser.add_argument(
        "--top", type=int, default=DEFAULT_TOP,
        help=f"alternatives the model expected, per token (0 to {MAX_TOP}; with --json)",
    )  # fmt: skip
    parser.add_argument(
        "--n-ctx", type=int, default=DEFAULT_N_CTX,
        help=f"context size (a multiple of {N_CTX_STEP}); a longer text is scored in windows",
    )  # fmt: skip
    parser.add_argument("--gpu-layers", type=int, default=0, help="layers to offload, -1 = all")
    return parser


def run_score(argv: Sequence[str]) -> int:
    """Headless scoring through the same core code the editor uses (core.local.scoring)."""
    from writer_app.core.local.scoring import MAX_TOP, score_text

    options = _score_parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr, format="%(message)s")
    if not 0 <= options.top <= MAX_TOP:
        return _fail(f"invalid value: --top must be from 0 to {MAX_TOP}, not {options.top}")
    if options.gpu_layers < -1:
        return _fail(f"invalid value: --gpu-layers must be -1 or more, not {options.gpu_layers}")
    loaded = _text_and_model(options)
    if isinstance(loaded, int):
        return loaded
    text, engine = loaded

    def work() -> None:
        scoring = score_text(engine, text, top=options.top)
        lines = _score_lines(scoring) if options.json else _score_summary(text, scoring)
        out = sys.stdout.buffer
        for line in lines:
            out.write(f"{line}\n".encode())
        out.flush()

    return _run(engine, work)


def _score_lines(scoring: Scoring) -> list[str]:
    """``score --json``: one line per token, then the summary."""
    lines = [
        json.dumps(
            {
                "offset": token.offset,
                "text": token.text,
                "surprisal_bits": token.surprisal_bits,
                "top": [{"text": option.text, "p": option.p} for option in token.top],
            },
            ensure_ascii=False,
        )
        for token in scoring.tokens
    ]
    summary = {
        "tokens": len(scoring.tokens),
        "mean_surprisal_bits": scoring.mean_surprisal_bits,
        "perplexity": scoring.perplexity,
    }
    return [*lines, json.dumps(summary)]


SHOWN_SENTENCES = 5
MIN_SENTENCE_TOKENS = 3  # a shorter sentence's mean says little (unless all are that short)


def _score_summary(text: str, scoring: Scoring) -> list[str]:
    """``score`` without --json: the perplexity, then the most predictable and the most
    surprising sentences with their mean surprisal."""
    lines = [
        f"{len(scoring.tokens)} tokens, mean surprisal {scoring.mean_surprisal_bits:.2f} bits, "
        f"perplexity {scoring.perplexity:.2f}"
    ]
    ranked = _sentence_means(text, scoring)
    long_enough = [entry for entry in ranked if entry[1] >= MIN_SENTENCE_TOKENS]
    ranked = sorted(long_enough or ranked)
    low = min(SHOWN_SENTENCES, (len(ranked) + 1) // 2)  # a short text: each shown once
    high = min(SHOWN_SENTENCES, len(ranked) // 2)
    for title, chosen in (
        ("Most predictable sentences", ranked[:low]),
        ("Most surprising sentences", ranked[::-1][:high]),
    ):
        if chosen:
            lines += ["", f"{title} (mean surprisal, bits):"]
        lines += [f"  {mean:5.2f}  {_shown(sentence_text)}" for mean, _, sentence_text in chosen]
    return lines


def _sentence_means(text: str, scoring: Scoring) -> list[tuple[float, int, str]]:
    """(mean surprisal, tokens, text) of each sentence with a scored token; a token counts in
    the sentence its first character is in.  Sentences end where the editor's sentence stop
    says (core.drafting.stops), and at line breaks."""
    from writer_app.core.drafting.predictability import sentence_spans

    spans = sentence_spans(text)
    sums = [[0.0, 0] for _ in spans]
    index = 0
    for token in scoring.tokens:
        while index < len(spans) - 1 and token.offset >= spans[index][1]:
            index += 1
        if spans:
            sums[index][0] += token.surprisal_bits
            sums[index][1] += 1
    return [
        (total / count, count, text[a:b])
        for (a, b), (total, count) in zip(spans, sums, strict=True)
        if count and text[a:b].strip()
    ]


def _shown(text: str, width: int = 72) -> str:
    """A sentence on one line, cut to ``width`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def _export_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="writer-app export",
        description="Export a novel (its folder) or one chapter file to Word, EPUB, Markdown or "
        "plain text; the novel's folder is only read.",
    )
    parser.add_argument("source", type=Path, help="a novel's folder, or a chapter file")
    parser.add_argument(
        "--to", required=True, type=Path, metavar="OUT",
        help="the file to write: .docx, .epub, .md or .txt (outside the novel's folder)",
    )  # fmt: skip
    parser.add_argument("--title", help="the book's title (default: the novel's)")
    parser.add_argument("--author", help="the author's name")
    parser.add_argument(
        "--indent", action=argparse.BooleanOptionalAction, default=None,
        help="a first-line indent on every paragraph (default: on for Chinese)",
    )  # fmt: skip
    parser.add_argument("--cover", type=Path, help="a JPEG, PNG or GIF cover (EPUB)")
    return parser


def run_export(argv: Sequence[str]) -> int:
    """Headless export through the same core code as File ▸ Export…"""
    from dataclasses import replace

    from writer_app.core.export.book import ExportError, book_from_source
    from writer_app.core.export.export import export_book
    from writer_app.core.storage.paths import writer_path

    options = _export_parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr, format="%(message)s")
    try:
        book = book_from_source(
            writer_path(options.source),
            title=options.title,
            author=options.author,
            first_line_indent=options.indent,
        )
        if options.cover is not None:
            book = replace(book, cover=writer_path(options.cover))
        export_book(book, writer_path(options.to))
    except ExportError as error:
        return _fail(str(error))
    return 0


def _voice_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="writer-app voice",
        description="A voice: an adapter trained on your own pages, on this computer, offline.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser(
        "train",
        help="train a voice for a model from text files",
        description="Train a voice (a LoRA adapter in GGUF) for MODEL from your text files; "
        "progress on stderr. Ctrl+C stops and keeps a checkpoint that --resume continues.",
    )
    train.add_argument("files", type=Path, nargs="+", metavar="FILE", help="text to learn from")
    train.add_argument("--model", type=Path, required=True, help="the model (GGUF)")
    train.add_argument("--out", type=Path, required=True, help="the voice to write (.gguf)")
    length = train.add_mutually_exclusive_group()
    length.add_argument("--minutes", type=float, help="minutes of training (default 10)")
    length.add_argument("--epochs", type=float, help="passes over the text instead")
    train.add_argument(
        "--holdout",
        type=float,
        default=0.1,
        metavar="FRACTION",
        help="the last part of the text measured, not learned (default 0.1)",
    )
    train.add_argument("--name", help="the voice's name (default: the file's)")
    train.add_argument(
        "--resume", action="store_true", help="continue a stopped run for the same --out"
    )
    listing = commands.add_parser("list", help="the voices in your voices folder")
    listing.add_argument("--model", type=Path, help="only those trained on this model")
    return parser


def run_voice(argv: Sequence[str]) -> int:
    """``writer-app voice train|list``."""
    options = _voice_parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr, format="%(message)s")
    if options.command == "list":
        return _list_voices(options)
    return _train_voice(options)


def _list_voices(options: argparse.Namespace) -> int:
    from writer_app.core.storage.hashing import file_sha256
    from writer_app.core.voices.library import list_voices

    try:
        sha = file_sha256(options.model) if options.model is not None else None
    except OSError as error:
        return _fail(f"cannot read {options.model}: {error.strerror or error}")
    for record in list_voices(sha):
        ratio = f"  perplexity x{record.ratio:.2f}" if record.ratio else ""
        print(f"{record.name}\t{record.path}{ratio}")
    return 0


def _train_voice(options: argparse.Namespace) -> int:
    """Train in this process (the window runs the same code in a process of its own)."""
    import shutil

    from writer_app.core.manuscript.text_file import ManuscriptError, read_manuscript
    from writer_app.core.models.gguf import ModelFileError, inspect_gguf
    from writer_app.core.storage.paths import writer_path
    from writer_app.core.voices import job as jobs
    from writer_app.core.voices import tools, training
    from writer_app.core.voices.library import failure_sentence

    low, high = jobs.HOLDOUT_RANGE
    if not low <= options.holdout <= high:
        return _fail(f"invalid value: --holdout must be from {low} to {high}")
    for value, name in ((options.minutes, "--minutes"), (options.epochs, "--epochs")):
        if value is not None and value <= 0:
            return _fail(f"invalid value: {name} must be more than 0")
    model, out = writer_path(options.model), writer_path(options.out)
    try:
        inspect_gguf(model)
    except ModelFileError as error:
        return _fail(str(error))
    absent = tools.missing()
    if absent:
        return _fail(
            "training a voice needs " + ", ".join(absent) + ": pip install 'writer-app[voice]' "
            '(README, "My voice")'
        )
    folder = jobs.RunFolder(out.with_name(out.name + ".run"))
    resume = options.resume and folder.has_checkpoint()
    if options.resume and not resume:
        return _fail(f"there is no stopped run to resume for {out.name}")
    if not resume:
        shutil.rmtree(folder.folder, ignore_errors=True)
        texts = []
        for index, path in enumerate(options.files, 1):
            try:
                loaded = read_manuscript(writer_path(path))
            except ManuscriptError as error:
                return _fail(f"cannot read {path}: {error.reason}")
            try:
                texts.append(folder.add_text(index, path.name, loaded.text))
            except OSError as error:
                return _fail(f"cannot write the run's folder {folder.folder}: {error}")
        minutes = None if options.epochs else (options.minutes or jobs.DEFAULT_MINUTES)
        folder.write_job(
            jobs.TrainingJob(
                model=str(model),
                out=str(out),
                texts=texts,
                holdout=options.holdout,
                minutes=minutes,
                epochs=options.epochs,
                name=options.name or out.stem,
            )
        )
    status = training.run(folder.folder, resume=resume, on_event=_voice_progress)
    if status == 0:
        shutil.rmtree(folder.folder, ignore_errors=True)
        return 0
    if status == 1:
        print(f"stopped; continue with --resume (kept in {folder.folder})", file=sys.stderr)
        return 130
    last = folder.last_event()
    reason = last.get("reason", "") if last is not None else ""
    detail = last.get("detail", "") if last is not None else ""
    if not folder.has_checkpoint():  # nothing to resume: leave nothing behind
        shutil.rmtree(folder.folder, ignore_errors=True)
    return _fail(str(failure_sentence(reason, detail)))


def _voice_progress(event: object) -> None:
    from writer_app.core.voices import job as jobs

    assert isinstance(event, jobs.TrainingEvent)
    kind, get = event.kind, event.get
    if kind == jobs.LOADING:
        line = f"loading {get('model')}"
    elif kind == jobs.READY:
        line = (
            f"{get('train_tokens')} tokens to learn from, {get('held_tokens')} held out; "
            f"held-out perplexity {get('perplexity_before'):.2f}"
        )
    elif kind == jobs.STEP:
        line = (
            f"step {get('step')}  loss {get('loss'):.3f}  {get('fraction'):.0%}  "
            f"{get('remaining') / 60:.1f} min left"
        )
    elif kind == jobs.EVAL:
        line = f"  held-out perplexity {get('perplexity'):.2f} (x{get('ratio'):.3f})"
    elif kind == jobs.DONE:
        line = (
            f"wrote {get('adapter')}: held-out perplexity {get('perplexity_before'):.2f} -> "
            f"{get('perplexity_after'):.2f} (x{get('ratio'):.3f}) after "
            f"{get('seconds') / 60:.1f} min of training"
            + (" (ended early: the held-out text had stopped improving)" if get("early") else "")
        )
    else:
        return
    print(line, file=sys.stderr, flush=True)


def _text_and_model(options: argparse.Namespace) -> tuple[str, LlamaCppEngine] | int:
    """stdin as UTF-8 text and the model of ``--model``/``--n-ctx``/``--gpu-layers`` loaded;
    or the exit status after saying in one line why not."""
    from writer_app.core.local.config import EngineConfig, ModelLoadError
    from writer_app.core.local.engine import LlamaCppEngine
    from writer_app.core.local.voice import VoiceError

    try:
        text = sys.stdin.buffer.read().decode("utf-8")
    except UnicodeDecodeError as error:
        return _fail(f"stdin is not UTF-8 text (byte {error.start})")
    config = EngineConfig(
        model_path=options.model,
        n_ctx=options.n_ctx,
        n_gpu_layers=options.gpu_layers,
        voice=getattr(options, "voice", None),
        voice_scale=getattr(options, "voice_scale", 1.0),
    )
    try:
        return text, LlamaCppEngine.load(config)
    except ModelLoadError as error:
        return _fail(f"cannot load model {error.path}: {error.reason}")
    except VoiceError as error:
        return _fail(str(error))


def _run(engine: LlamaCppEngine, work: Callable[[], None]) -> int:
    """Do ``work`` with the loaded model and close it: 0, or 2 with the model's failure in one
    line; a closed pipe (``| head``) is not a failure."""
    from writer_app.core.drafting.engine import GenerationError

    try:
        work()
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
