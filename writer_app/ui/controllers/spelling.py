"""Spelling while the writer types: which dictionary each page uses, the words the writer has
added, the right-click corrections, and Edit ▸ Spelling.

A chapter of a novel is checked in the novel's language (Edit ▸ Spelling ▸ Language, kept in
the project file; "None" for a Chinese novel) and with the novel's own words; a loose file in
the writer's default language.  Every page also takes the writer's own dictionary.  Without
Enchant or a dictionary the menu says so once and the page stays unchecked.

A dictionary is loaded on a thread of its own the first time it is needed (Enchant and
Hunspell's word list take ~70 ms, too long for the GUI thread at start-up); the page is checked
once it is there.
"""

from __future__ import annotations

import locale
import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QLocale, QObject, QPoint, Signal
from PySide6.QtGui import QAction, QActionGroup, QTextCursor
from PySide6.QtWidgets import QMenu

from writer_app.core.manuscript.dictionary import PersonalDictionary
from writer_app.core.manuscript.project import ProjectError
from writer_app.core.text.spelling import (
    Speller,
    SpellingUnavailable,
    available_languages,
    default_language,
    words_to_check,
)
from writer_app.core.text.utf16 import index_from_utf16, utf16_length
from writer_app.ui.controllers.manuscripts import Manuscripts
from writer_app.ui.editor.draft_editor import DraftEditor
from writer_app.ui.editor.spelling import attach
from writer_app.ui.language import shown

log = logging.getLogger(__name__)

OFF = "off"  # a language that means: not checked


