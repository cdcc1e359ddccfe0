"""Revising a passage the writer selected: what the model is asked, in which words, and how
its answer becomes the text that replaces the selection.

Shared by every engine and the command line; no llama.cpp here.  An engine turns a
``Revision`` into its own prompt: an instruct model (a chat template in its GGUF) gets
``chat_messages``, applied by llama.cpp with the model's own template; a base model gets
``base_prompt``, a few-shot completion written for prose; a server gets both, the messages
for its chat endpoint and the text for its completions endpoint when it has no chat.

Decisions where the writer is not asked:

- **The language of the request** follows the passage: a passage with Chinese in it is asked
  for in Chinese (a model answers in the language it is spoken to), any other in English.
- **Story context**: the memory and the lore entries the passage (or the text just before it)
  mentions go first; then up to ``BEFORE_CHARS`` of the text before the passage and
  ``AFTER_CHARS`` after it, cut back (before first) until the prompt fits the context.
- **Length**: a shortening may write as many tokens as the passage has, a rewrite about
  twice, an expansion or a description three times (``revision_max_tokens``), within the
  editor's own limits.  A revision ends when the model ends its answer (its end-of-turn
  token), at ``BASE_STOP`` on the few-shot prompt's next example, or at that length; never at
  a sentence or paragraph end.
- **Whitespace**: the answer's leading and trailing blank space is dropped (``Trimmer``),
  so the revision slots where the selection was.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from writer_app.core.drafting.sampling import MAX_TOKENS_RANGE, SamplingSettings
from writer_app.core.drafting.stops import STOP_AT_LENGTH
from writer_app.core.prompt.story import StoryContext
from writer_app.core.text import sentence
from writer_app.core.text.scripts import has_dense

BEFORE_CHARS = 1200  # of the text before the passage, at most
AFTER_CHARS = 400  # of the text after it
BASE_STOP = "###"  # the few-shot prompt's separator: the model is starting another example


class RevisionAction(enum.Enum):
    REWRITE = "rewrite"
    SHORTEN = "shorten"
    EXPAND = "expand"
    DESCRIBE = "describe"  # more sensory detail
    TONE = "tone"  # in the tone the instruction names


ACTIONS = tuple(action.value for action in RevisionAction)


class RevisionError(ValueError):
    """A revision that cannot be asked for; the message says why in one sentence."""


@dataclass(frozen=True)
class Revision:
    """One request to revise ``passage``.  ``instruction`` is the tone for TONE and, for the
    other actions, what the writer asked in their own words ("make her angrier")."""

    action: RevisionAction
    passage: str
    instruction: str = ""
    before: str = ""  # the manuscript just before the passage (its tail is used)
    after: str = ""  # and just after it (its head)

    def validated(self) -> Revision:
        if not self.passage.strip():
            raise RevisionError(
                sentence.translate("Revision", "there is no text to revise: select a passage")
            )
        if self.action is RevisionAction.TONE and not self.instruction.strip():
            raise RevisionError(
                sentence.translate("Revision", "say which tone the passage should take")
            )
        return self

    @property
    def chinese(self) -> bool:
        return has_dense(self.passage)

    def with_context(self, before_chars: int, after_chars: int) -> Revision:
        """The same request with at most so many characters of the text around it."""
        before = self.before[len(self.before) - before_chars :] if before_chars else ""
        return replace(self, before=before, after=self.after[:after_chars])


# -- what the model is told ------------------------------------------------------------------

_ENGLISH = {
    RevisionAction.REWRITE: "Rewrite the passage in fresh words. Keep its meaning, its point of "
    "view and its tense.",
    RevisionAction.SHORTEN: "Make the passage shorter and tighter. Keep what matters, its point "
    "of view and its tense.",
    RevisionAction.EXPAND: "Expand the passage: add action, dialogue or thought that fits, in "
    "the same voice, point of view and tense.",
    RevisionAction.DESCRIBE: "Rewrite the passage with more sensory detail: what is seen, heard, "
    "smelled and felt. Keep what happens, the point of view and the tense.",
    RevisionAction.TONE: "Rewrite the passage in a {tone} tone. Keep what happens, the point of "
    "view and the tense.",
}
_CHINESE = {
    RevisionAction.REWRITE: "用新的措辞改写这段文字，保留原意和叙述视角。",
    RevisionAction.SHORTEN: "把这段文字改得更短、更精炼，保留要点和叙述视角。",
    RevisionAction.EXPAND: "扩写这段文字：加入合适的动作、对话或心理描写，文风和叙述视角不变。",
    RevisionAction.DESCRIBE: "改写这段文字，加入更多感官细节（所见、所闻、所嗅、所感），"
    "情节和叙述视角不变。",
    RevisionAction.TONE: "用{tone}的语气改写这段文字，情节和叙述视角不变。",
}
_SYSTEM = (
    "You are an editor helping a novelist revise a draft. Reply with the revised passage only: "
    "no title, no notes, no quotation marks around it."
)
_SYSTEM_ZH = (
    "你是一位帮助小说作者修改草稿的编辑。只回复修改后的段落，不要标题、说明，也不要给段落加引号。"
)
_LABELS = {
    "notes": ("Story notes:", "故事设定："),
    "before": ("The text before the passage:", "这段之前的文字："),
    "passage": ("The passage:", "要修改的段落："),
    "after": ("The text after the passage:", "这段之后的文字："),
    "also": ("The writer also asks: {instruction}", "作者还要求：{instruction}"),
    "asked": (
        "Revise the passage as the writer asks: {instruction}",
        "按作者的要求修改这段文字：{instruction}",
    ),
}


def instruction_for(revision: Revision) -> str:
    """What the model is asked to do, in the passage's language."""
    table = _CHINESE if revision.chinese else _ENGLISH
    wish = revision.instruction.strip()
    if revision.action is RevisionAction.TONE:
        return table[RevisionAction.TONE].format(tone=wish)
    if wish and revision.action is RevisionAction.REWRITE:
        return _label(revision, "asked").format(instruction=wish)
    told = table[revision.action]
    return f"{told} {_label(revision, 'also').format(instruction=wish)}" if wish else told


