"""The Models window: download from a hub (a real client against 127.0.0.1), cancel, resume,
import, and load the chosen model into the editor."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.support.hub_server import HubServer
from tests.support.tiny_gguf import write_tiny_llama_gguf
from writer_app.core.models.catalog import CatalogEntry
from writer_app.core.storage.paths import models_dir

REPO = "writer/tiny-llama-GGUF"
NAME = "tiny-llama-Q4_K_M.gguf"


def tiny_entry() -> CatalogEntry:
    return CatalogEntry(
        key="tiny", name="Tiny Llama", repo_id=REPO, filename=NAME, size_bytes=None,
        licence="Apache-2.0", languages=("en",), good_for="tests", params="1M", quant="F32",
        min_ram_gb=0.1, confirmed=True,
    )  # fmt: skip


def test_download_from_the_catalog_with_progress_then_use_it(
    qtbot, make_window, tmp_path, monkeypatch
):
    model = tmp_path / NAME
    write_tiny_llama_gguf(model, n_embd=128, n_ff=256)
    window = make_window()
    with HubServer(REPO, {NAME: model.read_bytes()}) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
        dialog = window.model_loader.show_models()
        assert dialog.isVisible()
        dialog.catalog = [tiny_entry(), *dialog.catalog]
        dialog.refresh()
        dialog.catalog_list.setCurrentRow(0)
        seen: list[str] = []
        dialog._on_progress = (lambda original: lambda text, pct: (seen.append(text),
                                                                   original(text, pct)))(
            dialog._on_progress
        )  # fmt: skip
        qtbot.mouseClick(dialog.download_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog._task is None, timeout=30_000)
        assert "is ready" in dialog.status.text(), dialog.status.text()
    assert any(" MB" in text for text in seen)  # the writer saw bytes, speed, time left
    assert (models_dir() / NAME).is_file()
    assert dialog.installed_list.currentItem() is not None
    listed = dialog.installed_list.currentItem().text()
    assert NAME.removesuffix(".gguf") in listed
    assert "398K parameters" in listed  # counted from the tensor shapes in the header
    with qtbot.waitSignal(window.model_loader.modelReady, timeout=30_000):
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert "tiny-llama" in window.model_label.text()


def test_a_failed_download_is_told_and_nothing_half_done_is_listed(
    qtbot, make_window, tmp_path, monkeypatch
):
    model = tmp_path / NAME
    write_tiny_llama_gguf(model)
    window = make_window()
    with HubServer(REPO, {NAME: model.read_bytes()}) as hub:
        hub.advertised_sha256 = "0" * 64
        monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
        dialog = window.model_loader.show_models()
        dialog.download(tiny_entry())
        qtbot.waitUntil(lambda: dialog._task is None, timeout=30_000)
    assert "checksum" in dialog.status.text()
    assert not (models_dir() / NAME).exists()
    names = [dialog.installed_list.item(i).text() for i in range(dialog.installed_list.count())]
    assert not any("tiny-llama" in name for name in names)


def test_import_copies_a_file_into_the_library(qtbot, make_window, tmp_path):
    model = tmp_path / "my-own-model.gguf"
    write_tiny_llama_gguf(model)
    window = make_window()
    dialog = window.model_loader.show_models()
    dialog.import_file(model)
    qtbot.waitUntil(lambda: dialog._task is None, timeout=30_000)
    assert (models_dir() / "my-own-model.gguf").is_file()
    assert "my-own-model" in dialog.installed_list.currentItem().text()


def select_model(dialog, name: str) -> None:
    for row in range(dialog.installed_list.count()):
        if name in dialog.installed_list.item(row).text():
            dialog.installed_list.setCurrentRow(row)
            return
    raise AssertionError(f"{name} is not listed")


def test_a_file_used_where_it_is_stays_there(qtbot, make_window, tmp_path):
    model = tmp_path / "on-my-drive.gguf"
    write_tiny_llama_gguf(model)
    window = make_window()
    dialog = window.model_loader.show_models()
    dialog.import_file(model, copy=False)
    qtbot.waitUntil(lambda: dialog._task is None, timeout=30_000)
    assert not (models_dir() / model.name).exists()
    select_model(dialog, "on-my-drive")
    assert "(kept where it is)" in dialog.installed_list.currentItem().text()


def test_each_model_keeps_its_own_context_size(qtbot, make_window, smollm_path, tmp_path):
    other = tmp_path / "tiny.gguf"
    write_tiny_llama_gguf(other)
    window = make_window()
    dialog = window.model_loader.show_models()
    for path in (smollm_path, other):
        dialog.import_file(path, copy=False)
        qtbot.waitUntil(lambda: dialog._task is None, timeout=30_000)
    select_model(dialog, smollm_path.stem)
    box = dialog.settings_box
    assert box.isEnabled()
    box.context_combo.setCurrentIndex(box.context_combo.findData(2048))
    qtbot.mouseClick(box.apply_button, Qt.MouseButton.LeftButton)
    assert "Saved for" in dialog.status.text()
    select_model(dialog, "tiny")
    assert box.context_combo.currentData() == 4096  # the other model keeps the default
    select_model(dialog, smollm_path.stem)
    assert box.context_combo.currentData() == 2048
    with qtbot.waitSignal(window.model_loader.modelReady, timeout=60_000) as ready:
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert ready.args[0].n_ctx == 2048


def test_downloads_go_through_the_mirror_the_writer_names(qtbot, make_window, tmp_path):
    model = tmp_path / NAME
    write_tiny_llama_gguf(model)
    window = make_window()
    dialog = window.model_loader.show_models()
    dialog.mirror.edit.setText("ftp://not-a-mirror")
    assert not dialog.mirror.save()
    assert "not a web address" in dialog.status.text()
    with HubServer(REPO, {NAME: model.read_bytes()}) as hub:
        dialog.mirror.edit.setText(hub.endpoint)
        assert dialog.mirror.save()
        assert hub.endpoint in dialog.status.text()
        dialog.download(tiny_entry())
        qtbot.waitUntil(lambda: dialog._task is None, timeout=30_000)
        assert "is ready" in dialog.status.text(), dialog.status.text()
    assert (models_dir() / NAME).is_file()
