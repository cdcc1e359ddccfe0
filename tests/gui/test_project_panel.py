"""The chapter sidebar, driven as a writer would, checked against the project on disk."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu, QMessageBox, QToolButton

from tests.support.dialogs import answer_question
from writer_app.core.manuscript import project as project_module
from writer_app.core.manuscript.project import Project, ProjectError
from writer_app.ui.dialogs.trash import TrashDialog
from writer_app.ui.panels.project_panel import ID_ROLE, TITLE_ROLE, ProjectPanel

CHAPTERS = ("Arrival", "The Storm", "Aftermath")
Yes, No = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


@pytest.fixture
def novel(tmp_path) -> Project:
    project = Project.create(tmp_path / "novel", "The Lighthouse")
    for title in CHAPTERS:
        project.add_chapter(title, text=f"# {title}\n\nThe words of {title.lower()}.\n")
    return project


@pytest.fixture
def told(monkeypatch) -> list[tuple[str, str]]:
    """Warnings the writer was shown (auto-answered)."""
    shown: list[tuple[str, str]] = []

    def warning(_parent, title, text, *args, **kwargs):
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    return shown


@pytest.fixture
def panel(qtbot, novel, told) -> ProjectPanel:
    widget = ProjectPanel()
    qtbot.addWidget(widget)
    widget.resize(300, 400)
    widget.set_project(novel)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def answer_title(monkeypatch, text: str, ok: bool = True) -> list[str]:
    """Auto-answer QInputDialog.getText; returns the default titles that were offered."""
    offered: list[str] = []

    def get_text(_parent, _title, _label, _echo=None, default="", *args, **kwargs):
        offered.append(default)
        return text, ok

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    return offered


def shown_titles(panel: ProjectPanel) -> list[str]:
    rows = range(panel.chapter_list.count())
    return [panel.chapter_list.item(row).data(TITLE_ROLE) for row in rows]


def titles_on_disk(project: Project) -> list[str]:
    return [chapter.title for chapter in Project.open(project.folder).chapters]


def select(panel: ProjectPanel, title: str) -> str:
    chapter_id = next(c.id for c in panel.project().chapters if c.title == title)
    assert panel.select_chapter(chapter_id)
    panel.chapter_list.setFocus()
    return chapter_id


def button(panel: ProjectPanel, name: str) -> QToolButton:
    found = panel.findChild(QToolButton, name)
    assert found is not None, name
    return found


def test_panel_shows_the_project_title_and_its_chapters_in_order(panel, novel):
    assert panel.findChild(object, "projectTitle").text() == "The Lighthouse"
    assert panel.chapter_list.objectName() == "chapterList"
    assert panel.chapter_list.accessibleName() == "Chapters"
    assert shown_titles(panel) == list(CHAPTERS)
    ids = [panel.chapter_list.item(row).data(ID_ROLE) for row in range(3)]
    assert ids == [chapter.id for chapter in novel.chapters]


def test_word_counts_and_the_unsaved_marker_show_beside_the_title(panel, novel):
    storm = novel.chapters[1].id
    panel.set_word_counts({storm: 2314})
    item = panel.chapter_list.item(1)
    assert item.text() == "The Storm — 2,314"
    panel.set_modified(storm, True)
    assert item.text() == "• The Storm — 2,314"
    assert "unsaved" in item.toolTip()
    panel.set_modified(storm, False)
    assert item.text() == "The Storm — 2,314"
    assert panel.chapter_list.item(0).text() == "Arrival"  # count not known yet
    assert not panel.chapter_list.grab().isNull()  # the quieter count paints without errors


def test_clicking_a_chapter_or_pressing_enter_opens_it(qtbot, panel, novel):
    item = panel.chapter_list.item(1)
    centre = panel.chapter_list.visualItemRect(item).center()
    with qtbot.waitSignal(panel.chapterActivated) as opened:
        qtbot.mouseClick(panel.chapter_list.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert opened.args == [novel.chapters[1].id]

    select(panel, "Aftermath")
    with qtbot.waitSignal(panel.chapterActivated) as opened:
        qtbot.keyClick(panel.chapter_list, Qt.Key.Key_Return)
    assert opened.args == [novel.chapters[2].id]


def test_add_chapter_asks_for_a_title_and_puts_it_after_the_current_chapter(
    qtbot, monkeypatch, panel, novel
):
    offered = answer_title(monkeypatch, "Interlude")
    select(panel, "Arrival")
    with qtbot.waitSignal(panel.chapterActivated) as opened:
        qtbot.mouseClick(button(panel, "addChapterButton"), Qt.MouseButton.LeftButton)
    assert offered == ["Chapter 4"]
    assert titles_on_disk(novel) == ["Arrival", "Interlude", "The Storm", "Aftermath"]
    assert shown_titles(panel) == titles_on_disk(novel)
    assert panel.current_chapter_id() == opened.args[0] == novel.chapters[1].id


def test_cancelling_the_title_adds_nothing(qtbot, monkeypatch, panel, novel):
    answer_title(monkeypatch, "Never", ok=False)
    with qtbot.assertNotEmitted(panel.chapterActivated):
        panel.add_action.trigger()
    assert titles_on_disk(novel) == list(CHAPTERS)


def test_f2_renames_the_chapter_and_its_file_keeps_its_name(qtbot, monkeypatch, panel, novel):
    storm = select(panel, "The Storm")
    before = novel.chapter(storm).path
    offered = answer_title(monkeypatch, "The Tempest")
    with qtbot.waitSignal(panel.chapterRenamed) as renamed:
        qtbot.keyClick(panel.chapter_list, Qt.Key.Key_F2)
    assert offered == ["The Storm"]
    assert renamed.args == [storm, "The Tempest"]
    assert titles_on_disk(novel) == ["Arrival", "The Tempest", "Aftermath"]
    assert Project.open(novel.folder).chapter(storm).path == before
    assert panel.current_chapter_id() == storm


def test_a_blank_title_is_refused_with_a_sentence(qtbot, monkeypatch, panel, novel, told):
    select(panel, "The Storm")
    answer_title(monkeypatch, "   ")
    with qtbot.assertNotEmitted(panel.chapterRenamed):
        button(panel, "renameChapterButton").click()
    assert told == [("Chapter Not Renamed", "A chapter needs a title.")]
    assert titles_on_disk(novel) == list(CHAPTERS)


def test_delete_asks_first_then_moves_the_chapter_to_the_trash_and_opens_its_neighbour(
    qtbot, monkeypatch, panel, novel
):
    asked = answer_question(monkeypatch, Yes)
    storm = select(panel, "The Storm")
    storm_file = novel.chapter(storm).path
    events: list[tuple[str, str, bool]] = []
    panel.chapterAboutToBeDeleted.connect(
        lambda cid: events.append(("about to delete", cid, storm_file.exists()))
    )
    panel.chapterDeleted.connect(lambda cid: events.append(("deleted", cid, storm_file.exists())))
    panel.chapterActivated.connect(lambda cid: events.append(("opened", cid, storm_file.exists())))

    qtbot.keyClick(panel.chapter_list, Qt.Key.Key_Delete)

    ((text, default),) = asked
    assert default == No
    assert "“The Storm”" in text and "trash" in text and "restore" in text
    aftermath = novel.chapters[1].id
    # The window can still save the open document while its file is in place.
    assert events == [
        ("about to delete", storm, True),
        ("deleted", storm, False),
        ("opened", aftermath, False),
    ]
    assert titles_on_disk(novel) == ["Arrival", "Aftermath"]
    assert [entry.title for entry in Project.open(novel.folder).trashed()] == ["The Storm"]
    assert shown_titles(panel) == ["Arrival", "Aftermath"]
    assert panel.current_chapter_id() == aftermath


def test_answering_no_keeps_the_chapter(qtbot, monkeypatch, panel, novel):
    answer_question(monkeypatch, No)
    select(panel, "The Storm")
    with qtbot.assertNotEmitted(panel.chapterAboutToBeDeleted):
        button(panel, "deleteChapterButton").click()
    assert titles_on_disk(novel) == list(CHAPTERS)


def test_deleting_the_only_chapter_leaves_an_empty_list_and_opens_nothing(
    qtbot, monkeypatch, tmp_path, told
):
    answer_question(monkeypatch, Yes)
    solo = Project.create(tmp_path / "solo", "Solo")
    only = solo.add_chapter("Only").id
    panel = ProjectPanel()
    qtbot.addWidget(panel)
    panel.set_project(solo)
    panel.select_chapter(only)
    with qtbot.assertNotEmitted(panel.chapterActivated):
        with qtbot.waitSignal(panel.chapterDeleted):
            panel.delete_action.trigger()
    assert panel.chapter_list.count() == 0 and panel.current_chapter_id() is None
    assert not panel.delete_action.isEnabled() and panel.add_action.isEnabled()
    assert titles_on_disk(solo) == []


def test_the_window_can_stop_a_delete_when_the_chapter_cannot_be_saved(
    qtbot, monkeypatch, panel, novel
):
    answer_question(monkeypatch, Yes)
    select(panel, "The Storm")
    panel.chapterAboutToBeDeleted.connect(lambda _cid: panel.cancel_delete())
    with qtbot.assertNotEmitted(panel.chapterDeleted):
        panel.delete_action.trigger()
    assert titles_on_disk(novel) == list(CHAPTERS)


def test_a_delete_that_fails_is_explained_and_the_chapter_reopens(
    qtbot, monkeypatch, panel, novel, told
):
    answer_question(monkeypatch, Yes)
    storm = select(panel, "The Storm")

    def refuse(*_args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(project_module.os, "replace", refuse)
    with qtbot.assertNotEmitted(panel.chapterDeleted):
        with qtbot.waitSignal(panel.chapterActivated) as reopened:
            panel.delete_action.trigger()
    monkeypatch.setattr(project_module.os, "replace", os.replace)
    assert reopened.args == [storm]
    ((title, text),) = told
    assert title == "Chapter Not Deleted"
    assert "could not be moved to the trash" in text and "Errno" not in text
    assert shown_titles(panel) == list(CHAPTERS) == titles_on_disk(novel)


def test_alt_down_and_alt_up_move_the_chapter_on_disk(qtbot, panel, novel):
    arrival = select(panel, "Arrival")
    with qtbot.waitSignal(panel.orderChanged):
        qtbot.keyClick(panel.chapter_list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert titles_on_disk(novel) == ["The Storm", "Arrival", "Aftermath"]
    assert shown_titles(panel) == ["The Storm", "Arrival", "Aftermath"]
    assert panel.current_chapter_id() == arrival  # the moved chapter stays selected

    qtbot.keyClick(panel.chapter_list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert titles_on_disk(novel) == ["The Storm", "Aftermath", "Arrival"]
    assert not panel.move_down_action.isEnabled()  # already last

    qtbot.keyClick(panel.chapter_list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert titles_on_disk(novel) == ["The Storm", "Arrival", "Aftermath"]


def test_dragging_a_chapter_to_the_end_reorders_the_project(qtbot, panel, novel):
    # QListView's InternalMove drop does exactly this moveRow; a real drag cannot run offscreen.
    with qtbot.waitSignal(panel.orderChanged):
        panel.chapter_list.model().moveRow(QModelIndex(), 0, QModelIndex(), 3)
    assert titles_on_disk(novel) == ["The Storm", "Aftermath", "Arrival"]
    assert [c.id for c in novel.chapters] == [
        panel.chapter_list.item(row).data(ID_ROLE) for row in range(3)
    ]


def test_an_order_that_cannot_be_saved_is_explained_and_the_list_follows_the_project(
    qtbot, monkeypatch, panel, novel, told
):
    select(panel, "Arrival")

    def refuse(_self):
        raise ProjectError("The chapter list of “The Lighthouse” could not be saved.")

    monkeypatch.setattr(Project, "save_metadata", refuse)
    with qtbot.assertNotEmitted(panel.orderChanged):
        qtbot.keyClick(panel.chapter_list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(told))
    assert told[0][0] == "Order Not Saved" and "could not be saved" in told[0][1]
    assert shown_titles(panel) == [chapter.title for chapter in novel.chapters]
    monkeypatch.undo()
    assert titles_on_disk(novel) == list(CHAPTERS)


def test_context_menu_offers_the_chapter_commands(qtbot, panel, novel):
    menus: list[list[str]] = []

    def choose_move_down():  # runs inside the menu's own event loop
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(10, choose_move_down)
            return
        menus.append([action.text() for action in menu.actions() if not action.isSeparator()])
        move_down = next(a for a in menu.actions() if a.text() == "Move Down")
        menu.close()
        move_down.trigger()

    select(panel, "Arrival")
    position = panel.chapter_list.visualItemRect(panel.chapter_list.item(0)).center()
    QTimer.singleShot(0, choose_move_down)
    with qtbot.waitSignal(panel.orderChanged):
        panel.chapter_list.customContextMenuRequested.emit(position)
    assert menus == [
        ["Add Chapter…", "Rename…", "Move Up", "Move Down", "Delete (Move to Trash)…", "Trash…"]
    ]
    assert titles_on_disk(novel) == ["The Storm", "Arrival", "Aftermath"]


def test_trash_restores_a_deleted_chapter_to_its_old_place(qtbot, monkeypatch, panel, novel):
    answer_question(monkeypatch, Yes)
    storm = select(panel, "The Storm")
    panel.delete_action.trigger()

    qtbot.mouseClick(button(panel, "trashButton"), Qt.MouseButton.LeftButton)
    dialog = panel.findChild(TrashDialog)
    assert dialog is not None and dialog.isVisible()
    trash_list = dialog.findChild(object, "trashList")
    assert trash_list.count() == 1
    assert trash_list.item(0).text().startswith("The Storm — deleted today at ")

    events: list[tuple[str, str]] = []
    panel.chapterRestored.connect(lambda cid: events.append(("restored", cid)))
    panel.chapterActivated.connect(lambda cid: events.append(("opened", cid)))
    restore = dialog.findChild(object, "restoreChapterButton")
    assert restore.isDefault()  # Enter restores
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert events == [("restored", storm), ("opened", storm)]
    assert titles_on_disk(novel) == list(CHAPTERS)
    assert Project.open(novel.folder).trashed() == []
    assert panel.current_chapter_id() == storm
    assert dialog.findChild(object, "trashEmpty").isVisible()
    assert not restore.isEnabled()
    dialog.reject()
    qtbot.waitUntil(lambda: panel.findChild(TrashDialog) is None)


def test_a_restore_that_fails_is_explained(qtbot, monkeypatch, panel, novel, told):
    answer_question(monkeypatch, Yes)
    select(panel, "The Storm")
    panel.delete_action.trigger()
    panel.open_trash()
    dialog = panel.findChild(TrashDialog)

    def refuse(*_args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(project_module.os, "replace", refuse)
    with qtbot.assertNotEmitted(panel.chapterRestored):
        dialog.restore_selected()
    monkeypatch.setattr(project_module.os, "replace", os.replace)
    assert told and told[0][0] == "Chapter Not Restored" and "could not be restored" in told[0][1]
    assert titles_on_disk(novel) == ["Arrival", "Aftermath"]
    assert dialog.findChild(object, "trashList").count() == 1  # still there to try again
    dialog.reject()


def test_without_a_project_only_the_empty_panel_shows(qtbot):
    panel = ProjectPanel()
    qtbot.addWidget(panel)
    panel.set_project(None)
    assert panel.findChild(object, "projectTitle").text() == "No project"
    for name in ("addChapterButton", "renameChapterButton", "deleteChapterButton", "trashButton"):
        assert not button(panel, name).isEnabled(), name
    assert panel.current_chapter_id() is None


def test_refresh_shows_chapters_added_behind_the_panel(panel, novel):
    epilogue = novel.add_chapter("Epilogue").id
    panel.set_word_counts({epilogue: 12})
    select(panel, "The Storm")
    panel.refresh()
    assert shown_titles(panel) == [*CHAPTERS, "Epilogue"]
    assert panel.chapter_list.item(3).text() == "Epilogue — 12"
    assert panel.chapter_list.currentItem().data(TITLE_ROLE) == "The Storm"
