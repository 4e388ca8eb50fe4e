"""MiniLM vectors (and word-piece states) of a training set, kept on disk by a hash of the
texts: the training scripts embed the same datasets on every run, which takes minutes on a
CPU. Not part of the package: the pipeline keeps one page's encodings in memory only."""
from __future__ import annotations

import hashlib
import time
from pathlib import Path

import numpy as np

from claimscope import encoder
from claimscope.encoder import Encodings, TokenStates


def encode_cached(texts: list[str], name: str, folder, layers: tuple[int, ...] | None = None):
    """``Encodings().vectors(texts)`` — or with ``layers`` ``token_states(texts, layers)``, the
    states kept as float16 — kept on disk under ``folder``, by the encoder that made them
    (MiniLM, or the student under the fast profile: ``encoder.reader``)."""
    reader = encoder.reader()
    digest = hashlib.sha256(("\0".join(texts) + ("" if reader == "minilm" else f"\0{reader}")).encode()).hexdigest()[:16]
    kind = f"-tokens{'-'.join(map(str, layers))}" if layers else ""
    path = Path(folder) / f"{name}{kind}-{digest}.npz"
    if not path.exists():
        started = time.time()
        path.parent.mkdir(parents=True, exist_ok=True)
        if layers:
            vectors, tokens = Encodings().token_states(texts, layers=layers)
            np.savez(path, vectors=vectors, lengths=np.array([len(t.states) for t in tokens]),
                     states=np.concatenate([t.states for t in tokens]).astype(np.float16),
                     offsets=np.concatenate([t.offsets for t in tokens]))
        else:
            np.savez(path, vectors=Encodings().vectors(texts))
        print(f"embedded {len(texts)} {name} texts in {time.time() - started:.0f}s", flush=True)
    with np.load(path) as found:
        if not layers:
            return found["vectors"]
        bounds = np.concatenate([[0], np.cumsum(found["lengths"])])
        states, offsets = found["states"], found["offsets"]
        return found["vectors"], [TokenStates(states[a:b], offsets[a:b]) for a, b in zip(bounds, bounds[1:])]
