"""Story context: saved and loaded as the writer left it; a damaged file is set aside."""

from __future__ import annotations

import json

from writer_app.core.prompt.story import STORY_FILE, LoreEntry, StoryContext, StoryFile

STORY = StoryContext(
    memory="雾中的灯塔。A mystery in the first person.",
    authors_note="Short sentences.",
    note_depth=2,
    lore=(LoreEntry("外滩", ("外滩", "Bund"), "钟楼整点敲响。", priority=3, enabled=False),),
    lore_cap=2,
    scan_chars=1500,
)


def test_round_trip_through_the_project_file(tmp_path):
    StoryFile.for_project(tmp_path).save(STORY)
    assert json.loads((tmp_path / STORY_FILE).read_text("utf-8"))["memory"].startswith("雾中")
    assert StoryFile.for_project(tmp_path).context == STORY


def test_loose_manuscripts_keep_theirs_outside_the_writers_folder(tmp_path):
    chapter = tmp_path / "chapter.txt"
    StoryFile.for_manuscript(chapter).save(STORY)
    assert list(tmp_path.iterdir()) == []  # nothing beside the manuscript
    assert StoryFile.for_manuscript(chapter).context == STORY
    assert StoryFile.for_manuscript(tmp_path / "other.txt").context == StoryContext()


def test_damaged_file_is_kept_aside_and_the_story_starts_empty(tmp_path):
    (tmp_path / STORY_FILE).write_bytes(b'{"memory": "half a fi')
    loaded = StoryFile.for_project(tmp_path)
    assert loaded.context == StoryContext()
    assert [p.name.startswith("story.json.damaged-") for p in tmp_path.iterdir()] == [True]


def test_hand_edited_values_are_bounded():
    raw = {
        "memory": 5,
        "note_depth": 10_000,
        "lore_cap": True,
        "lore": [{"name": "A", "keywords": ["a", 3, " "], "text": "x"}, "junk", {"text": "y"}],
    }
    story = StoryContext.from_dict(raw)
    assert story.memory == "" and story.note_depth == 50 and story.lore_cap == 4
    assert story.lore == (LoreEntry("A", ("a",), "x"),)


def test_disabled_or_empty_entries_never_trigger():
    story = StoryContext(lore=(LoreEntry("A", ("Bund",), "text", enabled=False),))
    assert story.triggered_lore("the Bund at night") == []
    assert StoryContext(lore=(LoreEntry("B", ("Bund",), "  "),)).triggered_lore("Bund") == []
