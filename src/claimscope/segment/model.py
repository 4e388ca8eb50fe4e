"""The learned line model: labels every line of a page article, comment or boilerplate.

Each line is described by its features and its neighbours' (features.py: shape, words,
the rules' verdicts, block, place, recurrence) and by its first words, hashed into
buckets that each carry a learned vector. A projection of both, a bidirectional GRU over
the page's lines in order and a linear read-out of the two give each line's label, so a
line's label depends on the whole page: on a site unlike the training sites the story is
still the page's longest run of prose and a thread is what repeats under it. It runs
with numpy alone: the recurrence is a loop over lines of two small matrix products;
everything else is computed for all lines at once.

The artefact is one ``.npz`` (models/segment-lines-v4.npz) written by
``scripts/train_segment_lines.py`` with torch; its card is docs/models/segment-lines.md.
v4 replaced the binned linear model of v1-v3 (a fixed window of neighbours and page
means), which the card compares it with.
"""
from __future__ import annotations

import hashlib
import io
import re
import zlib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from .features import NEIGHBOUR_COLUMNS, context, line_features
from .lines import Line

__all__ = ["LABELS", "GRUDirection", "BiGRU", "LineModel", "MODEL_PATH", "TOKENS_PER_LINE", "line_inputs", "line_tokens",
           "load_model"]

LABELS = ("article", "comment", "boilerplate")
MODEL_PATH = Path(__file__).resolve().parent / "models" / "segment-lines-v4.npz"


def line_inputs(table: list[Line], rule_kinds: list[str], author_lines: set[int], recurs) -> np.ndarray:
    """Each line's features with its neighbours' (one row per line of ``table``)."""
    return context(line_features(table, rule_kinds, author_lines, recurs), NEIGHBOUR_COLUMNS)


_TOKEN = re.compile(r"[^\W\d_]+|\d+")
TOKENS_PER_LINE = 24  # the first words of a line say what it is; a long line is prose anyway


def line_tokens(table: list[Line], buckets: int) -> tuple[np.ndarray, np.ndarray]:
    """The first words of each line as hashed bucket ids, flat, with each line's first
    index (the layout of a bag-of-words sum). Digit runs read as one word ("0"); a line
    with no word reads as bucket 0."""
    ids: list[int] = []
    starts = np.empty(len(table), dtype=np.int64)
    for i, ln in enumerate(table):
        starts[i] = len(ids)
        words = _TOKEN.findall(ln.norm[:400])[:TOKENS_PER_LINE]
        if not words:
            ids.append(0)
        for word in words:
            key = "0" if word[0].isdigit() else word.lower()
            ids.append(zlib.crc32(key.encode("utf-8", "replace")) % (buckets - 1) + 1)
    return np.array(ids, dtype=np.int64), starts


@dataclass(frozen=True)
class GRUDirection:
    """One direction of a GRU layer, in the gate order r, z, n of its training library."""

    w_input: np.ndarray  # (3H, inputs)
    w_hidden: np.ndarray  # (3H, H)
    b_input: np.ndarray  # (3H,)
    b_hidden: np.ndarray  # (3H,)


