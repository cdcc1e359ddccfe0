from __future__ import annotations

import pytest

from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.drafting.stops import (
    format_stop_strings,
    paragraph_end,
    parse_stop_strings,
    sentence_end,
)
from writer_app.core.drafting.textstream import SuggestionText


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (" and then he ran. The dog", " and then he ran."),
        (' "Stop!" she said. Then', ' "Stop!"'),
        (" It was over… Or was it", " It was over…"),
        ("他走了过去。她没有回头", "他走了过去。"),
        ("「你好！」她说。", "「你好！」"),
        ("‘Really?’ he asked.\nNext", "‘Really?’"),
        ("她等了很久……他没有来。", "她等了很久……"),
        ("他说完了。】下一段", "他说完了。】"),  # 】 closes like 」
        ("東京へ行った。それから", "東京へ行った。"),
        ("待った……それから", "待った……"),  # an ellipsis before kana, as before Han
        ("그는 갔다. 그리고", "그는 갔다."),  # Korean ends like English
    ],
)
def test_a_sentence_ends_after_its_punctuation_and_closing_quotes(text, kept):
    assert text[: sentence_end(text)] == kept


@pytest.mark.parametrize(
    "text",
    [" and then he ran.", ". And", " no end yet", "他走了过去。", " It was… fine", "그는 갔다.그"],
)
def test_no_sentence_end_until_it_is_certain(text):
    assert sentence_end(text) is None


def test_a_paragraph_ends_at_the_line_break_after_the_first_word():
    assert paragraph_end("\n\nThe sea rose.\nNext") == len("\n\nThe sea rose.")
    assert paragraph_end("\n\n") is None
    assert paragraph_end(" still going") is None


def test_streamed_pieces_never_run_past_a_sentence_end():
    text = SuggestionText(boundary=sentence_end)
    shown = [text.feed(piece.encode()) for piece in [" He", " ran", ".", " The", " end"]]
    assert "".join(shown) + text.finish() == " He ran."
    assert text.stopped_by == ""


def test_stop_strings_are_comma_separated_with_line_breaks_escaped():
    assert parse_stop_strings("***, Chapter ,\\n\\n, ") == ("***", "Chapter", "\n\n")
    assert parse_stop_strings("***，第二章, 完") == (
        "***",
        "第二章",
        "完",
    )  # a Chinese keyboard's comma
    assert format_stop_strings(("***", "\n\n")) == "***, \\n\\n"


def test_stop_options_are_remembered_and_checked():
    settings = SamplingSettings(stop_at="sentence", stop_strings=("***",))
    assert SamplingSettings.from_dict(settings.to_dict()) == settings
    assert SamplingSettings.from_dict({"stop_at": "never"}) == SamplingSettings()
