from __future__ import annotations

from writer_app.core.drafting.presets import BUILT_IN, Preset, matching
from writer_app.core.drafting.sampling import SamplingSettings


def test_a_preset_moves_the_sliders_but_keeps_length_seed_and_stops():
    mine = SamplingSettings(max_tokens=300, seed=7, stop_at="sentence")
    wild = next(p for p in BUILT_IN if p.name == "Wild")
    applied = wild.apply(mine)
    assert applied.temperature == 1.25 and applied.top_k == 100
    assert (applied.max_tokens, applied.seed, applied.stop_at) == (300, 7, "sentence")
    assert matching(applied, BUILT_IN) is wild
    assert matching(SamplingSettings(temperature=1.9), BUILT_IN) is None


def test_the_default_settings_are_the_balanced_preset():
    assert matching(SamplingSettings(), BUILT_IN).name == "Balanced"


def test_a_stored_preset_round_trips_and_a_broken_one_is_dropped():
    mine = Preset.capture("Noir", SamplingSettings(temperature=0.65, top_k=30))
    assert Preset.from_dict(mine.to_dict()) == mine
    assert Preset.from_dict({"name": "x", "temperature": 9}) is None
    assert Preset.from_dict({**mine.to_dict(), "temperature": 5.0}) is None
    assert Preset.from_dict({**mine.to_dict(), "name": "  "}) is None
