"""Server-sent events, parsed incrementally from whatever byte chunks the network delivers.

Follows the WHATWG event-stream format: lines end in CR, LF or CRLF (a CRLF may be split
across two chunks), ``data:`` lines accumulate, a blank line dispatches, ``:`` starts a comment
(servers send them as keep-alive pings), and an event still open at the end is dropped.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from writer_app.core.text import sentence

MAX_LINE_CHARS = 1 << 20  # a "line" longer than this is not an event stream
_LINE_END = re.compile(r"\r\n|\r|\n")


class EventStreamError(ValueError):
    """The bytes are not an event stream (e.g. a line without end, megabytes long)."""


@dataclass(frozen=True)
class ServerEvent:
    data: str
    event: str = "message"
    id: str | None = None


class EventStreamParser:
    """``feed(chunk)`` returns the events completed by that chunk, in order."""

    def __init__(self) -> None:
        # Invalid UTF-8 becomes U+FFFD here: a broken event then fails as JSON, visibly.
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""  # an unfinished line (possibly ending in a lone CR)
        self._started = False
        self._data: list[str] = []
        self._event = ""
        self._id: str | None = None

    def feed(self, chunk: bytes) -> list[ServerEvent]:
        text = self._pending + self._decoder.decode(chunk)
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")
        hold_cr = text.endswith("\r")  # maybe the first half of a CRLF
        lines = _LINE_END.split(text[:-1] if hold_cr else text)
        self._pending = lines.pop() + ("\r" if hold_cr else "")
        if len(self._pending) > MAX_LINE_CHARS:
            raise EventStreamError(
                sentence.translate("RemoteEngine", "a line of more than {count} characters").format(
                    count=MAX_LINE_CHARS
                )
            )
        events = []
        for line in lines:
            event = self._line(line)
            if event is not None:
                events.append(event)
        return events

    def _line(self, line: str) -> ServerEvent | None:
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, colon, value = line.partition(":")
        if colon:
            value = value.removeprefix(" ")
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._id = value
        return None  # "retry" and unknown fields are ignored, as the format says

    def _dispatch(self) -> ServerEvent | None:
        data, event = self._data, self._event
        self._data, self._event = [], ""
        if not data:
            return None
        return ServerEvent(data="\n".join(data), event=event or "message", id=self._id)
