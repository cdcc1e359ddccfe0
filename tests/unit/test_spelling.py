"""Spell checking with the real Hunspell dictionaries through Enchant: which words are looked
at, what is flagged, the writer's own words, and the dictionary files."""

from __future__ import annotations

import json

import pytest

from writer_app.core.manuscript.dictionary import PersonalDictionary
from writer_app.core.manuscript.project import Project
from writer_app.core.text.spelling import (
    Speller,
    SpellingUnavailable,
    available_languages,
    clean_words,
    default_language,
    words_to_check,
)


def _words(text: str) -> list[str]:
    return [word for _start, _end, word in words_to_check(text)]


def test_words_of_latin_prose_are_looked_at_with_their_apostrophes():
    assert _words("She didn’t know, o'clock—the end.") == [
        "She",
        "didn’t",
        "know",
        "o'clock",
        "the",
        "end",
    ]


def test_chinese_korean_cyrillic_digits_capitals_and_addresses_are_left_alone():
    text = "他看见Ann走来。 한국어 Привет R2D2 NASA McAllister iPhone a www.example.com me@host.org"
    assert _words(text) == ["Ann"]


def test_positions_are_python_indexes_around_emoji_and_han():
    text = "😀他 teh 猫"
    [(start, end, word)] = list(words_to_check(text))
    assert text[start:end] == word == "teh"


@pytest.fixture(scope="module")
def speller() -> Speller:
    if "en_US" not in available_languages():
        pytest.fail("the en_US Hunspell dictionary is missing: run scripts/setup.sh")
    return Speller("en_US")


def test_a_misspelling_is_flagged_and_right_words_are_not(speller):
    text = "The quick brwon fox didn’t jump; 他说 recieve it."
    flagged = [text[s:e] for s, e in speller.misspelled(text)]
    assert flagged == ["brwon", "recieve"]


def test_suggestions_offer_the_word_the_writer_meant(speller):
    assert "receive" in speller.suggestions("recieve")
    assert "wouldn’t" in speller.suggestions("would’nt")  # the writer's curly apostrophe kept


def test_the_writers_words_are_right_in_any_case_and_possessive():
    checker = Speller("en_US", ["Elspeth"])
    assert checker.misspelled("Elspeth met ELSPETH's twin, elspeth’s friend.") == []
    checker.set_personal([])
    assert checker.misspelled("Elspeth") == [(0, 7)]


def test_a_language_without_a_dictionary_says_so():
    with pytest.raises(SpellingUnavailable, match="no .* dictionary"):
        Speller("xx_YY")


def test_default_language_follows_the_system_then_american_english():
    assert default_language("en_GB.UTF-8", ["en_GB", "en_US"]) == "en_GB"
    assert default_language("zh_CN.UTF-8", ["en_GB", "en_US"]) == "en_US"
    assert default_language("", ["en_GB"]) == "en_GB"


def test_personal_dictionary_survives_a_restart_and_a_damaged_file(tmp_path):
    path = tmp_path / "dictionary.json"
    PersonalDictionary(path).add("Elspeth")
    PersonalDictionary(path).add("elspeth")  # already there, in another case
    assert PersonalDictionary(path).words == ["Elspeth"]
    path.write_text("{not json", encoding="utf-8")
    assert PersonalDictionary(path).words == []
    assert any(p.name.startswith("dictionary.json.damaged-") for p in tmp_path.iterdir())


def test_stored_word_lists_keep_only_single_words():
    assert clean_words(["Ann", "two words", 3, "", "ann", "x" * 100, "Zhao\x00"]) == ["Ann"]
    assert clean_words({"Ann": 1}) == []


def test_a_novel_keeps_its_language_and_words_in_its_project_file(tmp_path):
    project = Project.create(tmp_path / "Novel", "Novel")
    project.spelling_language = "en_GB"
    project.add_to_dictionary("Quenya")
    project.add_to_dictionary("quenya")
    meta = json.loads(project.metadata_path.read_text(encoding="utf-8"))
    assert meta["spelling_language"] == "en_GB" and meta["dictionary"] == ["Quenya"]
    reopened = Project.open(project.folder)
    assert reopened.spelling_language == "en_GB" and reopened.dictionary == ["Quenya"]
