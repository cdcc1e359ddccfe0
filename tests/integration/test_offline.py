"""Offline guarantee: drafting with the local model opens no network connection, checked at
the operating-system level (every socket and connect call of the process and its threads,
traced by strace), not just through Python's socket module."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

STRACE = shutil.which("strace")
NETWORK_FAMILY = re.compile(r"\bAF_INET6?\b|\bPF_INET6?\b")
TRACED_CALLS = "socket,connect,sendto,sendmsg,bind"


def traced(command: list[str], trace: Path, **kwargs) -> subprocess.CompletedProcess:
    assert STRACE is not None
    return subprocess.run(
        [STRACE, "-f", "-qq", "-e", f"trace={TRACED_CALLS}", "-o", str(trace), *command],
        capture_output=True,
        timeout=300,
        **kwargs,
    )


def network_calls(trace: Path) -> list[str]:
    return [line for line in trace.read_text().splitlines() if NETWORK_FAMILY.search(line)]


@pytest.fixture(scope="module")
def strace_works(tmp_path_factory):
    if STRACE is None:
        pytest.skip("strace is not installed (apt-get install strace)")
    trace = tmp_path_factory.mktemp("strace") / "probe.txt"
    probe = traced([sys.executable, "-c", "pass"], trace)
    if probe.returncode != 0:
        pytest.skip(f"strace cannot trace here (ptrace refused?): {probe.stderr[-300:]!r}")


def test_the_trace_sees_a_connection_when_there_is_one(strace_works, tmp_path):
    # The check below could not fail if the trace missed sockets: prove it does not, with a
    # connection made from a worker thread to a listener on 127.0.0.1.
    script = (
        "import socket, threading\n"
        "server = socket.create_server(('127.0.0.1', 0))\n"
        "def dial(): socket.create_connection(server.getsockname()).close()\n"
        "t = threading.Thread(target=dial); t.start(); t.join()\n"
    )
    trace = tmp_path / "trace.txt"
    assert traced([sys.executable, "-c", script], trace).returncode == 0
    assert any("connect(" in line for line in network_calls(trace))


def test_local_drafting_opens_no_network_socket(strace_works, smollm_path, tmp_path):
    trace = tmp_path / "trace.txt"
    run = traced(
        [sys.executable, "-m", "writer_app", "complete", "--model", str(smollm_path),
         "--max-tokens", "24", "--seed", "3", "--stream", "--stop-at", "sentence"],
        trace,
        input=b"The lighthouse keeper climbed the stairs, and",
    )  # fmt: skip
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
    assert run.stdout.strip()  # it really drafted
    assert network_calls(trace) == []
