"""Choosing flash attention from what was measured, and remembering it per model file."""

from __future__ import annotations

import os

from writer_app.core.local.tuning import (
    MARGIN,
    Measured,
    TuningStore,
    choose,
    measured_message,
    model_key,
)


def test_flash_attention_is_chosen_only_when_a_typical_request_is_clearly_faster():
    # A model that reads and decodes a little faster with it.
    assert choose((1.52, 1.44), (11.3, 11.0)).flash_attn
    # SmolLM2 here: reads faster, but writes slower, and writing weighs more.
    assert not choose((2.24, 1.98), (6.9, 8.2)).flash_attn
    # Within the margin: noise, not a reason to change.
    off = (2.0, 10.0)
    on = [x * (MARGIN + 0.005) for x in off]
    assert not choose((off[0], on[0]), (off[1], on[1])).flash_attn


def test_the_gain_is_that_of_the_chosen_setting_over_the_other():
    measured = choose((2.0, 1.0), (10.0, 5.0))
    assert measured.flash_attn and abs(measured.gain - 0.5) < 1e-9
    assert "50%" in measured_message(measured) and "next load" in measured_message(measured)
    kept = choose((1.0, 2.0), (5.0, 10.0))
    assert not kept.flash_attn and "already the fastest" in measured_message(kept)


def test_what_was_measured_is_remembered_per_key(tmp_path):
    store = TuningStore(tmp_path / "measured.json")
    measured = Measured(True, (1.5, 1.4), (11.3, 11.0))
    assert store.get("model|here") is None
    store.put("model|here", measured)
    store.put("other|here", Measured(False, (1.0, 1.1), (5.0, 6.0)))
    assert TuningStore(tmp_path / "measured.json").get("model|here") == measured


def test_a_damaged_file_or_entry_is_treated_as_not_measured(tmp_path):
    path = tmp_path / "measured.json"
    path.write_text("{not json")
    store = TuningStore(path)
    assert store.get("model|here") is None
    path.write_text('{"model|here": {"flash_attn": true, "read_ms": [1.0]}, "x": 3}')
    assert store.get("model|here") is None and store.get("x") is None
    store.put("model|here", Measured(False, (1.0, 1.1), (5.0, 6.0)))  # rewritten whole
    assert store.get("model|here") is not None


def test_the_key_follows_the_file_and_the_threads(tmp_path):
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF" + bytes(100))
    key = model_key(model, 2, 0)
    assert key == model_key(model, 2, 0)
    assert key != model_key(model, 4, 0) != model_key(model, 2, -1)
    stat = model.stat()
    os.utime(model, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # the file was replaced
    assert model_key(model, 2, 0) != key
