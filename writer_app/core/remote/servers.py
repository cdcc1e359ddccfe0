"""The writer's remote engines (servers that draft for them), which one a project uses, and
their consent to send manuscript text to each.

Stored as JSON in the user config dir: ``engines.json`` (name, address, model, timeouts; never
an API key: those live in the system keyring, see ``core.remote.api_keys``) and ``consent.json``.
Nothing here touches the network.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from writer_app.core.drafting.engine_defaults import DEFAULT_N_CTX, MAX_N_CTX, MIN_N_CTX
from writer_app.core.storage.paths import config_dir
from writer_app.core.storage.state_files import read_json_object, write_json
from writer_app.core.text import sentence

log = logging.getLogger(__name__)

ENGINES_FILE = "engines.json"
CONSENT_FILE = "consent.json"
LOCAL_LABEL = sentence.translate("RemoteEngine", "this computer")


class EngineConfigError(ValueError):
    """An engine setting is unusable; ``str()`` is a sentence for the Preferences dialog."""


@dataclass(frozen=True)
class RemoteEngineConfig:
    """One OpenAI-compatible server (llama-server, llama-cpp-python, vLLM, Ollama, ...)."""

    name: str  # the writer's own name for it, unique: "Home server"
    base_url: str  # "http://192.168.1.20:8080" (a trailing /v1 is fine)
    model: str = ""  # "" = the first model the server lists
    n_ctx: int = DEFAULT_N_CTX  # used only when the server does not say
    connect_timeout: float = 10.0  # seconds to reach the server
    first_token_timeout: float = 180.0  # seconds the server may read the prompt in silence
    stall_timeout: float = 30.0  # seconds of silence in the middle of a suggestion

    @property
    def host(self) -> str:
        """Where the text goes, as a writer reads it: ``192.168.1.20:8080``."""
        return urlsplit(self.base_url).netloc or self.base_url

    def validated(self) -> RemoteEngineConfig:
        """Return a tidied copy, or raise EngineConfigError naming the first problem."""
        name, url = self.name.strip(), self.base_url.strip().rstrip("/")
        if not name:
            raise EngineConfigError(
                sentence.translate("RemoteEngine", "Give the engine a name, such as “Home server”.")
            )
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise EngineConfigError(
                sentence.translate(
                    "RemoteEngine",
                    "{address} is not a web address; a server address looks like "
                    "http://192.168.1.20:8080 or https://example.com/v1.",
                ).format(address=repr(url))
            )
        if parts.query or parts.fragment:
            raise EngineConfigError(
                sentence.translate(
                    "RemoteEngine", "{address} should be a plain address, without ? or #."
                ).format(address=repr(url))
            )
        if not MIN_N_CTX <= self.n_ctx <= MAX_N_CTX:  # the server's own: any multiple will do
            raise EngineConfigError(
                sentence.translate(
                    "RemoteEngine", "The context size must be from {low} to {high:,}, got {n_ctx}."
                ).format(low=MIN_N_CTX, high=MAX_N_CTX, n_ctx=self.n_ctx)
            )
        for problem, value in (
            (
                sentence.translate("RemoteEngine", "The connect timeout must be 0–3600 seconds."),
                self.connect_timeout,
            ),
            (
                sentence.translate(
                    "RemoteEngine", "The first word timeout must be 0–3600 seconds."
                ),
                self.first_token_timeout,
            ),
            (
                sentence.translate("RemoteEngine", "The stall timeout must be 0–3600 seconds."),
                self.stall_timeout,
            ),
        ):
            if not 0 < value <= 3600:
                raise EngineConfigError(problem)
        return RemoteEngineConfig(
            **{**asdict(self), "name": name, "base_url": url, "model": self.model.strip()}
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RemoteEngineConfig | None:
        """From stored values; None when they are unusable (the entry is then skipped)."""
        known = {f.name for f in fields(cls)}
        try:
            values = {key: value for key, value in data.items() if key in known}
            for key in ("name", "base_url", "model"):
                if not isinstance(values.get(key, ""), str):
                    return None
            if "n_ctx" in values:
                values["n_ctx"] = int(values["n_ctx"])
            for key in ("connect_timeout", "first_token_timeout", "stall_timeout"):
                if key in values:
                    values[key] = float(values[key])
            return cls(**values).validated()
        except (TypeError, ValueError, OverflowError):  # OverflowError: int(1e999)
            return None


@dataclass(frozen=True)
class EngineChoice:
    """Where a project drafts: on this computer (``remote is None``) or on a named engine.

    Stored in the project's metadata with ``to_dict``; a choice naming an engine that was
    since removed resolves to None from ``find`` and the app falls back to the local model.
    """

    remote: str | None = None

    @property
    def is_local(self) -> bool:
        return self.remote is None

    def find(self, engines: list[RemoteEngineConfig]) -> RemoteEngineConfig | None:
        if self.remote is None:
            return None
        return next((engine for engine in engines if engine.name == self.remote), None)

    def label(self) -> str:
        return LOCAL_LABEL if self.remote is None else self.remote

    def to_dict(self) -> dict[str, Any]:
        return {"engine": "local" if self.remote is None else "remote", "name": self.remote}

    @classmethod
    def from_dict(cls, data: Any) -> EngineChoice:
        if isinstance(data, dict) and data.get("engine") == "remote":
            name = data.get("name")
            if isinstance(name, str) and name.strip():
                return cls(remote=name.strip())
        return cls()


# -- the list of engines ----------------------------------------------------------------------


def engines_path() -> Path:
    return config_dir() / ENGINES_FILE


def load_engines() -> list[RemoteEngineConfig]:
    """The writer's engines, in their order; unusable entries are skipped (and logged)."""
    raw = read_json_object(
        engines_path(), what=sentence.translate("StateFiles", "Your list of remote engines")
    )
    items = raw.get("engines") if raw is not None else None
    engines: list[RemoteEngineConfig] = []
    for item in items if isinstance(items, list) else []:
        engine = RemoteEngineConfig.from_dict(item) if isinstance(item, dict) else None
        if engine is None or any(e.name == engine.name for e in engines):
            log.warning("skipping an unusable or duplicate engine entry in %s", engines_path())
            continue
        engines.append(engine)
    return engines


