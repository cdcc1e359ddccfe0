"""PySide6 6.12.0 on CPython 3.11 dies ("bool_dealloc") after a few thousand Signal.emit()
calls; a streaming editor emits that many in a chapter.  The pinned pair must survive."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    piece = Signal(str)
    flag = Signal(bool)


def test_fifty_thousand_signals_do_not_kill_the_process(qapp):
    emitter = Emitter()
    received: list[int] = []
    emitter.piece.connect(lambda text: received.append(len(text)))
    emitter.flag.connect(lambda value: received.append(int(value)))
    for i in range(25_000):
        emitter.piece.emit("word ")
        emitter.flag.emit(i % 2 == 0)
    assert len(received) == 50_000
    assert sum(received) == 25_000 * 5 + 12_500
