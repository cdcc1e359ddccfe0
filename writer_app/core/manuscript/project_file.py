"""``project.json`` as opening finds it, and the chapter files it must agree with.

The metadata is never trusted: it may be far too large, damaged, in an older encoding, or list
files that are missing, unsafe or named twice. Here it is read and checked, and ``reconcile``
makes it agree with the files in chapters/ and trash/, saying in sentences for the writer what
it left out or added. Kept apart from ``project`` (which changes a novel) so that every repair
opening makes is in one place.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from writer_app.core.manuscript.encoding import DecodeError, decode_text
from writer_app.core.manuscript.trash import original_name
from writer_app.core.storage.atomic import write_bytes_atomic
from writer_app.core.storage.reading import TooLarge, read_head, read_limited
from writer_app.core.storage.state_files import aside_path
from writer_app.core.text import sentence

PROJECT_FILE = "project.json"
FORMAT_VERSION = 1
CHAPTER_SUFFIXES = (".md", ".markdown", ".txt")
MAX_METADATA_BYTES = 16 * 2**20  # a chapter list; anything bigger is not ours


def iso_now() -> str:
    """The time now as project.json records it."""
    return datetime.now().isoformat(timespec="seconds")


def new_id() -> str:
    """A chapter's id: stable for its life, through renames, moves and the trash."""
    return uuid.uuid4().hex[:12]


def plain_name(name: object) -> bool:
    """A bare file name that cannot escape its folder (project.json is not trusted)."""
    return (
        isinstance(name, str)
        and name == Path(name).name
        and not name.startswith(".")
        and "\\" not in name
    )


def chapter_files(folder: Path) -> list[Path]:
    """The chapter files in ``folder``, by name; none when it cannot be listed."""
    try:
        return sorted(
            path
            for path in folder.iterdir()
            if path.suffix.lower() in CHAPTER_SUFFIXES
            and not path.name.startswith(".")  # our own temp files while saving
            and path.is_file()
        )
    except OSError:
        return []


def _title_from_file(path: Path) -> str:
    """A title for a chapter found without metadata: its Markdown heading, else its file name."""
    try:
        # read_head: a pipe swapped in for a chapter file is refused, never waited on.
        lines = read_head(path, 4096).decode("utf-8", "replace").lstrip("\ufeff").splitlines()
        if lines and lines[0].startswith("#") and lines[0].lstrip("#").strip():
            return lines[0].lstrip("#").strip()
    except OSError:
        pass
    stem = re.sub(r"^\d+-|\.deleted-[\dT-]+$", "", path.stem).replace("-", " ").strip()
    return stem[:1].upper() + stem[1:] if stem else path.stem


# --- reading ---------------------------------------------------------------------------------


def read_metadata(path: Path) -> bytes:
    """project.json's bytes; a file far too large to be a chapter list reads as damaged."""
    try:
        return read_limited(path, MAX_METADATA_BYTES)
    except TooLarge:
        return b""  # reads as damaged: kept aside, the list rebuilt from the files


def parse_metadata(raw: bytes) -> tuple[dict[str, Any], str | None]:
    """The metadata in project.json's bytes and, when they were not UTF-8, the encoding they
    were read in. ValueError (or RecursionError) when it is damaged or has no chapter list."""
    text, legacy = _decode_metadata(raw)
    meta = json.loads(text)
    if not isinstance(meta, dict) or not isinstance(meta.get("chapters"), list):
        raise ValueError("no chapter list")
    return meta, legacy


