"""Prompt assembly with a story context, measured in the real tokenizer of the test model."""

from __future__ import annotations

import pytest

from writer_app.core.local.reuse_plan import common_prefix as shared_prefix
from writer_app.core.prompt.assembly import assemble
from writer_app.core.prompt.story import LoreEntry, StoryContext

MEMORY = "A quiet mystery told by Mara, a lighthouse keeper, in the first person, past tense."
LIGHTHOUSE = LoreEntry("The lighthouse", ("lighthouse",), "The lighthouse has 112 steps.")
ANN = LoreEntry("Ann", ("Ann",), "Ann is Mara's sister; she distrusts the sea.", priority=2)
SHANGHAI = LoreEntry("上海", ("外滩",), "外滩的钟楼每到整点就敲响。", priority=1)


def paragraphs(count: int, start: int = 0) -> str:
    return "".join(
        f"Paragraph {i}: the fog came in over the water and the keeper climbed again.\n\n"
        for i in range(start, start + count)
    )


def build(engine, story: StoryContext, text: str, n_ctx: int = 2048, max_tokens: int = 64):
    return assemble(
        story, text, engine.tokenize, n_ctx=n_ctx, max_tokens=max_tokens, bos=engine.bos()
    )


def test_order_is_memory_lore_scene_break_story_with_the_note_three_paragraphs_back(smollm):
    story = StoryContext(memory=MEMORY, authors_note="Keep it eerie.", lore=(LIGHTHOUSE, ANN))
    text = paragraphs(5) + "Ann climbed the lighthouse and"
    prompt = build(smollm, story, text)
    sent = prompt.text
    order = [sent.index(s) for s in (MEMORY, ANN.text, LIGHTHOUSE.text, "***", "Paragraph 0")]
    assert order == sorted(order)  # Ann (priority 2) before the lighthouse (0)
    note = sent.index("[Author's note: Keep it eerie.]")
    # before the third paragraph from the end (the cursor's paragraph counts as the first)
    assert sent.index("Paragraph 2:") < note < sent.index("Paragraph 3:")
    assert sent.endswith("Ann climbed the lighthouse and")
    assert prompt.tokens[: len(smollm.bos())] == smollm.bos()


def test_report_adds_up_to_the_tokens_sent_and_the_context(smollm):
    story = StoryContext(memory=MEMORY, authors_note="Keep it eerie.", lore=(LIGHTHOUSE,))
    prompt = build(smollm, story, paragraphs(8) + "The lighthouse", n_ctx=2048, max_tokens=80)
    report = prompt.report
    used = sum(p.tokens for p in report.parts if p.kind not in ("continuation", "free"))
    assert used == len(prompt.tokens) - len(smollm.bos())
    assert sum(p.tokens for p in report.parts) == 2048 - len(smollm.bos())
    assert report.part("memory").tokens == len(smollm.tokenize(MEMORY + "\n\n"))
    assert report.part("continuation").tokens == 80
    assert report.lore_used == ("The lighthouse",)


def test_lore_triggers_on_whole_english_words_and_chinese_without_spaces(smollm):
    story = StoryContext(lore=(ANN, SHANGHAI))
    assert build(smollm, story, "The annual fair began.").report.lore_used == ()
    assert build(smollm, story, "Then ann said nothing.").report.lore_used == ("Ann",)
    chinese = build(smollm, story, "她沿着外滩慢慢地走，雾很浓。")
    assert chinese.report.lore_used == ("上海",)
    assert SHANGHAI.text in chinese.text


def test_lore_only_triggers_from_the_recent_window_and_respects_the_cap(smollm):
    story = StoryContext(lore=(LIGHTHOUSE, ANN, SHANGHAI), scan_chars=200, lore_cap=1)
    old_mention = "Ann left. " + "Nothing happened for a while. " * 30
    assert build(smollm, story, old_mention).report.lore_used == ()
    both = build(smollm, story, "Ann stood by the lighthouse.")
    assert both.report.lore_used == ("Ann",)  # the cap keeps the highest priority


