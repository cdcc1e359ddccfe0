"""`writer-app complete`, run as a writer's script would run it."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROMPT = "The rain had not stopped for three days, and the river"
CHINESE = "雨已经下了三天，河水"


def run_headless(command: str, model, *args, stdin: str) -> subprocess.CompletedProcess:
    """``writer-app COMMAND --model MODEL ARGS`` with ``stdin``, as a writer's script runs it."""
    return subprocess.run(
        [sys.executable, "-m", "writer_app", command, "--model", str(model), *args],
        input=stdin.encode("utf-8"),
        capture_output=True,
        timeout=300,
    )


def complete(model, *args, prompt=PROMPT):
    return run_headless("complete", model, *args, stdin=prompt)


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
        (["--dry-multiplier", "9"], "dry-multiplier"),
        (["--xtc-threshold", "0.9"], "xtc-threshold"),
        (["--top-n-sigma", "-1"], "top-n-sigma"),
        (["--presence-penalty", "x"], "presence-penalty"),
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


def test_prose_samplers_and_banned_words_from_the_command_line(smollm_path):
    args = ("--seed", "4", "--max-tokens", "48", "--temperature", "0")
    plain = complete(smollm_path, *args, "--repeat-penalty", "1")
    assert plain.returncode == 0 and b" the " in plain.stdout
    banned = complete(smollm_path, *args, "--repeat-penalty", "1", "--ban", "the", "--ban", "river")
    assert banned.returncode == 0, banned.stderr
    text = f" {banned.stdout.decode('utf-8').lower()} "
    assert text.strip() and " the " not in text and "river" not in text
    prose = complete(smollm_path, *args, "--dry-multiplier", "0.8", "--xtc-probability", "0.5",
                     "--top-n-sigma", "1.5", "--presence-penalty", "0.5")  # fmt: skip
    assert prose.returncode == 0 and prose.stdout and prose.stdout != plain.stdout


def export(*args):
    return subprocess.run(
        [sys.executable, "-m", "writer_app", "export", *map(str, args)],
        capture_output=True,
        timeout=120,
    )


def test_export_writes_each_format_and_refuses_the_novels_own_folder(tmp_path):
    from docx import Document

    from writer_app.core.manuscript.project import Project

    novel = Project.create(tmp_path / "novel", "灯塔")
    novel.add_chapter("第一章", "　　风从午后就开始起了。\n“就看一眼。”\n")
    novel.add_chapter("Two", "The sea was calm.\n")
    before = sorted((p.name, p.read_bytes()) for p in novel.folder.rglob("*") if p.is_file())
    for suffix in (".docx", ".epub", ".md", ".txt"):
        out = tmp_path / f"book{suffix}"
        done = export(novel.folder, "--to", out, "--author", "林晚", "--title", "灯塔 · 上")
        assert done.returncode == 0 and done.stderr == b"", done.stderr
        assert out.stat().st_size > 0
    paragraphs = [p.text for p in Document(str(tmp_path / "book.docx")).paragraphs]
    assert "灯塔 · 上" in paragraphs and "“就看一眼。”" in paragraphs
    assert "The sea was calm." in (tmp_path / "book.txt").read_text(encoding="utf-8")
    after = sorted((p.name, p.read_bytes()) for p in novel.folder.rglob("*") if p.is_file())
    assert after == before  # the novel is only read

    inside = one_line_error(export(novel.folder, "--to", novel.folder / "book.md"))
    assert "inside the novel" in inside and not (novel.folder / "book.md").exists()
    assert "ending in" in one_line_error(export(novel.folder, "--to", tmp_path / "book.pdf"))
