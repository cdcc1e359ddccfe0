"""The saved-state folder on its own: matching, integrity, size limit, model fingerprints."""

from __future__ import annotations

import hashlib
import os

from writer_app.core.local.reuse_plan import LeftOut
from writer_app.core.local.saved_state import MIN_USEFUL_TOKENS, StateKey, StateStore

KEY = StateKey("ab" * 32, 2048, "0.3.36")
TOKENS = list(range(1, 601))


def test_the_longest_matching_state_is_found_and_loaded_whole(tmp_path):
    store = StateStore(tmp_path)
    store.save(KEY, TOKENS[:300], b"short" * 10)
    store.save(KEY, TOKENS, b"long" * 10)
    found = store.find(KEY, TOKENS + [7, 8])
    assert found is not None and found.tokens == TOKENS
    loaded = store.load(found)
    assert loaded is not None and loaded.state == b"long" * 10
    assert store.find(KEY, TOKENS, better_than=len(TOKENS)) is None  # the cache holds more


def test_too_short_a_match_or_another_key_finds_nothing(tmp_path):
    store = StateStore(tmp_path)
    store.save(KEY, TOKENS, b"state")
    assert store.find(KEY, TOKENS[: MIN_USEFUL_TOKENS - 1] + [0] * 500) is None
    assert store.find(StateKey("cd" * 32, 2048, "0.3.36"), TOKENS) is None
    assert store.find(StateKey(KEY.model_sha256, 4096, "0.3.36"), TOKENS) is None
    flash = StateKey(KEY.model_sha256, 2048, "0.3.36", flash_attn=True)
    assert store.find(flash, TOKENS) is None  # another cache layout


def test_a_file_with_a_wrong_digest_is_deleted_not_loaded(tmp_path):
    store = StateStore(tmp_path)
    path = store.save(KEY, TOKENS, b"state" * 100)
    raw = bytearray(path.read_bytes())
    raw[-40] ^= 0xFF  # one flipped bit in the state
    path.write_bytes(bytes(raw))
    found = store.find(KEY, TOKENS)
    assert found is not None and store.load(found) is None
    assert not path.exists()


def test_garbage_in_the_folder_is_discarded(tmp_path):
    (tmp_path / "x.kvstate").write_bytes(b"\x00" * 3)
    (tmp_path / "y.kvstate").write_bytes(b"WAPPKV01" + b"\xff\xff\xff\xff")
    assert StateStore(tmp_path).find(KEY, TOKENS) is None
    assert list(tmp_path.glob("*.kvstate")) == []


def test_the_least_recently_used_state_goes_first(tmp_path):
    store = StateStore(tmp_path, limit_bytes=9000)
    first = store.save(KEY, TOKENS, b"a" * 1500)
    second = store.save(KEY, [9] + TOKENS, b"b" * 1500)
    os.utime(first, ns=(1, 1))
    os.utime(second, ns=(2, 2))
    store.save(KEY, [8] + TOKENS, b"c" * 1500)  # over the limit: the oldest goes
    assert not first.exists() and second.exists()


def test_a_model_is_hashed_once_per_version(tmp_path):
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF" + b"\x00" * 100)
    store = StateStore(tmp_path / "states")
    digest = store.model_sha256(model)
    assert len(digest) == 64 and store.model_sha256(model) == digest
    model.write_bytes(b"GGUF" + b"\x01" * 101)
    assert store.model_sha256(model) != digest


def test_a_left_out_seam_and_checkpoints_come_back_with_the_state(tmp_path):
    store = StateStore(tmp_path)
    # The cache holds the header (10 tokens) and the story without the seam 11, 12.
    cached = TOKENS[:10] + TOKENS[12:]
    seam = LeftOut(10, (TOKENS[10], TOKENS[11]))
    store.save(KEY, cached, b"state", seam, [(256, b"window-256"), (512, b"window-512")])
    found = store.find(KEY, TOKENS + [900, 901])  # the writer's prompt still has the seam
    assert found is not None and found.left_out == seam
    assert found.shared_with(TOKENS + [900, 901]) == len(cached)
    loaded = store.load(found)
    assert loaded is not None and loaded.state == b"state"
    assert loaded.checkpoints == [(256, b"window-256"), (512, b"window-512")]


def test_a_state_without_checkpoints_or_seam_loads_as_it_always_did(tmp_path):
    store = StateStore(tmp_path)
    store.save(KEY, TOKENS, b"state")
    found = store.find(KEY, TOKENS)
    assert found is not None and found.left_out is None
    loaded = store.load(found)
    assert loaded is not None and (loaded.state, loaded.checkpoints) == (b"state", [])


def test_checkpoint_sizes_that_do_not_add_up_discard_the_file(tmp_path):
    store = StateStore(tmp_path)
    path = store.save(KEY, TOKENS, b"state", checkpoints=[(300, b"window")])
    raw = path.read_bytes()
    body = raw[:-32].replace(b"[[300, 6]]", b"[[300, 9]]")  # a header that lies, re-signed
    path.write_bytes(body + hashlib.sha256(body).digest())
    found = store.find(KEY, TOKENS)
    assert found is not None and store.load(found) is None
    assert not path.exists()
