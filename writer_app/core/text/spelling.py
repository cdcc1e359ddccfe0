"""Spell checking: which words of a text are looked at, and the dictionary that judges them.

The dictionaries are Hunspell's, through Enchant (pyenchant): the ones LibreOffice and Firefox
use, with the prefixes and suffixes of each language, kept by people who know it.  Enchant is
imported on first use; without it (or without a dictionary for the language) ``Speller``
raises ``SpellingUnavailable`` with a sentence that says what to install, and the editor works
on unchecked.

What is looked at: words of Latin letters (with inner apostrophes: don't, o’clock).  Han and
kana runs, hangul, Cyrillic and Greek are never looked at, so Chinese text raises no false
alarm and a Russian name is not "misspelled English"; nor are words with digits (R2D2),
words in capitals (NASA, a shout), words with a capital inside (McAllister, iPhone: names),
single letters, web addresses and e-mail addresses.

The writer's own words (character names, invented places) come from two lists, one per user
(``core.manuscript.dictionary``) and one per novel (``Project.dictionary``); a word in either
is right in any case it is written in (Elspeth, ELSPETH's), and with a possessive 's.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

from writer_app.core.text import sentence
from writer_app.core.text.scripts import CJK_CLASS

log = logging.getLogger(__name__)

# Latin letters: ASCII, Latin-1, Extended-A/B, IPA-free extended additional (Vietnamese).
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_APOSTROPHES = "'\u2019"
# A word: Latin letters with inner apostrophes, touching no other letter, digit or underscore
# of a spaced script (so "abc123" and a Latin run inside a Cyrillic word are not words); Han,
# kana and hangul beside it are boundaries (他看见Ann走来).
_OTHER = rf"[^\W{CJK_CLASS}]"
_WORD = re.compile(
    rf"(?<!{_OTHER})(?<![{_APOSTROPHES}])[{_LATIN}]+(?:[{_APOSTROPHES}][{_LATIN}]+)*(?!{_OTHER})"
)
_NOT_PROSE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_POSSESSIVE = re.compile(rf"[{_APOSTROPHES}]s$", re.IGNORECASE)
MAX_WORD = 60  # longer "words" are data, not prose
CACHE_LIMIT = 200_000  # words remembered as right or wrong; a novel uses far fewer

DEFAULT_LANGUAGE = "en_US"


class SpellingUnavailable(Exception):
    """No checker for this language here; ``str()`` is a sentence for the writer."""


def words_to_check(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, word)`` (``str`` indexes) of each word of ``text`` a checker looks at."""
    skipped = _not_prose(text)
    for match in _WORD.finditer(text):
        word = match.group(0)
        if looked_at(word) and not (skipped and _inside(match.start(), skipped)):
            yield match.start(), match.end(), word


def looked_at(word: str) -> bool:
    """False for words too short or too long, in capitals (NASA, a shout) or with a capital
    inside (McAllister, iPhone: names)."""
    if len(word) < 2 or len(word) > MAX_WORD:
        return False
    letters = word.replace("'", "").replace("\u2019", "")
    return not letters.isupper() and not any(c.isupper() for c in letters[1:])


def _not_prose(text: str) -> list[tuple[int, int]]:
    """Where web and e-mail addresses are in ``text``."""
    if "@" not in text and "www." not in text and "://" not in text:
        return []
    return [match.span() for match in _NOT_PROSE.finditer(text)]


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def personal_key(word: str) -> str:
    """How a word of the writer's own lists is compared: any case, without a possessive."""
    return _POSSESSIVE.sub("", word.replace("\u2019", "'")).casefold()


def language_name(code: str) -> str:
    """en_GB → "English (GB)": how a dictionary is named in a menu."""
    names = {
        "en": sentence.translate("Spelling", "English"),
        "de": sentence.translate("Spelling", "German"),
        "fr": sentence.translate("Spelling", "French"),
        "es": sentence.translate("Spelling", "Spanish"),
        "it": sentence.translate("Spelling", "Italian"),
    }
    language, _, region = code.partition("_")
    name = names.get(language, language)
    if not region:
        return name
    return sentence.translate("Spelling", "{language} ({region})").format(
        language=name, region=region
    )


