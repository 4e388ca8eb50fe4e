"""The learned line model: labels every line article, comment or boilerplate.

Two passes of a binned linear model (an additive model: each feature is cut into
quantile bins and each bin carries one weight per label, so the model is a table
lookup and a sum, read with numpy alone):

1. the line's features with its neighbours' (features.py);
2. the same plus the first pass's label probabilities of the neighbours and of the
   lines around them, so a line sees what the model thinks of its surroundings
   (stacking, trained on out-of-fold first-pass output).

The artefact is one ``.npz`` (models/segment-lines.npz) written by
``scripts/train_segment_lines.py``; its card is docs/models/segment-lines.md.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .features import NEIGHBOUR_COLUMNS, context, line_features, window_mean
from .lines import Line

__all__ = ["LABELS", "BinnedLinear", "LineModel", "load_model", "first_pass_input", "second_pass_input",
           "MODEL_PATH"]

LABELS = ("article", "comment", "boilerplate")
MODEL_PATH = Path(__file__).resolve().parent / "models" / "segment-lines.npz"
PROB_OFFSETS = (-3, -2, -1, 1, 2, 3)


@dataclass(frozen=True)
class BinnedLinear:
    """Per feature, inner bin edges; per bin, one weight per label; one bias per label."""

    edges: tuple[np.ndarray, ...]
    offsets: np.ndarray  # first weight row of each feature's bins
    weights: np.ndarray  # (total bins, labels)
    bias: np.ndarray  # (labels,)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        logits = np.repeat(self.bias[None, :], len(x), axis=0)
        for j, edges in enumerate(self.edges):
            logits += self.weights[np.searchsorted(edges, x[:, j], side="right") + self.offsets[j]]
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        return odds / odds.sum(axis=1, keepdims=True)

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}_edges": np.concatenate(self.edges) if self.edges else np.zeros(0),
                f"{prefix}_sizes": np.array([len(e) for e in self.edges]),
                f"{prefix}_weights": self.weights, f"{prefix}_bias": self.bias}

    @classmethod
    def from_arrays(cls, data, prefix: str) -> BinnedLinear:
        sizes = data[f"{prefix}_sizes"]
        flat = data[f"{prefix}_edges"].astype(np.float32)
        cuts = np.concatenate([[0], np.cumsum(sizes)])
        edges = tuple(flat[cuts[j]:cuts[j + 1]] for j in range(len(sizes)))
        offsets = np.concatenate([[0], np.cumsum(sizes + 1)[:-1]]).astype(np.int64)
        return cls(edges, offsets, data[f"{prefix}_weights"].astype(np.float32),
                   data[f"{prefix}_bias"].astype(np.float32))


@dataclass(frozen=True)
class LineModel:
    first: BinnedLinear
    second: BinnedLinear
    checksum: str

    def predict(self, table: list[Line], rule_kinds: list[str], author_lines: set[int],
                recurs) -> np.ndarray:
        """(lines, labels) probabilities for the lines of one page."""
        if not table:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        base = first_pass_input(table, rule_kinds, author_lines, recurs)
        probs = self.first.probabilities(base)
        return self.second.probabilities(second_pass_input(base, probs))


def first_pass_input(table, rule_kinds, author_lines, recurs) -> np.ndarray:
    return context(line_features(table, rule_kinds, author_lines, recurs), NEIGHBOUR_COLUMNS)


def second_pass_input(base: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """First-pass probabilities of the neighbours and their mean over wider windows."""
    windows = [window_mean(probs[:, k], r) for k in range(len(LABELS)) for r in (2, 8, 25)]
    seen_comment = np.maximum.accumulate(window_mean(probs[:, 1], 3)) if len(probs) else probs[:, 1]
    with_probs = context(np.hstack([base, probs]), range(base.shape[1], base.shape[1] + len(LABELS)),
                         PROB_OFFSETS)
    return np.hstack([with_probs, np.column_stack(windows + [seen_comment])]).astype(np.float32)


@lru_cache(maxsize=2)
def load_model(path: str = str(MODEL_PATH)) -> LineModel:
    raw = Path(path).read_bytes()
    import io

    with np.load(io.BytesIO(raw)) as data:
        return LineModel(BinnedLinear.from_arrays(data, "first"), BinnedLinear.from_arrays(data, "second"),
                         hashlib.blake2b(raw, digest_size=6).hexdigest())
