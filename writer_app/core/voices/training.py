"""Training a voice: a LoRA adapter learned from the writer's text, on the CPU (or a GPU when
PyTorch sees one), in its own process.

    python -m writer_app.core.voices.training RUN_FOLDER [--resume]

The model is the very GGUF file the writer drafts with: transformers reads it and dequantizes
its weights, so the adapter learns against the weights llama.cpp will run it on.  The last
part of the text is held out and measured (perplexity) before, during and after.  Each step
reads ``batch`` windows of ``sequence`` tokens from random places in the training text.  The
run reports events (``job.py``) and stops when asked, keeping a checkpoint it can resume from;
one is also kept every ``checkpoint_minutes``.  At the end the adapter is written in llama.cpp's
GGUF layout (``to_gguf.py``) with its record (``library.py``), under a temporary name first.

Why PyTorch and PEFT, and not llama.cpp's own training API: llama.cpp trains only F32 weights
and writes whole models, never an adapter (README, "My voice").
This module is the one that imports torch, transformers and peft.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import signal
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from writer_app.core.storage.hashing import file_sha256
from writer_app.core.voices import job as jobs
from writer_app.core.voices import library

MIN_TRAINING_TOKENS = 64
WARMUP_STEPS = 10
# Held-out measurements in a row with none better than the best: the model has begun to learn
# the pages by heart (measured: a 4,000-token story was best after one pass, and 7x worse
# after twenty), so the run ends there instead of spending the rest of its minutes.
PATIENCE = 3
MIN_STEPS_BETWEEN_EVALUATIONS = 3


class Failure(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason, self.detail = reason, detail


class Stopped(Exception):
    pass


def run(
    folder: Path,
    *,
    resume: bool = False,
    on_event: Callable[[jobs.TrainingEvent], None] | None = None,
) -> int:
    """Run the job in ``folder``; 0 when the voice was written, 1 when stopped (a checkpoint
    kept), 2 when it failed (the reason in the last event)."""
    run_folder = jobs.RunFolder(folder)

    def emit(kind: str, **values: Any) -> None:
        event = run_folder.emit(kind, **values)
        if on_event is not None:
            on_event(event)

    run_folder.write_pid()
    job = run_folder.read_job()
    if job is None:
        emit(jobs.FAILED, reason=library.FAILURE_INTERNAL, detail=f"no job in {folder}")
        return 2
    try:
        _Trainer(job, run_folder, emit).train(resume)
    except Stopped:
        return 1
    except Failure as failure:
        emit(jobs.FAILED, reason=failure.reason, detail=failure.detail)
        return 2
    except MemoryError:
        emit(jobs.FAILED, reason=library.FAILURE_MODEL, detail="not enough memory")
        return 2
    return 0


class _Trainer:
    def __init__(self, job: jobs.TrainingJob, folder: jobs.RunFolder, emit: Any) -> None:
        self.job, self.folder, self.emit = job, folder, emit

    # -- the text ----------------------------------------------------------------------------

    def _texts(self) -> tuple[str, list[dict[str, Any]]]:
        pieces, entries = [], []
        for text in self.job.texts:
            try:
                content = self.folder.text_path(text).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise Failure(library.FAILURE_NO_TEXT, f"{text.name}: {error}") from None
            if content.strip():
                pieces.append(content)
                entries.append(library.text_entry(text.name, content))
        if not pieces:
            raise Failure(library.FAILURE_NO_TEXT)
        return jobs.joined_text(pieces), entries

    # -- the run -----------------------------------------------------------------------------

    def train(self, resume: bool) -> None:
        # Nothing is downloaded while training, and the libraries' progress bars stay quiet.
        os.environ.update(
            HF_HUB_OFFLINE="1",
            TRANSFORMERS_OFFLINE="1",
            HF_HUB_DISABLE_TELEMETRY="1",
            HF_HUB_DISABLE_PROGRESS_BARS="1",
            TRANSFORMERS_VERBOSITY="error",
            TRANSFORMERS_NO_ADVISORY_WARNINGS="1",
            TQDM_DISABLE="1",
        )
        try:
            import torch
            from peft import LoraConfig, get_peft_model, set_peft_model_state_dict
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError as error:
            raise Failure(library.FAILURE_TOOLS, str(error)) from None
        import warnings

        warnings.filterwarnings("ignore", module="peft")
        # transformers 5 warns about its own use of a name it renamed; nothing for a writer.
        warnings.filterwarnings(
            "ignore", message=".*is_gradient_checkpointing", category=FutureWarning
        )
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        job = self.job
        with contextlib.suppress(AttributeError, OSError):
            os.nice(10)  # the editor (and its suggestions) come first
        threads = job.threads or os.cpu_count() or 1
        torch.set_num_threads(threads)
        self.folder.clear_stop()
        stop = _StopSignals(self.folder)

        text, entries = self._texts()
        train_text, held_text = jobs.split_holdout(text, job.holdout)
        model_path = Path(job.model)
        self.emit(jobs.LOADING, model=model_path.name)
        try:
            base_sha = file_sha256(model_path)
            tokenizer = AutoTokenizer.from_pretrained(
                str(model_path.parent), gguf_file=model_path.name
            )
            model = AutoModelForCausalLM.from_pretrained(
                str(model_path.parent), gguf_file=model_path.name, dtype=torch.float32
            )
        except (OSError, ValueError, KeyError, RuntimeError, NotImplementedError) as error:
            raise Failure(library.FAILURE_MODEL, _short(error)) from None
        # The text alone, and BOS (where the model reads one) at the start of every window:
        # llama.cpp reads a suggestion's prompt that way, and Gemma without it is lost.
        bos = _bos(tokenizer)
        train_ids = _ids(torch, tokenizer, train_text)
        held_ids = _ids(torch, tokenizer, held_text)
        if train_ids.numel() < MIN_TRAINING_TOKENS or held_ids.numel() < 2:
            raise Failure(library.FAILURE_TOO_LITTLE, f"{train_ids.numel()} tokens")
        sequence = min(job.sequence, train_ids.numel() - 1)

        progress: dict[str, Any]
        if resume and self.folder.has_checkpoint():
            progress = self._read_progress(base_sha, entries)
        else:
            progress = {
                "step": 0,
                "tokens": 0,
                "seconds": 0.0,
                "base_sha256": base_sha,
                "texts": entries,
                "losses": [],
                "evaluations": [],
                "perplexity_before": None,
            }
        if progress["perplexity_before"] is None:
            progress["perplexity_before"] = math.exp(_held_loss(torch, model, held_ids, bos))
        before = progress["perplexity_before"]
        self.emit(
            jobs.READY,
            train_tokens=int(train_ids.numel()),
            held_tokens=int(held_ids.numel()),
            perplexity_before=before,
            step=progress["step"],
            resumed=bool(progress["step"]),
            losses=progress["losses"],
            evaluations=progress["evaluations"],
        )

        config = LoraConfig(
            r=job.rank,
            lora_alpha=job.alpha,
            lora_dropout=0.05,
            target_modules=[m for m in job.modules if _has_module(model, m)],
            bias="none",
            task_type="CAUSAL_LM",
        )
        model = get_peft_model(model, config)
        params = [p for p in model.parameters() if p.requires_grad]
        optimizer = torch.optim.AdamW(params, lr=job.learning_rate, weight_decay=0.0)
        # The voice kept is the adapter as it was at its best held-out measurement: a small
        # text is learned by heart if trained too long, and the writer's next page with it.
        best: tuple[float, dict[str, Any]] | None = None
        state: dict[str, Any] = {}
        if progress["step"]:
            state = torch.load(self.folder.checkpoint / "state.pt", weights_only=True)
            set_peft_model_state_dict(model, state["adapter"])
            optimizer.load_state_dict(state["optimizer"])
            if progress.get("best") and "best" in state:
                best = (float(progress["best"][1]), state["best"])

        def fraction() -> float:
            if job.epochs:
                return min(1.0, progress["tokens"] / (job.epochs * train_ids.numel()))
            return min(1.0, progress["seconds"] / (max(job.minutes or 0.0, 0.01) * 60))

        generator = random.Random(job.seed * 1_000_003 + progress["step"])
        torch.manual_seed(job.seed + progress["step"])
        # A short text is learned by heart within a few passes, long before the planned
        # measurements come round, so the held-out part is also measured every half pass
        # (and then no sooner than MIN_STEPS_BETWEEN_EVALUATIONS after another measurement).
        half_pass = max(1, train_ids.numel() // 2)

        def next_evaluation() -> tuple[float, int]:
            planned = (math.floor(fraction() * job.evaluations) + 1) / job.evaluations
            return planned, (progress["tokens"] // half_pass + 1) * half_pass

        def evaluation_due(done: float) -> bool:
            if done >= 1.0:
                return True
            last = progress["evaluations"][-1][0] if progress["evaluations"] else 0
            if progress["step"] - last < MIN_STEPS_BETWEEN_EVALUATIONS:
                return False
            return done >= next_eval or progress["tokens"] >= next_eval_tokens

        next_eval, next_eval_tokens = next_evaluation()
        last_checkpoint = time.monotonic()
        while fraction() < 1.0:
            if stop.requested():
                self._checkpoint(torch, model, optimizer, progress, best)
                self.emit(jobs.STOPPED, step=progress["step"])
                raise Stopped
            started = time.monotonic()
            model.train()
            starts = [
                generator.randint(0, train_ids.numel() - sequence - 1) for _ in range(job.batch)
            ]
            batch = torch.stack([_window(torch, train_ids, s, sequence, bos) for s in starts])
            rate = job.learning_rate * min(1.0, (progress["step"] + 1) / WARMUP_STEPS)
            rate *= 0.1 + 0.45 * (1 + math.cos(math.pi * fraction()))  # cosine to a tenth
            for group in optimizer.param_groups:
                group["lr"] = rate
            logits = model(input_ids=batch[:, :-1]).logits
            loss = torch.nn.functional.cross_entropy(
                logits.reshape(-1, logits.size(-1)).float(), batch[:, 1:].reshape(-1)
            )
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            progress["step"] += 1
            progress["tokens"] += int(batch[:, :-1].numel())
            progress["seconds"] += time.monotonic() - started
            value = float(loss.item())
            progress["losses"].append([progress["step"], round(value, 4)])
            done = fraction()
            self.emit(
                jobs.STEP,
                step=progress["step"],
                loss=value,
                fraction=done,
                seconds=progress["seconds"],
                tokens=progress["tokens"],
                remaining=_remaining(progress, done),
                epochs=progress["tokens"] / train_ids.numel(),
            )
            if evaluation_due(done):
                held = _held_loss(torch, model, held_ids, bos)
                progress["evaluations"].append([progress["step"], round(held, 4)])
                if best is None or held < best[0]:
                    best = (held, _adapter_copy(model))
                    progress["best"] = [progress["step"], held]
                self.emit(
                    jobs.EVAL,
                    step=progress["step"],
                    loss=held,
                    perplexity=math.exp(held),
                    ratio=math.exp(held) / before,
                )
                next_eval, next_eval_tokens = next_evaluation()
                if _past_its_best(progress["evaluations"]):
                    progress["early"] = True
                    break
            if time.monotonic() - last_checkpoint >= job.checkpoint_minutes * 60 and done < 1:
                self._checkpoint(torch, model, optimizer, progress, best)
                last_checkpoint = time.monotonic()

        if best is None:  # resumed after the last step: the checkpoint's best is the voice
            best = (progress["best"][1], state["best"])
        self._write_voice(torch, best[1], base_sha, progress, before, math.exp(best[0]))

    # -- checkpoints -------------------------------------------------------------------------

    def _checkpoint(
        self, torch: Any, model: Any, optimizer: Any, progress: dict, best: Any
    ) -> None:
        from peft import get_peft_model_state_dict

        target = self.folder.checkpoint
        fresh = target.with_name(target.name + ".new")
        try:
            fresh.mkdir(parents=True, exist_ok=True)
            torch.save(
                {
                    "adapter": get_peft_model_state_dict(model),
                    "optimizer": optimizer.state_dict(),
                    **({"best": best[1]} if best is not None else {}),
                },
                fresh / "state.pt",
            )
            (fresh / "progress.json").write_text(json.dumps(progress), encoding="utf-8")
            old = target.with_name(target.name + ".old")
            if target.exists():
                target.rename(old)
            fresh.rename(target)
            _remove_tree(old)
        except OSError as error:
            _remove_tree(fresh)
            raise Failure(library.FAILURE_DISK, _short(error)) from None
        self.emit(jobs.CHECKPOINT, step=progress["step"])

    def _read_progress(self, base_sha: str, entries: list[dict[str, Any]]) -> dict[str, Any]:
        try:
            progress = json.loads(
                (self.folder.checkpoint / "progress.json").read_text(encoding="utf-8")
            )
            progress["step"], progress["tokens"] = int(progress["step"]), int(progress["tokens"])
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise Failure(library.FAILURE_CHECKPOINT, _short(error)) from None
        if progress.get("base_sha256") != base_sha:
            raise Failure(library.FAILURE_CHECKPOINT, "the model file has changed")
        if [e["sha256"] for e in progress.get("texts", [])] != [e["sha256"] for e in entries]:
            raise Failure(library.FAILURE_CHECKPOINT, "the text has changed")
        return progress

    # -- the voice ---------------------------------------------------------------------------

    def _write_voice(
        self,
        torch: Any,
        adapter: dict[str, Any],
        base_sha: str,
        progress: dict,
        before: float,
        after: float,
    ) -> None:
        from writer_app.core.voices import to_gguf

        job = self.job
        out = Path(job.out)
        name = job.name or out.stem
        weights = {k: v.float().numpy() for k, v in adapter.items()}
        partial = out.with_name(out.name + ".part")
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            base = to_gguf.read_base(Path(job.model))
            to_gguf.write_adapter(
                partial, weights, base=base, alpha=job.alpha, base_sha256=base_sha, name=name
            )
            record = library.VoiceRecord(
                path=out,
                name=name,
                base_sha256=base_sha,
                base_file=Path(job.model).name,
                texts=progress["texts"],
                holdout=job.holdout,
                perplexity_before=before,
                perplexity_after=after,
                created=datetime.now(UTC).isoformat(timespec="seconds"),
                settings={
                    "rank": job.rank,
                    "modules": list(job.modules),
                    "alpha": job.alpha,
                    "learning_rate": job.learning_rate,
                    "sequence": job.sequence,
                    "batch": job.batch,
                    "minutes": job.minutes,
                    "epochs": job.epochs,
                    "steps": progress["step"],
                    "best_step": progress["best"][0],
                    "tokens": progress["tokens"],
                    "seconds": round(progress["seconds"], 1),
                    "trainer": f"torch {torch.__version__}",
                },
            )
            record.save()
            os.replace(partial, out)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise Failure(library.FAILURE_DISK, _short(error)) from None
        except ValueError as error:
            partial.unlink(missing_ok=True)
            raise Failure(library.FAILURE_MODEL, _short(error)) from None
        self.emit(
            jobs.DONE,
            adapter=str(out),
            perplexity_before=before,
            perplexity_after=after,
            ratio=after / before,
            step=progress["step"],
            seconds=progress["seconds"],
            bytes=out.stat().st_size,
            early=bool(progress.get("early")),
        )


class _StopSignals:
    """A stop asked for by the stop file (the window) or by Ctrl+C / SIGTERM (a terminal)."""

    def __init__(self, folder: jobs.RunFolder) -> None:
        self.folder = folder
        self.signalled = False
        for number in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(ValueError, OSError):  # not the main thread
                signal.signal(number, self._on_signal)

    def _on_signal(self, number: int, frame: object) -> None:
        self.signalled = True

    def requested(self) -> bool:
        return self.signalled or self.folder.stop_requested()


def _bos(tokenizer: Any) -> int | None:
    """The BOS token when the model reads one before its text (Gemma), else None (SmolLM2)."""
    bos = tokenizer.bos_token_id
    marked = tokenizer("a").input_ids
    return bos if bos is not None and marked and marked[0] == bos else None


def _ids(torch: Any, tokenizer: Any, text: str) -> Any:
    return torch.tensor(tokenizer(text, add_special_tokens=False).input_ids, dtype=torch.long)


def _window(torch: Any, ids: Any, start: int, length: int, bos: int | None) -> Any:
    """``length`` + 1 tokens from ``start`` (inputs and their next tokens), BOS first when
    the model reads one."""
    if bos is None:
        return ids[start : start + length + 1]
    return torch.cat([torch.tensor([bos], dtype=torch.long), ids[start : start + length]])


def _held_loss(
    torch: Any, model: Any, ids: Any, bos: int | None = None, window: int = 1024
) -> float:
    """Mean negative log-likelihood (nats per token) of the held-out tokens, read in windows
    as llama.cpp reads a prompt (BOS first where the model has one)."""
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for start in range(0, ids.numel() - 1, window):
            chunk = _window(torch, ids, start, window, bos)[None, :]
            logits = model(chunk[:, :-1]).logits.float()
            total += torch.nn.functional.cross_entropy(
                logits.view(-1, logits.size(-1)), chunk[:, 1:].reshape(-1), reduction="sum"
            ).item()
            count += chunk.size(1) - 1
    return total / max(count, 1)


def _past_its_best(evaluations: list[list[float]]) -> bool:
    """Whether the last ``PATIENCE`` held-out measurements are all worse than an earlier one."""
    if len(evaluations) <= PATIENCE:
        return False
    best_before = min(loss for _step, loss in evaluations[:-PATIENCE])
    return all(loss > best_before for _step, loss in evaluations[-PATIENCE:])


def _remaining(progress: dict[str, Any], done: float) -> float:
    return progress["seconds"] * (1.0 - done) / done if done > 0 else 0.0


def _adapter_copy(model: Any) -> dict[str, Any]:
    from peft import get_peft_model_state_dict

    return {k: v.detach().clone() for k, v in get_peft_model_state_dict(model).items()}


def _has_module(model: Any, suffix: str) -> bool:
    return any(name.endswith("." + suffix) for name, _ in model.named_modules())


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def _short(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:300]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m writer_app.core.voices.training")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--resume", action="store_true")
    options = parser.parse_args(argv)
    return run(options.folder, resume=options.resume)


if __name__ == "__main__":
    sys.exit(main())
