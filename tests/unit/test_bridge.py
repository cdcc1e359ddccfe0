"""What a mid-chapter suggestion must lead into, and the order its candidates are offered in
(core.drafting.bridge)."""

from __future__ import annotations

import math

from writer_app.core.drafting.bridge import FOLLOWING_CHARS, Ranking, following_text


def test_the_next_two_sentences_with_the_paragraph_break_before_them():
    after = "\n\nShe ran. The gate was open! Nobody saw her go. Later, it rained."
    assert following_text(after) == "\n\nShe ran. The gate was open!"


def test_chinese_sentences_end_at_full_width_marks():
    assert following_text("她跑了。门开着！没有人看见她。") == "她跑了。门开着！"


def test_a_sentence_left_open_is_taken_as_far_as_it_goes():
    assert following_text(" and then she ran  \n") == " and then she ran"
    long = " word" * 200
    assert len(following_text(long)) <= FOLLOWING_CHARS


def test_only_blank_space_after_the_cursor_is_nothing_to_lead_into():
    assert following_text("") == following_text(" \n\n\t") == ""


def test_the_best_lead_in_comes_first_and_ties_keep_their_order():
    ranking = Ranking((30.5, 12.0, math.inf, 12.0))
    assert ranking.order == (1, 3, 0, 2)
    assert ranking.best == 1
    assert [ranking.rank_of(i) for i in range(4)] == [3, 1, 4, 2]
