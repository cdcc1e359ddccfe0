"""Loading a model: which file, with which settings, and what the window says while the worker
checks it, fits it in memory and loads it on its own thread.

The window never loads llama.cpp: it builds an ``EngineConfig`` (no llama.cpp in it) and the
worker loads the engine.  Whether this llama.cpp build can use a GPU is known once the worker
has loaded a local model; until then GPU layers stay editable.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QWidget

from writer_app.core.local.config import EngineConfig
from writer_app.core.local.gpu_devices import GpuSupport
from writer_app.core.models.library import Library
from writer_app.core.settings import AppSettings
from writer_app.ui.controllers.drafting import DraftingController
from writer_app.ui.dialogs.models import ModelsDialog
from writer_app.ui.failures import ask, tell
from writer_app.ui.language import shown
from writer_app.ui.panels.sampling_panel import SamplingPanel
from writer_app.ui.status import NOTE_MS, PROBLEM_MS
from writer_app.ui.worker import GenerationWorker, LoadedModel

log = logging.getLogger(__name__)

DEMO_PLACEHOLDER = Path("demo")  # the worker puts the demo model's real path in its place


class ModelLoader(QObject):
    """Asks the worker for a model and shows how it went (the model label, messages)."""

    loadRequested = Signal(object)  # EngineConfig
    # EngineConfig (its path is replaced by the demo's), the demo's language ("en", "zh")
    loadDemoRequested = Signal(object, str)
    loadAnywayRequested = Signal(object)  # EngineConfig, after a memory warning
    # Re-emitted on the GUI thread once the window has handled them (tests and scripts wait on
    # these rather than on the worker's signals, which fire on the worker thread).
    modelReady = Signal(object)  # LoadedModel
    modelFailed = Signal(str)
    message = Signal(str, int)  # a status-bar sentence, how long it shows (ms)

    def __init__(
        self,
        window: QWidget,
        *,
        worker: GenerationWorker,
        drafting: DraftingController,
        panel: SamplingPanel,
        label: QLabel,
        settings: Callable[[], AppSettings],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._drafting = drafting
        self._panel = panel
        self._label = label
        self._settings = settings
        self.gpu_available: bool | None = None  # known once a local model has loaded
        self.gpus: GpuSupport | None = None  # the backend and GPUs, known then too
        self.loadRequested.connect(worker.load_model)
        self.loadDemoRequested.connect(worker.load_demo_model)
        self.loadAnywayRequested.connect(worker.load_model_anyway)
        worker.modelTooBig.connect(self._on_model_too_big)
        worker.modelLoading.connect(self._on_model_loading)
        worker.modelLoaded.connect(self._on_model_loaded)
        worker.modelFailed.connect(self._on_model_failed)
        worker.downloadProgress.connect(self._on_download_progress)
        # A method, not a lambda: a lambda would run in the worker's thread.
        worker.settingsMeasured.connect(self._on_settings_measured)
        panel.gpuLayersChanged.connect(self._on_gpu_layers_changed)
        last = self.last_model()
        layers = Library().settings_for(last).gpu_layers if last is not None else 0
        panel.set_gpu_layers(layers, available=None, layer_count=None)
        self._closed = False

    @property
    def model(self) -> LoadedModel | None:
        return self._drafting.model

    def last_model(self) -> Path | None:
        """The model used last, if its file is still there (the library keeps which one)."""
        last = Library().active_model
        if last is None and self._settings().previous_model:
            last = Path(self._settings().previous_model)  # from before the library kept it
        return last if last is not None and last.is_file() else None

    def close(self) -> None:
        """The window is shutting down: reports still queued from the worker are ignored."""
        self._closed = True

    # -- asking for a model ------------------------------------------------------------------

    def load_model(self, path: Path) -> None:
        self._drafting.cancel()
        self._drafting.loading = True
        self.loadRequested.emit(self._engine_config(path))

    def load_demo_model(self, language: str = "en") -> None:
        """The demo for ``language``: SmolLM2 for English, Gemma 3 for Chinese."""
        self._drafting.cancel()
        self._drafting.loading = True
        self.loadDemoRequested.emit(self._engine_config(DEMO_PLACEHOLDER), language)

    def open_model_dialog(self) -> None:
        title, kinds = self.tr("Open a model"), self.tr("GGUF models (*.gguf)")
        name, _ = QFileDialog.getOpenFileName(self._window, title, "", kinds)
        if name:
            self.load_model(Path(name))

    def show_models(self) -> ModelsDialog:
        """The model library; choosing a model there loads it here."""
        dialog = ModelsDialog(
            self._window,
            n_ctx=self._settings().n_ctx,
            gpu_available=self.gpu_available,
            gpus=self.gpus,
        )
        dialog.modelChosen.connect(self.load_model)
        dialog.settingsApplied.connect(self._on_model_settings_applied)
        dialog.open()
        return dialog

    def _engine_config(self, path: Path) -> EngineConfig:
        """How to load ``path``: its own remembered settings (context, GPU layers, threads)."""
        saved = Library().settings_for(path)
        return EngineConfig(
            model_path=path,
            n_ctx=saved.n_ctx,
            n_gpu_layers=saved.gpu_layers,
            n_threads=saved.threads,
            saved_state_mb=self._settings().saved_state_mb,
        )

    def _on_model_settings_applied(self, path: Path) -> None:
        model = self.model
        if model is not None and Path(model.path).resolve() == path.resolve():
            self.load_model(path)  # the model in use: load it again with its new settings

    def _on_gpu_layers_changed(self, layers: int) -> None:
        """GPU layers are remembered per model; a change reloads the model."""
        model = self.model
        if model is None or model.remote or layers == model.gpu_layers:
            return
        library = Library()
        path = Path(model.path)
        library.save_settings(path, replace(library.settings_for(path), gpu_layers=layers))
        self.load_model(path)

    # -- what the worker says ----------------------------------------------------------------

    def _on_model_loading(self, name: str) -> None:
        self._drafting.model_loading()
        self._label.setText(self.tr("Loading {name}…").format(name=name))

    def _on_settings_measured(self, _measured, sentence: str) -> None:
        self.message.emit(sentence, NOTE_MS)

    def _on_model_loaded(self, model: LoadedModel) -> None:
        if self._closed:  # it arrived after the window shut down
            return
        if model.note:
            note = shown(model.note).rstrip(".")
            self.message.emit(note if note.endswith("。") else note + ".", NOTE_MS)
        if model.remote:
            self._label.setText(f"{model.name} · {shown(model.where)}")
            self._label.setToolTip(
                self.tr("Drafting {where}: the text goes there.").format(where=shown(model.where))
            )
        else:
            where = self.tr("CPU") if model.gpu_layers == 0 else self.tr("GPU")
            self._label.setText(
                self.tr("{name} · ready · {where}").format(name=model.name, where=where)
            )
            self._label.setToolTip(self.tr("{path} · on this computer").format(path=model.path))
            Library().active_model = Path(model.path)
            self.gpu_available = model.gpu_available
            self.gpus = model.gpus
            self._panel.set_gpu_layers(
                model.gpu_layers, available=model.gpu_available, layer_count=None, gpus=model.gpus
            )
        self._drafting.model_ready(model)
        self.modelReady.emit(model)

    def _on_model_too_big(self, config: EngineConfig, message: str) -> None:
        answer = ask(
            self._window,
            self.tr("This model may not fit in memory"),
            message
            + "\n\n"
            + self.tr(
                "Load it anyway? If memory runs out the system may close the app; "
                "your words are kept and offered back when it starts again."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.loadAnywayRequested.emit(config)
            return
        self._no_model()
        self.message.emit(
            self.tr("{name} was not loaded: {reason}").format(
                name=config.model_path.name, reason=message
            ),
            PROBLEM_MS,
        )
        self.modelFailed.emit(message)

    def _on_model_failed(self, message: str) -> None:
        self._no_model()
        self.message.emit(message, PROBLEM_MS)
        tell(
            self._window,
            self.tr("The model could not be loaded"),
            message + "\n\n" + self.tr("The editor keeps working, and your text is safe."),
        )
        self.modelFailed.emit(message)

    def _no_model(self) -> None:
        self._drafting.model_gone()
        self._label.setText(self.tr("No model"))

    def _on_download_progress(self, done: int, total: int) -> None:
        mb = 1024 * 1024
        self._label.setText(
            self.tr("Downloading demo model: {done} of {total} MB").format(
                done=done // mb, total=max(total, done) // mb
            )
        )
