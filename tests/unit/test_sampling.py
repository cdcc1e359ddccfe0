from __future__ import annotations

import pytest

from writer_app.core.drafting.sampling import SamplingSettings, SettingsError


@pytest.mark.parametrize(
    ("field", "value", "name"),
    [
        ("temperature", 2.5, "temperature"),
        ("temperature", -0.1, "temperature"),
        ("top_k", 201, "top-k"),
        ("max_tokens", 4, "max-tokens"),
        ("max_tokens", 2048, "max-tokens"),
        ("top_p", 1.5, "top-p"),
        ("min_p", -1.0, "min-p"),
        ("repeat_penalty", 0.5, "repeat-penalty"),
        ("seed", -3, "seed"),
        ("presence_penalty", 2.5, "presence-penalty"),
        ("frequency_penalty", -0.5, "frequency-penalty"),
        ("dry_multiplier", 6.0, "dry-multiplier"),
        ("dry_base", 0.5, "dry-base"),
        ("dry_allowed_length", 0, "dry-allowed-length"),
        ("dry_range", 10, "dry-range"),
        ("xtc_probability", 1.5, "xtc-probability"),
        ("xtc_threshold", 0.6, "xtc-threshold"),
        ("top_n_sigma", -1.0, "top-n-sigma"),
        ("adaptive_target", 1.2, "adaptive-target"),
        ("adaptive_decay", 1.0, "adaptive-decay"),
        ("dry_sequence_breakers", ("\n", ""), "breaker"),
    ],
)
def test_out_of_range_value_is_refused_with_its_name(field, value, name):
    with pytest.raises(SettingsError, match=name):
        SamplingSettings(**{field: value}).validated()


def test_random_seed_is_fresh_for_every_request():
    settings = SamplingSettings(seed=None)
    seeds = {settings.with_concrete_seed().seed for _ in range(20)}
    assert len(seeds) > 15


def test_fixed_seed_is_kept():
    assert SamplingSettings(seed=42).with_concrete_seed().seed == 42


def test_stored_values_round_trip_and_garbage_falls_back_to_defaults():
    custom = SamplingSettings(temperature=1.3, top_k=0, max_tokens=200, seed=9)
    assert SamplingSettings.from_dict(custom.to_dict()) == custom
    assert SamplingSettings.from_dict({"temperature": "hot"}).temperature == 0.8
    assert SamplingSettings.from_dict({"top_k": 5000}) == SamplingSettings()


def test_the_prose_samplers_round_trip_and_settings_from_before_them_leave_them_off():
    prose = SamplingSettings(
        dry_multiplier=0.8, dry_range=2048, xtc_probability=0.3, top_n_sigma=1.5,
        adaptive_target=0.4, presence_penalty=0.2, dry_sequence_breakers=("\n", "。"),
    )  # fmt: skip
    assert SamplingSettings.from_dict(prose.to_dict()) == prose
    old = {"temperature": 1.1, "top_k": 30, "top_p": 0.9, "min_p": 0.1, "repeat_penalty": 1.2}
    loaded = SamplingSettings.from_dict(old)
    assert loaded.temperature == 1.1
    assert (loaded.dry_multiplier, loaded.xtc_probability, loaded.top_n_sigma) == (0, 0, 0)
    assert (loaded.presence_penalty, loaded.adaptive_target) == (0, 0)
