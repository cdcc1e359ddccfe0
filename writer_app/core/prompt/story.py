"""What the model should know about the story: memory, the author's note and lore entries.

A novel keeps its story context in ``story.json`` beside ``project.json``; a loose manuscript
keeps it in the app's state folder, keyed by the file's path.  Both are small JSON files
written atomically, and a damaged one is set aside rather than overwritten.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from writer_app.core.storage.paths import state_dir, writer_path
from writer_app.core.storage.state_files import read_json_object, write_json
from writer_app.core.text import sentence
from writer_app.core.text.scripts import mentions_keyword

log = logging.getLogger(__name__)

STORY_FILE = "story.json"
# How a damaged one is named to the writer.
STORY_WHAT = sentence.translate("StateFiles", "The story context (memory, note and lore)")
DEFAULT_NOTE_DEPTH = 3  # paragraphs before the cursor
DEFAULT_LORE_CAP = 4  # entries at most in one prompt
DEFAULT_SCAN_CHARS = 2000  # how far back from the cursor a keyword triggers its entry
MAX_FILE_BYTES = 16 * 2**20  # notes and lore; anything bigger is not ours
MAX_FIELD_CHARS = 20_000  # bounds on what a hand-edited file may put in a prompt


@dataclass(frozen=True)
class LoreEntry:
    name: str
    keywords: tuple[str, ...]
    text: str
    priority: int = 0  # higher first; also the order in which entries are dropped (lowest)
    enabled: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "keywords": list(self.keywords),
            "text": self.text,
            "priority": self.priority,
            "enabled": self.enabled,
        }

    @classmethod
    def from_dict(cls, raw: Any) -> LoreEntry | None:
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            return None
        keywords = raw.get("keywords", [])
        if not isinstance(keywords, list):
            keywords = []
        return cls(
            name=raw["name"][:200],
            keywords=tuple(k.strip()[:100] for k in keywords if isinstance(k, str) and k.strip()),
            text=_text(raw.get("text")),
            priority=_bounded(raw.get("priority"), 0, -1000, 1000),
            enabled=raw.get("enabled", True) is not False,
        )


@dataclass(frozen=True)
class StoryContext:
    memory: str = ""
    authors_note: str = ""
    note_depth: int = DEFAULT_NOTE_DEPTH
    lore: tuple[LoreEntry, ...] = ()
    lore_cap: int = DEFAULT_LORE_CAP
    scan_chars: int = DEFAULT_SCAN_CHARS

    @property
    def is_empty(self) -> bool:
        return not (self.memory.strip() or self.authors_note.strip() or self.lore)

    def with_lore(self, lore: list[LoreEntry] | tuple[LoreEntry, ...]) -> StoryContext:
        return replace(self, lore=tuple(lore))

    def triggered_lore(self, recent_text: str) -> list[LoreEntry]:
        """Entries whose keyword appears in ``recent_text``: highest priority first, at most
        ``lore_cap``; ties keep the panel's order, so the prompt prefix stays put."""
        hits = [
            (index, entry)
            for index, entry in enumerate(self.lore)
            if entry.enabled and entry.text.strip() and _mentions(recent_text, entry.keywords)
        ]
        hits.sort(key=lambda pair: (-pair[1].priority, pair[0]))
        return [entry for _index, entry in hits[: max(0, self.lore_cap)]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "memory": self.memory,
            "authors_note": self.authors_note,
            "note_depth": self.note_depth,
            "lore": [entry.to_dict() for entry in self.lore],
            "lore_cap": self.lore_cap,
            "scan_chars": self.scan_chars,
        }

    @classmethod
    def from_dict(cls, raw: Any) -> StoryContext:
        if not isinstance(raw, dict):
            return cls()
        lore = raw.get("lore", [])
        entries = [LoreEntry.from_dict(item) for item in lore] if isinstance(lore, list) else []
        return cls(
            memory=_text(raw.get("memory")),
            authors_note=_text(raw.get("authors_note")),
            note_depth=_bounded(raw.get("note_depth"), DEFAULT_NOTE_DEPTH, 0, 50),
            lore=tuple(entry for entry in entries if entry is not None),
            lore_cap=_bounded(raw.get("lore_cap"), DEFAULT_LORE_CAP, 0, 50),
            scan_chars=_bounded(raw.get("scan_chars"), DEFAULT_SCAN_CHARS, 100, 100_000),
        )


@dataclass
class StoryFile:
    """Where one manuscript's story context lives, and loading/saving it."""

    path: Path
    context: StoryContext = field(default_factory=StoryContext)

    @classmethod
    def for_project(cls, folder: Path) -> StoryFile:
        return cls.load(Path(folder) / STORY_FILE)

    @classmethod
    def for_manuscript(cls, manuscript: Path | None) -> StoryFile:
        """A loose file's story context, kept out of the writer's folder."""
        key = str(writer_path(manuscript)) if manuscript is not None else "untitled"
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
        return cls.load(state_dir() / "stories" / f"{digest}.json")

    @classmethod
    def load(cls, path: Path) -> StoryFile:
        """The story kept at ``path``; empty when there is none, and when it is damaged (kept
        aside with the date and said once: core.storage.state_files)."""
        raw = read_json_object(path, what=STORY_WHAT, limit=MAX_FILE_BYTES)
        return cls(path, StoryContext.from_dict(raw) if raw is not None else StoryContext())

    def save(self, context: StoryContext) -> None:
        """Write atomically; OSError reaches the caller, who tells the writer."""
        write_json(self.path, context.to_dict())
        self.context = context


def _text(value: Any) -> str:
    return value[:MAX_FIELD_CHARS] if isinstance(value, str) else ""


def _bounded(value: Any, default: int, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        return default
    return min(high, max(low, value))


def _mentions(text: str, keywords: tuple[str, ...]) -> bool:
    """A keyword in Han or kana matches anywhere (no spaces between words); one in a spaced
    script (Korean too) matches whole words, ignoring case ("Ann" does not fire on "Annual").
    The rules, and which script is which: ``core.text.scripts.mentions_keyword``."""
    folded = text.casefold()
    return any(mentions_keyword(folded, keyword.casefold()) for keyword in keywords)
