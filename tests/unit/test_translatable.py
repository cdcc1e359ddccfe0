"""Every sentence the writer sees goes through Qt's translation system, read from the source of
``writer_app/ui`` with ``ast`` (nothing is imported).

- A bare string literal (one with a letter in it) passed straight to a call that shows text —
  ``setText``, ``setToolTip``, ``QLabel(…)``, ``QMessageBox.warning(…)``, a header label … —
  never reaches a translator.  Wrap it: ``self.tr("…")`` in a QObject's method,
  ``QCoreApplication.translate("Context", "…")`` elsewhere.
- pyside6-lupdate finds only literal text inside ``tr()`` / ``translate()``: an f-string or a
  ``.format()`` there is looked up as it reads after formatting, which no translation holds, and
  a helper like ``_tr(text)`` hides every string passed to it.  ``tr = self.tr`` then
  ``tr("…")`` is no better: lupdate files the text under no class, where ``self.tr`` never
  looks.

A deliberate exception (a font sample, a key's name) carries ``# untranslated: <reason>`` on
the line of the literal or of the call.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "writer_app" / "ui"
ESCAPE = re.compile(r"#\s*untranslated:\s*\S")

# Methods whose first argument is text the writer reads.
FIRST_ARG_TEXT = {
    "setText",
    "setWindowTitle",
    "setToolTip",
    "setPlaceholderText",
    "setStatusTip",
    "setWhatsThis",
    "showMessage",
    "setTitle",
    "setLabelText",
    "setInformativeText",
    "setIconText",
    "setSpecialValueText",
    "setPrefix",
    "setSuffix",
    "addItem",  # QComboBox / QListWidget: (text, data)
    "QListWidgetItem",
}
# Methods and constructors where any string argument is the text shown.
ANY_ARG_TEXT = {
    "addAction",
    "addMenu",
    "addButton",
    "QLabel",
    "QPushButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QAction",
    "QMenu",
    "QToolButton",
    "QDockWidget",
    "QProgressDialog",
    "QTreeWidgetItem",
    "addRow",  # QFormLayout: (label, field)
    "addTab",
    "setTabText",
    "addItems",
}
# Methods taking a list of column titles.
HEADER_LISTS = {"setHorizontalHeaderLabels", "setVerticalHeaderLabels", "setHeaderLabels"}
# QMessageBox's static functions: (parent, title, text, …).
MESSAGE_BOXES = {"information", "warning", "critical", "question", "about"}
# QFileDialog's and QInputDialog's static functions: (parent, caption/title, …).
CAPTIONED = {
    "getOpenFileName",
    "getOpenFileNames",
    "getSaveFileName",
    "getExistingDirectory",
    "getText",
    "getInt",
    "getDouble",
    "getItem",
    "getMultiLineText",
}
TEXT_KEYWORDS = {"text", "title", "caption", "label", "labelText", "windowTitle", "toolTip"}
TRANSLATORS = {"tr", "translate"}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _owner(func: ast.expr) -> str:
    """``QMessageBox`` for ``QMessageBox.warning``; "" otherwise."""
    if isinstance(func, ast.Attribute):
        return _name(func.value)
    return ""


def _bare_literals(node: ast.expr) -> Iterator[ast.Constant]:
    """String literals with a letter that reach the call untranslated: the argument itself, a
    side of ``+`` or ``%``, either branch of ``a if c else b``, ``"…".format(…)``, or an item
    of a list or tuple.  A call to anything else (``tr``, ``translate``, a helper) is not
    looked into, nor is an f-string."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str) and any(ch.isalpha() for ch in node.value):
            yield node
    elif isinstance(node, ast.BinOp):
        yield from _bare_literals(node.left)
        yield from _bare_literals(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _bare_literals(node.body)
        yield from _bare_literals(node.orelse)
    elif isinstance(node, (ast.List, ast.Tuple)):
        for item in node.elts:
            yield from _bare_literals(item)
    elif isinstance(node, ast.Call) and _name(node.func) == "format":
        if isinstance(node.func, ast.Attribute):
            yield from _bare_literals(node.func.value)


def _text_arguments(call: ast.Call) -> list[ast.expr]:
    """The arguments of ``call`` that are text shown to the writer."""
    name = _name(call.func)
    args = [arg for arg in call.args if not isinstance(arg, ast.Starred)]
    keywords = [kw.value for kw in call.keywords if kw.arg in TEXT_KEYWORDS]
    if name in FIRST_ARG_TEXT:
        return args[:1] + keywords
    if name in ANY_ARG_TEXT or name in HEADER_LISTS:
        return args + keywords
    if name in MESSAGE_BOXES and _owner(call.func) == "QMessageBox":
        return args[1:3] + keywords
    if name in CAPTIONED and _owner(call.func) in ("QFileDialog", "QInputDialog"):
        # getText/getInt/getItem…: (parent, title, label, …); getOpenFileName: (parent, caption)
        return args[1 : 3 if _owner(call.func) == "QInputDialog" else 2] + keywords
    if name == "QMessageBox":  # QMessageBox(icon, title, text, …)
        return args[1:3] + keywords
    return []


def _escaped(lines: list[str], *line_numbers: int) -> bool:
    return any(ESCAPE.search(lines[number - 1]) for number in line_numbers)


def _sources() -> Iterator[tuple[Path, list[str], ast.Module]]:
    for path in sorted(UI.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        yield path, source.splitlines(), ast.parse(source, str(path))


def _untranslated_in(where: str, lines: list[str], tree: ast.Module) -> list[str]:
    found: list[ast.Constant] = []
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        for argument in _text_arguments(call):
            for literal in _bare_literals(argument):
                if not _escaped(lines, literal.lineno, call.lineno):
                    found.append(literal)
    found.sort(key=lambda literal: (literal.lineno, literal.col_offset))
    return [f"{where}:{literal.lineno}: {literal.value!r}" for literal in found]


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    arguments = function.args
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    return {argument.arg for argument in every}


def _translator_calls(node: ast.AST, parameters: frozenset[str] = frozenset()):
    """Each ``tr(…)`` / ``translate(…)`` call, with the parameters of the function around it."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        parameters = frozenset(_parameters(node))
    if isinstance(node, ast.Call) and _name(node.func) in TRANSLATORS:
        yield node, parameters
    for child in ast.iter_child_nodes(node):
        yield from _translator_calls(child, parameters)


def _unfindable_in(where: str, lines: list[str], tree: ast.Module) -> list[str]:
    """``tr``/``translate`` calls whose text pyside6-lupdate cannot read.  A name, attribute or
    subscript is accepted (text kept in a constant marked with QT_TRANSLATE_NOOP), unless it
    is a parameter of the function around the call: that is a helper hiding its strings."""
    found = []
    calls = sorted(_translator_calls(tree), key=lambda pair: pair[0].lineno)
    for call, parameters in calls:
        name = _name(call.func)
        index = 1 if name == "translate" else 0
        if len(call.args) <= index or _escaped(lines, call.lineno):
            continue
        text = call.args[index]
        at = f"{where}:{call.lineno}"
        if name == "tr" and isinstance(call.func, ast.Name):
            found.append(f"{at}: tr() through an alias (tr = self.tr): write self.tr(…)")
        elif isinstance(text, ast.JoinedStr):
            found.append(f"{at}: an f-string inside {name}()")
        elif isinstance(text, (ast.Call, ast.BinOp, ast.IfExp)):
            found.append(f"{at}: {name}({ast.unparse(text)}) is not of a literal")
        elif isinstance(text, ast.Name) and text.id in parameters:
            found.append(
                f"{at}: {name}() of the parameter {text.id!r}: a helper wrapping {name}() "
                "hides every string passed to it from pyside6-lupdate"
            )
        elif (
            name == "translate"
            and isinstance(text, ast.Constant)
            and not isinstance(call.args[0], ast.Constant)
        ):
            found.append(f"{at}: translate() with a context that is not a string literal")
    return found


def _over_the_ui(check) -> list[str]:
    found = []
    for path, lines, tree in _sources():
        found += check(str(path.relative_to(ROOT)), lines, tree)
    return found


def test_every_visible_literal_is_translatable() -> None:
    found = _over_the_ui(_untranslated_in)
    assert not found, (
        "Text the writer sees is passed to Qt as a bare string literal, so it can never be "
        'translated.\nWrap each one: self.tr("…") inside a QObject/QWidget method, or '
        'QCoreApplication.translate("Context", "…") in a function or before '
        "super().__init__(); put values in {placeholders} and call .format() after tr().\n"
        "A deliberate exception (a font sample, a key's name) gets "
        '"# untranslated: <reason>" on the same line.\n\n' + "\n".join(found)
    )


def test_translated_text_is_a_literal_lupdate_can_read() -> None:
    found = _over_the_ui(_unfindable_in)
    assert not found, (
        "pyside6-lupdate reads only string literals inside self.tr()/translate() (with a "
        "literal context): these translations could never be found.\nWrite the literal in "
        'the call (self.tr("Saved {name}").format(name=…), never an f-string inside tr(), '
        "never tr = self.tr, whose text lupdate files under no class, where self.tr never "
        "looks); for text kept in a constant, mark it "
        'QT_TRANSLATE_NOOP("Context", "…") where it is defined and translate it where it is '
        'shown.\nA deliberate exception gets "# untranslated: <reason>" on the line.\n\n'
        + "\n".join(found)
    )


SAMPLE = """\
label.setText('Saved')
label.setText(self.tr('Saved'))
label.setText('Tab')  # untranslated: a key's name
label.setText(f'{name}')
label.setText(name)
label.setText('…')
QMessageBox.warning(self, 'Title', 'Text')
tree.setHeaderLabels(['Document', self.tr('Location')])
box.addButton('Copy', role)
label.setText('Saved {n}'.format(n=1))
label.setText(('A' if x else self.tr('B')) + ' ' + 'C')
name, _ = QFileDialog.getSaveFileName(self, 'Save', '', text_filter())
self.tr(f'Saved {name}')
self.tr('Saved {name}'.format(name=name))
def _tr(text):
    return QCoreApplication.translate('Context', text)
QCoreApplication.translate(CONTEXT, 'Saved')
QCoreApplication.translate('Theme', LABELS[key])
self.tr('Tab') + ' ' + self.tr('keeps it')
tr = self.tr
label.setText(tr('Saved'))
"""


def test_the_checks_see_what_they_should() -> None:
    """The checks themselves, on a sample: what is flagged and what is let through."""
    lines = SAMPLE.splitlines()
    tree = ast.parse(SAMPLE)
    assert _untranslated_in("s", lines, tree) == [
        "s:1: 'Saved'",
        "s:7: 'Title'",
        "s:7: 'Text'",
        "s:8: 'Document'",
        "s:9: 'Copy'",
        "s:10: 'Saved {n}'",
        "s:11: 'A'",
        "s:11: 'C'",
        "s:12: 'Save'",
    ]
    assert [line.split(":")[1] for line in _unfindable_in("s", lines, tree)] == [
        "13",
        "14",
        "16",
        "17",
        "21",
    ]
