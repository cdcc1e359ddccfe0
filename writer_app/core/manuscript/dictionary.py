"""The writer's own dictionary: words every novel shares (names the writer uses everywhere, the
words of a world), kept in the app's config folder as ``dictionary.json``.  A novel's own
words live in its project file (``Project.dictionary``)."""

from __future__ import annotations

from pathlib import Path

from writer_app.core.storage.paths import config_dir
from writer_app.core.storage.state_files import read_json_object, write_json
from writer_app.core.text import sentence
from writer_app.core.text.spelling import clean_words, personal_key

DICTIONARY_FILE = "dictionary.json"


class PersonalDictionary:
    """The words of ``dictionary.json`` (a damaged file is set aside and read as empty)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / DICTIONARY_FILE
        raw = read_json_object(self.path, what=sentence.translate("StateFiles", "Your dictionary"))
        words = raw.get("words") if raw else None
        self.words: list[str] = clean_words(words)

    def add(self, word: str) -> None:
        """Keep ``word``; raises the OSError of saving (the caller says so)."""
        if personal_key(word) in {personal_key(w) for w in self.words}:
            return
        self.words.append(word)
        write_json(self.path, {"words": sorted(self.words, key=str.casefold)})
