"""A novel as a folder: one plain file per chapter, the order and titles in ``project.json``.

The writer's words stay readable by any editor and by git; the metadata only says how they fit
together. Every change writes the chapter files first and the metadata second, and opening a
project reconciles the two, so a crash between them never loses a chapter.
"""

from __future__ import annotations

import json
import logging
import os
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from writer_app.core.manuscript.text_file import (
    UTF8,
    BackupPolicy,
    DecodeError,
    ManuscriptError,
    decode_text,
    encode_text,
    read_manuscript,
)
from writer_app.core.storage.atomic import write_bytes_atomic
from writer_app.core.storage.paths import writer_path
from writer_app.core.storage.reading import TooLarge, read_head, read_limited
from writer_app.core.storage.state_files import aside_path, move_aside, write_json
from writer_app.core.text.wordcount import WordCount, count_text

log = logging.getLogger(__name__)

PROJECT_FILE = "project.json"
FORMAT_VERSION = 1
CHAPTER_SUFFIXES = (".md", ".markdown", ".txt")
MAX_METADATA_BYTES = 16 * 2**20  # a chapter list; anything bigger is not ours
_STAMP = "%Y-%m-%dT%H-%M-%S"


class ProjectError(Exception):
    """A project could not be opened or changed; the message is for the writer."""


@dataclass(frozen=True)
class Chapter:
    id: str  # stable for the life of the chapter: survives renames, moves and the trash
    title: str
    path: Path


@dataclass(frozen=True)
class TrashEntry:
    id: str
    title: str
    path: Path  # where the file is now, in trash/
    original_file: str  # its name in chapters/ before it was deleted
    index: int  # its place in the chapter list before it was deleted
    deleted_at: str  # ISO time


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _new_id() -> str:
    return uuid.uuid4().hex[:12]


def slug(title: str, limit: int = 40) -> str:
    """A file-name-safe form of a title; Chinese titles keep their characters."""
    words = re.sub(r"\W+", "-", title.strip().lower()).strip("-_")
    return words[:limit].rstrip("-_") or "chapter"


def _plain_name(name: object) -> bool:
    """A bare file name that cannot escape its folder (project.json is not trusted)."""
    return (
        isinstance(name, str)
        and name == Path(name).name
        and not name.startswith(".")
        and "\\" not in name
    )


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


def chapter_files(folder: Path) -> list[Path]:
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


