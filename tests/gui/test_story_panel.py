"""The Story panel as a writer fills it: the prompt view shows it, the novel keeps it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.test_drafting_loop import put_text, suggest_and_finish
from writer_app.core.manuscript.project import Project
from writer_app.core.prompt.story import STORY_FILE, StoryFile

MEMORY = "A ghost story told by the keeper's daughter, in the first person."
LORE = "The lamp room has a brass door that sticks in wet weather."


def fill_story(qtbot, window, keywords: str = "lamp room, 灯室") -> None:
    panel = window.story.panel
    window.story.show_panel()
    panel.memory_edit.setPlainText(MEMORY)
    panel.note_edit.setPlainText("Slow, quiet sentences.")
    qtbot.mouseClick(panel.add_lore_button, Qt.MouseButton.LeftButton)
    panel.lore_name_edit.setText("Lamp room")
    panel.lore_keywords_edit.setText(keywords)
    with qtbot.waitSignal(panel.storyEdited, timeout=5_000):
        panel.lore_text_edit.setPlainText(LORE)


def test_filled_story_panel_shows_in_the_prompt_and_the_budget(qtbot, window):
    put_text(
        window,
        "I climbed the stairs.\n\nI waited.\n\nThe wind rose.\n\nAt the lamp room I stopped and",
    )
    fill_story(qtbot, window)
    suggest_and_finish(qtbot, window)

    dialog = window.story.show_prompt()
    sent = dialog.text_view.toPlainText()
    assert sent.startswith(MEMORY)
    assert LORE in sent
    assert "[Author's note: Slow, quiet sentences.]" in sent
    assert sent.endswith("At the lamp room I stopped and")
    # the note goes three paragraphs before the cursor (its own paragraph counts as one)
    assert sent.index(LORE) < sent.index("I climbed") < sent.index("[Author's note")
    assert sent.index("[Author's note") < sent.index("I waited")
    legend = window.story.panel.budget_bar.legend.text()
    assert "Memory:" in legend and "Lore:" in legend and "Story:" in legend
    assert legend.startswith(f"Context: {window.story.last_prompt.report.n_ctx:,} tokens")
    assert window.story.last_prompt.report.lore_used == ("Lamp room",)
    dialog.close()


def test_lore_stays_out_until_its_keyword_is_near_the_cursor(qtbot, window):
    put_text(window, "I climbed the stairs in the dark and")
    fill_story(qtbot, window)
    suggest_and_finish(qtbot, window)
    assert LORE not in window.story.last_prompt.text
    assert window.story.last_prompt.report.lore_used == ()


def test_chinese_keyword_triggers_lore_without_spaces(qtbot, window):
    put_text(window, "她推开灯室的门，")
    fill_story(qtbot, window)
    suggest_and_finish(qtbot, window)
    assert LORE in window.story.last_prompt.text


def test_the_novel_keeps_its_story_context(qtbot, make_window, tmp_path):
    project = Project.create(tmp_path / "keeper", "The Keeper")
    project.add_chapter("One", "The lamp room was cold.\n")
    window = make_window()
    assert window.files.open_project(project.folder)
    fill_story(qtbot, window)
    window.close()
    assert (project.folder / STORY_FILE).is_file()
    assert StoryFile.for_project(project.folder).context.memory == MEMORY

    again = make_window()
    assert again.files.open_project(project.folder)
    panel = again.story.panel
    assert panel.memory_edit.toPlainText() == MEMORY
    assert panel.note_edit.toPlainText() == "Slow, quiet sentences."
    assert panel.lore_list.count() == 1
    panel.lore_list.setCurrentRow(0)
    assert panel.lore_keywords_edit.text() == "lamp room, 灯室"
    assert panel.lore_text_edit.toPlainText() == LORE