def _label(revision: Revision, key: str) -> str:
    english, chinese = _LABELS[key]
    return chinese if revision.chinese else english


def story_notes(revision: Revision, story: StoryContext) -> str:
    """The memory, then the lore entries that the passage or the text before it mentions."""
    mentioned = story.triggered_lore(revision.before[-story.scan_chars :] + revision.passage)
    parts = [story.memory.strip(), *(entry.text.strip() for entry in mentioned)]
    return "\n".join(part for part in parts if part)


def chat_messages(revision: Revision, story: StoryContext) -> list[tuple[str, str]]:
    """(role, content) pairs for an instruct model's chat template or a chat endpoint."""
    blocks = []
    if notes := story_notes(revision, story):
        blocks.append(f"{_label(revision, 'notes')}\n{notes}")
    if revision.before.strip():
        blocks.append(f"{_label(revision, 'before')}\n…{revision.before.lstrip()}")
    blocks.append(f"{_label(revision, 'passage')}\n{revision.passage.strip()}")
    if revision.after.strip():
        blocks.append(f"{_label(revision, 'after')}\n{revision.after.rstrip()}…")
    blocks.append(instruction_for(revision))
    system = _SYSTEM_ZH if revision.chinese else _SYSTEM
    return [("system", system), ("user", "\n\n".join(blocks))]


# The few-shot examples for a base model: short, plain, and written for this prompt.
_EXAMPLES_EN = (
    (
        "The door opened and a man came in. He was tall. He looked around the room and then he "
        "sat down at the table that was near the window.",
        RevisionAction.SHORTEN,
        "A tall man came in, looked around and took the table by the window.",
    ),
    (
        "She was sad when she read the letter.",
        RevisionAction.DESCRIBE,
        "She read the letter twice at the cold kitchen window, the paper trembling in her "
        "fingers, the smell of burnt coffee thick in the air, until the words blurred.",
    ),
)
_EXAMPLES_ZH = (
    (
        "门开了，一个男人走了进来。他个子很高。他看了看房间四周，然后在靠窗的那张桌子旁坐了下来。",
        RevisionAction.SHORTEN,
        "一个高个子男人进门，扫了一眼屋子，在窗边坐下。",
    ),
    (
        "她读完信，很难过。",
        RevisionAction.DESCRIBE,
        "她站在冰冷的厨房窗前把信读了两遍，信纸在指间发抖，空气里满是煮焦的咖啡味，字迹渐渐模糊了。",
    ),
)
_BASE_HEAD = ("An editor's revisions of passages from novels.", "编辑对小说段落的修改。")
_BASE_FIELDS = (
    ("Passage:", "Instruction:", "Revision:", "Before it:", "Story notes:"),
    ("原文：", "要求：", "修改：", "前文：", "故事设定："),
)


