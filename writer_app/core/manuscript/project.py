"""A novel as a folder: one plain file per chapter, the order and titles in ``project.json``.

The writer's words stay readable by any editor and by git; the metadata only says how they fit
together. Every change writes the chapter files first and the metadata second, and opening a
project reconciles the two (``project_file``), so a crash between them never loses a chapter.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from writer_app.core.manuscript.encoding import UTF8, DecodeError, encode_text
from writer_app.core.manuscript.project_file import (
    FORMAT_VERSION,
    PROJECT_FILE,
    chapter_files,
    iso_now,
    keep_old_bytes,
    new_id,
    parse_metadata,
    plain_name,
    read_metadata,
    reconcile,
    writable,
)
from writer_app.core.manuscript.text_file import BackupPolicy, ManuscriptError, read_manuscript
from writer_app.core.manuscript.trash import TrashEntry, trash_entries, trash_path
from writer_app.core.storage.atomic import write_bytes_atomic
from writer_app.core.storage.paths import writer_path
from writer_app.core.storage.state_files import move_aside, write_json
from writer_app.core.text import sentence
from writer_app.core.text.spelling import clean_words, personal_key
from writer_app.core.text.wordcount import WordCount, count_text

log = logging.getLogger(__name__)


MAX_BANNED = 1000  # banned phrases kept per novel; a longer list is a paste accident


class ProjectError(Exception):
    """A project could not be opened or changed; the message is for the writer."""


@dataclass(frozen=True)
class Chapter:
    id: str  # stable for the life of the chapter: survives renames, moves and the trash
    title: str
    path: Path


def slug(title: str, limit: int = 40) -> str:
    """A file-name-safe form of a title; Chinese titles keep their characters."""
    words = re.sub(r"\W+", "-", title.strip().lower()).strip("-_")
    return words[:limit].rstrip("-_") or "chapter"


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

    @property
    def backup_policy(self) -> BackupPolicy:
        return BackupPolicy(folder=self.folder / "backups")

    # --- creating and opening ---

    @classmethod
    def create(cls, folder: Path, title: str) -> Project:
        """A new, empty project in ``folder`` (which may exist but must not be a project)."""
        folder = Path(folder)
        if (folder / PROJECT_FILE).exists():
            raise ProjectError(
                sentence.translate(
                    "Project", "{folder} already holds a project. Open it instead."
                ).format(folder=folder)
            )
        meta = {
            "title": title.strip() or folder.name,
            "created": iso_now(),
            "word_goal": 0,
            "chapters": [],
            "trash": [],
        }
        try:
            for sub in ("chapters", "trash", "backups"):
                (folder / sub).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ProjectError(
                sentence.translate(
                    "Project",
                    "The project folder {folder} could not be created ({reason}). "
                    "Choose a folder you can write to.",
                ).format(folder=folder, reason=error.strerror)
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
        raw = _read_or_refuse(folder, path)
        notes: list[str] = []
        legacy: str | None = None
        try:
            meta, legacy = parse_metadata(raw)
        except (ValueError, RecursionError) as error:
            meta, damaged = _set_damaged_aside(folder, path, error)
            notes.append(damaged)
        if isinstance(meta.get("format"), int) and meta["format"] > FORMAT_VERSION:
            raise ProjectError(
                sentence.translate(
                    "Project", "{folder} was saved by a newer writer-app; update to open it."
                ).format(folder=folder)
            )
        project = cls(folder, meta)
        project._settle(raw, legacy, notes)
        log.info("opened project %s (%d chapters)", folder, len(project._meta["chapters"]))
        return project

    def _settle(self, raw: bytes, legacy: str | None, notes: list[str]) -> None:
        """Opening's last steps: reconcile the list with the files, keep project.json's old
        bytes where it will be rewritten, set ``notice``, and write what was repaired.

        ``raw``: project.json as read; ``legacy``: the encoding it was read in when not UTF-8;
        ``notes``: what opening has to tell so far.
        """
        if legacy is not None:
            self._keep_before_rewrite = (legacy, raw)
            notes.append(
                sentence.translate(
                    "Project",
                    "The project file is in an older encoding ({encoding}); writer-app read it as "
                    "such and will save it as UTF-8 from now on, keeping the original beside it.",
                ).format(encoding=legacy)
            )
        before = json.dumps(self._meta, sort_keys=True)
        repairs = reconcile(
            self._meta,
            chapters_dir=self.chapters_dir,
            trash_dir=self.trash_dir,
            default_title=self.folder.name,
            rebuilding=bool(notes),
        )
        if repairs.left_out and self._keep_before_rewrite is None:
            self._keep_before_rewrite = ("before-repair", raw)
        notes.extend(repairs.notes)
        if not writable(self.folder) or not writable(self.chapters_dir):
            notes.append(
                sentence.translate(
                    "Project",
                    "This novel's folder is read-only: you can read and edit it, but saving will "
                    "fail. Copy the folder somewhere you can write to, and open the copy.",
                )
            )
        self.notice = sentence.joined(notes) or None
        if json.dumps(self._meta, sort_keys=True) != before:
            try:
                self.save_metadata()
            except ProjectError as error:  # a read-only copy still opens
                log.warning("could not write the repaired project file: %s", error)

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

    @property
    def spelling_language(self) -> str:
        """The dictionary this novel is checked with (en_GB…); "" = the writer's default,
        "off" = not checked (a Chinese novel). Setting it saves."""
        value = self._meta.get("spelling_language")
        return value if isinstance(value, str) and len(value) <= 40 else ""

    @spelling_language.setter
    def spelling_language(self, value: str) -> None:
        self._meta["spelling_language"] = value
        self.save_metadata()

    @property
    def dictionary(self) -> list[str]:
        """The novel's own words (its characters' names, its places)."""
        return clean_words(self._meta.get("dictionary"))

    def add_to_dictionary(self, word: str) -> None:
        """Keep ``word`` as right in this novel (saves; ProjectError on failure)."""
        words = self.dictionary
        if personal_key(word) not in {personal_key(w) for w in words}:
            self._meta["dictionary"] = sorted([*words, word], key=str.casefold)
            self.save_metadata()

    @property
    def author(self) -> str:
        """The author's name as exports print it; setting it saves."""
        value = self._meta.get("author")
        return value.strip()[:200] if isinstance(value, str) else ""

    @author.setter
    def author(self, value: str) -> None:
        self._meta["author"] = value.strip()[:200]
        self.save_metadata()

    @property
    def banned_phrases(self) -> list[str]:
        """Words and phrases the model must never write in this novel (core.drafting.bans
        tidies and matches them); setting the list saves."""
        value = self._meta.get("banned_phrases")
        if not isinstance(value, list):
            return []
        return [phrase for phrase in value if isinstance(phrase, str)][:MAX_BANNED]

    @banned_phrases.setter
    def banned_phrases(self, phrases: list[str]) -> None:
        self._meta["banned_phrases"] = list(phrases)[:MAX_BANNED]
        self.save_metadata()

    @property
    def voice(self) -> tuple[str, float]:
        """The voice this novel is drafted with: the adapter's file name in the voices folder
        ("" = none) and its strength (0-1); setting it saves."""
        value = self._meta.get("voice")
        if not isinstance(value, dict) or not isinstance(value.get("adapter"), str):
            return "", 1.0
        strength = value.get("strength")
        if not isinstance(strength, int | float) or isinstance(strength, bool):
            strength = 1.0
        return value["adapter"][:255], min(1.0, max(0.0, float(strength)))

    @voice.setter
    def voice(self, value: tuple[str, float]) -> None:
        self._meta["voice"] = {"adapter": value[0], "strength": round(value[1], 2)}
        self.save_metadata()

    def save_metadata(self) -> None:
        """Write project.json atomically (ProjectError with a sentence on failure)."""
        self._meta["format"] = FORMAT_VERSION
        self._meta["modified"] = iso_now()
        try:
            self._keep_keep_before_rewrite()
            write_json(self.metadata_path, self._meta)
        except OSError as error:
            raise ProjectError(
                sentence.translate(
                    "Project",
                    "The chapter list of “{title}” could not be saved ({reason}). "
                    "Your chapters are safe; free some space or check the folder's permissions.",
                ).format(title=self.title, reason=error.strerror)
            ) from error

    def _keep_keep_before_rewrite(self) -> None:
        """Before project.json is first rewritten in UTF-8 or without the entries opening
        left out: keep its old bytes beside it."""
        if self._keep_before_rewrite is None:
            return
        encoding, raw = self._keep_before_rewrite
        kept = keep_old_bytes(self.metadata_path, encoding, raw)
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
        raise ProjectError(
            sentence.translate("Project", "That chapter is no longer in the project.")
        )

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
        entry = {"id": new_id(), "file": self._new_file_name(title), "title": title}
        try:
            write_bytes_atomic(self.chapters_dir / entry["file"], encode_text(text, UTF8))
        except OSError as error:
            raise ProjectError(
                sentence.translate("Project", "“{title}” could not be created ({reason}).").format(
                    title=title, reason=error.strerror
                )
            ) from error
        self._meta["chapters"].insert(index, entry)
        self.save_metadata()
        return self._chapter(entry)

    def rename_chapter(self, chapter_id: str, title: str) -> Chapter:
        """Change a chapter's title; its file keeps its name (stable for git and backups)."""
        if not title.strip():
            raise ProjectError(sentence.translate("Project", "A chapter needs a title."))
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
        target = trash_path(source, self.trash_dir)
        try:
            self.trash_dir.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
        except FileNotFoundError:
            log.warning("chapter file %s was already gone; removing it from the list", source)
            target = source
        except OSError as error:
            raise ProjectError(
                sentence.translate(
                    "Project",
                    "“{title}” could not be moved to the trash ({reason}). "
                    "It is still in the project.",
                ).format(title=entry["title"], reason=error.strerror)
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
                    "deleted_at": iso_now(),
                }
            )
        self.save_metadata()
        return target

    def trashed(self) -> list[TrashEntry]:
        """Deleted chapters, most recently deleted first."""
        return trash_entries(self._meta["trash"], self.trash_dir)

    def restore_chapter(self, entry: TrashEntry) -> Chapter:
        """Put a deleted chapter back at its old place (or the end, if the list got shorter)."""
        record = next((item for item in self._meta["trash"] if item["id"] == entry.id), None)
        if record is None:
            raise ProjectError(
                sentence.translate("Project", "“{title}” is no longer in the trash.").format(
                    title=entry.title
                )
            )
        name = entry.original_file
        listed = {item["file"] for item in self._meta["chapters"]}
        if not plain_name(name) or name in listed or (self.chapters_dir / name).exists():
            name = self._new_file_name(entry.title)
        try:
            self.chapters_dir.mkdir(parents=True, exist_ok=True)
            os.replace(self.trash_dir / record["file"], self.chapters_dir / name)
        except OSError as error:
            message = sentence.translate(
                "Project", "“{title}” could not be restored ({reason})."
            ).format(title=entry.title, reason=error.strerror)
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


