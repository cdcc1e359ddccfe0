"""What the Models window shows about the real SmolLM2 comes from our own header check; it
must agree with what llama.cpp itself reports once the model is loaded."""

from __future__ import annotations

import ctypes
from pathlib import Path

import llama_cpp
import pytest

from writer_app.core.local import llama_log
from writer_app.core.models.gguf import inspect_gguf


@pytest.fixture(scope="module")
def llama_cpp_report(smollm_path: Path):
    """llama.cpp's own view of the model: architecture, training context, parameters."""
    llama_log.install()  # llama.cpp's load chatter goes to our log, not the terminal
    params = llama_cpp.llama_model_default_params()
    model = llama_cpp.llama_model_load_from_file(str(smollm_path).encode(), params)
    assert model, "llama.cpp could not load the test model"
    try:
        buffer = ctypes.create_string_buffer(256)
        size = llama_cpp.llama_model_meta_val_str(
            model, b"general.architecture", buffer, len(buffer)
        )
        assert size > 0
        yield {
            "architecture": buffer.value.decode(),
            "context_length": int(llama_cpp.llama_model_n_ctx_train(model)),
            "parameter_count": int(llama_cpp.llama_model_n_params(model)),
        }
    finally:
        llama_cpp.llama_model_free(model)


def test_header_check_reports_what_llama_cpp_reports(smollm_path, llama_cpp_report):
    info = inspect_gguf(smollm_path)
    assert info.architecture == llama_cpp_report["architecture"] == "llama"
    assert info.context_length == llama_cpp_report["context_length"]
    assert info.parameter_count is not None
    expected = llama_cpp_report["parameter_count"]
    assert abs(info.parameter_count - expected) <= expected / 100
    print(f"\nours {info.parameter_count:,} vs llama.cpp {expected:,} parameters")
    assert 130e6 < info.parameter_count < 140e6  # "SmolLM2-135M"
