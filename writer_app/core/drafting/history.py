"""Every suggestion offered, kept by the spot it was offered at, and which words the model wrote.

A *spot* is the place the writer asked at, known by the text just before the cursor (its
anchor): going back there later finds the spot again even after edits elsewhere.  Each spot
keeps its *branches*, the alternatives offered there, the accepted ones marked.

A novel keeps this in ``history.json`` beside ``project.json`` (keyed by chapter id); a loose
manuscript keeps it in the app's state folder, keyed by the file's path.  Model-written text
is stored as ``str`` offsets with its words and a hash of the whole text: when the manuscript
was changed outside the app, each stretch is found again by its words (or dropped).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from writer_app.core.drafting.provenance import Span
from writer_app.core.storage.paths import state_dir, writer_path
from writer_app.core.storage.state_files import read_json_object, set_aside, write_json

HISTORY_FILE = "history.json"
LOOSE_KEY = "manuscript"  # a loose file's history holds one document
ANCHOR_CHARS = 80
MAX_SPOTS = 200  # per document; the oldest go first
MAX_BRANCHES = 8  # per spot; the oldest rejected ones go first
MAX_BRANCH_CHARS = 8000
MAX_SPANS = 5000
MAX_FILE_BYTES = 256 * 2**20  # far above what the limits above allow a novel to keep


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def anchor_of(text_before: str) -> str:
    return text_before[-ANCHOR_CHARS:]


@dataclass
class Branch:
    text: str
    seed: int | None = None
    time: str = ""
    accepted: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "seed": self.seed, "time": self.time, "accepted": self.accepted}

    @classmethod
    def from_dict(cls, raw: Any) -> Branch | None:
        if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or not raw["text"]:
            return None
        seed = raw.get("seed")
        return cls(
            text=raw["text"][:MAX_BRANCH_CHARS],
            seed=seed if isinstance(seed, int) and not isinstance(seed, bool) else None,
            time=raw["time"] if isinstance(raw.get("time"), str) else "",
            accepted=raw.get("accepted") is True,
        )


@dataclass
class Spot:
    anchor: str
    offset: int  # str offset of the cursor when it was asked; breaks ties between anchors
    branches: list[Branch] = field(default_factory=list)

    @property
    def accepted(self) -> Branch | None:
        return next((branch for branch in reversed(self.branches) if branch.accepted), None)

    def add(self, branch: Branch) -> Branch:
        """Keep ``branch`` (one with the same text is refreshed instead)."""
        same = next((b for b in self.branches if b.text == branch.text), None)
        if same is not None:
            same.seed, same.time = branch.seed, branch.time or same.time
            same.accepted = same.accepted or branch.accepted
            return same
        self.branches.append(branch)
        while len(self.branches) > MAX_BRANCHES:
            rejected = [b for b in self.branches if not b.accepted]
            self.branches.remove(rejected[0] if rejected else self.branches[0])
        return branch

    def mark_accepted(self, chosen: Branch) -> None:
        """``chosen`` is now the one in the manuscript (only one at a time)."""
        for branch in self.branches:
            branch.accepted = branch is chosen

    def to_dict(self) -> dict[str, Any]:
        return {
            "anchor": self.anchor,
            "offset": self.offset,
            "branches": [branch.to_dict() for branch in self.branches],
        }

    @classmethod
    def from_dict(cls, raw: Any) -> Spot | None:
        if not isinstance(raw, dict) or not isinstance(raw.get("anchor"), str):
            return None
        offset = raw.get("offset")
        items = _list(raw, "branches")
        branches = [b for b in (Branch.from_dict(item) for item in items) if b is not None]
        if not branches:
            return None
        return cls(
            anchor=raw["anchor"][-ANCHOR_CHARS:],
            offset=offset if isinstance(offset, int) and offset >= 0 else 0,
            branches=branches[-MAX_BRANCHES:],
        )


@dataclass
class DocumentHistory:
    """One chapter's (or file's) spots, and the model's words as ``str`` offsets."""

    spots: list[Spot] = field(default_factory=list)
    model_text: list[Span] = field(default_factory=list)
    text_sha256: str = ""

    def spot_for(self, anchor: str, offset: int) -> Spot:
        """The spot with this anchor (made if new); it becomes the most recent one."""
        found = [spot for spot in self.spots if spot.anchor == anchor]
        spot = min(found, key=lambda s: abs(s.offset - offset)) if found else Spot(anchor, offset)
        if found:
            self.spots.remove(spot)
            spot.offset = offset
        self.spots.append(spot)
        del self.spots[:-MAX_SPOTS]
        return spot

    def spots_at(self, before: str) -> list[tuple[Spot, bool]]:
        """Spots the cursor is at, newest first: the text before it ends with the anchor
        (False), or with the anchor followed by the spot's accepted text (True)."""
        hits = []
        for spot in reversed(self.spots):
            chosen = spot.accepted
            if chosen is not None and _ends_at(before, spot.anchor + chosen.text, spot.anchor):
                hits.append((spot, True))
            elif _ends_at(before, spot.anchor, spot.anchor):
                hits.append((spot, False))
        return hits

    def placed_spans(self, text: str) -> list[Span]:
        """The model's words in ``text``: as saved when it is unchanged, else found again."""
        if self.text_sha256 == text_hash(text) and all(
            text[s.start : s.end] == s.text for s in self.model_text
        ):
            return [Span(s.start, s.end, s.text) for s in self.model_text]
        return relocate(self.model_text, text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text_sha256": self.text_sha256,
            "model_text": [
                {"start": span.start, "end": span.end, "text": span.text}
                for span in self.model_text
            ],
            "spots": [spot.to_dict() for spot in self.spots],
        }

    @classmethod
    def from_dict(cls, raw: Any) -> DocumentHistory:
        if not isinstance(raw, dict):
            return cls()
        spots = _list(raw, "spots")
        spans = _list(raw, "model_text")
        sha = raw.get("text_sha256")
        kept = [s for s in (Spot.from_dict(item) for item in spots) if s is not None]
        return cls(
            spots=kept[-MAX_SPOTS:],
            model_text=[s for s in (_span(item) for item in spans[:MAX_SPANS]) if s is not None],
            text_sha256=sha if isinstance(sha, str) else "",
        )


