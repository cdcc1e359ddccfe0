"""Sentences made in core (which knows no Qt) reach the window in the writer's language: a
``Sentence`` is the English ``str`` that remembers its context, template and values, and
``ui.language.shown`` says it through Qt's translations."""

from __future__ import annotations

import ast
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from writer_app.core.manuscript.project import ProjectError
from writer_app.core.text import sentence
from writer_app.core.text.sentence import Sentence
from writer_app.ui.language import shown

ROOT = Path(__file__).resolve().parents[2]
LRELEASE = Path(sys.executable).with_name("pyside6-lrelease")

TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Project</name>
    <message>
        <source>“{title}” could not be created ({reason}).</source>
        <translation>无法创建“{title}”（{reason}）。</translation>
    </message>
    <message>
        <source>A chapter needs a title.</source>
        <translation>章节需要一个标题。</translation>
    </message>
    <message>
        <source>The chapter list of “{title}” could not be saved ({reason}).</source>
        <translation>无法保存“{name}”的章节列表。</translation>
    </message>
    <message>
        <source>{what} could not be read.</source>
        <translation>{what}无法读取。</translation>
    </message>
    <message>
        <source>Your settings</source>
        <translation>你的设置</translation>
    </message>
</context>
</TS>
"""


def _created(title: str = "Chapter 1", reason: str = "No space left on device") -> Sentence:
    return sentence.translate("Project", "“{title}” could not be created ({reason}).").format(
        title=title, reason=reason
    )


def test_a_sentence_is_its_english_and_remembers_how_it_was_made():
    said = _created()
    assert said == "“Chapter 1” could not be created (No space left on device)."
    assert isinstance(said, str) and isinstance(said, Sentence)
    assert said.context == "Project"
    assert said.template == "“{title}” could not be created ({reason})."
    assert said.values == {"title": "Chapter 1", "reason": "No space left on device"}
    assert sentence.translate("Project", "Hi {name}", name="Lin") == "Hi Lin"
    plain = sentence.translate("Project", "A chapter needs a title.")
    assert plain == "A chapter needs a title." and plain.values == {}
    assert "could not be created" in said and said.startswith("“Chapter 1”")


def test_str_of_an_exception_keeps_the_sentence():
    error = ProjectError(_created())
    assert isinstance(str(error), Sentence)
    assert str(error) == "“Chapter 1” could not be created (No space left on device)."
    assert f"{error}" == str(error)  # logs and the CLI read the English
    copied = pickle.loads(pickle.dumps(error))  # e.g. across processes
    assert isinstance(str(copied), Sentence) and str(copied).values == _created().values


def test_sentences_join_and_list_as_english_does():
    first = sentence.translate("Project", "A chapter needs a title.")
    assert sentence.joined([first, "", "Two."]) == "A chapter needs a title. Two."
    assert sentence.joined([]) == "" and sentence.joined(["One."]) == "One."
    assert sentence.listed(["a.md", "b.md", "c.md"]) == "a.md, b.md, c.md"
    assert sentence.listed([]) == ""


@pytest.fixture
def translator(tmp_path: Path, qapp: QCoreApplication) -> Iterator[QTranslator]:
    """A tiny Chinese translation, installed for the test and removed after it."""
    source = tmp_path / "tiny_zh_CN.ts"
    source.write_text(TS, encoding="utf-8")
    compiled = tmp_path / "tiny_zh_CN.qm"
    subprocess.run(
        [str(LRELEASE), "-silent", str(source), "-qm", str(compiled)],
        check=True,
        capture_output=True,
    )
    loaded = QTranslator()
    assert loaded.load(str(compiled))
    qapp.installTranslator(loaded)
    try:
        yield loaded
    finally:
        qapp.removeTranslator(loaded)


def test_shown_says_a_sentence_in_the_installed_language(translator):
    assert shown(_created("第一章", "磁盘已满")) == "无法创建“第一章”（磁盘已满）。"
    assert shown(ProjectError(sentence.translate("Project", "A chapter needs a title."))) == (
        "章节需要一个标题。"
    )
    assert shown("plain text") == "plain text"  # not a Sentence: as it is
    assert shown(3) == "3"
    untranslated = sentence.translate("Project", "Nobody translated this {one}.").format(one=1)
    assert shown(untranslated) == "Nobody translated this 1."


def test_shown_falls_back_to_english_when_a_translation_does_not_fit(translator):
    broken = sentence.translate(
        "Project", "The chapter list of “{title}” could not be saved ({reason})."
    ).format(title="Novel", reason="disk full")
    said = shown(broken)
    assert said == "The chapter list of “Novel” could not be saved (disk full)."
    assert type(said) is str


def test_shown_translates_the_values_that_are_sentences(translator):
    what = sentence.translate("Project", "Your settings")
    notice = sentence.translate("Project", "{what} could not be read.").format(what=what)
    assert notice == "Your settings could not be read."
    assert shown(notice) == "你的设置无法读取。"


def test_without_a_translation_shown_is_the_english():
    assert shown(_created()) == "“Chapter 1” could not be created (No space left on device)."


def _translate_calls() -> Iterator[tuple[Path, ast.Call]]:
    for path in sorted((ROOT / "writer_app").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            dotted = (
                isinstance(func, ast.Attribute)
                and func.attr == "translate"
                and isinstance(func.value, ast.Name)
                and func.value.id == "sentence"
            )
            bare = isinstance(func, ast.Name) and func.id == "translate"
            if dotted or (bare and path.name == "sentence.py"):
                yield path, node


def test_every_sentence_of_the_app_is_written_so_lupdate_finds_it():
    """pyside6-lupdate lists ``sentence.translate("Context", "template")`` only with exactly
    those two string literals: values go in ``.format()``, never as keyword arguments."""
    calls = list(_translate_calls())
    assert len(calls) > 100
    wrong = [
        f"{path.relative_to(ROOT)}:{call.lineno}"
        for path, call in calls
        if call.keywords
        or len(call.args) != 2
        or not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in call.args)
    ]
    assert not wrong, "write these as sentence.translate(context, template).format(...):\n" + (
        "\n".join(wrong)
    )
