"""The one table of East Asian scripts and punctuation: every "is this CJK?" in the app asks here.

Word steps, word counts, lore matching, sentence stops and encoding detection each used to
keep their own idea of "CJK", and they disagreed about kana and hangul. Now they share these
ranges, and each decides only what it does with them. What counts as what, per use:

Han (汉字, 々, 〇) and kana (ひらがな, カタカナ, halfwidth ｶﾀｶﾅ, ー) -- "dense" scripts, written
without spaces between words:
    counting (``wordcount``)   one 字 per character, the convention of Chinese and Japanese
                               manuscripts;
    word steps (``words``)     one step per run, with the punctuation after it (他走了过去，);
    lore keywords (``story``)  a keyword with any Han or kana matches anywhere;
    sentence stops (``stops``) 。！？｡ end a sentence as soon as anything but a closing quote
                               or bracket follows, … once Han or kana follows;
    encodings (``text_file``)  Han is Chinese-like; kana is not: a GB18030 "decoding" full
                               of kana was Shift-JIS.

Hangul (한국어) -- written with spaces between words, so Korean is treated as a spaced
script like English, not like Chinese:
    counting      one word per space-separated run (어절), as a Korean writer counts;
    word steps    a word at a time, like English;
    lore          a keyword must start a word but may run on into more hangul: the particles
                  are written onto the noun (민수 fires on 민수가, not on 김민수);
    stops         . ! ? followed by whitespace, as in English;
    encodings     not Chinese-like (EUC-KR bytes).

CJK punctuation (，。「」・, fullwidth ！？（）, halfwidth ｡｢｣､･, vertical forms):
    counting      not counted (it is in ``WordCount.characters``);
    word steps    the pauses, sentence ends, closers and joiners in ``WORD_TRAILING`` stay with
                  the Chinese/Japanese run before them; those in ``WORD_BREAKING`` end an
                  English word (Hello，);
    encodings     Chinese-like, with the general punctuation “”…— and the ideographic space.

Everything else -- Latin, Cyrillic, digits, fullwidth Ａ１ (Latin written wide), emoji:
    counting      words of letters and digits; emoji are not words;
    word steps    runs between spaces; ’ ” … stay inside (don’t, said.”, over…);
    lore          whole words, ignoring case; Han or kana next to a word is a boundary (the
                  count also sees "Ann" in 他看见Ann走来).
"""

from __future__ import annotations

import re

Ranges = tuple[tuple[int, int], ...]  # inclusive (first, last) code points, in order

HAN: Ranges = (
    (0x3005, 0x3005),  # 々 iteration mark (人々)
    (0x3007, 0x3007),  # 〇 ideographic zero (二〇二四年)
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3038, 0x303B),  # Hangzhou numerals 〸〹〺, vertical iteration mark 〻
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x20000, 0x323AF),  # extensions B–I and the compatibility supplement (planes 2 and 3)
)
KANA: Ranges = (
    (0x3040, 0x309F),  # hiragana, with ゛゜ and the iteration marks ゝゞ
    (0x30A1, 0x30FA),  # katakana (not ゠, a double hyphen)
    (0x30FC, 0x30FF),  # ー long-vowel mark, ヽヾ, ヿ (not ・, which is punctuation)
    (0x31F0, 0x31FF),  # small katakana for Ainu
    (0xFF66, 0xFF9F),  # halfwidth katakana ｦ-ﾝ, ｰ, ﾞﾟ
    (0x1B000, 0x1B16F),  # kana supplement and extended-A (hentaigana), small kana extension
)
HANGUL: Ranges = (
    (0x1100, 0x11FF),  # jamo
    (0x3130, 0x318F),  # compatibility jamo (ㄱ ㅏ)
    (0xA960, 0xA97F),  # jamo extended-A
    (0xAC00, 0xD7A3),  # syllables 가-힣
    (0xD7B0, 0xD7FF),  # jamo extended-B
    (0xFFA0, 0xFFDC),  # halfwidth jamo
)
CJK_PUNCTUATION: Ranges = (
    (0x3001, 0x3004),  # 、。〃〄 (U+3000, the ideographic space, is whitespace)
    (0x3006, 0x3006),  # 〆
    (0x3008, 0x3020),  # 〈〉《》「」『』【】〒〓〔〕〖〗〘〙〚〛〜〝〞〟〠
    (0x302A, 0x3037),  # tone marks, 〰, vertical kana repeat marks, 〶〷
    (0x303C, 0x303F),  # 〼〽〾〿
    (0x30A0, 0x30A0),  # ゠
    (0x30FB, 0x30FB),  # ・ katakana middle dot
    (0xFE30, 0xFE4F),  # vertical forms of punctuation
    (0xFF01, 0xFF0F),  # fullwidth ！＂＃…／
    (0xFF1A, 0xFF20),  # fullwidth ：；＜＝＞？＠
    (0xFF3B, 0xFF40),  # fullwidth ［＼］＾＿｀
    (0xFF5B, 0xFF65),  # fullwidth ｛｜｝～, ｟｠, halfwidth ｡｢｣､･
    (0xFFE0, 0xFFEE),  # fullwidth ￠￡￢￣￤￥￦, halfwidth symbols
)
# Latin letters and digits written wide: words, like their ASCII twins.
FULLWIDTH_ALPHANUMERIC: Ranges = ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
# Dashes, quotes “”‘’, … and ‧: shared by Chinese and Western text (GB2312 carries them).
GENERAL_PUNCTUATION: Ranges = ((0x2010, 0x206F),)
IDEOGRAPHIC_SPACE = "\u3000"

