"""Modal dialogs: recovering unsaved text after a crash, and the project's trash.

Kept free of imports of its own modules so ``from writer_app.ui.dialogs.trash import …`` stays
cheap; ``format_when`` is shared by both dialogs.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, QLocale


def format_when(moment: datetime, now: datetime | None = None) -> str:
    """A time as a writer says it: "today at 14:03", "yesterday at 09:12", "3 May 2026 at 18:40"."""
    now = now if now is not None else datetime.now()
    clock = moment.strftime("%H:%M")
    if moment.date() == now.date():
        return QCoreApplication.translate("When", "today at {clock}").format(clock=clock)
    if moment.date() == (now - timedelta(days=1)).date():
        return QCoreApplication.translate("When", "yesterday at {clock}").format(clock=clock)
    day = QLocale().toString(moment.date(), QLocale.FormatType.LongFormat)
    if QLocale().language() in (QLocale.Language.English, QLocale.Language.C):
        day = f"{moment.day} {moment.strftime('%b %Y')}"  # 3 May 2026, as before
    return QCoreApplication.translate("When", "{day} at {clock}").format(day=day, clock=clock)
