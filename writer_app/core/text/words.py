"""Word-level helpers that follow how writers see text, in English and in Chinese."""

from __future__ import annotations

import re

CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
CJK_PUNCTUATION = "，。！？；：、…」』）》〉”’·—～"

_NEXT_WORD = re.compile(
    rf"\s*(?:[{CJK}]+[{CJK_PUNCTUATION}]*|[{CJK_PUNCTUATION}]+|[^\s{CJK}{CJK_PUNCTUATION}]+)"
    r"|\s+"
)


def next_word(text: str) -> str:
    """The next word of ``text`` with its leading space; for Chinese, the run of characters
    up to and including the next punctuation."""
    match = _NEXT_WORD.match(text)
    return match.group(0) if match else text[:1]
