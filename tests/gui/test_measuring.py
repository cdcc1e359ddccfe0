"""The first pause with a new model measures it once; the next load uses what was found."""

from __future__ import annotations

from tests.gui.test_drafting_loop import put_text
from tests.gui.test_read_ahead import chapter
from writer_app.core.local.tuning import measured_message
from writer_app.core.storage.paths import tuning_path


def test_the_first_pause_measures_the_model_once_then_reads_ahead(
    qtbot, qtlog, make_window, smollm_path
):
    tuning_path().unlink()  # a first start with this model
    window = make_window()
    with qtbot.waitSignal(window.model_loader.modelReady, timeout=60_000):
        window.model_loader.load_model(smollm_path)
    worker = window._worker.worker
    found = []
    worker.settingsMeasured.connect(lambda measured, _sentence: found.append(measured))
    with qtbot.waitSignal(worker.readAheadFinished, timeout=120_000):
        put_text(window, chapter(6))
    assert len(found) == 1
    measured = found[0]
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == measured_message(measured))
    # The status bar was touched from the GUI thread only (Qt warns otherwise; the app died).
    assert not [r.message for r in qtlog.records if "different thread" in r.message]

    with qtbot.assertNotEmitted(worker.settingsMeasured, wait=100):
        with qtbot.waitSignal(worker.readAheadFinished, timeout=60_000):
            qtbot.keyClicks(window.editor, " The bell rang.")  # the next pause only reads

    with qtbot.waitSignal(window.model_loader.modelReady, timeout=60_000):
        window.model_loader.load_model(smollm_path)  # loaded again: with the measured setting
    assert worker._engine.tuning_key is None
    assert worker._engine.config.flash_attn == measured.flash_attn
