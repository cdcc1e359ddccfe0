"""The layering of writer_app, read from its own source with ``ast`` (nothing is imported).

- ``core`` never imports Qt: it runs in the CLI, in tests and on worker threads, with no GUI.
- ``llama_cpp`` is imported only under ``core/local``: one place holds what the native library
  needs, and the rest of the app can run (and draft on a server) without it.
- ``huggingface_hub`` is imported only by ``core/models/hub.py``, the one download module.
- No two modules import each other, directly or round a longer loop, at import time (imports
  inside functions and under ``if TYPE_CHECKING:`` do not count).
- The packages of ``core`` import downwards only, as ``LAYERS`` says (lazy imports count).
- And, run for real in a fresh interpreter: importing the window loads neither llama.cpp nor
  huggingface_hub (a writer drafting on a server never loads llama.cpp).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "writer_app"
QT = {"PySide6", "PySide2", "PyQt6", "PyQt5", "shiboken6", "qtpy"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> dict[str, tuple[Path, ast.Module]]:
    return {
        _module_name(path): (path, ast.parse(path.read_text(encoding="utf-8"), str(path)))
        for path in sorted(APP.rglob("*.py"))
    }


SOURCES = _sources()


def _absolute(module: str, node: ast.ImportFrom) -> str:
    """The module a ``from … import`` names, with relative imports resolved."""
    if not node.level:
        return node.module or ""
    is_package = SOURCES[module][0].name == "__init__.py"
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _imported(module: str, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    """Every module an import statement loads: ``from a import b`` is ``a.b`` when that is a
    module of the app, else ``a``."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    base = _absolute(module, node)
    for alias in node.names:
        yield f"{base}.{alias.name}" if f"{base}.{alias.name}" in SOURCES else base


def _all_imports(module: str) -> Iterator[tuple[str, int]]:
    """Imports anywhere in the module, lazy ones inside functions included."""
    for node in ast.walk(SOURCES[module][1]):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for name in _imported(module, node):
                yield name, node.lineno


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_time_imports(module: str) -> Iterator[str]:
    """Imports that run when the module is imported: not in functions, not for type checkers."""
    pending: list[ast.AST] = list(SOURCES[module][1].body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            pending.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield from _imported(module, node)
            continue
        pending.extend(ast.iter_child_nodes(node))


def _violations(allowed: Callable[[str], bool], forbidden: set[str]) -> list[str]:
    """``file:line imports name`` for each import of a top-level package in ``forbidden``
    from a module for which ``allowed(module)`` is false."""
    found = []
    for module, (path, _tree) in SOURCES.items():
        if allowed(module):
            continue
        for name, line in _all_imports(module):
            if name.split(".")[0] in forbidden:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    return found


def _under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_core_never_imports_qt():
    found = _violations(lambda m: not _under(m, "writer_app.core"), QT)
    assert not found, "Qt imported under core:\n" + "\n".join(found)


def test_only_core_local_imports_llama_cpp():
    found = _violations(lambda m: _under(m, "writer_app.core.local"), {"llama_cpp"})
    assert not found, "llama_cpp imported outside core/local:\n" + "\n".join(found)


def test_only_the_download_module_imports_huggingface_hub():
    hub = "writer_app.core.models.hub"
    found = _violations(lambda m: m == hub, {"huggingface_hub"})
    assert not found, "huggingface_hub imported outside core/models/hub.py:\n" + "\n".join(found)


def test_only_the_trainer_imports_the_training_stack():
    trainer = "writer_app.core.voices.training"
    found = _violations(lambda m: m == trainer, {"torch", "transformers", "peft"})
    assert not found, "the training stack imported outside the trainer:\n" + "\n".join(found)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_no_import_cycles():
    graph: dict[str, set[str]] = {}
    for module in SOURCES:
        targets = set()
        for name in _import_time_imports(module):
            parts = name.split(".")
            # importing a.b.c runs a/__init__.py and a/b/__init__.py first
            targets.update(".".join(parts[:n]) for n in range(1, len(parts) + 1))
        graph[module] = {t for t in targets if t in SOURCES and t != module}
    cycles = _cycles(graph)
    assert not cycles, "modules that import each other:\n" + "\n".join(map(" <-> ".join, cycles))


# What each package of core may import from the app, besides ``writer_app`` itself (its name
# and version).  The order of docs/architecture.md: storage and text at the bottom, the two
# engines side by side and blind to each other, settings above them, ui and the CLI on top.
CORE = "writer_app.core"
LAYERS: dict[str, set[str]] = {
    "storage": {"text"},  # core.text.sentence: the sentences it tells the writer
    "text": set(),
    "prompt": {"storage", "text"},
    "drafting": {"prompt", "storage", "text"},
    "manuscript": {"storage", "text"},
    "models": {"drafting", "storage", "text"},
    "local": {"drafting", "models", "prompt", "storage", "text", "voices"},
    "remote": {"drafting", "models", "prompt", "storage", "text"},
    "settings": {"drafting", "local", "storage", "text"},
    "export": {"drafting", "manuscript", "storage", "text"},
    "voices": {"models", "storage", "text"},
}


def _core_package(module: str) -> str | None:
    """``local`` for ``writer_app.core.local.engine``; None outside core."""
    parts = module.split(".")
    return parts[2] if parts[:2] == ["writer_app", "core"] and len(parts) > 2 else None


def test_core_packages_import_downwards_only():
    assert set(LAYERS) == {_core_package(m) for m in SOURCES if _core_package(m) is not None}, (
        "a package of core is missing from LAYERS (or LAYERS names one that is gone)"
    )
    found = []
    for module, (path, _tree) in SOURCES.items():
        package = _core_package(module)
        if package is None:
            continue
        for name, line in _all_imports(module):
            target = _core_package(name)
            if name.startswith("writer_app.ui") or name == "writer_app.cli":
                found.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
            elif target not in (None, package) and target not in LAYERS[package]:
                found.append(
                    f"{path.relative_to(ROOT)}:{line} imports {name} ({package} -> {target})"
                )
    assert not found, "imports against the layers of core:\n" + "\n".join(found)


def test_the_window_loads_neither_llama_cpp_nor_huggingface_hub():
    heavy = ("llama_cpp", "huggingface_hub", "torch", "transformers", "peft")
    probe = (
        "import sys; import writer_app.ui.main_window, writer_app.ui.app; "
        f"print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == [], f"importing the window loaded: {done.stdout.strip()}"