def save_engines(engines: list[RemoteEngineConfig]) -> None:
    """Validate and store; raise EngineConfigError for a bad entry or a repeated name, and
    OSError when the file cannot be written (the dialog says so)."""
    checked = [engine.validated() for engine in engines]
    names = [engine.name.casefold() for engine in checked]
    for name in names:
        if names.count(name) > 1:
            raise EngineConfigError(
                sentence.translate(
                    "RemoteEngine", "Two engines are called “{name}”; give each its own name."
                ).format(name=name)
            )
    write_json(engines_path(), {"engines": [engine.to_dict() for engine in checked]})


# -- consent to send text to an engine --------------------------------------------------------


def consent_path() -> Path:
    return config_dir() / CONSENT_FILE


def consent_question(engine: RemoteEngineConfig) -> str:
    """What the privacy prompt says, plainly."""
    return sentence.translate(
        "Consent",
        "To draft on “{engine}”, the text before the cursor (and your story notes) "
        "will be sent to {host}, which is not this computer. Whoever runs that "
        "server can read it. Send text to this engine?",
    ).format(engine=engine.name, host=engine.host)


def has_consent(engine: RemoteEngineConfig) -> bool:
    """Whether the writer agreed to send text to this engine at this address."""
    return _consent_key(engine) in _consents()


def record_consent(engine: RemoteEngineConfig) -> None:
    consents = _consents()
    consents[_consent_key(engine)] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    _write_consents(consents)


def revoke_consent(engine: RemoteEngineConfig) -> None:
    consents = _consents()
    if consents.pop(_consent_key(engine), None) is not None:
        _write_consents(consents)


def _consent_key(engine: RemoteEngineConfig) -> str:
    # The address is part of the key: an engine pointed somewhere else must ask again.
    return json.dumps([engine.name.strip(), engine.base_url.strip().rstrip("/")])


def _consents() -> dict[str, str]:
    # Damaged: set aside, and every engine asks for consent again (the safe side).
    raw = read_json_object(consent_path())
    items = raw.get("consents") if raw is not None else None
    consents: dict[str, str] = {}
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and all(
            isinstance(item.get(key), str) for key in ("name", "base_url")
        ):
            engine = RemoteEngineConfig(item["name"], item["base_url"])
            consents[_consent_key(engine)] = str(item.get("granted", ""))
    return consents


def _write_consents(consents: dict[str, str]) -> None:
    items = []
    for key, granted in consents.items():
        name, base_url = json.loads(key)
        items.append({"name": name, "base_url": base_url, "granted": granted})
    write_json(consent_path(), {"consents": items})
