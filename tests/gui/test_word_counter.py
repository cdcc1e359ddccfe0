"""Words are counted off the GUI thread, from the editor's text for open chapters; a count
that fails is logged and said, and the figures shown stay."""

from __future__ import annotations

from writer_app.core.manuscript.project import Project
from writer_app.ui.controllers.word_counter import WordCounter


def test_a_failed_count_is_logged_and_said_once(qtbot, qapp, caplog):
    class NotANovel:  # a snapshot the counter cannot count: it has no chapters
        pass

    counter = WordCounter(qapp, lambda: ("一二三 four five", NotANovel(), {}, "page"))
    failures: list[str] = []
    counter.failed.connect(failures.append)
    with qtbot.assertNotEmitted(counter.counted, wait=0):
        counter.count_now()
        qtbot.waitUntil(lambda: failures != [])
    assert failures == ["Words could not be counted (the details are in the log)."]
    logged = [r for r in caplog.records if r.getMessage() == "counting words failed"]
    assert logged and logged[0].exc_info is not None  # the traceback is in the log
    counter.count_now()  # fails again: logged, not said twice
    qtbot.waitUntil(lambda: len([r for r in caplog.records if "counting" in r.getMessage()]) == 2)
    assert len(failures) == 1


def test_an_open_chapter_is_counted_from_the_editor_not_read_again(qtbot, qapp, tmp_path):
    project = Project.create(tmp_path / "Novel", "Novel")
    first = project.add_chapter("One")
    second = project.add_chapter("Two")
    first.path.write_text("words on disk here", encoding="utf-8")
    second.path.write_text("三个字", encoding="utf-8")
    open_texts = {first.id: "the editor holds five words"}
    counter = WordCounter(qapp, lambda: (open_texts[first.id], project, open_texts, "chapter"))
    with qtbot.waitSignal(counter.counted) as counted:
        counter.count_now()
    shown, novel, per_chapter = counted.args
    assert shown.total == 5
    assert per_chapter == {first.id: 5, second.id: 3}  # 三个字: three 字, read from its file
    assert novel.total == 8
    with qtbot.waitSignal(counter.counted):
        counter.start_session(project, open_texts)
        counter.count_now()
    qtbot.waitUntil(lambda: counter.session_start == 8)
