#!/usr/bin/env python3
"""Held-out perplexity and decode speed through llama.cpp, with and without a LoRA GGUF.

Usage (runs in the app's venv, needs only llama-cpp-python + numpy):
  .venv/bin/python eval_llamacpp.py BASE.gguf TEXT.txt [ADAPTER.gguf ...] [--scale 1.0]

The base model is loaded once; adapters are attached / detached on the live context with
llama_adapter_lora_init + llama_set_adapters_lora (n_adapters=0 detaches), which is how the
app can switch a writer's "voice" on and off without reloading the model.
"""

import argparse
import ctypes
import json
import os
import sys
import time

import llama_cpp
import numpy as np
from llama_cpp import Llama

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from textsplit import split_text  # noqa: E402


def set_adapter(llm: Llama, adapter, scale: float = 1.0) -> None:
    """Attach one adapter (or detach all with adapter=None) on llm's context."""
    if adapter is None:
        rc = llama_cpp.llama_set_adapters_lora(llm._ctx.ctx, None, 0, None)
    else:
        arr = (llama_cpp.llama_adapter_lora_p_ctypes * 1)(adapter)
        scales = (ctypes.c_float * 1)(scale)
        rc = llama_cpp.llama_set_adapters_lora(llm._ctx.ctx, arr, 1, scales)
    if rc != 0:
        raise RuntimeError(f"llama_set_adapters_lora failed: {rc}")
    llm.reset()  # cached KV was computed with the previous weights


def perplexity(llm: Llama, tokens) -> float:
    """exp(mean NLL) of tokens[1:] given their prefix, one forward pass (logits_all=True)."""
    llm.reset()
    llm.eval(tokens)
    logits = np.asarray(llm.scores[: len(tokens) - 1], dtype=np.float64)
    m = logits.max(axis=1, keepdims=True)
    logp = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    nll = -logp[np.arange(len(tokens) - 1), tokens[1:]]
    return float(np.exp(nll.mean()))


def decode_speed(llm: Llama, prompt_tokens, n: int = 64, reps: int = 2) -> float:
    """Greedy single-token decode speed (tokens/s) after a short prompt; best of `reps`."""
    best = 0.0
    for _ in range(reps):
        llm.reset()
        llm.eval(prompt_tokens)
        tok = int(np.argmax(llm.scores[llm.n_tokens - 1]))
        t = time.perf_counter()
        for _ in range(n):
            llm.eval([tok])
            tok = int(np.argmax(llm.scores[llm.n_tokens - 1]))
        best = max(best, n / (time.perf_counter() - t))
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("text")
    ap.add_argument("adapters", nargs="*")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--json", help="also write results here")
    args = ap.parse_args()

    _, held = split_text(open(args.text, encoding="utf-8").read())
    llm = Llama(
        args.base,
        n_ctx=2048,
        n_batch=2048,
        n_ubatch=512,
        logits_all=True,
        n_threads=args.threads,
        verbose=False,
    )
    # add_bos=True means "as the model's vocab says" (Gemma: yes, SmolLM2: no), which is
    # also what the HF tokenizer in train.py does.
    toks = llm.tokenize(held.encode("utf-8"), add_bos=True, special=False)[:2048]
    prompt = toks[:32]
    res = {"base": args.base, "held_out_tokens": len(toks)}

    res["ppl_base"] = perplexity(llm, toks)
    res["decode_tok_s_base"] = decode_speed(llm, prompt)
    print(
        f"base: held-out ppl {res['ppl_base']:.3f} over {len(toks)} tokens, "
        f"decode {res['decode_tok_s_base']:.1f} tok/s",
        flush=True,
    )

    for path in args.adapters:
        t = time.perf_counter()
        ad = llama_cpp.llama_adapter_lora_init(llm._model.model, path.encode())
        if not ad:
            raise RuntimeError(f"cannot load adapter {path}")
        load_ms = (time.perf_counter() - t) * 1e3
        set_adapter(llm, ad, args.scale)
        p = perplexity(llm, toks)
        sp = decode_speed(llm, prompt)
        set_adapter(llm, None)
        p_off = perplexity(llm, toks)  # sanity: detaching restores the base exactly
        llama_cpp.llama_adapter_lora_free(ad)
        r = {
            "ppl": p,
            "ratio": p / res["ppl_base"],
            "decode_tok_s": sp,
            "decode_cost": 1 - sp / res["decode_tok_s_base"],
            "load_ms": load_ms,
            "ppl_after_detach": p_off,
            "size_mib": os.path.getsize(path) / 2**20,
        }
        res[path] = r
        print(
            f"{path}: ppl {p:.3f} ({r['ratio']:.3f}x base), decode {sp:.1f} tok/s "
            f"({100 * r['decode_cost']:+.0f}% slower), load {load_ms:.0f} ms, "
            f"{r['size_mib']:.2f} MiB, ppl after detach {p_off:.3f}",
            flush=True,
        )

    if args.json:
        json.dump(res, open(args.json, "w"), indent=1)


if __name__ == "__main__":
    main()
