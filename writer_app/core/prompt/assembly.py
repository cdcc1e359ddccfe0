"""Assemble the prompt from the story context and the manuscript, within the token budget.

Layout, chosen so that the prompt's prefix changes as rarely as possible (llama.cpp reuses
the longest cached prefix, and the engine shifts a cache whose window moved)::

    [BOS] memory ⏎⏎ lore entries (priority order) ⏎⏎ *** ⏎⏎ story window …
          [Author's note: …] ⏎ the last few paragraphs before the cursor

Memory and lore change only when the writer edits them or a new entry is triggered.  The
author's note sits a few paragraphs before the cursor, so typing in the current paragraph
re-reads only what follows the note.

When everything does not fit, the oldest story text goes first (in whole paragraphs, down to
a floor that keeps the text the continuation must follow), then lore entries from the lowest
priority, then the end of the memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from writer_app.core.prompt.report import BudgetPart, ContextReport
from writer_app.core.prompt.story import LoreEntry, StoryContext
from writer_app.core.prompt.window import Prompt, Tokenizer, budget_for, build_prompt

SCENE_BREAK = "***"
STORY_FLOOR_TOKENS = 256  # the story keeps at least this much (or a quarter of the budget)
NOTE_SLACK_TOKENS = 4  # tokenizing around the note separately may cost a token or two more


@dataclass(frozen=True)
class _Block:
    kind: str
    text: str
    tokens: list[int]


def assemble(
    story: StoryContext,
    text: str,
    tokenize: Tokenizer,
    *,
    n_ctx: int,
    max_tokens: int,
    bos: Sequence[int] = (),
    text_offset: int = 0,
) -> Prompt:
    """The prompt for ``text`` (the manuscript before the cursor, or its tail)."""
    budget = budget_for(n_ctx, max_tokens) - len(bos)
    header = _fit_header(story, text, tokenize, budget)
    note = header.note
    fixed = _size(*header.blocks, header.separator, note)
    fixed += NOTE_SLACK_TOKENS if note.tokens else 0
    window = build_prompt(text, tokenize, max(1, budget - fixed), text_offset=text_offset)
    separator = [header.separator] if header.separator.text else []
    # Each block is tokenized on its own (it ends in a blank line or a newline), so a block
    # that did not change keeps its tokens whatever follows it.
    blocks = [*header.blocks, *separator, *_story_blocks(window, note, story, tokenize)]
    return _prompt(blocks, bos, window, header, n_ctx=n_ctx, max_tokens=max_tokens)


@dataclass(frozen=True)
class _Header:
    """What comes before the story window, fitted so that the story keeps its floor."""

    blocks: list[_Block]  # the memory, then the lore entries; empty ones left out
    separator: _Block  # empty when there is no header
    note: _Block  # empty when there is none, or no room for it
    lore_used: tuple[str, ...]
    lore_dropped: tuple[str, ...]
    memory_trimmed_chars: int


def _fit_header(story: StoryContext, text: str, tokenize: Tokenizer, budget: int) -> _Header:
    """The memory, the triggered lore and the note, cut down to leave the story its floor."""
    note = _note_block(story, tokenize)
    triggered = story.triggered_lore(text[-story.scan_chars :])
    lore = [_block("lore", entry.text.strip(), tokenize) for entry in triggered]
    memory = _block("memory", story.memory.strip(), tokenize)
    separator = _block("separator", SCENE_BREAK, tokenize)

    room = budget - min(STORY_FLOOR_TOKENS, budget // 4)
    lore, dropped = _fit_lore(lore, triggered, room, memory, note, separator)
    memory, memory_cut = _fit_memory(memory, room, lore, note, separator, tokenize)
    if note.tokens and _size(memory, *lore, separator, note) > room:
        note = _Block("note", "", [])
    header = [block for block in (memory, *lore) if block.text]
    if not header:
        separator = _Block("separator", "", [])
    used = tuple(entry.name for entry in triggered if entry.name not in dropped)
    return _Header(header, separator, note, used, tuple(dropped), memory_cut)


def _story_blocks(
    window: Prompt, note: _Block, story: StoryContext, tokenize: Tokenizer
) -> list[_Block]:
    """The story window, with the author's note the story's ``note_depth`` paragraphs up."""
    if not note.tokens:
        return [_Block("story", window.text, window.tokens)]
    before, after = _split_for_note(window.text, story.note_depth)
    return [
        _Block("story", before, tokenize(before)),
        note,
        _Block("story", after, tokenize(after)),
    ]


def _prompt(
    blocks: list[_Block],
    bos: Sequence[int],
    window: Prompt,
    header: _Header,
    *,
    n_ctx: int,
    max_tokens: int,
) -> Prompt:
    """The blocks joined into one prompt, with the report of how its context is spent."""
    tokens = [*bos, *(t for block in blocks for t in block.tokens)]
    parts = [BudgetPart(b.kind, len(b.tokens), b.text) for b in blocks if b.tokens]
    used = len(tokens)
    parts.append(BudgetPart("continuation", min(max_tokens, max(0, n_ctx - used))))
    parts.append(BudgetPart("free", max(0, n_ctx - used - max_tokens)))
    report = ContextReport(
        n_ctx=n_ctx,
        parts=tuple(parts),
        lore_used=header.lore_used,
        lore_dropped=header.lore_dropped,
        memory_trimmed_chars=header.memory_trimmed_chars,
        story_trimmed_chars=window.trimmed_chars,
    )
    return Prompt(
        tokens=tokens,
        text="".join(block.text for block in blocks),
        start_offset=window.start_offset,
        trimmed_chars=window.trimmed_chars,
        report=report,
    )


def _block(kind: str, text: str, tokenize: Tokenizer) -> _Block:
    """A header block: its text and a blank line after it."""
    if not text:
        return _Block(kind, "", [])
    return _Block(kind, text + "\n\n", tokenize(text + "\n\n"))


def _note_block(story: StoryContext, tokenize: Tokenizer) -> _Block:
    note = " ".join(story.authors_note.split())
    if not note:
        return _Block("note", "", [])
    text = f"[Author's note: {note}]\n"
    return _Block("note", text, tokenize(text))


def _size(*blocks: _Block) -> int:
    return sum(len(block.tokens) for block in blocks)


def _fit_lore(
    lore: list[_Block],
    entries: list[LoreEntry],
    room: int,
    memory: _Block,
    note: _Block,
    separator: _Block,
) -> tuple[list[_Block], list[str]]:
    """Drop the lowest-priority triggered entries until the header leaves the story its room."""
    kept = list(lore)
    dropped: list[str] = []
    while kept and _size(memory, *kept, separator, note) > room:
        kept.pop()  # entries come highest priority first
        dropped.insert(0, entries[len(kept)].name)
    return kept, dropped


def _fit_memory(
    memory: _Block,
    room: int,
    lore: list[_Block],
    note: _Block,
    separator: _Block,
    tokenize: Tokenizer,
) -> tuple[_Block, int]:
    """Shorten the memory from its end (at a word break) until it fits; return chars cut."""
    text = memory.text.rstrip("\n")
    full = len(text)
    block = memory
    while block.tokens and _size(block, *lore, separator, note) > room:
        over = _size(block, *lore, separator, note) - room
        keep = max(0, len(text) - max(16, over * 2))
        cut = text.rfind(" ", 0, keep)
        text = text[: cut if cut > keep // 2 else keep].rstrip()
        block = _block("memory", text, tokenize)
    return block, full - len(text)


def _split_for_note(window: str, depth: int) -> tuple[str, str]:
    """Split the story window before its ``depth``-th paragraph from the end (1 = the
    paragraph the cursor is in); a window with fewer paragraphs puts the note first."""
    starts = [0] + [i + 1 for i, ch in enumerate(window) if ch == "\n" and i + 1 < len(window)]
    starts = [s for s in starts if s == 0 or window[s] != "\n"]
    depth = max(1, depth)
    if len(starts) < depth:
        return "", window
    cut = starts[-depth]
    return window[:cut], window[cut:]
