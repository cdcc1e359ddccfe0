"""Answer modal dialogs automatically in GUI tests, remembering what the writer was asked."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox


def answer_question(monkeypatch, answer) -> list[tuple[str, object]]:
    """Auto-answer QMessageBox.question; returns (text, default button) of each question."""
    asked: list[tuple[str, object]] = []

    def question(_parent, _title, text, _buttons=None, default=None):
        asked.append((text, default))
        return answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked
