#!/usr/bin/env python3
"""Train a LoRA adapter on a writer's prose, starting from a quantized GGUF model.

Usage:
  venv/bin/python train.py --gguf MODEL.gguf --text story.txt --out runs/NAME [--minutes 10]

How it works
  * transformers loads the GGUF directly (`gguf_file=`) and dequantizes every
    tensor to float32, so the LoRA is trained against exactly the weights that
    llama.cpp will run (the Q4 base), not against some other fp16 checkpoint.
  * The text is split by characters: the first 90 % (cut at a line break) is
    training data, the last 10 % is held out for perplexity.
  * Each step draws `--batch` random windows of `--seq` tokens from the training
    token stream (random offsets act as cheap augmentation on a tiny corpus).
  * Training stops at the wall-clock budget (`--minutes`) or `--max-steps`.
  * Writes OUT/adapter_model.safetensors + adapter_config.json (PEFT format),
    OUT/meta.json (what export_gguf.py needs) and OUT/train_log.json.
"""

import argparse
import json
import math
import os
import random
import resource
import time

import torch
from peft import LoraConfig, get_peft_model
from textsplit import split_text
from transformers import AutoModelForCausalLM, AutoTokenizer


def cpu_s() -> float:
    """User+system CPU seconds of this process (robust to other load on the box)."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def peak_rss_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # Linux: KiB


@torch.no_grad()
def perplexity(model, ids: torch.Tensor, window: int = 1024) -> float:
    """Perplexity of a 1-D token tensor; non-overlapping windows if it is long."""
    model.eval()
    nll, n = 0.0, 0
    for s in range(0, ids.numel() - 1, window):
        chunk = ids[s : s + window + 1].unsqueeze(0)
        logits = model(chunk[:, :-1]).logits.float()
        loss = torch.nn.functional.cross_entropy(
            logits.view(-1, logits.size(-1)), chunk[:, 1:].reshape(-1), reduction="sum"
        )
        nll += loss.item()
        n += chunk.size(1) - 1
    return math.exp(nll / n)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gguf", required=True, help="base model GGUF (Q4 etc.)")
    ap.add_argument("--text", required=True, help="UTF-8 prose to learn from")
    ap.add_argument("--out", required=True)
    ap.add_argument("--minutes", type=float, default=10.0, help="wall-clock training budget")
    ap.add_argument("--max-steps", type=int, default=10**9)
    ap.add_argument("--seq", type=int, default=256)
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--alpha", type=float, default=32)
    ap.add_argument("--dropout", type=float, default=0.05)
    ap.add_argument("--targets", default="q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj")
    ap.add_argument(
        "--eval-every", type=int, default=25, help="steps between held-out evals (0 = only at end)"
    )
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    os.makedirs(args.out, exist_ok=True)

    t0 = time.time()
    d, f = os.path.split(os.path.abspath(args.gguf))
    tok = AutoTokenizer.from_pretrained(d, gguf_file=f)
    model = AutoModelForCausalLM.from_pretrained(d, gguf_file=f, dtype=torch.float32)
    t_load = time.time() - t0
    print(f"loaded {model.config.model_type} in {t_load:.1f}s, rss {peak_rss_mb()} MB", flush=True)

    text = open(args.text, encoding="utf-8").read()
    train_txt, held_txt = split_text(text)
    # Tokenizer defaults decide BOS (Gemma adds <bos>, SmolLM2 does not) - the
    # llama.cpp eval uses the same convention via llama_vocab add_bos.
    train_ids = torch.tensor(tok(train_txt).input_ids)
    held_ids = torch.tensor(tok(held_txt).input_ids)
    print(f"train tokens {train_ids.numel()}, held-out tokens {held_ids.numel()}", flush=True)

    ppl_base = perplexity(model, held_ids)
    print(f"base held-out ppl {ppl_base:.3f}", flush=True)

    cfg = LoraConfig(
        r=args.rank,
        lora_alpha=args.alpha,
        lora_dropout=args.dropout,
        target_modules=args.targets.split(","),
        bias="none",
        task_type="CAUSAL_LM",
    )
    model = get_peft_model(model, cfg)
    model.print_trainable_parameters()
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.0)

    budget = args.minutes * 60
    warmup = 10
    seq = min(args.seq, train_ids.numel() - 1)
    log = {"args": vars(args), "load_s": t_load, "ppl_base": ppl_base, "evals": []}
    step, tokens, t_train, c_train = 0, 0, 0.0, 0.0
    while step < args.max_steps and t_train < budget:
        ts, cs = time.time(), cpu_s()
        model.train()
        # Random windows; BOS (if any) only sits at the stream start, which is fine.
        starts = [random.randint(0, train_ids.numel() - seq - 1) for _ in range(args.batch)]
        x = torch.stack([train_ids[s : s + seq + 1] for s in starts])
        # lr: linear warmup, then cosine decay over the *time* budget.
        frac = min(t_train / budget, 1.0)
        lr = (
            args.lr
            * min(1.0, (step + 1) / warmup)
            * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * frac)))
        )
        for g in opt.param_groups:
            g["lr"] = lr
        logits = model(input_ids=x[:, :-1]).logits
        loss = torch.nn.functional.cross_entropy(
            logits.reshape(-1, logits.size(-1)).float(), x[:, 1:].reshape(-1)
        )
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        step += 1
        tokens += x[:, :-1].numel()
        t_train += time.time() - ts
        c_train += cpu_s() - cs
        if step % 5 == 0:
            print(
                f"step {step} loss {loss.item():.3f} lr {lr:.2e} "
                f"{tokens / t_train:.0f} tok/s  {t_train / 60:.1f} min",
                flush=True,
            )
        if args.eval_every and step % args.eval_every == 0:
            p = perplexity(model, held_ids)
            log["evals"].append({"step": step, "min": t_train / 60, "ppl": p})
            print(
                f"  eval step {step}: held-out ppl {p:.3f} ({p / ppl_base:.3f}x base)", flush=True
            )

    ppl_after = perplexity(model, held_ids)
    log.update(
        steps=step,
        train_tokens=tokens,
        train_s=t_train,
        tok_per_s=tokens / t_train,
        train_cpu_s=c_train,
        tok_per_cpu_s=tokens / c_train,
        ppl_after=ppl_after,
        ratio=ppl_after / ppl_base,
        peak_rss_mb=peak_rss_mb(),
        epochs=tokens / train_ids.numel(),
    )
    print(
        f"done: {step} steps, {tokens} tokens ({log['epochs']:.1f} epochs) "
        f"in {t_train / 60:.1f} min, {log['tok_per_s']:.0f} tok/s "
        f"({log['tok_per_cpu_s']:.1f} tok/CPU-s), ppl {ppl_base:.3f} -> {ppl_after:.3f} "
        f"({log['ratio']:.3f}x), peak RSS {log['peak_rss_mb']} MB",
        flush=True,
    )

    model.save_pretrained(args.out)  # PEFT: adapter_model.safetensors + adapter_config.json
    c = model.base_model.model.config
    meta = {
        "gguf": os.path.abspath(args.gguf),
        "model_type": c.model_type,
        "n_head": c.num_attention_heads,
        "n_head_kv": c.num_key_value_heads,
        "rank": args.rank,
        "alpha": args.alpha,
        "text": os.path.abspath(args.text),
    }
    json.dump(meta, open(os.path.join(args.out, "meta.json"), "w"), indent=1)
    json.dump(log, open(os.path.join(args.out, "train_log.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
