"""The first load of a new model file happens in a child process: a crash there is reported
and remembered, and the editor's process never loads that file."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from writer_app.core.local import probe as probe_module
from writer_app.core.local.probe import probe

CRASH = [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)"]


def test_a_good_model_passes_once_and_is_not_checked_again(smollm_path, monkeypatch):
    assert probe(smollm_path).ok

    def no_child(*_args, **_kwargs):
        raise AssertionError("a file already checked was checked again")

    monkeypatch.setattr(subprocess, "run", no_child)
    assert probe(smollm_path).ok


def test_a_file_llama_cpp_refuses_gives_its_reason_and_is_not_remembered(tmp_path, smollm_path):
    broken = tmp_path / "broken.gguf"
    data = smollm_path.read_bytes()
    broken.write_bytes(data[: len(data) // 2])  # the header is intact, the tensors are cut
    result = probe(broken)
    assert not result.ok
    assert "tensor" in result.reason or "data" in result.reason or "file" in result.reason
    assert probe_module._known(broken) is None  # may be memory, not the file: asked again


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_crash_in_the_child_marks_the_file_unusable(tmp_path, smollm_path, monkeypatch):
    copy = tmp_path / "crashes.gguf"
    copy.write_bytes(smollm_path.read_bytes())
    monkeypatch.setattr(probe_module, "probe_command", lambda _path: CRASH)
    result = probe(copy)
    assert not result.ok and "crashed" in result.reason and "SIGSEGV" in result.reason
    monkeypatch.setattr(subprocess, "run", None)  # remembered: no second child
    assert probe(copy) == result


def test_a_changed_file_is_checked_again(tmp_path, smollm_path, monkeypatch):
    copy = tmp_path / "model.gguf"
    copy.write_bytes(smollm_path.read_bytes())
    monkeypatch.setattr(probe_module, "probe_command", lambda _path: CRASH)
    assert not probe(copy).ok
    monkeypatch.undo()
    os.utime(copy, ns=(1, 1))  # rewritten since: a new modification time
    assert probe(copy).ok
