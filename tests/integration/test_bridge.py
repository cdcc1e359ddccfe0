"""Writing toward what follows with the real SmolLM2 model: the figure a candidate gets is
llama.cpp's own log-probability of the following text, a candidate that sets it up ranks
first, and ``writer-app complete --after`` keeps the best."""

from __future__ import annotations

import threading

import llama_cpp
import numpy as np
import pytest

from tests.integration.test_cli import run_headless
from tests.support.tiny_gguf import FIM_TOKENS, write_tiny_llama_gguf
from writer_app.core.drafting.bridge import Ranking
from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.local.config import EngineConfig
from writer_app.core.local.engine import LlamaCppEngine
from writer_app.core.local.scoring import surprisal_after

pytestmark = pytest.mark.model

BEFORE = "Ada climbed the stairs of the old lighthouse and opened the door at the top."
FITS = " Through the window she saw the sea, grey and wild under the storm."
ODD = " Then she drove to the supermarket and bought three kilos of potatoes."
FOLLOWING = " The waves broke white on the rocks below the lighthouse."


@pytest.fixture(scope="module")
def engine(smollm_path):
    engine = LlamaCppEngine.load(EngineConfig(model_path=smollm_path, n_ctx=1024))
    yield engine
    engine.close()


def direct_bits(model_path, context: list[int], following: list[int]) -> float:
    """The same figure computed with llama-cpp-python alone: every position's logits."""
    llm = llama_cpp.Llama(str(model_path), n_ctx=1024, logits_all=True, verbose=False, n_batch=512)
    tokens = [*context, *following]
    llm.eval(tokens)
    scores = np.asarray(llm.scores[: len(tokens)], dtype=np.float64)
    total = 0.0
    for i, token in enumerate(following):
        row = scores[len(context) - 1 + i]
        peak = row.max()
        log_total = peak + np.log(np.exp(row - peak).sum())
        total += (log_total - row[token]) / np.log(2)
    llm.close()
    return total


def test_the_figure_is_llama_cpps_log_probability_of_what_follows(engine, smollm_path):
    context = [*engine.bos(), *engine.tokenize(BEFORE + FITS)]
    following = engine.tokenize(FOLLOWING)
    ours = surprisal_after(engine, context, following)
    assert ours is not None and ours > 0
    assert ours == pytest.approx(direct_bits(smollm_path, context, following), abs=0.05)
    # the cache kept the prompt: a second candidate reads only its own tokens and what follows
    other = [*engine.bos(), *engine.tokenize(BEFORE + ODD)]
    surprisal_after(engine, other, following)
    assert engine.cache.last_plan.reused >= len(engine.tokenize(BEFORE)) - 1


def test_the_candidate_that_sets_up_what_follows_ranks_first(engine):
    prompt = [*engine.bos(), *engine.tokenize(BEFORE)]
    following = engine.tokenize(FOLLOWING)
    bits = tuple(
        surprisal_after(engine, [*prompt, *engine.tokenize(text)], following)
        for text in (ODD, FITS)
    )
    assert Ranking(bits).best == 1, bits


def test_a_cancelled_or_oversized_measure_gives_none(engine):
    cancel = threading.Event()
    cancel.set()
    context = [*engine.bos(), *engine.tokenize(BEFORE * 3)]
    assert surprisal_after(engine, context, engine.tokenize(FOLLOWING), cancel) is None
    assert surprisal_after(engine, context, [13] * engine.n_ctx) is None


def test_complete_after_keeps_the_best_and_says_the_ranking(smollm_path):
    done = run_headless(
        "complete", smollm_path, "--seed", "5", "--max-tokens", "16", "--candidates", "3",
        "--after", FOLLOWING, stdin=BEFORE,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    ranking = done.stderr.decode("utf-8").splitlines()
    assert [line.split(" ")[0] for line in ranking] == ["#1", "#2", "#3"]
    figures = [float(line.split(" ")[1]) for line in ranking]
    assert figures == sorted(figures)
    best = done.stdout.decode("utf-8")
    assert best and " ".join(best.split())[:20] in ranking[0]
    again = run_headless(
        "complete", smollm_path, "--seed", "5", "--max-tokens", "16", "--candidates", "3",
        "--after", FOLLOWING, stdin=BEFORE,
    )  # fmt: skip
    assert again.stdout == done.stdout


def test_complete_after_refuses_a_bad_number_of_candidates(smollm_path, tmp_path):
    done = run_headless("complete", smollm_path, "--after", "x", "--candidates", "9", stdin="A")
    assert done.returncode == 2 and b"--candidates" in done.stderr
    missing = run_headless(
        "complete", smollm_path, "--after-file", str(tmp_path / "none.txt"), stdin="A"
    )
    assert missing.returncode == 2 and b"cannot read" in missing.stderr


def test_the_same_candidates_are_written_with_or_without_ranking(engine):
    settings = SamplingSettings(seed=11, max_tokens=12)
    prompt = engine.build_prompt(BEFORE, settings.max_tokens)
    first = engine.suggest(prompt, settings.alternative(0)).text
    surprisal_after(engine, [*prompt.tokens, *engine.tokenize(first)], engine.tokenize(FOLLOWING))
    assert engine.suggest(prompt, settings.alternative(0)).text == first


def test_a_fill_in_the_middle_model_is_shown_what_follows(tmp_path):
    path = tmp_path / "fim.gguf"
    vocab = write_tiny_llama_gguf(path, fim=True)
    pre, suf, mid = (vocab.tokens.index(token) for token in FIM_TOKENS)
    engine = LlamaCppEngine.load(EngineConfig(model_path=path, n_ctx=512))
    try:
        prompt = engine.build_prompt("The cat sat", 16)
        fim = engine.fim_prompt(prompt, " on the mat", 16)
        assert fim is not None
        assert fim.tokens == [
            *engine.bos(), pre, *engine.tokenize("The cat sat"), suf,
            *engine.tokenize(" on the mat"), mid,
        ]  # fmt: skip
        assert engine.suggest(fim, SamplingSettings(seed=1, max_tokens=8)).stats.prompt_tokens
        assert engine.fim_prompt(prompt, "  \n", 16) is None  # nothing follows
    finally:
        engine.close()


def test_a_model_without_fim_tokens_is_asked_as_usual(engine):
    assert engine.fim_prompt(engine.build_prompt(BEFORE, 16), FOLLOWING, 16) is None
