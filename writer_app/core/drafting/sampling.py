"""How a suggestion is sampled: the settings behind the sliders, their limits and validation."""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from writer_app.core.drafting.stops import STOP_AT_LENGTH, STOP_CHOICES

# Limits shown by the sliders and enforced everywhere else (CLI, settings file).
TEMPERATURE_RANGE = (0.0, 2.0)
TOP_K_RANGE = (0, 200)  # 0 switches top-k off
MAX_TOKENS_RANGE = (8, 1024)
TOP_P_RANGE = (0.0, 1.0)
MIN_P_RANGE = (0.0, 1.0)
REPEAT_PENALTY_RANGE = (1.0, 2.0)
SEED_RANGE = (0, 2**31 - 1)
ALTERNATIVES_RANGE = (1, 5)


class SettingsError(ValueError):
    """A sampling value is out of range; the message names the setting and the allowed range."""


@dataclass(frozen=True)
class SamplingSettings:
    """The knobs of one suggestion. ``seed=None`` means a fresh random seed per request."""

    temperature: float = 0.8
    top_k: int = 40
    top_p: float = 0.95
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    max_tokens: int = 64
    seed: int | None = None
    stop_at: str = STOP_AT_LENGTH  # or at the end of a sentence or paragraph (core.drafting.stops)
    stop_strings: tuple[str, ...] = ()
    alternatives: int = 1  # continuations offered per request, each with its own seed

    def validated(self) -> SamplingSettings:
        """Return self, or raise SettingsError naming the first value out of range."""
        _check("temperature", self.temperature, TEMPERATURE_RANGE)
        _check("top-k", self.top_k, TOP_K_RANGE)
        _check("max-tokens", self.max_tokens, MAX_TOKENS_RANGE)
        _check("top-p", self.top_p, TOP_P_RANGE)
        _check("min-p", self.min_p, MIN_P_RANGE)
        _check("repeat-penalty", self.repeat_penalty, REPEAT_PENALTY_RANGE)
        if self.seed is not None:
            _check("seed", self.seed, SEED_RANGE)
        _check("alternatives", self.alternatives, ALTERNATIVES_RANGE)
        if self.stop_at not in STOP_CHOICES:
            raise SettingsError(
                f"stop-at must be length, sentence or paragraph, got {self.stop_at!r}"
            )
        return self

    def with_concrete_seed(self) -> SamplingSettings:
        """Fix the seed for one request: llama.cpp's default seed repeats across processes."""
        if self.seed is not None:
            return self
        return replace(self, seed=secrets.randbelow(SEED_RANGE[1]))

    def alternative(self, index: int) -> SamplingSettings:
        """The settings of the ``index``-th alternative: consecutive seeds from one base, so
        a fixed seed reproduces the whole set."""
        base = self.with_concrete_seed().seed
        assert base is not None
        return replace(self, seed=(base + index) % (SEED_RANGE[1] + 1), alternatives=1)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["stop_strings"] = list(self.stop_strings)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SamplingSettings:
        """Build from stored values, keeping defaults for anything missing or unusable."""
        default = cls()
        values: dict[str, Any] = {}
        for field in fields(cls):
            raw = data.get(field.name, getattr(default, field.name))
            try:
                values[field.name] = _convert(field.name, raw)
            except (TypeError, ValueError, OverflowError):  # OverflowError: int(1e999)
                values[field.name] = getattr(default, field.name)
        candidate = cls(**values)
        try:
            return candidate.validated()
        except SettingsError:
            return default


def _convert(name: str, raw: Any) -> Any:
    if name == "stop_strings":
        if not isinstance(raw, list | tuple) or not all(isinstance(s, str) for s in raw):
            raise ValueError("stop strings must be a list of strings")
        return tuple(raw)
    if name == "stop_at":
        return str(raw)
    if raw is None:
        return None
    return int(raw) if name in ("top_k", "max_tokens", "seed", "alternatives") else float(raw)


def _check(name: str, value: float, bounds: tuple[float, float]) -> None:
    low, high = bounds
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low:g} and {high:g}, got {value:g}")
