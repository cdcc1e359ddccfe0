"""HTTP for remote engines: bounded waits, a cancel that closes the socket at once, and every
failure turned into a sentence a writer understands.

Plain ``http.client`` (the standard library): one connection per request, a timeout on every
socket read, so no silence outlasts its timeout (a server trickling bytes is not bounded).  A
cancel from another thread shuts the socket down, which wakes a read blocked on a silent server
immediately.

Not httpx2 (measured, see docs/remote-http.md): its timeouts match these, but its close()
leaves a blocked read waiting out the read timeout (2.9 s of 3 s; this cancel: under 1 ms),
and it follows HTTP_PROXY unless told not to.  The guarantees are listed there too.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from writer_app.core.drafting.engine import GenerationError
from writer_app.core.text import sentence

CANCEL_POLL_SECONDS = 0.05  # how often the cancel watcher looks at the flag
MAX_ERROR_BODY = 64 * 1024  # bytes read from an error response


class RemoteError(GenerationError):
    """A remote engine failed; ``str()`` is a sentence for the writer."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.partial = ""  # text already streamed through on_text before the failure


class ServerUnreachable(RemoteError):
    """Nothing answered: refused, unknown name, or no answer within the connect timeout."""


class AuthenticationFailed(RemoteError):
    """401/403: the API key is missing or wrong."""


class ModelNotFound(RemoteError):
    """404 naming the model: the server has no model by that name."""


class ServerStalled(RemoteError):
    """The server went silent for longer than the timeout."""


class ConnectionLost(RemoteError):
    """The connection dropped mid-suggestion; the text streamed so far was already shown."""


class BadResponse(RemoteError):
    """The server answered with something that is not an OpenAI-compatible response."""


@dataclass(frozen=True)
class Endpoint:
    """A server's base address, split the way http.client wants it."""

    scheme: str
    host: str  # "192.168.1.20" or "example.com"
    port: int
    prefix: str  # a path before the API ("/llm" behind a reverse proxy), no trailing slash
    label: str  # what the writer reads: "192.168.1.20:8080"

    @classmethod
    def parse(cls, base_url: str) -> Endpoint:
        parts = urlsplit(base_url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise RemoteError(
                sentence.translate(
                    "RemoteEngine", "{address} is not a server address (http://host:port)."
                ).format(address=repr(base_url))
            )
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise RemoteError(
                sentence.translate("RemoteEngine", "{address} has an invalid port number.").format(
                    address=repr(base_url)
                )
            ) from None
        prefix = parts.path.rstrip("/").removesuffix("/v1")
        return cls(parts.scheme, parts.hostname, port, prefix, parts.netloc)


@dataclass
class Exchange:
    """One request and its response; ``close()`` is safe at any point, and ends the watch
    on the cancel flag."""

    connection: http.client.HTTPConnection
    response: http.client.HTTPResponse
    # Kept here: http.client forgets the socket of a response that ends with the connection.
    sock: socket.socket
    watching: threading.Event | None = None  # set = stop watching the cancel flag

    @property
    def status(self) -> int:
        return self.response.status

    @property
    def content_type(self) -> str:
        return (self.response.getheader("Content-Type") or "").split(";")[0].strip().lower()

    def set_read_timeout(self, seconds: float) -> None:
        self.sock.settimeout(seconds)

    def read_body(self, limit: int = MAX_ERROR_BODY) -> bytes:
        return self.response.read(limit)

    def close(self) -> None:
        if self.watching is not None:
            self.watching.set()
        self.response.close()
        self.connection.close()
        self.sock.close()


def open_exchange(
    endpoint: Endpoint,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    *,
    api_key: str | None,
    connect_timeout: float,
    read_timeout: float,
    cancel: threading.Event | None = None,
) -> Exchange:
    """Send one request and wait (at most ``read_timeout``) for the response headers.

    Until the exchange is closed, setting ``cancel`` shuts its socket down.  Raises
    ServerUnreachable, ServerStalled, ConnectionLost (with a sentence), or ``Cancelled``
    when ``cancel`` was set meanwhile.
    """
    connection = _connection(endpoint, connect_timeout)
    try:
        connection.connect()
    except OSError as error:
        connection.close()
        raise _unreachable(endpoint, error, connect_timeout) from None
    sock = connection.sock
    assert sock is not None
    sock.settimeout(read_timeout)
    headers = {"Accept": "application/json, text/event-stream", "User-Agent": "writer-app"}
    payload = None
    if body is not None:
        payload = json.dumps(body).encode("utf-8")
        headers["Content-Type"] = "application/json"
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    watching = watch_cancel(sock, cancel)
    try:
        connection.request(method, endpoint.prefix + path, body=payload, headers=headers)
        response = connection.getresponse()
    except (OSError, http.client.HTTPException) as error:
        if watching is not None:
            watching.set()
        connection.close()
        if cancel is not None and cancel.is_set():
            raise Cancelled from None
        raise transport_error(endpoint, error, read_timeout) from None
    return Exchange(connection, response, sock, watching)


def request_json(
    endpoint: Endpoint,
    method: str,
    path: str,
    body: dict[str, Any] | None = None,
    *,
    api_key: str | None,
    timeout: float,
) -> tuple[int, Any]:
    """A small request: (status, parsed JSON or None)."""
    exchange = open_exchange(
        endpoint,
        method,
        path,
        body,
        api_key=api_key,
        connect_timeout=timeout,
        read_timeout=timeout,
    )
    try:
        raw = exchange.read_body(16 << 20)
    except (OSError, http.client.HTTPException) as error:
        raise transport_error(endpoint, error, timeout) from None
    finally:
        exchange.close()
    try:
        return exchange.status, json.loads(raw.decode("utf-8"))
    except ValueError:
        return exchange.status, None


class Cancelled(Exception):
    """The request was cancelled before any answer arrived."""


def watch_cancel(sock: socket.socket, cancel: threading.Event | None) -> threading.Event | None:
    """Until the returned event is set, a set ``cancel`` shuts ``sock`` down, which wakes a
    read blocked on a silent server at once (a flag checked between events cannot)."""
    if cancel is None:
        return None
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if cancel.wait(CANCEL_POLL_SECONDS):
                if not done.is_set():
                    _shutdown(sock)
                return

    threading.Thread(target=watch, name="remote-cancel", daemon=True).start()
    return done


def _shutdown(sock: socket.socket) -> None:
    # The plain socket's shutdown, also for TLS: SSLSocket.shutdown would drop its SSL object
    # under the reading thread's feet.
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


def _connection(endpoint: Endpoint, timeout: float) -> http.client.HTTPConnection:
    if endpoint.scheme == "https":
        context = ssl.create_default_context()
        return http.client.HTTPSConnection(
            endpoint.host, endpoint.port, timeout=timeout, context=context
        )
    return http.client.HTTPConnection(endpoint.host, endpoint.port, timeout=timeout)


def _unreachable(endpoint: Endpoint, error: OSError, timeout: float) -> RemoteError:
    where = endpoint.label
    if isinstance(error, ssl.SSLCertVerificationError):
        return ServerUnreachable(
            sentence.translate(
                "RemoteEngine",
                "The certificate of {server} could not be verified, so nothing was sent. "
                "Check the address (http or https?).",
            ).format(server=where)
        )
    if isinstance(error, ssl.SSLError):
        return ServerUnreachable(
            sentence.translate(
                "RemoteEngine",
                "A secure connection to {server} failed. Check whether the server uses https.",
            ).format(server=where)
        )
    if isinstance(error, socket.gaierror):
        return ServerUnreachable(
            sentence.translate(
                "RemoteEngine",
                "The server name {host} could not be found. Check the address "
                "and the network connection.",
            ).format(host=repr(endpoint.host))
        )
    if isinstance(error, TimeoutError):
        return ServerUnreachable(
            sentence.translate(
                "RemoteEngine",
                "{server} did not answer within {seconds} seconds. Check that the server is "
                "on and reachable from this computer.",
            ).format(server=where, seconds=f"{timeout:g}")
        )
    if isinstance(error, ConnectionRefusedError):
        return ServerUnreachable(
            sentence.translate(
                "RemoteEngine",
                "Nothing is answering at {server}: the connection was refused. Check that the "
                "server is running and that the address and port are right.",
            ).format(server=where)
        )
    return ServerUnreachable(
        sentence.translate("RemoteEngine", "Could not connect to {server} ({reason}).").format(
            server=where, reason=_reason(error)
        )
    )


def transport_error(endpoint: Endpoint, error: BaseException, timeout: float) -> RemoteError:
    """A failure after the connection was made: silence, or a dropped connection."""
    if isinstance(error, TimeoutError):
        return ServerStalled(
            sentence.translate(
                "RemoteEngine",
                "{server} stopped sending for {seconds} seconds, so the suggestion "
                "was stopped. The server may be overloaded; try again.",
            ).format(server=endpoint.label, seconds=f"{timeout:g}")
        )
    return ConnectionLost(
        sentence.translate(
            "RemoteEngine",
            "The connection to {server} was lost before the suggestion was finished "
            "({reason}). Try again.",
        ).format(server=endpoint.label, reason=_reason(error))
    )


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    if isinstance(error, http.client.IncompleteRead):
        return sentence.translate("RemoteEngine", "the answer was cut short")
    return type(error).__name__
