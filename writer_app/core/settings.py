"""Typed settings, persisted as JSON in the user config dir; bad or missing values fall back."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from writer_app.core.drafting.engine_defaults import DEFAULT_N_CTX, valid_n_ctx
from writer_app.core.drafting.presets import Preset
from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.local.saved_state import DEFAULT_LIMIT_MB
from writer_app.core.storage.paths import config_dir
from writer_app.core.storage.state_files import read_json_object, write_json
from writer_app.core.text import sentence

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
PAUSE_MS_RANGE = (300, 10_000)  # Draft ▸ Pause Before Suggesting


@dataclass(frozen=True)
class AppSettings:
    sampling: SamplingSettings = field(default_factory=SamplingSettings)
    # The context a model gets until it has settings of its own (core.models.library keeps
    # each model's context, GPU layers and threads, and which model was used last).
    n_ctx: int = DEFAULT_N_CTX
    presets: tuple[Preset, ...] = ()  # the writer's own, after the built-in ones
    engine: str = ""  # the remote engine loose files draft on; "" = this computer
    read_ahead: bool = True  # read the text before the cursor into the model while pausing
    bridge: bool = True  # Draft ▸ Lead into What Follows: mid-chapter, rank toward the next text
    saved_state_mb: int = DEFAULT_LIMIT_MB  # disk kept for recent chapters' model state; 0 = off
    text_pt: int = 0  # the page's text size in points (View ▸ Zoom); 0: the editor's default
    text_family: str = ""  # the page's font (View ▸ Font); "": the editor's serif
    full_screen: bool = False  # View ▸ Full Screen, as the writer left it
    theme: str = "light"  # View ▸ Theme: light, sepia or dark (an unknown name reads as light)
    line_spacing: float = 1.2  # View ▸ Line Spacing: 1.0 single … 2.0 double
    first_line_indent: bool = False  # View ▸ First-Line Indent (段首缩进), shown, never typed
    page_chars: int = 72  # View ▸ Page Width: the column in characters; 0 = the whole window
    focus_mode: bool = False  # View ▸ Focus Mode: all but the paragraph being written dimmed
    typewriter: bool = False  # View ▸ Typewriter Scrolling: the line being written stays put
    distraction_free: bool = False  # View ▸ Distraction-Free: no panels, no menus until wanted
    language: str = ""  # File ▸ Language: "" = the system's, "en", "zh_CN" (from the next start)
    spelling: bool = True  # Edit ▸ Spelling ▸ Check Spelling
    # Draft ▸ Suggest While I Pause: a short ghost appears by itself after a pause of pause_ms;
    # on a server engine only when its name is in pause_engines.
    suggest_on_pause: bool = False
    pause_ms: int = 1000
    pause_engines: tuple[str, ...] = ()
    pause_note_shown: bool = False  # the status note saying how to turn it off, shown once
    # The dictionary of loose files and of novels that chose none (en_GB…); "": the system's
    # language (core.text.spelling.default_language); "off": not checked.
    spelling_language: str = ""
    # Read, never written: the model of a settings file from before the model library kept
    # the active one, so that model loads once more after an upgrade.
    previous_model: str = ""

    def with_sampling(self, sampling: SamplingSettings) -> AppSettings:
        return replace(self, sampling=sampling)


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


def load_settings() -> AppSettings:
    """The saved settings; defaults for a missing or damaged file (set aside, never lost:
    core.storage.state_files) and value by value for unusable entries."""
    raw = read_json_object(settings_path(), what=sentence.translate("StateFiles", "Your settings"))
    if raw is None:
        return AppSettings()
    default = AppSettings()
    n_ctx = raw.get("n_ctx", default.n_ctx)
    sampling, model_path = raw.get("sampling"), raw.get("model_path")
    return AppSettings(
        sampling=SamplingSettings.from_dict(sampling if isinstance(sampling, dict) else {}),
        n_ctx=n_ctx if valid_n_ctx(n_ctx) else default.n_ctx,
        presets=_presets(raw.get("presets")),
        engine=raw["engine"] if isinstance(raw.get("engine"), str) else "",
        read_ahead=raw["read_ahead"] if isinstance(raw.get("read_ahead"), bool) else True,
        bridge=raw["bridge"] if isinstance(raw.get("bridge"), bool) else True,
        saved_state_mb=_megabytes(raw.get("saved_state_mb"), default.saved_state_mb),
        text_pt=_bounded_int(raw.get("text_pt"), 0, 72, default.text_pt),
        text_family=_text(raw.get("text_family"), 200),
        full_screen=raw["full_screen"] if isinstance(raw.get("full_screen"), bool) else False,
        theme=raw["theme"] if isinstance(raw.get("theme"), str) else default.theme,
        line_spacing=_spacing(raw.get("line_spacing")),
        first_line_indent=raw.get("first_line_indent") is True,
        page_chars=_bounded_int(raw.get("page_chars"), 0, 200, default.page_chars),
        focus_mode=raw.get("focus_mode") is True,
        typewriter=raw.get("typewriter") is True,
        distraction_free=raw.get("distraction_free") is True,
        language=_text(raw.get("language"), 20),
        spelling=raw["spelling"] if isinstance(raw.get("spelling"), bool) else True,
        suggest_on_pause=raw.get("suggest_on_pause") is True,
        pause_ms=_bounded_int(raw.get("pause_ms"), PAUSE_MS_RANGE[0], PAUSE_MS_RANGE[1], 1000),
        pause_engines=_names(raw.get("pause_engines")),
        pause_note_shown=raw.get("pause_note_shown") is True,
        spelling_language=_text(raw.get("spelling_language"), 40),
        previous_model=(
            model_path if isinstance(model_path, str) and "\x00" not in model_path else ""
        ),
    )


def _is_int(raw: Any) -> bool:
    return isinstance(raw, int) and not isinstance(raw, bool)


def _text(raw: Any, limit: int) -> str:
    return raw if isinstance(raw, str) and len(raw) <= limit and "\x00" not in raw else ""


def _bounded_int(raw: Any, low: int, high: int, default: int) -> int:
    return raw if _is_int(raw) and low <= raw <= high else default


def _spacing(raw: Any) -> float:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and 1.0 <= raw <= 3.0:
        return float(raw)
    return AppSettings.line_spacing


def _names(raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(dict.fromkeys(name for name in raw if _text(name, 200)))


def _megabytes(raw: Any, default: int) -> int:
    return raw if _is_int(raw) and raw >= 0 else default


def _presets(raw: Any) -> tuple[Preset, ...]:
    if not isinstance(raw, list):
        return ()
    found = (Preset.from_dict(item) for item in raw if isinstance(item, dict))
    return tuple(preset for preset in found if preset is not None)


def save_settings(settings: AppSettings) -> None:
    data = {
        "sampling": settings.sampling.to_dict(),
        "n_ctx": settings.n_ctx,
        "presets": [preset.to_dict() for preset in settings.presets],
        "engine": settings.engine,
        "read_ahead": settings.read_ahead,
        "bridge": settings.bridge,
        "saved_state_mb": settings.saved_state_mb,
        "text_pt": settings.text_pt,
        "text_family": settings.text_family,
        "full_screen": settings.full_screen,
        "theme": settings.theme,
        "line_spacing": settings.line_spacing,
        "first_line_indent": settings.first_line_indent,
        "page_chars": settings.page_chars,
        "focus_mode": settings.focus_mode,
        "typewriter": settings.typewriter,
        "distraction_free": settings.distraction_free,
        "language": settings.language,
        "spelling": settings.spelling,
        "suggest_on_pause": settings.suggest_on_pause,
        "pause_ms": settings.pause_ms,
        "pause_engines": list(settings.pause_engines),
        "pause_note_shown": settings.pause_note_shown,
        "spelling_language": settings.spelling_language,
    }
    try:
        write_json(settings_path(), data)
    except OSError as error:
        log.warning("could not save settings to %s: %s", settings_path(), error)
