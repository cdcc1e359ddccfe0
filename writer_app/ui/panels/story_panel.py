"""The Story panel: memory, the author's note and lore entries, and what the context holds."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.prompt.story import LoreEntry, StoryContext
from writer_app.ui.panels.budget import ContextBudgetBar

EDIT_SETTLE_MS = 400  # the panel reports an edit once the writer pauses this long
_KEYWORD_SPLIT = re.compile(r"[,，、;；\n]+")


def parse_keywords(text: str) -> tuple[str, ...]:
    """Keywords separated by commas (also Chinese 、，；) or new lines."""
    return tuple(k.strip() for k in _KEYWORD_SPLIT.split(text) if k.strip())


class StoryPanel(QWidget):
    storyEdited = Signal(object)  # StoryContext, once the writer pauses
    showPromptRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storyPanel")
        self._story = StoryContext()
        self._loading = False
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(EDIT_SETTLE_MS)
        self._settle.timeout.connect(lambda: self.storyEdited.emit(self.story()))

        layout = QVBoxLayout(self)
        layout.addWidget(self._build_budget())
        layout.addWidget(self._build_memory())
        layout.addWidget(self._build_note())
        layout.addWidget(self._build_lore(), 1)

    # -- building -------------------------------------------------------------------------------

    def _build_budget(self) -> QWidget:
        box = QGroupBox(self.tr("What the model reads"))
        column = QVBoxLayout(box)
        self.budget_bar = ContextBudgetBar()
        column.addWidget(self.budget_bar)
        self.show_prompt_button = QPushButton(self.tr("Show prompt…"))
        self.show_prompt_button.setObjectName("showPromptButton")
        self.show_prompt_button.setToolTip(self.tr("The exact text sent for the last suggestion"))
        self.show_prompt_button.clicked.connect(self.showPromptRequested)
        column.addWidget(self.show_prompt_button, 0, Qt.AlignmentFlag.AlignRight)
        return box

    def _build_memory(self) -> QWidget:
        box = QGroupBox(self.tr("Memory"))
        column = QVBoxLayout(box)
        self.memory_edit = QPlainTextEdit()
        self.memory_edit.setObjectName("memoryEdit")
        self.memory_edit.setPlaceholderText(
            self.tr("Premise, style, point of view: always at the top of what the model reads.")
        )
        self.memory_edit.setMinimumHeight(70)
        self.memory_edit.textChanged.connect(self._edited)
        column.addWidget(self.memory_edit)
        return box

    def _build_note(self) -> QWidget:
        box = QGroupBox(self.tr("Author's note"))
        column = QVBoxLayout(box)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("authorsNoteEdit")
        self.note_edit.setPlaceholderText(self.tr("A short instruction, e.g. “Keep it tense.”"))
        self.note_edit.setFixedHeight(56)
        self.note_edit.textChanged.connect(self._edited)
        column.addWidget(self.note_edit)
        row = QHBoxLayout()
        # One sentence around the spin box, so a translation can put the number anywhere.
        before, _, after = self.tr("Place it {depth} paragraphs before the cursor").partition(
            "{depth}"
        )
        row.addWidget(QLabel(before.strip()))
        self.note_depth_spin = QSpinBox()
        self.note_depth_spin.setObjectName("noteDepthSpin")
        self.note_depth_spin.setRange(1, 20)
        self.note_depth_spin.valueChanged.connect(self._edited)
        row.addWidget(self.note_depth_spin)
        row.addWidget(QLabel(after.strip()), 1)
        column.addLayout(row)
        return box

    def _build_lore(self) -> QWidget:
        box = QGroupBox(self.tr("Lore"))
        column = QVBoxLayout(box)
        hint = QLabel(self.tr("An entry is read only when one of its keywords is near the cursor."))
        hint.setWordWrap(True)
        column.addWidget(hint)
        self.lore_list = QListWidget()
        self.lore_list.setObjectName("loreList")
        self.lore_list.setMinimumHeight(60)
        self.lore_list.currentRowChanged.connect(self._show_entry)
        column.addWidget(self.lore_list)
        buttons = QHBoxLayout()
        self.add_lore_button = QPushButton(self.tr("Add entry"))
        self.add_lore_button.setObjectName("addLoreButton")
        self.add_lore_button.clicked.connect(self.add_entry)
        self.remove_lore_button = QPushButton(self.tr("Remove"))
        self.remove_lore_button.setObjectName("removeLoreButton")
        self.remove_lore_button.clicked.connect(self._remove_entry)
        buttons.addWidget(self.add_lore_button)
        buttons.addWidget(self.remove_lore_button)
        buttons.addStretch(1)
        column.addLayout(buttons)

        self.entry_box = QWidget()
        form = QFormLayout(self.entry_box)
        form.setContentsMargins(0, 0, 0, 0)
        self.lore_name_edit = QLineEdit()
        self.lore_name_edit.setObjectName("loreNameEdit")
        self.lore_keywords_edit = QLineEdit()
        self.lore_keywords_edit.setObjectName("loreKeywordsEdit")
        self.lore_keywords_edit.setPlaceholderText(self.tr("Bund, 外滩, the river walk"))
        self.lore_text_edit = QPlainTextEdit()
        self.lore_text_edit.setObjectName("loreTextEdit")
        self.lore_text_edit.setMinimumHeight(60)
        self.lore_priority_spin = QSpinBox()
        self.lore_priority_spin.setObjectName("lorePrioritySpin")
        self.lore_priority_spin.setRange(-100, 100)
        self.lore_priority_spin.setToolTip(
            self.tr("Higher comes first; the lowest is left out first")
        )
        self.lore_enabled_check = QCheckBox(self.tr("Use this entry"))
        self.lore_enabled_check.setObjectName("loreEnabledCheck")
        form.addRow(self.tr("Name"), self.lore_name_edit)
        form.addRow(self.tr("Keywords"), self.lore_keywords_edit)
        form.addRow(self.tr("Text"), self.lore_text_edit)
        form.addRow(self.tr("Priority"), self.lore_priority_spin)
        form.addRow("", self.lore_enabled_check)
        for signal in (
            self.lore_name_edit.textChanged,
            self.lore_keywords_edit.textChanged,
            self.lore_text_edit.textChanged,
            self.lore_priority_spin.valueChanged,
            self.lore_enabled_check.toggled,
        ):
            signal.connect(self._entry_edited)
        column.addWidget(self.entry_box)
        self.entry_box.setEnabled(False)
        return box

    # -- state ----------------------------------------------------------------------------------

    def story(self) -> StoryContext:
        return self._story

    def set_story(self, story: StoryContext) -> None:
        """Show a project's story context (does not report an edit)."""
        self._settle.stop()
        self._loading = True
        try:
            self._story = story
            self.memory_edit.setPlainText(story.memory)
            self.note_edit.setPlainText(story.authors_note)
            self.note_depth_spin.setValue(max(1, story.note_depth))
            self.lore_list.clear()
            for entry in story.lore:
                self.lore_list.addItem(self._item(entry))
            self._show_entry(-1)
        finally:
            self._loading = False

    def flush(self) -> None:
        """Report a pending edit now (before the project changes or the app closes)."""
        if self._settle.isActive():
            self._settle.stop()
            self.storyEdited.emit(self.story())

    def add_entry(self) -> None:
        name = self.tr("Entry {number}").format(number=len(self._story.lore) + 1)
        entry = LoreEntry(name, (), "")
        self._story = self._story.with_lore([*self._story.lore, entry])
        self.lore_list.addItem(self._item(entry))
        self.lore_list.setCurrentRow(self.lore_list.count() - 1)
        self.lore_name_edit.setFocus()
        self.lore_name_edit.selectAll()
        self._edited()

    def _remove_entry(self) -> None:
        row = self.lore_list.currentRow()
        if row < 0:
            return
        lore = list(self._story.lore)
        del lore[row]
        self._story = self._story.with_lore(lore)
        self.lore_list.takeItem(row)
        self._edited()

    def _edited(self) -> None:
        if self._loading:
            return
        self._story = StoryContext(
            memory=self.memory_edit.toPlainText(),
            authors_note=self.note_edit.toPlainText(),
            note_depth=self.note_depth_spin.value(),
            lore=self._story.lore,
            lore_cap=self._story.lore_cap,
            scan_chars=self._story.scan_chars,
        )
        self._settle.start()

    def _show_entry(self, row: int) -> None:
        entry = self._story.lore[row] if 0 <= row < len(self._story.lore) else None
        was_loading, self._loading = self._loading, True
        try:
            self.entry_box.setEnabled(entry is not None)
            self.remove_lore_button.setEnabled(entry is not None)
            entry = entry or LoreEntry("", (), "")
            self.lore_name_edit.setText(entry.name)
            self.lore_keywords_edit.setText(", ".join(entry.keywords))
            self.lore_text_edit.setPlainText(entry.text)
            self.lore_priority_spin.setValue(entry.priority)
            self.lore_enabled_check.setChecked(entry.enabled)
        finally:
            self._loading = was_loading

    def _entry_edited(self) -> None:
        row = self.lore_list.currentRow()
        if self._loading or not 0 <= row < len(self._story.lore):
            return
        entry = LoreEntry(
            name=self.lore_name_edit.text().strip()
            or self.tr("Entry {number}").format(number=row + 1),
            keywords=parse_keywords(self.lore_keywords_edit.text()),
            text=self.lore_text_edit.toPlainText(),
            priority=self.lore_priority_spin.value(),
            enabled=self.lore_enabled_check.isChecked(),
        )
        lore = list(self._story.lore)
        lore[row] = entry
        self._story = self._story.with_lore(lore)
        item = self.lore_list.item(row)
        item.setText(self._item(entry).text())
        self._edited()

    @staticmethod
    def _item(entry: LoreEntry) -> QListWidgetItem:
        keys = ", ".join(entry.keywords) or QCoreApplication.translate(
            "StoryPanel", "no keywords yet"
        )
        if entry.enabled:
            text = QCoreApplication.translate("StoryPanel", "{name} — {keywords}")
        else:
            text = QCoreApplication.translate("StoryPanel", "{name} (off) — {keywords}")
        return QListWidgetItem(text.format(name=entry.name, keywords=keys))
