from __future__ import annotations

from writer_app.core.local import llama_log

ERROR = 4


def log_lines(*lines: str) -> None:
    for line in lines:
        llama_log._on_log(ERROR, f"{line}\n".encode(), None)


def test_failed_load_names_the_cause_not_the_generic_last_line():
    mark = llama_log.mark()
    log_lines(
        "llama_model_load: error loading model: unknown model architecture: 'nonesuch'",
        "llama_model_load_from_file_impl: failed to load model",
    )
    assert llama_log.reason_since(mark) == "unknown model architecture: 'nonesuch'"


def test_header_error_from_gguf_comes_before_the_loader_summary():
    mark = llama_log.mark()
    log_lines(
        "gguf_init_from_file_impl: tensor 'a' has offset 4, expected 0",
        "gguf_init_from_file_impl: failed to read tensor data",
        "llama_model_load: error loading model: llama_model_loader: failed to load model from x",
        "llama_model_load_from_file_impl: failed to load model",
    )
    assert llama_log.reason_since(mark) == "tensor 'a' has offset 4, expected 0"


def test_only_generic_lines_still_give_a_reason():
    mark = llama_log.mark()
    log_lines("llama_model_load_from_file_impl: failed to load model")
    assert llama_log.reason_since(mark) == "failed to load model"
