"""Find and replace across a novel: every chapter, in the novel's order.

Chapters open in the editor are searched in the editor's text (what the writer sees, saved or
not); the others are read from disk.  Replacing in a chapter that is not open writes it
through ``save_manuscript`` (atomic, with a backup, refused if another program changed it
since it was read); an open chapter is left to the editor, which replaces in its document so
that one Ctrl+Z takes it back.  Runs on any thread: it touches no widgets.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from writer_app.core.manuscript.encoding import DecodeError, EncodeError
from writer_app.core.manuscript.project import Chapter, Project
from writer_app.core.manuscript.text_file import (
    ExternalChange,
    ManuscriptError,
    SaveError,
    read_manuscript,
    save_manuscript,
)
from writer_app.core.text.search import Query, find_all, replace_all

log = logging.getLogger(__name__)

CONTEXT_CHARS = 40  # of the line on either side of a match, in the list of results


@dataclass(frozen=True)
class Hit:
    chapter_id: str
    chapter_title: str
    start: int  # str indexes in the chapter's text
    end: int
    before: str  # the line around the match, cut to CONTEXT_CHARS each side (… where cut)
    match: str
    after: str


@dataclass
class NovelResults:
    hits: list[Hit] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # sentences: chapters not searched

    def chapters(self) -> list[str]:
        return list(dict.fromkeys(hit.chapter_id for hit in self.hits))


@dataclass
class NovelReplaced:
    count: int = 0  # matches replaced in chapters written here
    chapters: list[str] = field(default_factory=list)  # their ids
    left_to_editor: list[str] = field(default_factory=list)  # open chapters: the caller replaces
    failed: list[str] = field(default_factory=list)  # sentences: chapters left as they were


def search_novel(
    project: Project,
    query: Query,
    open_texts: dict[str, str],
    cancel: threading.Event | None = None,
) -> NovelResults:
    """Every match in the novel, chapter by chapter.  PatternError reaches the caller."""
    query.compiled()  # a broken pattern is said once, not once per chapter
    results = NovelResults()
    for chapter in project.chapters:
        if cancel is not None and cancel.is_set():
            break
        text = _text_of(chapter, open_texts, results.unreadable)
        if text is None:
            continue
        for start, end in find_all(text, query):
            results.hits.append(_hit(chapter, text, start, end))
    return results


def replace_in_novel(
    project: Project, query: Query, replacement: str, open_texts: dict[str, str]
) -> NovelReplaced:
    """Replace every match in the chapters that are not open, saving each; list the open ones
    that have matches for the caller to replace in the editor."""
    done = NovelReplaced()
    for chapter in project.chapters:
        if chapter.id in open_texts:
            if find_all(open_texts[chapter.id], query):
                done.left_to_editor.append(chapter.id)
            continue
        try:
            loaded = read_manuscript(chapter.path)
        except (ManuscriptError, DecodeError) as error:
            done.failed.append(f"“{chapter.title}” could not be read: {error}")
            continue
        new_text, count = replace_all(loaded.text, query, replacement)
        if not count:
            continue
        try:
            save_manuscript(
                chapter.path,
                new_text,
                loaded.format,
                expected=loaded.fingerprint,
                backups=project.backup_policy,
            )
        except ExternalChange:  # between reading and writing: theirs wins, untouched
            done.failed.append(
                f"“{chapter.title}” was changed by another program just now and was left as it was."
            )
            continue
        except SaveError as error:
            done.failed.append(f"“{chapter.title}” was left as it was: {error.reason}")
            continue
        except EncodeError as error:
            done.failed.append(f"“{chapter.title}” was left as it was: {error}")
            continue
        log.info("replaced %d in %s", count, chapter.path)
        done.count += count
        done.chapters.append(chapter.id)
    return done


def _text_of(chapter: Chapter, open_texts: dict[str, str], unreadable: list[str]) -> str | None:
    if chapter.id in open_texts:
        return open_texts[chapter.id]
    try:
        return read_manuscript(chapter.path).text
    except (ManuscriptError, DecodeError) as error:
        unreadable.append(f"“{chapter.title}” could not be searched: {error}")
        return None


def _hit(chapter: Chapter, text: str, start: int, end: int) -> Hit:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    cut_before, cut_after = start - CONTEXT_CHARS > line_start, end + CONTEXT_CHARS < line_end
    before = ("…" if cut_before else "") + text[max(line_start, start - CONTEXT_CHARS) : start]
    after = text[end : min(line_end, end + CONTEXT_CHARS)] + ("…" if cut_after else "")
    return Hit(chapter.id, chapter.title, start, end, before, text[start:end], after)
