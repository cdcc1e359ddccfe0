"""The Models window: what is on this computer, what the catalog offers, and downloads.

Downloads and imports run on a background thread; progress and results come back as queued
signals, so the window (and the editor behind it) never waits on the network or the disk.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.drafting.engine_defaults import DEFAULT_N_CTX
from writer_app.core.local.gpu_devices import GpuSupport
from writer_app.core.models import demo
from writer_app.core.models.catalog import CatalogEntry, load_catalog
from writer_app.core.models.download_file import DownloadCancelled, DownloadError, DownloadProgress
from writer_app.core.models.hub import download
from writer_app.core.models.library import InstalledModel, Library, LibraryError
from writer_app.core.models.memory_fit import available_ram, check_fit, estimate_memory
from writer_app.core.text import sentence
from writer_app.ui.dialogs.model_settings import MirrorRow, ModelSettingsBox
from writer_app.ui.language import shown
from writer_app.ui.numbers import decimal, whole

_MB = 1024 * 1024


class _Task(QObject):
    """One background job (a download or an import); its signals arrive on the GUI thread."""

    progressed = Signal(str, int)  # text, percent (-1: unknown)
    finished = Signal(object)  # the model's Path
    failed = Signal(str)

    def __init__(self, job: Callable[[threading.Event, Callable], Path]) -> None:
        super().__init__()
        self.cancel = threading.Event()
        self._job = job

    def start(self) -> None:
        threading.Thread(target=self._run, name="model-task", daemon=True).start()

    def _run(self) -> None:
        try:
            path = self._job(self.cancel, self.progressed.emit)
        except (DownloadCancelled, demo.Cancelled):
            self.failed.emit(
                QCoreApplication.translate(
                    "ModelsDialog", "Cancelled. What was downloaded is kept; Download resumes it."
                )
            )
        except (DownloadError, demo.DemoModelError, LibraryError) as error:
            self.failed.emit(shown(error))  # plain text across threads: said here
        else:
            self.finished.emit(path)


def _megabytes(done: int, total: int) -> str:
    """ "12 of 98 MB" """
    return QCoreApplication.translate("ModelsDialog", "{done} of {total} MB").format(
        done=whole(done // _MB), total=whole(total // _MB)
    )


def describe_progress(progress: DownloadProgress) -> tuple[str, int]:
    if progress.phase == "checking":
        return QCoreApplication.translate(
            "ModelsDialog", "Checking what was downloaded before…"
        ), -1
    text = _megabytes(progress.done, progress.total)
    if progress.bytes_per_second:
        text += " · " + QCoreApplication.translate("ModelsDialog", "{speed} MB/s").format(
            speed=decimal(progress.bytes_per_second / _MB, 1)
        )
    if progress.seconds_left is not None:
        minutes, seconds = divmod(int(progress.seconds_left), 60)
        if minutes:
            left = QCoreApplication.translate(
                "ModelsDialog", "{minutes} min {seconds} s left"
            ).format(minutes=minutes, seconds=f"{seconds:02d}")
        else:
            left = QCoreApplication.translate("ModelsDialog", "{seconds} s left").format(
                seconds=seconds
            )
        text += " · " + left
    percent = int(100 * progress.done / progress.total) if progress.total else -1
    return text, percent


class ModelsDialog(QDialog):
    """Choose, download or import a model; ``modelChosen`` carries the file to load."""

    modelChosen = Signal(object)  # Path
    settingsApplied = Signal(object)  # Path whose settings changed (reload it if in use)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        n_ctx: int = DEFAULT_N_CTX,
        gpu_available: bool | None = None,
        gpus: GpuSupport | None = None,
    ) -> None:
        """``gpu_available``: whether this llama.cpp build can offload, as the worker found
        when it loaded a model (None: not known yet, so GPU layers stay editable).  ``gpus``:
        the GPUs the worker found then, with their free memory measured before that model
        loaded (what a model loaded in its place would have); None: not known."""
        super().__init__(parent)
        self.setObjectName("modelsDialog")
        self.setWindowTitle(self.tr("Models"))
        self.library = Library()
        self.catalog = load_catalog()
        self._n_ctx = n_ctx
        self._gpu_available = gpu_available
        self._gpus = gpus
        self._task: _Task | None = None

        self.status = QLabel("")
        self.status.setObjectName("modelsStatus")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("downloadProgress")
        self.progress.setVisible(False)
        columns = QHBoxLayout()
        columns.addLayout(self._installed_column(gpu_available), 1)
        columns.addLayout(self._catalog_column(), 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)

        self.use_button.clicked.connect(self.use_selected)
        self.installed_list.itemDoubleClicked.connect(lambda _item: self.use_selected())
        self.import_button.clicked.connect(self.import_dialog)
        self.download_button.clicked.connect(self.download_selected)
        self.cancel_button.clicked.connect(self.cancel_task)
        self.installed_list.currentItemChanged.connect(lambda *_: self._on_selected())
        self.refresh()
        self.resize(900, 520)

    def _installed_column(self, gpu_available: bool | None) -> QVBoxLayout:
        self.installed_list = QListWidget()
        self.installed_list.setObjectName("installedModels")
        self.installed_list.setAccessibleName(self.tr("Models on this computer"))
        self.use_button = QPushButton(self.tr("Use This Model"))
        self.use_button.setObjectName("useModelButton")
        self.import_button = QPushButton(self.tr("Import a File…"))
        self.import_button.setObjectName("importModelButton")
        self.settings_box = ModelSettingsBox(gpu_available=gpu_available is not False)
        self.settings_box.applied.connect(self._apply_settings)
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("On this computer")))
        left.addWidget(self.installed_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.use_button)
        row.addWidget(self.import_button)
        left.addLayout(row)
        left.addWidget(self.settings_box)
        return left

    def _catalog_column(self) -> QVBoxLayout:
        self.catalog_list = QListWidget()
        self.catalog_list.setObjectName("catalogModels")
        self.catalog_list.setAccessibleName(self.tr("Models to download"))
        self.catalog_list.setWordWrap(True)
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setObjectName("downloadModelButton")
        self.cancel_button = QPushButton(self.tr("Cancel Download"))
        self.cancel_button.setObjectName("cancelDownloadButton")
        self.cancel_button.setEnabled(False)
        self.mirror = MirrorRow()
        self.mirror.message.connect(self.status.setText)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Catalog (downloads only when you ask)")))
        right.addWidget(self.catalog_list, 1)
        row = QHBoxLayout()
        row.addWidget(self.download_button)
        row.addWidget(self.cancel_button)
        right.addLayout(row)
        right.addWidget(self.mirror)
        return right

    # -- lists ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.installed_list.clear()
        models = self.library.installed()
        cached = demo.cached_demo_model()
        if cached is not None and all(m.path.resolve() != cached.resolve() for m in models):
            models.append(self.library.import_file(cached, copy=False))
        for model in models:
            item = QListWidgetItem(self._describe(model))
            item.setData(Qt.ItemDataRole.UserRole, model)
            if not model.usable:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.installed_list.addItem(item)
        self.catalog_list.clear()
        for entry in self.catalog:
            size = (
                self.tr("{size} GB").format(size=decimal(entry.size_bytes / 1e9, 1))
                if entry.size_bytes
                else self.tr("size from the hub")
            )
            text = (
                f"{entry.name} · {entry.params} {entry.quant} · {size} · "
                f"{', '.join(entry.languages)} · {entry.licence}\n{entry.good_for}"
            )
            if not entry.confirmed:
                text += " " + self.tr("(not yet confirmed on the hub)")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, entry)
            self.catalog_list.addItem(item)

    def _describe(self, model: InstalledModel) -> str:
        if not model.usable:
            return self.tr("{name} — cannot be used: {reason}").format(
                name=model.path.name, reason=shown(model.error)
            )
        info = model.info
        assert info is not None
        parts = [model.display_name, info.architecture]
        if info.parameter_label:
            parts.append(self.tr("{count} parameters").format(count=info.parameter_label))
        parts.append(self.tr("{size} GB").format(size=decimal(model.size_bytes / 1e9, 2)))
        context = whole(info.context_length) if info.context_length else "?"
        if model.in_library:
            parts.append(self.tr("context {tokens}").format(tokens=context))
        else:
            parts.append(self.tr("context {tokens} (kept where it is)").format(tokens=context))
        return " · ".join(parts)

    def _selected(self) -> InstalledModel | None:
        item = self.installed_list.currentItem()
        model = item.data(Qt.ItemDataRole.UserRole) if item else None
        return model if model is not None and model.usable else None

    def _on_selected(self) -> None:
        model = self._selected()
        self.settings_box.show_settings(
            self.library.settings_for(model.path) if model is not None else None
        )
        self._explain_fit()

    def _apply_settings(self, settings) -> None:
        model = self._selected()
        if model is None:
            return
        self.library.save_settings(model.path, settings)
        self._explain_fit()
        fit = self.status.text()
        saved = self.tr("Saved for {name}; used whenever it loads.").format(name=model.path.name)
        self.status.setText(f"{saved} {fit}")
        self.settingsApplied.emit(model.path)

    def _explain_fit(self) -> None:
        item = self.installed_list.currentItem()
        model = item.data(Qt.ItemDataRole.UserRole) if item else None
        if model is None or model.info is None:
            return
        settings = self.library.settings_for(model.path)
        layers = 0 if self._gpu_available is False else settings.gpu_layers
        estimate = estimate_memory(model.info, settings.n_ctx, layers)
        vram = self._gpus.free_bytes if self._gpus is not None else None
        verdict = check_fit(estimate, available_ram(), vram)
        self.status.setText(shown(sentence.joined((verdict.message, verdict.suggestion))))

    # -- actions --------------------------------------------------------------------------------

    def use_selected(self) -> None:
        item = self.installed_list.currentItem()
        model = item.data(Qt.ItemDataRole.UserRole) if item else None
        if model is None or not model.usable:
            self.status.setText(self.tr("Choose a model on this computer first."))
            return
        self.library.active_model = model.path
        self.modelChosen.emit(model.path)
        self.accept()

    def import_dialog(self) -> None:
        title = self.tr("Import a model")
        name, _ = QFileDialog.getOpenFileName(self, title, "", self.tr("GGUF models (*.gguf)"))
        if not name:
            return
        ask = QMessageBox(self)
        ask.setWindowTitle(title)
        ask.setText(
            self.tr("Copy {name} into your models folder, or use it where it is?").format(
                name=Path(name).name
            )
        )
        ask.setInformativeText(
            self.tr(
                "A copy keeps working if the original is moved or its drive is unplugged. "
                "Using it where it is saves disk space."
            )
        )
        copy = ask.addButton(self.tr("Copy"), QMessageBox.ButtonRole.AcceptRole)
        ask.addButton(self.tr("Use Where It Is"), QMessageBox.ButtonRole.ActionRole)
        ask.addButton(QMessageBox.StandardButton.Cancel)
        ask.setDefaultButton(copy)
        ask.exec()
        if ask.clickedButton() is None or ask.buttonRole(ask.clickedButton()) not in (
            QMessageBox.ButtonRole.AcceptRole,
            QMessageBox.ButtonRole.ActionRole,
        ):
            return
        self.import_file(Path(name), copy=ask.clickedButton() is copy)

    def import_file(self, path: Path, copy: bool = True) -> None:
        def job(cancel: threading.Event, report: Callable) -> Path:
            def progress(done: int, total: int) -> None:
                copying = QCoreApplication.translate("ModelsDialog", "Copying {name}: {amount}")
                report(copying.format(name=path.name, amount=_megabytes(done, total)),
                       int(100 * done / total) if total else -1)  # fmt: skip

            return self.library.import_file(path, copy, progress=progress, cancel=cancel).path

        self._run(job, self.tr("Importing {name}…").format(name=path.name))

    def download_selected(self) -> None:
        item = self.catalog_list.currentItem()
        entry: CatalogEntry | None = item.data(Qt.ItemDataRole.UserRole) if item else None
        if entry is None:
            self.status.setText(self.tr("Choose a model in the catalog first."))
            return
        self.download(entry)

    def download(self, entry: CatalogEntry) -> None:
        def job(cancel: threading.Event, report: Callable) -> Path:
            if entry.is_demo:
                return demo.ensure_demo_model(
                    cancel=cancel,
                    progress=lambda done, total: report(
                        _megabytes(done, total), int(100 * done / total) if total else -1
                    ),
                )
            hub_file = entry.hub_file
            assert hub_file is not None
            return download(
                hub_file,
                cancel=cancel,
                expected_sha256=entry.sha256,
                progress=lambda p: report(*describe_progress(p)),
            )

        self._run(job, self.tr("Downloading {name}…").format(name=entry.name))

    def cancel_task(self) -> None:
        if self._task is not None:
            self._task.cancel.set()

    def _run(self, job: Callable, message: str) -> None:
        if self._task is not None:
            self.status.setText(self.tr("One download or import at a time: wait, or cancel it."))
            return
        task = _Task(job)
        task.progressed.connect(self._on_progress)
        task.finished.connect(self._on_done)
        task.failed.connect(self._on_failed)
        self._task = task
        self.status.setText(message)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.download_button.setEnabled(False)
        task.start()

    def _on_progress(self, text: str, percent: int) -> None:
        self.status.setText(text)
        if percent < 0:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(percent)

    def _on_done(self, path: Path) -> None:
        self._end_task()
        self.refresh()
        for row in range(self.installed_list.count()):
            model = self.installed_list.item(row).data(Qt.ItemDataRole.UserRole)
            if model.path.resolve() == Path(path).resolve():
                self.installed_list.setCurrentRow(row)  # also says whether it fits in memory
        fit = self.status.text() if self.installed_list.currentItem() else ""
        ready = self.tr("{name} is ready: press Use This Model.").format(name=path.name)
        self.status.setText(f"{ready} {fit}".strip())

    def _on_failed(self, message: str) -> None:
        self._end_task()
        self.status.setText(message)

    def _end_task(self) -> None:
        self._task = None
        self.progress.setVisible(False)
        self.cancel_button.setEnabled(False)
        self.download_button.setEnabled(True)

    def reject(self) -> None:
        self.cancel_task()
        super().reject()
