"""The side panel: sliders for temperature, top-k and length, an Advanced section, GPU layers."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, replace

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from writer_app.core.drafting import sampling
from writer_app.core.drafting.bridge import Ranking
from writer_app.core.drafting.presets import BUILT_IN, Preset, matching
from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.drafting.stops import (
    STOP_AT_LENGTH,
    STOP_AT_PARAGRAPH,
    STOP_AT_SENTENCE,
    format_stop_strings,
    parse_stop_strings,
)
from writer_app.core.local.gpu_devices import GpuSupport
from writer_app.ui.numbers import decimal, whole
from writer_app.ui.panels.voice_box import VoiceBox

# Labels, tooltips and value formats below are marked for pyside6-lupdate and translated
# where they are shown (QCoreApplication.translate("SamplingPanel", …)), never at import.
_STOP_AT_LABELS = (
    (QT_TRANSLATE_NOOP("SamplingPanel", "the length limit"), STOP_AT_LENGTH),
    (QT_TRANSLATE_NOOP("SamplingPanel", "the end of a sentence"), STOP_AT_SENTENCE),
    (QT_TRANSLATE_NOOP("SamplingPanel", "the end of a paragraph"), STOP_AT_PARAGRAPH),
)
# The built-in presets' names as shown; a preset is still found by its English name.
_BUILT_IN_NAMES = {
    "Faithful": QT_TRANSLATE_NOOP("SamplingPanel", "Faithful"),
    "Balanced": QT_TRANSLATE_NOOP("SamplingPanel", "Balanced"),
    "Prose": QT_TRANSLATE_NOOP("SamplingPanel", "Prose"),
    "Wild": QT_TRANSLATE_NOOP("SamplingPanel", "Wild"),
}


@dataclass(frozen=True)
class _SliderSpec:
    name: str  # objectName
    label: str  # English, marked for translation (the accessible name stays English)
    scale: int  # slider value = setting * scale
    bounds: tuple[float, float]
    fmt: str  # marked for translation, like label and tooltip
    tooltip: str


_TEMPERATURE = _SliderSpec(
    "temperatureSlider",
    QT_TRANSLATE_NOOP("SamplingPanel", "Temperature"),
    100,
    sampling.TEMPERATURE_RANGE,
    "{:.2f}",
    QT_TRANSLATE_NOOP(
        "SamplingPanel",
        "Lower is safer and more predictable; higher is more surprising. "
        "0 always picks the likeliest word.",
    ),
)
_TOP_K = _SliderSpec(
    "topKSlider",
    QT_TRANSLATE_NOOP("SamplingPanel", "Top-k"),
    1,
    sampling.TOP_K_RANGE,
    "{:.0f}",
    QT_TRANSLATE_NOOP(
        "SamplingPanel", "Choose only among the k likeliest next words. 0 switches this off."
    ),
)
_LENGTH = _SliderSpec(
    "lengthSlider",
    QT_TRANSLATE_NOOP("SamplingPanel", "Length"),
    1,
    sampling.MAX_TOKENS_RANGE,
    QT_TRANSLATE_NOOP("SamplingPanel", "{:.0f} tokens"),
    QT_TRANSLATE_NOOP(
        "SamplingPanel",
        "The longest suggestion, in tokens (a token is about three-quarters of an English word).",
    ),
)
_TOP_P = _SliderSpec(
    "topPSlider",
    QT_TRANSLATE_NOOP("SamplingPanel", "Top-p"),
    100,
    sampling.TOP_P_RANGE,
    "{:.2f}",
    QT_TRANSLATE_NOOP(
        "SamplingPanel",
        "Choose among the likeliest words that together make up this share of probability.",
    ),
)
_MIN_P = _SliderSpec(
    "minPSlider",
    QT_TRANSLATE_NOOP("SamplingPanel", "Min-p"),
    100,
    sampling.MIN_P_RANGE,
    "{:.2f}",
    QT_TRANSLATE_NOOP(
        "SamplingPanel", "Ignore words less likely than this fraction of the likeliest one."
    ),
)
_REPEAT = _SliderSpec(
    "repeatPenaltySlider",
    QT_TRANSLATE_NOOP("SamplingPanel", "Repeat penalty"),
    100,
    sampling.REPEAT_PENALTY_RANGE,
    "{:.2f}",
    QT_TRANSLATE_NOOP(
        "SamplingPanel", "Discourage repeating words used just before. 1.00 switches this off."
    ),
)

# The prose samplers, in Advanced under the basic ones: (setting, spec).  "off" is shown at the
# value that switches a sampler off.
_PROSE = (
    (
        "presence_penalty",
        _SliderSpec(
            "presencePenaltySlider",
            QT_TRANSLATE_NOOP("SamplingPanel", "Presence penalty"),
            100,
            sampling.PRESENCE_PENALTY_RANGE,
            "{:.2f}",
            QT_TRANSLATE_NOOP(
                "SamplingPanel", "Push away from any word already used, however often. 0 is off."
            ),
        ),
    ),
    (
        "frequency_penalty",
        _SliderSpec(
            "frequencyPenaltySlider",
            QT_TRANSLATE_NOOP("SamplingPanel", "Frequency penalty"),
            100,
            sampling.FREQUENCY_PENALTY_RANGE,
            "{:.2f}",
            QT_TRANSLATE_NOOP(
                "SamplingPanel", "Push away from words the more often they were used. 0 is off."
            ),
        ),
    ),
    (
        "dry_multiplier",
        _SliderSpec(
            "dryMultiplierSlider",
            QT_TRANSLATE_NOOP("SamplingPanel", "DRY"),
            100,
            sampling.DRY_MULTIPLIER_RANGE,
            "{:.2f}",
            QT_TRANSLATE_NOOP(
                "SamplingPanel",
                "Don't Repeat Yourself: discourage repeating a run of words already written, "
                "more strongly the longer the run. Stops loops; names and short phrases stay "
                "free. 0 is off; 0.8 is a good start.",
            ),
        ),
    ),
    (
        "dry_base",
        _SliderSpec(
            "dryBaseSlider",
            QT_TRANSLATE_NOOP("SamplingPanel", "DRY growth"),
            100,
            sampling.DRY_BASE_RANGE,
            "{:.2f}",
            QT_TRANSLATE_NOOP(
                "SamplingPanel", "How fast DRY's penalty grows with each further repeated word."
            ),
        ),
    ),
    (
        "dry_allowed_length",
        _SliderSpec(
            "dryAllowedLengthSlider",
            QT_TRANSLATE_NOOP("SamplingPanel", "DRY allows"),
            1,
            sampling.DRY_ALLOWED_LENGTH_RANGE,
            QT_TRANSLATE_NOOP("SamplingPanel", "{:.0f} tokens"),
            QT_TRANSLATE_NOOP("SamplingPanel", "Repeats up to this long are never penalised."),
        ),
    ),
    (
        "dry_range",
        _SliderSpec(
            "dryRangeSlider",
            QT_TRANSLATE_NOOP("SamplingPanel", "DRY looks back"),
            1,
            sampling.DRY_RANGE_RANGE,
            QT_TRANSLATE_NOOP("SamplingPanel", "{:.0f} tokens"),
            QT_TRANSLATE_NOOP(
                "SamplingPanel", "How far back DRY looks for repeats, the manuscript included."
            ),
        ),
    ),
    (
        "xtc_probability",
        _SliderSpec(
            "xtcProbabilitySlider",
            QT_TRANSLATE_NOOP("SamplingPanel", "XTC"),
            100,
            sampling.XTC_PROBABILITY_RANGE,
            "{:.2f}",
            QT_TRANSLATE_NOOP(
                "SamplingPanel",
                "Exclude Top Choices: this often, set aside the most obvious next words and "
                "take a less obvious one that is still good. 0 is off.",
            ),
        ),
    ),
    (
        "xtc_threshold",
        _SliderSpec(
            "xtcThresholdSlider",
            QT_TRANSLATE_NOOP("SamplingPanel", "XTC threshold"),
            100,
            sampling.XTC_THRESHOLD_RANGE,
            "{:.2f}",
            QT_TRANSLATE_NOOP(
                "SamplingPanel", "Words likelier than this count as obvious for XTC."
            ),
        ),
    ),
    (
        "top_n_sigma",
        _SliderSpec(
            "topNSigmaSlider",
            QT_TRANSLATE_NOOP("SamplingPanel", "Top-nσ"),
            100,
            sampling.TOP_N_SIGMA_RANGE,
            "{:.2f}",
            QT_TRANSLATE_NOOP(
                "SamplingPanel",
                "Keep only words whose score is within n standard deviations of the best: "
                "coherent even at a high temperature. 0 is off.",
            ),
        ),
    ),
    (
        "adaptive_target",
        _SliderSpec(
            "adaptiveTargetSlider",
            QT_TRANSLATE_NOOP("SamplingPanel", "Adaptive-P"),
            100,
            sampling.ADAPTIVE_TARGET_RANGE,
            "{:.2f}",
            QT_TRANSLATE_NOOP(
                "SamplingPanel",
                "Aim, over the whole suggestion, at words of about this probability: lower "
                "is more surprising. Use it with Min-p and nothing else. 0 is off.",
            ),
        ),
    ),
    (
        "adaptive_decay",
        _SliderSpec(
            "adaptiveDecaySlider",
            QT_TRANSLATE_NOOP("SamplingPanel", "Adaptive-P memory"),
            100,
            sampling.ADAPTIVE_DECAY_RANGE,
            "{:.2f}",
            QT_TRANSLATE_NOOP(
                "SamplingPanel", "How long Adaptive-P remembers what it chose (0.9 ≈ 10 words)."
            ),
        ),
    ),
)
# At these values a prose sampler is switched off, and its slider says so.
_OFF_AT = {
    "presencePenaltySlider": 0,
    "frequencyPenaltySlider": 0,
    "dryMultiplierSlider": 0,
    "xtcProbabilitySlider": 0,
    "topNSigmaSlider": 0,
    "adaptiveTargetSlider": 0,
    "topKSlider": 0,
}


def _where_it_differs(text: str, texts: list[str]) -> str:
    """The line an alternative is listed by: its first, or, when the alternatives begin
    alike (the beams of Most likely), the line where this one starts to differ, after "…"."""
    if not text.strip():
        return "…"
    others = [t for t in texts if t and t != text]
    same = max((len(os.path.commonprefix([text, t])) for t in others), default=0)
    first = text.strip().splitlines()[0]
    if len(text) - len(text.lstrip()) + len(first) > same:
        return first
    start = text.rfind("\n", 0, same) + 1  # the line that holds the first difference
    rest = text[start:].strip().splitlines()
    return "…" + rest[0] if rest else first


class _LabelledSlider(QWidget):
    def __init__(self, spec: _SliderSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName(spec.name)
        self.slider.setAccessibleName(spec.label)
        self.slider.setToolTip(QCoreApplication.translate("SamplingPanel", spec.tooltip))
        self.slider.setRange(int(spec.bounds[0] * spec.scale), int(spec.bounds[1] * spec.scale))
        self.value_label = QLabel()
        self.value_label.setObjectName(spec.name.replace("Slider", "Value"))
        self.value_label.setMinimumWidth(72)
        self.value_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.slider, 1)
        row.addWidget(self.value_label)
        self.slider.valueChanged.connect(self._show_value)

    def value(self) -> float:
        return self.slider.value() / self.spec.scale

    def set_value(self, value: float) -> None:
        self.slider.setValue(round(value * self.spec.scale))
        self._show_value()

    def _show_value(self) -> None:
        text = QCoreApplication.translate("SamplingPanel", self.spec.fmt).format(self.value())
        if _OFF_AT.get(self.spec.name) == self.slider.value():
            text = QCoreApplication.translate("SamplingPanel", "off")
        self.value_label.setText(text)


class SamplingPanel(QWidget):
    """Edits SamplingSettings and the GPU layer count; emits when either changes."""

    settingsChanged = Signal(object)  # SamplingSettings
    gpuLayersChanged = Signal(int)
    presetSaved = Signal(object)  # Preset

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("samplingPanel")
        self._sliders = {
            spec.name: _LabelledSlider(spec)
            for spec in (
                _TEMPERATURE,
                _TOP_K,
                _LENGTH,
                _TOP_P,
                _MIN_P,
                _REPEAT,
                *(spec for _, spec in _PROSE),
            )
        }
        self._shown = SamplingSettings()  # keeps what no control shows (DRY's breakers)
        self._presets: tuple[Preset, ...] = BUILT_IN
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Suggestions"))
        heading.setObjectName("panelHeading")
        layout.addWidget(heading)
        layout.addLayout(self._build_basic())
        self.alternatives_list = QListWidget()
        self.alternatives_list.setObjectName("alternativesList")
        self.alternatives_list.setAccessibleName(self.tr("Alternatives offered"))
        self.alternatives_list.setWordWrap(True)
        self.alternatives_list.setMaximumHeight(150)
        self.alternatives_list.setVisible(False)
        layout.addWidget(self.alternatives_list)
        self._build_advanced()
        layout.addWidget(self.advanced_toggle)
        layout.addWidget(self.advanced)
        self.voice_box = VoiceBox()
        layout.addWidget(self.voice_box)
        layout.addWidget(self._build_gpu())
        layout.addStretch(1)
        self._connect()
        self._loading = False
        self.set_presets(())

    def _build_basic(self) -> QFormLayout:
        basic = QFormLayout()
        self.preset = QComboBox()
        self.preset.setObjectName("presetCombo")
        self.preset.setAccessibleName(self.tr("Preset"))
        self.preset.setToolTip(
            self.tr("Faithful stays close to the likeliest words; Wild takes risks.")
        )
        self.save_preset = QToolButton()
        self.save_preset.setObjectName("savePresetButton")
        self.save_preset.setText(self.tr("Save…"))
        self.save_preset.setToolTip(self.tr("Keep the current sliders as a preset of your own."))
        self.save_preset.clicked.connect(self._save_preset)
        preset_row = QHBoxLayout()
        preset_row.addWidget(self.preset, 1)
        preset_row.addWidget(self.save_preset)
        basic.addRow(self.tr("Preset"), preset_row)
        for spec in (_TEMPERATURE, _TOP_K, _LENGTH):
            label = QCoreApplication.translate("SamplingPanel", spec.label)
            basic.addRow(label, self._sliders[spec.name])
        self.stop_at = QComboBox()
        self.stop_at.setObjectName("stopAtCombo")
        self.stop_at.setAccessibleName(self.tr("Stop at"))
        for label, value in _STOP_AT_LABELS:
            self.stop_at.addItem(QCoreApplication.translate("SamplingPanel", label), value)
        self.stop_at.setToolTip(
            self.tr("Where a suggestion ends by itself; the length limit always holds.")
        )
        basic.addRow(self.tr("Stop at"), self.stop_at)
        self.stop_strings = QLineEdit()
        self.stop_strings.setObjectName("stopStringsEdit")
        self.stop_strings.setAccessibleName(self.tr("Stop before"))
        self.stop_strings.setPlaceholderText(self.tr("e.g. ***, Chapter"))
        self.stop_strings.setToolTip(
            self.tr(
                "End a suggestion before any of these, separated by commas (\\n is a line break)."
            )
        )
        basic.addRow(self.tr("Stop before"), self.stop_strings)
        self.alternatives = QSpinBox()
        self.alternatives.setObjectName("alternativesSpin")
        self.alternatives.setAccessibleName(self.tr("Alternatives"))
        self.alternatives.setRange(*sampling.ALTERNATIVES_RANGE)
        self.alternatives.setToolTip(
            self.tr("How many continuations to offer at once; Alt+] and Alt+[ switch between them.")
        )
        basic.addRow(self.tr("Alternatives"), self.alternatives)
        self.beam = QSpinBox()
        self.beam.setObjectName("beamSpin")
        self.beam.setAccessibleName(self.tr("Most likely"))
        self.beam.setRange(*sampling.BEAM_WIDTH_RANGE)
        self.beam.setSpecialValueText(self.tr("off"))
        self.beam.setSuffix(self.tr(" beams"))
        self.beam.setToolTip(
            self.tr(
                "Most likely: instead of sampling, search for the continuation the model "
                "itself finds likeliest, keeping this many candidates at every step (beam "
                "search). The same text every time; the other beams are the alternatives. "
                "Only for a model on this computer."
            )
        )
        basic.addRow(self.tr("Most likely"), self.beam)
        return basic

    def _build_advanced(self) -> None:
        self.seed = QSpinBox()
        self.seed.setObjectName("seedSpin")
        self.seed.setAccessibleName(self.tr("Seed"))
        self.seed.setRange(-1, sampling.SEED_RANGE[1])
        self.seed.setSpecialValueText(self.tr("random"))
        self.seed.setToolTip(
            self.tr("random: a fresh seed for every suggestion. A number repeats a result.")
        )
        self.advanced = QGroupBox(self.tr("Advanced"))
        self.advanced.setObjectName("advancedGroup")
        advanced_form = QFormLayout(self.advanced)
        for spec in (_TOP_P, _MIN_P, _REPEAT):
            label = QCoreApplication.translate("SamplingPanel", spec.label)
            advanced_form.addRow(label, self._sliders[spec.name])
        advanced_form.addRow(self.tr("Seed"), self.seed)
        prose = QLabel(self.tr("Prose samplers"))
        prose.setObjectName("proseSamplersHeading")
        prose.setToolTip(self.tr("Each is off at 0; the Prose preset uses DRY and XTC."))
        advanced_form.addRow(prose)
        for _, spec in _PROSE:
            label = QCoreApplication.translate("SamplingPanel", spec.label)
            advanced_form.addRow(label, self._sliders[spec.name])
        self.advanced.setVisible(False)
        self.advanced_toggle = QToolButton()
        self.advanced_toggle.setObjectName("advancedToggle")
        self.advanced_toggle.setText(self.tr("Advanced"))
        self.advanced_toggle.setCheckable(True)
        self.advanced_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_toggle.setAutoRaise(True)
        self.advanced_toggle.toggled.connect(self._show_advanced)

    def _build_gpu(self) -> QGroupBox:
        self.gpu_layers = QSpinBox()
        self.gpu_layers.setObjectName("gpuLayersSpin")
        self.gpu_layers.setAccessibleName(self.tr("GPU layers"))
        self.gpu_layers.setRange(-1, 999)
        self.gpu_layers.setSpecialValueText(self.tr("all"))
        self.gpu_layers.setToolTip(
            self.tr("Layers to run on the graphics card. 0 = CPU only, all = every layer.")
        )
        self.gpu_note = QLabel()
        self.gpu_note.setObjectName("gpuNote")
        self.gpu_note.setWordWrap(True)
        self.gpu_note.setVisible(False)
        gpu_box = QGroupBox(self.tr("Hardware"))
        gpu_form = QFormLayout(gpu_box)
        gpu_form.addRow(self.tr("GPU layers"), self.gpu_layers)
        gpu_form.addRow(self.gpu_note)
        return gpu_box

    def _connect(self) -> None:
        for slider in self._sliders.values():
            slider.slider.valueChanged.connect(self._emit_settings)
        self.seed.valueChanged.connect(self._emit_settings)
        self.stop_at.currentIndexChanged.connect(self._emit_settings)
        self.alternatives.valueChanged.connect(self._emit_settings)
        self.beam.valueChanged.connect(self._emit_settings)
        self.preset.activated.connect(self._apply_preset)
        self.stop_strings.editingFinished.connect(self._emit_settings)
        self.gpu_layers.editingFinished.connect(
            lambda: self.gpuLayersChanged.emit(self.gpu_layers.value())
        )

    # -- values ---------------------------------------------------------------------------------

    def settings(self) -> SamplingSettings:
        seed = self.seed.value()
        prose = {name: self._sliders[spec.name].value() for name, spec in _PROSE}
        for name in ("dry_allowed_length", "dry_range"):
            prose[name] = int(prose[name])
        return replace(
            self._shown,
            temperature=self._sliders[_TEMPERATURE.name].value(),
            top_k=int(self._sliders[_TOP_K.name].value()),
            max_tokens=int(self._sliders[_LENGTH.name].value()),
            top_p=self._sliders[_TOP_P.name].value(),
            min_p=self._sliders[_MIN_P.name].value(),
            repeat_penalty=self._sliders[_REPEAT.name].value(),
            seed=None if seed < 0 else seed,
            stop_at=self.stop_at.currentData() or STOP_AT_LENGTH,
            stop_strings=parse_stop_strings(self.stop_strings.text()),
            alternatives=self.alternatives.value(),
            beam_width=self.beam.value(),
            **prose,
        )

    def set_settings(self, settings: SamplingSettings) -> None:
        self._loading = True
        self._shown = settings
        try:
            for name, spec in _PROSE:
                self._sliders[spec.name].set_value(getattr(settings, name))
            self._sliders[_TEMPERATURE.name].set_value(settings.temperature)
            self._sliders[_TOP_K.name].set_value(settings.top_k)
            self._sliders[_LENGTH.name].set_value(settings.max_tokens)
            self._sliders[_TOP_P.name].set_value(settings.top_p)
            self._sliders[_MIN_P.name].set_value(settings.min_p)
            self._sliders[_REPEAT.name].set_value(settings.repeat_penalty)
            self.seed.setValue(-1 if settings.seed is None else settings.seed)
            self.stop_at.setCurrentIndex(max(0, self.stop_at.findData(settings.stop_at)))
            self.stop_strings.setText(format_stop_strings(settings.stop_strings))
            self.alternatives.setValue(settings.alternatives)
            self.beam.setValue(settings.beam_width)
        finally:
            self._loading = False
        self._show_preset()

    def set_banned(self, phrases: tuple[str, ...]) -> None:
        """The phrases banned in every novel (kept with the other settings; no control of
        this panel shows them: Draft ▸ Banned Words and Phrases… does)."""
        self._shown = replace(self.settings(), banned=phrases)
        self._emit_settings()

    def set_gpu_layers(
        self,
        layers: int,
        *,
        available: bool | None,
        layer_count: int | None,
        gpus: GpuSupport | None = None,
    ) -> None:
        """``available``: whether this llama.cpp build can offload; None until a local model
        has loaded (llama.cpp is loaded only then, on the worker's thread).  ``gpus``: the
        build's GPU backend and its GPUs, found then; the note under the control names them
        ("CUDA: NVIDIA H200, 139.0 GB free"), or says the build has none."""
        self.gpu_layers.blockSignals(True)
        if layer_count:
            self.gpu_layers.setMaximum(layer_count)
        self.gpu_layers.setValue(layers)
        self.gpu_layers.blockSignals(False)
        self.gpu_layers.setEnabled(available is not False)
        note, tip = "", ""
        if available is False and gpus is not None and gpus.backend:
            note = self.tr(
                "This llama.cpp build has {backend} but finds no GPU it can use, so everything "
                "runs on the CPU."
            ).format(backend=gpus.backend)
        elif available is False:
            note = self.tr(
                "This build of llama.cpp has no GPU support, so everything runs on the CPU. "
                "See README to install a CUDA, Metal or Vulkan build."
            )
        elif available and gpus is not None and gpus.devices:
            note = "\n".join(
                self.tr("{backend}: {name}, {free} GB free").format(
                    backend=device.backend or gpus.backend or "",
                    name=device.description or device.name,
                    free=decimal(device.free_bytes / 1e9, 1),
                )
                for device in gpus.offload_devices
            )
            tip = self.tr(
                "The GPU memory free before the model loaded; the layers offloaded are spread "
                "over every GPU listed."
            )
        self.gpu_note.setText(note)
        self.gpu_note.setToolTip(tip)
        self.gpu_note.setVisible(bool(note))

    def show_alternatives(
        self,
        texts: list[str],
        current: int,
        ranking: Ranking | None = None,
        compared: bool = False,
    ) -> None:
        """List the alternatives offered (first line of each); hidden when there is one.
        Ranked against the text after the cursor, the best lead-in is starred and each says
        its figure; ``compared``: the first is with the writer's voice, the second without."""
        self.alternatives_list.setVisible(len(texts) > 1)
        while self.alternatives_list.count() < len(texts):
            self.alternatives_list.addItem("")
        while self.alternatives_list.count() > len(texts):
            self.alternatives_list.takeItem(self.alternatives_list.count() - 1)
        for row, text in enumerate(texts):
            first = _where_it_differs(text, texts)
            item = self.alternatives_list.item(row)
            ranked = ranking is not None and row < len(ranking.bits)
            star = "★ " if ranked and ranking.best == row else ""
            if compared and row < 2:
                star = self.tr("With your voice: ") if row == 0 else self.tr("Without: ")
            item.setText(f"{star}{row + 1}. {first}")
            item.setToolTip(
                self.tr(
                    "Leads into what follows: {rank} of {count} (what follows, after it: "
                    "{bits} bits; fewer is a better fit)"
                ).format(
                    rank=whole(ranking.rank_of(row)),
                    count=whole(len(ranking.bits)),
                    bits=decimal(ranking.bits[row]) if math.isfinite(ranking.bits[row]) else "—",
                )
                if ranked
                else ""
            )
        self.alternatives_list.setCurrentRow(current)

    def set_presets(self, own: tuple[Preset, ...]) -> None:
        """Offer the built-in presets and the writer's own (which may replace a built-in)."""
        names = {preset.name for preset in own}
        self._presets = (*(p for p in BUILT_IN if p.name not in names), *own)
        self.preset.blockSignals(True)
        self.preset.clear()
        for preset in self._presets:
            shown = _BUILT_IN_NAMES.get(preset.name) if preset.name not in names else None
            name = QCoreApplication.translate("SamplingPanel", shown) if shown else preset.name
            self.preset.addItem(name, preset.name)
        self.preset.addItem(self.tr("Custom"), "")
        self.preset.blockSignals(False)
        self._show_preset()

    def _apply_preset(self, index: int) -> None:
        name = self.preset.itemData(index)
        preset = next((p for p in self._presets if p.name == name), None)
        if preset is not None:
            self.set_settings(preset.apply(self.settings()))
            self._emit_settings()

    def _save_preset(self) -> None:
        name, ok = QInputDialog.getText(
            self, self.tr("Save preset"), self.tr("Name of the preset:")
        )
        if ok and name.strip():
            self.presetSaved.emit(Preset.capture(name.strip(), self.settings()))

    def _show_preset(self) -> None:
        found = matching(self.settings(), self._presets)
        self.preset.setCurrentIndex(self.preset.findData(found.name if found else ""))

    def _emit_settings(self) -> None:
        if not self._loading:
            self._show_preset()
            self.settingsChanged.emit(self.settings())

    def _show_advanced(self, shown: bool) -> None:
        self.advanced.setVisible(shown)
        self.advanced_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )
