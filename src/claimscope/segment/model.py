"""The learned line model: labels every line article, comment or boilerplate.

Two passes of a binned linear model (an additive model: each feature is cut into
quantile bins and each bin carries one weight per label, so the model is a table
lookup and a sum, read with numpy alone):

1. the line's features with its neighbours' (features.py);
2. the same plus the first pass's label probabilities of the neighbours and of the
   lines around them, so a line sees what the model thinks of its surroundings
   (stacking, trained on out-of-fold first-pass output), and — in models trained with
   them (``page_level``) — where its probabilities stand on its page: relative to the
   page's best line, the page's mean and its rank, so that "the most article-like lines
   of this page" can be article even where no line looks like the training sites' stories.

The artefact is one ``.npz`` (models/segment-lines-v3.npz) written by
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
MODEL_PATH = Path(__file__).resolve().parent / "models" / "segment-lines-v3.npz"
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
    page_level: bool = False  # the second pass reads page-level features (page_features)

    def predict(self, table: list[Line], rule_kinds: list[str], author_lines: set[int],
                recurs) -> np.ndarray:
        """(lines, labels) probabilities for the lines of one page."""
        if not table:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        base = first_pass_input(table, rule_kinds, author_lines, recurs)
        probs = self.first.probabilities(base)
        return self.second.probabilities(second_pass_input(base, probs, self.page_level))


def first_pass_input(table, rule_kinds, author_lines, recurs) -> np.ndarray:
    return context(line_features(table, rule_kinds, author_lines, recurs), NEIGHBOUR_COLUMNS)


def second_pass_input(base: np.ndarray, probs: np.ndarray, page_level: bool = False) -> np.ndarray:
    """First-pass probabilities of the neighbours and their mean over wider windows (and,
    with ``page_level``, ``page_features``)."""
    windows = [window_mean(probs[:, k], r) for k in range(len(LABELS)) for r in (2, 8, 25)]
    seen_comment = np.maximum.accumulate(window_mean(probs[:, 1], 3)) if len(probs) else probs[:, 1]
    with_probs = context(np.hstack([base, probs]), range(base.shape[1], base.shape[1] + len(LABELS)),
                         PROB_OFFSETS)
    parts = [with_probs, np.column_stack(windows + [seen_comment])]
    if page_level:
        parts.append(page_features(probs))
    return np.hstack(parts).astype(np.float32)


PAGE_LABELS = (0, 1)  # article and comment: boilerplate is what is left


def page_features(probs: np.ndarray) -> np.ndarray:
    """Where each line's first-pass article and comment probabilities stand on its page:
    as a share of the page's best line (alone and over ±2 lines), the page's best and mean,
    and the line's rank from the top (0 = the best line, 1 = the worst). On a site unlike
    the training sites every probability may be low; the story is still the page's most
    article-like run of lines."""
    n = len(probs)
    cols = []
    for k in PAGE_LABELS:
        p = probs[:, k].astype(np.float64)
        smooth = window_mean(probs[:, k], 2).astype(np.float64)
        best = p.max() if n else 0.0
        rank = np.empty(n)
        rank[np.argsort(-p, kind="stable")] = np.arange(n) / max(n - 1, 1)
        cols += [p / max(best, 1e-3), smooth / max(smooth.max() if n else 0.0, 1e-3),
                 np.full(n, best), np.full(n, p.mean() if n else 0.0), rank]
    return np.column_stack(cols).reshape(n, 5 * len(PAGE_LABELS)).astype(np.float32)


@lru_cache(maxsize=2)
def load_model(path: str = str(MODEL_PATH)) -> LineModel:
    raw = Path(path).read_bytes()
    import io

    with np.load(io.BytesIO(raw)) as data:
        page_level = bool(data["page_level"]) if "page_level" in data.files else False
        return LineModel(BinnedLinear.from_arrays(data, "first"), BinnedLinear.from_arrays(data, "second"),
                         hashlib.blake2b(raw, digest_size=6).hexdigest(), page_level)