def _ends_at(before: str, tail: str, anchor: str) -> bool:
    if not anchor:  # asked at the very start of the manuscript
        return before == tail
    return before.endswith(tail)


def _span(raw: Any) -> Span | None:
    if not isinstance(raw, dict):
        return None
    start, end, text = raw.get("start"), raw.get("end"), raw.get("text")
    if not (isinstance(start, int) and isinstance(end, int) and isinstance(text, str)):
        return None
    if not 0 <= start < end or not text:
        return None
    return Span(start, end, text)


def relocate(spans: list[Span], text: str) -> list[Span]:
    """Find each span's words again in ``text``, nearest its old place; drop the ones not
    found, and any that would overlap one already placed."""
    placed: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        start = _nearest(text, span.text, span.start)
        if start < 0:
            continue
        end = start + len(span.text)
        if any(start < other.end and other.start < end for other in placed):
            continue
        placed.append(Span(start, end, span.text))
    placed.sort(key=lambda s: s.start)
    return placed


def _nearest(text: str, words: str, around: int) -> int:
    after = text.find(words, max(0, around))
    before = text.rfind(words, 0, max(0, around) + len(words) - 1) if around > 0 else -1
    found = [i for i in (after, before) if i >= 0]
    return min(found, key=lambda i: abs(i - around)) if found else -1


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class HistoryFile:
    """Where the histories of one novel (or one loose file) live, and loading/saving them."""

    path: Path
    documents: dict[str, DocumentHistory] = field(default_factory=dict)

    @classmethod
    def for_project(cls, folder: Path) -> HistoryFile:
        return cls.load(Path(folder) / HISTORY_FILE)

    @classmethod
    def for_manuscript(cls, manuscript: Path) -> HistoryFile:
        """A loose file's history, kept out of the writer's folder."""
        key = str(writer_path(manuscript))
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:24]
        return cls.load(state_dir() / "history" / f"{digest}.json")

    @classmethod
    def load(cls, path: Path) -> HistoryFile:
        """The histories kept at ``path``; none for a missing file, and none for a damaged
        one, which is set aside with the date and logged (core.storage.state_files), never
        overwritten by the next save."""
        data = read_json_object(path, limit=MAX_FILE_BYTES)
        if data is None:
            return cls(path)
        documents = data.get("documents")
        if not isinstance(documents, dict):
            set_aside(path, "no documents")
            return cls(path)
        return cls(path, {str(k): DocumentHistory.from_dict(v) for k, v in documents.items()})

    def document(self, key: str) -> DocumentHistory:
        return self.documents.setdefault(key, DocumentHistory())

    def save(self) -> None:
        """Write atomically; OSError reaches the caller, who tells the writer."""
        data = {
            "version": 1,
            "documents": {key: doc.to_dict() for key, doc in self.documents.items()},
        }
        write_json(self.path, data, indent=1)


def _list(raw: dict[str, Any], key: str) -> list[Any]:
    value = raw.get(key)
    return value if isinstance(value, list) else []
