"""Remote engines, the project's choice of engine and the consent to send text, as stored."""

from __future__ import annotations

import json

import pytest

from writer_app.core.remote.servers import (
    EngineChoice,
    EngineConfigError,
    RemoteEngineConfig,
    consent_question,
    engines_path,
    has_consent,
    load_engines,
    record_consent,
    revoke_consent,
    save_engines,
)

HOME = RemoteEngineConfig("Home server", "http://192.168.1.20:8080/", model="qwen2.5-32b")
RENTED = RemoteEngineConfig("Rented GPU", "https://gpu.example.com/v1", stall_timeout=60)


def test_engines_survive_a_restart_in_order():
    save_engines([HOME, RENTED])
    loaded = load_engines()
    assert [engine.name for engine in loaded] == ["Home server", "Rented GPU"]
    assert loaded[0].base_url == "http://192.168.1.20:8080"  # tidied
    assert loaded[0].model == "qwen2.5-32b"
    assert loaded[1].stall_timeout == 60


def test_no_file_means_no_engines():
    assert load_engines() == []


def test_a_damaged_file_or_entry_is_skipped():
    engines_path().parent.mkdir(parents=True, exist_ok=True)
    engines_path().write_text("{not json", encoding="utf-8")
    assert load_engines() == []
    entries = [
        HOME.to_dict(),
        {"name": "", "base_url": "http://x"},
        {"name": "Bad", "base_url": "ftp://x"},
        {"name": "Typed", "base_url": "http://x", "n_ctx": "lots"},
        "not an object",
        RENTED.to_dict(),
    ]
    engines_path().write_text(json.dumps({"engines": entries}), encoding="utf-8")
    assert [engine.name for engine in load_engines()] == ["Home server", "Rented GPU"]


@pytest.mark.parametrize(
    ("config", "words"),
    [
        (RemoteEngineConfig("", "http://host"), "name"),
        (RemoteEngineConfig("A", "host:8080"), "not a web address"),
        (RemoteEngineConfig("A", "http://host?x=1"), "plain address"),
        (RemoteEngineConfig("A", "http://host", n_ctx=10), "context size"),
        (RemoteEngineConfig("A", "http://host", stall_timeout=0), "stall timeout"),
    ],
)
def test_unusable_settings_are_explained(config, words):
    with pytest.raises(EngineConfigError, match=words):
        save_engines([config])
    assert not engines_path().exists()


def test_two_engines_cannot_share_a_name():
    with pytest.raises(EngineConfigError, match="Two engines"):
        save_engines([HOME, RemoteEngineConfig("home server", "http://other")])


def test_an_api_key_is_never_part_of_the_stored_engines():
    save_engines([HOME])
    stored = json.loads(engines_path().read_text(encoding="utf-8"))
    assert set(stored["engines"][0]) == set(HOME.to_dict())
    assert not any("key" in field for field in stored["engines"][0])


def test_a_projects_choice_round_trips_and_finds_its_engine():
    local, remote = EngineChoice(), EngineChoice(remote="Rented GPU")
    assert local.is_local and local.find([HOME, RENTED]) is None
    assert local.label() == "this computer"
    assert EngineChoice.from_dict(remote.to_dict()) == remote
    assert EngineChoice.from_dict(local.to_dict()) == local
    assert remote.find([HOME, RENTED]) == RENTED
    assert remote.find([HOME]) is None  # removed since: the app falls back to local
    assert EngineChoice.from_dict({"engine": "remote", "name": 3}) == local
    assert EngineChoice.from_dict(None) == local


def test_consent_is_asked_once_per_engine_and_address():
    assert not has_consent(HOME)
    record_consent(HOME)
    assert has_consent(HOME)
    assert has_consent(RemoteEngineConfig("Home server", "http://192.168.1.20:8080"))
    assert not has_consent(RENTED)
    moved = RemoteEngineConfig("Home server", "http://203.0.113.9:8080")
    assert not has_consent(moved)  # the text would go somewhere else: ask again
    revoke_consent(HOME)
    assert not has_consent(HOME)


def test_consent_survives_a_damaged_file():
    record_consent(RENTED)
    path = engines_path().parent / "consent.json"
    path.write_text("garbage", encoding="utf-8")
    assert not has_consent(RENTED)
    record_consent(RENTED)
    assert has_consent(RENTED)


def test_the_privacy_question_names_where_the_text_goes():
    question = consent_question(RENTED)
    assert "gpu.example.com" in question and "Rented GPU" in question
    assert "not this computer" in question
