"""The writer's files and the app's own files about them, kept whole whatever they hold.

- A file that mixes CRLF, LF and CR lines keeps each line's ending when saved.
- A failed save offers a real Save As…; a Latin-1 project.json keeps its title; chapter-list
  entries left out and a read-only novel folder are said at open.
- A corpus of damaged project.json / story / history / recent / journal files, each loaded
  through the function the window uses: nothing escapes, the writer is told where the window
  would tell them, the original bytes stay on disk, nothing is written outside the folder.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from writer_app.core.drafting.history import HistoryFile
from writer_app.core.manuscript.journal import journal_folder
from writer_app.core.manuscript.line_endings import decode_as_saved, split_lines
from writer_app.core.manuscript.project import Project, ProjectError
from writer_app.core.manuscript.project_file import PROJECT_FILE
from writer_app.core.manuscript.recent import RecentItems
from writer_app.core.manuscript.recovery import find_recoverable
from writer_app.core.manuscript.text_file import read_manuscript, save_manuscript
from writer_app.core.prompt.story import StoryFile
from writer_app.ui.main_window import MainWindow

# --- mixed line endings ------------------------------------------------------------------------

_LINE_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x00"), max_size=12
)
_ENDING = st.sampled_from(["\r\n", "\n", "\r"])
_ENCODING = st.sampled_from(["utf-8", "utf-8-sig", "utf-16"])


@st.composite
def mixed_files(draw) -> tuple[list[str], list[str], str]:
    """(lines, their endings, encoding): the last line may or may not end with a break."""
    lines = draw(st.lists(_LINE_TEXT, min_size=1, max_size=25))
    endings = [draw(_ENDING) for _ in lines[:-1]] + [draw(st.sampled_from(["", "\r\n", "\r"]))]
    return lines, endings, draw(_ENCODING)


def _encoded(lines: list[str], endings: list[str], encoding: str) -> bytes:
    text = "".join(line + end for line, end in zip(lines, endings, strict=True))
    if encoding == "utf-16":
        return b"\xff\xfe" + text.encode("utf-16-le")
    return text.encode(encoding)


def _endings_on_disk(data: bytes, encoding: str) -> list[str]:
    raw = decode_as_saved(data, encoding)
    assert raw is not None
    return split_lines(raw)[1]


@settings(max_examples=150, deadline=None)
@given(mixed_files())
def test_a_mixed_file_saved_unedited_is_byte_identical(sample):
    lines, endings, encoding = sample
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chapter.txt"
        original = _encoded(lines, endings, encoding)
        path.write_bytes(original)
        loaded = read_manuscript(path)
        save_manuscript(path, loaded.text, loaded.format, expected=loaded.fingerprint)
        assert path.read_bytes() == original


@settings(max_examples=150, deadline=None)
@given(mixed_files(), st.data())
def test_one_character_typed_in_a_mixed_file_keeps_every_other_lines_ending(sample, data):
    lines, endings, encoding = sample
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chapter.txt"
        original = _encoded(lines, endings, encoding)
        path.write_bytes(original)
        loaded = read_manuscript(path)
        before = _endings_on_disk(original, encoding)
        edited_lines = loaded.text.split("\n")
        line = data.draw(st.integers(0, len(edited_lines) - 1), label="line")
        at = data.draw(st.integers(0, len(edited_lines[line])), label="column")
        edited_lines[line] = edited_lines[line][:at] + "x" + edited_lines[line][at:]
        save_manuscript(path, "\n".join(edited_lines), loaded.format, expected=loaded.fingerprint)
        after = _endings_on_disk(path.read_bytes(), encoding)
        assert len(after) == len(before)
        for index, (old, new) in enumerate(zip(before, after, strict=True)):
            if index != line:
                assert new == old, f"line {index + 1} lost its ending"
        assert after[line] == before[line]  # the edited line, too, keeps its own


def test_a_line_the_writer_adds_takes_the_files_most_common_ending(tmp_path):
    path = tmp_path / "chapter.txt"
    path.write_bytes(b"one\r\ntwo\r\nthree\nfour\r")
    loaded = read_manuscript(path)
    text = loaded.text.replace("two\n", "two\nnew line\n")
    save_manuscript(path, text, loaded.format, expected=loaded.fingerprint)
    assert path.read_bytes() == b"one\r\ntwo\r\nnew line\r\nthree\nfour\r"


# --- the window --------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, monkeypatch):
    """The real main window; warnings are answered and remembered in ``window.told``."""
    told: list[tuple[str, str]] = []

    def warning(_parent, title, text, *args, **kwargs):
        told.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    shown = MainWindow()
    shown.told = told
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is shown)
    yield shown
    shown.shutdown()


def _type_and_save(qtbot, window, text: str) -> None:
    window.editor.setFocus()
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(window.editor, text)
    qtbot.keyClick(window.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_typing_one_character_in_a_mixed_file_and_saving_keeps_its_line_endings(
    qtbot, window, tmp_path
):
    chapter = tmp_path / "mixed.txt"
    chapter.write_bytes(b"Windows line\r\nUnix line\nOld Mac line\rLast")
    window.files.open_path(chapter)
    _type_and_save(qtbot, window, "!")
    assert chapter.read_bytes() == b"Windows line\r\nUnix line\nOld Mac line\rLast!"


def test_a_read_only_file_offers_a_save_as_button_that_saves_elsewhere(
    qtbot, window, tmp_path, monkeypatch
):
    chapter = tmp_path / "locked.txt"
    chapter.write_text("Locked words.\n", encoding="utf-8")
    chapter.chmod(0o444)
    window.files.open_path(chapter)
    offered: list[list[str]] = []

    def press_save_as(box) -> int:
        offered.append([b.text().replace("&", "") for b in box.buttons()])
        next(b for b in box.buttons() if b.text() == "Save As…").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", press_save_as)
    elsewhere = tmp_path / "copy.txt"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(elsewhere), ""))
    )
    _type_and_save(qtbot, window, "More.")
    assert not [t for t in window.told if t[0] == "Not saved"], "a dialog without Save As…"
    assert offered and "Save As…" in offered[0]
    assert elsewhere.read_text(encoding="utf-8") == "Locked words.\nMore."
    assert chapter.read_text(encoding="utf-8") == "Locked words.\n"
    assert window.files.current.path == elsewhere


def _novel(folder: Path, meta: dict, encoding: str = "utf-8") -> bytes:
    (folder / "chapters").mkdir(parents=True)
    for entry in meta.get("chapters", []):
        if (
            isinstance(entry, dict)
            and isinstance(entry.get("file"), str)
            and "/" not in entry["file"]
        ):
            (folder / "chapters" / entry["file"]).write_text("Words.\n", encoding="utf-8")
    data = json.dumps(meta, ensure_ascii=False, indent=2).encode(encoding)
    (folder / PROJECT_FILE).write_bytes(data)
    return data


def test_a_latin1_project_file_keeps_its_title_and_is_kept_aside_when_rewritten(tmp_path):
    folder = tmp_path / "novel"
    meta = {
        "title": "Ménage à trois",
        "chapters": [{"id": "a1", "file": "01-début.md", "title": "Début"}],
        "trash": [],
        "word_goal": 0,
    }
    original = _novel(folder, meta, "latin-1")
    project = Project.open(folder)
    assert project.title == "Ménage à trois"
    assert [c.title for c in project.chapters] == ["Début"]
    assert project.notice and "encoding" in project.notice
    assert (folder / PROJECT_FILE).read_bytes() == original  # not rewritten just by opening

    project.rename_chapter("a1", "Le début")  # the next save
    assert json.loads((folder / PROJECT_FILE).read_bytes().decode("utf-8"))["title"] == (
        "Ménage à trois"
    )
    kept = [p for p in folder.iterdir() if p.name.startswith(PROJECT_FILE + ".")]
    assert [p.read_bytes() for p in kept] == [original]


def test_chapter_entries_left_out_at_open_are_named_to_the_writer(qtbot, window, tmp_path):
    folder = tmp_path / "novel"
    meta = {
        "title": "Novel",
        "chapters": [
            {"id": "a", "file": "01-one.md", "title": "One"},
            {"id": "b", "file": "01-one.md", "title": "One again"},
            {"id": "c", "file": "../../outside.md", "title": "Escape"},
            "not an entry",
        ],
    }
    _novel(folder, meta)
    assert window.files.open_project(folder)
    sentences = [text for _title, text in window.told]
    assert len(sentences) == 1
    told = sentences[0]
    assert "01-one.md" in told and "more than once" in told
    assert "“Escape”" in told and "no usable file name" in told
    assert [c.title for c in window.files.project.chapters] == ["One"]


def test_a_read_only_novel_folder_is_said_at_open(qtbot, window, tmp_path, monkeypatch):
    folder = tmp_path / "novel"
    Project.create(folder, "Novel").add_chapter("One")
    if os.geteuid() == 0:  # root may write anywhere: stand in for a writer's own account
        real_access = os.access

        def access(path, mode, *args, **kwargs):
            if mode & os.W_OK and Path(path).resolve().is_relative_to(folder):
                return False
            return real_access(path, mode, *args, **kwargs)

        monkeypatch.setattr(os, "access", access)
    else:
        for sub in (folder / "chapters", folder):
            sub.chmod(0o555)
    try:
        assert window.files.open_project(folder)
    finally:
        for sub in (folder, folder / "chapters"):
            sub.chmod(0o755)
    assert any("read-only" in text for _title, text in window.told)


# --- the corpus of damaged files ---------------------------------------------------------------

GOOD = {
    "project": json.dumps(
        {
            "title": "Novel",
            "chapters": [{"id": "c1", "file": "01-one.md", "title": "One"}],
            "trash": [],
            "word_goal": 0,
        }
    ).encode(),
    "story": json.dumps({"memory": "Ada is a sailor.", "lore": []}).encode(),
    "history": json.dumps({"version": 1, "documents": {}}).encode(),
    "recent": json.dumps({"format": 1, "items": ["/somewhere/chapter.txt"]}).encode(),
}
WRONG_TYPES = {
    "project": json.dumps(
        {
            "title": ["x"],
            "chapters": [1, {"file": 7}, {"file": "a.md", "title": {"x": 1}, "id": []}],
            "trash": [{"file": "t.md", "index": "first"}],
            "word_goal": "many",
            "format": "2",
            "engine": 5,
        }
    ).encode(),
    "story": json.dumps({"memory": 5, "lore": {"a": 1}, "note_depth": "deep"}).encode(),
    "history": json.dumps({"documents": {"a": {"spots": "x", "model_text": [5]}}}).encode(),
    "recent": json.dumps({"items": {"a": 1}}).encode(),
}
DEEP = b"[" * 60_000 + b"]" * 60_000


def _latin1(kind: str) -> bytes:
    return GOOD[kind].decode().replace("Novel", "Ménage").replace("Ada", "Adé").encode("latin-1")


def _gbk(kind: str) -> bytes:
    return GOOD[kind].decode().replace("Novel", "第一部小说").replace("Ada", "阿达").encode("gbk")


CONTENT: dict[str, Callable[[str], bytes]] = {
    "truncated": lambda kind: GOOD[kind][: len(GOOD[kind]) // 2],
    "wrong types": lambda kind: WRONG_TYPES[kind],
    "deep": lambda kind: DEEP,
    "latin-1": _latin1,
    "gbk": _gbk,
    "unreadable": lambda kind: GOOD[kind],
}
SPECIAL = ("huge", "directory", "symlink loop")
HUGE_BYTES = 600 * 2**20  # sparse: above every limit, costs no disk


def _journal_bytes(content: bytes) -> bytes:
    """A journal file whose header is ``content`` (the part parsed as JSON)."""
    return content.replace(b"\n", b" ") + b"\n@5 00000000 1.0\nhello\n"


def _place(target: Path, damage: str, content: bytes | None) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if damage == "huge":
        with open(target, "wb") as stream:
            stream.truncate(HUGE_BYTES)
    elif damage == "directory":
        target.mkdir()
        (target / "inside.txt").write_text("keep me", encoding="utf-8")
    elif damage == "symlink loop":
        os.symlink(target.name, target)
    else:
        assert content is not None
        target.write_bytes(content)
        if damage == "unreadable":
            target.chmod(0)


def _load(kind: str, folder: Path) -> tuple[Path, Callable[[], str | None]]:
    """Where the file of ``kind`` lives, and a loader that returns what the writer is told."""
    if kind == "project":

        def load_project() -> str | None:
            try:
                return Project.open(folder).notice
            except ProjectError as error:
                return str(error)

        return folder / PROJECT_FILE, load_project
    if kind == "story":
        return folder / "story.json", lambda: (StoryFile.for_project(folder), None)[1]
    if kind == "history":
        return folder / "history.json", lambda: (HistoryFile.for_project(folder), None)[1]
    if kind == "recent":
        recent = RecentItems(folder / "recent.json")
        return recent.path, lambda: (recent.items(), None)[1]
    assert kind == "journal"

    def load_journals() -> str | None:
        found, damaged = find_recoverable(folder)
        return " ".join(item.reason for item in damaged) or None

    return folder / "0123456789abcdef01234567.journal", load_journals


def _snapshot(root: Path) -> dict[str, bytes | None]:
    seen: dict[str, bytes | None] = {}
    for current, dirs, files in os.walk(root):
        for name in files + dirs:
            path = Path(current) / name
            rel = str(path.relative_to(root))
            if path.is_symlink() or path.is_dir() or path.stat().st_size > 2**20:
                seen[rel] = None
            else:
                try:
                    seen[rel] = path.read_bytes()
                except OSError:
                    seen[rel] = None
    return seen


KINDS = ("project", "story", "history", "recent", "journal")
CASES = [(kind, damage) for kind in KINDS for damage in (*CONTENT, *SPECIAL)]


@pytest.mark.parametrize(("kind", "damage"), CASES, ids=[f"{k}-{d}" for k, d in CASES])
def test_a_damaged_file_is_survived_kept_and_explained(kind, damage, tmp_path, bounded_memory):
    root = tmp_path / "outside"
    folder = root / "novel"
    folder.mkdir(parents=True)
    if kind == "project":
        (folder / "chapters").mkdir()
        (folder / "chapters" / "01-one.md").write_text("# One\nWords.\n", encoding="utf-8")
    target, load = _load(kind, folder)
    content = None
    if damage in CONTENT:
        content = CONTENT[damage]("project" if kind == "journal" else kind)
        if kind == "journal":
            content = _journal_bytes(content)
    _place(target, damage, content)
    outside_before = {p for p in root.iterdir()}

    with bounded_memory(64):
        told = load()  # nothing may escape

    for path in (target, *target.parent.iterdir()):
        if path.exists() and not path.is_symlink():
            path.chmod(path.stat().st_mode | stat.S_IRUSR | stat.S_IWUSR)
    assert {p for p in root.iterdir()} == outside_before  # nothing written beside the folder
    if content is not None:  # the bytes are still there: in place, or kept aside near it
        kept = [p for p in folder.rglob("*") if p.is_file() and p.read_bytes() == content]
        assert kept, "the original file was lost"
    elif damage == "directory":
        assert [p for p in folder.rglob("inside.txt") if p.read_text("utf-8") == "keep me"]
    if _writer_is_told(kind, damage):
        assert told, "the writer was not told"
        assert "Traceback" not in told and "Errno" not in told


def _writer_is_told(kind: str, damage: str) -> bool:
    """Where the window shows a sentence: opening a novel, and the recovery offer at start
    (a folder or a link loop named like a journal is not one of ours and is passed over).
    Story, history and recent files are set aside quietly (logged): defaults are harmless."""
    if kind == "project":
        return not (damage == "unreadable" and os.geteuid() == 0)  # root reads it anyway
    if kind == "journal":
        return damage not in ("directory", "symlink loop")
    return False


def test_a_journal_folder_full_of_damage_still_lets_the_app_start(qtbot, window):
    folder = journal_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ("a" * 24 + ".journal")).write_bytes(_journal_bytes(DEEP))
    (folder / "b.journal").mkdir()
    os.symlink("c.journal", folder / "c.journal")
    window.files.offer_recovery()  # must not raise
    assert any("damaged" in title.lower() or "journal" in text for title, text in window.told)
