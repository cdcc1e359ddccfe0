"""Sampler presets: named positions of the sliders, built in and the writer's own."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from writer_app.core.drafting.sampling import SamplingSettings, SettingsError

_OFF = SamplingSettings()  # the prose samplers' defaults: off


@dataclass(frozen=True)
class Preset:
    """How adventurous suggestions are, and which prose samplers shape them; length, seed and
    stop options are left as they are.  A preset saved before the prose samplers existed
    leaves them off."""

    name: str
    temperature: float
    top_k: int
    top_p: float
    min_p: float
    repeat_penalty: float
    presence_penalty: float = _OFF.presence_penalty
    frequency_penalty: float = _OFF.frequency_penalty
    dry_multiplier: float = _OFF.dry_multiplier
    dry_base: float = _OFF.dry_base
    dry_allowed_length: int = _OFF.dry_allowed_length
    dry_range: int = _OFF.dry_range
    xtc_probability: float = _OFF.xtc_probability
    xtc_threshold: float = _OFF.xtc_threshold
    top_n_sigma: float = _OFF.top_n_sigma
    adaptive_target: float = _OFF.adaptive_target
    adaptive_decay: float = _OFF.adaptive_decay

    def apply(self, settings: SamplingSettings) -> SamplingSettings:
        return replace(settings, **self._values())

    def matches(self, settings: SamplingSettings) -> bool:
        return self.apply(settings) == settings

    def _values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "name"}

    @classmethod
    def capture(cls, name: str, settings: SamplingSettings) -> Preset:
        return cls(name=name, **{f.name: getattr(settings, f.name) for f in _STYLE})

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Preset | None:
        """A stored preset, or None when it is incomplete or out of range (the prose
        samplers may be missing: they stay off)."""
        try:
            values = {}
            for field in _STYLE:
                raw = data[field.name] if field.name in _REQUIRED else data.get(field.name)
                if raw is not None:
                    values[field.name] = int(raw) if field.type == "int" else float(raw)
            preset = cls(name=str(data["name"]).strip(), **values)
            preset.apply(SamplingSettings()).validated()
        except (KeyError, TypeError, ValueError, OverflowError, SettingsError):
            return None
        return preset if preset.name else None


_STYLE = tuple(f for f in fields(Preset) if f.name != "name")
_REQUIRED = ("temperature", "top_k", "top_p", "min_p", "repeat_penalty")

BUILT_IN = (
    Preset("Faithful", temperature=0.5, top_k=20, top_p=0.9, min_p=0.1, repeat_penalty=1.15),
    Preset("Balanced", temperature=0.8, top_k=40, top_p=0.95, min_p=0.05, repeat_penalty=1.1),
    # For long prose: DRY instead of a blunt repeat penalty stops the loops small models fall
    # into without punishing the words a story must repeat (names, "said"); XTC now and then
    # sets aside the most obvious next words; min-p keeps the tail sane.
    Preset(
        "Prose",
        temperature=0.9,
        top_k=0,
        top_p=1.0,
        min_p=0.05,
        repeat_penalty=1.0,
        dry_multiplier=0.8,
        dry_base=1.75,
        dry_allowed_length=2,
        xtc_probability=0.3,
        xtc_threshold=0.1,
    ),
    Preset("Wild", temperature=1.25, top_k=100, top_p=0.98, min_p=0.02, repeat_penalty=1.05),
)


def matching(settings: SamplingSettings, presets: tuple[Preset, ...]) -> Preset | None:
    return next((preset for preset in presets if preset.matches(settings)), None)
