"""The hostile-input suite: every kind of file the app reads, damaged, huge, deep, special,
unreadable or in the wrong encoding, opened through the code path the window uses.

Two guards every case can lean on:
- ``watchdog``: a hang (a FIFO read on the GUI thread, a loop on a symlink) fails the run
  with every thread's stack instead of freezing CI.
- ``bounded_memory``: the peak of Python allocations while a case runs stays under a limit
  (reading /dev/zero or a 200 MB file into a string shows here at once).
"""

from __future__ import annotations

import contextlib
import faulthandler
import sys
import tracemalloc
from collections.abc import Callable, Iterator

import pytest

HANG_SECONDS = 120  # far above any case's normal time on a slow two-core machine


@pytest.fixture(autouse=True)
def watchdog() -> Iterator[None]:
    """Dump every stack and exit if a case hangs: a hang is the defect, never a slow test."""
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True, file=sys.stderr)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture
def bounded_memory() -> Callable[[int], contextlib.AbstractContextManager[None]]:
    """``with bounded_memory(mb): ...`` fails when Python allocations peak above ``mb``."""

    @contextlib.contextmanager
    def bound(megabytes: int) -> Iterator[None]:
        started_here = not tracemalloc.is_tracing()
        if started_here:
            tracemalloc.start()
        tracemalloc.reset_peak()
        try:
            yield
            _, peak = tracemalloc.get_traced_memory()
            assert peak <= megabytes * 2**20, f"peak {peak / 2**20:.0f} MB > {megabytes} MB"
        finally:
            if started_here:
                tracemalloc.stop()

    return bound
