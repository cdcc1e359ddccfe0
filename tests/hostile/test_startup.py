"""Starting the real app against a hostile state folder, a hung first window, and a desktop
session that ends: the writer is told what is wrong and can start anyway, and unsaved text
survives SIGTERM/SIGHUP in the journal.

Each case runs ``writer_app.cli.main`` in a subprocess through ``app_driver.py``, a robot that
reports every dialog and the window as JSON lines and clicks what it is told to.  Waiting is on
those lines; timeouts are watchdogs only.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from writer_app.core.storage.paths import config_dir, state_dir
from writer_app.ui.single import SingleInstance

DRIVER = Path(__file__).with_name("app_driver.py")
ROOT = Path(__file__).resolve().parents[2]
WATCHDOG_S = 90  # a hung app fails the test instead of stalling the run; never a measurement

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and locks")


class RunningApp:
    """One real writer-app process under the robot."""

    def __init__(self, *driver_args: str, app_args: tuple[str, ...] = ()) -> None:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
        env.pop("WRITER_APP_QUIT_AFTER_MS", None)
        self.process = subprocess.Popen(
            [sys.executable, str(DRIVER), *driver_args, "--", *app_args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
        )
        self.events: queue.Queue[dict | None] = queue.Queue()
        self.stderr: list[bytes] = []
        threading.Thread(target=self._read_events, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read_events(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            try:
                self.events.put(json.loads(line))
            except ValueError:
                pass  # the app's own output, if any
        self.events.put(None)

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        self.stderr.extend(self.process.stderr)

    def expect(self, event: str) -> dict:
        """The next event of this kind (earlier ones of other kinds are skipped)."""
        while True:
            try:
                item = self.events.get(timeout=WATCHDOG_S)
            except queue.Empty:
                raise AssertionError(f"no {event!r} from the app; stderr:\n{self.log()}") from None
            if item is None:
                raise AssertionError(
                    f"the app ended (status {self.process.wait()}) before any {event!r}; "
                    f"stderr:\n{self.log()}"
                )
            if item["event"] == event:
                return item

    def finish(self) -> int:
        try:
            return self.process.wait(timeout=WATCHDOG_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(f"the app did not end; stderr:\n{self.log()}") from None

    def log(self) -> str:
        return b"".join(self.stderr).decode("utf-8", "replace")[-4000:]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)
            self.process.kill()
        self.process.wait()


@pytest.fixture
def apps():
    """Start real apps; every one still running is killed at the end."""
    started: list[RunningApp] = []

    def start(*driver_args: str, app_args: tuple[str, ...] = ()) -> RunningApp:
        app = RunningApp(*driver_args, app_args=app_args)
        started.append(app)
        return app

    # Not a first run: no welcome dialog over the window.
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "settings.json").write_text("{}", encoding="utf-8")
    yield start
    for app in started:
        app.stop()


# -- the state folder and the lock ------------------------------------------------------------


def test_a_file_where_the_state_folder_should_be_is_named_and_the_app_starts_unprotected(apps):
    state_dir().parent.mkdir(parents=True, exist_ok=True)
    state_dir().write_text("not a folder", encoding="utf-8")
    app = apps("--answer", "startAnywayButton", "--close-when-shown")
    question = app.expect("dialog")
    assert str(state_dir()) in question["text"]
    assert "is a file, not a folder" in question["text"]
    assert "already running" not in question["text"]
    window = app.expect("window")
    assert "Autosave is off" in window["status"]["journalOffLabel"]
    assert app.finish() == 0
    assert state_dir().read_text(encoding="utf-8") == "not a folder"  # left as it was


def test_a_folder_at_the_lock_path_is_named_instead_of_an_instance_that_does_not_run(apps):
    lock = state_dir() / "instance.lock"
    lock.mkdir(parents=True)
    app = apps("--answer", "quitButton")
    question = app.expect("dialog")
    assert str(lock) in question["text"]
    assert "already running" not in question["text"]
    assert question["buttons"] == ["startAnywayButton", "quitButton"]
    assert app.finish() == 1  # the writer chose Quit
    assert lock.is_dir()


def test_an_old_unreadable_file_at_the_lock_path_does_not_stop_the_app(apps):
    lock = state_dir() / "instance.lock"
    lock.parent.mkdir(parents=True)
    lock.write_bytes(b"\x00\xffsome other program's file")
    os.utime(lock, (1_000_000_000, 1_000_000_000))  # written long ago
    app = apps("--close-when-shown")
    window = app.expect("window")
    assert "journalOffLabel" not in window["status"]
    assert app.finish() == 0


def test_a_lock_held_on_another_computer_is_named_with_that_computer(apps):
    lock = state_dir() / "instance.lock"
    lock.parent.mkdir(parents=True)
    lock.write_text("4242\npython3\nthe-other-laptop\n", encoding="ascii")
    app = apps("--answer", "startAnywayButton", "--close-when-shown")
    question = app.expect("dialog")
    assert "the-other-laptop" in question["text"] and "4242" in question["text"]
    assert "Autosave is off" in app.expect("window")["status"]["journalOffLabel"]
    assert app.finish() == 0
    assert "the-other-laptop" in lock.read_text(encoding="ascii")  # not taken from its owner


def _read_only_folder() -> Path:
    """A folder no one may create files in, root included (sysfs), or skip."""
    folder = Path("/sys/fs")
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError:
        return folder
    pytest.skip("no folder here refuses new files to this user")


def test_a_read_only_state_folder_is_named_not_taken_for_a_running_app(qapp):
    folder = _read_only_folder()
    instance = SingleInstance(folder)
    assert not instance.acquire()
    assert instance.problem is not None
    assert str(folder) in instance.problem and "ermission denied" in instance.problem
    assert "already running" not in instance.problem


def test_a_lock_left_by_a_killed_app_lets_the_next_start_open_normally(apps):
    first = apps()
    first.expect("window")
    first.process.kill()
    first.process.wait()
    second = apps("--close-when-shown")
    window = second.expect("window")
    assert "journalOffLabel" not in window["status"]
    assert second.finish() == 0


def test_a_second_start_while_the_first_window_is_hung_says_so_and_can_start_anyway(apps):
    first = apps()
    first.expect("window")
    os.kill(first.process.pid, signal.SIGSTOP)  # hung: its socket still accepts connections
    try:
        second = apps("--answer", "startAnywayButton", "--close-when-shown")
        question = second.expect("dialog")
        assert "did not answer" in question["text"]
        assert str(first.process.pid) in question["text"]
        assert "retryButton" in question["buttons"]
        window = second.expect("window")
        assert "Autosave is off" in window["status"]["journalOffLabel"]
        assert second.finish() == 0
    finally:
        os.kill(first.process.pid, signal.SIGCONT)
    first.process.terminate()
    assert first.finish() == 0


# -- the desktop session ends -----------------------------------------------------------------


def test_sigterm_quits_cleanly_and_the_unsaved_text_comes_back_at_the_next_start(apps):
    text = "She had not saved a word of it."
    first = apps("--type", text, "--signal-after-typing", "SIGTERM")
    first.expect("typed")
    assert first.finish() == 0  # quit cleanly, not killed by the signal

    again = apps("--answer", "restoreButton")
    offer = again.expect("dialog")
    assert offer["name"] == "recoveryDialog"
    assert again.expect("window")["editor"] == text
    again.process.terminate()  # restored text is unsaved: end like the desktop would
    assert again.finish() == 0


def test_sighup_during_the_save_question_ends_the_app_without_an_answer(apps):
    text = "A paragraph typed just before logging out."
    first = apps("--type", text, "--close-when-shown")
    first.expect("typed")
    question = first.expect("dialog")
    assert "Save the changes" in question["text"]
    os.kill(first.process.pid, signal.SIGHUP)
    assert first.finish() == 0

    again = apps("--answer", "restoreButton")
    again.expect("dialog")
    assert again.expect("window")["editor"] == text
