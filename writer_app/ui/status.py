"""The status bar: how long its messages stay, the last ones kept, and sentences from engine
figures."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QMenu, QStyle, QToolButton, QWidget

from writer_app.core.drafting.suggestion import StopReason, SuggestionStats
from writer_app.ui.numbers import decimal, whole

# How long a status-bar message stays (ms): long enough to read it twice at an unhurried pace
# (~4 words a second); a message that asks for action stays longer.  A new one replaces it.
BRIEF_MS = 5_000  # a hint about the key just pressed ("The model is still loading…")
MESSAGE_MS = 8_000  # what just happened (saved, restored, a history step)
NOTE_MS = 10_000  # something about the model or engine the writer should notice
PROBLEM_MS = 15_000  # something failed: long enough to read a whole reason

# Why a suggestion stopped, as the status bar says it (marked for translation here; the engine
# reports the reason, not the words).
_STOP_REASONS = {
    StopReason.LENGTH: QT_TRANSLATE_NOOP("StopReason", "length"),
    StopReason.END_OF_TEXT: QT_TRANSLATE_NOOP("StopReason", "end of text"),
    StopReason.STOP_STRING: QT_TRANSLATE_NOOP("StopReason", "stop string"),
    StopReason.BOUNDARY: QT_TRANSLATE_NOOP("StopReason", "end of sentence or paragraph"),
    StopReason.CONTEXT_FULL: QT_TRANSLATE_NOOP("StopReason", "context full"),
    StopReason.CANCELLED: QT_TRANSLATE_NOOP("StopReason", "cancelled"),
    StopReason.BANNED: QT_TRANSLATE_NOOP("StopReason", "a banned phrase kept coming back"),
}


def describe_stats(stats: SuggestionStats) -> str:
    """The engine's figures for one suggestion, one line for the status bar."""
    parts = []
    if stats.tokens_per_second:
        parts.append(
            QCoreApplication.translate("StatusBar", "{rate} tokens/s").format(
                rate=decimal(stats.tokens_per_second, 1)
            )
        )
    parts.append(
        QCoreApplication.translate("StatusBar", "{count} tokens").format(
            count=stats.generated_tokens
        )
    )
    parts.append(
        QCoreApplication.translate("StatusBar", "context {used} / {size}").format(
            used=whole(stats.context_used), size=whole(stats.n_ctx)
        )
    )
    read, reused = whole(stats.evaluated_tokens), whole(stats.reused_tokens)
    if stats.shifted_tokens:  # the window slid and the cache moved with it
        reuse = QCoreApplication.translate(
            "StatusBar", "read {read} new, reused {reused} ({shifted} shifted)"
        ).format(read=read, reused=reused, shifted=whole(stats.shifted_tokens))
    else:
        reuse = QCoreApplication.translate("StatusBar", "read {read} new, reused {reused}").format(
            read=read, reused=reused
        )
    parts.append(reuse)
    parts.append(
        QCoreApplication.translate("StatusBar", "stopped: {reason}").format(
            reason=QCoreApplication.translate("StopReason", _STOP_REASONS[stats.stop_reason])
        )
    )
    if stats.taken_back:  # banned phrases the model began, taken back before they showed
        parts.append(
            QCoreApplication.translate("StatusBar", "{count} banned phrases taken back").format(
                count=whole(stats.taken_back)
            )
        )
    if stats.ignored:  # a server that does not take every sampler the writer switched on
        parts.append(
            QCoreApplication.translate("StatusBar", "the server ignored: {samplers}").format(
                samplers=", ".join(stats.ignored)
            )
        )
    return " · ".join(parts)


def nothing_suggested(stats: SuggestionStats) -> bool:
    return stats.generated_tokens == 0 and stats.stop_reason is not StopReason.CANCELLED


class RecentMessages(QToolButton):
    """The status bar's last sentences, kept: a long one cut off at the bar's edge, or one
    that went by while the writer looked away, can be read here in full."""

    KEEP = 20

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recentMessages")
        self.setAutoRaise(True)
        self.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation))
        self.setToolTip(self.tr("Recent messages"))
        self.setAccessibleName(self.tr("Recent messages"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(QMenu(self))
        self.menu().setObjectName("recentMessagesMenu")
        self._kept: list[tuple[str, str]] = []  # (time, sentence), newest first
        self.setEnabled(False)

    def add(self, text: str) -> None:
        self._kept.insert(0, (datetime.now().strftime("%H:%M"), text))
        del self._kept[self.KEEP :]
        menu = self.menu()
        menu.clear()
        for when, sentence in self._kept:
            item = menu.addAction(f"{when}  {sentence}")
            item.setToolTip(sentence)
        self.setEnabled(True)

    def sentences(self) -> list[str]:
        """Newest first."""
        return [sentence for _when, sentence in self._kept]
