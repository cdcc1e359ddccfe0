"""The first start: what the keys do, and a way to start drafting at once."""

from __future__ import annotations

import enum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget


class FirstStep(enum.Enum):
    DEMO = "demo"  # the small demo model and a sample chapter
    DEMO_ZH = "demo zh"  # the Chinese demo (Gemma 3 270M) and a Chinese sample chapter
    OPEN_MODEL = "models"  # the Models window: download one, or import a file they have
    JUST_WRITE = "just write"


# English, marked for pyside6-lupdate; translated when the dialog shows it.
WELCOME = QT_TRANSLATE_NOOP(
    "WelcomeDialog",
    """<h2>Welcome to writer-app</h2>
<p>Write as you always do. When you want a suggestion, press <b>Ctrl+Return</b>: a model running
on this computer continues your text in grey, right at the cursor.</p>
<table cellspacing="6">
<tr><td><b>Tab</b></td><td>keep the whole suggestion</td></tr>
<tr><td><b>Ctrl+Right</b></td><td>keep just the next word</td></tr>
<tr><td><b>Esc</b></td><td>drop it (or simply keep typing)</td></tr>
<tr><td><b>Ctrl+Z</b></td><td>take back a suggestion you kept</td></tr>
</table>
<p>Nothing you write leaves this computer. Your text is saved to a safety journal as you type,
so even a crash loses at most a second or two.</p>
<p>To begin, try the small demo model with a sample chapter (a 98 MB download the first time),
or choose a model: download a stronger one, or import a GGUF file you already have.</p>""",
)


class WelcomeDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeDialog")
        self.setWindowTitle(self.tr("Welcome"))
        self.choice = FirstStep.JUST_WRITE
        text = QLabel(QCoreApplication.translate("WelcomeDialog", WELCOME))
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        buttons = QDialogButtonBox()
        demo = QPushButton(self.tr("Try the Demo"))
        demo.setObjectName("welcomeDemoButton")
        chinese = QPushButton(self.tr("Chinese Demo"))
        chinese.setObjectName("welcomeChineseDemoButton")
        chinese.setToolTip(
            self.tr("Gemma 3 270M, which writes Chinese, with a Chinese sample chapter (253 MB)")
        )
        own = QPushButton(self.tr("Choose a Model…"))
        own.setObjectName("welcomeModelButton")
        write = QPushButton(self.tr("Just Write"))
        write.setObjectName("welcomeWriteButton")
        steps = (
            (demo, FirstStep.DEMO),
            (chinese, FirstStep.DEMO_ZH),
            (own, FirstStep.OPEN_MODEL),
            (write, FirstStep.JUST_WRITE),
        )
        for button, step in steps:
            buttons.addButton(button, QDialogButtonBox.ButtonRole.AcceptRole)
            button.clicked.connect(lambda _=False, s=step: self._choose(s))
        chinese_ui = QLocale().language() == QLocale.Language.Chinese
        (chinese if chinese_ui else demo).setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.resize(520, 420)

    def _choose(self, step: FirstStep) -> None:
        self.choice = step
        self.accept()
