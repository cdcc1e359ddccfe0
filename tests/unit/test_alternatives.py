from __future__ import annotations

from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.ui.controllers.continuations import AlternativeSet


def test_alternatives_get_consecutive_seeds_from_one_base():
    fixed = SamplingSettings(seed=10, alternatives=3)
    assert [fixed.alternative(i).seed for i in range(3)] == [10, 11, 12]
    assert fixed.alternative(2).alternatives == 1
    drawn = SamplingSettings(alternatives=2).with_concrete_seed()
    assert drawn.alternative(1).seed == drawn.seed + 1


def test_cycling_skips_alternatives_without_text_and_stops_once_settled():
    offered = AlternativeSet()
    assert offered.add(0, "one") is True
    assert offered.add(2, "three") is False
    assert offered.cycle(1) == "three" and offered.shown == 2
    assert offered.cycle(1) == "one"
    assert offered.cycle(-1) == "three"
    offered.settled = True
    assert offered.cycle(1) is None and offered.choose(0) is None
