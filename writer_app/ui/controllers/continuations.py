"""The continuations offered for one Ctrl+Return, and which of them the ghost shows."""

from __future__ import annotations


class AlternativeSet:
    """Texts of the alternatives as they stream in; the ghost shows one at a time.

    Once the writer takes part of the shown one (types through it, accepts a word), the set
    is settled on it: switching would have to undo what they took.
    """

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.shown = 0
        self.settled = False

    def reset(self) -> None:
        self.texts, self.shown, self.settled = [], 0, False

    def add(self, index: int, text: str) -> bool:
        """Append streamed text to alternative ``index``; True when it is the one shown."""
        while len(self.texts) <= index:
            self.texts.append("")
        self.texts[index] += text
        return index == self.shown

    def cycle(self, step: int) -> str | None:
        """Show the next (or previous) alternative that has text; its text, or None."""
        ready = [i for i, text in enumerate(self.texts) if text]
        if self.settled or len(ready) < 2:
            return None
        position = ready.index(self.shown) if self.shown in ready else 0
        self.shown = ready[(position + step) % len(ready)]
        return self.texts[self.shown]

    def choose(self, index: int) -> str | None:
        if self.settled or not 0 <= index < len(self.texts) or not self.texts[index]:
            return None
        self.shown = index
        return self.texts[index]
