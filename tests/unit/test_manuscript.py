from __future__ import annotations

import codecs
import errno
import os
import tempfile
import time
from pathlib import Path

import pytest

from writer_app.core.manuscript.backups import BackupPolicy, default_backup_folder, list_backups
from writer_app.core.manuscript.encoding import (
    UTF8,
    DecodeError,
    EncodeError,
    TextFormat,
    decode_text,
    encode_text,
)
from writer_app.core.manuscript.text_file import (
    ExternalChange,
    ManuscriptError,
    SaveError,
    external_change,
    fingerprint,
    read_manuscript,
    save_manuscript,
)

CHINESE = "第一章 风暴\n\n那天晚上，风从山那边吹过来。“你听见了吗？”她问。\n他摇摇头：“没有。”……\n"
TRADITIONAL = "第一章 風暴\n\n那天晚上，風從山那邊吹過來。「你聽見了嗎？」她問。\n他搖搖頭。\n"
FRENCH = "Le ménage était fait. Mère disait : « Ça va ? » Naïveté, élève, déjà.\n"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- reading --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (b"Plain English.\n", "UTF-8"),
        (CHINESE.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + CHINESE.encode("utf-8"), "UTF-8 with BOM"),
        (codecs.BOM_UTF16_LE + CHINESE.encode("utf-16-le"), "UTF-16"),
        (codecs.BOM_UTF16_BE + CHINESE.encode("utf-16-be"), "UTF-16 BE"),
        (CHINESE.encode("gbk"), "GB18030"),
        (CHINESE.replace("\n", "\r\n").encode("gb18030"), "GB18030 · CRLF"),
        (TRADITIONAL.encode("gb18030"), "GB18030"),
        (TRADITIONAL.encode("big5"), "Big5"),  # Traditional Chinese as Taiwan and Hong Kong save it
        (b"old mac\rfile\r", "UTF-8 · CR"),
    ],
)
def test_supported_encodings_open_with_the_encoding_named(data, label):
    text, fmt = decode_text(data)
    assert fmt.label == label
    assert "\r" not in text
    assert text.startswith(("第一章", "Plain", "old mac"))


def test_the_most_common_line_ending_wins_in_a_mixed_file():
    text, fmt = decode_text(b"a\r\nb\r\nc\nd\r\n")
    assert fmt.newline == "\r\n"
    assert text == "a\nb\nc\nd\n"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (FRENCH.encode("latin-1"), "Latin-1 French"),
        ("吾輩は猫である。名前はまだ無い。".encode("shift_jis"), "Shift-JIS"),
        (bytes(range(256)) * 4, "binary"),
        (CHINESE.encode("utf-16-le"), "UTF-16 without a BOM"),
        (CHINESE.encode("utf-32"), "UTF-32"),  # its BOM starts like UTF-16's
    ],
)
def test_bytes_no_encoding_reads_cleanly_are_refused_not_misread(tmp_path, data, what):
    path = _write(tmp_path / "odd.txt", data)
    with pytest.raises(DecodeError) as caught:
        read_manuscript(path)
    error = caught.value
    assert error.path == path
    assert "odd.txt" in str(error) and "has not been changed" in str(error)
    assert "Errno" not in str(error)
    assert isinstance(error.lossy_text, str)
    assert path.read_bytes() == data  # never silently altered


def test_a_latin1_file_can_be_opened_as_a_copy_with_replacements(tmp_path):
    path = _write(tmp_path / "menage.txt", FRENCH.encode("latin-1"))
    with pytest.raises(DecodeError) as caught:
        read_manuscript(path)
    assert caught.value.lossy_text.startswith("Le m\ufffdnage")
    assert caught.value.guess.encoding == "utf-8"


def test_the_writer_can_force_an_encoding(tmp_path):
    path = _write(tmp_path / "menage.txt", FRENCH.encode("cp1252"))
    loaded = read_manuscript(path, encoding="cp1252")
    assert loaded.text == FRENCH
    save_manuscript(path, loaded.text + "Fin.\n", loaded.format, expected=loaded.fingerprint)
    assert path.read_bytes() == (FRENCH + "Fin.\n").encode("cp1252")


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("missing.md", lambda p: None, "no longer exists"),
        ("folder.md", lambda p: p.mkdir(), "is a folder"),
    ],
)
def test_files_that_cannot_be_opened_explain_why_in_a_sentence(tmp_path, name, make, reason):
    path = tmp_path / name
    make(path)
    with pytest.raises(ManuscriptError) as caught:
        read_manuscript(path)
    assert reason in str(caught.value)
    assert "Errno" not in str(caught.value)


def test_a_million_character_manuscript_opens_well_within_a_second(tmp_path):
    path = _write(tmp_path / "novel.txt", (CHINESE * 22_000).encode("gb18030"))
    start = time.perf_counter()
    loaded = read_manuscript(path)
    elapsed = time.perf_counter() - start
    assert len(loaded.text) > 1_000_000 and loaded.format.encoding == "gb18030"
    assert elapsed < 1.0, f"{elapsed:.2f} s"


