"""Preferences ▸ Engines: the servers a writer can draft on, with their keys and models."""

from __future__ import annotations

import threading
from dataclasses import replace

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.drafting.engine_defaults import MAX_N_CTX, MIN_N_CTX
from writer_app.core.remote.api_keys import KeyStore
from writer_app.core.remote.engine import list_models
from writer_app.core.remote.http import RemoteError
from writer_app.core.remote.servers import (
    EngineConfigError,
    RemoteEngineConfig,
    load_engines,
    save_engines,
)
from writer_app.ui.language import shown


class _ModelLister(QObject):
    """Asks a server for its models off the GUI thread."""

    found = Signal(list)
    failed = Signal(str)

    def start(self, base_url: str, api_key: str | None) -> None:
        def run() -> None:
            try:
                self.found.emit(list_models(base_url, api_key))
            except RemoteError as error:
                self.failed.emit(shown(error))  # plain text across threads: said here

        threading.Thread(target=run, name="list-models", daemon=True).start()


class EnginesDialog(QDialog):
    """Add, change and remove remote engines; ``enginesChanged`` carries the saved list."""

    enginesChanged = Signal(list)

    def __init__(self, keys: KeyStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("enginesDialog")
        self.setWindowTitle(self.tr("Preferences — Engines"))
        self.keys = keys
        self.engines = load_engines()
        self._lister = _ModelLister(self)
        self._lister.found.connect(self._on_models)

        intro = QLabel(
            self.tr(
                "Draft with a bigger model on a server that speaks the OpenAI completions "
                "protocol (llama.cpp's llama-server, vLLM, Ollama, a hosted service). Each novel "
                "chooses where it drafts in Draft ▸ Engine. Nothing is sent until you ask for a "
                "suggestion."
            )
        )
        intro.setWordWrap(True)
        self.status = QLabel(shown(keys.note))
        self._lister.failed.connect(self.status.setText)  # queued: a Qt method, not a lambda
        self.status.setObjectName("enginesStatus")
        self.status.setWordWrap(True)
        columns = QHBoxLayout()
        columns.addLayout(self._build_list_column(), 1)
        columns.addWidget(self._build_form(), 2)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(columns, 1)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self._fill(0)
        self.status.setText(shown(keys.note))  # known once the keyring was looked up
        self.resize(760, 420)

    def _build_list_column(self) -> QVBoxLayout:
        self.list = QListWidget()
        self.list.setObjectName("engineList")
        self.list.currentRowChanged.connect(self._show)
        add = QPushButton(self.tr("Add"))
        add.setObjectName("addEngineButton")
        add.clicked.connect(self.add_engine)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("removeEngineButton")
        self.remove_button.clicked.connect(self._remove)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.remove_button)
        left.addLayout(buttons)
        return left

    def _build_form(self) -> QWidget:
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("engineNameEdit")
        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("engineUrlEdit")
        self.url_edit.setPlaceholderText(self.tr("http://192.168.1.20:8080"))
        self.key_edit = QLineEdit()
        self.key_edit.setObjectName("engineKeyEdit")
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(self.tr("optional"))
        self.model_combo = QComboBox()
        self.model_combo.setObjectName("engineModelCombo")
        self.model_combo.setEditable(True)
        self.model_combo.setToolTip(self.tr("Empty: the first model the server offers"))
        ask = QPushButton(self.tr("Ask the Server"))
        ask.setObjectName("listModelsButton")
        ask.clicked.connect(self.ask_for_models)
        self.ctx_spin = QSpinBox()
        self.ctx_spin.setObjectName("engineContextSpin")
        self.ctx_spin.setRange(MIN_N_CTX, MAX_N_CTX)
        self.ctx_spin.setSingleStep(1024)
        self.ctx_spin.setToolTip(self.tr("Used only when the server does not say"))
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveEngineButton")
        self.save_button.clicked.connect(self.save_current)

        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Address"), self.url_edit)
        form.addRow(self.tr("API key"), self.key_edit)
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_combo, 1)
        model_row.addWidget(ask)
        form.addRow(self.tr("Model"), model_row)
        form.addRow(self.tr("Context"), self.ctx_spin)
        form.addRow("", self.save_button)
        self.form_box = QWidget()
        self.form_box.setLayout(form)
        return self.form_box

    # -- the list ---------------------------------------------------------------------------

    def _fill(self, row: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for engine in self.engines:
            self.list.addItem(f"{engine.name} — {engine.host}")
        self.list.blockSignals(False)
        self.list.setCurrentRow(min(row, len(self.engines) - 1))
        self._show(self.list.currentRow())

    def _show(self, row: int) -> None:
        engine = self.engines[row] if 0 <= row < len(self.engines) else None
        self.form_box.setEnabled(engine is not None)
        self.remove_button.setEnabled(engine is not None)
        engine = engine or RemoteEngineConfig("", "")
        self.name_edit.setText(engine.name)
        self.url_edit.setText(engine.base_url)
        self.key_edit.setText((self.keys.get(engine.name) or "") if engine.name else "")
        self.model_combo.clear()
        self.model_combo.setEditText(engine.model)
        self.ctx_spin.setValue(engine.n_ctx)

    def add_engine(self) -> None:
        name = self.tr("New engine")
        taken = {engine.name for engine in self.engines}
        number = 2
        while name in taken:
            name, number = self.tr("New engine {number}").format(number=number), number + 1
        self.engines.append(RemoteEngineConfig(name, "http://127.0.0.1:8080"))
        self._fill(len(self.engines) - 1)
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def _remove(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.engines):
            return
        removed = self.engines.pop(row)
        self.keys.delete(removed.name)
        self._store(row)

    # -- editing ----------------------------------------------------------------------------

    def save_current(self) -> bool:
        row = self.list.currentRow()
        if not 0 <= row < len(self.engines):
            return False
        old, key = self.engines[row], self.key_edit.text()
        try:
            edited = replace(
                old,
                name=self.name_edit.text(),
                base_url=self.url_edit.text(),
                model=self.model_combo.currentText(),
                n_ctx=self.ctx_spin.value(),
            ).validated()
        except EngineConfigError as error:
            self.status.setText(shown(error))
            return False
        if any(e.name == edited.name for i, e in enumerate(self.engines) if i != row):
            self.status.setText(
                self.tr("There is already an engine called “{name}”.").format(name=edited.name)
            )
            return False
        # The key first: saving the list tells the window, which may connect at once.
        if edited.name != old.name:
            self.keys.delete(old.name)
        kept = self.keys.set(edited.name, key)
        self.engines[row] = edited
        if not self._store(row):
            self.engines[row] = old
            return False
        self.key_edit.setText(key)
        saved = self.tr("Saved {name}.").format(name=edited.name)
        self.status.setText(saved if kept or not key else f"{saved} {shown(self.keys.note)}")
        return True

    def _store(self, row: int) -> bool:
        try:
            save_engines(self.engines)
        except (EngineConfigError, OSError) as error:
            self.status.setText(self.tr("Not saved: {reason}").format(reason=shown(error)))
            return False
        self._fill(row)
        self.enginesChanged.emit(list(self.engines))
        return True

    def ask_for_models(self) -> None:
        url = self.url_edit.text().strip()
        if not url:
            self.status.setText(self.tr("Type the server's address first."))
            return
        self.status.setText(self.tr("Asking {address} for its models…").format(address=url))
        self._lister.start(url, self.key_edit.text() or None)

    def _on_models(self, models: list) -> None:
        current = self.model_combo.currentText()
        self.model_combo.clear()
        self.model_combo.addItems([str(model) for model in models])
        self.model_combo.setEditText(current or (str(models[0]) if models else ""))
        self.status.setText(
            self.tr("The server offers %n model(s).", "", len(models))
            if models
            else self.tr("The server lists none.")
        )
        self.model_combo.setFocus(Qt.FocusReason.OtherFocusReason)
