"""Modal dialogs: recovering unsaved text after a crash, and the project's trash.

Kept free of imports of its own modules so ``from writer_app.ui.dialogs.trash import …`` stays
cheap; ``format_when`` is shared by both dialogs.
"""

from __future__ import annotations

from datetime import datetime, timedelta


def format_when(moment: datetime, now: datetime | None = None) -> str:
    """A time as a writer says it: "today at 14:03", "yesterday at 09:12", "3 May 2026 at 18:40"."""
    now = now if now is not None else datetime.now()
    clock = moment.strftime("%H:%M")
    if moment.date() == now.date():
        return f"today at {clock}"
    if moment.date() == (now - timedelta(days=1)).date():
        return f"yesterday at {clock}"
    return f"{moment.day} {moment.strftime('%b %Y')} at {clock}"