class SpellingController(QObject):
    """Keeps each shown page's highlighter on the right dictionary (see module docstring)."""

    _loaded = Signal(str, object)  # language, Speller or SpellingUnavailable (from its thread)

    def __init__(
        self,
        parent: QObject,
        editor: DraftEditor,
        files: Manuscripts,
        *,
        enabled: bool,
        language: str,
        remember: Callable[..., None],
        say: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self._editor = editor
        self._files = files
        self._remember = remember
        self._say = say
        self.enabled = enabled
        self._default = language
        self._spellers: dict[str, Speller | None] = {}  # None: unavailable, or still loading
        self._system_language: str | None = None  # the dictionary the system's locale picks
        self._told_unavailable = False
        self._loaded.connect(self._on_loaded)
        self.personal = PersonalDictionary()
        editor.contextMenuOpening.connect(self._add_corrections)
        files.currentChanged.connect(self.refresh)
        files.projectChanged.connect(self.refresh)

    # -- which dictionary --------------------------------------------------------------------

    def languages(self) -> list[str]:
        return available_languages()

    def default_language(self) -> str:
        """The writer's default: chosen in the menu, or the system's language."""
        if self._default:
            return self._default
        if self._system_language is None:  # asked once: Enchant lists its dictionaries
            self._system_language = default_language(locale.getlocale()[0] or "", self.languages())
        return self._system_language

    def _in_novel(self) -> bool:
        return self._files.chapter_id_of(self._files.current) is not None

    def language(self) -> str:
        """The language the shown page is checked in, or ``OFF``."""
        project = self._files.project
        if project is not None and self._in_novel() and project.spelling_language:
            return project.spelling_language
        return self.default_language()

    def set_language(self, language: str) -> None:
        """Edit ▸ Spelling ▸ Language: for the novel when a chapter is shown, else the
        writer's default."""
        project = self._files.project
        if project is not None and self._in_novel():
            try:
                project.spelling_language = language
            except ProjectError as error:
                self._say(shown(error))
                return
        else:
            self._default = language
            self._remember(spelling_language=language)
        self.refresh()

    def set_enabled(self, enabled: bool) -> None:
        """Edit ▸ Spelling ▸ Check Spelling (remembered)."""
        self.enabled = enabled
        self._remember(spelling=enabled)
        self.refresh()

    def speller(self) -> Speller | None:
        """The shown page's checker with the writer's and the novel's words, or None."""
        language = self.language()
        if not self.enabled or language == OFF:
            return None
        if language not in self._spellers:
            self._spellers[language] = None  # until its thread has loaded it
            threading.Thread(
                target=self._load, args=(language,), name="dictionary", daemon=True
            ).start()
        speller = self._spellers[language]
        if speller is not None:
            project = self._files.project
            novel = project.dictionary if project is not None and self._in_novel() else []
            speller.set_personal([*self.personal.words, *novel])
        return speller

    def _load(self, language: str) -> None:
        """On the dictionary's thread."""
        try:
            self._loaded.emit(language, Speller(language))
        except SpellingUnavailable as error:
            self._loaded.emit(language, error)

    def _on_loaded(self, language: str, result: object) -> None:
        if isinstance(result, Speller):
            self._spellers[language] = result
            self.refresh()
        elif not self._told_unavailable:
            self._told_unavailable = True
            self._say(shown(result))

    def refresh(self, *_args: object) -> None:
        """Check the shown page with what is chosen now."""
        highlighter = attach(self._editor.document(), self._editor)
        highlighter.set_speller(self.speller())

    # -- corrections -------------------------------------------------------------------------

    def misspelled_at(self, cursor: QTextCursor) -> QTextCursor | None:
        """A cursor selecting the misspelled word at ``cursor``, or None."""
        speller = self.speller()
        if speller is None:
            return None
        block = cursor.block()
        text = block.text()
        index = index_from_utf16(text, cursor.positionInBlock())
        for start, end, word in words_to_check(text):
            if start <= index <= end and not speller.is_right(word):
                return self._select(block.position(), text, start, end)
        return None

    def _select(self, base: int, text: str, start: int, end: int) -> QTextCursor:
        found = QTextCursor(self._editor.document())
        found.setPosition(base + utf16_length(text[:start]))
        found.setPosition(base + utf16_length(text[:end]), QTextCursor.MoveMode.KeepAnchor)
        return found

    def next_misspelling(self) -> QTextCursor | None:
        """Select the next misspelled word after the cursor (wrapping once), and offer its
        corrections: Edit ▸ Spelling ▸ Next Misspelling."""
        speller = self.speller()
        if speller is None:
            self._say(self.tr("Spelling is not being checked on this page."))
            return None
        start_block = self._editor.textCursor().block()
        after = index_from_utf16(start_block.text(), self._editor.textCursor().positionInBlock())
        block, wrapped = start_block, False
        while True:
            text = block.text()
            for start, end, word in words_to_check(text):
                if block == start_block and not wrapped and start < after:
                    continue
                if not speller.is_right(word):
                    found = self._select(block.position(), text, start, end)
                    self._editor.setTextCursor(found)
                    self._show_corrections(found)
                    return found
            block = block.next()
            if not block.isValid():
                if wrapped:
                    break
                block, wrapped = self._editor.document().firstBlock(), True
            if wrapped and block.blockNumber() > start_block.blockNumber():
                break
        self._say(self.tr("No misspelled words."))
        return None

    def _show_corrections(self, word: QTextCursor) -> None:
        menu = QMenu(self._editor)
        menu.setObjectName("spellingMenu")
        self.add_corrections_to(menu, word)
        rect = self._editor.cursorRect(word)
        menu.popup(self._editor.viewport().mapToGlobal(QPoint(rect.left(), rect.bottom())))

    def _add_corrections(self, menu: QMenu, at: QTextCursor) -> None:
        word = self.misspelled_at(at)
        if word is None:
            return
        first = menu.actions()[0] if menu.actions() else None
        holder = QMenu()
        self.add_corrections_to(holder, word)
        for action in holder.actions():
            action.setParent(menu)
            menu.insertAction(first, action)
        menu.insertSeparator(first)

    def add_corrections_to(self, menu: QMenu, word: QTextCursor) -> None:
        """The suggestions for the selected ``word``, then the dictionaries it can join."""
        speller = self.speller()
        text = word.selectedText()
        if speller is None:
            return
        suggestions = speller.suggestions(text)
        for suggestion in suggestions:
            action = menu.addAction(suggestion)
            action.setObjectName("spellingSuggestion")
            action.triggered.connect(lambda _=False, s=suggestion: self._replace(word, s))
        if not suggestions:
            menu.addAction(self.tr("No suggestions")).setEnabled(False)
        menu.addSeparator()
        if self._files.project is not None and self._in_novel():
            novel = menu.addAction(
                self.tr("Add “{word}” to This Novel's Dictionary").format(word=text)
            )
            novel.setObjectName("addToNovelDictionary")
            novel.triggered.connect(lambda: self.add_to_novel(text))
        mine = menu.addAction(self.tr("Add “{word}” to My Dictionary").format(word=text))
        mine.setObjectName("addToMyDictionary")
        mine.triggered.connect(lambda: self.add_to_mine(text))

    def _replace(self, word: QTextCursor, replacement: str) -> None:
        """One undo step, the cursor after the new word."""
        word.insertText(replacement)
        self._editor.setTextCursor(word)

    def add_to_novel(self, word: str) -> None:
        project = self._files.project
        if project is None:
            return
        try:
            project.add_to_dictionary(word)
        except ProjectError as error:
            self._say(shown(error))
            return
        self.refresh()

    def add_to_mine(self, word: str) -> None:
        try:
            self.personal.add(word)
        except OSError as error:
            log.warning("could not save %s: %s", self.personal.path, error)
            self._say(
                self.tr("“{word}” is known for now but could not be saved: {reason}").format(
                    word=word, reason=error.strerror or error
                )
            )
        self.refresh()

    # -- the menu ----------------------------------------------------------------------------

    def fill_language_menu(self, menu: QMenu) -> None:
        """Edit ▸ Spelling ▸ Language: the dictionaries installed, and None."""
        menu.clear()
        group = QActionGroup(menu)
        current = self.language()
        # Each dictionary named in its own language (American English, British English…).
        choices = [(code, QLocale(code).nativeLanguageName() or code) for code in self.languages()]
        if not choices:
            menu.addAction(self.tr("No dictionaries are installed")).setEnabled(False)
        for code, label in [*choices, (OFF, self.tr("None (don't check)"))]:
            action = QAction(label, menu)
            action.setObjectName(f"spellingLanguage_{code}")
            action.setCheckable(True)
            action.setChecked(code == current)
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
            group.addAction(action)
            menu.addAction(action)
