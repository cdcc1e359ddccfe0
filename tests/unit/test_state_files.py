"""The one JSON store (core.storage.state_files): what a writer keeps when the app's own files
are damaged, and what it finds again after a save."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from writer_app.core.drafting.history import Branch, HistoryFile
from writer_app.core.manuscript.project import Project
from writer_app.core.settings import AppSettings, load_settings, save_settings, settings_path
from writer_app.core.storage import state_files
from writer_app.core.storage.state_files import notices, read_json, read_json_object, write_json

FOUND_AT = datetime(2026, 12, 2, 10, 30, 0)


@pytest.fixture(autouse=True)
def no_earlier_notices():
    """Notices are the process's: other tests' damaged files are not this test's."""
    notices()


@pytest.fixture
def frozen_clock(monkeypatch):
    """Every damage found in the same second: the hardest case for not overwriting."""

    class Clock(datetime):
        @classmethod
        def now(cls, tz: object = None) -> datetime:
            return FOUND_AT

    monkeypatch.setattr(state_files, "datetime", Clock)


def test_damaged_settings_are_kept_with_the_date_and_a_second_damage_keeps_the_first(
    frozen_clock,
):
    settings_path().parent.mkdir(parents=True)
    settings_path().write_text('{"model_path": "/models/mine.gguf", "n_ctx": 81', "utf-8")
    assert load_settings() == AppSettings()
    first = settings_path().with_name("settings.json.damaged-2026-12-02T10-30-00")
    assert first.read_text("utf-8").endswith('"n_ctx": 81')
    told = notices()
    assert len(told) == 1 and "Your settings could not be read" in told[0]
    assert str(first) in told[0]
    assert notices() == []  # told once

    save_settings(AppSettings(engine="My server"))
    settings_path().write_bytes(b"\x00\x01 not json either")  # damaged again, same second
    assert load_settings() == AppSettings()
    second = first.with_name(first.name + "-2")
    assert second.read_bytes() == b"\x00\x01 not json either"
    assert first.read_text("utf-8").endswith('"n_ctx": 81')  # the first is still whole
    assert not settings_path().exists()
    assert len(notices()) == 1


def test_a_damaged_file_nobody_wants_back_can_be_left_for_the_next_write(tmp_path):
    stamp = tmp_path / "model.gguf.part.json"
    stamp.write_text("{trunc", "utf-8")
    assert read_json(stamp, set_aside_damaged=False) is None
    assert [p.name for p in tmp_path.iterdir()] == ["model.gguf.part.json"]
    write_json(stamp, {"size": 1})
    assert read_json(stamp) == {"size": 1}


def test_a_list_where_an_object_belongs_is_set_aside(tmp_path, frozen_clock):
    path = tmp_path / "engines.json"
    path.write_text("[1, 2]", "utf-8")
    assert read_json_object(path) is None
    assert (tmp_path / "engines.json.damaged-2026-12-02T10-30-00").read_text("utf-8") == "[1, 2]"


def test_write_json_keeps_chinese_readable_and_reads_it_back(tmp_path):
    path = tmp_path / "recent.json"
    value = {"items": ["/小说/第一章.md"], "title": "风很大", "n": 3}
    write_json(path, value)
    raw = path.read_bytes()
    assert "第一章".encode() in raw and b"\\u" not in raw  # UTF-8, not escapes
    assert raw.endswith(b"\n")
    assert read_json(path) == value
    assert json.loads(raw.decode("utf-8")) == value  # any other program reads it too


def test_write_json_keeps_half_an_emoji_the_editor_handed_over(tmp_path):
    path = tmp_path / "history.json"
    value = {"text": "broken \ud83d here, 第一章", "\udc00 key\\": "\\\ud83d"}
    write_json(path, value)
    assert read_json(path) == value
    assert "第一章".encode() in path.read_bytes()  # the rest stays readable
    assert not list(tmp_path.glob("*.damaged-*"))


def test_a_suggestion_history_with_half_an_emoji_survives_a_save(tmp_path):
    history = HistoryFile(tmp_path / "history.json")
    history.document("c1").spot_for("她说\ud83d", 3).add(Branch("雨停了\udc00"))
    history.save()
    again = HistoryFile.load(tmp_path / "history.json")
    (spot,) = again.document("c1").spots
    assert spot.anchor == "她说\ud83d" and spot.branches[0].text == "雨停了\udc00"
    assert not list(tmp_path.glob("*.damaged-*"))


def test_a_damaged_history_is_kept_aside_with_the_shared_naming(tmp_path, frozen_clock):
    path = tmp_path / "history.json"
    path.write_text('{"version": 1}', "utf-8")  # no documents
    assert HistoryFile.load(path).documents == {}
    kept = tmp_path / "history.json.damaged-2026-12-02T10-30-00"
    assert kept.read_text("utf-8") == '{"version": 1}'


def test_a_novel_damaged_twice_in_a_second_keeps_both_project_files(tmp_path, frozen_clock):
    novel = Project.create(tmp_path / "novel", "风")
    novel.add_chapter("一", "那天晚上。\n")
    for damage in ('{"title": "one", "chapt', '{"title": "two", "chapt'):
        novel.metadata_path.write_text(damage, "utf-8")
        reopened = Project.open(novel.folder)
        assert [c.title for c in reopened.chapters] == ["一"]
    kept = sorted(p.name for p in novel.folder.glob("project.json.damaged-*"))
    assert kept == [
        "project.json.damaged-2026-12-02T10-30-00",
        "project.json.damaged-2026-12-02T10-30-00-2",
    ]
    first = (novel.folder / kept[0]).read_text("utf-8")
    assert first == '{"title": "one", "chapt'
