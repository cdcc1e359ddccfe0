"""Chinese files in the encodings they come in — Big5 (Traditional), GB18030/GBK (Simplified),
UTF-8 and UTF-16 — are recognised and saved back byte for byte; a Big5 chapter is never shown as
GB18030 mojibake."""

from __future__ import annotations

import codecs

from hypothesis import given, settings
from hypothesis import strategies as st

from writer_app.core.manuscript.encoding import decode_text, encode_text

TRADITIONAL = "夜深了老燈塔的還亮著她走上樓梯風從窗縫裡鑽進來吹得火搖晃說話聽見這個們會過來門開"
SIMPLIFIED = "夜深了老灯塔的还亮着她走上楼梯风从窗缝里钻进来吹得火摇晃说话听见这个们会过来门开"
PUNCTUATION = "，。！？「」…：；"


def prose(letters: str):
    """Sentences of ``letters`` and Chinese punctuation, with line breaks and a few ASCII."""
    return st.lists(
        st.text(alphabet=letters, min_size=3, max_size=30).map(lambda s: s + "。")
        | st.sampled_from(["\n", "「好。」", "……", "，", "2024年", " Ann "]),
        min_size=3,
        max_size=40,
    ).map(lambda parts: letters[:6] + "。" + "".join(parts))  # Chinese in every example


@settings(max_examples=150, deadline=None)
@given(prose(TRADITIONAL + PUNCTUATION))
def test_big5_is_recognised_and_saved_back_byte_for_byte(text):
    data = text.encode("big5")
    decoded, fmt = decode_text(data)
    assert fmt.encoding == "big5" and decoded == text
    assert encode_text(decoded, fmt) == data


@settings(max_examples=150, deadline=None)
@given(prose(SIMPLIFIED + PUNCTUATION))
def test_gbk_and_gb18030_are_recognised_and_saved_back_byte_for_byte(text):
    for codec in ("gbk", "gb18030"):
        data = text.encode(codec)
        decoded, fmt = decode_text(data)
        assert fmt.encoding == "gb18030" and decoded == text
        assert encode_text(decoded, fmt) == data


@settings(max_examples=100, deadline=None)
@given(prose(TRADITIONAL + SIMPLIFIED + PUNCTUATION + "😀"))
def test_utf8_and_utf16_with_a_bom_round_trip(text):
    for data in (text.encode("utf-8"), codecs.BOM_UTF16_LE + text.encode("utf-16-le")):
        decoded, fmt = decode_text(data)
        assert decoded == text
        assert encode_text(decoded, fmt) == data


def test_the_lighthouse_in_big5_reads_as_itself():
    data = "夜深了，老燈塔…".encode("big5")
    text, fmt = decode_text(data)
    assert (text, fmt.label) == ("夜深了，老燈塔…", "Big5")
    assert "瞏" not in text  # what GB18030 would have made of it
