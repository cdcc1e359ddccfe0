"""How the context is spent (memory, lore, the note, the story, what is free): set on
each prompt by ``assembly.assemble``, shown by the budget bar and the prompt view."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BudgetPart:
    """One share of the context, as the budget bar and the prompt view show it."""

    kind: str  # "memory", "lore", "separator", "note", "story", "continuation", "free"
    tokens: int
    text: str = ""


@dataclass(frozen=True)
class ContextReport:
    n_ctx: int
    parts: tuple[BudgetPart, ...]
    lore_used: tuple[str, ...]
    lore_dropped: tuple[str, ...]  # triggered, but did not fit
    memory_trimmed_chars: int
    story_trimmed_chars: int  # story before the window that the model does not see

    def part(self, kind: str) -> BudgetPart:
        found = [p for p in self.parts if p.kind == kind]
        return BudgetPart(kind, sum(p.tokens for p in found), "".join(p.text for p in found))
