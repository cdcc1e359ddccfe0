"""Planning cache reuse in token space: prefix, a slid window, a changed seam."""

from __future__ import annotations

from writer_app.core.local.reuse_plan import MIN_SHIFT_TOKENS, LeftOut, ReusePlan, plan_reuse

HEADER = list(range(1000, 1010))  # BOS, memory and lore: never cut
STORY = list(range(1, 401))
# Token 122 is " stone"; cutting the text before "stone" tokenizes it as "st" + "one".
PIECES = {122: b" stone", 7777: b"st", 7778: b"one", 7779: b" suddenly"}


def text_of(tokens):
    return b"".join(PIECES.get(token, b" w%d" % token) for token in tokens)


def test_writing_forward_keeps_the_whole_prefix():
    cached = HEADER + STORY
    prompt = cached + [7, 8, 9]
    assert plan_reuse(cached, prompt) == ReusePlan(len(cached))


def test_the_last_prompt_token_is_always_read_again():
    cached = HEADER + STORY
    assert plan_reuse(cached, cached).keep == len(cached) - 1


def test_a_slid_window_keeps_the_header_and_shifts_the_rest_of_the_story():
    cached = HEADER + STORY
    prompt = HEADER + STORY[120:] + [5000, 5001]
    plan = plan_reuse(cached, prompt)
    assert plan.keep == len(HEADER) and plan.skipped == 0
    assert plan.run_from == len(HEADER) + 120 and plan.run_length == len(STORY) - 120
    assert plan.shift == -120
    assert plan.reused == len(prompt) - 2  # only the new words are read
    assert plan.apply(prompt) == prompt


def test_a_changed_seam_is_left_out_and_the_run_after_it_shifted():
    cached = HEADER + STORY
    # cutting mid-sentence re-tokenized the first kept word: two tokens differ
    prompt = HEADER + [7777, 7778] + STORY[122:] + [5000]
    plan = plan_reuse(cached, prompt, text_of=text_of)
    assert plan.keep == len(HEADER) and plan.skipped == 2
    assert plan.run_from == len(HEADER) + 122 and plan.shift == -122
    read = plan.apply(prompt)
    assert read == HEADER + STORY[122:] + [5000]
    assert plan.reused == len(read) - 1  # only the new token is read


def test_after_a_seam_was_left_out_the_next_append_reads_only_the_new_words():
    prompt = HEADER + [7777, 7778] + STORY[122:] + [5000]
    cached = plan_reuse(HEADER + STORY, prompt, text_of=text_of).apply(prompt)
    seam = LeftOut(len(HEADER), (7777, 7778))
    appended = prompt + [5001, 5002, 5003]  # the window did not move: the seam is still there
    view = seam.remove_from(appended, cached)
    assert view == cached + [5001, 5002, 5003]
    assert plan_reuse(cached, view, text_of=text_of).reused == len(cached)
    # without it, only the header would match
    assert plan_reuse(cached, appended, text_of=text_of).keep == len(HEADER)


def test_a_left_out_seam_no_longer_applies_once_the_window_moves_or_the_header_changes():
    cached = HEADER + STORY[122:]
    seam = LeftOut(len(HEADER), (7777, 7778))
    moved = HEADER + STORY[200:]  # the window moved on: another first sentence
    assert seam.remove_from(moved, cached) is None
    new_header = [999, *HEADER[1:]] + [7777, 7778] + STORY[122:]
    assert seam.remove_from(new_header, cached) is None


def test_a_front_cut_with_no_header_shifts_from_position_zero():
    plan = plan_reuse(STORY, STORY[200:] + [1])
    assert plan.keep == 0 and plan.run_from == 200 and plan.shift == -200


def test_a_short_run_is_not_worth_a_shift():
    cached = HEADER + STORY
    prompt = HEADER + STORY[-(MIN_SHIFT_TOKENS - 2) :] + [1, 2, 3]
    assert plan_reuse(cached, prompt).shifted == 0


def test_a_cache_that_cannot_shift_keeps_only_the_prefix():
    cached = HEADER + STORY
    prompt = HEADER + STORY[120:] + [5000]
    assert plan_reuse(cached, prompt, can_shift=False) == ReusePlan(len(HEADER))


def test_an_unrelated_prompt_reuses_nothing():
    assert plan_reuse(STORY, list(range(9000, 9500))) == ReusePlan(0)


def test_without_a_way_to_read_tokens_no_seam_is_left_out():
    prompt = HEADER + [7777, 7778] + STORY[122:] + [5000]
    assert plan_reuse(HEADER + STORY, prompt) == ReusePlan(len(HEADER))


def test_a_word_inserted_in_the_window_is_read_not_left_out():
    cached = HEADER + STORY
    prompt = HEADER + STORY[:300] + [7779] + STORY[300:] + [5000]
    plan = plan_reuse(cached, prompt, text_of=text_of)
    assert plan == ReusePlan(len(HEADER) + 300)
    assert plan.apply(prompt) == prompt


def test_a_word_replaced_in_the_window_is_read_not_left_out():
    cached = HEADER + STORY
    prompt = HEADER + STORY[:200] + [7779] + STORY[201:] + [5000]
    plan = plan_reuse(cached, prompt, text_of=text_of)
    assert plan == ReusePlan(len(HEADER) + 200)


def test_a_deleted_passage_shifts_the_text_after_it_back():
    cached = HEADER + STORY
    prompt = HEADER + STORY[:100] + STORY[160:] + [5000]
    plan = plan_reuse(cached, prompt, text_of=text_of)
    assert plan.keep == len(HEADER) + 100 and plan.shift == -60 and plan.skipped == 0
    assert plan.apply(prompt) == prompt
