"""`writer-app complete`, run as a writer's script would run it."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROMPT = "The rain had not stopped for three days, and the river"
CHINESE = "雨已经下了三天，河水"


def complete(model, *args, prompt=PROMPT):
    return subprocess.run(
        [sys.executable, "-m", "writer_app", "complete", "--model", str(model), *args],
        input=prompt.encode("utf-8"),
        capture_output=True,
        timeout=300,
    )


@pytest.mark.parametrize("prompt", [PROMPT, CHINESE])
def test_same_seed_gives_identical_bytes_streamed_or_not(smollm_path, prompt):
    plain = complete(smollm_path, "--seed", "21", "--max-tokens", "32", prompt=prompt)
    again = complete(smollm_path, "--seed", "21", "--max-tokens", "32", prompt=prompt)
    streamed = complete(
        smollm_path, "--seed", "21", "--max-tokens", "32", "--stream", prompt=prompt
    )
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout and plain.stdout == again.stdout == streamed.stdout
    plain.stdout.decode("utf-8")  # valid UTF-8
    assert plain.stderr == b""


def test_different_seed_gives_a_different_continuation(smollm_path):
    a = complete(smollm_path, "--seed", "1", "--max-tokens", "24", "--temperature", "1.0")
    b = complete(smollm_path, "--seed", "2", "--max-tokens", "24", "--temperature", "1.0")
    assert a.stdout != b.stdout


def one_line_error(result) -> str:
    assert result.returncode == 2
    assert result.stdout == b""
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in lines[0]
    return lines[0]


def test_missing_model_is_named(tmp_path):
    line = one_line_error(complete(tmp_path / "nowhere.gguf"))
    assert "nowhere.gguf" in line and "no such file" in line


def test_a_folder_is_not_a_model(tmp_path):
    line = one_line_error(complete(tmp_path))
    assert str(tmp_path) in line and "folder" in line


def test_malformed_model_file_is_named(tmp_path):
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF" + bytes(range(256)) * 4)
    line = one_line_error(complete(bad))
    assert "broken.gguf" in line


def test_truncated_model_file_is_named(smollm_path, tmp_path):
    cut = tmp_path / "half.gguf"
    with smollm_path.open("rb") as source:
        cut.write_bytes(source.read(smollm_path.stat().st_size // 3))
    line = one_line_error(complete(cut))
    assert "half.gguf" in line and "truncated" in line


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (["--temperature", "3"], "temperature"),
        (["--max-tokens", "0"], "max-tokens"),
        (["--top-k", "-1"], "top-k"),
        (["--top-p", "2"], "top-p"),
        (["--min-p", "abc"], "min-p"),
    ],
)
def test_out_of_range_values_exit_2_with_one_line(smollm_path, args, word):
    line = one_line_error(complete(smollm_path, *args))
    assert word in line


def test_stop_at_paragraph_and_stop_strings_from_the_command_line(smollm_path):
    lines = "The lighthouse stood on the rock.\n\nShe climbed the stairs"
    para = complete(smollm_path, "--seed", "4", "--max-tokens", "200", "--stop-at", "paragraph",
                    prompt=lines)  # fmt: skip
    assert para.returncode == 0, para.stderr
    text = para.stdout.decode()
    assert text and "\n" not in text.lstrip("\n")
    stopped = complete(smollm_path, "--seed", "4", "--max-tokens", "200", "--stop", " the",
                       prompt=lines)  # fmt: skip
    assert " the" not in stopped.stdout.decode()
    bad = complete(smollm_path, "--stop-at", "chapter")
    assert bad.returncode == 2 and "stop-at" in bad.stderr.decode()
