"""Scoring a writer's own text (core.local.scoring and ``writer-app score``): the figures are
llama.cpp's own log-probabilities, every token is placed in the text (Chinese too), long texts
go in windows, and the cache stays ready for the next suggestion."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import threading
import tracemalloc

import llama_cpp
import numpy as np
import pytest

from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.local.config import EngineConfig
from writer_app.core.local.engine import LlamaCppEngine
from writer_app.core.local.scoring import Scoring, score_text, token_spans, windows

ENGLISH = (
    "The rain had not stopped for three days, and the river rose over the road. "
    "She waited by the door with her coat on. “Nobody is coming,” he said. 🙂"
)
CHINESE = "雨已经下了三天，河水漫过了路面。她穿着外套在门口等着。“没有人会来的，”他说。😀"
SENTENCE = "The old ferryman carried a jar of dark honey under the stone bridge before dawn."
TOLERANCE_BITS = 1e-3


@pytest.fixture(scope="module")
def gemma(gemma_path):
    engine = LlamaCppEngine.load(EngineConfig(gemma_path, n_ctx=512))
    yield engine
    engine.close()


def direct_bits(model_path, tokens: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """−log2 p of ``tokens[1:]``, each given those before it, with llama-cpp-python alone:
    ``Llama.eval`` with ``logits_all`` keeps every row in ``scores``; softmax in float64.
    Also the rows and their log-sum-exp, for the alternatives."""
    llm = llama_cpp.Llama(str(model_path), n_ctx=256, n_batch=256, logits_all=True, verbose=False)
    try:
        llm.eval(tokens)
        rows = np.array(llm.scores[: len(tokens) - 1], dtype=np.float64)
    finally:
        llm.close()
    peak = rows.max(axis=1)
    log_total = peak + np.log(np.exp(rows - peak[:, None]).sum(axis=1))
    chosen = rows[np.arange(len(rows)), tokens[1:]]
    return (log_total - chosen) / math.log(2), rows, log_total


def assert_placed(text: str, scoring: Scoring) -> None:
    """Every token's text is where its offset says, and together they spell the text they
    cover (from the first token scored on)."""
    tokens = scoring.tokens
    for token in tokens:
        assert text[token.offset : token.offset + len(token.text)] == token.text
    end = tokens[-1].offset + len(tokens[-1].text)
    assert "".join(t.text for t in tokens) == text[tokens[0].offset : end]
    assert end == len(text) or scoring.cancelled
    assert [t.offset for t in tokens] == sorted(t.offset for t in tokens)


@pytest.mark.parametrize("text", [ENGLISH, CHINESE], ids=["english", "chinese"])
@pytest.mark.parametrize("model", ["smollm", "gemma"])
def test_figures_are_llama_cpps_own_log_probabilities(request, model, text):
    engine = request.getfixturevalue(model)
    path = request.getfixturevalue(f"{model}_path" if model == "gemma" else "smollm_path")
    engine.cache.truncate(0)
    tracemalloc.start()
    try:
        scoring = score_text(engine, text, top=5)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Gemma's rows are 1 MB each: the batch's rows were never copied, only reduced.
    assert peak < 24 * 2**20, peak
    bos = engine.bos()
    tokens = bos + engine.tokenize(text)
    want, rows, log_total = direct_bits(path, tokens)
    # With BOS (Gemma) the first token is scored given it; without (SmolLM2) it has no figure.
    assert len(scoring.tokens) == len(tokens) - 1
    got = np.array([t.surprisal_bits for t in scoring.tokens])
    assert np.abs(got - want).max() < TOLERANCE_BITS
    assert scoring.perplexity == pytest.approx(2 ** float(np.mean(want)), rel=1e-3)
    # The alternatives: the likeliest tokens of the raw softmax, likeliest first.
    for i, token in enumerate(scoring.tokens):
        probabilities = np.exp(rows[i] - log_total[i])
        likeliest = np.partition(probabilities, -5)[-5:]
        ps = [option.p for option in token.top]
        assert ps == sorted(ps, reverse=True)
        assert all(np.isclose(likeliest, p, atol=1e-5).any() for p in ps)
    if model == "gemma":  # whole characters: the likeliest is always offered
        assert all(token.top for token in scoring.tokens)
    assert_placed(text, scoring)


def test_every_token_is_placed_in_chinese_and_emoji(smollm, gemma):
    text = CHINESE + "\n\n" + ENGLISH
    for engine in (smollm, gemma):
        scoring = score_text(engine, text, top=0)
        assert_placed(text, scoring)
        assert all(not token.top for token in scoring.tokens)
    # Gemma has BOS: every token, from the first character
    assert "".join(t.text for t in scoring.tokens) == text
    # SmolLM2 writes Chinese in byte fragments: a token ending inside a character owns it
    pieces = [smollm.token_bytes(t) for t in smollm.tokenize("雨已")]
    spans = token_spans(pieces, "雨已")
    assert spans[0] == (0, 1) and spans[-1][1] == 2
    assert any(start == end for start, end in spans)  # a character's last bytes alone


def test_token_spans_of_fragments_and_a_space_prefix():
    zhong, wen = "中".encode(), "文".encode()
    pieces = [zhong[:2], zhong[2:] + wen[:1], wen[1:]]
    assert token_spans(pieces, "中文") == [(0, 1), (1, 2), (2, 2)]
    # SentencePiece's prefix space (Llama 2): not a character of the text
    assert token_spans([b" Hello", b" world"], "Hello world") == [(0, 5), (5, 11)]


def test_a_repeated_sentence_is_much_more_predictable_the_second_time(smollm):
    text = f"{SENTENCE} {SENTENCE}"
    scoring = score_text(smollm, text, top=0)
    second = len(SENTENCE) + 1
    first_time = [t.surprisal_bits for t in scoring.tokens if t.offset < len(SENTENCE)]
    second_time = [t.surprisal_bits for t in scoring.tokens if t.offset >= second]
    assert np.mean(second_time) < np.mean(first_time) / 3


def test_start_at_gives_the_same_figures_as_scoring_from_the_start(smollm):
    text = f"{ENGLISH}\n\n{CHINESE}\n\n{SENTENCE}"
    whole = score_text(smollm, text)
    start = text.index(SENTENCE)
    part = score_text(smollm, text, start_at=start)
    after = [t for t in whole.tokens if t.offset + len(t.text) > start]
    assert part.tokens[0].offset <= start and len(part.tokens) == len(after)
    for a, b in zip(part.tokens, after, strict=True):
        assert (a.offset, a.text) == (b.offset, b.text)
        assert abs(a.surprisal_bits - b.surprisal_bits) < TOLERANCE_BITS
        assert [o.text for o in a.top[:1]] == [o.text for o in b.top[:1]]
    assert score_text(smollm, text, start_at=len(text)).tokens == ()


def long_text(engine, n_tokens: int) -> str:
    words = "lantern harbour river bell letter gate honey map road rain door".split()
    rng = np.random.default_rng(5)
    parts = []
    while len(engine.tokenize(" ".join(parts))) < n_tokens:
        parts.append(" ".join(rng.choice(words, 8)) + ". 雨下了。")
    return " ".join(parts)


@pytest.mark.parametrize("model", ["smollm_path", "gemma_path"])
def test_a_text_longer_than_the_context_is_scored_in_windows(request, model):
    engine = LlamaCppEngine.load(EngineConfig(request.getfixturevalue(model), n_ctx=256))
    try:
        text = long_text(engine, 420)
        tokens = engine.tokenize(text)
        bos = engine.bos()
        scoring = score_text(engine, text, top=2)
        assert scoring.windows == len(windows(len(tokens), 256 - len(bos), 0)) >= 3
        assert len(scoring.tokens) == len(tokens) - (0 if bos else 1)  # every token
        assert all(math.isfinite(t.surprisal_bits) for t in scoring.tokens)
        assert_placed(text, scoring)
        assert len(engine.cache.tokens) <= 256
        assert engine.cache.last_position() == len(engine.cache.tokens) - 1
        # scored from the middle: the same windows, the same figures
        middle = next(i for i in range(len(tokens) // 2, len(tokens)) if scoring.tokens[i].text)
        part = score_text(engine, text, start_at=scoring.tokens[middle].offset, top=0)
        after = scoring.tokens[middle:]
        assert [t.offset for t in part.tokens] == [t.offset for t in after]
        gaps = [
            abs(a.surprisal_bits - b.surprisal_bits)
            for a, b in zip(part.tokens, after, strict=True)
        ]
        assert max(gaps) < TOLERANCE_BITS
    finally:
        engine.close()


def test_the_windows_tile_the_text():
    grid = windows(1000, 200, 0)
    scored = [i for w in grid for i in range(w.score_from, w.end)]
    assert scored == list(range(1000))
    assert all(w.end - w.context_from <= 200 for w in grid)
    assert all(w.score_from - w.context_from >= 100 for w in grid[1:])
    assert len(windows(150, 200, 0)) == 1
    assert [w.end for w in windows(1000, 200, 650)] == [w.end for w in grid if w.end > 650]


def test_a_suggestion_after_scoring_reuses_the_scored_text(smollm):
    settings = SamplingSettings(temperature=0.0, max_tokens=16, seed=3)
    prompt = smollm.build_prompt(ENGLISH, settings.max_tokens).tokens
    # As the editor leaves it: the text read ahead in a pause, then Ctrl+Return.  (Against a
    # cold start the greedy text may differ: a warm start reads the prompt's last token
    # alone, and llama.cpp's numbers for a token alone differ slightly from a batch's.)
    smollm.cache.truncate(0)
    smollm.read_ahead(prompt)
    read_ahead = smollm.complete(prompt, settings)
    score_text(smollm, ENGLISH)
    assert smollm.cache.tokens == prompt
    after_scoring = smollm.complete(prompt, settings)
    assert after_scoring.stats.reused_tokens == len(prompt) - 1
    assert after_scoring.text == read_ahead.text and after_scoring.text


def test_cancel_returns_what_was_scored(smollm, monkeypatch):
    text = long_text(smollm, 700)
    cancel = threading.Event()
    read = smollm.cache.read_with_logits

    def cancel_after_a_batch(context, tokens, on_logits, cancel):
        def then_cancel(at, count):
            on_logits(at, count)
            cancel.set()

        return read(context, tokens, then_cancel, cancel)

    monkeypatch.setattr(smollm.cache, "read_with_logits", cancel_after_a_batch)
    scoring = score_text(smollm, text, cancel=cancel)
    assert scoring.cancelled
    assert 0 < len(scoring.tokens) < len(smollm.tokenize(text)) - 1
    assert_placed(text, scoring)
    cache = smollm.cache
    assert cache.last_position() == len(cache.tokens) - 1  # the batches read, no more
    monkeypatch.undo()  # cancelled before it starts: nothing read
    assert score_text(smollm, text, cancel=cancel) == Scoring((), 1, cancelled=True)


# -- the command line -------------------------------------------------------------------------


def score(model, *args, text=ENGLISH, raw: bytes | None = None):
    return subprocess.run(
        [sys.executable, "-m", "writer_app", "score", "--model", str(model), *args],
        input=raw if raw is not None else text.encode("utf-8"),
        capture_output=True,
        timeout=120,
    )


def one_line_error(result) -> str:
    assert result.returncode == 2, result.stderr
    assert result.stdout == b""
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in lines[0], lines
    return lines[0]


def test_score_json_lines_and_summary(gemma_path):
    text = f"{ENGLISH}\n{CHINESE}"
    done = score(gemma_path, "--json", "--top", "3", "--n-ctx", "256", text=text)
    assert done.returncode == 0 and done.stderr == b"", done.stderr
    lines = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    *tokens, summary = lines
    assert summary["tokens"] == len(tokens) > 0
    assert summary["perplexity"] == pytest.approx(2 ** summary["mean_surprisal_bits"], rel=1e-12)
    mean = math.fsum(t["surprisal_bits"] for t in tokens) / len(tokens)
    assert summary["mean_surprisal_bits"] == pytest.approx(mean)
    assert "".join(t["text"] for t in tokens) == text
    for token in tokens:
        assert set(token) == {"offset", "text", "surprisal_bits", "top"}
        assert text[token["offset"] :].startswith(token["text"])
        assert 1 <= len(token["top"]) <= 3 and all(set(o) == {"text", "p"} for o in token["top"])


def test_score_summary_names_the_sentences(smollm_path):
    text = f"{SENTENCE} The river rose over the road. {SENTENCE} 他没有回来。她在等。"
    done = score(smollm_path, text=text)
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode("utf-8")
    assert "perplexity" in out and "Most predictable" in out and "Most surprising" in out
    predictable = out.split("Most surprising")[0].split("Most predictable")[1]
    assert "The old ferryman" in predictable.splitlines()[1]  # its second time, word for word


def test_score_bad_input_exits_2_with_one_line(smollm_path, tmp_path):
    assert "nowhere.gguf" in one_line_error(score(tmp_path / "nowhere.gguf"))
    assert "UTF-8" in one_line_error(score(smollm_path, raw=b"caf\xe9 au lait"))
    assert "top" in one_line_error(score(smollm_path, "--top", "999"))
    assert "n-ctx" in one_line_error(score(smollm_path, "--n-ctx", "ten"))
    assert "context size" in one_line_error(score(smollm_path, "--n-ctx", "300"))
