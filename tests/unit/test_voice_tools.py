"""The training tools (core.voices.tools): what pyproject's "voice" extra installs is what the
app checks for and offers; PyTorch comes first, from its CPU index, so nothing pulls in the
package index's NVIDIA build."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from writer_app.core.voices import tools

ROOT = Path(__file__).resolve().parents[2]


def test_the_extra_lists_the_packages_the_app_offers():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    assert sorted(extras["voice"]) == sorted(tools.MODULES.values())


def test_nothing_missing_means_nothing_to_install(monkeypatch):
    monkeypatch.setattr(tools, "missing", lambda: [])
    assert tools.install_commands() == []


def test_torch_comes_first_from_the_cpu_index(monkeypatch):
    monkeypatch.setattr(tools, "missing", lambda: ["torch", "peft"])
    monkeypatch.setattr(tools.platform, "system", lambda: "Linux")
    first, second = tools.install_commands("python3")
    assert first[:4] == ["python3", "-m", "pip", "install"]
    assert tools.MODULES["torch"] in first
    assert first[first.index("--index-url") + 1] == tools.CPU_INDEX
    assert second[-1] == tools.MODULES["peft"] and "--index-url" not in second


def test_macos_takes_torch_from_the_package_index(monkeypatch):
    monkeypatch.setattr(tools, "missing", lambda: ["torch"])
    monkeypatch.setattr(tools.platform, "system", lambda: "Darwin")
    (only,) = tools.install_commands("python3")
    assert "--index-url" not in only


def test_a_bundled_app_cannot_install_them(monkeypatch):
    assert tools.can_install()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert not tools.can_install()


def test_what_this_python_lacks_is_found_without_importing_it(monkeypatch):
    monkeypatch.setitem(tools.MODULES, "no_such_module_here", "no-such-package")
    before = set(sys.modules)
    absent = tools.missing()
    assert "no_such_module_here" in absent
    assert "torch" not in set(sys.modules) - before
