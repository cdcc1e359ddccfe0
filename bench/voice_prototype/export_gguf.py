#!/usr/bin/env python3
"""Convert a PEFT LoRA adapter (from train.py) into llama.cpp's LoRA GGUF.

Usage:
  venv/bin/python export_gguf.py runs/NAME [--base MODEL.gguf] [--out adapter.gguf] [--f16]

llama.cpp LoRA GGUF format (src/llama-adapter.cpp, convert_lora_to_gguf.py):
  general.type = "adapter", general.architecture = the base model's arch,
  adapter.type = "lora", adapter.lora.alpha (f32; runtime scale = alpha / rank * user scale,
  the same as PEFT's lora_alpha / r).
  Tensors "<base tensor name>.lora_a" / ".lora_b", e.g. "blk.0.attn_q.weight.lora_a".
  In ggml ne order lora_a = [n_in, r], lora_b = [r, n_out]; gguf-py reverses numpy
  shapes, so the numpy arrays are PEFT's own layout: A (r, n_in), B (n_out, r).

Llama-arch q/k permutation: convert_hf_to_gguf.py permutes the rows of q_proj / k_proj
(interleaved -> half-split RoPE layout) and transformers un-permutes them when it loads a
GGUF.  The LoRA was trained in HF layout, so delta W = B @ A must get the same row
permutation; rows of delta W are rows of B, so only B is permuted (as convert_lora_to_gguf
does).  Gemma 3 is not permuted.
"""

import argparse
import json
import os

import gguf
import numpy as np
from safetensors.numpy import load_file

PERMUTED_ARCHES = {"llama"}  # archs whose q/k rows convert_hf_to_gguf.py permutes


def permute(w: np.ndarray, n_head: int) -> np.ndarray:
    """Same as LlamaModel.permute in convert_hf_to_gguf.py (pass n_head_kv for k)."""
    return (
        w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:])
        .swapaxes(1, 2)
        .reshape(w.shape)
    )


def base_info(path: str):
    r = gguf.GGUFReader(path)
    arch = bytes(r.fields["general.architecture"].parts[-1]).decode()
    n_layer = int(r.fields[f"{arch}.block_count"].parts[-1][0])
    names = {t.name for t in r.tensors}
    return arch, n_layer, names


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run", help="directory written by train.py")
    ap.add_argument("--base", help="base GGUF (default: the one recorded in meta.json)")
    ap.add_argument("--out", help="default: RUN/adapter.gguf")
    ap.add_argument("--f16", action="store_true", help="store A/B as f16 (half the size)")
    args = ap.parse_args()

    meta = json.load(open(os.path.join(args.run, "meta.json")))
    cfg = json.load(open(os.path.join(args.run, "adapter_config.json")))
    base = args.base or meta["gguf"]
    out = args.out or os.path.join(args.run, "adapter.gguf")
    arch, n_layer, base_names = base_info(base)
    if cfg.get("use_rslora") or cfg.get("use_dora"):
        raise SystemExit("rsLoRA / DoRA are not representable in llama.cpp's LoRA GGUF")
    alpha, rank = float(cfg["lora_alpha"]), int(cfg["r"])

    arch_enum = next(k for k, v in gguf.MODEL_ARCH_NAMES.items() if v == arch)
    name_map = gguf.get_tensor_name_map(arch_enum, n_layer)
    sd = load_file(os.path.join(args.run, "adapter_model.safetensors"))

    w = gguf.GGUFWriter(out, arch)
    w.add_type(gguf.GGUFType.ADAPTER)  # general.type = "adapter"
    w.add_string(gguf.Keys.Adapter.TYPE, "lora")  # adapter.type
    w.add_float32(gguf.Keys.Adapter.LORA_ALPHA, alpha)
    w.add_string("general.name", os.path.basename(os.path.abspath(args.run)))
    dtype = np.float16 if args.f16 else np.float32

    n = 0
    for key in sorted(sd):
        if ".lora_A." not in key:
            continue
        # "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight" -> HF module name
        hf = key.split(".lora_A.")[0].removeprefix("base_model.model.")
        a = sd[key].astype(np.float32)  # (r, n_in)
        b = sd[key.replace(".lora_A.", ".lora_B.")].astype(np.float32)  # (n_out, r)
        gg = name_map.get_name(hf + ".weight", try_suffixes=(".weight",))
        if gg is None or gg not in base_names:
            raise SystemExit(f"no base tensor for {hf} (mapped to {gg})")
        if arch in PERMUTED_ARCHES:
            if hf.endswith("q_proj"):
                b = permute(b, meta["n_head"])
            elif hf.endswith("k_proj"):
                b = permute(b, meta["n_head_kv"])
        w.add_tensor(gg + ".lora_a", np.ascontiguousarray(a.astype(dtype)))
        w.add_tensor(gg + ".lora_b", np.ascontiguousarray(b.astype(dtype)))
        n += 1

    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    print(
        f"wrote {out}: {n} LoRA pairs, arch {arch}, r={rank}, alpha={alpha}, "
        f"{os.path.getsize(out) / 2**20:.2f} MiB"
    )


if __name__ == "__main__":
    main()