def test_story_is_trimmed_first_in_whole_paragraphs(smollm):
    story = StoryContext(memory=MEMORY, lore=(LIGHTHOUSE,))
    text = paragraphs(200) + "The lighthouse"
    prompt = build(smollm, story, text, n_ctx=512, max_tokens=64)
    assert len(prompt.tokens) <= 512 - 64
    assert prompt.report.story_trimmed_chars > 0
    assert text[prompt.start_offset - 1] == "\n"  # the window starts on a paragraph
    assert prompt.report.lore_used == ("The lighthouse",) and not prompt.report.lore_dropped
    assert prompt.report.memory_trimmed_chars == 0


def test_then_lore_by_priority_then_memory(smollm):
    big = "The keeper's log records every ship that passed, its flag and its cargo. " * 12
    low = LoreEntry("Log", ("lighthouse",), big, priority=0)
    high = LoreEntry("Ann", ("lighthouse",), big, priority=5)
    story = StoryContext(memory=MEMORY, lore=(low, high))
    prompt = build(smollm, story, "At the lighthouse", n_ctx=512, max_tokens=64)
    assert prompt.report.lore_used == ("Ann",) and prompt.report.lore_dropped == ("Log",)
    assert prompt.report.memory_trimmed_chars == 0
    assert len(prompt.tokens) <= 512 - 64

    huge_memory = StoryContext(memory=big * 3, lore=(low,))
    prompt = build(smollm, huge_memory, "At the lighthouse", n_ctx=512, max_tokens=64)
    assert prompt.report.lore_dropped == ("Log",)
    assert prompt.report.memory_trimmed_chars > 0
    assert prompt.text.endswith("At the lighthouse")
    assert len(prompt.tokens) <= 512 - 64


@pytest.mark.parametrize("note", ["", "Keep it eerie."])
def test_typing_forward_keeps_the_prefix(smollm, note):
    story = StoryContext(memory=MEMORY, authors_note=note, lore=(LIGHTHOUSE,))
    text = paragraphs(6) + "She climbed the lighthouse"
    first = build(smollm, story, text).tokens
    second = build(smollm, story, text + " stairs slowly, counting").tokens
    # everything up to the last few words is shared: only the new words are read again
    assert shared_prefix(first, second) >= len(first) - 2

    new_paragraph = build(smollm, story, text + " stairs.\n\nAt the top").tokens
    note_at = len(first) if not note else _tokens_before_note(smollm, story, text)
    assert shared_prefix(first, new_paragraph) >= note_at - 2


def _tokens_before_note(engine, story: StoryContext, text: str) -> int:
    prompt = build(engine, story, text)
    before = 0
    for part in prompt.report.parts:
        if part.kind == "note":
            return len(engine.bos()) + before
        before += part.tokens
    raise AssertionError("no note in the prompt")


def test_empty_story_and_empty_text(smollm):
    prompt = build(smollm, StoryContext(), "")
    assert prompt.tokens == smollm.bos()
    only_memory = build(smollm, StoryContext(memory=MEMORY), "")
    assert only_memory.text.startswith(MEMORY) and only_memory.text.endswith("***\n\n")


def test_writing_forward_with_a_full_story_panel_reads_only_the_new_words(smollm):
    from writer_app.core.drafting.sampling import SamplingSettings

    story = StoryContext(
        memory=MEMORY, authors_note="Keep it eerie.", lore=(LIGHTHOUSE, ANN, SHANGHAI)
    )
    settings = SamplingSettings(temperature=0.0, max_tokens=8, seed=1)
    text = paragraphs(30) + "Ann looked up at the lighthouse"
    first = build(smollm, story, text)
    smollm.complete(first.tokens, settings)
    typed = text + " and counted the windows"
    second = build(smollm, story, typed)
    stats = smollm.complete(second.tokens, settings).stats
    new_words = len(smollm.tokenize(" and counted the windows"))
    assert stats.prompt_tokens > 400
    assert stats.evaluated_tokens <= new_words + 3  # the seam word and the last token