def _read_or_refuse(folder: Path, path: Path) -> bytes:
    """project.json's bytes; ProjectError with a sentence when it cannot be read at all."""
    try:
        return read_metadata(path)
    except FileNotFoundError:
        raise ProjectError(
            sentence.translate("Project", "{folder} is not a writer-app project.").format(
                folder=folder
            )
        ) from None
    except IsADirectoryError:
        raise ProjectError(
            sentence.translate(
                "Project",
                "{folder} cannot be opened: its {file} is a folder, not a file. "
                "Rename that folder, then open the novel again.",
            ).format(folder=folder, file=PROJECT_FILE)
        ) from None
    except OSError as error:
        raise ProjectError(
            sentence.translate(
                "Project",
                "{folder} could not be opened ({reason}). Check that you "
                "may read the folder and its project file.",
            ).format(folder=folder, reason=error.strerror or error)
        ) from error


def _set_damaged_aside(folder: Path, path: Path, error: Exception) -> tuple[dict[str, Any], str]:
    """A damaged project.json, kept aside (ProjectError when it cannot be, so the rebuilt list
    never overwrites it): the empty metadata to rebuild from the files, and what to tell."""
    log.warning("damaged %s: %s", path, error)
    try:
        kept = move_aside(path)  # project.json.damaged-<date>: never an older one
    except OSError as move_error:
        raise ProjectError(
            sentence.translate(
                "Project",
                "The project file in {folder} is damaged and could not be set aside "
                "({reason}). Your chapter files are untouched.",
            ).format(folder=folder, reason=move_error.strerror)
        ) from move_error
    meta = {"title": folder.name, "created": iso_now(), "chapters": []}
    return meta, sentence.translate(
        "Project",
        "The project file was damaged. It was kept as {name}, and the chapter list "
        "was rebuilt from the chapter files: please check their order and titles.",
    ).format(name=kept.name)
