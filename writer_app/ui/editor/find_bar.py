"""The find bar under the page: Ctrl+F finds in the chapter, Ctrl+H also replaces; F3 and
Shift+F3 step through the matches, Esc closes it and gives the page back.

Matching is ``core.text.search`` on the chapter's text (Python indexes); positions reach Qt
through ``core.text.utf16``, so an emoji before a match never shifts the selection.  Replace
All is one undo step.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from writer_app.core.text.search import (
    PatternError,
    Query,
    find_all,
    replacement_at,
    replacements,
)
from writer_app.core.text.utf16 import index_from_utf16, utf16_positions
from writer_app.ui.editor.draft_editor import DraftEditor
from writer_app.ui.language import shown

COUNT_AT_ONCE_CHARS = 200_000  # above this, the match count waits for a pause in the typing
COUNT_PAUSE_MS = 250


def apply_replacements(
    document: QTextDocument, text: str, planned: list[tuple[tuple[int, int], str]]
) -> None:
    """Make ``planned`` replacements (spans in ``text``, the document's plain text) as one
    undo step."""
    positions = utf16_positions(text, [index for span, _new in planned for index in span])
    cursor = QTextCursor(document)
    cursor.beginEditBlock()  # one step for Ctrl+Z
    for number in reversed(range(len(planned))):  # from the end: earlier positions hold
        cursor.setPosition(positions[2 * number])
        cursor.setPosition(positions[2 * number + 1], QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(planned[number][1])
    cursor.endEditBlock()


class SearchOptions:
    """The three ways to match (case, whole word, regular expression) as check boxes, shared
    by the find bar and Find in Novel; ``query`` reads them."""

    def __init__(self, owner: QWidget) -> None:
        del owner  # (the boxes are placed by the bar or the dialog that shows them)
        self.match_case = _check_box(
            "matchCase", QCoreApplication.translate("SearchOptions", "Match case")
        )
        self.whole_word = _check_box(
            "wholeWord", QCoreApplication.translate("SearchOptions", "Whole word")
        )
        self.regex = _check_box(
            "regexBox", QCoreApplication.translate("SearchOptions", "Regular expression")
        )
        self.regex.setToolTip(
            QCoreApplication.translate(
                "SearchOptions", "Python regular expressions; \\1 in the replacement is a group"
            )
        )
        self.boxes = (self.match_case, self.whole_word, self.regex)

    def query(self, text: str) -> Query:
        return Query(
            text,
            match_case=self.match_case.isChecked(),
            whole_word=self.whole_word.isChecked(),
            regex=self.regex.isChecked(),
        )


def not_valid(error: PatternError) -> str:
    """The sentence shown where a search's results would be."""
    return QCoreApplication.translate("FindBar", "Not valid: {reason}").format(reason=shown(error))


def _check_box(name: str, text: str) -> QCheckBox:
    box = QCheckBox(text)
    box.setObjectName(name)
    return box


class FindBar(QWidget):
    """Find (and replace) in the text the page shows."""

    message = Signal(str)  # for the status bar: how many were replaced

    def __init__(self, editor: DraftEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self._editor = editor
        self.find_field = self._field("findField", self.tr("Find"))
        self.replace_field = self._field("replaceField", self.tr("Replace with"))
        self.options = SearchOptions(self)
        self.match_case, self.whole_word, self.regex = self.options.boxes
        self.count_label = QLabel("")
        self.count_label.setObjectName("findCount")
        previous = self._button("findPrevious", self.tr("Previous"), lambda: self.find_next(-1))
        following = self._button("findNext", self.tr("Next"), lambda: self.find_next(+1))
        self.replace_button = self._button("replaceButton", self.tr("Replace"), self.replace_one)
        self.replace_all_button = self._button(
            "replaceAllButton", self.tr("Replace All"), self.replace_all
        )
        close = QToolButton()
        close.setObjectName("closeFindBar")
        close.setText("✕")
        close.setToolTip(self.tr("Close (Esc)"))
        close.setAutoRaise(True)
        close.clicked.connect(self.close_bar)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 4, 8, 4)
        for column, widget in enumerate(
            (self.find_field, previous, following, self.match_case, self.whole_word, self.regex)
        ):
            grid.addWidget(widget, 0, column)
        grid.addWidget(self.count_label, 0, 6)
        grid.addWidget(close, 0, 7)
        grid.addWidget(self.replace_field, 1, 0)
        grid.addWidget(self.replace_button, 1, 1)
        grid.addWidget(self.replace_all_button, 1, 2)
        grid.setColumnStretch(0, 1)
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_PAUSE_MS)
        self._count_timer.timeout.connect(self._count_now)
        self.find_field.textChanged.connect(self._update_count)
        self.find_field.returnPressed.connect(lambda: self.find_next(+1))
        self.replace_field.returnPressed.connect(self.replace_one)
        for box in (self.match_case, self.whole_word, self.regex):
            box.toggled.connect(self._update_count)
        self._show_replace(False)
        self.hide()

    def _field(self, name: str, placeholder: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setPlaceholderText(placeholder)
        field.setAccessibleName(placeholder)
        field.setClearButtonEnabled(True)
        return field

    def _button(self, name: str, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # -- opening and closing -----------------------------------------------------------------

    def open_bar(self, replace: bool = False) -> None:
        """Show the bar (with Replace when asked); the page's selection, if on one line, is
        what to find."""
        selected = self._editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:  # Qt's paragraph separator: several lines
            self.find_field.setText(selected)
        self._show_replace(replace or self.replace_field.isVisible())
        self.show()
        self.find_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_field.selectAll()
        self._update_count()

    def close_bar(self) -> None:
        self.hide()
        self._editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)

    def _show_replace(self, on: bool) -> None:
        for widget in (self.replace_field, self.replace_button, self.replace_all_button):
            widget.setVisible(on)

    # -- finding -----------------------------------------------------------------------------

    def query(self) -> Query:
        return self.options.query(self.find_field.text())

    def _matches(self, text: str) -> list[tuple[int, int]] | None:
        """The matches, or None (said in the bar) when the pattern is not valid."""
        try:
            return find_all(text, self.query())
        except PatternError as error:
            self.count_label.setText(not_valid(error))
            return None

    def find_next(self, step: int = +1) -> bool:
        """Select the next match after the cursor (``step`` -1: the one before), going round
        the chapter's end; False when there is none."""
        if not self.isVisible():
            self.open_bar()
        text = self._editor.toPlainText()
        matches = self._matches(text)
        if not matches:
            self._update_count()
            return False
        cursor = self._editor.textCursor()
        here = index_from_utf16(
            text, cursor.selectionEnd() if step > 0 else cursor.selectionStart()
        )
        if step > 0:
            chosen = next((m for m in matches if m[0] >= here), matches[0])
        else:
            chosen = next((m for m in reversed(matches) if m[1] <= here), matches[-1])
        self._select(text, chosen)
        self._show_count(matches, chosen)
        return True

    def _select(self, text: str, span: tuple[int, int]) -> None:
        start, end = utf16_positions(text, list(span))
        cursor = self._editor.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self._editor.setTextCursor(cursor)
        self._editor.ensureCursorVisible()

    def _update_count(self, *_args) -> None:
        """The count follows each keystroke in a chapter; in a long one (a search of a whole
        novel in one file takes tens of milliseconds), once the typing in the field pauses."""
        if self._editor.document().characterCount() > COUNT_AT_ONCE_CHARS:
            self._count_timer.start()
        else:
            self._count_now()

    def _count_now(self) -> None:
        if not self.find_field.text():
            self.count_label.setText("")
            return
        matches = self._matches(self._editor.toPlainText())
        if matches is not None:
            self._show_count(matches, None)

    def _show_count(self, matches: list[tuple[int, int]], chosen: tuple[int, int] | None) -> None:
        if not matches:
            self.count_label.setText(self.tr("No matches"))
        elif chosen is None and len(matches) == 1:
            self.count_label.setText(self.tr("1 match"))
        elif chosen is None:
            self.count_label.setText(self.tr("{count} matches").format(count=len(matches)))
        else:
            where = matches.index(chosen) + 1
            self.count_label.setText(self.tr("{n} of {count}").format(n=where, count=len(matches)))

    # -- replacing ---------------------------------------------------------------------------

    def replace_one(self) -> None:
        """Replace the selected match (if the selection is one), then go to the next."""
        text = self._editor.toPlainText()
        cursor = self._editor.textCursor()
        span = (
            index_from_utf16(text, cursor.selectionStart()),
            index_from_utf16(text, cursor.selectionEnd()),
        )
        try:
            new = replacement_at(text, self.query(), span, self.replace_field.text())
        except PatternError as error:
            self.count_label.setText(not_valid(error))
            return
        if new is not None and span[0] != span[1]:
            cursor.insertText(new)
        self.find_next(+1)

    def replace_all(self) -> int:
        """Replace every match in the chapter as one undo step; how many were replaced."""
        text = self._editor.toPlainText()
        try:
            planned = replacements(text, self.query(), self.replace_field.text())
        except PatternError as error:
            self.count_label.setText(not_valid(error))
            return 0
        if not planned:
            self._update_count()
            return 0
        apply_replacements(self._editor.document(), text, planned)
        said = self.tr("Replaced {count} in this chapter.").format(count=len(planned))
        self.count_label.setText(said)
        self.message.emit(said)
        return len(planned)