# --- round trips and encoding -----------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + CHINESE.replace("\n", "\r\n").encode("utf-8"),
        codecs.BOM_UTF16_LE + CHINESE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + CHINESE.replace("\n", "\r\n").encode("utf-16-be"),
        CHINESE.replace("\n", "\r\n").encode("gb18030"),
        b"old mac\rfile\r",
    ],
)
def test_saving_keeps_the_files_own_encoding_and_line_endings(tmp_path, data):
    path = _write(tmp_path / "chapter.txt", data)
    loaded = read_manuscript(path)
    save_manuscript(path, loaded.text, loaded.format, expected=loaded.fingerprint)
    assert path.read_bytes() == data


def test_the_writer_can_convert_a_legacy_file_to_utf8(tmp_path):
    path = _write(tmp_path / "chapter.txt", CHINESE.replace("\n", "\r\n").encode("gbk"))
    loaded = read_manuscript(path)
    save_manuscript(path, loaded.text, loaded.format.as_utf8(), expected=loaded.fingerprint)
    assert path.read_bytes() == CHINESE.replace("\n", "\r\n").encode("utf-8")
    assert read_manuscript(path).format.label == "UTF-8 · CRLF"


def test_gb18030_stores_even_emoji():
    assert decode_text(encode_text("他笑了😀\n", TextFormat("gb18030", "\n")))[0] == "他笑了😀\n"


def test_a_character_the_encoding_cannot_hold_is_named_with_its_line():
    with pytest.raises(EncodeError) as caught:
        encode_text("第一行\n他笑了😀\n", TextFormat("gbk", "\r\n"))
    error = caught.value
    assert (error.character, error.line, error.position) == ("😀", 2, 7)
    assert "U+1F600" in str(error) and "line 2" in str(error) and "UTF-8" in str(error)


def test_half_an_emoji_from_the_editor_is_refused_cleanly(tmp_path):
    path = _write(tmp_path / "chapter.md", b"kept\n")
    with pytest.raises(EncodeError) as caught:
        save_manuscript(path, "broken \ud83d here", TextFormat(), expected=None)
    assert "an invalid character (U+D83D)" in str(caught.value)
    assert path.read_bytes() == b"kept\n"


# --- saving safely ------------------------------------------------------------------------------


def test_save_returns_the_fingerprint_of_what_is_on_disk(tmp_path):
    path = tmp_path / "new.md"
    assert fingerprint(path) is None
    saved = save_manuscript(path, "Once upon a time.\n", TextFormat(), expected=None)
    assert saved == fingerprint(path)
    assert path.read_text(encoding="utf-8") == "Once upon a time.\n"


def test_a_file_changed_by_another_program_is_not_overwritten(tmp_path):
    path = _write(tmp_path / "chapter.md", b"first draft\n")
    loaded = read_manuscript(path)
    path.write_bytes(b"edited in another program\n")
    with pytest.raises(ExternalChange) as caught:
        save_manuscript(path, "my version\n", loaded.format, expected=loaded.fingerprint)
    assert not caught.value.deleted
    assert "changed by another program" in str(caught.value)
    assert path.read_bytes() == b"edited in another program\n"
    # The writer chose "keep my version": save without an expectation.
    save_manuscript(path, "my version\n", loaded.format, expected=None)
    assert path.read_bytes() == b"my version\n"


def test_a_file_deleted_by_another_program_is_reported_not_recreated(tmp_path):
    path = _write(tmp_path / "chapter.md", b"first draft\n")
    loaded = read_manuscript(path)
    path.unlink()
    with pytest.raises(ExternalChange) as caught:
        save_manuscript(path, "my version\n", loaded.format, expected=loaded.fingerprint)
    assert caught.value.deleted
    assert not path.exists()


def test_touching_a_file_without_changing_it_is_not_an_external_change(tmp_path):
    path = _write(tmp_path / "chapter.md", b"same\n")
    loaded = read_manuscript(path)
    os.utime(path, ns=(1, 1))
    assert external_change(path, loaded.fingerprint) is None
    save_manuscript(path, "new\n", loaded.format, expected=loaded.fingerprint)
    assert path.read_bytes() == b"new\n"


