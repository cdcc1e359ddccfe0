"""A second start of the app hands its file to the running one instead of opening a second
window (which would offer the first window's live autosave journal back as a crash)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from writer_app.ui.single import SingleInstance


def test_second_instance_hands_its_file_to_the_first(qtbot, tmp_path):
    first = SingleInstance(tmp_path)
    assert first.acquire()
    second = SingleInstance(tmp_path)
    assert not second.acquire()
    chapter = tmp_path / "chapter.txt"
    with qtbot.waitSignal(first.fileRequested, timeout=5_000) as asked:
        assert second.hand_over(chapter)
    assert asked.args == [str(chapter.resolve())]
    with qtbot.waitSignal(first.fileRequested, timeout=5_000) as asked:
        assert second.hand_over(None)
    assert asked.args == [""]
    first.release()
    assert SingleInstance(tmp_path).acquire()  # free again once the first is gone


def test_a_lock_left_by_a_killed_app_does_not_block_the_next_start(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(tmp_path)],
        stdout=subprocess.PIPE,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert holder.stdout.readline().strip() == b"locked"
    assert not SingleInstance(tmp_path).acquire()
    holder.kill()
    holder.wait()
    assert SingleInstance(tmp_path).acquire()


_HOLD_LOCK = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from writer_app.ui.single import SingleInstance
app = QCoreApplication([])
instance = SingleInstance(Path(sys.argv[1]))
assert instance.acquire()
print("locked", flush=True)
time.sleep(60)
"""


def test_starting_the_app_twice_opens_the_file_in_the_first_window(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WRITER_APP_QUIT_AFTER_MS": "60000"}
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp_path / var.lower())
    state = tmp_path / "xdg_state_home" / "writer-app"
    chapter = tmp_path / "second.txt"
    chapter.write_text("Opened by a second start.\n", encoding="utf-8")
    app = [sys.executable, "-m", "writer_app"]
    first = subprocess.Popen(app, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(lambda: "started" in _log(state))
        second = subprocess.run([*app, str(chapter)], env=env, capture_output=True, timeout=60)
        assert second.returncode == 0, second.stdout + second.stderr
        _wait_for(lambda: f"opening {chapter.resolve()} for a second start" in _log(state))
    finally:
        first.kill()
        first.wait()


def _log(state: Path) -> str:
    try:
        return (state / "writer-app.log").read_text(encoding="utf-8")
    except OSError:
        return ""


def _wait_for(condition, attempts: int = 600) -> None:
    for _ in range(attempts):  # bounded: a broken start fails the test instead of hanging it
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("the running app never got there")
