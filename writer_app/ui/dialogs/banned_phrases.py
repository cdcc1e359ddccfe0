"""Draft ▸ Banned Words and Phrases…: what the model must never write, for every novel and for
the open one, one per line."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.drafting.bans import clean_phrases


class BannedPhrasesDialog(QDialog):
    """Edits the two lists; ``everywhere()`` and ``in_novel()`` read them back, tidied."""

    def __init__(
        self,
        everywhere: tuple[str, ...],
        in_novel: list[str] | None,
        novel_title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bannedPhrasesDialog")
        self.setWindowTitle(self.tr("Banned Phrases"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The model never writes these: when it starts one, it takes it back before "
                "you see it and writes something else. One word or phrase per line; capitals "
                "do not matter; a word is matched whole (“said” is not found in “unsaid”), "
                "Chinese anywhere."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(QLabel(self.tr("In every novel:")))
        self.everywhere_edit = self._editor("bannedEverywhereEdit", everywhere)
        self.everywhere_edit.setPlaceholderText(
            self.tr("e.g.\nshivers down her spine\na testament to\n不禁")
        )
        layout.addWidget(self.everywhere_edit)
        novel_label = QLabel(
            self.tr("In “{title}” only:").format(title=novel_title)
            if in_novel is not None
            else self.tr("In this novel only (open a novel to keep a list of its own):")
        )
        layout.addWidget(novel_label)
        self.novel_edit = self._editor("bannedInNovelEdit", tuple(in_novel or ()))
        self.novel_edit.setEnabled(in_novel is not None)
        layout.addWidget(self.novel_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(480, 420)

    @staticmethod
    def _editor(name: str, phrases: tuple[str, ...]) -> QPlainTextEdit:
        edit = QPlainTextEdit("\n".join(phrases))
        edit.setObjectName(name)
        edit.setTabChangesFocus(True)
        return edit

    def everywhere(self) -> tuple[str, ...]:
        return clean_phrases(self.everywhere_edit.toPlainText().splitlines())

    def in_novel(self) -> tuple[str, ...]:
        return clean_phrases(self.novel_edit.toPlainText().splitlines())
