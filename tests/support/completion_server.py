"""A small OpenAI-style completion server on 127.0.0.1 that misbehaves on request, for tests
of the remote engine's failures (the real llama-cpp-python server covers the good path).

``with CompletionServer() as server: server.base_url``.  Switches, changed between requests:
``pieces`` (the text pieces streamed, one event each), ``status`` + ``error`` (refuse with that
status and an OpenAI-style error body), ``api_key`` (401 without it), ``stall_after`` (stop
sending after N events, until the test ends or ``stall_seconds``), ``drop_after`` (hang up
after N events, without [DONE]), ``raw_events`` (send these lines as they are),
``refuse_fields`` (400 naming the first of these fields present in a request), ``content_type``.
Every request body is kept in ``requests``.
"""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODEL = "test-model"


class CompletionServer:
    def __init__(self) -> None:
        self.pieces: list[str] = ["Once", " upon", " a", " time", "."]
        self.status = 200
        self.error = ""
        self.api_key: str | None = None
        self.stall_after: int | None = None
        self.stall_seconds = 20.0
        self.drop_after: int | None = None
        self.raw_events: list[bytes] | None = None
        self.refuse_fields: tuple[str, ...] = ()
        self.content_type = "text/event-stream"
        self.requests: list[dict[str, Any]] = []
        self.events_sent = 0
        self.client_gone = threading.Event()  # a write failed: the client hung up
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,))
        self._thread.daemon = True

    def __enter__(self) -> CompletionServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()  # ends any stall at once
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server API)
                if not self._authorized():
                    return
                if self.path == "/v1/models":
                    self._json(200, {"object": "list", "data": [{"id": MODEL}]})
                else:
                    self._json(404, {"detail": "Not Found"})

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                owner.requests.append(body)
                if not self._authorized():
                    return
                if self.path != "/v1/completions":
                    return self._json(404, {"detail": "Not Found"})
                refused = [name for name in owner.refuse_fields if name in body]
                if refused:
                    message = f"Unrecognized request argument supplied: {refused[0]}"
                    return self._json(400, _error(message, "invalid_request_error"))
                if owner.status != 200:
                    return self._json(owner.status, _error(owner.error, "error"))
                self._stream()
                return None

            def _authorized(self) -> bool:
                if owner.api_key and self.headers.get("Authorization") != (
                    f"Bearer {owner.api_key}"
                ):
                    self._json(401, _error("Invalid API key", "authentication_error"))
                    return False
                return True

            def _stream(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", owner.content_type)
                self.send_header("Cache-Control", "no-cache")
                self.end_headers()  # HTTP/1.0: the body ends when the connection closes
                events = owner.raw_events
                if events is None:
                    events = [_event(piece) for piece in owner.pieces]
                    events.append(_event("", finish="stop"))
                    events.append(b"data: [DONE]\n\n")
                try:
                    for index, event in enumerate(events):
                        if index == owner.stall_after:
                            owner._stop.wait(owner.stall_seconds)
                        if index == owner.drop_after:
                            self.connection.shutdown(socket.SHUT_RDWR)
                            return
                        self.wfile.write(event)
                        self.wfile.flush()
                        owner.events_sent += 1
                except OSError:
                    owner.client_gone.set()

            def _json(self, status: int, payload: Any) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


def _event(text: str, finish: str | None = None) -> bytes:
    chunk = {
        "object": "text_completion",
        "model": MODEL,
        "choices": [{"text": text, "index": 0, "finish_reason": finish}],
    }
    return b"data: " + json.dumps(chunk).encode() + b"\n\n"


def _error(message: str, kind: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind}}