class Project:
    """An open project. Every change is written to disk at once (files first, then metadata)."""

    def __init__(self, folder: Path, meta: dict[str, Any]) -> None:
        self.folder = writer_path(folder)
        self.chapters_dir = self.folder / "chapters"
        self.trash_dir = self.folder / "trash"
        self.metadata_path = self.folder / PROJECT_FILE
        self._meta = meta
        # A sentence for the writer when opening repaired something (damaged metadata, stray
        # chapter files); None when all was well.
        self.notice: str | None = None
        # project.json as it was on disk, when it was not UTF-8 or entries of it were left
        # out: kept beside it (never lost) when the metadata is next written. (label, bytes)
        self._keep_before_rewrite: tuple[str, bytes] | None = None
        self._left_out = False  # opening left chapter-list entries out

    @property
    def backup_policy(self) -> BackupPolicy:
        return BackupPolicy(folder=self.folder / "backups")

    # --- creating and opening ---

    @classmethod
    def create(cls, folder: Path, title: str) -> Project:
        """A new, empty project in ``folder`` (which may exist but must not be a project)."""
        folder = Path(folder)
        if (folder / PROJECT_FILE).exists():
            raise ProjectError(f"{folder} already holds a project. Open it instead.")
        meta = {
            "title": title.strip() or folder.name,
            "created": _now(),
            "word_goal": 0,
            "chapters": [],
            "trash": [],
        }
        try:
            for sub in ("chapters", "trash", "backups"):
                (folder / sub).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ProjectError(
                f"The project folder {folder} could not be created ({error.strerror}). "
                "Choose a folder you can write to."
            ) from error
        project = cls(folder, meta)
        project.save_metadata()
        log.info("created project %s", folder)
        return project

    @classmethod
    def open(cls, folder: Path) -> Project:
        """Open a project. A damaged project.json is kept aside (never overwritten) and the
        chapter list rebuilt from the files in chapters/; ``notice`` then says so."""
        folder = Path(folder)
        if folder.name == PROJECT_FILE and folder.is_file():  # picked in a file dialog
            folder = folder.parent
        folder = writer_path(folder)
        path = folder / PROJECT_FILE
        # Not core.storage.state_files.read_json: project.json is the writer's file, not the
        # app's. A missing or unreadable one (a folder, no permission) refuses to open the
        # novel rather than starting an empty one; one in an older encoding is read as such;
        # damage is told in ``notice`` with the rebuilt chapter list, not among the app's
        # start-up notices; and a damaged one that cannot be set aside stops the opening, so
        # the rebuilt list never overwrites it. The naming of what is set aside is shared.
        try:
            raw = _read_metadata(path)
        except FileNotFoundError:
            raise ProjectError(f"{folder} is not a writer-app project.") from None
        except IsADirectoryError:
            raise ProjectError(
                f"{folder} cannot be opened: its {PROJECT_FILE} is a folder, not a file. "
                "Rename that folder, then open the novel again."
            ) from None
        except OSError as error:
            raise ProjectError(
                f"{folder} could not be opened ({error.strerror or error}). Check that you "
                "may read the folder and its project file."
            ) from error
        notes: list[str] = []
        legacy: str | None = None
        try:
            text, legacy = _decode_metadata(raw)
            meta = json.loads(text)
            if not isinstance(meta, dict) or not isinstance(meta.get("chapters"), list):
                raise ValueError("no chapter list")
        except (ValueError, RecursionError) as error:
            legacy = None
            log.warning("damaged %s: %s", path, error)
            try:
                kept = move_aside(path)  # project.json.damaged-<date>: never an older one
            except OSError as move_error:
                raise ProjectError(
                    f"The project file in {folder} is damaged and could not be set aside "
                    f"({move_error.strerror}). Your chapter files are untouched."
                ) from move_error
            meta = {"title": folder.name, "created": _now(), "chapters": []}
            notes.append(
                f"The project file was damaged. It was kept as {kept.name}, and the chapter list "
                "was rebuilt from the chapter files: please check their order and titles."
            )
        if isinstance(meta.get("format"), int) and meta["format"] > FORMAT_VERSION:
            raise ProjectError(f"{folder} was saved by a newer writer-app; update to open it.")
        project = cls(folder, meta)
        if legacy is not None:
            project._keep_before_rewrite = (legacy, raw)
            notes.append(
                f"The project file is in an older encoding ({legacy}); writer-app read it as "
                "such and will save it as UTF-8 from now on, keeping the original beside it."
            )
        before = json.dumps(meta, sort_keys=True)
        repairs = project._reconcile(rebuilding=bool(notes))
        if project._left_out and project._keep_before_rewrite is None:
            project._keep_before_rewrite = ("before-repair", raw)
        notes.extend(repairs)
        if not _writable(folder) or not _writable(project.chapters_dir):
            notes.append(
                "This novel's folder is read-only: you can read and edit it, but saving will "
                "fail. Copy the folder somewhere you can write to, and open the copy."
            )
        project.notice = " ".join(notes) or None
        if json.dumps(project._meta, sort_keys=True) != before:
            try:
                project.save_metadata()
            except ProjectError as error:  # a read-only copy still opens
                log.warning("could not write the repaired project file: %s", error)
        log.info("opened project %s (%d chapters)", folder, len(project._meta["chapters"]))
        return project

    def _reconcile(self, rebuilding: bool) -> list[str]:
        """Make the metadata agree with the files: adopt strays, drop impossible entries.

        A listed chapter whose file is missing stays listed (git may be mid-checkout, and its
        place in the order is worth keeping); a trash entry without its file is dropped.
        """
        files: set[str] = set()
        ids: set[str] = set()
        unusable: list[str] = []  # chapter entries left out, each said as a phrase
        twice: list[str] = []

        def keep(entry: object, trash: bool) -> bool:
            if not isinstance(entry, dict) or not _plain_name(entry.get("file")):
                if not trash:
                    unusable.append(_describe_entry(entry))
                return False
            name = entry["file"]
            if name in files:
                if not trash:
                    twice.append(name)
                return False
            if trash and not (self.trash_dir / name).is_file():
                return False
            files.add(name)
            if trash:
                index = entry.get("index")
                entry["index"] = index if type(index) is int and index >= 0 else 0
                for key in ("original_file", "deleted_at"):
                    if not isinstance(entry.get(key), str):
                        entry[key] = name if key == "original_file" else ""
            ident = str(entry.get("id") or "")
            entry["id"] = ident if ident and ident not in ids else _new_id()
            ids.add(entry["id"])
            entry["title"] = str(entry.get("title") or name)
            return True

        def listed(key: str) -> list[Any]:
            value = self._meta.get(key)
            return value if isinstance(value, list) else []

        chapters = [entry for entry in listed("chapters") if keep(entry, trash=False)]
        trash = [entry for entry in listed("trash") if keep(entry, trash=True)]
        adopted = [p for p in chapter_files(self.chapters_dir) if p.name not in files]
        chapters += [
            {"id": _new_id(), "file": p.name, "title": _title_from_file(p)} for p in adopted
        ]
        trash += [
            {
                "id": _new_id(),
                "file": p.name,
                "title": _title_from_file(p),
                "original_file": re.sub(r"\.deleted-[\dT-]+(?=\.\w+$)", "", p.name),
                "index": len(chapters),
                "deleted_at": _now(),
            }
            for p in chapter_files(self.trash_dir)
            if p.name not in files
        ]
        self._meta["chapters"], self._meta["trash"] = chapters, trash
        if not isinstance(self._meta.get("word_goal"), int) or self._meta["word_goal"] < 0:
            self._meta["word_goal"] = 0
        self._meta["title"] = str(self._meta.get("title") or self.folder.name)
        notes = []
        if unusable or twice:
            self._left_out = True
            notes.append(_left_out_sentence(unusable, twice))
        if adopted and not rebuilding:
            names = ", ".join(p.name for p in adopted)
            notes.append(
                f"Chapter files missing from the chapter list were added at the end: {names}."
            )
        return notes

    # --- metadata ---

    @property
    def title(self) -> str:
        return str(self._meta["title"])

    @title.setter
    def title(self, value: str) -> None:
        self._meta["title"] = value.strip() or self.title
        self.save_metadata()

    @property
    def word_goal(self) -> int:
        """The writer's goal in words (字) per session; 0 for none. Setting it saves."""
        return int(self._meta.get("word_goal", 0))

    @word_goal.setter
    def word_goal(self, value: int) -> None:
        self._meta["word_goal"] = max(0, int(value))
        self.save_metadata()

    @property
    def engine(self) -> dict[str, Any]:
        """Where this novel drafts (``remote.servers.EngineChoice.to_dict``); {} = this computer."""
        value = self._meta.get("engine")
        return dict(value) if isinstance(value, dict) else {}

    @engine.setter
    def engine(self, value: dict[str, Any]) -> None:
        self._meta["engine"] = dict(value)
        self.save_metadata()

    def save_metadata(self) -> None:
        """Write project.json atomically (ProjectError with a sentence on failure)."""
        self._meta["format"] = FORMAT_VERSION
        self._meta["modified"] = _now()
        try:
            self._keep_keep_before_rewrite()
            write_json(self.metadata_path, self._meta)
        except OSError as error:
            raise ProjectError(
                f"The chapter list of “{self.title}” could not be saved ({error.strerror}). "
                "Your chapters are safe; free some space or check the folder's permissions."
            ) from error

    def _keep_keep_before_rewrite(self) -> None:
        """Before project.json is first rewritten in UTF-8 or without the entries opening
        left out: keep its old bytes beside it."""
        if self._keep_before_rewrite is None:
            return
        encoding, raw = self._keep_before_rewrite
        label = re.sub(r"[^\w-]+", "-", encoding.lower()).strip("-")
        kept = aside_path(self.metadata_path, label)  # project.json.<label>-<date>
        write_bytes_atomic(kept, raw)
        log.info("kept the project file (%s) as %s before rewriting it", encoding, kept)
        self._keep_before_rewrite = None

    # --- chapters ---

    @property
    def chapters(self) -> list[Chapter]:
        return [self._chapter(entry) for entry in self._meta["chapters"]]

    def chapter(self, chapter_id: str) -> Chapter:
        return self._chapter(self._meta["chapters"][self._index(chapter_id)])

    def _chapter(self, entry: dict[str, Any]) -> Chapter:
        return Chapter(entry["id"], entry["title"], self.chapters_dir / entry["file"])

    def _index(self, chapter_id: str) -> int:
        for index, entry in enumerate(self._meta["chapters"]):
            if entry["id"] == chapter_id:
                return index
        raise ProjectError("That chapter is no longer in the project.")

    def _new_file_name(self, title: str) -> str:
        """``NN-slug.md``, NN one above any number used, so names follow creation order and
        never take the name a deleted chapter would come back to."""
        taken = {entry["file"] for entry in self._meta["chapters"]}
        taken |= {str(entry.get("original_file", "")) for entry in self._meta["trash"]}
        taken |= {path.name for path in chapter_files(self.chapters_dir)}
        numbers = [int(m[1]) for name in taken if (m := re.match(r"(\d+)-", name))]
        number = max(numbers, default=0) + 1
        while f"{number:02d}-{slug(title)}.md" in taken:
            number += 1
        return f"{number:02d}-{slug(title)}.md"

    def add_chapter(self, title: str, text: str = "", after: str | None = None) -> Chapter:
        """A new chapter file, placed after chapter ``after`` (or at the end)."""
        title = title.strip() or "Untitled chapter"
        index = self._index(after) + 1 if after is not None else len(self._meta["chapters"])
        entry = {"id": _new_id(), "file": self._new_file_name(title), "title": title}
        try:
            write_bytes_atomic(self.chapters_dir / entry["file"], encode_text(text, UTF8))
        except OSError as error:
            raise ProjectError(f"“{title}” could not be created ({error.strerror}).") from error
        self._meta["chapters"].insert(index, entry)
        self.save_metadata()
        return self._chapter(entry)

    def rename_chapter(self, chapter_id: str, title: str) -> Chapter:
        """Change a chapter's title; its file keeps its name (stable for git and backups)."""
        if not title.strip():
            raise ProjectError("A chapter needs a title.")
        entry = self._meta["chapters"][self._index(chapter_id)]
        entry["title"] = title.strip()
        self.save_metadata()
        return self._chapter(entry)

    def move_chapter(self, chapter_id: str, new_index: int) -> None:
        chapters = self._meta["chapters"]
        entry = chapters.pop(self._index(chapter_id))
        chapters.insert(max(0, min(new_index, len(chapters))), entry)
        self.save_metadata()

    def delete_chapter(self, chapter_id: str) -> Path:
        """Move a chapter's file into trash/ (restorable); returns where it went."""
        index = self._index(chapter_id)
        entry = self._meta["chapters"][index]
        source = self.chapters_dir / entry["file"]
        stamp = datetime.now().strftime(_STAMP)
        target = self.trash_dir / f"{source.stem}.deleted-{stamp}{source.suffix}"
        counter = 1
        while target.exists():  # the same name deleted twice in one second
            counter += 1
            target = self.trash_dir / f"{source.stem}.deleted-{stamp}-{counter}{source.suffix}"
        try:
            self.trash_dir.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
        except FileNotFoundError:
            log.warning("chapter file %s was already gone; removing it from the list", source)
            target = source
        except OSError as error:
            raise ProjectError(
                f"“{entry['title']}” could not be moved to the trash ({error.strerror}). "
                "It is still in the project."
            ) from error
        del self._meta["chapters"][index]
        if target != source:
            self._meta["trash"].append(
                {
                    "id": entry["id"],
                    "file": target.name,
                    "title": entry["title"],
                    "original_file": entry["file"],
                    "index": index,
                    "deleted_at": _now(),
                }
            )
        self.save_metadata()
        return target

    def trashed(self) -> list[TrashEntry]:
        """Deleted chapters, most recently deleted first."""
        return [
            TrashEntry(
                entry["id"],
                entry["title"],
                self.trash_dir / entry["file"],
                str(entry.get("original_file") or entry["file"]),
                int(entry.get("index", 0)),
                str(entry.get("deleted_at", "")),
            )
            for entry in reversed(self._meta["trash"])
        ]

    def restore_chapter(self, entry: TrashEntry) -> Chapter:
        """Put a deleted chapter back at its old place (or the end, if the list got shorter)."""
        record = next((item for item in self._meta["trash"] if item["id"] == entry.id), None)
        if record is None:
            raise ProjectError(f"“{entry.title}” is no longer in the trash.")
        name = entry.original_file
        listed = {item["file"] for item in self._meta["chapters"]}
        if not _plain_name(name) or name in listed or (self.chapters_dir / name).exists():
            name = self._new_file_name(entry.title)
        try:
            self.chapters_dir.mkdir(parents=True, exist_ok=True)
            os.replace(self.trash_dir / record["file"], self.chapters_dir / name)
        except OSError as error:
            message = f"“{entry.title}” could not be restored ({error.strerror})."
            raise ProjectError(message) from error
        self._meta["trash"].remove(record)
        restored = {"id": entry.id, "file": name, "title": entry.title}
        chapters = self._meta["chapters"]
        chapters.insert(max(0, min(entry.index, len(chapters))), restored)
        self.save_metadata()
        return self._chapter(restored)

    # --- counting and archives ---

    def word_count(self, open_texts: dict[str, str] | None = None) -> WordCount:
        """The project's count; ``open_texts`` (chapter id -> editor text) wins over the disk."""
        total = WordCount()
        for chapter in self.chapters:
            total += self.word_count_of(chapter, (open_texts or {}).get(chapter.id))
        return total

    def word_count_of(self, chapter: Chapter, text: str | None = None) -> WordCount:
        """One chapter's count: of ``text`` if given (the editor's), else of the file."""
        if text is None:
            try:
                text = read_manuscript(chapter.path).text
            except (ManuscriptError, DecodeError) as error:  # counts as empty, logged
                log.warning("cannot count %s: %s", chapter.path, error)
                return WordCount()
        return count_text(text)


