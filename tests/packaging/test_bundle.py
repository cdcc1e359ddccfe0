"""Smoke checks of a BUILT bundle (packaging/build_linux.sh), not the source tree.

They run against WRITER_APP_TEST_BUNDLE, or the bundle packaging/build_linux.sh leaves in
build/packaging/dist/writer-app (.ci/run builds it first); without a bundle they are skipped,
since there is nothing to check.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

_BUILT = Path(__file__).resolve().parents[2] / "build" / "packaging" / "dist" / "writer-app"
BUNDLE = os.environ.get("WRITER_APP_TEST_BUNDLE") or (str(_BUILT) if _BUILT.is_dir() else None)

pytestmark = pytest.mark.skipif(
    not BUNDLE,
    reason="no built bundle: run packaging/build_linux.sh (or set WRITER_APP_TEST_BUNDLE)",
)

# What must never appear on a clean GUI run's stderr.
BAD = re.compile(r"Traceback|Error|error:|Could not load the Qt platform plugin|Segmentation")


@pytest.fixture(scope="module")
def exe() -> Path:
    folder = Path(BUNDLE or "").resolve()
    name = "writer-app.exe" if sys.platform == "win32" else "writer-app"
    candidates = [folder / name, folder / "Contents" / "MacOS" / "writer-app", folder]
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    pytest.fail(f"no writer-app executable in {folder}")


def _run(
    exe: Path, *args: str, stdin: str = "", timeout: float = 120
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(exe), *args],
        input=stdin.encode("utf-8"),
        capture_output=True,
        timeout=timeout,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_version(exe: Path) -> None:
    from writer_app import __version__

    started = time.monotonic()
    result = _run(exe, "--version")
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert result.stdout.decode().strip() == f"writer-app {__version__}"
    assert elapsed < 10, f"--version took {elapsed:.1f} s"


@pytest.mark.model
def test_complete_returns_text(exe: Path, smollm_path: Path) -> None:
    result = _run(
        exe,
        "complete",
        "--model",
        str(smollm_path),
        "--max-tokens",
        "8",
        "--seed",
        "1",
        stdin="It was",
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert result.stdout.decode("utf-8").strip()


def test_bad_model_is_one_line_not_a_traceback(exe: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.gguf"
    bogus.write_bytes(b"not a model")
    result = _run(exe, "complete", "--model", str(bogus), stdin="It was")
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr


def test_gui_starts_and_quits_cleanly_offscreen(exe: Path, monkeypatch) -> None:
    monkeypatch.setenv("WRITER_APP_QUIT_AFTER_MS", "3000")
    result = _run(exe, timeout=60)
    stderr = result.stderr.decode(errors="replace")
    assert result.returncode == 0, stderr
    assert not BAD.search(stderr), stderr


def test_bundle_holds_no_tests_or_heavy_qt(exe: Path) -> None:
    root = exe.parent
    unwanted = re.compile(r"test_.*\.py$|Qt6?WebEngine|Qt6?Quick|Qt6?Qml|Qt63D|Qt6?Multimedia")
    found = [str(p.relative_to(root)) for p in root.rglob("*") if unwanted.search(p.name)]
    assert not found, found
    assert any(root.rglob("resources/sample_chapter.txt")), "resources/ missing from the bundle"
    assert any(root.rglob("llama_cpp/lib/*llama*")), "llama.cpp libraries missing"
