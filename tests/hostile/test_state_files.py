"""The app's own state files, damaged every way a disk, a crash or another program can damage
them, loaded through the functions the app calls at start: nothing escapes, defaults are used,
the original is kept (aside as NAME.damaged-DATE, or untouched), and the app still starts and
drafts.
"""

from __future__ import annotations

import glob
import hashlib
import json
import logging
import os
import stat
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hostile.test_startup import RunningApp
from writer_app.core.local.saved_state import MAGIC, StateKey, StateStore
from writer_app.core.local.tuning import TuningStore
from writer_app.core.manuscript.recent import RecentItems
from writer_app.core.models.library import Library, ModelSettings
from writer_app.core.remote.servers import (
    RemoteEngineConfig,
    consent_path,
    engines_path,
    has_consent,
    load_engines,
)
from writer_app.core.settings import AppSettings, load_settings, save_settings, settings_path
from writer_app.core.storage.paths import config_dir, states_dir, tuning_path
from writer_app.core.storage.state_files import DAMAGED_SUFFIX, notices

HUGE = 50 * 2**20
WRONG_TYPES = """{
  "sampling": [1], "model_path": ["x"], "n_ctx": 1e999, "gpu_layers": "all",
  "presets": {"a": 1}, "engine": 5, "read_ahead": "yes", "saved_state_mb": -1,
  "engines": [{"name": 1}, 5, {"name": "x", "base_url": "http://h:1", "n_ctx": 1e999}],
  "consents": [5, {"name": []}],
  "models": {"x": 5, "/m.gguf": {"settings": {"n_ctx": "x", "threads": 1e999}}},
  "active": 7, "items": 7,
  "key": {"read_ms": [1, 1e999999], "decode_ms": {}, "flash_attn": "x"}
}"""


def _write(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _huge(path: Path) -> None:
    with path.open("wb") as stream:  # sparse: 50 MB that costs no disk
        stream.write(b'{"items": ["')
        stream.truncate(HUGE)


def _symlink_loop(path: Path) -> None:
    os.symlink(path.name, path)


DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncated": _write(b'{"sampling": {"temperature": 0.'),
    "wrong types": _write(WRONG_TYPES.encode()),
    "a list, not an object": _write(b"[1, 2, 3]"),
    "60,000 deep": _write(b"[" * 60_000),
    "60,000 deep in an object": _write(b'{"a": ' * 60_000),
    "huge": _huge,
    "latin-1": _write('{"model_path": "café", "items": ["/é"]}'.encode("latin-1")),
    "gbk": _write('{"model_path": "第一章", "items": ["/第一章"]}'.encode("gbk")),
    "utf-16": _write(json.dumps({"model_path": "x"}).encode("utf-16")),
    "empty": _write(b""),
    "a folder": lambda path: path.mkdir(),
    "a symlink loop": _symlink_loop,
    "a fifo": lambda path: os.mkfifo(path),
}


@dataclass(frozen=True)
class StateFile:
    name: str
    path: Callable[[], Path]
    load: Callable[[], object]  # what the app calls
    default: Callable[[], object]  # what it should give for a file it cannot use


ENGINE = RemoteEngineConfig("Home", "http://192.168.1.2:8080")
STATE_FILES = [
    StateFile("settings", settings_path, load_settings, AppSettings),
    StateFile("engines", engines_path, load_engines, list),
    StateFile("consent", consent_path, lambda: has_consent(ENGINE), lambda: False),
    StateFile(
        "library",
        lambda: config_dir() / "models.json",
        lambda: (
            Library().installed(),
            Library().active_model,
            Library().settings_for(Path("/m.gguf")),
        ),
        lambda: ([], None, ModelSettings()),
    ),
    StateFile("recent", lambda: config_dir() / "recent.json", lambda: RecentItems().items(), list),
    StateFile("tuning", tuning_path, lambda: TuningStore(tuning_path()).get("key"), lambda: None),
]


def _kept(path: Path) -> Path | None:
    """The damaged file set aside beside ``path`` (``NAME.damaged-DATE``), if there is one."""
    found = sorted(path.parent.glob(f"{glob.escape(path.name)}{DAMAGED_SUFFIX}-*"))
    assert len(found) <= 1, found
    return found[0] if found else None


def _snapshot(path: Path | None) -> tuple | None:
    """What stands at ``path``, enough to tell that it was not destroyed."""
    if path is None:
        return None
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        return ("link", os.readlink(path))
    if stat.S_ISREG(info.st_mode):
        with path.open("rb") as stream:
            head = stream.read(2**20)
        return ("file", info.st_size, hashlib.sha256(head).hexdigest())
    return (stat.S_IFMT(info.st_mode), info.st_ino)


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
@pytest.mark.parametrize("state", STATE_FILES, ids=[s.name for s in STATE_FILES])
def test_a_damaged_state_file_gives_defaults_and_is_kept(state, damage, bounded_memory, caplog):
    path = state.path()
    path.parent.mkdir(parents=True, exist_ok=True)
    DAMAGE[damage](path)
    before = _snapshot(path)
    with caplog.at_level(logging.WARNING), bounded_memory(32):
        loaded = state.load()
    assert loaded == state.default()
    assert before in (_snapshot(path), _snapshot(_kept(path)))  # untouched, or kept aside whole
    if _snapshot(path) != before:
        assert caplog.records, "a file set aside without a log line"
    notices()  # each case starts with none


