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
