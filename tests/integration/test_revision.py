"""Revising a passage with real models: SmolLM2-Instruct through the chat template in its GGUF
(applied by llama.cpp), Gemma 3 270M (a base model, no template) through the few-shot prompt,
``writer-app revise`` from the command line, and llama-cpp-python's own server through its
chat endpoint."""

from __future__ import annotations

import importlib.util

import llama_cpp
import pytest

from tests.integration.test_cli import run_headless
from tests.support.llama_server import SERVER_PACKAGES, llama_server
from writer_app.core.drafting.revision import (
    BASE_STOP,
    Revision,
    RevisionAction,
    Trimmer,
    base_prompt,
    chat_messages,
    revision_settings,
)
from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.local.chat import apply_chat_template, model_chat_template
from writer_app.core.local.config import EngineConfig
from writer_app.core.local.engine import LlamaCppEngine
from writer_app.core.prompt.story import StoryContext
from writer_app.core.remote.engine import RemoteEngine
from writer_app.core.remote.servers import RemoteEngineConfig

pytestmark = pytest.mark.model

PASSAGE = (
    "The old man walked slowly down to the harbour. He looked at the boats for a long time "
    "and thought about his son, who had gone to sea and never come back."
)
CHINESE = "老人慢慢地走到港口。他看着船看了很久，想起了出海再也没有回来的儿子。"
GREEDY = SamplingSettings(temperature=0.0, seed=7)


def revise(engine, revision: Revision, settings: SamplingSettings = GREEDY) -> str:
    tuned = revision_settings(settings, revision.action, len(engine.tokenize(revision.passage)))
    prompt = engine.revision_prompt(revision, StoryContext(), tuned.max_tokens)
    trimmer = Trimmer()
    engine.suggest(prompt, tuned, on_text=trimmer.feed)
    return trimmer.text


@pytest.fixture(scope="module")
def smollm(smollm_path):
    engine = LlamaCppEngine.load(EngineConfig(model_path=smollm_path, n_ctx=1024))
    yield engine
    engine.close()


def test_the_chat_template_is_read_from_the_gguf_and_applied_by_llama_cpp(smollm, smollm_path):
    revision = Revision(RevisionAction.SHORTEN, PASSAGE, before="It was cold.")
    prompt = smollm.revision_prompt(revision, StoryContext(memory="A sea story."), 200)

    llm = llama_cpp.Llama(str(smollm_path), vocab_only=True, verbose=False)
    template = model_chat_template(llm.model)
    assert template is not None and "<|im_start|>" in template  # SmolLM2's ChatML, in the file
    system, user = chat_messages(revision, StoryContext(memory="A sea story."))
    assert prompt.text == (
        f"<|im_start|>system\n{system[1]}<|im_end|>\n<|im_start|>user\n{user[1]}<|im_end|>\n"
        "<|im_start|>assistant\n"
    )
    im_start = llm.tokenize(b"<|im_start|>", add_bos=False, special=True)
    assert len(im_start) == 1 and prompt.tokens.count(im_start[0]) == 3  # special tokens
    assert apply_chat_template("not a template llama.cpp knows", [("user", "hi")]) is None


def test_an_instruct_model_revises_and_the_same_seed_gives_the_same_text(smollm):
    revision = Revision(RevisionAction.REWRITE, PASSAGE)
    first = revise(smollm, revision)
    assert first and first == first.strip() and first != PASSAGE
    assert BASE_STOP not in first
    assert revise(smollm, revision) == first


def test_a_base_model_is_asked_with_examples_in_the_passages_language(gemma_path):
    engine = LlamaCppEngine.load(EngineConfig(model_path=gemma_path, n_ctx=1024))
    try:
        revision = Revision(RevisionAction.SHORTEN, CHINESE)
        prompt = engine.revision_prompt(revision, StoryContext(), 200)
        assert prompt.tokens[: len(engine.bos())] == engine.bos()
        assert prompt.tokens == [
            *engine.bos(),
            *engine.tokenize(base_prompt(revision, StoryContext())),
        ]
        text = revise(engine, revision)
        assert text and BASE_STOP not in text and "修改：" not in text
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text)  # answered in Chinese
    finally:
        engine.close()


def run_revise(model, *args, passage=PASSAGE):
    return run_headless("revise", model, *args, stdin=passage)


def test_writer_app_revise_writes_only_the_revised_passage(smollm_path, smollm, tmp_path):
    before = tmp_path / "before.txt"
    before.write_text("The storm came in at dusk.", encoding="utf-8")
    done = run_revise(
        smollm_path, "--action", "shorten", "--temperature", "0", "--seed", "7",
        "--before-file", str(before),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    text = done.stdout.decode("utf-8")
    expected = revise(
        smollm, Revision(RevisionAction.SHORTEN, PASSAGE, before="The storm came in at dusk.")
    )
    assert text == expected


@pytest.mark.parametrize(
    ("args", "passage", "said"),
    [
        (("--action", "tone"), PASSAGE, "say which tone"),
        (("--action", "rewrite"), " \n", "no text to revise"),
        (("--action", "louder"), PASSAGE, "invalid choice"),
        (("--before-file", "/nonexistent/before.txt"), PASSAGE, "cannot read"),
    ],
)
def test_a_request_that_cannot_be_made_exits_2_with_one_line(smollm_path, args, passage, said):
    done = run_revise(smollm_path, *args, passage=passage)
    assert done.returncode == 2
    assert said in done.stderr.decode() and done.stderr.decode().count("\n") == 1
    assert done.stdout == b""


@pytest.mark.skipif(
    any(importlib.util.find_spec(name) is None for name in SERVER_PACKAGES),
    reason="llama-cpp-python's server packages are not installed (the test extra has them)",
)
def test_a_server_revises_through_its_chat_endpoint(smollm_path, tmp_path):
    with llama_server(smollm_path, tmp_path / "server.log", n_ctx=1024) as base_url:
        engine = RemoteEngine.connect(RemoteEngineConfig("Test server", base_url, n_ctx=1024))
        revision = Revision(RevisionAction.TONE, PASSAGE, "hopeful")
        prompt = engine.revision_prompt(revision, StoryContext(), 200)
        assert prompt.messages == tuple(chat_messages(revision, StoryContext()))
        text = revise(engine, revision)
    assert text and text == text.strip()
    assert not engine._no_chat  # it was the chat endpoint that answered
