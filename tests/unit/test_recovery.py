from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from writer_app.core.manuscript.journal import (
    Journal,
    JournalError,
    JournalSchedule,
    document_key,
    journal_folder,
    untitled_key,
)
from writer_app.core.manuscript.recovery import dismiss, find_recoverable, restore
from writer_app.core.manuscript.text_file import read_manuscript, save_manuscript

ROOT = Path(__file__).resolve().parents[2]


def _chapter(tmp_path: Path, text: str = "It rained.\n") -> Path:
    path = tmp_path / "chapter.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_unsaved_text_comes_back_after_a_crash(tmp_path):
    path = _chapter(tmp_path)
    journal = Journal(document_key(path), path, encoding="UTF-8")
    journal.record("It rained.\nThen the wind came.\n")
    # ... the app dies here; next start:
    (rec,), damaged = find_recoverable()
    assert damaged == []
    assert rec.path == path and rec.title == "chapter.md" and rec.encoding == "UTF-8"
    assert rec.saved_text == "It rained.\n"
    assert rec.changed
    assert restore(rec) == "It rained.\nThen the wind came.\n"
    assert "+ Then the wind came." in rec.preview()
    assert journal.file.parent == journal_folder()
    assert journal_folder().is_relative_to(Path(os.environ["XDG_STATE_HOME"]))


def test_a_never_saved_document_comes_back_with_its_last_lines(tmp_path):
    journal = Journal(untitled_key(), None)
    journal.record("\n".join(f"Line {n}" for n in range(20)))
    (rec,), _ = find_recoverable()
    assert rec.path is None and rec.saved_text is None and rec.title == "Untitled"
    assert rec.preview(max_lines=3) == "Line 17\nLine 18\nLine 19"


def test_a_torn_last_record_is_ignored_and_the_one_before_is_recovered(tmp_path):
    path = _chapter(tmp_path)
    journal = Journal(document_key(path), path)
    journal.record("first snapshot")
    journal.record("second snapshot, longer")
    size = journal.file.stat().st_size
    with open(journal.file, "r+b") as stream:  # power cut in the middle of the last append
        stream.truncate(size - 10)
    (rec,), damaged = find_recoverable()
    assert damaged == []
    assert rec.text == "first snapshot" and rec.torn


def test_a_corrupted_last_record_fails_its_checksum(tmp_path):
    journal = Journal("untitled-a", None)
    journal.record("first snapshot")
    journal.record("second snapshot")
    data = bytearray(journal.file.read_bytes())
    data[-3] ^= 0x20  # one flipped bit in the last snapshot
    journal.file.write_bytes(bytes(data))
    (rec,), _ = find_recoverable()
    assert rec.text == "first snapshot"


def test_a_record_cut_inside_its_frame_line_is_ignored(tmp_path):
    journal = Journal("untitled-b", None)
    journal.record("kept")
    with open(journal.file, "ab") as stream:
        stream.write(b"@12")
    (rec,), _ = find_recoverable()
    assert rec.text == "kept"


def test_a_garbage_journal_is_kept_aside_reported_and_never_a_crash(tmp_path):
    folder = journal_folder()
    folder.mkdir(parents=True)
    garbage = folder / "0123456789abcdef01234567.journal"
    garbage.write_bytes(b"\x00\xff not a journal at all")
    found, (damaged,) = find_recoverable()
    assert found == []
    assert not garbage.exists()
    assert damaged.path.parent == folder / "damaged"
    assert damaged.path.read_bytes() == b"\x00\xff not a journal at all"
    assert "could not be used" in damaged.reason and str(damaged.path) in damaged.reason
    assert find_recoverable() == ([], [])  # reported once, not at every start


def test_a_journal_with_a_header_but_no_whole_record_is_damaged(tmp_path):
    journal = Journal("untitled-c", None)
    journal.record("text")
    journal.file.write_bytes(journal.file.read_bytes().split(b"\n")[0] + b"\n@4 0000")
    found, (damaged,) = find_recoverable()
    assert found == [] and "no complete copy" in damaged.reason


def test_text_survives_kill_9_of_the_app(tmp_path):
    path = _chapter(tmp_path)
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from writer_app.core.manuscript.journal import Journal
        journal = Journal({str(path)!r}, Path({str(path)!r}))
        journal.record("It rained.\\n风很大。")
        journal.record("It rained.\\n风很大。And then the wind came.")
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=os.environ.copy())
    assert result.returncode == -9
    (rec,), _ = find_recoverable()
    assert rec.text == "It rained.\n风很大。And then the wind came."


def test_a_clean_save_and_exit_leave_nothing_to_recover(tmp_path):
    path = _chapter(tmp_path)
    journal = Journal(document_key(path), path)
    journal.record("It rained hard.\n")
    save_manuscript(path, "It rained hard.\n", read_manuscript(path).format, expected=None)
    journal.discard()
    assert not journal.file.exists()
    assert find_recoverable() == ([], [])