# --- punctuation by role (plain characters; ``char_class`` escapes them for a regex) ------------

DENSE_SENTENCE_END = "。！？｡"  # ends a Chinese or Japanese sentence
SPACED_SENTENCE_END = ".!?"  # ends a sentence of a spaced script once whitespace follows
ELLIPSIS = "…"
# What may close a sentence or a word after its punctuation: quotes and brackets.
CLOSING_MARKS = "”’"  # shared by Chinese and English typography
CJK_CLOSING_BRACKETS = "」』）》〉】〕〗〙〛］｝｣"
CLOSERS = "\"')]" + CLOSING_MARKS + CJK_CLOSING_BRACKETS
# Pauses inside a Chinese or Japanese sentence, and the marks that join names or words there
# (约翰·史密斯, ジョン・スミス, 他说——, ～).
CJK_PAUSES = "，、；：､"
CJK_JOINERS = "·・･—～〜"
# Word steps: punctuation that stays with the Chinese or Japanese run before it ...
WORD_TRAILING = (
    CJK_PAUSES + DENSE_SENTENCE_END + ELLIPSIS + CJK_CLOSING_BRACKETS + CLOSING_MARKS + CJK_JOINERS
)
# ... and the part of it that also ends an English word. ’ ” … do not: in English they end or
# sit inside a word (don’t, said.”, over…), just like their ASCII twins ' " ...
WORD_BREAKING = "".join(char for char in WORD_TRAILING if char not in CLOSING_MARKS + ELLIPSIS)


def ranges_class(*tables: Ranges) -> str:
    """The inside of a regex character class (no brackets) for the given ranges."""
    parts = []
    for table in tables:
        for first, last in table:
            low = re.escape(chr(first))
            parts.append(low if first == last else f"{low}-{re.escape(chr(last))}")
    return "".join(parts)


def char_class(chars: str) -> str:
    """The inside of a regex character class for the characters ``chars``, escaped."""
    return "".join(re.escape(char) for char in chars)


HANGUL_CLASS = ranges_class(HANGUL)
# Scripts written without spaces between words, counted one 字 per character.
DENSE_CLASS = ranges_class(HAN, KANA)
CJK_CLASS = ranges_class(HAN, KANA, HANGUL)
# What a clean GB18030 decoding of real Chinese prose is made of, besides ASCII; · is how
# GB18030 reads GBK's middle dot (约翰·史密斯). Kana, hangul and their halfwidth forms are
# left out: they mean the bytes were Shift-JIS or EUC-KR.
CHINESE_TEXT_CLASS = (
    IDEOGRAPHIC_SPACE
    + "\u00b7"
    + ranges_class(GENERAL_PUNCTUATION, CJK_PUNCTUATION, FULLWIDTH_ALPHANUMERIC, HAN)
)

_DENSE = re.compile(f"[{DENSE_CLASS}]")

_SCRIPTS: tuple[tuple[str, Ranges], ...] = (
    ("han", HAN),
    ("kana", KANA),
    ("hangul", HANGUL),
    ("cjk punctuation", CJK_PUNCTUATION),
)


def _within(table: Ranges, char: str) -> bool:
    code = ord(char)
    return any(first <= code <= last for first, last in table)


def script_of(char: str) -> str:
    """The table's name for ``char``: "han", "kana", "hangul", "cjk punctuation", or "other"
    (Latin, digits, fullwidth Ａ１, emoji: whatever is written like English)."""
    for name, table in _SCRIPTS:
        if _within(table, char):
            return name
    return "other"


def is_dense(char: str) -> bool:
    """Han or kana: written without spaces, one 字 each, matched anywhere as a keyword."""
    return _within(HAN, char) or _within(KANA, char)


def is_cjk(char: str) -> bool:
    """Han, kana or hangul: a letter of an East Asian script."""
    return is_dense(char) or _within(HANGUL, char)


def has_dense(text: str) -> bool:
    """Whether ``text`` has any Han or kana."""
    return _DENSE.search(text) is not None


# A letter or digit of a spaced script (hangul included): what may not touch a keyword's
# start. Han and kana next to a Latin word are a boundary, as they are for the word count.
_SPACED_LETTER = rf"[^\W{DENSE_CLASS}]"
# What may not follow a keyword: the same, except hangul, since Korean particles attach.
_SPACED_LETTER_NOT_HANGUL = rf"[^\W{DENSE_CLASS}{HANGUL_CLASS}]"


def mentions_keyword(text: str, keyword: str) -> bool:
    """Whether ``keyword`` occurs in ``text`` as a writer means it (both already casefolded).

    A keyword with Han or kana matches anywhere, there being no spaces between words; any
    other matches whole words ("ann" does not fire on "annual"), except that hangul may
    follow it (민수 fires on 민수가, Korean particles being written onto the noun).
    """
    if not keyword:
        return False
    if has_dense(keyword):
        return keyword in text
    pattern = rf"(?<!{_SPACED_LETTER}){re.escape(keyword)}(?!{_SPACED_LETTER_NOT_HANGUL})"
    return re.search(pattern, text) is not None
