"""Help ▸ User Guide: the README, shown in the app (it works offline, as the app does)."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from writer_app.core.storage.paths import readme_path

log = logging.getLogger(__name__)


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle(self.tr("writer-app User Guide"))
        self.resize(820, 680)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideText")
        self.browser.setOpenExternalLinks(False)  # offline: an address is shown, never fetched
        self.browser.setOpenLinks(True)
        path = readme_path()
        self.browser.setSearchPaths([str(path.parent)])
        try:
            self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        except OSError as error:
            log.warning("could not read the guide at %s: %s", path, error)
            self.browser.setPlainText(
                self.tr("The guide could not be read ({reason}). It is the file {path}.").format(
                    reason=error.strerror or error, path=path
                )
            )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