def default_language(locale_name: str, available: Iterable[str]) -> str:
    """The dictionary a new user gets: the system's language and region when there is a
    dictionary for it (en_GB on a British desktop), else American English, else the first."""
    choices = list(available)
    wanted = locale_name.split(".")[0].replace("-", "_")
    for candidate in (wanted, wanted.split("_")[0], DEFAULT_LANGUAGE):
        if candidate in choices:
            return candidate
    english = [c for c in choices if c.startswith("en")]
    return (english or choices or [DEFAULT_LANGUAGE])[0]


def _enchant() -> Any:
    try:
        import enchant  # noqa: PLC0415 (imported on first use: it loads a C library)
    except (ImportError, OSError) as error:
        log.warning("spell checking unavailable: %s", error)
        raise SpellingUnavailable(
            sentence.translate(
                "Spelling",
                "Spell checking needs the Enchant library and a Hunspell dictionary "
                "(on Debian or Ubuntu: the packages libenchant-2-2 and hunspell-en-us).",
            )
        ) from error
    return enchant


def available_languages() -> list[str]:
    """The dictionaries installed here (en_US, en_GB…), sorted; [] without Enchant."""
    try:
        enchant = _enchant()
        return sorted(set(enchant.list_languages()))
    except SpellingUnavailable:
        return []
    except Exception as error:  # a broken Enchant provider must not stop the editor
        log.warning("could not list the dictionaries: %s", error)
        return []


class Speller:
    """One language's dictionary plus the writer's words; ``misspelled(text)`` is the whole
    job of the underline.  Answers are cached: a novel repeats its words."""

    def __init__(self, language: str, personal: Iterable[str] = ()) -> None:
        enchant = _enchant()
        try:
            self._dictionary = enchant.Dict(language)
        except Exception as error:  # enchant.errors.DictNotFoundError, a broken provider
            log.warning("no dictionary for %s: %s", language, error)
            raise SpellingUnavailable(
                sentence.translate(
                    "Spelling", "There is no {language} dictionary on this computer."
                ).format(language=language_name(language))
            ) from error
        self.language = language
        self._personal = {personal_key(word) for word in personal}
        self._known: dict[str, bool] = {}

    def set_personal(self, words: Iterable[str]) -> None:
        """The writer's own words, replacing those given before (answers known so far stay when
        the words are the same)."""
        personal = {personal_key(word) for word in words}
        if personal != self._personal:
            self._personal = personal
            self._known.clear()

    def is_right(self, word: str) -> bool:
        """Whether ``word`` passes: not looked at, the writer's, or in the dictionary."""
        known = self._known.get(word)
        if known is None:
            if len(self._known) >= CACHE_LIMIT:
                self._known.clear()
            known = not looked_at(word) or personal_key(word) in self._personal or self._check(word)
            self._known[word] = known
        return known

    def _check(self, word: str) -> bool:
        plain = word.replace("\u2019", "'")  # Hunspell's English lists spell don't with '
        try:
            return bool(self._dictionary.check(plain))
        except Exception as error:  # a word the provider cannot take (an odd character)
            log.debug("could not check %r: %s", word, error)
            return True

    def misspelled(self, text: str) -> list[tuple[int, int]]:
        """``(start, end)`` (``str`` indexes) of the words of ``text`` not in the dictionary.
        (The hot path of the underline: one dictionary lookup per word once it is known.)"""
        known, skipped, found = self._known, _not_prose(text), []
        for match in _WORD.finditer(text):
            right = known.get(match.group(0))
            if right is None:
                right = self.is_right(match.group(0))
            if not right and not (skipped and _inside(match.start(), skipped)):
                found.append(match.span())
        return found

    def suggestions(self, word: str, limit: int = 7) -> list[str]:
        """Likely corrections, best first; curly apostrophes stay curly."""
        curly = "\u2019" in word
        try:
            found = self._dictionary.suggest(word.replace("\u2019", "'"))
        except Exception as error:
            log.debug("no suggestions for %r: %s", word, error)
            return []
        if curly:
            found = [s.replace("'", "\u2019") for s in found]
        return list(dict.fromkeys(found))[:limit]


def clean_words(raw: object) -> list[str]:
    """A stored list of words as far as it is usable: strings of one word, no duplicates."""
    if not isinstance(raw, list):
        return []
    seen: dict[str, str] = {}
    for item in raw:
        if (
            isinstance(item, str)
            and 0 < len(item) <= MAX_WORD
            and not any(c.isspace() or c == "\x00" for c in item)
        ):
            seen.setdefault(personal_key(item), item)
    return list(seen.values())
