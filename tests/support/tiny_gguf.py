"""Tiny random-weight llama GGUF model plus scripted decoding, for tests.

``write_tiny_llama_gguf`` writes a ~0.2 MB GGUF v3 "llama" model (2 layers,
n_embd 32, f32 weights from a fixed seed) with a SentencePiece-style
tokenizer: ``<unk>``, ``<s>``, ``</s>``, the 256 byte-fallback tokens
``<0x00>``..``<0xFF>``, printable ASCII characters and a few word pieces.
English words tokenize into pieces; anything else (CJK, emoji, control bytes
such as ``\\n``) falls back to one byte token per UTF-8 byte.

``ScriptedLogits`` is a llama-cpp-python ``logits_processor`` that forces the
generation to follow a fixed token script (then EOS) while the real llama.cpp
engine still evaluates every token.  In llama-cpp-python 0.3.36 the processor
runs inside a custom native sampler placed *first* in the sampler chain, so
``scores`` is indexed by token id and ``input_ids`` holds every evaluated
token (prompt + tokens generated so far, but not the one being sampled).

Usage::

    vocab = write_tiny_llama_gguf(tmp_path / "tiny.gguf")
    llm = llama_cpp.Llama(model_path=str(tmp_path / "tiny.gguf"), n_ctx=512, verbose=False)
    script = ScriptedLogits(vocab.tokens_for_bytes("你".encode()) + [vocab.piece("▁cat")])
    for tok in llm.generate(llm.tokenize(b"The cat"), temp=0.0,
                            logits_processor=llama_cpp.LogitsProcessorList([script])):
        ...  # yields the script, then vocab.eos
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

SPIECE_SPACE = "\u2581"  # "▁", SentencePiece's word-boundary marker
UNK_ID, BOS_ID, EOS_ID = 0, 1, 2
BYTE_OFFSET = 3  # id of <0x00>
CONTEXT_LENGTH = 512

DEFAULT_PIECES: tuple[str, ...] = (
    "The", "Hello", "She",  # sentence-initial words (no space prefix is added)
    "▁The", "▁the", "▁cat", "▁sat", "▁on", "▁mat", "▁a", "▁Hello", "▁world",
    "▁She", "▁he", "▁said", "▁and", "▁was",
)  # fmt: skip

FIM_TOKENS = ("<fim_prefix>", "<fim_suffix>", "<fim_middle>")

# gguf TokenType values (kept as ints so importing this module needs no gguf).
_NORMAL, _UNKNOWN, _CONTROL, _BYTE = 1, 2, 3, 6


@dataclass(frozen=True)
class TinyVocab:
    """Token table of a tiny model, for looking up ids in tests."""

    tokens: tuple[str, ...]
    unk: int = UNK_ID
    bos: int = BOS_ID
    eos: int = EOS_ID
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {t: i for i, t in enumerate(self.tokens)})

    @property
    def n_vocab(self) -> int:
        return len(self.tokens)

    def byte_token(self, b: int) -> int:
        """Id of the byte-fallback token ``<0xNN>``."""
        if not 0 <= b <= 0xFF:
            raise ValueError(f"not a byte: {b!r}")
        return BYTE_OFFSET + b

    def tokens_for_bytes(self, data: bytes) -> list[int]:
        """One byte token per byte of ``data`` (e.g. 3 tokens per CJK char)."""
        return [BYTE_OFFSET + b for b in data]

    def piece(self, text: str) -> int:
        """Id of a normal piece such as ``"▁cat"`` or ``"."``; KeyError if absent."""
        i = self._index[text]
        if i < BYTE_OFFSET + 256:
            raise KeyError(f"{text!r} is a special or byte token, not a piece")
        return i

    def __contains__(self, text: object) -> bool:
        return text in self._index


def _build_vocab(extra_tokens: Sequence[str]) -> tuple[list[str], list[float], list[int]]:
    tokens = ["<unk>", "<s>", "</s>"] + [f"<0x{b:02X}>" for b in range(256)]
    types = [_UNKNOWN, _CONTROL, _CONTROL] + [_BYTE] * 256
    scores = [0.0] * len(tokens)
    # Single characters, then every prefix of every piece: llama.cpp's SPM
    # tokenizer only merges adjacent symbols whose concatenation is in the vocab,
    # so "▁cat" is reachable via "▁c" -> "▁ca" -> "▁cat".
    pieces: dict[str, None] = dict.fromkeys([SPIECE_SPACE] + [chr(c) for c in range(0x21, 0x7F)])
    for tok in extra_tokens:
        if not tok or tok.startswith("<"):
            raise ValueError(f"bad piece {tok!r}")
        pieces.update(dict.fromkeys(tok[:n] for n in range(1, len(tok) + 1)))
    for p in pieces:
        tokens.append(p)
        types.append(_NORMAL)
        scores.append(float(len(p)))  # longer pieces merge first
    return tokens, scores, types


def write_tiny_llama_gguf(
    path: Path,
    extra_tokens: Sequence[str] = DEFAULT_PIECES,
    *,
    n_layer: int = 2,
    n_embd: int = 32,
    n_head: int = 4,
    n_head_kv: int = 2,
    n_ff: int = 64,
    seed: int = 1234,
    add_space_prefix: bool = False,
    fim: bool = False,
) -> TinyVocab:
    """Write a tiny random llama GGUF to ``path`` and return its vocabulary.

    ``add_space_prefix`` defaults to False so that tokenizing "你好" gives exactly
    its 6 byte tokens; set it True for Llama-2 behaviour (a leading "▁" token).
    ``fim``: the vocabulary ends with fill-in-the-middle control tokens (``FIM_TOKENS``),
    declared in the metadata as a code model's are.
    """
    import gguf  # test-only dependency

    tokens, scores, types = _build_vocab(extra_tokens)
    if fim:
        tokens += list(FIM_TOKENS)
        scores += [0.0] * len(FIM_TOKENS)
        types += [_CONTROL] * len(FIM_TOKENS)
    n_vocab = len(tokens)
    head_dim = n_embd // n_head

    w = gguf.GGUFWriter(str(path), "llama")
    w.add_name("tiny-random-llama")
    w.add_file_type(gguf.LlamaFileType.ALL_F32)
    w.add_vocab_size(n_vocab)
    w.add_context_length(CONTEXT_LENGTH)
    w.add_embedding_length(n_embd)
    w.add_block_count(n_layer)
    w.add_feed_forward_length(n_ff)
    w.add_head_count(n_head)
    w.add_head_count_kv(n_head_kv)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_rope_dimension_count(head_dim)
    w.add_rope_freq_base(10000.0)

    w.add_tokenizer_model("llama")
    w.add_token_list(tokens)
    w.add_token_scores(scores)
    w.add_token_types(types)
    w.add_unk_token_id(UNK_ID)
    w.add_bos_token_id(BOS_ID)
    w.add_eos_token_id(EOS_ID)
    w.add_add_bos_token(True)
    w.add_add_eos_token(False)
    w.add_add_space_prefix(add_space_prefix)
    if fim:
        for role, token in zip(("pre", "suf", "mid"), FIM_TOKENS, strict=True):
            w.add_uint32(f"tokenizer.ggml.fim_{role}_token_id", tokens.index(token))

    # numpy shapes are ggml's ne reversed: ggml [n_embd, n_vocab] == numpy (n_vocab, n_embd).
    rng = np.random.RandomState(seed)

    def rand(*shape: int) -> npt.NDArray[np.float32]:
        return (rng.standard_normal(shape) * 0.02).astype(np.float32)

    ones = np.ones(n_embd, dtype=np.float32)
    w.add_tensor("token_embd.weight", rand(n_vocab, n_embd))
    for i in range(n_layer):
        blk = f"blk.{i}"
        w.add_tensor(f"{blk}.attn_norm.weight", ones)
        w.add_tensor(f"{blk}.attn_q.weight", rand(n_embd, n_embd))
        w.add_tensor(f"{blk}.attn_k.weight", rand(n_head_kv * head_dim, n_embd))
        w.add_tensor(f"{blk}.attn_v.weight", rand(n_head_kv * head_dim, n_embd))
        w.add_tensor(f"{blk}.attn_output.weight", rand(n_embd, n_embd))
        w.add_tensor(f"{blk}.ffn_norm.weight", ones)
        w.add_tensor(f"{blk}.ffn_gate.weight", rand(n_ff, n_embd))
        w.add_tensor(f"{blk}.ffn_up.weight", rand(n_ff, n_embd))
        w.add_tensor(f"{blk}.ffn_down.weight", rand(n_embd, n_ff))
    w.add_tensor("output_norm.weight", ones)
    w.add_tensor("output.weight", rand(n_vocab, n_embd))

    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return TinyVocab(tuple(tokens))


class ScriptedLogits:
    """``logits_processor`` forcing ``script`` token by token, then ``eos`` forever.

    The step is the number of tokens evaluated since the processor anchored on
    the first call.  It re-anchors (restarts the script) automatically whenever
    a call is not the direct continuation of the previous one (input grew by
    exactly one token, which is the token forced last time), so one instance
    can be reused across ``generate`` calls; ``reset()`` restarts explicitly.
    All non-scripted logits are set to -inf, so no later sampler in the chain
    (greedy, dist, top-k/top-p/min-p/typical, temperature, mirostat,
    repeat/frequency/presence penalties) can pick anything else.

    Caveat (llama-cpp-python 0.3.36): ``create_completion(logit_bias=...,
    logits_processor=...)`` silently drops *both* (it assigns the ``None``
    returned by ``list.extend``), so do not combine them.
    """

    def __init__(self, script: Sequence[int], eos: int = EOS_ID) -> None:
        self.script: tuple[int, ...] = tuple(int(t) for t in script)
        self.eos = eos
        self.forced: list[int] = []  # every token forced so far, for assertions
        self.reset()

    def reset(self) -> None:
        self._base: int | None = None
        self._last_len = -1
        self._last_forced: int | None = None

    @property
    def step(self) -> int:
        """Index into the script of the next token to force."""
        return 0 if self._base is None else self._last_len - self._base + 1

    def __call__(
        self, input_ids: npt.NDArray[np.intc], scores: npt.NDArray[np.single]
    ) -> npt.NDArray[np.single]:
        n = len(input_ids)
        continues = (
            self._base is not None
            and n == self._last_len + 1
            and int(input_ids[-1]) == self._last_forced
        )
        base = self._base if continues and self._base is not None else n
        self._base, self._last_len = base, n
        step = n - base
        target = self.script[step] if step < len(self.script) else self.eos
        if target >= len(scores):
            raise IndexError(f"token {target} outside the {len(scores)} candidates")
        scores[:] = -np.inf
        scores[target] = 0.0
        self._last_forced = target
        self.forced.append(target)
        return scores
