"""Training a voice for real (core.voices.training, PyTorch + PEFT on the GGUF the writer drafts
with): a short run on SmolLM2 through ``writer-app voice train`` lowers the held-out loss and
writes an adapter llama.cpp loads, after which the writer's text is likelier; a run stopped
through its stop file keeps a checkpoint and resumes from it to the same end; bad input ends
with one sentence and exit status 2, and nothing is written."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from writer_app.core.local.config import EngineConfig
from writer_app.core.local.engine import LlamaCppEngine
from writer_app.core.local.scoring import surprisal_after
from writer_app.core.models.gguf import inspect_gguf
from writer_app.core.voices import job as jobs
from writer_app.core.voices import library, training

pytestmark = pytest.mark.model

# A paragraph no model has read, repeated: the held-out part (the last tenth) is the same
# prose, so a few steps must make it likelier.
PARAGRAPH = (
    "Marrow Quay smelled of tar and lemons the year the lamplighter Oswin Brack kept a heron "
    "in his coat, and every evening he told the ferry girls that the moon was late again.\n"
)
TEXT = PARAGRAPH * 12


def voice_train(model, out, *args):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "writer_app",
            "voice",
            "train",
            "--model",
            str(model),
            "--out",
            str(out),
            *map(str, args),
        ],
        capture_output=True,
        timeout=600,
    )


def held_out_bits(model, voice=None) -> float:
    engine = LlamaCppEngine.load(EngineConfig(model_path=model, n_ctx=512, voice=voice))
    try:
        tokens = engine.tokenize(PARAGRAPH)
        return surprisal_after(engine, [*engine.bos(), tokens[0]], tokens[1:])
    finally:
        engine.close()


def test_a_short_run_makes_the_writers_text_likelier(smollm_path, tmp_path):
    source = tmp_path / "chapter.txt"
    source.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "voices" / "oswin.gguf"
    done = voice_train(smollm_path, out, source, "--epochs", "1.5", "--name", "Oswin")
    assert done.returncode == 0, done.stderr.decode()
    said = done.stderr.decode()
    assert "held out" in said and "wrote" in said
    record = library.read_record(out)
    assert record.name == "Oswin" and record.base_file == smollm_path.name
    assert record.perplexity_after < record.perplexity_before
    assert record.texts[0]["name"] == "chapter.txt"
    assert not out.with_name(out.name + ".run").exists()  # the run's folder went with it
    assert held_out_bits(smollm_path, out) < held_out_bits(smollm_path) - 1.0
    # the size the dialog promised, from the model's header, before training
    promised = jobs.adapter_bytes(inspect_gguf(smollm_path).metadata, jobs.DEFAULT_MODULES)
    assert 0.9 < out.stat().st_size / promised < 1.1


def test_a_stopped_run_resumes_from_its_checkpoint(smollm_path, tmp_path):
    folder = jobs.RunFolder(tmp_path / "run")
    text = folder.add_text(1, "chapter", TEXT)
    out = tmp_path / "v.gguf"
    folder.write_job(
        jobs.TrainingJob(
            model=str(smollm_path),
            out=str(out),
            texts=[text],
            epochs=2.0,
            minutes=None,
            sequence=64,
            batch=1,
            evaluations=1,  # planned: once, at the end; the half passes add the rest
        )
    )
    child = subprocess.Popen(
        [sys.executable, "-m", "writer_app.core.voices.training", str(folder.folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    reader = jobs.EventReader(folder.events_path)
    seen: list[jobs.TrainingEvent] = []
    deadline = time.monotonic() + 300
    while not any(e.kind == jobs.STEP for e in seen) and child.poll() is None:
        assert time.monotonic() < deadline, "no training step in 5 minutes"
        seen += reader.read_new()
        time.sleep(0.05)  # polling a file another process appends to
    folder.request_stop()
    assert child.wait(timeout=120) == 1, child.stderr.read().decode()
    seen += reader.read_new()
    assert seen[-1].kind == jobs.STOPPED and folder.has_checkpoint()
    stopped_at = seen[-1].get("step")
    assert not out.exists()

    events: list[jobs.TrainingEvent] = []
    assert training.run(folder.folder, resume=True, on_event=events.append) == 0
    ready = next(e for e in events if e.kind == jobs.READY)
    assert ready.get("resumed") and ready.get("step") == stopped_at
    first = next(e for e in events if e.kind == jobs.STEP)
    assert first.get("step") == stopped_at + 1
    assert events[-1].kind == jobs.DONE and out.is_file()
    progress = json.loads((folder.checkpoint / "progress.json").read_text())
    assert progress["step"] <= events[-1].get("step")
    # held out measured at least every half pass over the text (two passes: four times)
    steps_per_pass = ready.get("train_tokens") / 64
    measured = [e.get("step") for e in [*seen, *events] if e.kind == jobs.EVAL]
    gaps = [b - a for a, b in zip([0, *measured], measured, strict=False)]
    assert len(measured) >= 4 and max(gaps) <= steps_per_pass / 2 + 1


@pytest.mark.parametrize("case", ["missing text", "binary model", "empty text", "holdout"])
def test_bad_input_is_one_sentence_and_exit_2(smollm_path, tmp_path, case):
    text = tmp_path / "chapter.txt"
    text.write_text(TEXT, encoding="utf-8")
    model, args = smollm_path, [text]
    if case == "missing text":
        args = [tmp_path / "nowhere.txt"]
    elif case == "binary model":
        model = tmp_path / "model.gguf"
        model.write_bytes(b"\x00" * 100)
    elif case == "empty text":
        text.write_text("\n\n", encoding="utf-8")
    else:
        args = [text, "--holdout", "0.9"]
    out = tmp_path / "v.gguf"
    result = voice_train(model, out, *args, "--epochs", "0.1")
    said = result.stderr.decode()
    assert result.returncode == 2, said
    assert said.startswith("writer-app: ") and said.count("\n") == 1, said
    assert not out.exists()
