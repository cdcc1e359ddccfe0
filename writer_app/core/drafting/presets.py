"""Sampler presets: named positions of the sliders, built in and the writer's own."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from writer_app.core.drafting.sampling import SamplingSettings, SettingsError


@dataclass(frozen=True)
class Preset:
    """How adventurous suggestions are; length, seed and stop options are left as they are."""

    name: str
    temperature: float
    top_k: int
    top_p: float
    min_p: float
    repeat_penalty: float

    def apply(self, settings: SamplingSettings) -> SamplingSettings:
        values = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "name"}
        return replace(settings, **values)

    def matches(self, settings: SamplingSettings) -> bool:
        return self.apply(settings) == settings

    @classmethod
    def capture(cls, name: str, settings: SamplingSettings) -> Preset:
        return cls(
            name=name,
            temperature=settings.temperature,
            top_k=settings.top_k,
            top_p=settings.top_p,
            min_p=settings.min_p,
            repeat_penalty=settings.repeat_penalty,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Preset | None:
        """A stored preset, or None when it is incomplete or out of range."""
        try:
            preset = cls(
                name=str(data["name"]).strip(),
                temperature=float(data["temperature"]),
                top_k=int(data["top_k"]),
                top_p=float(data["top_p"]),
                min_p=float(data["min_p"]),
                repeat_penalty=float(data["repeat_penalty"]),
            )
            preset.apply(SamplingSettings()).validated()
        except (KeyError, TypeError, ValueError, OverflowError, SettingsError):
            return None
        return preset if preset.name else None


BUILT_IN = (
    Preset("Faithful", temperature=0.5, top_k=20, top_p=0.9, min_p=0.1, repeat_penalty=1.15),
    Preset("Balanced", temperature=0.8, top_k=40, top_p=0.95, min_p=0.05, repeat_penalty=1.1),
    Preset("Wild", temperature=1.25, top_k=100, top_p=0.98, min_p=0.02, repeat_penalty=1.05),
)


def matching(settings: SamplingSettings, presets: tuple[Preset, ...]) -> Preset | None:
    return next((preset for preset in presets if preset.matches(settings)), None)
