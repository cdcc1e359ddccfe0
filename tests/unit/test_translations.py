"""The Chinese translation is whole and true to the code: every string the code marks for
translation is in translations/writer_app_zh_CN.ts, translated, with the same placeholders, key
names and access letter as its English."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "translations" / "writer_app_zh_CN.ts"
LUPDATE = Path(sys.executable).with_name("pyside6-lupdate")


def _messages(path: Path) -> list[tuple[str, str, str, bool]]:
    """(context, source, translation, finished) of every message."""
    found = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            forms = [f.text or "" for f in translation.iter("numerusform")]
            text = "".join(forms) if forms else translation.text or ""
            finished = translation.get("type") not in ("unfinished", "vanished", "obsolete")
            found.append((name, message.findtext("source") or "", text, finished))
    return found


def _marks(text: str) -> Counter:
    """What a translation must keep: placeholders, %n, key names after a tab, the access
    letter."""
    marks = Counter(re.findall(r"\{[^{}]*\}|%n|%\d", text))
    if "\t" in text:
        marks["tab:" + text.split("\t", 1)[1]] += 1
    access = re.search(r"&([^&\s])", text.replace("&&", ""))
    if access:
        marks["&" + access.group(1).lower()] += 1
    return marks


def test_every_message_is_translated_with_its_placeholders_and_letters():
    messages = _messages(TS)
    assert len(messages) > 400
    unfinished = [f"{c}: {s!r}" for c, s, _t, done in messages if not done]
    assert not unfinished, "translate these (pyside6-linguist, or the .ts by hand):\n" + "\n".join(
        unfinished
    )
    wrong = [f"{c}: {s!r} -> {t!r}" for c, s, t, _done in messages if _marks(s) != _marks(t)]
    assert not wrong, "placeholders, keys or the access letter differ:\n" + "\n".join(wrong)


def test_the_translation_lists_every_string_of_the_code(tmp_path):
    """scripts/update_translations.sh was run after the last change of UI text."""
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    sources = sorted(str(p) for p in (ROOT / "writer_app").rglob("*.py"))
    subprocess.run(
        [str(LUPDATE), "-no-obsolete", "-locations", "none", *sources, "-ts", str(copy)],
        check=True,
        capture_output=True,
    )
    before = {(c, s) for c, s, _t, _d in _messages(TS)}
    after = {(c, s) for c, s, _t, _d in _messages(copy)}
    assert after - before == set(), (
        "strings not yet in the translation: run scripts/update_translations.sh and translate "
        f"them: {sorted(after - before)}"
    )
    assert before - after == set(), (
        "strings the code no longer has: run scripts/update_translations.sh: "
        f"{sorted(before - after)}"
    )
