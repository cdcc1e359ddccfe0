"""Where models are downloaded from: Hugging Face, or a mirror the writer chose in the app.

Apart from core.models.hub because it never needs huggingface_hub: the Models window reads and
saves the setting without loading the hub client.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from writer_app.core.storage.paths import config_dir
from writer_app.core.storage.state_files import read_json_object, write_json
from writer_app.core.text import sentence

DEFAULT_ENDPOINT = "https://huggingface.co"
# Writers in mainland China reach Hugging Face through mirrors that serve the same API.
KNOWN_MIRRORS = {"Hugging Face": DEFAULT_ENDPOINT, "hf-mirror.com": "https://hf-mirror.com"}
HUB_SETTINGS_FILE = "hub.json"


def saved_endpoint() -> str | None:
    """The mirror the writer chose in the app, if any (a damaged file is set aside and
    logged: core.storage.state_files; the default endpoint is used)."""
    raw = read_json_object(config_dir() / HUB_SETTINGS_FILE)
    value = raw.get("endpoint") if raw is not None else None
    return value if isinstance(value, str) and _valid_endpoint(value) else None


def save_endpoint(endpoint: str | None) -> None:
    """Remember a mirror (``None`` forgets it); raise ValueError with a sentence if invalid."""
    if endpoint is not None:
        endpoint = endpoint.strip().rstrip("/")
        if not _valid_endpoint(endpoint):
            raise ValueError(
                sentence.translate(
                    "Download",
                    "{address} is not a web address; a mirror looks like https://hf-mirror.com.",
                ).format(address=repr(endpoint))
            )
    write_json(config_dir() / HUB_SETTINGS_FILE, {"endpoint": endpoint})


def default_endpoint() -> str:
    """The writer's mirror, else ``HF_ENDPOINT`` from the environment, else huggingface.co.
    Read at call time (huggingface_hub reads ``HF_ENDPOINT`` once, at import)."""
    env = os.environ.get("HF_ENDPOINT", "").strip().rstrip("/")
    return saved_endpoint() or (env if _valid_endpoint(env) else DEFAULT_ENDPOINT)


def _valid_endpoint(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)
