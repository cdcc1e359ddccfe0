"""A Chinese writer gets a Chinese window: the app's translation and Qt's own (standard buttons),
every command of every menu in Chinese, and File ▸ Language to choose another."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from writer_app.core.settings import load_settings
from writer_app.core.text.scripts import has_dense
from writer_app.ui.language import I18N_DIR, install_translators, remove_translators


@pytest.fixture
def chinese():
    assert (I18N_DIR / "writer_app_zh_CN.qm").is_file(), "run scripts/setup.sh (it builds the .qm)"
    app = QApplication.instance()
    install_translators(app, "zh_CN")
    yield
    remove_translators(app)


def _items(menu) -> list[QAction]:
    menu.aboutToShow.emit()
    found = []
    for item in menu.actions():
        if item.isSeparator():
            continue
        found.append(item)
        if item.menu() is not None:
            found += _items(item.menu())
    return found


def test_every_menu_command_is_in_chinese(chinese, make_window):
    window = make_window()
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["文件(&F)", "编辑(&E)", "视图(&V)", "续写(&D)", "小说(&N)", "帮助(&H)"]
    # Named in their own language on purpose: a writer finds their language in any UI.
    own_names = {"English", "简体中文"}
    english = [
        item.text()
        for top in window.menuBar().actions()
        for item in _items(top.menu())
        if item.text() not in own_names
        and not has_dense(item.text())
        and not item.objectName().startswith("spellingLanguage_en")  # dictionaries: own names
    ]
    assert english == []
    assert window.findChild(QAction, "suggestAction").text() == "生成续写建议(&S)"


def test_qts_own_buttons_are_chinese_too(chinese, make_window):
    make_window()
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"


def test_file_language_is_remembered_for_the_next_start(make_window, qtbot):
    window = make_window()
    window.findChild(QAction, "language_zh_CN").trigger()
    qtbot.waitUntil(lambda: load_settings().language == "zh_CN")
    assert "next start" in window.recent_messages.sentences()[0]


def test_a_sentence_made_in_core_is_said_in_chinese(chinese, make_window):
    from pathlib import Path

    from writer_app.core.manuscript.encoding import DecodeError, TextFormat

    window = make_window()
    error = DecodeError(Path("第一章.txt"), "", TextFormat())
    assert "not in an encoding" in str(error)  # English in the log and the CLI
    window.say(str(error))
    said = window.recent_messages.sentences()[0]
    assert has_dense(said) and "第一章.txt" in said and "encoding" not in said


# Words that stay as they are in a Chinese window: names, units, keys.
_KEPT = {"Top-k", "Top-p", "Min-p", "GPU", "CPU", "llama.cpp", "writer-app", "UTF-8", "GGUF", "MB",
         "Hugging", "Face", "OpenAI", "URL", "API", "Ctrl", "Shift", "Alt", "Tab", "Esc", "KV",
         "English", "http", "https", "localhost", "Metal", "CUDA", "Vulkan", "README", "Qt",
         "Python", "Gemma", "SmolLM2", "Q4", "K", "M", "Top-nσ", "DRY", "XTC"}  # fmt: skip


def _english_left(widget) -> list[str]:
    """Visible texts of ``widget`` and its children with English words and no Chinese."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QLineEdit

    found = []
    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, QLabel | QAbstractButton):
            texts = [child.text()]
        elif isinstance(child, QGroupBox):
            texts = [child.title()]
        elif isinstance(child, QLineEdit):
            texts = [child.placeholderText()]
        else:
            continue
        for text in texts:
            plain = re.sub(r"<[^>]+>|&\w+;|\(&\w\)|&", " ", text or "")
            words = [
                w.rstrip(".-")
                for w in re.findall(r"[A-Za-z][\w.'-]+", plain)
                if w.rstrip(".-") not in _KEPT and not w[1:].replace("_", "").isdigit()
            ]
            if words and not has_dense(plain) and child.isVisibleTo(widget):
                found.append(f"{type(child).__name__} {child.objectName()!r}: {text!r}")
    return found


def test_the_dialogs_a_writer_opens_are_in_chinese(chinese, make_window, qtbot):
    window = make_window()
    commands = window.commands
    dialogs = [
        commands.show_shortcuts(),
        commands.show_find_in_novel(),
        commands.show_progress(),
        window.model_loader.show_models(),
        window.engine_choice.show_preferences(),
    ]
    from writer_app.ui.dialogs.welcome import WelcomeDialog

    dialogs.append(WelcomeDialog(window))
    dialogs[-1].show()
    left = {}
    for dialog in dialogs:
        qtbot.waitUntil(dialog.isVisible)
        if english := _english_left(dialog):
            left[dialog.objectName()] = english
        dialog.close()
    assert left == {}
    assert _english_left(window) == []  # the window itself: panels, status bar


def test_the_dialogs_of_bad_moments_are_in_chinese(
    chinese, make_window, qtbot, tmp_path, monkeypatch
):
    """The dialogs a writer meets rarely, and in trouble: after a crash, the trash, a file
    changed by another program, a save that failed, a model's own settings."""
    from PySide6.QtWidgets import QMessageBox

    from writer_app.core.manuscript.journal import Journal, document_key
    from writer_app.core.manuscript.project import Project
    from writer_app.core.manuscript.recovery import find_recoverable
    from writer_app.core.manuscript.text_file import ExternalChange, SaveError
    from writer_app.core.text import sentence
    from writer_app.ui.dialogs.external_change import ask_about_external_change
    from writer_app.ui.dialogs.model_settings import ModelSettingsBox
    from writer_app.ui.dialogs.recovery import RecoveryDialog
    from writer_app.ui.dialogs.save_failed import ask_to_save_elsewhere
    from writer_app.ui.dialogs.trash import TrashDialog

    window = make_window()
    chapter = tmp_path / "风暴.txt"
    chapter.write_text("海很平静。\n", encoding="utf-8")
    Journal(document_key(chapter), chapter, encoding="UTF-8").record("海很平静。\n风暴来了。\n")
    novel = Project.create(tmp_path / "灯塔", "灯塔")
    novel.delete_chapter(novel.add_chapter("第二章", "夜。\n").id)

    left = {}
    for dialog in (
        RecoveryDialog(*find_recoverable()),
        TrashDialog(novel, window),
        ModelSettingsBox(gpu_available=True),
    ):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        if english := _english_left(dialog):
            left[type(dialog).__name__] = english

    def walked(box: QMessageBox) -> int:  # instead of waiting for the writer: look, then cancel
        if english := _english_left(box):
            left[box.objectName() or box.windowTitle()] = english
        left.setdefault("titles", []).append(box.windowTitle())
        box.button(QMessageBox.StandardButton.Cancel).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", walked)
    reason = sentence.translate("ManuscriptFile", "The file is read-only.")
    assert not ask_to_save_elsewhere(window, SaveError(chapter, reason))
    ask_about_external_change(window, ExternalChange(chapter, None), "mine", "theirs")
    titles = left.pop("titles")
    assert left == {}
    assert all(has_dense(title) for title in titles), titles