def _read_metadata(path: Path) -> bytes:
    """project.json's bytes; a file far too large to be a chapter list reads as damaged."""
    try:
        return read_limited(path, MAX_METADATA_BYTES)
    except TooLarge:
        return b""  # reads as damaged: kept aside, the list rebuilt from the files


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


def _writable(folder: Path) -> bool:
    """Whether new files can be made in ``folder`` (permissions, or a read-only disk)."""
    if not folder.is_dir():
        return True  # made when first needed; a failure then is reported then
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return False
    except (OSError, AttributeError):  # no statvfs on Windows
        pass
    return os.access(folder, os.W_OK | os.X_OK)


def _describe_entry(entry: object) -> str:
    if isinstance(entry, dict) and isinstance(entry.get("title"), str) and entry["title"]:
        return f"“{entry['title'][:60]}”"
    return "an entry without a title"


def _left_out_sentence(unusable: list[str], twice: list[str]) -> str:
    """One sentence naming the chapter-list entries that were not kept, and why."""
    parts = []
    if unusable:
        shown = ", ".join(unusable[:5]) + (
            f" and {len(unusable) - 5} more" if len(unusable) > 5 else ""
        )
        parts.append(f"{shown} had no usable file name (left out)")
    if twice:
        names = ", ".join(sorted(set(twice))[:5])
        parts.append(f"{names} was listed more than once (kept once)")
    return (
        "Some entries of the chapter list could not be used: "
        + "; ".join(parts)
        + ". Your chapter files were not changed, and the project file as it was is kept "
        "beside it."
    )
