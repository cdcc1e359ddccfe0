"""The guarantees of core/remote/http.py, against a real server on 127.0.0.1: a cancel ends a
blocked wait at once, silence becomes a sentence, and a request goes only to the chosen server
(no proxy from the environment, no redirect followed).  See docs/remote-http.md."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from writer_app.core.drafting.textstream import SuggestionText
from writer_app.core.remote.http import (
    Cancelled,
    Endpoint,
    ServerStalled,
    ServerUnreachable,
    open_exchange,
    request_json,
)
from writer_app.core.remote.stream import StreamReader

HANG_SECONDS = 30.0  # how long a silent server holds on; every wait below must end sooner
PATIENT = 60.0  # a client timeout longer than the hang: only a working cancel ends the wait
SSE_HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n"


def json_reply(body: bytes, status: str = "200 OK", extra: bytes = b"") -> bytes:
    return (
        f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n".encode()
        + extra
        + b"\r\n"
        + body
    )


class RawServer:
    """Reads each request, sends ``reply`` (maybe nothing), then either hangs up or, with
    ``hold``, keeps the connection open and silent until released or ``HANG_SECONDS`` end."""

    def __init__(self, reply: bytes = b"", *, hold: bool = True) -> None:
        self.reply, self.hold = reply, hold
        self.requests: list[bytes] = []
        self.request_seen = threading.Event()
        self.hang_over = threading.Event()  # a hold ran its full length: nothing ended it
        self._released = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def close(self) -> None:
        self._released.set()
        self._listener.close()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection: socket.socket) -> None:
        with connection:
            try:
                data = b""
                while b"\r\n\r\n" not in data:
                    part = connection.recv(65536)
                    if not part:
                        return
                    data += part
                self.requests.append(data)
                self.request_seen.set()
                connection.sendall(self.reply)
            except OSError:
                return
            if self.hold and not self._released.wait(HANG_SECONDS):
                self.hang_over.set()


@pytest.fixture
def servers() -> Iterator[list[RawServer]]:
    started: list[RawServer] = []
    yield started
    for server in started:
        server.close()


def start(servers: list[RawServer], reply: bytes = b"", *, hold: bool = True) -> RawServer:
    server = RawServer(reply, hold=hold)
    servers.append(server)
    return server


def set_when(event: threading.Event, cancel: threading.Event) -> None:
    threading.Thread(target=lambda: (event.wait(HANG_SECONDS), cancel.set()), daemon=True).start()


def test_a_cancel_ends_the_wait_for_an_answer_at_once(servers):
    server = start(servers)  # accepts, reads the request, never answers
    cancel = threading.Event()
    set_when(server.request_seen, cancel)
    with pytest.raises(Cancelled):
        open_exchange(
            Endpoint.parse(server.url), "POST", "/v1/completions", {"prompt": "It began"},
            api_key=None, connect_timeout=5, read_timeout=PATIENT, cancel=cancel,
        )  # fmt: skip
    assert not server.hang_over.is_set()


def test_a_cancel_ends_a_blocked_read_of_a_silent_stream_at_once(servers):
    server = start(servers, SSE_HEADERS)  # the headers, then silence
    endpoint = Endpoint.parse(server.url)
    cancel = threading.Event()
    exchange = open_exchange(
        endpoint, "POST", "/v1/completions", {"prompt": "It began"},
        api_key=None, connect_timeout=5, read_timeout=PATIENT, cancel=cancel,
    )  # fmt: skip
    reading = threading.Event()
    read1 = exchange.response.read1

    def read_chunk(size: int) -> bytes:
        reading.set()  # past the reader's own look at the flag: only the socket can wake it
        return read1(size)

    exchange.response.read1 = read_chunk  # type: ignore[method-assign]
    set_when(reading, cancel)
    reader = StreamReader(
        exchange, endpoint, SuggestionText(),
        on_text=None, cancel=cancel, first_token_timeout=PATIENT, stall_timeout=PATIENT,
    )  # fmt: skip
    try:
        outcome = reader.read()
    finally:
        exchange.close()
    assert outcome.cancelled
    assert not server.hang_over.is_set()


def test_a_server_that_never_answers_is_a_stall_with_a_sentence(servers):
    server = start(servers)
    with pytest.raises(ServerStalled, match=r"stopped sending for 0\.2 seconds"):
        request_json(Endpoint.parse(server.url), "GET", "/v1/models", api_key=None, timeout=0.2)


def test_a_refused_connection_says_nothing_answers():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again before the request
    with pytest.raises(ServerUnreachable, match="refused"):
        request_json(Endpoint.parse(f"http://127.0.0.1:{port}"), "GET", "/", api_key=None,
                     timeout=5)  # fmt: skip


def test_proxy_settings_in_the_environment_are_ignored(servers, monkeypatch):
    # The writer chose one server: the text and the key go there, never to a proxy.
    target = start(servers, json_reply(b'{"data": []}'), hold=False)
    proxy = start(servers, json_reply(b'{"data": []}'), hold=False)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.setenv(name, proxy.url)
        monkeypatch.setenv(name.lower(), proxy.url)
    status, payload = request_json(
        Endpoint.parse(target.url), "GET", "/v1/models", api_key="sk-key", timeout=5
    )
    assert (status, payload) == (200, {"data": []})
    assert len(target.requests) == 1
    assert proxy.requests == []


def test_a_redirect_is_not_followed(servers):
    elsewhere = start(servers, json_reply(b"{}"), hold=False)
    moved = json_reply(b"{}", "302 Found", f"Location: {elsewhere.url}/v1/models\r\n".encode())
    server = start(servers, moved, hold=False)
    status, _ = request_json(
        Endpoint.parse(server.url), "GET", "/v1/models", api_key="sk-key", timeout=5
    )
    assert status == 302
    assert elsewhere.requests == []