def base_prompt(revision: Revision, story: StoryContext) -> str:
    """A few-shot completion prompt for a model without a chat template: two worked examples,
    then the passage; the model's answer ends at ``BASE_STOP``."""
    chinese = revision.chinese
    space = "" if chinese else " "  # after a full-width colon, none
    passage_f, instruction_f, revision_f, before_f, notes_f = (
        f"{name}{space}" for name in _BASE_FIELDS[chinese]
    )
    examples = _EXAMPLES_ZH if chinese else _EXAMPLES_EN
    lines = [_BASE_HEAD[chinese], ""]
    for original, action, revised in examples:
        told = instruction_for(Revision(action, original))
        lines += [BASE_STOP, passage_f + original, instruction_f + told, revision_f + revised]
    lines.append(BASE_STOP)
    if notes := story_notes(revision, story):
        lines.append(notes_f + notes)
    if revision.before.strip():
        lines.append(f"{before_f}…{revision.before.lstrip()}")
    lines += [passage_f + revision.passage.strip(), instruction_f + instruction_for(revision)]
    lines.append(_BASE_FIELDS[chinese][2])
    return "\n".join(lines)


# -- fitting and sampling ----------------------------------------------------------------------

_MULTIPLIER = {
    RevisionAction.SHORTEN: 1,
    RevisionAction.REWRITE: 2,
    RevisionAction.TONE: 2,
    RevisionAction.DESCRIBE: 3,
    RevisionAction.EXPAND: 3,
}
_MIN_TOKENS = 48


def revision_max_tokens(action: RevisionAction, passage_tokens: int) -> int:
    """How long the answer may be, by what was asked and the passage's length."""
    low, high = MAX_TOKENS_RANGE
    wanted = _MULTIPLIER[action] * passage_tokens + 16 * _MULTIPLIER[action]
    return max(low, min(high, max(_MIN_TOKENS, wanted)))


def revision_settings(
    settings: SamplingSettings, action: RevisionAction, passage_tokens: int
) -> SamplingSettings:
    """The writer's sampling settings for a revision: the length it needs, no sentence or
    paragraph stop, and the few-shot prompt's separator as a stop string."""
    return replace(
        settings,
        max_tokens=revision_max_tokens(action, passage_tokens),
        stop_at=STOP_AT_LENGTH,
        stop_strings=tuple(dict.fromkeys((*settings.stop_strings, BASE_STOP))),
    )


def fit_revision(
    revision: Revision, render: Callable[[Revision], Sequence[int]], budget: int
) -> tuple[Revision, list[int]]:
    """The revision with as much of its surroundings as ``budget`` tokens allow (the text
    after goes first, then the text before, in halves), and its rendered tokens."""
    before, after = min(len(revision.before), BEFORE_CHARS), min(len(revision.after), AFTER_CHARS)
    while True:
        fitted = revision.with_context(before, after)
        tokens = list(render(fitted))
        if len(tokens) <= budget:
            return fitted, tokens
        if after:
            after = after // 2 if after > 32 else 0
        elif before:
            before = before // 2 if before > 32 else 0
        else:
            raise RevisionError(
                sentence.translate(
                    "Revision",
                    "the passage is too long to revise with this model: its request takes "
                    "{tokens} tokens and {budget} fit",
                ).format(tokens=len(tokens), budget=budget)
            )


class Trimmer:
    """Streamed answer text with its leading and trailing whitespace held back: ``feed``
    returns what may be shown now; whitespace at the end is shown only once more text
    follows it."""

    def __init__(self, started: bool = False) -> None:
        self._started = started  # True: the answer is under way (leading space is its own)
        self._held = ""
        self.text = ""  # everything shown

    def feed(self, piece: str) -> str:
        if not self._started:
            piece = piece.lstrip()
            if not piece:
                return ""
            self._started = True
        piece = self._held + piece
        body = piece.rstrip()
        self._held = piece[len(body) :]
        self.text += body
        return body
