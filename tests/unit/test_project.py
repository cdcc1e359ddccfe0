from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from writer_app.core.manuscript.archive import archive_project
from writer_app.core.manuscript.project import Project, ProjectError
from writer_app.core.manuscript.recent import RecentItems
from writer_app.core.manuscript.text_file import read_manuscript, save_manuscript


@pytest.fixture
def novel(tmp_path) -> Project:
    """A small project with three chapters, like a writer's first week."""
    project = Project.create(tmp_path / "The Storm", "The Storm")
    project.add_chapter("The Storm", "It rained.\n")
    project.add_chapter("第二章 风暴", "那天晚上，风很大。\n")
    project.add_chapter("Aftermath", "Quiet.\n")
    return project


def _titles(project: Project) -> list[str]:
    return [chapter.title for chapter in project.chapters]


def test_a_new_project_is_a_folder_any_editor_can_read(novel):
    folder = novel.folder
    assert (folder / "project.json").is_file()
    assert {p.name for p in folder.iterdir()} >= {"chapters", "trash", "backups", "project.json"}
    files = [chapter.path.name for chapter in novel.chapters]
    assert files == ["01-the-storm.md", "02-第二章-风暴.md", "03-aftermath.md"]
    assert novel.chapters[1].path.read_text(encoding="utf-8") == "那天晚上，风很大。\n"
    meta = json.loads((folder / "project.json").read_text(encoding="utf-8"))
    assert meta["title"] == "The Storm"
    assert [c["title"] for c in meta["chapters"]] == ["The Storm", "第二章 风暴", "Aftermath"]


def test_reopening_gives_the_same_chapters_in_the_same_order(novel):
    novel.move_chapter(novel.chapters[2].id, 0)
    novel.word_goal = 1500
    again = Project.open(novel.folder / "project.json")  # the file works as well as the folder
    assert again.chapters == novel.chapters
    assert _titles(again) == ["Aftermath", "The Storm", "第二章 风暴"]
    assert again.word_goal == 1500
    assert again.notice is None


def test_a_project_cannot_be_created_over_another(novel):
    with pytest.raises(ProjectError, match="already holds a project"):
        Project.create(novel.folder, "Again")


def test_a_folder_that_is_not_a_project_is_explained(tmp_path):
    with pytest.raises(ProjectError, match="not a writer-app project"):
        Project.open(tmp_path)


def test_renaming_changes_the_title_but_not_the_file(novel):
    chapter = novel.chapters[0]
    renamed = novel.rename_chapter(chapter.id, "Before the Storm")
    assert renamed.path == chapter.path and renamed.id == chapter.id
    assert _titles(Project.open(novel.folder))[0] == "Before the Storm"
    with pytest.raises(ProjectError):
        novel.rename_chapter(chapter.id, "   ")


def test_adding_after_a_chapter_puts_it_there(novel):
    first = novel.chapters[0]
    inserted = novel.add_chapter("Interlude", after=first.id)
    assert novel.chapters[1] == inserted
    assert inserted.path.name == "04-interlude.md"  # file numbers follow creation, not order


def test_moving_a_chapter_past_the_end_puts_it_last(novel):
    novel.move_chapter(novel.chapters[0].id, 99)
    assert _titles(novel) == ["第二章 风暴", "Aftermath", "The Storm"]


def test_a_deleted_chapter_goes_to_the_trash_and_comes_back_in_its_place(novel):
    middle = novel.chapters[1]
    in_trash = novel.delete_chapter(middle.id)
    assert not middle.path.exists()
    assert in_trash.parent == novel.folder / "trash"
    assert in_trash.read_text(encoding="utf-8") == "那天晚上，风很大。\n"
    assert _titles(novel) == ["The Storm", "Aftermath"]
    (entry,) = Project.open(novel.folder).trashed()  # survives a restart
    assert entry.title == "第二章 风暴" and entry.index == 1
    restored = novel.restore_chapter(entry)
    assert restored.id == middle.id and restored.path == middle.path
    assert restored.path.read_text(encoding="utf-8") == "那天晚上，风很大。\n"
    assert _titles(novel) == ["The Storm", "第二章 风暴", "Aftermath"]
    assert novel.trashed() == []


def test_two_chapters_deleted_in_one_second_both_stay_restorable(novel):
    first, second = novel.chapters[0], novel.chapters[1]
    novel.delete_chapter(first.id)
    novel.delete_chapter(second.id)
    assert [entry.title for entry in novel.trashed()] == ["第二章 风暴", "The Storm"]
    for entry in novel.trashed():
        novel.restore_chapter(entry)
    assert sorted(_titles(novel)) == sorted(["The Storm", "第二章 风暴", "Aftermath"])


