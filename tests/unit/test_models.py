from __future__ import annotations

import dataclasses
import struct

import pytest

from writer_app.core.models.gguf import ModelFileError, inspect_gguf


def header(version=3, tensors=1, kv=1) -> bytes:
    return b"GGUF" + struct.pack("<IQQ", version, tensors, kv)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "not a GGUF"),
        (b"PK\x03\x04" + bytes(100), "not a GGUF"),
        (header(version=99) + bytes(16), "unsupported GGUF version 99"),
        (header(tensors=2**40) + bytes(16), "implausible header"),
        (header(kv=1) + struct.pack("<Q", 2**40) + bytes(16), "claims"),
        (header(kv=1) + struct.pack("<Q", 4) + b"abcd", "truncated"),
    ],
)
def test_malformed_model_file_is_rejected_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "bad.gguf"
    path.write_bytes(content)
    with pytest.raises(ModelFileError, match=reason):
        inspect_gguf(path)


def test_folder_and_missing_file_are_named(tmp_path):
    with pytest.raises(ModelFileError, match="folder"):
        inspect_gguf(tmp_path)
    with pytest.raises(ModelFileError, match="no such file"):
        inspect_gguf(tmp_path / "nope.gguf")


def test_tiny_model_header_is_read(tiny_model):
    path, _ = tiny_model
    info = inspect_gguf(path)
    assert info.architecture == "llama" and info.tensor_count > 10
    assert info.context_length == 512
    assert info.parameter_count == 44_256  # embeddings and output 401x32 each, 2 layers, a norm
    assert info.parameter_label == "44K"


@pytest.mark.parametrize(
    ("count", "label"),
    [(None, ""), (44_256, "44K"), (134_515_008, "135M"), (999_600_000, "1.0B"),
     (7_241_732_096, "7.2B")],
)  # fmt: skip
def test_parameter_count_reads_like_a_model_name(tiny_model, count, label):
    info = dataclasses.replace(inspect_gguf(tiny_model[0]), parameter_count=count)
    assert info.parameter_label == label


def test_truncated_real_model_is_rejected(tiny_model, tmp_path):
    path, _ = tiny_model
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(ModelFileError, match="truncated"):
        inspect_gguf(cut)
