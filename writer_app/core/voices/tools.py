"""The training tools (PyTorch, transformers, PEFT): whether this installation has them,
and how to add them when the writer first trains a voice.

They are an optional extra (``pip install "writer-app[voice]"``): about 1.3 GB installed, too
much to put in every installer for a feature some writers never use.  PyTorch is taken from
PyTorch's own index of CPU builds on Linux and Windows (the package index's default Linux
build brings NVIDIA's libraries, 5.7 GB); macOS has only one build.  A GPU, when PyTorch sees
one, speeds training up, but none is needed.
"""

from __future__ import annotations

import importlib.util
import platform
import sys

# The modules the trainer imports, and the packages that bring them (pyproject's "voice" extra
# lists the same; tests/unit/test_voice_tools.py checks that they agree).
MODULES = {
    "torch": "torch>=2.4",
    "transformers": "transformers>=4.56",
    "peft": "peft>=0.17",
    "safetensors": "safetensors>=0.4",
    "sentencepiece": "sentencepiece>=0.2",
}
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
DOWNLOAD_BYTES = 260 * 10**6  # measured: torch's CPU wheel 192 MB, the rest about 70 MB
INSTALLED_BYTES = 1_300 * 10**6


def missing() -> list[str]:
    """The trainer's modules this Python cannot import (without importing any of them)."""
    absent = []
    for module in MODULES:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            absent.append(module)
    return absent


def can_install() -> bool:
    """Whether pip can add them here: a Python installation, not a bundled app."""
    return not getattr(sys, "frozen", False)


def install_commands(python: str | None = None) -> list[list[str]]:
    """The pip commands that add the missing tools, in order (PyTorch first, from the CPU
    index where there is one, so that nothing else pulls in another build of it)."""
    python = python or sys.executable
    absent = missing()
    pip = [python, "-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off"]
    commands = []
    if "torch" in absent:
        torch = [*pip, MODULES["torch"]]
        if platform.system() != "Darwin":
            torch += ["--index-url", CPU_INDEX]  # it has torch's own dependencies too
        commands.append(torch)
    rest = [MODULES[m] for m in absent if m != "torch"]
    if rest:
        commands.append([*pip, *rest])
    return commands
