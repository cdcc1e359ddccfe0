"""Word-level helpers that follow how writers see text, in English, Chinese, Japanese and
Korean; which characters are which comes from ``scripts``."""

from __future__ import annotations

import re

from writer_app.core.text.scripts import DENSE_CLASS, WORD_BREAKING, WORD_TRAILING, char_class

_TRAILING = char_class(WORD_TRAILING)
_BREAKING = char_class(WORD_BREAKING)
# A run of Han/kana with the punctuation after it; else a word of a spaced script (Korean
# too), which CJK punctuation ends; else that punctuation on its own (a 」 before 他说).
_NEXT_WORD = re.compile(
    rf"\s*(?:[{DENSE_CLASS}]+[{_TRAILING}]*|[^\s{DENSE_CLASS}{_BREAKING}]+|[{_TRAILING}]+)"
    r"|\s+"
)


def next_word(text: str) -> str:
    """The next word of ``text`` with its leading space; for Chinese and Japanese, the run of
    characters up to and including the next punctuation."""
    match = _NEXT_WORD.match(text)
    return match.group(0) if match else text[:1]
