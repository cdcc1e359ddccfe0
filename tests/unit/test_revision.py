"""What a revision asks the model (core.drafting.revision), without a model: the request in
the passage's language, the story notes and the text around it, a prompt that fits, and the
answer's blank space trimmed."""

from __future__ import annotations

import pytest

from writer_app.core.drafting.revision import (
    BASE_STOP,
    Revision,
    RevisionAction,
    RevisionError,
    Trimmer,
    base_prompt,
    chat_messages,
    fit_revision,
    instruction_for,
    revision_max_tokens,
    revision_settings,
)
from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.drafting.stops import STOP_AT_LENGTH, STOP_AT_SENTENCE
from writer_app.core.prompt.story import LoreEntry, StoryContext

PASSAGE = "She opened the door and went in."
STORY = StoryContext(
    memory="A ghost story set in Cornwall.",
    lore=(
        LoreEntry(name="Ada", keywords=("Ada",), text="Ada is the keeper's daughter."),
        LoreEntry(name="Tom", keywords=("Tom",), text="Tom drowned in 1911."),
    ),
)


def test_each_action_says_what_it_wants_in_english():
    told = {a: instruction_for(Revision(a, PASSAGE, "menacing")) for a in RevisionAction}
    assert "shorter" in told[RevisionAction.SHORTEN]
    assert "Expand" in told[RevisionAction.EXPAND]
    assert "sensory" in told[RevisionAction.DESCRIBE]
    assert "menacing tone" in told[RevisionAction.TONE]
    assert len(set(told.values())) == len(told)


def test_a_chinese_passage_is_asked_for_in_chinese():
    revision = Revision(RevisionAction.TONE, "她推开门走了进去。", "阴森")
    assert instruction_for(revision) == "用阴森的语气改写这段文字，情节和叙述视角不变。"
    system, user = chat_messages(revision, StoryContext())
    assert system[0] == "system" and "编辑" in system[1]
    assert "要修改的段落：\n她推开门走了进去。" in user[1]


def test_the_writers_own_words_are_the_request_or_added_to_it():
    asked = instruction_for(Revision(RevisionAction.REWRITE, PASSAGE, "make her angrier"))
    assert asked == "Revise the passage as the writer asks: make her angrier"
    added = instruction_for(Revision(RevisionAction.SHORTEN, PASSAGE, "keep the door"))
    assert added.startswith("Make the passage shorter") and added.endswith("keep the door")


def test_the_messages_carry_notes_context_passage_and_request_in_order():
    revision = Revision(
        RevisionAction.REWRITE, PASSAGE, before="Ada came up the path.", after="It was dark."
    )
    (role, system), (user_role, user) = chat_messages(revision, STORY)
    assert (role, user_role) == ("system", "user")
    order = [
        user.index("A ghost story set in Cornwall."),
        user.index("Ada is the keeper's daughter."),  # mentioned just before the passage
        user.index("…Ada came up the path."),
        user.index(PASSAGE),
        user.index("It was dark.…"),
        user.index("Rewrite the passage"),
    ]
    assert order == sorted(order)
    assert "Tom drowned" not in user  # not mentioned: not sent


def test_the_base_prompt_shows_examples_then_asks():
    prompt = base_prompt(Revision(RevisionAction.SHORTEN, PASSAGE, before="Ada ran."), STORY)
    assert prompt.count(BASE_STOP) == 3  # two examples and the request, each opened by it
    told = instruction_for(Revision(RevisionAction.SHORTEN, PASSAGE))
    assert prompt.endswith(f"Passage: {PASSAGE}\nInstruction: {told}\nRevision:")
    assert "Ada is the keeper's daughter." in prompt and "…Ada ran." in prompt
    chinese = base_prompt(Revision(RevisionAction.REWRITE, "她走了。"), StoryContext())
    told = "用新的措辞改写这段文字，保留原意和叙述视角。"
    assert chinese.endswith(f"原文：她走了。\n要求：{told}\n修改：")


def test_a_prompt_too_long_loses_the_text_after_then_before_then_says_why():
    revision = Revision(RevisionAction.REWRITE, PASSAGE, before="b" * 1000, after="a" * 300)

    def render(r):  # a token per character
        return list(r.before + r.passage + r.after)

    fitted, tokens = fit_revision(revision, render, budget=len(PASSAGE) + 200)
    assert fitted.after == "" and 0 < len(fitted.before) <= 200
    assert fitted.before == revision.before[-len(fitted.before) :]
    assert len(tokens) <= len(PASSAGE) + 200
    with pytest.raises(RevisionError, match="too long to revise"):
        fit_revision(revision, render, budget=len(PASSAGE) - 1)


def test_the_answer_may_be_as_long_as_the_action_needs():
    assert (
        revision_max_tokens(RevisionAction.SHORTEN, 100)
        < revision_max_tokens(RevisionAction.REWRITE, 100)
        < revision_max_tokens(RevisionAction.EXPAND, 100)
    )
    assert revision_max_tokens(RevisionAction.EXPAND, 10_000) == 1024
    settings = revision_settings(
        SamplingSettings(stop_at=STOP_AT_SENTENCE, stop_strings=("\n\n",), seed=3),
        RevisionAction.REWRITE,
        40,
    )
    assert settings.stop_at == STOP_AT_LENGTH
    assert settings.stop_strings == ("\n\n", BASE_STOP)
    assert settings.seed == 3
    settings.validated()


def test_nothing_to_revise_and_a_tone_not_named_are_refused():
    with pytest.raises(RevisionError, match="select a passage"):
        Revision(RevisionAction.REWRITE, "  \n").validated()
    with pytest.raises(RevisionError, match="which tone"):
        Revision(RevisionAction.TONE, PASSAGE).validated()


def test_the_answers_blank_space_is_trimmed_as_it_streams():
    trimmer = Trimmer()
    shown = [trimmer.feed(piece) for piece in ("\n", "  Rain", " fell", ".  ", "\n", "It")]
    assert shown == ["", "Rain", " fell", ".", "", "  \nIt"]
    assert trimmer.feed("\n\n") == ""
    assert trimmer.text == "Rain fell.  \nIt"
    going_on = Trimmer(started=True)
    assert going_on.feed(" on") == " on"
