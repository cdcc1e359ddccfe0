"""Window placement with a word tokenizer (the real tokenizer is used in integration tests)."""

from __future__ import annotations

import re

from writer_app.core.prompt.window import budget_for, build_prompt


def words(text: str) -> list[int]:
    return [hash(w) & 0xFFFF for w in re.findall(r"\S+|\s+", text)]


def story(paragraphs: int) -> str:
    return "".join(
        f"Paragraph {i} has a handful of plain words in it.\n" for i in range(paragraphs)
    )


def test_short_text_is_sent_whole():
    text = story(3)
    prompt = build_prompt(text, words, budget=1000, bos=[1])
    assert prompt.text == text and prompt.tokens[0] == 1 and prompt.start_offset == 0


def test_long_text_window_starts_on_a_paragraph_and_fits_the_budget():
    text = story(400)
    prompt = build_prompt(text, words, budget=500)
    assert len(prompt.tokens) <= 500
    assert text[prompt.start_offset - 1] == "\n"
    assert prompt.text.startswith("Paragraph ")
    assert text.endswith(prompt.text)


def test_window_start_stays_put_while_the_writer_types_forward():
    text = story(400)
    starts = set()
    for extra in range(0, 120, 3):
        typed = text + "And then she wrote more words " * (extra // 10) + "x" * (extra % 10)
        starts.add(build_prompt(typed, words, budget=500).start_offset)
    # Over ~400 typed words the window moved at most a couple of times, in big steps.
    assert len(starts) <= 3
    ordered = sorted(starts)
    assert all(b - a >= 256 for a, b in zip(ordered, ordered[1:], strict=False))


def test_sending_only_the_tail_gives_the_same_window_as_the_whole_text():
    text = story(400)
    whole = build_prompt(text, words, budget=500)
    tail_offset = len(text) - 9000
    tail = build_prompt(text[tail_offset:], words, budget=500, text_offset=tail_offset)
    assert tail.start_offset == whole.start_offset and tail.tokens == whole.tokens


def test_budget_leaves_room_for_the_continuation():
    assert budget_for(4096, 256) == 4096 - 256 - 8


def han(text: str) -> list[int]:
    """Two tokens per Han character, as a small English-first vocabulary reads Chinese."""
    return [ord(c) * 2 + half for c in text for half in (0, 1)]


def test_a_chinese_window_moves_in_small_steps_and_keeps_most_of_its_story():
    paragraph = "灯塔看守人的女儿望着海面，很久没有说话。风从北边吹来，远处传来钟声。\n"
    text = paragraph * 80
    room = 900
    windows = [build_prompt(text[: len(text) - cut], han, budget=room) for cut in range(0, 400, 7)]
    assert all(room // 2 < len(w.tokens) <= room for w in windows)  # never a near-empty window
    starts = sorted({w.start_offset for w in windows})
    assert len(starts) > 1
    assert all(b - a <= room // 4 for a, b in zip(starts, starts[1:], strict=False))
