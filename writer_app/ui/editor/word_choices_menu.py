"""Word alternatives in the ghost: point at a word to see what else the model considered
there; click it (or Alt+Down for the next word) to choose one and continue from it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolTip, QWidget

from writer_app.core.drafting.word_choices import WordChoice, choice_at


class WordChoices(QObject):
    """Keeps the choices of the suggestions on show.  ``ghost`` returns the shown
    alternative's index, its full text and what is left of it in the ghost."""

    continueRequested = Signal(str)  # the ghost up to the chosen word, with that word

    def __init__(self, parent: QWidget, ghost: Callable[[], tuple[int, str, str]]) -> None:
        super().__init__(parent)
        self._parent = parent
        self._ghost = ghost
        self._choices: dict[int, tuple[int, list[WordChoice]]] = {}  # index: (base, choices)
        self._base = 0
        self.menu: QMenu | None = None

    def reset(self, base: int = 0) -> None:
        """A new suggestion; its text will start ``base`` characters into the ghost's text
        (a continuation after a chosen word)."""
        self._choices.clear()
        self._base = base

    def add(self, index: int, choices: Sequence[WordChoice]) -> None:
        self._choices[index] = (self._base, list(choices))

    def at(self, ghost_offset: int) -> tuple[WordChoice, int] | None:
        """The choice under a character of the ghost, and where its word starts in the
        ghost (which may have lost its first words to typing or Ctrl+Right)."""
        index, full, ghost = self._ghost()
        if index not in self._choices or not full.endswith(ghost):
            return None
        base, choices = self._choices[index]
        consumed = len(full) - len(ghost)
        found = choice_at(choices, consumed + ghost_offset - base)
        if found is None:
            return None
        choice = choices[found]
        start = base + choice.start - consumed
        return (choice, start) if start >= 0 and choice.options else None

    def point(self, ghost_offset: int, where: QPoint) -> None:
        hit = self.at(ghost_offset) if ghost_offset >= 0 else None
        if hit is None:
            QToolTip.hideText()
            return
        QToolTip.showText(
            where,
            self.tr("Click for other words: {choices}").format(choices=hit[0].describe()),
            self._parent,
        )

    def open_menu(self, ghost_offset: int, where: QPoint) -> QMenu | None:
        hit = self.at(ghost_offset)
        if hit is None:
            return None
        choice, start = hit
        _index, _full, ghost = self._ghost()
        menu = QMenu(self._parent)
        menu.setObjectName("wordChoicesMenu")
        menu.setToolTipsVisible(True)
        for text, probability in choice.options:
            label = text.replace("\n", "⏎").strip() or repr(text)
            action = QAction(f"{label}\t{probability:.0%}", menu)
            action.setToolTip(self.tr("Continue from this word"))
            if text == choice.text:
                action.setCheckable(True)
                action.setChecked(True)
            action.triggered.connect(
                lambda _=False, t=text: self.continueRequested.emit(ghost[:start] + t)
            )
            menu.addAction(action)
        self.menu = menu
        menu.popup(where)
        return menu
