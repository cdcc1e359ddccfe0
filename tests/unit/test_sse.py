"""Server-sent events arrive in arbitrary chunks; the parser must give the same events."""

from __future__ import annotations

import pytest

from writer_app.core.remote.sse import (
    MAX_LINE_CHARS,
    EventStreamError,
    EventStreamParser,
    ServerEvent,
)

STREAM = (
    b": ping - keep-alive\r\n\r\n"
    b'data: {"text": "\xe9\x9b\xa8"}\r\n\r\n'
    b"event: error\ndata: first line\ndata: second line\n\n"
    b"id: 7\rdata:no space\r\r"
    b"data: [DONE]\n\n"
)
EXPECTED = [
    ServerEvent('{"text": "雨"}'),
    ServerEvent("first line\nsecond line", event="error"),
    ServerEvent("no space", id="7"),
    ServerEvent("[DONE]", id="7"),
]


def parse(chunks: list[bytes]) -> list[ServerEvent]:
    parser = EventStreamParser()
    return [event for chunk in chunks for event in parser.feed(chunk)]


def test_a_whole_stream_gives_its_events():
    assert parse([STREAM]) == EXPECTED


def test_byte_by_byte_gives_the_same_events():
    # Splits a CRLF, a UTF-8 character and every field across chunks.
    assert parse([STREAM[i : i + 1] for i in range(len(STREAM))]) == EXPECTED


@pytest.mark.parametrize("size", [2, 3, 5, 7, 13])
def test_any_chunk_size_gives_the_same_events(size):
    assert parse([STREAM[i : i + size] for i in range(0, len(STREAM), size)]) == EXPECTED


def test_a_lone_cr_at_a_chunk_end_is_a_line_end():
    assert parse([b"data: a\r", b"\r", b"data: b\r", b"\n\r\n"]) == [
        ServerEvent("a"),
        ServerEvent("b"),
    ]


def test_an_event_without_its_blank_line_is_not_dispatched():
    assert parse([b"data: complete\n\n", b"data: cut off"]) == [ServerEvent("complete")]


def test_a_leading_byte_order_mark_is_ignored():
    assert parse([b"\xef\xbb\xbfdata: x\n\n"]) == [ServerEvent("x")]


def test_invalid_utf8_is_visible_not_dropped():
    (event,) = parse([b"data: \xff\xfe\n\n"])
    assert "\ufffd" in event.data


def test_an_endless_line_is_refused():
    parser = EventStreamParser()
    with pytest.raises(EventStreamError):
        for _ in range(MAX_LINE_CHARS // 4096 + 2):
            parser.feed(b"x" * 4096)


def test_an_event_without_data_is_not_dispatched_and_its_name_does_not_linger():
    # As the format says (httpx2's parser would dispatch an empty "ping" here).
    assert parse([b"event: ping\n\n", b"data: x\n\n"]) == [ServerEvent("x")]