def test_a_journal_that_matches_the_file_is_not_offered_and_is_cleared(tmp_path):
    path = _chapter(tmp_path)
    journal = Journal(document_key(path), path)
    journal.record("It rained.\n")  # saved, then the app crashed before discarding
    assert find_recoverable() == ([], [])
    assert not journal.file.exists()


def test_a_deleted_file_still_gets_its_text_back(tmp_path):
    path = _chapter(tmp_path)
    Journal(document_key(path), path).record("It rained.\nMore.\n")
    path.unlink()
    (rec,), _ = find_recoverable()
    assert rec.saved_text is None and rec.changed and "More." in rec.preview()


def test_the_preview_is_short_even_for_many_changes(tmp_path):
    path = _chapter(tmp_path, "".join(f"line {n}\n" for n in range(100)))
    Journal(document_key(path), path).record("".join(f"LINE {n}\n" for n in range(100)))
    (rec,), _ = find_recoverable()
    lines = rec.preview(max_lines=8).splitlines()
    assert len(lines) == 8 and lines[0] == "- line 0" and lines[-1].startswith("… and ")


def test_a_long_chinese_paragraph_previews_around_the_change(tmp_path):
    paragraph = "风" * 500
    path = _chapter(tmp_path, paragraph + "\n")
    Journal(document_key(path), path).record(paragraph + "雨停了。\n")
    (rec,), _ = find_recoverable()
    added = [line for line in rec.preview().splitlines() if line.startswith("+")]
    assert len(added[0]) < 130 and added[0].endswith("雨停了。")


def test_every_record_is_fsynced(tmp_path, monkeypatch):
    calls = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append(fd) or real_fsync(fd))
    journal = Journal("untitled-d", None)
    for n in range(3):
        before = len(calls)
        journal.record(f"text {n}")
        assert len(calls) > before


def test_the_journal_is_compacted_to_about_four_times_the_text(tmp_path):
    journal = Journal("untitled-e", None)
    text = "x" * 100_000
    for n in range(30):
        journal.record(text + str(n))
        assert journal.file.stat().st_size <= 4 * 100_010 + 1000
    (rec,), _ = find_recoverable()
    assert rec.text == text + "29"


def test_half_an_emoji_in_the_editor_does_not_break_autosave(tmp_path):
    Journal("untitled-f", None).record("broken \ud83d emoji")
    (rec,), _ = find_recoverable()
    assert rec.text == "broken \ud83d emoji"


def test_autosave_that_cannot_write_says_so_in_a_sentence(tmp_path):
    blocker = tmp_path / "state-is-a-file"
    blocker.write_text("")
    journal = Journal("untitled-g", None, folder=blocker)
    with pytest.raises(JournalError) as caught:
        journal.record("words")
    assert "Save your work now" in str(caught.value) and "Errno" not in str(caught.value)


def test_an_earlier_sessions_journal_is_kept_aside_not_overwritten(tmp_path):
    path = _chapter(tmp_path)
    Journal(document_key(path), path).record("from the crashed session")
    # The app opened the document again before offering recovery (a UI mistake):
    Journal(document_key(path), path).record("new session")
    (kept,) = (journal_folder() / "previous").iterdir()
    assert b"from the crashed session" in kept.read_bytes()


def test_a_restored_document_takes_its_journal_over(tmp_path):
    path = _chapter(tmp_path)
    Journal(document_key(path), path).record("recovered words")
    (rec,), _ = find_recoverable()
    journal = Journal.resume(rec)
    journal.record("recovered words and more")
    assert not (journal_folder() / "previous").exists()
    (again,), _ = find_recoverable()  # crashed again before saving
    assert again.text == "recovered words and more"
    journal.discard()
    assert find_recoverable() == ([], [])


def test_a_journal_the_writer_declined_is_kept_aside(tmp_path):
    Journal("untitled-h", None).record("not wanted")
    (rec,), _ = find_recoverable()
    kept = dismiss(rec)
    assert kept is not None and kept.parent.name == "dismissed" and kept.exists()
    assert find_recoverable() == ([], [])


def test_schedule_records_after_a_one_second_pause():
    schedule = JournalSchedule()
    assert not schedule.due(10.0)  # nothing typed yet
    assert not schedule.note_edit(5, now=10.0)
    assert not schedule.due(10.5)
    assert schedule.due(11.0)
    schedule.mark_recorded(11.0)
    assert not schedule.due(20.0) and not schedule.dirty


def test_schedule_records_every_200_characters_while_typing_on():
    schedule = JournalSchedule()
    now = 0.0
    for _ in range(199):
        now += 0.1  # never pauses
        assert not schedule.note_edit(1, now)
        assert not schedule.due(now)
    assert schedule.note_edit(1, now + 0.1)
    schedule.mark_recorded(now + 0.1)
    assert not schedule.note_edit(1, now + 0.2)
