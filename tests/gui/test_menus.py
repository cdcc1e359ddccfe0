"""The menus a writer expects on a desktop: File · Edit · View · Draft · Novel · Help, every
command's keys unique and listed in Help ▸ Keyboard Shortcuts, Edit working on the page, the
text size and full screen remembered."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QFontDialog

from tests.support.windows import shown_window
from writer_app.core.settings import load_settings
from writer_app.ui.dialogs.shortcuts import menu_commands
from writer_app.ui.editor.draft_editor import DEFAULT_TEXT_PT
from writer_app.ui.editor.themes import DARK, LIGHT


def action(window, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, f"no action {name}"
    return found


def test_the_menus_are_where_every_desktop_has_them(make_window):
    window = make_window()
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Draft", "&Novel", "&Help"]
    file_menu = window.menuBar().actions()[0].menu()
    last = [a for a in file_menu.actions() if not a.isSeparator()][-1]
    assert last.objectName() == "quitAction"
    assert action(window, "enginesAction").menuRole() == QAction.MenuRole.PreferencesRole
    commands = {command for _menu, command, _keys in menu_commands(window.menuBar())}
    assert {"Undo", "Paste", "Zoom In", "Full Screen", "Add Chapter…", "Keyboard Shortcuts"} <= (
        commands
    )


def test_no_two_commands_share_a_key(make_window):
    window = make_window()
    users: dict[str, set[str]] = defaultdict(set)
    for item in window.findChildren(QAction):
        for key in item.shortcuts():
            if not key.isEmpty():
                users[key.toString()].add(item.objectName() or item.text())
    clashes = {key: names for key, names in users.items() if len(names) > 1}
    assert not clashes, f"keys used by more than one command: {clashes}"
    assert len(users) > 30  # the check saw the window's commands, not an empty list


def _menus(menu) -> list:
    found = [menu]
    for item in menu.actions():
        if item.menu() is not None:
            found += _menus(item.menu())
    return found


def test_no_two_items_of_a_menu_share_an_access_letter(make_window):
    """Alt+F, then the underlined letter: each letter leads to one item (in every language,
    since the translations keep the letters)."""
    window = make_window()
    bar_letters = [a.text().split("&")[1][0].lower() for a in window.menuBar().actions()]
    assert len(set(bar_letters)) == len(bar_letters)
    seen = 0
    for top in window.menuBar().actions():
        for menu in _menus(top.menu()):
            menu.aboutToShow.emit()  # lists filled as they open (Open Recent, Language…)
            letters = defaultdict(list)
            for item in menu.actions():
                text = item.text().replace("&&", "")
                if "&" in text:
                    letters[text.split("&")[1][:1].lower()].append(item.text())
                    seen += 1
            clashes = {k: v for k, v in letters.items() if len(v) > 1}
            assert not clashes, f"{menu.title()}: {clashes}"
    assert seen > 40


def test_keyboard_shortcuts_lists_every_command_with_keys_and_searches(qtbot, make_window):
    window = make_window()
    dialog = window.commands.show_shortcuts()
    qtbot.waitExposed(dialog)
    table = dialog.table
    listed = {
        table.item(row, 0).text(): table.item(row, 1).text() for row in range(table.rowCount())
    }
    in_menus = [a for _m, a, keys in menu_commands(window.menuBar()) if keys]
    assert in_menus and all(command in listed for command in in_menus)
    undo = QKeySequence(QKeySequence.StandardKey.Undo).toString(
        QKeySequence.SequenceFormat.NativeText
    )
    assert undo in listed["Undo"]
    assert listed["Accept Suggestion"] == "Tab"  # a key the editor handles, named in the menu
    qtbot.keyClicks(dialog.filter, "zoom")
    assert sorted(dialog.visible_commands()) == ["Zoom In", "Zoom Out"]
    dialog.filter.setText("Ctrl+Shift+B")  # searching by key finds the command
    assert dialog.visible_commands() == ["Branches Here…"]
    dialog.reject()


def test_paste_brings_plain_text_and_undo_takes_it_back(qtbot, make_window):
    window = make_window()
    window.editor.setFocus()
    rich = QMimeData()
    rich.setHtml("<p><b>Ashes</b> on the <i>snow</i></p>")
    rich.setText("Ashes on the snow")
    QApplication.clipboard().setMimeData(rich)
    try:
        action(window, "pasteAction").trigger()
    finally:
        # Mime data made in Python and left on the clipboard crashes the process at exit
        # (docs/stack-facts.md); the clipboard lets go of it here.
        QApplication.clipboard().clear()
    assert window.editor.toPlainText() == "Ashes on the snow"
    cursor = window.editor.textCursor()
    cursor.setPosition(2)
    assert not cursor.charFormat().font().bold()  # no formatting came with it
    undo = action(window, "undoAction")
    assert undo.isEnabled()
    undo.trigger()
    assert window.editor.toPlainText() == ""
    assert not undo.isEnabled()
    action(window, "redoAction").trigger()
    assert window.editor.toPlainText() == "Ashes on the snow"


def test_text_size_and_full_screen_are_remembered(qtbot, make_window):
    window = make_window()
    for _ in range(3):
        action(window, "zoomIn").trigger()
    assert window.editor.text_size() == DEFAULT_TEXT_PT + 3
    action(window, "fullScreenAction").trigger()
    qtbot.waitUntil(lambda: bool(window.windowState() & Qt.WindowState.WindowFullScreen))
    window.shutdown()  # saves the settings
    assert load_settings().text_pt == DEFAULT_TEXT_PT + 3 and load_settings().full_screen

    again = shown_window(qtbot)
    again.start()
    assert again.editor.text_size() == DEFAULT_TEXT_PT + 3
    assert action(again, "fullScreenAction").isChecked()
    action(again, "zoomReset").trigger()
    action(again, "fullScreenAction").trigger()
    assert again.editor.text_size() == DEFAULT_TEXT_PT
    qtbot.waitUntil(lambda: not again.windowState() & Qt.WindowState.WindowFullScreen)
    again.shutdown()
    assert load_settings().text_pt == DEFAULT_TEXT_PT and not load_settings().full_screen


def test_a_theme_colours_the_page_and_the_ghost_and_is_remembered(qtbot, make_window):
    window = make_window()
    default_window = QApplication.palette().color(QPalette.ColorRole.Window)
    action(window, "themeDark").trigger()
    editor = window.editor
    assert editor.palette().color(QPalette.ColorRole.Base) == QColor(DARK.paper)
    assert editor.palette().color(QPalette.ColorRole.Text) == QColor(DARK.ink)
    assert editor.ghost_colour() == QColor(DARK.ghost)
    assert QApplication.palette().color(QPalette.ColorRole.Window) == QColor(DARK.window)
    window.shutdown()
    assert load_settings().theme == "dark"

    again = shown_window(qtbot)
    assert again.editor.palette().color(QPalette.ColorRole.Base) == QColor(DARK.paper)
    assert action(again, "themeDark").isChecked()
    action(again, "themeLight").trigger()  # the desktop's own colours come back
    assert QApplication.palette().color(QPalette.ColorRole.Window) == default_window
    assert again.editor.ghost_colour() == QColor(LIGHT.ghost)
    again.shutdown()
    assert load_settings().theme == "light"


def test_the_font_chosen_is_the_page_s_and_is_remembered(qtbot, make_window, monkeypatch):
    window = make_window()
    chosen = QFont("DejaVu Sans", 30)

    def get_font(initial, _parent=None, _title="", *args):
        assert initial.family() == window.editor.text_family()  # the chooser starts at ours
        return True, chosen  # PySide returns (ok, font)

    monkeypatch.setattr(QFontDialog, "getFont", staticmethod(get_font))
    size = window.editor.text_size()
    action(window, "fontAction").trigger()
    assert window.editor.text_family() == "DejaVu Sans"
    assert window.editor.text_size() == size  # the size stays Zoom's
    window.shutdown()
    assert load_settings().text_family == "DejaVu Sans"
    again = shown_window(qtbot)
    assert again.editor.text_family() == "DejaVu Sans"
    again.shutdown()


def test_the_user_guide_is_the_readme_shown_offline(qtbot, make_window):
    window = make_window()
    action(window, "userGuideAction").trigger()
    guide = window.findChild(QDialog, "guideDialog")
    qtbot.waitUntil(lambda: guide is not None and guide.isVisible())
    text = guide.browser.toPlainText()
    assert "Two commands" in text and "Spelling" in text
    assert not guide.browser.openExternalLinks()
    guide.close()
