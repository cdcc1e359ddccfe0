"""Novel ▸ Train My Voice…: choose the text (every chapter of the novel by default, or some,
or files), how much of it to hold out and how long to train, see what that means (words and
字, tokens, time, disk), then follow the run — progress, time left, the loss plot — stop it,
resume it, and use the voice.  The run itself belongs to ``VoiceController``: closing this
dialog leaves it training."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QProcess, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.manuscript.text_file import ManuscriptError, read_manuscript
from writer_app.core.models.gguf import ModelInfo
from writer_app.core.text.sizes import format_size
from writer_app.core.text.wordcount import count_text
from writer_app.core.voices import job as jobs
from writer_app.core.voices import library, tools
from writer_app.ui.controllers.voices import VoiceController, failure_text
from writer_app.ui.dialogs.loss_plot import LossPlot
from writer_app.ui.numbers import decimal, percent, whole

log = logging.getLogger(__name__)

CHECKPOINT_FACTOR = 9  # the checkpoint holds the adapter in f32, Adam's two moments and the best


@dataclass
class TextSource:
    name: str
    read: Callable[[], str]


class TrainVoiceDialog(QDialog):
    def __init__(
        self,
        controller: VoiceController,
        sources: list[TextSource],
        model: ModelInfo | None,
        default_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("trainVoiceDialog")
        self.setWindowTitle(self.tr("Train My Voice"))
        self.controller, self.model = controller, model
        self._texts: dict[int, str] = {}
        self._sources = sources
        self._installer: QProcess | None = None
        self._commands: list[list[str]] = []
        self.pages = QStackedWidget()
        self.pages.addWidget(self._setup_page(default_name))
        self.pages.addWidget(self._progress_page())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.pages, 1)
        column.addWidget(buttons)
        self.resize(560, 520)
        controller.runEvent.connect(self._on_event)
        controller.runChanged.connect(self._show_run)
        self._show_run()
        self._update_summary()

    # -- the setup page ----------------------------------------------------------------------

    def _setup_page(self, default_name: str) -> QWidget:
        page = QWidget()
        form = QFormLayout()
        self.model_label = QLabel(
            self.model.display_name
            if self.model
            else self.tr("Load a model on this computer first: a voice is trained for one model.")
        )
        self.model_label.setWordWrap(True)
        form.addRow(self.tr("Model"), self.model_label)
        self.name_edit = QLineEdit(default_name)
        self.name_edit.setObjectName("voiceNameEdit")
        form.addRow(self.tr("Name"), self.name_edit)
        self.text_list = QListWidget()
        self.text_list.setObjectName("voiceTextList")
        self.text_list.setAccessibleName(self.tr("Text to learn from"))
        for source in self._sources:
            self._add_source(source)
        self.text_list.itemChanged.connect(self._update_summary)
        add = QPushButton(self.tr("Add Files…"))
        add.setObjectName("voiceAddFilesButton")
        add.clicked.connect(self._add_files)
        texts = QVBoxLayout()
        texts.addWidget(self.text_list)
        texts.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow(self.tr("Learn from"), texts)
        self.holdout = QSpinBox()
        self.holdout.setObjectName("voiceHoldoutSpin")
        self.holdout.setRange(
            round(jobs.HOLDOUT_RANGE[0] * 100), round(jobs.HOLDOUT_RANGE[1] * 100)
        )
        self.holdout.setValue(round(jobs.DEFAULT_HOLDOUT * 100))
        self.holdout.setSuffix(self.tr(" % held out"))
        self.holdout.setToolTip(
            self.tr(
                "The end of your text is kept aside and measured, never learned: how well the "
                "voice knows pages it has not seen."
            )
        )
        self.holdout.valueChanged.connect(self._update_summary)
        form.addRow(self.tr("Measure on"), self.holdout)
        self.minutes = QDoubleSpinBox()
        self.minutes.setObjectName("voiceMinutesSpin")
        self.minutes.setDecimals(1)
        self.minutes.setRange(0.5, jobs.MINUTES_RANGE[1])
        self.minutes.setValue(jobs.DEFAULT_MINUTES)
        self.minutes.setSuffix(self.tr(" minutes"))
        self.minutes.valueChanged.connect(self._update_summary)
        form.addRow(self.tr("Train for"), self.minutes)
        self.summary = QLabel()
        self.summary.setObjectName("voiceSummaryLabel")
        self.summary.setWordWrap(True)
        self.tools_label = QLabel()
        self.tools_label.setObjectName("voiceToolsLabel")
        self.tools_label.setWordWrap(True)
        self.install_button = QPushButton(self.tr("Install Training Tools…"))
        self.install_button.setObjectName("voiceInstallButton")
        self.install_button.clicked.connect(self._install_tools)
        self.start_button = QPushButton(self.tr("Start Training"))
        self.start_button.setObjectName("voiceStartButton")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._start)
        row = QHBoxLayout()
        row.addWidget(self.install_button)
        row.addStretch(1)
        row.addWidget(self.start_button)
        column = QVBoxLayout(page)
        column.addLayout(form)
        column.addWidget(self.summary)
        column.addWidget(self.tools_label)
        column.addLayout(row)
        self._check_tools()
        return page

    def _add_source(self, source: TextSource) -> None:
        item = QListWidgetItem(source.name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        item.setData(Qt.ItemDataRole.UserRole, len(self._texts))
        try:
            self._texts[len(self._texts)] = source.read()
        except (ManuscriptError, OSError) as error:
            log.warning("cannot read %s to train a voice: %s", source.name, error)
            return
        self.text_list.addItem(item)

    def _add_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add Text to Learn From"), "", self.tr("Text (*.txt *.md);;All files (*)")
        )
        for name in paths:
            path = Path(name)
            try:
                text = read_manuscript(path).text
            except ManuscriptError as error:
                self.controller.message.emit(str(error.reason))
                continue
            self.add_text(path.name, text)

    def add_text(self, name: str, text: str) -> None:
        self.text_list.blockSignals(True)
        self._add_source(TextSource(name, lambda: text))
        self.text_list.blockSignals(False)
        self._update_summary()

    def chosen_texts(self) -> list[tuple[str, str]]:
        chosen = []
        for row in range(self.text_list.count()):
            item = self.text_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                chosen.append((item.text(), self._texts[item.data(Qt.ItemDataRole.UserRole)]))
        return chosen

    def _speed(self) -> float:
        """Training tokens per second here: this model's last run, or the measured guess."""
        measured = None
        if self.model is not None:
            for record in self.controller.voices:
                settings = record.settings
                same = settings.get("modules", list(jobs.ALL_MODULES)) == list(jobs.DEFAULT_MODULES)
                if same and record.base_file == self.model.path.name and settings.get("seconds"):
                    measured = float(settings.get("tokens", 0)) / float(settings["seconds"])
                    break
        parameters = self.model.parameter_count if self.model is not None else None
        return jobs.tokens_per_second(os.cpu_count() or 1, parameters, measured)

    def _update_summary(self, *_args) -> None:
        texts = [text for _name, text in self.chosen_texts()]
        joined = jobs.joined_text(texts) if texts else ""
        count = count_text(joined)
        tokens = jobs.estimated_tokens(joined)
        learned = tokens * (1 - self.holdout.value() / 100)
        seconds = self.minutes.value() * 60
        passes = seconds * self._speed() / learned if learned else 0.0
        words = (
            self.tr("{words} words and {han} 字").format(
                words=whole(count.words), han=whole(count.han)
            )
            if count.han and count.words
            else (
                self.tr("{han} 字").format(han=whole(count.han))
                if count.han
                else self.tr("{words} words").format(words=whole(count.words))
            )
        )
        size = 0
        if self.model is not None:
            size = jobs.adapter_bytes(self.model.metadata, jobs.DEFAULT_MODULES)
        self.summary.setText(
            self.tr(
                "{words}, about {tokens} tokens. Training for {minutes} minutes goes over the "
                "text about {passes} times on this computer (loading the model and measuring "
                "add a minute or two). Disk: about {size} for the voice, {work} while training."
            ).format(
                words=words,
                tokens=whole(tokens),
                minutes=decimal(self.minutes.value(), 1),
                passes=decimal(passes, 1),
                size=format_size(size),
                work=format_size(size * CHECKPOINT_FACTOR),
            )
        )
        self._update_start()

    def _update_start(self) -> None:
        ready = self.model is not None and not tools.missing() and bool(self.chosen_texts())
        self.start_button.setEnabled(ready and not self.controller.running())

    # -- the training tools ------------------------------------------------------------------

    def _check_tools(self) -> None:
        absent = tools.missing()
        self.install_button.setVisible(bool(absent) and tools.can_install())
        if not absent:
            self.tools_label.setText("")
        elif tools.can_install():
            self.tools_label.setText(
                self.tr(
                    "Training needs PyTorch and a few smaller libraries, not installed yet: "
                    "about {download} to download once, {disk} on disk. Nothing of your text "
                    "leaves this computer; the download is the only time training goes online."
                ).format(
                    download=format_size(tools.DOWNLOAD_BYTES),
                    disk=format_size(tools.INSTALLED_BYTES),
                )
            )
        else:
            self.tools_label.setText(
                self.tr(
                    "This installation cannot train voices: the training tools (PyTorch, "
                    "about {disk}) come with the Python installation of writer-app (see its "
                    "guide, “My voice”). Voices trained there work here."
                ).format(disk=format_size(tools.INSTALLED_BYTES))
            )

    def _install_tools(self) -> None:
        self._commands = tools.install_commands()
        self.install_button.setEnabled(False)
        self.tools_label.setText(self.tr("Installing the training tools…"))
        self._next_command()

    def _next_command(self) -> None:
        if not self._commands:
            self._installer = None
            self.install_button.setEnabled(True)
            self._check_tools()
            self._update_start()
            if not tools.missing():
                self.tools_label.setText(self.tr("The training tools are installed."))
            return
        command = self._commands.pop(0)
        log.info("installing the training tools: %s", " ".join(command))
        process = QProcess(self)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        process.readyReadStandardOutput.connect(lambda: self._installer_output(process))
        process.finished.connect(lambda code, _status: self._command_finished(code))
        self._installer = process
        process.start(command[0], command[1:])

    def _installer_output(self, process: QProcess) -> None:
        lines = bytes(process.readAllStandardOutput().data()).decode("utf-8", "replace")
        last = [line for line in lines.splitlines() if line.strip()]
        if last:
            log.info("pip: %s", last[-1])
            self.tools_label.setText(
                self.tr("Installing the training tools…") + "\n" + last[-1][:200]
            )

    def _command_finished(self, code: int) -> None:
        if code != 0:
            self._commands = []
            self._installer = None
            self.install_button.setEnabled(True)
            self.tools_label.setText(
                self.tr(
                    "The training tools could not be installed (see the log: Help ▸ Show Log "
                    "Folder)."
                )
            )
            return
        self._next_command()

    # -- starting ----------------------------------------------------------------------------

    def _start(self) -> None:
        if self.model is None:
            return
        name = self.name_edit.text().strip() or self.tr("My voice")
        out = library.free_adapter_path(jobs.voice_file_stem(name))
        settings = {
            "holdout": self.holdout.value() / 100,
            "minutes": self.minutes.value(),
            "name": name,
            **self.job_overrides,
        }
        job = jobs.TrainingJob(model=str(self.model.path), out=str(out), texts=[], **settings)
        try:
            self.controller.start(job, self.chosen_texts())
        except OSError as error:
            self.controller.message.emit(
                self.tr("The training could not be started: {reason}").format(
                    reason=error.strerror or error
                )
            )

    job_overrides: dict = {}  # tests: a shorter sequence

    # -- the progress page -------------------------------------------------------------------

    def _progress_page(self) -> QWidget:
        page = QWidget()
        self.progress_label = QLabel()
        self.progress_label.setObjectName("voiceProgressLabel")
        self.progress_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("voiceProgressBar")
        self.progress.setRange(0, 1000)
        self.plot = LossPlot()
        self.result_label = QLabel()
        self.result_label.setObjectName("voiceResultLabel")
        self.result_label.setWordWrap(True)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setObjectName("voiceStopButton")
        self.stop_button.setToolTip(
            self.tr("Stop after this step; the training so far is kept and can be resumed.")
        )
        self.stop_button.clicked.connect(self._stop)
        self.resume_button = QPushButton(self.tr("Resume"))
        self.resume_button.setObjectName("voiceResumeButton")
        self.resume_button.clicked.connect(self.controller.resume)
        self.discard_button = QPushButton(self.tr("Discard"))
        self.discard_button.setObjectName("voiceDiscardButton")
        self.discard_button.setToolTip(self.tr("Forget this training and start another"))
        self.discard_button.clicked.connect(self._discard)
        self.use_button = QPushButton(self.tr("Use for This Novel"))
        self.use_button.setObjectName("voiceUseButton")
        self.use_button.clicked.connect(self._use)
        self.new_button = QPushButton(self.tr("Train Another…"))
        self.new_button.setObjectName("voiceNewButton")
        self.new_button.clicked.connect(self._discard)
        row = QHBoxLayout()
        for button in (self.stop_button, self.resume_button, self.discard_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.new_button)
        row.addWidget(self.use_button)
        column = QVBoxLayout(page)
        column.addWidget(self.progress_label)
        column.addWidget(self.progress)
        column.addWidget(self.plot, 1)
        column.addWidget(self.result_label)
        column.addLayout(row)
        return page

    def _show_run(self) -> None:
        controller = self.controller
        if controller.run is None:
            self.pages.setCurrentIndex(0)
            self._update_start()
            return
        self.pages.setCurrentIndex(1)
        self.plot.set_points([], [])
        self.result_label.setText("")
        self.progress_label.setText(self.tr("Starting…"))
        for event in controller.events:
            self._on_event(event)
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.controller.running()
        last = self.controller.events[-1] if self.controller.events else None
        done = last is not None and last.kind == jobs.DONE
        self.stop_button.setVisible(running)
        self.stop_button.setEnabled(running and not self._stopping())
        resumable = not running and not done and self.controller.run is not None
        self.resume_button.setVisible(resumable and self.controller.run.has_checkpoint())
        self.discard_button.setVisible(resumable)
        self.use_button.setVisible(done)
        self.new_button.setVisible(done)

    def _stopping(self) -> bool:
        run = self.controller.run
        return run is not None and run.stop_requested()

    def _stop(self) -> None:
        self.controller.stop()
        self.progress_label.setText(self.tr("Stopping after this step…"))
        self._update_buttons()

    def _discard(self) -> None:
        self.controller.discard()

    def _use(self) -> None:
        record = self.controller.last_voice()
        if record is not None:
            self.controller.use(record)
            self.controller.message.emit(
                self.tr("This novel is now drafted in the voice “{name}”.").format(name=record.name)
            )
            self.accept()

    def _on_event(self, event: jobs.TrainingEvent) -> None:
        kind, get = event.kind, event.get
        if kind == jobs.LOADING:
            self.progress_label.setText(self.tr("Loading the model for training…"))
        elif kind == jobs.READY:
            self.plot.set_points(
                [tuple(p) for p in get("losses", [])], [tuple(p) for p in get("evaluations", [])]
            )
            self.progress_label.setText(
                self.tr("Learning from {tokens} tokens, {held} held out to measure…").format(
                    tokens=whole(get("train_tokens")), held=whole(get("held_tokens"))
                )
            )
        elif kind == jobs.STEP:
            self.plot.add_training(get("step"), get("loss"))
            self.progress.setValue(round(get("fraction") * 1000))
            if not self._stopping():
                self.progress_label.setText(
                    self.tr("Step {step} · {fraction} · about {minutes} min left").format(
                        step=whole(get("step")),
                        fraction=percent(get("fraction")),
                        minutes=decimal(get("remaining") / 60, 1),
                    )
                )
        elif kind == jobs.EVAL:
            self.plot.add_held_out(get("step"), get("loss"))
        elif kind == jobs.DONE:
            self.progress.setValue(1000)
            self.progress_label.setText(
                self.tr(
                    "Done early: the held-out pages had stopped improving, so more training "
                    "would only have learned your pages by heart."
                )
                if get("early")
                else self.tr("Done.")
            )
            self.result_label.setText(
                self.tr(
                    "Your voice is ready. On the held-out pages the model's perplexity went from "
                    "{before} to {after} ({ratio} of what it was: lower is closer to your writing)."
                ).format(
                    before=decimal(get("perplexity_before"), 1),
                    after=decimal(get("perplexity_after"), 1),
                    ratio=percent(get("ratio")),
                )
            )
        elif kind == jobs.STOPPED:
            self.progress_label.setText(
                self.tr("Stopped at step {step}; Resume goes on from there.").format(
                    step=whole(get("step"))
                )
            )
        elif kind == jobs.FAILED:
            self.progress_label.setText(failure_text(event))
        self._update_buttons()

    def done(self, result: int) -> None:  # noqa: D102 (Qt override)
        try:
            self.controller.runEvent.disconnect(self._on_event)
            self.controller.runChanged.disconnect(self._show_run)
        except (RuntimeError, TypeError):
            pass
        super().done(result)