def test_a_damaged_project_file_is_kept_and_no_chapter_is_lost(novel):
    (novel.folder / "project.json").write_text('{"title": "The Storm", "chapt', encoding="utf-8")
    reopened = Project.open(novel.folder)
    kept = list(novel.folder.glob("project.json.damaged-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8").endswith('"chapt')
    assert [c.path.name for c in reopened.chapters] == [
        "01-the-storm.md",
        "02-第二章-风暴.md",
        "03-aftermath.md",
    ]
    assert reopened.chapters[2].title == "Aftermath"
    assert "damaged" in reopened.notice and kept[0].name in reopened.notice
    assert json.loads((novel.folder / "project.json").read_text(encoding="utf-8"))["chapters"]


def test_a_chapter_file_added_by_hand_or_by_git_joins_the_list(novel):
    (novel.chapters_dir / "04-epilogue.md").write_text("# The Epilogue\n\nEnd.\n", encoding="utf-8")
    reopened = Project.open(novel.folder)
    assert _titles(reopened)[-1] == "The Epilogue"
    assert "04-epilogue.md" in reopened.notice


def test_a_project_file_cannot_point_outside_the_project(novel, tmp_path):
    meta = json.loads(novel.metadata_path.read_text(encoding="utf-8"))
    meta["chapters"].append({"id": "x", "file": "../../secret.txt", "title": "Nope"})
    novel.metadata_path.write_text(json.dumps(meta), encoding="utf-8")
    assert "Nope" not in _titles(Project.open(novel.folder))


def test_a_project_from_a_newer_version_is_left_alone(novel):
    meta = json.loads(novel.metadata_path.read_text(encoding="utf-8"))
    meta["format"] = 99
    novel.metadata_path.write_text(json.dumps(meta), encoding="utf-8")
    before = novel.metadata_path.read_bytes()
    with pytest.raises(ProjectError, match="newer writer-app"):
        Project.open(novel.folder)
    assert novel.metadata_path.read_bytes() == before


def test_metadata_that_cannot_be_written_is_reported_and_the_old_one_kept(novel, monkeypatch):
    before = novel.metadata_path.read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(ProjectError, match="could not be saved"):
        novel.rename_chapter(novel.chapters[0].id, "New title")
    assert novel.metadata_path.read_bytes() == before


def test_chapter_saves_keep_backups_inside_the_project(novel):
    chapter = novel.chapters[0]
    loaded = read_manuscript(chapter.path)
    save_manuscript(
        chapter.path,
        "It poured.\n",
        loaded.format,
        expected=loaded.fingerprint,
        backups=novel.backup_policy,
    )
    backups = list((novel.folder / "backups").rglob("01-the-storm.*.md"))
    assert [b.read_text(encoding="utf-8") for b in backups] == ["It rained.\n"]


def test_the_project_count_adds_chapters_and_prefers_open_text(novel):
    assert novel.word_count().words == 3  # It rained. Quiet.
    assert novel.word_count().han == 7  # the text 那天晚上风很大, not the title 第二章风暴
    open_text = {novel.chapters[2].id: "Quiet, very quiet.\n"}
    assert novel.word_count(open_text).words == 5


def test_an_archive_is_a_dated_zip_the_writer_can_open(novel):
    archive = archive_project(novel)
    assert archive.parent == novel.folder / "backups" / "archives"
    assert archive.name.startswith("the-storm-") and archive.suffix == ".zip"
    with zipfile.ZipFile(archive) as opened:
        names = set(opened.namelist())
        assert "The Storm/project.json" in names
        assert opened.read("The Storm/chapters/03-aftermath.md") == b"Quiet.\n"


def test_only_the_newest_ten_archives_are_kept(novel):
    made = [archive_project(novel) for _ in range(12)]
    left = sorted((novel.folder / "backups" / "archives").glob("*.zip"))
    assert len(left) == 10
    assert made[-1] in left and made[0] not in left


def test_an_archive_in_a_folder_the_writer_chose_prunes_nothing(novel, tmp_path):
    mine = tmp_path / "usb"
    mine.mkdir()
    (mine / "holiday.zip").write_bytes(b"not ours")
    for _ in range(11):
        archive_project(novel, mine)
    assert len(list(mine.glob("*.zip"))) == 12


def test_recent_items_remember_the_last_ten_most_recent_first(tmp_path):
    recent = RecentItems()
    paths = [tmp_path / f"book{n}.md" for n in range(12)]
    for path in paths:
        recent.add(path)
    recent.add(paths[3])
    items = RecentItems().items()  # a new instance reads what was saved
    assert items[0] == paths[3]
    assert items[1] == paths[11]
    assert len(items) == 10
    assert Path(os.environ["XDG_CONFIG_HOME"]) in RecentItems().path.parents


def test_a_damaged_recent_list_starts_afresh(tmp_path):
    recent = RecentItems(tmp_path / "recent.json")
    recent.path.write_text("{not json", encoding="utf-8")
    assert recent.items() == []
    recent.add(tmp_path / "book.md")
    assert recent.items() == [tmp_path / "book.md"]
