"""After a crash: the unsaved text the autosave journal kept, offered back at start.

Text goes back into its own file only when that file is still the one the text came from;
otherwise the writer chooses (a copy is the default), and a journal whose folder was never
recorded comes back as an untitled copy.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from writer_app.core.manuscript.recovery import Recoverable, dismiss, find_recoverable
from writer_app.ui.dialogs.recovery import RecoveryDialog, RestoreTarget, ask_restore_target
from writer_app.ui.failures import tell
from writer_app.ui.language import shown

if TYPE_CHECKING:
    from writer_app.ui.controllers.manuscripts import Manuscripts

log = logging.getLogger(__name__)


def offer_recovery(files: Manuscripts, window: QWidget) -> int:
    """Ask about every journal left by a crash; the number of documents restored."""
    found, damaged = find_recoverable()
    if not found and not damaged:
        return 0
    if not found:
        tell(
            window,
            QCoreApplication.translate("CrashRecovery", "A damaged autosave was kept aside"),
            "\n".join(shown(item.reason) for item in damaged),
        )
        return 0
    choice = RecoveryDialog.ask(window, found, damaged)
    for rec in choice.discard:
        dismiss(rec)
    restored = 0
    for chosen in choice.restore:
        rec = _restore_target(chosen, window)
        if rec is None:
            continue  # decided later: the journal stays for the next start
        files.show_restored(rec)
        restored += 1
    if restored:
        files.message.emit(
            QCoreApplication.translate(
                "CrashRecovery", "Restored {count} document(s). Save to keep the restored text."
            ).format(count=restored)
        )
    return restored


def _restore_target(rec: Recoverable, window: QWidget) -> Recoverable | None:
    """``rec`` as it goes back: into its file, as an untitled copy when the file is not the
    one its text came from (the writer is asked) or its folder is unknown, or None."""
    if rec.location_unknown:
        log.warning("restoring %r as a copy: its folder was not recorded", rec.recorded_path)
        return rec.as_copy()
    if not rec.file_replaced:
        return rec
    target = ask_restore_target(window, rec)
    if target is RestoreTarget.FILE:
        return rec
    return rec.as_copy() if target is RestoreTarget.COPY else None
