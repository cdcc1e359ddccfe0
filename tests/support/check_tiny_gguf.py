"""Self-check for tests/support/tiny_gguf.py against the real llama.cpp engine.

Run:  .venv/bin/python tests/support/check_tiny_gguf.py
Exits non-zero (AssertionError) on any failure.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import llama_cpp  # noqa: E402

from tests.support.tiny_gguf import ScriptedLogits, TinyVocab, write_tiny_llama_gguf  # noqa: E402


def run_script(
    llm: llama_cpp.Llama, prompt: list[int], script: list[int], **kw: object
) -> list[int]:
    """Generate until EOS (inclusive) with ``script`` forced; return the tokens."""
    proc = ScriptedLogits(script)
    out: list[int] = []
    for tok in llm.generate(prompt, logits_processor=llama_cpp.LogitsProcessorList([proc]), **kw):
        out.append(tok)
        if tok == llm.token_eos() or len(out) > len(script) + 5:
            break
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tiny.gguf"
        t0 = time.perf_counter()
        vocab: TinyVocab = write_tiny_llama_gguf(path)
        t_write = time.perf_counter() - t0
        t0 = time.perf_counter()
        llm = llama_cpp.Llama(model_path=str(path), n_ctx=512, verbose=False)
        t_load = time.perf_counter() - t0
        print(
            f"wrote {path.stat().st_size} bytes in {t_write * 1e3:.1f} ms, "
            f"loaded in {t_load * 1e3:.1f} ms; n_vocab={llm.n_vocab()} n_ctx={llm.n_ctx()}"
        )
        assert llm.n_vocab() == vocab.n_vocab
        assert (llm.token_bos(), llm.token_eos()) == (vocab.bos, vocab.eos)

        # --- tokenizer ---------------------------------------------------------
        zh = llm.tokenize("你好".encode(), add_bos=False, special=False)
        print("你好 ->", zh)
        assert zh == vocab.tokens_for_bytes("你好".encode()) and len(zh) == 6

        cat = llm.tokenize(b"The cat", add_bos=False, special=False)
        print("The cat ->", cat)
        assert cat == [vocab.piece("The"), vocab.piece("▁cat")]
        assert llm.tokenize(b"The cat")[0] == vocab.bos  # add_bos_token is on

        plain = llm.tokenize(b"a </s> b", add_bos=False, special=False)
        special = llm.tokenize(b"a </s> b", add_bos=False, special=True)
        print("a </s> b ->", plain, "| special=True ->", special)
        assert vocab.eos not in plain and vocab.eos in special

        nl = llm.tokenize(b"a\nb", add_bos=False, special=False)
        assert vocab.byte_token(0x0A) in nl
        assert llm.detokenize(zh) == "你好".encode()

        # --- scripted generation -------------------------------------------------
        script = (
            vocab.tokens_for_bytes("你".encode())  # 3 byte tokens
            + vocab.tokens_for_bytes("😀".encode())  # 4 byte tokens
            + [vocab.byte_token(0xFF)]  # invalid UTF-8 byte
            + [vocab.piece("▁cat")]
        )
        prompt = llm.tokenize(b"The cat sat on the mat.")
        expected = script + [vocab.eos]
        settings: list[dict[str, object]] = [
            {"temp": 0.0},
            {"temp": 0.8, "top_k": 40, "top_p": 0.95, "min_p": 0.05},
            {"temp": 1.5, "top_k": 0, "top_p": 1.0, "min_p": 0.0},
            {"temp": 0.7, "repeat_penalty": 1.3, "frequency_penalty": 0.5, "presence_penalty": 0.5},
            {"temp": 0.0, "repeat_penalty": 1.3},
        ]
        for kw in settings:
            out = run_script(llm, prompt, script, **kw)
            print(f"generate {kw} -> {out}")
            assert out == expected, (kw, out, expected)
        text = llm.detokenize(script)
        print("detokenized script:", text)
        assert text == "你😀".encode() + b"\xff cat"

        # Reusing one processor across generate calls restarts the script, and a
        # repeated byte script (same token several times) is still followed exactly.
        proc = ScriptedLogits(vocab.tokens_for_bytes(b"aaa\n"))
        lp = llama_cpp.LogitsProcessorList([proc])
        for _ in range(2):
            out = []
            for tok in llm.generate(prompt, temp=0.0, logits_processor=lp):
                out.append(tok)
                if tok == vocab.eos:
                    break
            assert out == vocab.tokens_for_bytes(b"aaa\n") + [vocab.eos], out

        # High-level streaming API with the same processor.
        chunks = llm.create_completion(
            "The cat",
            max_tokens=20,
            temperature=0.0,
            stream=True,
            logits_processor=llama_cpp.LogitsProcessorList([ScriptedLogits(script)]),
        )
        streamed = "".join(c["choices"][0]["text"] for c in chunks)
        print("create_completion(stream=True) text:", repr(streamed))

        t0 = time.perf_counter()
        n = len(run_script(llm, prompt, list(vocab.tokens_for_bytes(b"x" * 100)), temp=0.0))
        print(f"generated {n} scripted tokens in {(time.perf_counter() - t0) * 1e3:.1f} ms")
        llm.close()
    print("OK")


if __name__ == "__main__":
    main()
