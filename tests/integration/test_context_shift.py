"""Long chapters with the real model: when the window slides, the cache is shifted, not read
again (counted in tokens, never timed)."""

from __future__ import annotations

import random
import threading

import llama_cpp
import pytest

from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.local.cache import REFRESH_AFTER_SHIFTS
from writer_app.core.local.checkpoints import CHECKPOINT_AFTER_READ, CHECKPOINT_EVERY
from writer_app.core.local.config import EngineConfig
from writer_app.core.local.engine import LlamaCppEngine
from writer_app.core.local.reuse_plan import MAX_SEAM_TOKENS, common_prefix
from writer_app.core.prompt.assembly import assemble
from writer_app.core.prompt.story import StoryContext

GREEDY = SamplingSettings(temperature=0.0, max_tokens=8, seed=1)
WORDS = (
    "rain lamp harbour letter mother window silence bread candle river stair ship door "
    "night morning stone coat bell road sister garden"
).split()


def chapter(paragraphs: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    out = []
    for _ in range(paragraphs):
        sentences = [
            f"The {rng.choice(WORDS)} was {rng.choice(('cold', 'near', 'quiet', 'late'))} "
            f"and the {rng.choice(WORDS)} waited by the {rng.choice(WORDS)}."
            for _ in range(rng.randint(2, 4))
        ]
        out.append(" ".join(sentences))
    return "\n\n".join(out)


@pytest.fixture(scope="module")
def engine(smollm_path):
    engine = LlamaCppEngine.load(EngineConfig(smollm_path, n_ctx=1024))
    yield engine
    engine.close()


def slid(engine, text: str, max_tokens: int = 8) -> tuple[str, str]:
    """``text`` and a longer version whose window starts further on."""
    first = engine.build_prompt(text, max_tokens)
    extra = ""
    paragraph = 0
    while engine.build_prompt(text + extra, max_tokens).start_offset == first.start_offset:
        paragraph += 1
        extra += "\n\n" + chapter(1, seed=100 + paragraph)
    return text, text + extra


def cache_ends_at_last_token(engine) -> bool:
    return engine.cache.last_position() == len(engine.cached_tokens) - 1


def test_a_slid_window_reads_only_the_new_words(engine):
    short, longer = slid(engine, chapter(40))
    before = engine.build_prompt(short, 8)
    after = engine.build_prompt(longer, 8)
    assert after.start_offset > before.start_offset and before.n_tokens > 700

    cold = engine.complete(before.tokens, GREEDY)
    assert cold.stats.evaluated_tokens == before.n_tokens
    warm = engine.complete(after.tokens, GREEDY)

    new_words = len(engine.tokenize(longer[len(short) :]))
    assert warm.stats.shifted_tokens > 300
    assert warm.stats.evaluated_tokens <= new_words + MAX_SEAM_TOKENS
    assert engine.cached_tokens[: after.n_tokens] == after.tokens
    assert cache_ends_at_last_token(engine)
    assert warm.text  # the model goes on writing from the shifted cache


def test_the_memory_header_stays_and_the_story_below_it_shifts(engine):
    story = StoryContext(
        memory="A quiet novel about a lighthouse keeper and his sister, told by her."
    )
    short, longer = slid(engine, chapter(40, seed=5), max_tokens=8)

    def prompt(text):
        return assemble(story, text, engine.tokenize, n_ctx=engine.n_ctx, max_tokens=8,
                        bos=engine.bos())  # fmt: skip

    before, after = prompt(short), prompt(longer)
    header = len(engine.bos()) + before.report.part("memory").tokens
    assert after.tokens[:header] == before.tokens[:header]
    engine.complete(before.tokens, GREEDY)
    warm = engine.complete(after.tokens, GREEDY)

    assert engine.cache.last_plan.keep >= header
    assert warm.stats.shifted_tokens > 300
    assert warm.stats.evaluated_tokens <= len(engine.tokenize(longer[len(short) :])) + 16
    assert cache_ends_at_last_token(engine)


def test_a_cut_that_retokenizes_the_first_word_reads_only_the_seam(engine):
    text = chapter(22, seed=7)
    cut = text.index(" waited", len(text) // 3) + 1  # "waited" loses its leading space
    bos = engine.bos()
    whole = bos + engine.tokenize(text)
    engine.complete(whole, GREEDY)
    more = " The bell rang."
    cut_prompt = bos + engine.tokenize(text[cut:] + more)
    assert engine.tokenize(text[cut:])[0] not in engine.tokenize(text)  # a new first token

    warm = engine.complete(cut_prompt, GREEDY)
    plan = engine.cache.last_plan
    assert 1 <= plan.skipped <= MAX_SEAM_TOKENS  # the re-tokenized word is left out
    assert warm.stats.shifted_tokens > 300
    assert warm.stats.evaluated_tokens <= len(engine.tokenize(more)) + 2
    assert engine.cached_tokens[: len(cut_prompt) - plan.skipped] == plan.apply(cut_prompt)
    assert cache_ends_at_last_token(engine)


def test_a_word_inserted_mid_window_is_read_not_left_out(engine):
    """A seam may be left out only when it is cut text; an edit is what the model must see."""
    text = chapter(20, seed=23)
    engine.complete(engine.build_prompt(text, 8).tokens, GREEDY)
    at = text.index(" was", len(text) // 2)
    edited = engine.build_prompt(text[:at] + " suddenly" + text[at:], 8)

    warm = engine.complete(edited.tokens, GREEDY)
    assert engine.cache.last_plan.skipped == 0
    assert engine.cached_tokens[: edited.n_tokens] == edited.tokens  # "suddenly" was read
    assert warm.stats.evaluated_tokens >= len(engine.tokenize(text[at:]))


def test_a_model_that_cannot_shift_reads_the_window_again(engine):
    short, longer = slid(engine, chapter(40, seed=9))
    before, after = engine.build_prompt(short, 8), engine.build_prompt(longer, 8)
    engine.complete(before.tokens, GREEDY)
    engine.cache.can_shift = False
    try:
        again = engine.complete(after.tokens, GREEDY)
    finally:
        engine.cache.can_shift = True
    assert again.stats.shifted_tokens == 0
    assert again.stats.evaluated_tokens >= after.n_tokens - 8  # all but a chance prefix
    assert engine.cached_tokens[: after.n_tokens] == after.tokens


def test_a_read_ahead_leaves_the_next_suggestion_only_its_last_token_to_read(engine):
    text = chapter(30, seed=11)
    prompt = engine.build_prompt(text, 8)
    engine.cache.truncate(0)
    ahead = engine.read_ahead(prompt.tokens)
    assert not ahead.cancelled and ahead.read_tokens == prompt.n_tokens
    warm = engine.complete(prompt.tokens, GREEDY)
    assert warm.stats.evaluated_tokens == 1  # the last token, for its logits


def test_a_cancelled_read_ahead_keeps_the_batches_it_read_and_the_request_reuses_them(engine):

    text = chapter(40, seed=13)
    prompt = engine.build_prompt(text, 8)
    assert prompt.n_tokens > engine.config.n_batch
    engine.cache.truncate(0)
    cancel = threading.Event()
    progress: list[int] = []

    def on_progress(cached: int) -> None:
        progress.append(cached)
        cancel.set()  # the writer pressed Ctrl+Return during the second batch

    ahead = engine.read_ahead(prompt.tokens, cancel=cancel, on_progress=on_progress)
    assert ahead.cancelled and ahead.cached_tokens == engine.config.n_batch == progress[0]
    assert cache_ends_at_last_token(engine)

    warm = engine.complete(prompt.tokens, GREEDY)
    assert warm.stats.reused_tokens == engine.config.n_batch
    assert warm.stats.evaluated_tokens == prompt.n_tokens - engine.config.n_batch


def test_after_several_shifts_a_read_ahead_reads_the_window_afresh(engine):
    text = chapter(40, seed=17)
    engine.complete(engine.build_prompt(text, 8).tokens, GREEDY)
    for step in range(REFRESH_AFTER_SHIFTS):
        _, text = slid(engine, text)
        shifted = engine.complete(engine.build_prompt(text, 8).tokens, GREEDY)
        assert shifted.stats.shifted_tokens > 0, step
    prompt = engine.build_prompt(text, 8)
    ahead = engine.read_ahead(prompt.tokens)
    assert ahead.refreshed and ahead.read_tokens == prompt.n_tokens
    assert engine.cache.shifts_since_fresh == 0


@pytest.fixture(scope="module")
def gemma(gemma_path):
    engine = LlamaCppEngine.load(EngineConfig(gemma_path, n_ctx=2048))
    yield engine
    engine.close()


def test_a_sliding_window_model_shifts_too(gemma):
    """Gemma 3 interleaves sliding-window layers.  The app keeps their cache small (llama.cpp
    then says the cache cannot shift) and shifts it all the same: the window layers only
    attend to the last positions, which the shift keeps."""
    memory = llama_cpp.llama_get_memory(gemma._llm.ctx)
    assert not llama_cpp.llama_memory_can_shift(memory)  # the small window cache
    assert gemma.cache.can_shift and not gemma.load_note
    gemma.cache.truncate(0)
    short, longer = slid(gemma, chapter(90, seed=19))
    before, after = gemma.build_prompt(short, 8), gemma.build_prompt(longer, 8)
    assert before.tokens[0] == after.tokens[0] == gemma.bos()[0]
    gemma.complete(before.tokens, GREEDY)
    warm = gemma.complete(after.tokens, GREEDY)
    assert warm.stats.shifted_tokens > 300
    assert warm.stats.evaluated_tokens <= len(gemma.tokenize(longer[len(short) :])) + 16
    assert cache_ends_at_last_token(gemma)
    assert warm.text.strip()


def test_an_edit_further_back_than_the_window_goes_back_to_a_checkpoint(gemma, gemma_path):
    """The small window cache has forgotten the positions before an edit a long way up;
    the newest checkpoint before it is loaded and only the text after it read, giving the
    same words as reading the prompt anew in the same batches (greedy text depends on the
    batch split: docs/stack-facts.md#greedy-text-depends-on-batching)."""
    text = chapter(90, seed=29)
    prompt = gemma.build_prompt(text, 8)
    assert prompt.n_tokens > 1600
    gemma.cache.truncate(0)
    gemma.complete(prompt.tokens, GREEDY)
    memory = llama_cpp.llama_get_memory(gemma._llm.ctx)
    assert llama_cpp.llama_memory_seq_pos_min(memory, 0) > 600  # the window cache forgot
    at = text.index(" was", len(prompt.text) // 3 + prompt.start_offset)
    edited = gemma.build_prompt(text[:at] + " suddenly" + text[at:], 8)
    edit_at = common_prefix(prompt.tokens, edited.tokens)
    assert 600 < edit_at < edited.n_tokens - 1000

    warm = gemma.complete(edited.tokens, GREEDY)
    batch = gemma.config.n_batch  # a checkpoint after each batch read (>= CHECKPOINT_EVERY)
    assert batch >= CHECKPOINT_EVERY
    assert warm.stats.reused_tokens == batch * (edit_at // batch)
    assert warm.stats.evaluated_tokens == edited.n_tokens - warm.stats.reused_tokens

    fresh = LlamaCppEngine.load(EngineConfig(gemma_path, n_ctx=2048))
    try:
        fresh.cache.bring_to(edited.tokens[: warm.stats.reused_tokens])
        assert fresh.complete(edited.tokens, GREEDY).tokens == warm.tokens
    finally:
        fresh.close()


def test_without_a_checkpoint_a_sliding_window_model_reads_the_prompt_anew(gemma):
    text = chapter(90, seed=31)
    prompt = gemma.build_prompt(text, 8)
    gemma.cache.truncate(0)
    gemma.complete(prompt.tokens, GREEDY)
    gemma.cache._checkpoints.clear()
    at = text.index(" was", len(prompt.text) // 3 + prompt.start_offset)
    edited = gemma.build_prompt(text[:at] + " suddenly" + text[at:], 8)

    again = gemma.complete(edited.tokens, GREEDY)
    assert again.stats.evaluated_tokens == edited.n_tokens
    assert gemma.cached_tokens[: edited.n_tokens] == edited.tokens


def test_checkpoints_are_bounded_in_number_and_memory(gemma, monkeypatch):
    import writer_app.core.local.checkpoints as model_cache

    prompt = gemma.build_prompt(chapter(90, seed=37), 8).tokens
    monkeypatch.setattr(model_cache, "MAX_CHECKPOINTS", 2)
    gemma.cache.truncate(0)
    gemma.cache.bring_to(prompt)
    kept = gemma.cache._checkpoints
    every = list(range(gemma.config.n_batch, len(prompt), gemma.config.n_batch))
    if len(prompt) - every[-1] >= CHECKPOINT_AFTER_READ:  # and one where the read ended
        every.append(len(prompt))
    assert [c.length for c in kept] == every[-2:]  # the newest two

    monkeypatch.setattr(model_cache, "MAX_CHECKPOINT_BYTES", 1024)  # under any one of them
    gemma.cache.truncate(0)
    gemma.cache.bring_to(prompt)
    assert gemma.cache._checkpoints == []  # one alone would be over the limit