def test_saving_through_a_symlink_keeps_the_link(tmp_path):
    (tmp_path / "synced").mkdir()
    real = _write(tmp_path / "synced" / "chapter.md", b"old\n")
    link = tmp_path / "chapter.md"
    link.symlink_to(real)
    loaded = read_manuscript(link)
    save_manuscript(link, "new\n", loaded.format, expected=loaded.fingerprint)
    assert link.is_symlink() and real.read_bytes() == b"new\n"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_full_disk_leaves_the_original_intact(tmp_path, monkeypatch):
    path = _write(tmp_path / "chapter.md", b"the only copy\n")
    loaded = read_manuscript(path)

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(SaveError) as caught:
        save_manuscript(path, "new words\n", loaded.format, expected=loaded.fingerprint)
    error = caught.value
    assert error.reason == "The disk is full."
    assert "chapter.md was not saved" in str(error) and "Save As" in str(error)
    assert "Errno" not in str(error) and "28" not in str(error)
    assert path.read_bytes() == b"the only copy\n"
    assert _leftovers(tmp_path) == []


def test_a_folder_without_write_permission_gives_a_clear_reason(tmp_path, monkeypatch):
    # Tests run as root, where chmod does not stop writes: simulate what the OS says.
    path = _write(tmp_path / "chapter.md", b"the only copy\n")

    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(SaveError) as caught:
        save_manuscript(path, "new words\n", TextFormat(), expected=None)
    assert caught.value.reason == "You do not have permission to write in this folder."
    assert path.read_bytes() == b"the only copy\n"


def test_a_read_only_disk_gives_a_clear_reason(tmp_path, monkeypatch):
    path = _write(tmp_path / "chapter.md", b"the only copy\n")

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    with pytest.raises(SaveError) as caught:
        save_manuscript(path, "new words\n", TextFormat(), expected=None)
    assert caught.value.reason == "The disk is read-only."
    assert path.read_bytes() == b"the only copy\n"


def test_a_read_only_file_is_respected_even_when_the_folder_is_writable(tmp_path):
    path = _write(tmp_path / "final.md", b"final draft\n")
    path.chmod(0o444)
    with pytest.raises(SaveError) as caught:
        save_manuscript(path, "oops\n", TextFormat(), expected=None)
    assert caught.value.reason == "The file is read-only."
    assert path.read_bytes() == b"final draft\n"


def test_a_vanished_folder_is_not_silently_recreated(tmp_path):
    path = tmp_path / "usb-stick" / "chapter.md"
    with pytest.raises(SaveError) as caught:
        save_manuscript(path, "words\n", TextFormat(), expected=None)
    assert "no longer exists" in caught.value.reason
    assert not path.parent.exists()


# --- backups ------------------------------------------------------------------------------------


def test_each_save_keeps_the_previous_version_and_only_the_last_five(tmp_path):
    policy = BackupPolicy(folder=tmp_path / "backups", keep=5)
    path = tmp_path / "chapter.md"
    expected = None
    for n in range(8):  # many saves within one second must not collide
        expected = save_manuscript(
            path, f"version {n}\n", TextFormat(), expected=expected, backups=policy
        )
    backups = list_backups(path, policy)
    assert [b.read_text(encoding="utf-8") for b in backups] == [
        f"version {n}\n" for n in (6, 5, 4, 3, 2)
    ]
    assert all(b.parent.name.startswith("chapter.md-") for b in backups)
    assert backups[0].name.startswith("chapter.") and backups[0].suffix == ".md"
    origin = backups[0].parent / "ORIGINAL-LOCATION.txt"
    assert origin.read_text(encoding="utf-8").strip() == str(path)


def test_two_files_with_the_same_name_keep_separate_backups(tmp_path):
    policy = BackupPolicy(folder=tmp_path / "backups")
    first, second = tmp_path / "a" / "chapter.md", tmp_path / "b" / "chapter.md"
    for path in (first, second):
        path.parent.mkdir()
        _write(path, path.parent.name.encode())
        save_manuscript(path, "new", TextFormat(), expected=None, backups=policy)
    assert [b.read_bytes() for b in list_backups(first, policy)] == [b"a"]
    assert [b.read_bytes() for b in list_backups(second, policy)] == [b"b"]


def test_saving_without_changes_does_not_fill_the_backups_with_copies(tmp_path):
    policy = BackupPolicy(folder=tmp_path / "backups")
    path = _write(tmp_path / "chapter.md", b"v1")
    for _ in range(4):
        save_manuscript(path, "v2", TextFormat(), expected=None, backups=policy)
    assert [b.read_bytes() for b in list_backups(path, policy)] == [b"v2", b"v1"]


def test_a_failing_backup_does_not_stop_the_save(tmp_path):
    blocker = _write(tmp_path / "backups", b"a file where the backup folder should be")
    path = _write(tmp_path / "chapter.md", b"old")
    save_manuscript(path, "new", TextFormat(), expected=None, backups=BackupPolicy(blocker))
    assert path.read_bytes() == b"new"


def test_default_backups_live_in_the_user_data_dir(isolated_dirs):
    folder = default_backup_folder()
    assert folder.name == "backups"
    assert folder.is_relative_to(Path(os.environ["XDG_DATA_HOME"]))
    assert UTF8.label == "UTF-8"
