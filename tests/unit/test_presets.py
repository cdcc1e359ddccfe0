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


def test_the_prose_preset_uses_dry_and_xtc_and_a_stored_preset_from_before_leaves_them_off():
    prose = next(p for p in BUILT_IN if p.name == "Prose")
    applied = prose.apply(SamplingSettings(max_tokens=200))
    assert applied.dry_multiplier > 0 and applied.xtc_probability > 0
    assert applied.repeat_penalty == 1.0  # DRY instead of the blunt penalty
    assert applied.validated() is applied and applied.max_tokens == 200
    assert matching(applied, BUILT_IN) is prose
    older = {"name": "Noir", "temperature": 0.6, "top_k": 30, "top_p": 0.9, "min_p": 0.1,
             "repeat_penalty": 1.1}  # fmt: skip
    noir = Preset.from_dict(older)
    assert noir is not None and noir.dry_multiplier == 0 and noir.xtc_probability == 0
    # Applying an old preset switches off the prose samplers a newer one had switched on.
    assert noir.apply(applied).dry_multiplier == 0
    mine = Preset.capture("Mine", applied)
    assert Preset.from_dict(mine.to_dict()) == mine and mine.dry_multiplier == prose.dry_multiplier
