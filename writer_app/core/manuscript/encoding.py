"""Bytes to text and back: which encoding and line endings a file uses, and how to write them.

Detection is strict: a BOM decides, then UTF-8, then the Chinese encodings — GB18030/GBK
(Simplified) and Big5 (Traditional) — only when the result reads as Chinese; when both read
cleanly, the one whose characters are the common ones of its own script wins (Big5 bytes read as
GB18030 give rare characters and Greek letters: "瞏ρ縊娥" for "夜深了，").
When nothing fits cleanly the bytes are refused (DecodeError, with a lossy copy
to offer), never guessed silently; a character the encoding cannot store is named
(EncodeError). Kept apart from opening and saving files so the rules can be read in one place.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from writer_app.core.manuscript.line_endings import with_endings
from writer_app.core.text import sentence
from writer_app.core.text.scripts import CHINESE_TEXT_CLASS

_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "utf-16-be": "UTF-16 BE",
    "gb18030": "GB18030",
    "big5": "Big5",
}
_NEWLINE_LABELS = {"\r\n": "CRLF", "\r": "CR"}


@dataclass(frozen=True)
class TextFormat:
    """How a file is stored on disk: its codec and its line endings."""

    # "utf-8", "utf-8-sig", "utf-16" (LE + BOM), "utf-16-be" (+ BOM), "gb18030" (or a codec
    # the writer forced with read_manuscript(encoding=...))
    encoding: str = "utf-8"
    newline: str = "\n"  # "\n", "\r\n" or "\r"

    @property
    def label(self) -> str:
        """For the status bar: "UTF-8", "GB18030 · CRLF", ..."""
        name = _LABELS.get(self.encoding, self.encoding.upper())
        ending = _NEWLINE_LABELS.get(self.newline)
        return f"{name} · {ending}" if ending else name

    def as_utf8(self) -> TextFormat:
        """The same line endings in plain UTF-8 (the writer's way out of a legacy encoding)."""
        return replace(self, encoding="utf-8")


UTF8 = TextFormat()


class DecodeError(Exception):
    """No supported encoding reads the bytes cleanly; nothing changes until the writer chooses."""

    def __init__(self, path: Path | None, lossy_text: str, guess: TextFormat) -> None:
        self.path = Path(path) if path is not None else None
        self.lossy_text = lossy_text  # best guess, unreadable bytes shown as U+FFFD
        self.guess = guess
        name = self.path.name if self.path is not None else None
        super().__init__(
            sentence.translate(
                "Encoding",
                "{name} is not in an encoding writer-app can read safely (UTF-8, UTF-16, or "
                "GB18030/GBK or Big5 Chinese), or it is not a text file. The file has not been "
                "changed. "
                "You can open a copy in which the unreadable parts are replaced by �; save it "
                "under a new name to keep it.",
            ).format(name=name or sentence.translate("Encoding", "This file"))
        )


class EncodeError(Exception):
    """The text holds a character that the file's encoding cannot store."""

    def __init__(
        self, fmt: TextFormat, character: str | None, position: int = 0, line: int = 0
    ) -> None:
        self.format = fmt
        self.character = character  # None: the encoding itself is unknown
        self.position = position  # index in the writer's "\n" text
        self.line = line  # 1-based
        encoding = _LABELS.get(fmt.encoding, fmt.encoding)
        if character is None:
            message = sentence.translate(
                "Encoding", "writer-app cannot save text in {encoding}. Save the file as UTF-8."
            ).format(encoding=encoding)
        elif character.isprintable():
            message = sentence.translate(
                "Encoding",
                "The character “{character}” (U+{code}) on line {line} cannot be saved "
                "in {encoding}. Remove it, or save the file as UTF-8.",
            ).format(
                character=character, code=f"{ord(character):04X}", line=line, encoding=encoding
            )
        else:  # a lone surrogate (half an emoji) is not printable and must not be echoed
            message = sentence.translate(
                "Encoding",
                "The character an invalid character (U+{code}) on line {line} cannot be saved "
                "in {encoding}. Remove it, or save the file as UTF-8.",
            ).format(code=f"{ord(character):04X}", line=line, encoding=encoding)
        super().__init__(message)


# --- decoding ----------------------------------------------------------------------------------

# (BOM, our encoding name, the codec that reads what follows the BOM)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)
# What Chinese prose is made of, besides ASCII: Han, CJK and full-width punctuation, and the
# general punctuation (“”…—) GB2312 also carries; not kana or hangul (core.text.scripts).
_CHINESE_LIKE = re.compile(f"[{CHINESE_TEXT_CLASS}]")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
# How many non-ASCII characters _chinese_score weighs at most: a verdict, not a census.
_JUDGE_CHARS = 2**20
_NEUTRAL = re.compile("[\u2600-\u27bf\ufe0f\u200d\U0001f000-\U0001faff]")


def _newline_of(text: str) -> str:
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    # Ties go to "\n"; a mixed file is saved with its most common ending.
    return max((lf, "\n"), (crlf, "\r\n"), (cr, "\r"), key=lambda pair: pair[0])[1]


def _normalise(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _common_gb(char: str) -> bool:
    """One of the 7,445 characters of GB2312, the everyday set of Simplified Chinese."""
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _common_big5(char: str) -> bool:
    """One of Big5's 5,401 frequently used characters (常用字, A440–C67E) or its punctuation."""
    try:
        code = char.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(code) == 2 and (0xA140 <= int.from_bytes(code, "big") <= 0xC67E)


_COMMON = {"gb18030": _common_gb, "big5": _common_big5}


def _chinese_score(text: str, encoding: str = "gb18030") -> float:
    """How much a clean decoding reads as Chinese prose in ``encoding``'s script: the share of
    its characters that are the common ones of that script; 0.0 when it is not Chinese at all.

    Latin-1 text ("Ménage"), Big5 and Shift-JIS all decode "cleanly" as GB18030 but give rare
    characters, kana, Greek or private-use characters. Real prose is almost all Han and
    punctuation, mostly from the common characters of its script.
    """
    chars: Counter[str] = Counter()  # C-speed; few thousand distinct
    seen = 0
    for run in _NON_ASCII_RUN.finditer(text):
        chars.update(run[0])
        seen += len(run[0])
        if seen >= _JUDGE_CHARS:  # enough to judge: a 200 MB file is not counted in full
            break
    for char in [char for char in chars if _NEUTRAL.match(char)]:
        del chars[char]  # emoji prove nothing either way
    total = sum(chars.values())
    if total == 0:
        return 1.0
    common_of = _COMMON[encoding]
    chinese = common = 0
    for char, n in chars.items():
        if _CHINESE_LIKE.match(char):
            chinese += n
        if common_of(char):
            common += n
    if chinese < 0.8 * total or common < 0.5 * total:
        return 0.0
    return common / total


def _looks_chinese(text: str, encoding: str = "gb18030") -> bool:
    return _chinese_score(text, encoding) > 0.0


def decode_text(data: bytes | bytearray, path: Path | None = None) -> tuple[str, TextFormat]:
    """Text (newlines as "\\n") and format of ``data``; DecodeError when no encoding fits cleanly.

    Order: a BOM decides; then strict UTF-8; then strict GB18030 or Big5, whichever reads more
    as Chinese of its own script. Text with NUL characters is refused (binary, or UTF-16
    without a BOM).
    """
    for bom, encoding, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                raise _decode_error(data, path) from None
            if "\x00" in text:  # a UTF-32 BOM starts like UTF-16's
                raise _decode_error(data, path)
            return _normalise(text), TextFormat(encoding, _newline_of(text))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if "\x00" in text:
            raise _decode_error(data, path)
        return _normalise(text), TextFormat("utf-8", _newline_of(text))
    best: tuple[float, str, str] | None = None
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        score = _chinese_score(text, encoding)
        if score > 0.0 and (best is None or score > best[0]):
            best = (score, encoding, text)
    if best is not None:
        _score, encoding, text = best
        return _normalise(text), TextFormat(encoding, _newline_of(text))
    raise _decode_error(data, path)


def decode_as(
    data: bytes | bytearray, encoding: str, path: Path | None = None
) -> tuple[str, TextFormat]:
    """Text and format of ``data`` read in the codec the writer chose ("Reopen with...");
    DecodeError when it does not read cleanly that way or the codec is unknown."""
    try:
        encoding = codecs.lookup(encoding).name
        decoded = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise _decode_error(data, path) from None
    if encoding == "utf-8" and decoded.startswith("\ufeff"):
        encoding, decoded = "utf-8-sig", decoded[1:]
    return _normalise(decoded), TextFormat(encoding, _newline_of(decoded))


def _decode_error(data: bytes | bytearray, path: Path | None) -> DecodeError:
    for bom, encoding, codec in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(codec, errors="replace")
            return DecodeError(path, _normalise(text), TextFormat(encoding, _newline_of(text)))
    utf8 = data.decode("utf-8", errors="replace")
    chinese = data.decode("gb18030", errors="replace")
    if chinese.count("\ufffd") < utf8.count("\ufffd") and _looks_chinese(chinese):
        return DecodeError(path, _normalise(chinese), TextFormat("gb18030", _newline_of(chinese)))
    return DecodeError(path, _normalise(utf8), TextFormat("utf-8", _newline_of(utf8)))


# --- encoding ----------------------------------------------------------------------------------


def encode_text(text: str, fmt: TextFormat, *, template: str | None = None) -> bytes:
    """Bytes for disk: "\\n" becomes ``fmt.newline``; EncodeError names a character that
    does not fit the encoding. ``template``: the file being replaced, as on disk, when it mixes
    line endings: each line that is still there keeps its own (core.manuscript.line_endings)."""
    plain = _normalise(text)
    if template is not None:
        on_disk = with_endings(plain, template, fmt.newline)
    else:
        on_disk = plain.replace("\n", fmt.newline) if fmt.newline != "\n" else plain
    if fmt.encoding == "utf-16":  # little-endian with a BOM, whatever the machine
        codec, prefix = "utf-16-le", codecs.BOM_UTF16_LE
    elif fmt.encoding == "utf-16-be":
        codec, prefix = "utf-16-be", codecs.BOM_UTF16_BE
    else:
        codec, prefix = fmt.encoding, b""
    try:
        return prefix + on_disk.encode(codec)
    except LookupError:
        raise EncodeError(fmt, None) from None
    except UnicodeEncodeError:
        pass
    try:  # again on the writer's "\n" text, so that position and line number are theirs
        plain.encode(codec)
    except UnicodeEncodeError as error:
        index = error.start
        raise EncodeError(fmt, plain[index], index, plain.count("\n", 0, index) + 1) from None
    raise EncodeError(fmt, None)  # not reached: the same characters failed a moment ago