@dataclass(frozen=True)
class BiGRU:
    """Both directions of a GRU layer, stepped together: forward at line t, backward at line
    n-1-t, through one block-diagonal product of the two hidden-state matrices, because on a
    page of a few hundred lines the loop's cost is the number of numpy calls per step, not
    their size. ``of`` lays the block matrix out once, when the model is loaded."""

    forward: GRUDirection
    backward: GRUDirection
    w_hidden: np.ndarray  # (2H, 6H): each direction's hidden matrix on the diagonal
    b_hidden: np.ndarray  # (6H,)

    @classmethod
    def of(cls, forward: GRUDirection, backward: GRUDirection) -> BiGRU:
        size = forward.w_hidden.shape[1]
        w_hidden = np.zeros((2 * size, 6 * size), dtype=np.float32)
        w_hidden[:size, :3 * size], w_hidden[size:, 3 * size:] = forward.w_hidden.T, backward.w_hidden.T
        return cls(forward, backward, w_hidden, np.concatenate([forward.b_hidden, backward.b_hidden]).astype(np.float32))

    def run(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Both directions' states for every line of ``x``; the input gates of every line are
        computed at once, before the loop."""
        forward, backward = self.forward, self.backward
        size, n = forward.w_hidden.shape[1], len(x)
        gates_in = np.stack([x @ forward.w_input.T + forward.b_input,
                             (x @ backward.w_input.T + backward.b_input)[::-1]], axis=1)  # (n, 2, 3H)
        w_hidden, b_hidden = self.w_hidden, self.b_hidden
        out = np.empty((n, 2, size), dtype=np.float32)
        h = np.zeros((2, size), dtype=np.float32)
        exp, tanh, rz, new = np.exp, np.tanh, slice(0, 2 * size), slice(2 * size, 3 * size)
        for t in range(n):
            g_h = (h.reshape(-1) @ w_hidden + b_hidden).reshape(2, 3 * size)
            g_in = gates_in[t]
            gates = 1.0 / (1.0 + exp(-(g_in[:, rz] + g_h[:, rz])))  # r and z of both directions
            candidate = tanh(g_in[:, new] + gates[:, :size] * g_h[:, new])
            h = candidate + gates[:, size:] * (h - candidate)
            out[t] = h
        return out[:, 0], out[::-1, 1]


@dataclass(frozen=True)
class LineModel:
    """Standardise, add the line's words, project, read both ways, label: (lines, labels)
    probabilities."""

    mean: np.ndarray
    scale: np.ndarray
    words: np.ndarray  # (buckets, D): a vector per hashed word; a line reads their mean
    w_project: np.ndarray  # (P, inputs + D)
    b_project: np.ndarray
    forward: GRUDirection
    backward: GRUDirection
    w_out: np.ndarray  # (labels, P + 2H)
    b_out: np.ndarray
    checksum: str = ""

    @cached_property
    def gru(self) -> BiGRU:
        return BiGRU.of(self.forward, self.backward)

    def probabilities(self, x: np.ndarray, tokens: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        ids, starts = tokens
        counts = np.diff(np.append(starts, len(ids))).astype(np.float32)
        # every array stays float32, as the model was trained: one float64 input (an integer
        # count divides into float64) makes the GRU's per-line loop mix types, at 2.5x its cost
        bags = np.add.reduceat(self.words[ids], starts, axis=0) / counts[:, None]
        z = np.clip((x - self.mean) / self.scale, -6.0, 6.0).astype(np.float32)
        projected = np.maximum(np.hstack([z, bags]) @ self.w_project.T + self.b_project, 0.0)
        both = np.hstack([projected, *self.gru.run(projected)])
        logits = both @ self.w_out.T + self.b_out
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        return odds / odds.sum(axis=1, keepdims=True)

    def predict(self, table: list[Line], rule_kinds: list[str], author_lines: set[int],
                recurs) -> np.ndarray:
        """(lines, labels) probabilities for the lines of one page."""
        if not table:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        x = line_inputs(table, rule_kinds, author_lines, recurs)
        return self.probabilities(x, line_tokens(table, len(self.words)))

    def arrays(self) -> dict[str, np.ndarray]:
        out = {"mean": self.mean, "scale": self.scale, "words": self.words,
               "w_project": self.w_project, "b_project": self.b_project,
               "w_out": self.w_out, "b_out": self.b_out}
        for name, d in (("forward", self.forward), ("backward", self.backward)):
            out |= {f"{name}_w_input": d.w_input, f"{name}_w_hidden": d.w_hidden,
                    f"{name}_b_input": d.b_input, f"{name}_b_hidden": d.b_hidden}
        return out

    @classmethod
    def from_arrays(cls, data, checksum: str = "") -> LineModel:
        f32 = lambda name: np.asarray(data[name], dtype=np.float32)  # noqa: E731
        forward, backward = (GRUDirection(*(f32(f"{name}_{part}") for part in ("w_input", "w_hidden", "b_input",
                                                                                "b_hidden")))
                             for name in ("forward", "backward"))
        return cls(f32("mean"), f32("scale"), f32("words"), f32("w_project"), f32("b_project"), forward, backward,
                   f32("w_out"), f32("b_out"), checksum)


@lru_cache(maxsize=2)
def load_model(path: str = str(MODEL_PATH)) -> LineModel:
    raw = Path(path).read_bytes()
    with np.load(io.BytesIO(raw)) as data:
        return LineModel.from_arrays(data, hashlib.blake2b(raw, digest_size=6).hexdigest())
