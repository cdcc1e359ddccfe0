"""Find and replace in a chapter's text: case, whole words (a spaced script's idea), regular
expressions, Chinese and emoji positions."""

from __future__ import annotations

import pytest

from writer_app.core.text.search import PatternError, Query, find_all, replace_all, replacement_at
from writer_app.core.text.utf16 import utf16_positions

TEXT = "Ann met Anna at the annual fair. ANN laughed."


def words(text: str, query: Query) -> list[str]:
    return [text[start:end] for start, end in find_all(text, query)]


def test_case_is_ignored_unless_asked():
    assert words(TEXT, Query("ann")) == ["Ann", "Ann", "ann", "ANN"]
    assert words(TEXT, Query("Ann", match_case=True)) == ["Ann", "Ann"]


def test_whole_word_leaves_out_words_that_merely_contain_it():
    assert words(TEXT, Query("ann", whole_word=True)) == ["Ann", "ANN"]
    assert words("co-op, Ann's", Query("ann", whole_word=True)) == ["Ann"]


def test_whole_word_means_nothing_for_han_and_a_name_beside_han_is_whole():
    chinese = "林黛玉进了贾府。黛玉心想，林黛玉是她。"
    assert words(chinese, Query("黛玉", whole_word=True)) == ["黛玉", "黛玉", "黛玉"]
    assert words("他看见Ann走来", Query("ann", whole_word=True)) == ["Ann"]
    assert words("Annie走来", Query("ann", whole_word=True)) == []


def test_regular_expressions_with_groups_in_the_replacement():
    text = "Chapter 1, Chapter 22 and chapter 3"
    query = Query(r"chapter (\d+)", regex=True)
    assert words(text, query) == ["Chapter 1", "Chapter 22", "chapter 3"]
    assert replace_all(text, query, r"Part \1") == ("Part 1, Part 22 and Part 3", 3)


def test_a_literal_search_takes_special_characters_as_written():
    text = "He said (quietly) $5.00 and \\1."
    assert words(text, Query("(quietly)")) == ["(quietly)"]
    assert replace_all(text, Query("$5.00"), r"\1 dollars") == (
        r"He said (quietly) \1 dollars and \1.",
        1,
    )


def test_a_broken_pattern_or_replacement_is_a_sentence_not_a_crash():
    with pytest.raises(PatternError, match="not a valid pattern"):
        find_all(TEXT, Query("(unclosed", regex=True))
    with pytest.raises(PatternError, match="replacement is not valid"):
        replace_all(TEXT, Query("(ann)", regex=True), r"\2")


def test_empty_matches_are_not_matches():
    assert find_all("abc", Query("x*", regex=True)) == []
    assert find_all("abc", Query("")) == []


def test_positions_after_an_emoji_and_han_map_to_qt_positions():
    text = "🐉龙说：Ann 来了🐉，Ann！"
    spans = find_all(text, Query("Ann"))
    assert [text[a:b] for a, b in spans] == ["Ann", "Ann"]
    starts = utf16_positions(text, [a for a, _b in spans])
    # Qt counts the dragon emoji as two units: each start is one more than the str index
    # for the first match (one emoji before it) and two more for the second.
    assert starts == [spans[0][0] + 1, spans[1][0] + 2]


def test_the_selected_match_is_replaced_only_where_it_still_is():
    query = Query(r"(\w+) Ann", regex=True)
    text = "Dear Ann, Miss Ann"
    spans = find_all(text, query)
    assert replacement_at(text, query, spans[1], r"Ann \1") == "Ann Miss"
    assert replacement_at(text, query, (1, 4), "x") is None
