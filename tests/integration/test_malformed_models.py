"""A corpus of malformed GGUF files: each is refused with a sentence naming the file and the
reason, by our header check or else by llama.cpp, and none takes the test process down.

Built from the real SmolLM2 model (its header, the data left as a sparse hole) and from the
tiny model (whole, so a file that passes our check reaches llama.cpp complete).
"""

from __future__ import annotations

import collections
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import malformed_gguf as corpus
from tests.support.malformed_gguf import Case, Source
from writer_app.core.local.config import EngineConfig, ModelLoadError
from writer_app.core.local.engine import LlamaCppEngine
from writer_app.core.models.gguf import ModelFileError, inspect_gguf

SMOLLM_TRUNCATIONS = 220
HEADER_CHECK, LLAMA_CPP = "rejected by our header check", "refused by llama.cpp"
TALLY: collections.Counter[str] = collections.Counter()


@pytest.fixture(scope="module")
def smollm(smollm_path: Path) -> Source:
    return Source.read("smollm", smollm_path)


@pytest.fixture(scope="module")
def tiny(tiny_model) -> Source:
    return Source.read("tiny", tiny_model[0])


def _both(family: Callable[[Source], list[Case]]) -> Callable[[Source, Source], list[Case]]:
    return lambda smollm, tiny: family(smollm) + family(tiny)


FAMILIES: dict[str, Callable[[Source, Source], list[Case]]] = {
    "smollm truncations": lambda s, t: corpus.truncations(s, SMOLLM_TRUNCATIONS),
    "tiny truncations": lambda s, t: corpus.truncations(t),
    "huge counts": _both(corpus.huge_counts),
    "huge lengths": _both(corpus.huge_lengths),
    "tensor shapes and types": _both(corpus.tensor_shapes),
    "tensor offsets": _both(corpus.tensor_offsets),
    "unknown value types": _both(corpus.value_types),
    "repeated keys and names": _both(corpus.repeats),
    "alignment values": _both(corpus.alignments),
    "wrong metadata for a model": lambda s, t: corpus.wrong_types(t),
    "flipped header fields": lambda s, t: (
        corpus.flipped_fields(s, 20) + corpus.flipped_fields(t, 30)
    ),
    "random bytes after the magic": lambda s, t: corpus.random_after_magic(t, 30),
    "odd files": lambda s, t: corpus.odd_files(),
}  # fmt: skip


def judge(path: Path) -> str:
    """Which layer refused the file; fails the test if none did or the message is unclear."""
    try:
        inspect_gguf(path)
    except ModelFileError as error:
        _assert_names_file_and_reason(str(error), path, error.reason)
        return HEADER_CHECK
    try:
        engine = LlamaCppEngine.load(EngineConfig(path, n_ctx=256))
    except ModelLoadError as error:
        _assert_names_file_and_reason(str(error), path, error.reason)
        print(f"  llama.cpp: {path.name}: {error.reason}")
        return LLAMA_CPP
    engine.close()
    return "loaded"


def _assert_names_file_and_reason(message: str, path: Path, reason: str) -> None:
    assert str(path) in message, message
    assert len(reason) > 8 and not reason.lower().startswith("failed to load model"), message


@pytest.mark.parametrize("family", FAMILIES)
def test_malformed_model_is_refused_with_the_file_and_the_reason(family, smollm, tiny, tmp_path):
    cases = FAMILIES[family](smollm, tiny)
    outcomes: collections.Counter[str] = collections.Counter()
    wrong: list[str] = []
    for case in cases:
        path = case.write(tmp_path)
        outcome = judge(path)
        outcomes[outcome] += 1
        if outcome == "loaded":
            wrong.append(case.name)
        case.remove(path)
    TALLY.update(outcomes)
    TALLY["files"] += len(cases)
    print(f"\n{family}: {len(cases)} files, {dict(outcomes)}")
    assert not wrong, f"{family}: loaded although malformed: {wrong}"


def test_corpus_is_large_and_truncates_the_real_model_at_many_boundaries(smollm, tiny):
    cases = [case for family in FAMILIES.values() for case in family(smollm, tiny)]
    assert len(cases) >= 200
    assert len({case.name for case in cases}) == len(cases)
    cuts = corpus.truncations(smollm, SMOLLM_TRUNCATIONS)
    lengths = {len(cut.content) if cut.size is None else cut.size for cut in cuts}
    assert len(lengths) >= 150
    print(f"\ncorpus: {len(cases)} files, {len(lengths)} truncations of SmolLM2")
    if TALLY:  # the families ran first in this session
        print(f"outcomes so far: {dict(TALLY)}")


def test_well_formed_rebuild_still_loads(tiny, tmp_path):
    """The corpus's own splicing is sound: an unchanged rebuild is a model llama.cpp loads."""
    path = tiny.rebuild("control", "unchanged", tiny.entry_bytes()).write(tmp_path)
    assert path.read_bytes() == tiny.head
    assert judge(path) == "loaded"
