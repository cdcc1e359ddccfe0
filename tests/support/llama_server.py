"""llama-cpp-python's own OpenAI-compatible server, run on 127.0.0.1 for tests of the remote
engine against a real one (needs the ``server`` extra's packages: fastapi, uvicorn, ...)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SERVER_PACKAGES = ("fastapi", "uvicorn", "sse_starlette", "starlette_context", "pydantic_settings")
READY_LIMIT = 120.0  # seconds a start may take on a busy two-core machine (not a test timing)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def llama_server(
    model: Path, log_path: Path, *, n_ctx: int = 1024, api_key: str | None = None
) -> Iterator[str]:
    """Start the server, wait until it lists its model, yield its base URL, stop it."""
    port = free_port()
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(model),
        "--n_threads", "1", "--n_threads_batch", "1", "--n_ctx", str(n_ctx),
        "--host", "127.0.0.1", "--port", str(port),
    ]  # fmt: skip
    if api_key:
        command += ["--api_key", api_key]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(process, base_url, log_path, api_key)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(
    process: subprocess.Popen, base_url: str, log_path: Path, api_key: str | None
) -> None:
    deadline = time.monotonic() + READY_LIMIT
    request = urllib.request.Request(f"{base_url}/v1/models")
    if api_key:
        request.add_header("Authorization", f"Bearer {api_key}")
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {log_path.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(request, timeout=2) as answer:
                if json.load(answer).get("data"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not start: {log_path.read_text(errors='replace')[-2000:]}")


def complete_once(base_url: str, body: dict) -> dict:
    """One non-streamed completion, straight over HTTP (to compare the engine with)."""
    request = urllib.request.Request(
        f"{base_url}/v1/completions",
        data=json.dumps({**body, "stream": False}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as answer:
        return json.load(answer)
