"""The panel's "My voice" box: which of the writer's voices the model drafts with in this
novel (none, or one trained for the loaded model) and how strongly, with a button that opens
Novel ▸ Train My Voice…."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.voices.library import VoiceRecord
from writer_app.ui.numbers import percent

STRENGTH_SETTLE_MS = 300  # the strength is applied once the slider rests


class VoiceBox(QGroupBox):
    voiceChosen = Signal(object, float)  # the adapter's Path (None: no voice), its strength
    trainRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("My voice"), parent)
        self.setObjectName("voiceBox")
        self.combo = QComboBox()
        self.combo.setObjectName("voiceCombo")
        self.combo.setAccessibleName(self.tr("Voice"))
        self.combo.setToolTip(
            self.tr(
                "Draft in a voice learned from your own pages (Novel ▸ Train My Voice…); "
                "each novel keeps its own choice."
            )
        )
        self.strength = QSlider(Qt.Orientation.Horizontal)
        self.strength.setObjectName("voiceStrengthSlider")
        self.strength.setAccessibleName(self.tr("Voice strength"))
        self.strength.setRange(0, 100)
        self.strength.setValue(100)
        self.strength.setToolTip(self.tr("How strongly the voice colours the suggestions."))
        self.strength_label = QLabel(percent(1.0))
        self.strength_label.setObjectName("voiceStrengthLabel")
        self.train = QPushButton(self.tr("Train…"))
        self.train.setObjectName("trainVoiceButton")
        self.train.setToolTip(self.tr("Train a voice on this novel's chapters"))
        self.train.clicked.connect(self.trainRequested)
        row = QHBoxLayout()
        row.addWidget(self.combo, 1)
        row.addWidget(self.train)
        strength_row = QHBoxLayout()
        strength_row.addWidget(QLabel(self.tr("Strength")))
        strength_row.addWidget(self.strength, 1)
        strength_row.addWidget(self.strength_label)
        column = QVBoxLayout(self)
        column.addLayout(row)
        column.addLayout(strength_row)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(STRENGTH_SETTLE_MS)
        self._settle.timeout.connect(self._emit)
        self.combo.currentIndexChanged.connect(self._on_choice)
        self.strength.valueChanged.connect(self._on_strength)
        self.set_voices([], None, 1.0)

    def set_voices(self, voices: list[VoiceRecord], chosen: Path | None, strength: float) -> None:
        """Offer ``voices`` with ``chosen`` selected (quietly: nothing is emitted)."""
        self.combo.blockSignals(True)
        self.strength.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(self.tr("None"), None)
        for record in voices:
            self.combo.addItem(record.name, str(record.path))
            if record.ratio is not None:
                self.combo.setItemData(
                    self.combo.count() - 1,
                    self.tr("Your held-out pages became {ratio} as surprising to the model").format(
                        ratio=percent(record.ratio)
                    ),
                    Qt.ItemDataRole.ToolTipRole,
                )
        found = self.combo.findData(str(chosen)) if chosen is not None else 0
        self.combo.setCurrentIndex(max(0, found))
        self.strength.setValue(round(strength * 100))
        self.strength_label.setText(percent(strength))
        self.combo.blockSignals(False)
        self.strength.blockSignals(False)
        self._update_enabled()

    def chosen(self) -> tuple[Path | None, float]:
        data = self.combo.currentData()
        return (Path(data) if data else None), self.strength.value() / 100

    def _on_choice(self, _index: int) -> None:
        self._update_enabled()
        self._emit()

    def _on_strength(self, value: int) -> None:
        self.strength_label.setText(percent(value / 100))
        self._settle.start()

    def _emit(self) -> None:
        self._settle.stop()
        self.voiceChosen.emit(*self.chosen())

    def _update_enabled(self) -> None:
        self.strength.setEnabled(self.combo.currentData() is not None)
