"""My voice in the window: which voice the model drafts with (per novel, with its strength),
the status bar saying so, and the training runs Novel ▸ Train My Voice… starts.

A run is a process of its own, started detached (``core.voices.training``), so the editor
stays free and a run may finish after the window closed; it is followed through its events
file, polled here, and stopped through its stop file (``core.voices.job``).  At start the
runs folder is looked at: a run still at work is followed again, a finished one tidied away,
a stopped one left to be resumed.
"""

from __future__ import annotations

import logging
import shutil
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QProcess, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from writer_app.core.manuscript.project import ProjectError
from writer_app.core.voices import job as jobs
from writer_app.core.voices import library
from writer_app.core.voices.library import VoiceRecord
from writer_app.ui.language import shown
from writer_app.ui.numbers import percent

if TYPE_CHECKING:
    from writer_app.ui.controllers.manuscripts import Manuscripts
    from writer_app.ui.panels.voice_box import VoiceBox
    from writer_app.ui.worker import GenerationWorker, LoadedModel

log = logging.getLogger(__name__)

POLL_MS = 500
STARTUP_SECONDS = 120.0  # a trainer that has not written its pid by then did not start


class VoiceController(QObject):
    message = Signal(str)
    listRequested = Signal()
    voiceRequested = Signal(object, float)  # to the worker: adapter path (None: off), strength
    runEvent = Signal(object)  # core.voices.job.TrainingEvent of the run followed
    runChanged = Signal()  # a run started, ended or was found
    voicesChanged = Signal()

    def __init__(
        self,
        parent: QWidget,
        *,
        worker: GenerationWorker,
        files: Manuscripts,
        box: VoiceBox,
        status_label: QLabel,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self.files, self.box, self.label = files, box, status_label
        self.model: LoadedModel | None = None
        self.voices: list[VoiceRecord] = []
        self.on: tuple[str, float] = ("", 0.0)  # the voice on the model now: path, strength
        self._session_choice: tuple[str, float] = ("", 1.0)  # without a novel
        self.run: jobs.RunFolder | None = None
        self._reader: jobs.EventReader | None = None
        self.events: list[jobs.TrainingEvent] = []
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._read_events)
        self.listRequested.connect(worker.list_voices)
        self.voiceRequested.connect(worker.set_voice)
        worker.voicesListed.connect(self._on_listed)
        worker.voiceSet.connect(self._on_set)
        worker.voiceFailed.connect(self.message)
        box.voiceChosen.connect(self._on_chosen)
        self.runEvent.connect(lambda _event: self._show_on())
        self.runChanged.connect(self._show_on)
        files.projectChanged.connect(self._apply_novel_choice)
        self.label.setVisible(False)
        self.box.setEnabled(False)
        self.find_runs()

    # -- the voice on the model --------------------------------------------------------------

    def model_ready(self, model: LoadedModel) -> None:
        self.model = model
        self.on = ("", 0.0)
        self._show_on()
        if model.remote:
            self.box.setEnabled(False)
            self.box.setToolTip(self.tr("A voice works only with a model on this computer."))
            return
        self.box.setToolTip("")
        self.listRequested.emit()

    def refresh(self) -> None:
        if self.model is not None and not self.model.remote:
            self.listRequested.emit()

    def _on_listed(self, model_path: str, voices: list[VoiceRecord]) -> None:
        if self.model is None or model_path != self.model.path:
            return  # an answer for a model that has gone since
        self.voices = voices
        self.box.setEnabled(True)
        self.voicesChanged.emit()
        self._apply_novel_choice()

    def _choice(self) -> tuple[str, float]:
        project = self.files.project
        return project.voice if project is not None else self._session_choice

    def _apply_novel_choice(self) -> None:
        """Show the novel's voice and put it on the model (none if it is not for this one)."""
        if self.model is None or self.model.remote:
            return
        name, strength = self._choice()
        record = next((r for r in self.voices if r.path.name == name), None) if name else None
        self.box.set_voices(self.voices, record.path if record else None, strength)
        wanted = (str(record.path), strength) if record else ("", 0.0)
        if wanted != self.on:
            self.voiceRequested.emit(record.path if record else None, strength)

    def _on_chosen(self, path: Path | None, strength: float) -> None:
        choice = (path.name if path else "", strength)
        project = self.files.project
        if project is not None:
            try:
                project.voice = choice
            except ProjectError as error:
                self.message.emit(str(error))
        else:
            self._session_choice = choice
        self.voiceRequested.emit(path, strength)

    def _on_set(self, path: str, strength: float) -> None:
        self.on = (path, strength if path else 0.0)
        self._show_on()

    def _show_on(self) -> None:
        """The status bar: the voice on, or, while one trains, how far it has gone."""
        path, strength = self.on
        if self.running():
            steps = [e for e in self.events if e.kind == jobs.STEP]
            done = percent(steps[-1].get("fraction", 0.0)) if steps else "…"
            self.label.setText(self.tr("Training your voice: {done}").format(done=done))
            self.label.setToolTip(self.tr("Novel ▸ Train My Voice… shows its progress"))
            self.label.setVisible(True)
            return
        record = next((r for r in self.voices if str(r.path) == path), None)
        name = record.name if record else Path(path).stem
        self.label.setText(
            self.tr("Voice: {name} · {strength}").format(name=name, strength=percent(strength))
        )
        self.label.setToolTip(
            self.tr("Suggestions are drafted in your voice (My voice, in the panel)")
        )
        self.label.setVisible(bool(path))

    @property
    def voice_on(self) -> bool:
        return bool(self.on[0])

    # -- training runs -----------------------------------------------------------------------

    def find_runs(self) -> None:
        """Follow a run still at work; tidy finished ones; keep stopped ones to resume."""
        try:
            folders = sorted(p for p in library.training_dir().iterdir() if p.is_dir())
        except OSError:
            return
        for folder in folders:
            run = jobs.RunFolder(folder)
            last = run.last_event()
            if run.running():
                self._follow(run)
            elif last is not None and last.kind == jobs.DONE:
                shutil.rmtree(folder, ignore_errors=True)
            elif run.has_checkpoint() or (last is not None and last.kind == jobs.FAILED):
                if self.run is None:
                    self._follow(run)

    def start(self, job: jobs.TrainingJob, texts: list[tuple[str, str]]) -> jobs.RunFolder:
        """A new run of ``job`` on ``texts`` (name, text), copied into its folder first.
        OSError when the folder cannot be written."""
        folder = jobs.RunFolder(library.training_dir() / Path(job.out).stem)
        shutil.rmtree(folder.folder, ignore_errors=True)
        job.texts = [folder.add_text(i, name, text) for i, (name, text) in enumerate(texts, 1)]
        folder.write_job(job)
        self._starting, self._started_at = True, time.monotonic()
        self._follow(folder)
        self._launch(resume=False)
        return folder

    def resume(self) -> None:
        if self.run is not None and not self.running():
            self.run.clear_stop()
            self._launch(resume=True)

    def stop(self) -> None:
        if self.run is not None:
            self.run.request_stop()

    def discard(self) -> None:
        """Forget a stopped or failed run (its checkpoint deleted)."""
        if self.run is not None and not self.running():
            shutil.rmtree(self.run.folder, ignore_errors=True)
            self.run, self._reader, self.events = None, None, []
            self._poll.stop()
            self.runChanged.emit()

    def running(self) -> bool:
        if self.run is None:
            return False
        if self._starting:
            return True
        # From the events already read (not the file again: this is asked on every poll).
        last = self.events[-1] if self.events else None
        return (last is None or last.kind not in jobs.FINAL_EVENTS) and self.run.trainer_alive()

    _starting = False
    _started_at = 0.0

    def _follow(self, run: jobs.RunFolder) -> None:
        self.run = run
        self._reader = jobs.EventReader(run.events_path)
        self.events = []
        self._read_events()
        self._poll.start()
        self.runChanged.emit()

    def _launch(self, resume: bool) -> None:
        assert self.run is not None
        self.run.clear_pid()  # an ended trainer's pid must not stand for the new one
        self._starting = True  # until the trainer's first event (the last one may be the
        self._started_at = time.monotonic()  # previous trainer's "stopped")
        process = QProcess(self)
        process.setProgram(sys.executable)
        arguments = ["-m", "writer_app.core.voices.training", str(self.run.folder)]
        process.setArguments([*arguments, "--resume"] if resume else arguments)
        process.setStandardOutputFile(str(self.run.folder / "trainer.log"))
        process.setStandardErrorFile(
            str(self.run.folder / "trainer.log"), QProcess.OpenModeFlag.Append
        )
        # The instance form returns only a bool in PySide6 (the static form adds the
        # pid); the trainer writes its own pid file, which is what running() reads.
        if not process.startDetached():
            self._starting = False
            self.message.emit(self.tr("The training could not be started."))
            log.error("could not start the trainer for %s", self.run.folder)
            return
        log.info("voice training started in %s", self.run.folder)
        self._poll.start()
        self.runChanged.emit()

    def _read_events(self) -> None:
        if self.run is None or self._reader is None:
            return
        new = list(self._reader.read_new())
        if self._starting and (new or self._trainer_gone()):
            self._starting = False  # the new trainer speaks, or it never will
        for event in new:
            if event.kind == jobs.READY and event.get("resumed"):
                self.events = [e for e in self.events if e.kind not in (jobs.STOPPED, jobs.FAILED)]
            self.events.append(event)
            self.runEvent.emit(event)
            if event.kind == jobs.DONE:
                self._finished(event)
            elif event.kind in (jobs.STOPPED, jobs.FAILED):
                self._starting = False
                self.runChanged.emit()
        if not self.running() and self._ended_without_word():
            self.events.append(
                jobs.TrainingEvent(
                    jobs.FAILED, {"reason": library.FAILURE_INTERNAL, "detail": "the trainer quit"}
                )
            )
            self.runEvent.emit(self.events[-1])
            self.runChanged.emit()
        if not self.running():
            self._poll.stop()

    def _trainer_gone(self) -> bool:
        """A trainer just launched has quit before its first event, or never started."""
        assert self.run is not None
        if (self.run.folder / jobs.PID_FILE).exists():
            return not self.run.trainer_alive()
        return time.monotonic() - self._started_at > STARTUP_SECONDS

    def _ended_without_word(self) -> bool:
        return not self.events or self.events[-1].kind not in jobs.FINAL_EVENTS

    def _finished(self, event: jobs.TrainingEvent) -> None:
        self._starting = False
        record = library.read_record(Path(event.get("adapter")))
        self.message.emit(
            self.tr("Your voice “{name}” is ready (Novel ▸ Train My Voice…).").format(
                name=record.name
            )
        )
        self.refresh()
        self.runChanged.emit()

    def last_voice(self) -> VoiceRecord | None:
        done = next((e for e in reversed(self.events) if e.kind == jobs.DONE), None)
        return library.read_record(Path(done.get("adapter"))) if done else None

    def use(self, record: VoiceRecord) -> None:
        """Draft with ``record`` in this novel from now on."""
        strength = self._choice()[1] if self._choice()[0] else 1.0
        self._on_chosen(record.path, strength)
        self.box.set_voices(self.voices, record.path, strength)

    # -- closing -----------------------------------------------------------------------------

    def may_close(self) -> bool:
        """Asked when the window closes: a run at work stops (keeping a checkpoint) or goes on
        in the background; False when the writer chose to stay."""
        if not self.running():
            return True
        box = QMessageBox(self._parent)
        box.setObjectName("voiceCloseQuestion")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("A voice is training"))
        box.setText(
            self.tr(
                "A voice is still training. Let it finish in the background (it will be "
                "in your list next time), or stop it? A stopped training can be resumed."
            )
        )
        finish = box.addButton(self.tr("Finish in Background"), QMessageBox.ButtonRole.AcceptRole)
        stop = box.addButton(self.tr("Stop Training"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(finish)
        box.exec()
        clicked = box.clickedButton()
        log.info("closing while a voice trains: %s", clicked.text() if clicked else "none")
        if clicked is stop:
            self.stop()
            return True
        return clicked is finish

    def close(self) -> None:
        self._poll.stop()


def failure_text(event: jobs.TrainingEvent) -> str:
    return shown(library.failure_sentence(event.get("reason", ""), event.get("detail", "")))
