"""Find and replace across a novel's chapters, on real files."""

from __future__ import annotations

import pytest

from writer_app.core.manuscript.backups import list_backups
from writer_app.core.manuscript.novel_search import replace_in_novel, search_novel
from writer_app.core.manuscript.project import Project
from writer_app.core.text.search import PatternError, Query


@pytest.fixture
def novel(tmp_path) -> Project:
    project = Project.create(tmp_path / "The Storm", "The Storm")
    project.add_chapter("One", "Mara walked to the harbour.\nThe sea was grey.\n")
    project.add_chapter("二", "玛拉在港口等着。Mara 没有说话。\n")
    project.add_chapter("Three", "Nobody came.\nMara laughed; Marana did not.\n")
    return project


def test_every_chapter_is_searched_in_order_with_the_line_around_each_match(novel):
    results = search_novel(novel, Query("Mara", whole_word=True), {})
    titles = [hit.chapter_title for hit in results.hits]
    assert titles == ["One", "二", "Three"]
    last = results.hits[-1]
    assert (last.before, last.match, last.after) == ("", "Mara", " laughed; Marana did not.")
    assert results.chapters() == [c.id for c in novel.chapters]


def test_an_open_chapter_is_searched_as_the_editor_holds_it(novel):
    first = novel.chapters[0]
    results = search_novel(novel, Query("Mara"), {first.id: "Unsaved: no name here."})
    assert [hit.chapter_title for hit in results.hits] == ["二", "Three", "Three"]


def test_a_broken_pattern_is_refused_before_any_chapter_is_read(novel):
    with pytest.raises(PatternError):
        search_novel(novel, Query("(Mara", regex=True), {})


def test_replace_writes_closed_chapters_with_backups_and_leaves_open_ones(novel):
    one, two, three = novel.chapters
    done = replace_in_novel(novel, Query("Mara", whole_word=True), "玛拉", {one.id: "Mara!"})
    assert done.left_to_editor == [one.id]
    assert done.chapters == [two.id, three.id] and done.count == 2
    assert one.path.read_text("utf-8") == "Mara walked to the harbour.\nThe sea was grey.\n"
    assert two.path.read_text("utf-8") == "玛拉在港口等着。玛拉 没有说话。\n"
    assert three.path.read_text("utf-8") == "Nobody came.\n玛拉 laughed; Marana did not.\n"
    assert list_backups(three.path, novel.backup_policy)  # the old words are kept


def test_a_read_only_chapter_is_left_as_it_was_and_said(novel):
    three = novel.chapters[2]
    three.path.chmod(0o444)
    done = replace_in_novel(novel, Query("Nobody"), "Everybody", {})
    assert done.count == 0 and "“Three” was left as it was" in done.failed[0]
    assert three.path.read_text("utf-8").startswith("Nobody came.")


def test_a_long_line_is_cut_around_the_match_and_says_so(tmp_path):
    project = Project.create(tmp_path / "Long", "Long")
    project.add_chapter("Only", "风" * 100 + "Mara" + "雨" * 100 + "\n")
    (hit,) = search_novel(project, Query("Mara"), {}).hits
    assert hit.before == "…" + "风" * 40 and hit.after == "雨" * 40 + "…"
