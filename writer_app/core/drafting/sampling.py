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
BEAM_WIDTH_RANGE = (1, 8)  # "Most likely": beam search keeping this many; 1 = off (sampling)
# The prose samplers (KoboldCpp's favourites), all in llama.cpp's native chain; each is off at
# its default, so a writer who never opens Advanced gets exactly the chain of before.
PRESENCE_PENALTY_RANGE = (0.0, 2.0)  # a flat push away from any word already used
FREQUENCY_PENALTY_RANGE = (0.0, 2.0)  # a push that grows with each use
DRY_MULTIPLIER_RANGE = (0.0, 5.0)  # 0 = off; penalises continuing a sequence seen before
DRY_BASE_RANGE = (1.0, 4.0)  # how fast the penalty grows with the repeat's length
DRY_ALLOWED_LENGTH_RANGE = (1, 20)  # repeats this long (in tokens) go unpunished
DRY_RANGE_RANGE = (64, 8192)  # tokens looked back over, the manuscript's included
XTC_PROBABILITY_RANGE = (0.0, 1.0)  # 0 = off; how often the obvious choices are excluded
XTC_THRESHOLD_RANGE = (0.0, 0.5)  # words above this probability count as "obvious"
TOP_N_SIGMA_RANGE = (0.0, 5.0)  # 0 = off; keep words within n standard deviations of the best
ADAPTIVE_TARGET_RANGE = (0.0, 1.0)  # 0 = off; aim at words of about this probability
ADAPTIVE_DECAY_RANGE = (0.0, 0.99)  # how long adaptive-P remembers (≈ 1 / (1 - decay) tokens)
# Where a repeat is allowed to begin again: a line break, dialogue quotes and colons, in both
# scripts, so that "she said" after every line of dialogue is not punished, while a sentence
# the model loops on (their punctuation is not a breaker) is.
PROSE_SEQUENCE_BREAKERS = ("\n", ":", '"', "*", "“", "”", "‘", "’", "：", "「", "」", "『", "』")


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
    presence_penalty: float = 0.0
    frequency_penalty: float = 0.0
    dry_multiplier: float = 0.0
    dry_base: float = 1.75
    dry_allowed_length: int = 2
    dry_range: int = 1024
    dry_sequence_breakers: tuple[str, ...] = PROSE_SEQUENCE_BREAKERS
    xtc_probability: float = 0.0
    xtc_threshold: float = 0.1
    top_n_sigma: float = 0.0
    adaptive_target: float = 0.0
    adaptive_decay: float = 0.9
    banned: tuple[str, ...] = ()  # phrases never to write (core.drafting.bans)
    beam_width: int = 1  # 2-8: "Most likely", beam search instead of sampling (core.local.beam)

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
        _check("presence-penalty", self.presence_penalty, PRESENCE_PENALTY_RANGE)
        _check("frequency-penalty", self.frequency_penalty, FREQUENCY_PENALTY_RANGE)
        _check("dry-multiplier", self.dry_multiplier, DRY_MULTIPLIER_RANGE)
        _check("dry-base", self.dry_base, DRY_BASE_RANGE)
        _check("dry-allowed-length", self.dry_allowed_length, DRY_ALLOWED_LENGTH_RANGE)
        _check("dry-range", self.dry_range, DRY_RANGE_RANGE)
        _check("xtc-probability", self.xtc_probability, XTC_PROBABILITY_RANGE)
        _check("xtc-threshold", self.xtc_threshold, XTC_THRESHOLD_RANGE)
        _check("top-n-sigma", self.top_n_sigma, TOP_N_SIGMA_RANGE)
        _check("adaptive-target", self.adaptive_target, ADAPTIVE_TARGET_RANGE)
        _check("adaptive-decay", self.adaptive_decay, ADAPTIVE_DECAY_RANGE)
        _check("beam", self.beam_width, BEAM_WIDTH_RANGE)
        if not all(self.dry_sequence_breakers):
            raise SettingsError("a DRY sequence breaker cannot be empty")
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
        data["dry_sequence_breakers"] = list(self.dry_sequence_breakers)
        data["banned"] = list(self.banned)
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
    if name in ("stop_strings", "dry_sequence_breakers", "banned"):
        if not isinstance(raw, list | tuple) or not all(isinstance(s, str) for s in raw):
            raise ValueError(f"{name} must be a list of strings")
        return tuple(raw)
    if name == "stop_at":
        return str(raw)
    if raw is None:
        return None
    return int(raw) if name in _WHOLE_NUMBERS else float(raw)


_WHOLE_NUMBERS = (
    "top_k", "max_tokens", "seed", "alternatives", "dry_allowed_length", "dry_range",
    "beam_width",
)  # fmt: skip


def _check(name: str, value: float, bounds: tuple[float, float]) -> None:
    low, high = bounds
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low:g} and {high:g}, got {value:g}")
