"""The parts of the Models window that change how models load and where they come from:
one model's own settings (context, GPU layers, threads) and the download mirror."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from writer_app.core.models import mirror
from writer_app.core.models.library import ModelSettings
from writer_app.ui.language import shown
from writer_app.ui.numbers import whole

CONTEXT_SIZES = (1024, 2048, 4096, 8192, 16384, 32768)


class ModelSettingsBox(QGroupBox):
    """Context size, GPU layers and threads for the selected model; remembered per model."""

    applied = Signal(object)  # ModelSettings

    def __init__(self, parent: QWidget | None = None, *, gpu_available: bool = False) -> None:
        # tr() is not there before the base class is set up: translate names the context.
        title = QCoreApplication.translate("ModelSettingsBox", "Settings for this model")
        super().__init__(title, parent)
        self.setObjectName("modelSettingsBox")
        form = QFormLayout(self)
        self.context_combo = QComboBox()
        self.context_combo.setObjectName("contextSizeCombo")
        self.context_combo.setToolTip(
            self.tr("How much text the model sees at once. Larger needs more memory.")
        )
        for size in CONTEXT_SIZES:
            self.context_combo.addItem(self._tokens(size), size)
        self.gpu_spin = QSpinBox()
        self.gpu_spin.setObjectName("modelGpuLayersSpin")
        self.gpu_spin.setRange(-1, 999)
        self.gpu_spin.setSpecialValueText(self.tr("all"))
        self.gpu_spin.setEnabled(gpu_available)
        if not gpu_available:
            self.gpu_spin.setToolTip(self.tr("This build of llama.cpp runs on the CPU only."))
        self.threads_spin = QSpinBox()
        self.threads_spin.setObjectName("threadsSpin")
        self.threads_spin.setRange(0, 256)
        self.threads_spin.setSpecialValueText(self.tr("automatic"))
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.setObjectName("applyModelSettingsButton")
        self.apply_button.clicked.connect(lambda: self.applied.emit(self.settings()))
        form.addRow(self.tr("Context"), self.context_combo)
        form.addRow(self.tr("GPU layers"), self.gpu_spin)
        form.addRow(self.tr("Threads"), self.threads_spin)
        form.addRow("", self.apply_button)
        self.setEnabled(False)

    def _tokens(self, size: int) -> str:
        return self.tr("{count} tokens").format(count=whole(size))

    def show_settings(self, settings: ModelSettings | None) -> None:
        self.setEnabled(settings is not None)
        settings = settings or ModelSettings()
        index = self.context_combo.findData(settings.n_ctx)
        if index < 0:
            self.context_combo.addItem(self._tokens(settings.n_ctx), settings.n_ctx)
            index = self.context_combo.count() - 1
        self.context_combo.setCurrentIndex(index)
        self.gpu_spin.setValue(settings.gpu_layers)
        self.threads_spin.setValue(settings.threads or 0)

    def settings(self) -> ModelSettings:
        return ModelSettings(
            n_ctx=int(self.context_combo.currentData()),
            gpu_layers=self.gpu_spin.value(),
            threads=self.threads_spin.value() or None,
        )


class MirrorRow(QWidget):
    """Where downloads come from: Hugging Face, or a mirror the writer names."""

    message = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Download from")))
        self.edit = QLineEdit(mirror.saved_endpoint() or "")
        self.edit.setObjectName("mirrorEdit")
        self.edit.setPlaceholderText(
            self.tr("{address} (or a mirror, e.g. hf-mirror.com)").format(
                address=mirror.DEFAULT_ENDPOINT
            )
        )
        self.edit.setToolTip(
            self.tr(
                "Writers in mainland China can use a Hugging Face mirror. Nothing is downloaded "
                "until you press Download."
            )
        )
        self.edit.editingFinished.connect(self.save)
        row.addWidget(self.edit, 1)

    def save(self) -> bool:
        text = self.edit.text().strip()
        if text and "://" not in text:
            text = f"https://{text}"
        try:
            mirror.save_endpoint(text or None)
        except ValueError as error:
            self.message.emit(shown(error))
            return False
        except OSError as error:
            self.message.emit(
                self.tr("The mirror could not be saved: {reason}.").format(
                    reason=error.strerror or error
                )
            )
            return False
        self.edit.setText(text.rstrip("/"))
        where = text.rstrip("/") or mirror.default_endpoint()
        self.message.emit(self.tr("Downloads will come from {address}.").format(address=where))
        return True
