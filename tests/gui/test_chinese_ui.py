"""A Chinese writer gets a Chinese window: the app's translation and Qt's own (standard buttons),
every command of every menu in Chinese, and File ▸ Language to choose another."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialogButtonBox

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
