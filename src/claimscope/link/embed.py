"""The link stage's sentence vectors: ``claimscope.encoder``'s (MiniLM, or the student under
the fast profile), with a disk cache for evaluation files and a seam to swap the encoder
(benchmarks and tests).

Vectors are L2-normalised float32, so a dot product is the cosine.
"""
from __future__ import annotations

import functools
import hashlib

import numpy as np

from .. import encoder
from ..derived import cache_dir
from ..encoder import DIM, MODEL_NAME, model

__all__ = ["MODEL_NAME", "DIM", "encode", "model", "use_encoder", "hashed_bag_of_words"]


def encode(texts: list[str], cache: bool = False, using: str | None = None) -> np.ndarray:
    """Normalised vectors of the encoder ``using`` names (``encoder.encode``; this process's
    reader when None); ``cache=True`` keeps them on disk keyed by the encoder and the texts'
    hash.

    The cache is for evaluation files that are embedded again and again (10,000
    verified claims take minutes on a CPU); corpus linking stores its vectors
    in the store instead.
    """
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    using = using or encoder.reader() or "minilm"
    compute = functools.partial(_encode, using=using)
    if cache and _override is None:
        return disk_cached(texts, encoder.model_name(using), "emb", compute)
    return compute(texts)


def disk_cached(texts: list[str], model_key: str, prefix: str, compute) -> np.ndarray:
    """``compute(texts)``, kept in claimscope's cache folder (``derived.cache_dir``) in a
    file named by the model and a hash of the texts."""
    root = cache_dir()
    if root is None:
        return compute(texts)
    digest = hashlib.sha256(model_key.encode())
    for text in texts:
        digest.update(text.encode("utf-8", "replace") + b"\0")
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


def _encode(texts: list[str], using: str) -> np.ndarray:
    if _override is not None:
        return np.asarray(_override(list(texts)), dtype=np.float32)
    return encoder.encode(list(texts), using)