def test_saving_after_damaged_settings_keeps_the_damaged_file_and_tells_the_writer():
    settings_path().parent.mkdir(parents=True)
    settings_path().write_bytes(b"[" * 60_000)
    assert load_settings() == AppSettings()
    told = notices()
    assert len(told) == 1 and "Your settings" in told[0] and DAMAGED_SUFFIX in told[0]
    save_settings(AppSettings(engine="My server"))
    assert load_settings().engine == "My server"
    kept = _kept(settings_path())
    assert kept is not None and kept.read_bytes() == b"[" * 60_000
    assert str(kept) in told[0]  # the sentence says where it is


def test_the_fingerprint_cache_damaged_any_way_still_gives_the_models_hash(tmp_path):
    model = tmp_path / "model.gguf"
    model.write_bytes(b"weights" * 1000)
    expected = hashlib.sha256(model.read_bytes()).hexdigest()
    for damage, make in DAMAGE.items():
        folder = tmp_path / damage.replace(" ", "-")
        folder.mkdir()
        make(folder / "fingerprints.json")
        assert StateStore(folder).model_sha256(model) == expected, damage


# -- saved model states --------------------------------------------------------------------------

KEY = StateKey(model_sha256="ab" * 32, n_ctx=1024, llama_build="0.3.36")


def _state_file(header: bytes, tail: bytes = b"") -> bytes:
    body = MAGIC + struct.pack("<I", len(header)) + header + tail
    return body + hashlib.sha256(body).digest()


STATE_DAMAGE: dict[str, Callable[[Path], None]] = {
    "a header 60,000 deep": _write(_state_file(b"[" * 60_000)),
    "a header 4,000 deep": _write(_state_file(b"[" * 4000)),
    "a header that is a list": _write(_state_file(b"[1, 2]")),
    "a huge token count": _write(_state_file(b'{"n_tokens": 1e999}')),
    "a header in Latin-1": _write(_state_file('{"n_tokens": 1, "é": 0}'.encode("latin-1"))),
    "truncated": _write(MAGIC + b"\x10\x00"),
    "huge": _huge,
    "empty": _write(b""),
    "a folder": lambda path: path.mkdir(),
    "a symlink loop": _symlink_loop,
    "a fifo": lambda path: os.mkfifo(path),
}


def _damage_states(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, make in enumerate(STATE_DAMAGE.values()):
        path = folder / f"{number:032x}.kvstate"
        make(path)
        paths.append(path)
    return paths


def test_damaged_saved_states_are_never_found_and_regular_ones_are_deleted(tmp_path, caplog):
    paths = _damage_states(tmp_path)
    ours = {path: path.is_symlink() or path.is_file() for path in paths}
    store = StateStore(tmp_path)
    with caplog.at_level(logging.WARNING):
        assert store.find(KEY, list(range(2000))) is None
        assert store.find(KEY, list(range(2000))) is None  # and again: nothing left to trip on
    for path in paths:
        if ours[path]:
            assert not os.path.lexists(path), path  # discarded: a cache, made again
        else:
            assert os.path.lexists(path)  # a folder or a FIFO is not ours to delete
    assert "discarding the saved model state" in caplog.text


@pytest.fixture
def engine_with_states(smollm_path):
    from writer_app.core.local.config import EngineConfig
    from writer_app.core.local.engine import LlamaCppEngine

    engines = []

    def open_() -> LlamaCppEngine:
        engine = LlamaCppEngine.load(EngineConfig(smollm_path, n_ctx=1024, saved_state_mb=256))
        engines.append(engine)
        return engine

    yield open_
    for engine in engines:
        engine.cache.close()
        engine.close()


def _prompt(engine) -> list[int]:
    from tests.integration.test_context_shift import chapter

    tokens = engine.build_prompt(chapter(30, seed=41), 16).tokens
    assert len(tokens) > 600
    return tokens


def test_drafting_works_with_damaged_saved_states_on_disk(engine_with_states):
    from writer_app.core.drafting.sampling import SamplingSettings

    _damage_states(states_dir())
    engine = engine_with_states()
    prompt = _prompt(engine)
    for _ in range(2):  # every request, not just the first
        result = engine.complete(prompt, SamplingSettings(temperature=0.0, max_tokens=8, seed=1))
        assert result.text.strip()


def test_a_saved_state_llama_cpp_refuses_is_discarded_not_retried(engine_with_states, caplog):
    from writer_app.core.drafting.sampling import SamplingSettings

    engine = engine_with_states()
    prompt = _prompt(engine)
    key = engine.cache._state_key(wait=60)
    assert key is not None
    store = StateStore(states_dir())
    refused = store.save(key, prompt[:500], b"\x07" * 4096)  # sound file, nonsense state
    assert refused is not None
    with caplog.at_level(logging.WARNING):
        result = engine.complete(prompt, SamplingSettings(temperature=0.0, max_tokens=8, seed=1))
    assert result.text.strip()
    assert not refused.exists()
    assert "llama.cpp refused it" in caplog.text


# -- the whole app --------------------------------------------------------------------------------


def test_the_app_starts_with_every_state_file_damaged_and_says_which():
    config_dir().mkdir(parents=True)
    settings_path().write_bytes(b"[" * 60_000)
    (config_dir() / "models.json").write_bytes("{}".encode("utf-16"))
    engines_path().mkdir()
    os.mkfifo(config_dir() / "recent.json")
    consent_path().write_bytes(b'{"consents": ')
    tuning_path().parent.mkdir(parents=True)
    _symlink_loop(tuning_path())
    _damage_states(states_dir())
    app = RunningApp("--close-when-shown")
    try:
        window = app.expect("window")
        assert any("Your settings could not be read" in note for note in window["notes"])
        assert app.finish() == 0
    finally:
        app.stop()
    kept = _kept(settings_path())
    assert kept is not None and kept.read_bytes() == b"[" * 60_000
