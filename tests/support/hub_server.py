"""A small Hugging Face Hub on 127.0.0.1 for tests of the model download with the REAL
huggingface_hub client (pointed at it as its endpoint).

It speaks the parts of the Hub's HTTP API that ``writer_app.core.models.hub`` uses:

- ``HEAD/GET /{repo}/resolve/{revision}/{file}``: like huggingface.co for an LFS file, a 302
  to a "CDN" (a second listener on another port of 127.0.0.1, so a different origin: the
  client keeps the file metadata of the redirect and drops the token on the way) carrying
  ``X-Repo-Commit``, ``X-Linked-Size``, ``X-Linked-ETag`` and ``ETag``;
- ``POST /api/models/{repo}/paths-info/{revision}``: size, git oid and LFS sha256;
- the CDN: ``GET``/``HEAD /cdn/{sha256}`` with ``Range: bytes=N-`` answered by 206.

Switches (attributes, change them between requests) produce the failures a writer meets:
``unauthorized`` (401 as for a private repo; ``"GatedRepo"`` for a gated one), a missing file
(404 ``EntryNotFound``), ``stall_after`` (stop sending mid-file for ``stall_seconds``, bounded
and cut short at shutdown), ``drop_after`` (close the connection mid-file), ``advertised_sha256``
(a wrong checksum in the metadata). The stall and the drop fire once, then the file is served
normally, so a test can resume. Every request is recorded in ``requests``.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

COMMIT = "0123456789abcdef0123456789abcdef01234567"
POINTER_SIZE = 134


@dataclass(frozen=True)
class SeenRequest:
    server: str  # "hub" or "cdn"
    method: str
    path: str
    range: str | None
    authorized: bool


class HubServer:
    """``with HubServer(repo_id, {name: bytes}) as hub: hub.endpoint`` -> ``http://127.0.0.1:port``."""

    def __init__(self, repo_id: str, files: dict[str, bytes], *, token: str | None = None) -> None:
        self.repo_id = repo_id
        self.files = dict(files)
        self.token = token  # when set, requests without it get 401 (a private repo)
        self.unauthorized: str | None = None  # "RepoNotFound" or "GatedRepo": always 401
        self.advertised_sha256: str | None = None  # lie about the LFS checksum
        self.stall_after: int | None = None  # bytes of the body sent before stalling (once)
        self.stall_seconds = 3.0
        self.drop_after: int | None = None  # bytes of the body sent before hanging up (once)
        self.requests: list[SeenRequest] = []
        self._stop = threading.Event()
        self._hub = ThreadingHTTPServer(("127.0.0.1", 0), self._handler("hub"))
        self._cdn = ThreadingHTTPServer(("127.0.0.1", 0), self._handler("cdn"))
        for server in (self._hub, self._cdn):
            server.daemon_threads = True
        self.endpoint = f"http://127.0.0.1:{self._hub.server_address[1]}"
        self.cdn = f"http://127.0.0.1:{self._cdn.server_address[1]}"
        self._threads = [
            threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
            for server in (self._hub, self._cdn)
        ]

    def __enter__(self) -> HubServer:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()  # ends any stall at once
        for server in (self._hub, self._cdn):
            server.shutdown()
            server.server_close()

    # -- what the tests look at -------------------------------------------------------------

    def sha256(self, name: str) -> str:
        return hashlib.sha256(self.files[name]).hexdigest()

    def ranges(self) -> list[str]:
        """Range headers of the file requests, in order (empty string: no Range)."""
        return [r.range or "" for r in self.requests if r.server == "cdn" and r.method == "GET"]

    # -- the protocol -----------------------------------------------------------------------

    def _by_sha(self, sha: str) -> bytes | None:
        for data in self.files.values():
            if hashlib.sha256(data).hexdigest() == sha:
                return data
        return None

    def _advertised(self, name: str) -> str:
        return self.advertised_sha256 or self.sha256(name)

    def _handler(self, role: str) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                pass

            def _record(self) -> None:
                auth = self.headers.get("Authorization") or ""
                owner.requests.append(
                    SeenRequest(
                        role,
                        self.command,
                        self.path,
                        self.headers.get("Range"),
                        bool(owner.token) and auth == f"Bearer {owner.token}",
                    )
                )

            def do_HEAD(self) -> None:  # noqa: N802 (http.server API)
                self._record()
                self._route(body=False)

            def do_GET(self) -> None:  # noqa: N802
                self._record()
                self._route(body=True)

            def do_POST(self) -> None:  # noqa: N802
                self._record()
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode())
                prefix = f"/api/models/{owner.repo_id}/paths-info/"
                path = unquote(urlsplit(self.path).path)
                if role != "hub" or not path.startswith(prefix):
                    return self._error(404, "RepoNotFound")
                if not self._allowed():
                    return None
                revision = path[len(prefix) :]
                if revision not in ("main", COMMIT):
                    return self._error(404, "RevisionNotFound")
                listing = []
                for name in form.get("paths", []):
                    if name in owner.files:
                        data = owner.files[name]
                        listing.append(
                            {
                                "type": "file",
                                "path": name,
                                "size": len(data),
                                "oid": _git_oid(data),
                                "lfs": {
                                    "oid": owner._advertised(name),
                                    "size": len(data),
                                    "pointerSize": POINTER_SIZE,
                                },
                            }
                        )
                self._send(200, json.dumps(listing).encode(), {"Content-Type": "application/json"})
                return None

            def _allowed(self) -> bool:
                if owner.unauthorized:
                    self._error(401, owner.unauthorized, "Invalid username or password.")
                    return False
                if owner.token and self.headers.get("Authorization") != f"Bearer {owner.token}":
                    self._error(401, "RepoNotFound", "Invalid username or password.")
                    return False
                return True

            def _route(self, *, body: bool) -> None:
                path = unquote(urlsplit(self.path).path)
                if role == "cdn":
                    return self._serve_blob(path.removeprefix("/cdn/"), body=body)
                prefix = f"/{owner.repo_id}/resolve/"
                if not path.startswith(prefix):
                    return self._error(401, "RepoNotFound", "Repository not found")
                if not self._allowed():
                    return None
                revision, _, name = path[len(prefix) :].partition("/")
                if revision not in ("main", COMMIT):
                    return self._error(404, "RevisionNotFound")
                if name not in owner.files:
                    return self._error(404, "EntryNotFound")
                data = owner.files[name]
                sha = owner.sha256(name)
                self.send_response(302)
                self.send_header("Location", f"{owner.cdn}/cdn/{sha}")
                self.send_header("X-Repo-Commit", COMMIT)
                self.send_header("X-Linked-Size", str(len(data)))
                self.send_header("X-Linked-ETag", f'"{owner._advertised(name)}"')
                self.send_header("ETag", f'"{_git_oid(data)}"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None

            def _serve_blob(self, sha: str, *, body: bool) -> None:
                data = owner._by_sha(sha)
                if data is None:
                    return self._error(404, "EntryNotFound")
                start = 0
                header = self.headers.get("Range") or ""
                if header.startswith("bytes=") and header.endswith("-"):
                    start = int(header[6:-1])
                if start >= len(data) and data:
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{len(data)}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                self.send_response(206 if start else 200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Accept-Ranges", "bytes")
                self.send_header("Content-Length", str(len(data) - start))
                if start:
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                self.end_headers()
                if body:
                    self._write_body(data[start:])
                return None

            def _write_body(self, chunk: bytes) -> None:
                stall, drop = owner.stall_after, owner.drop_after
                try:
                    if stall is not None:
                        owner.stall_after = None
                        self.wfile.write(chunk[:stall])
                        self.wfile.flush()
                        owner._stop.wait(min(owner.stall_seconds, 10.0))
                        chunk = chunk[stall:]
                    if drop is not None:
                        owner.drop_after = None
                        self.wfile.write(chunk[:drop])
                        self.wfile.flush()
                        self.close_connection = True
                        self.connection.shutdown(socket.SHUT_RDWR)
                        return
                    self.wfile.write(chunk)
                except OSError:  # the client gave up (a cancel, or its timeout)
                    self.close_connection = True

            def _error(self, status: int, code: str, message: str = "") -> None:
                headers = {"X-Error-Code": code, "Content-Type": "application/json"}
                if message:
                    headers["X-Error-Message"] = message
                self._send(status, json.dumps({"error": message or code}).encode(), headers)

            def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    try:
                        self.wfile.write(body)
                    except OSError:
                        pass

        return Handler


def _git_oid(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