def _decode_metadata(raw: bytes) -> tuple[str, str | None]:
    """The text of project.json and, when it was not UTF-8, the encoding it was read in.

    Older tools (or a text editor on Windows) may have saved it as Latin-1/Windows-1252 or
    GBK: its title and chapter list are still good, so it is read as what it is.
    """
    try:
        return raw.decode("utf-8").removeprefix("\ufeff"), None  # a BOM is still UTF-8
    except UnicodeDecodeError:
        pass
    try:
        text, fmt = decode_text(raw)
    except DecodeError:  # none of the detected encodings fits
        for legacy, label in (("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
            try:
                return raw.decode(legacy), label
            except UnicodeDecodeError:
                continue
        raise ValueError("not text") from None
    return text, None if fmt.encoding in ("utf-8", "utf-8-sig") else fmt.label


def keep_old_bytes(path: Path, label: str, raw: bytes) -> Path:
    """Keep project.json's bytes as they were beside it, before it is rewritten in UTF-8 or
    without entries opening left out: ``project.json.<label>-<date>``; returns where."""
    name = re.sub(r"[^\w-]+", "-", label.lower()).strip("-")
    kept = aside_path(path, name)
    write_bytes_atomic(kept, raw)
    return kept


def writable(folder: Path) -> bool:
    """Whether new files can be made in ``folder`` (permissions, or a read-only disk)."""
    if not folder.is_dir():
        return True  # made when first needed; a failure then is reported then
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return False
    except (OSError, AttributeError):  # no statvfs on Windows
        pass
    return os.access(folder, os.W_OK | os.X_OK)


# --- reconciling with the files --------------------------------------------------------------


@dataclass(frozen=True)
class Reconciled:
    """What ``reconcile`` changed: sentences for the writer, and whether entries were left out
    (the project file as it was is then kept beside it when it is next written)."""

    notes: list[str]
    left_out: bool


def reconcile(
    meta: dict[str, Any],
    *,
    chapters_dir: Path,
    trash_dir: Path,
    default_title: str,
    rebuilding: bool,
) -> Reconciled:
    """Make the metadata agree with the files: adopt strays, drop impossible entries.

    A listed chapter whose file is missing stays listed (git may be mid-checkout, and its
    place in the order is worth keeping); a trash entry without its file is dropped.
    ``rebuilding``: the list is being rebuilt anyway, so adopted chapters are not told.
    """
    entries = _Entries(trash_dir)
    chapters = [entry for entry in _listed(meta, "chapters") if entries.keep(entry, trash=False)]
    trash = [entry for entry in _listed(meta, "trash") if entries.keep(entry, trash=True)]
    adopted = [p for p in chapter_files(chapters_dir) if p.name not in entries.files]
    chapters += [{"id": new_id(), "file": p.name, "title": _title_from_file(p)} for p in adopted]
    trash += _stray_trash(trash_dir, entries.files, index=len(chapters))
    meta["chapters"], meta["trash"] = chapters, trash
    if not isinstance(meta.get("word_goal"), int) or meta["word_goal"] < 0:
        meta["word_goal"] = 0
    meta["title"] = str(meta.get("title") or default_title)
    notes = []
    left_out = bool(entries.unusable or entries.twice)
    if left_out:
        notes.append(_left_out_sentence(entries.unusable, entries.twice))
    if adopted and not rebuilding:
        names = sentence.listed(p.name for p in adopted)
        notes.append(
            sentence.translate(
                "Project",
                "Chapter files missing from the chapter list were added at the end: {names}.",
            ).format(names=names)
        )
    return Reconciled(notes, left_out)


def _listed(meta: dict[str, Any], key: str) -> list[Any]:
    value = meta.get(key)
    return value if isinstance(value, list) else []


class _Entries:
    """The entries of the chapter list and the trash that can be used: each file once, each
    with a unique id and a title; what was left out is remembered to be told."""

    def __init__(self, trash_dir: Path) -> None:
        self.trash_dir = trash_dir
        self.files: set[str] = set()
        self.ids: set[str] = set()
        self.unusable: list[str] = []  # chapter entries left out, each said as a phrase
        self.twice: list[str] = []  # file names listed more than once

    def keep(self, entry: object, trash: bool) -> bool:
        """Whether to keep ``entry`` (repaired in place when kept)."""
        if not isinstance(entry, dict) or not plain_name(entry.get("file")):
            if not trash:
                self.unusable.append(_describe_entry(entry))
            return False
        name = entry["file"]
        if name in self.files:
            if not trash:
                self.twice.append(name)
            return False
        if trash and not (self.trash_dir / name).is_file():
            return False
        self.files.add(name)
        if trash:
            _repair_trash_entry(entry, name)
        ident = str(entry.get("id") or "")
        entry["id"] = ident if ident and ident not in self.ids else new_id()
        self.ids.add(entry["id"])
        entry["title"] = str(entry.get("title") or name)
        return True


def _repair_trash_entry(entry: dict[str, Any], name: str) -> None:
    """A trash entry's place and names, filled in where they are missing or not usable."""
    index = entry.get("index")
    entry["index"] = index if type(index) is int and index >= 0 else 0
    for key in ("original_file", "deleted_at"):
        if not isinstance(entry.get(key), str):
            entry[key] = name if key == "original_file" else ""


def _stray_trash(trash_dir: Path, listed: set[str], index: int) -> list[dict[str, Any]]:
    """Entries for the files in trash/ that no kept entry names; each would come back at
    ``index`` (the end of the chapter list)."""
    return [
        {
            "id": new_id(),
            "file": p.name,
            "title": _title_from_file(p),
            "original_file": original_name(p.name),
            "index": index,
            "deleted_at": iso_now(),
        }
        for p in chapter_files(trash_dir)
        if p.name not in listed
    ]


def _describe_entry(entry: object) -> str:
    if isinstance(entry, dict) and isinstance(entry.get("title"), str) and entry["title"]:
        return f"“{entry['title'][:60]}”"
    return sentence.translate("Project", "an entry without a title")


def _left_out_sentence(unusable: list[str], twice: list[str]) -> str:
    """One sentence naming the chapter-list entries that were not kept, and why."""
    parts = []
    if unusable:
        shown = sentence.listed(unusable[:5])
        if len(unusable) > 5:
            shown = sentence.translate("Project", "{entries} and {count} more").format(
                entries=shown, count=len(unusable) - 5
            )
        parts.append(
            sentence.translate("Project", "{entries} had no usable file name (left out)").format(
                entries=shown
            )
        )
    if twice:
        names = sentence.listed(sorted(set(twice))[:5])
        parts.append(
            sentence.translate("Project", "{names} was listed more than once (kept once)").format(
                names=names
            )
        )
    problems = parts[0]
    if len(parts) > 1:
        problems = sentence.translate("Project", "{first}; {second}").format(
            first=parts[0], second=parts[1]
        )
    return sentence.translate(
        "Project",
        "Some entries of the chapter list could not be used: {problems}. Your chapter files "
        "were not changed, and the project file as it was is kept beside it.",
    ).format(problems=problems)
