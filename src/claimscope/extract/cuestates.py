"""The cue tagger that also reads MiniLM (v4): which tokens of a parsed sentence belong to an
attribution cue, from the sparse spaCy features of ``cuemodel.sentence_features`` (the
"wide" part: one weight per feature, as in the v3 logistic tagger) plus a small
bidirectional LSTM over the sentence's frozen all-MiniLM-L6-v2 word-piece states (layers 6
and 4, the ones the propaganda model reads).

Why: the v3 tagger sees a word, its parse and its neighbours; the long tail of cues it
misses ("tends to overstate", "were sick of", nominal cues) is about what a predicate means
in context, which the transformer states carry. On the PolNeAR train validation part the
tagger-level cue overlap F1 goes from .777 to about .80 (``scripts/train_cue_states.py``).

Cost: the states come from the same MiniLM pass the classify stage makes over the same
paragraphs and comments (``PageAnalysis.encodings`` keeps a page's states for it), so a run of
both stages pays for one pass. Without torch or the MiniLM package the v3 tagger runs alone.

The artefact (``models/cue_tagger_states.npz``) holds the head's arrays and its wide weights
as two parallel arrays (feature names, weights): numpy reads it without pickle.
"""
from __future__ import annotations

import functools
import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import artefacts, encoder
from ..encoder import Encodings

if TYPE_CHECKING:
    import numpy as np

MODEL_FILE = "cue_tagger_states.npz"  # the tagger fitted on MiniLM's states


def model_file() -> str:
    """The tagger fitted on the states of the encoder this process reads: MiniLM's, or the
    student's (``cue_tagger_states.student-minilm-v1.npz``)."""
    return encoder.fitted_name(MODEL_FILE.removesuffix(".npz")) + ".npz"


LAYERS = (6, 4)  # the propaganda model's layers: one pass serves both
NO_STATE = "nostate"  # feature of a token no word piece covers (text past MiniLM's 256 pieces)


class PieceStates(NamedTuple):
    """Word-piece states of a stretch of page text: ``offsets`` (pieces, 2) in page
    characters, sorted, and ``states`` (pieces, 768)."""

    offsets: np.ndarray
    states: np.ndarray


def in_page_offsets(units: list[tuple[int, encoder.TokenStates]]) -> PieceStates:
    """One PieceStates from (page offset, ``encoder.TokenStates``) pairs in page order."""
    import numpy as np

    if not units:
        return PieceStates(np.zeros((0, 2), np.int64), np.zeros((0, encoder.DIM * len(LAYERS)), np.float32))
    return PieceStates(np.concatenate([t.offsets.astype(np.int64) + start for start, t in units]),
                       np.concatenate([t.states for _, t in units]).astype(np.float32))


def region_pieces(units: list[tuple[int, str]], encodings: Encodings) -> PieceStates:
    """MiniLM's word-piece states of ``units`` ((page offset, text) pairs in page order: a
    segment's paragraphs, or a comment's body), in page offsets."""
    units = [(start, text) for start, text in units if text.strip()]
    found = encodings.token_states([text for _, text in units], layers=LAYERS)[1] if units else []
    return in_page_offsets([(start, tokens) for (start, _), tokens in zip(units, found)])


UNITS_PER_PASS = 64  # units whose states are held at once (≤ 64 × 256 pieces, ≈ 50 MB)


class WordPieces:
    """The word-piece states of a page's units, read ``UNITS_PER_PASS`` units at a time
    as the sentences asking for them move down the page, so that a page of any length
    fits in memory and short units (comments) still share a batched pass."""

    def __init__(self, units: list[tuple[int, str]], encodings: Encodings) -> None:
        self.units = sorted(units)
        self.encodings = encodings
        self.starts = [start for start, _ in self.units]
        self.batch: int | None = None
        self.pieces: PieceStates | None = None

    def around(self, offset: int) -> PieceStates:
        """The states of the pass that holds the unit at page ``offset``."""
        import bisect

        batch = max(bisect.bisect_right(self.starts, offset) - 1, 0) // UNITS_PER_PASS
        if batch != self.batch:
            self.batch = batch
            self.pieces = region_pieces(self.units[batch * UNITS_PER_PASS:(batch + 1) * UNITS_PER_PASS],
                                        self.encodings)
        assert self.pieces is not None
        return self.pieces


def word_pieces(units: list[tuple[int, str]], encodings: Encodings) -> WordPieces | None:
    """A lazy reader of ``units``' states (kept in ``encodings``), or None without the
    embedding extra."""
    return WordPieces(units, encodings) if encoder.available() else None


def token_states(doc, base: int, pieces: PieceStates):
    """(tokens, 768) array: each token of ``doc`` (a sentence starting at page offset
    ``base``) gets the mean state of the word pieces overlapping it; and a list telling
    which tokens had any (the rest are zeros)."""
    import numpy as np

    out = np.zeros((len(doc), pieces.states.shape[1]), np.float32)
    present = []
    ends, starts = pieces.offsets[:, 1], pieces.offsets[:, 0]
    for i, token in enumerate(doc):
        a = base + token.idx
        lo = np.searchsorted(ends, a, side="right")
        hi = np.searchsorted(starts, a + len(token.text), side="left")
        if hi > lo:
            out[i] = pieces.states[lo:hi].mean(axis=0)
        present.append(hi > lo)
    return out, present


def with_state_flags(features: list[list[str]], present: list[bool]) -> list[list[str]]:
    return [f if seen else f + [NO_STATE] for f, seen in zip(features, present)]


def build_head(dim: int, projection: int, hidden: int):
    """The deep part: states → (dropout, linear, GELU) → BiLSTM over the sentence → a logit
    per token from the LSTM output beside the projection."""
    import torch

    class Head(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.project = torch.nn.Sequential(torch.nn.Dropout(0.1), torch.nn.Linear(dim, projection), torch.nn.GELU())
            self.lstm = torch.nn.LSTM(projection, hidden, batch_first=True, bidirectional=True)
            self.out = torch.nn.Linear(2 * hidden + projection, 1)

        def forward(self, states, lengths):
            """``states`` (sentences, longest, dim), zero-padded; logits (sentences, longest)."""
            h = self.project(states)
            packed = torch.nn.utils.rnn.pack_padded_sequence(h, lengths, batch_first=True, enforce_sorted=False)
            o, _ = self.lstm(packed)
            o, _ = torch.nn.utils.rnn.pad_packed_sequence(o, batch_first=True, total_length=states.shape[1])
            return self.out(torch.cat([o, h], -1)).squeeze(-1)

        def token_logits(self, tokens, lengths: list[int]):
            """``forward`` on the sentences' tokens laid end to end, ``tokens`` (total, dim):
            the logits of the same tokens, (total,). The padding ``forward`` projects (over
            half of a batch of scraped sentences) is never computed, and the LSTM reads the
            projections packed, without the padded copy."""
            h = self.project(tokens)
            parts = [part for part, n in zip(torch.split(h, lengths), lengths) if n]
            packed = torch.nn.utils.rnn.pack_sequence(parts, enforce_sorted=False)
            o, _ = self.lstm(packed)
            o, sizes = torch.nn.utils.rnn.pad_packed_sequence(o, batch_first=True)
            o = torch.cat([o[k, :n] for k, n in enumerate(sizes.tolist())])
            return self.out(torch.cat([o, h], -1)).squeeze(-1)

    return Head()


class Gate(NamedTuple):
    """A linear probe on single word-piece states: does this piece look like part of a cue?
    It sends to the parser the sentences the cue-word test lets pass (no cue-table word, no
    quotation mark, no colon) but whose meaning is a report ("he is convinced that", "in
    her view")."""

    weights: object  # (768,)
    bias: float
    threshold: float  # a logit

    def fires(self, pieces: PieceStates, start: int, end: int) -> bool:
        import numpy as np

        # pieces are in page order, so the ones inside [start, end) are one slice
        lo = np.searchsorted(pieces.offsets[:, 0], start, side="left")
        hi = np.searchsorted(pieces.offsets[:, 1], end, side="right")
        return bool(hi > lo and (pieces.states[lo:hi] @ self.weights).max() + self.bias >= self.threshold)


class StateCueTagger:
    """P(token is part of a cue) = sigmoid(sum of the token's wide weights + the head's
    logit), averaged over the ensemble's members."""

    def __init__(self, members: list[tuple[Any, Any]], mean, scale, threshold: float, vocabulary,
                 gate: Gate | None = None, table: tuple[list[str], Any] | None = None) -> None:
        """``members``: (wide weights: a dict, or names and values as the file holds them; head)
        per member; ``table``: their weights already laid out as ``wide_table`` gives them (the
        weights are then not read, and not kept)."""

        # the members' wide weights as one table, a row per feature and a column per member
        # (0 where a member lacks the feature, and a last row of zeros for unseen features):
        # a sentence's rows hold thousands of features, so one lookup each serves every member
        names, self._wide = table if table is not None else wide_table([w for w, _ in members])
        self._feature_row = dict(zip(names, itertools.count()))
        # only the heads are kept: the weights' names as the file holds them took 350 MB
        self.members = [(None, head) for _, head in members]
        self.mean, self.scale = mean, scale
        self.threshold = threshold
        self.vocabulary = frozenset(vocabulary)  # word forms ever seen inside a train cue
        self.gate = gate

    def _wide_sums(self, rows: list[list[str]]):
        """(rows, members): each token's summed wide weights per member, added in the row's
        feature order (bincount adds in input order), as a plain ``sum`` over the row would."""
        import numpy as np

        unseen = len(self._wide) - 1
        ids = np.fromiter((self._feature_row.get(f, unseen) for row in rows for f in row), dtype=np.int64)
        row_of = np.repeat(np.arange(len(rows)), [len(row) for row in rows])
        return np.stack([np.bincount(row_of, weights=self._wide[ids, m], minlength=len(rows))
                         for m in range(len(self.members))], axis=1)

    def probabilities(self, features: list[list[str]], states) -> list[float]:
        return self.sentence_probabilities([features], [states])[0]

    def sentence_probabilities(self, features: list[list[list[str]]], states: list) -> list[list[float]]:
        """``probabilities`` for many sentences in one padded batch per member (one call per
        sentence would spend most of its time in torch's per-call overhead)."""
        import numpy as np
        import torch

        lengths = [len(rows) for rows in features]
        if not any(lengths):
            return [[] for _ in lengths]
        tokens = torch.from_numpy(((np.concatenate(states) - self.mean) / self.scale).astype(np.float32))
        rows = [row for sentence in features for row in sentence]
        total = np.zeros(len(rows))
        wide = self._wide_sums(rows)
        with torch.inference_mode():
            for member, (_, head) in enumerate(self.members):
                deep = head.token_logits(tokens, lengths).numpy()
                total += 1.0 / (1.0 + np.exp(-np.clip(wide[:, member] + deep, -30, 30)))
        total /= len(self.members)
        bounds = np.cumsum([0] + lengths)
        return [total[a:b].tolist() for a, b in zip(bounds, bounds[1:])]


def save(path, members: list[tuple[dict, Any]], mean, scale, threshold: float, vocabulary, shape,
         trained_on: str, gate: Gate) -> None:
    """Write the artefact: per member its wide weights and head arrays, plus the shared
    standardisation, threshold, cue vocabulary and parse gate."""
    import numpy as np

    arrays = {"mean": mean, "scale": scale, "threshold": np.array(threshold), "shape": np.array(shape),
              "vocabulary": np.array(sorted(vocabulary)), "trained_on": np.array(trained_on),
              "members": np.array(len(members)), "gate.weights": np.asarray(gate.weights, np.float32),
              "gate.bias": np.array(gate.bias), "gate.threshold": np.array(gate.threshold)}
    for k, (weights, head) in enumerate(members):
        names = sorted(weights)
        arrays[f"m{k}.features"] = np.array(names)
        arrays[f"m{k}.weights"] = np.array([weights[n] for n in names], np.float32)
        for name, value in head.state_dict().items():
            arrays[f"m{k}.head.{name}"] = value.numpy()
    np.savez_compressed(path, **arrays)


def wide_table(weights: list) -> tuple[list[str], Any]:
    """(feature names, table): the members' wide weights (each a dict, or names and values as
    the file holds them) as one float64 table, a row per name in order of first appearance
    (no sort: 545,000 names took seconds to sort), a column per member, and a last row of
    zeros for features no member has."""
    import numpy as np

    columns = []  # per member: feature names and their weights
    for member in weights:
        if isinstance(member, dict):
            columns.append((list(member), np.fromiter(member.values(), np.float64, len(member))))
        else:
            names, values = member
            columns.append((names.tolist(), np.asarray(values, np.float64)))
    row = dict(zip(dict.fromkeys(itertools.chain.from_iterable(n for n, _ in columns)), itertools.count()))
    wide = np.zeros((len(row) + 1, len(columns)), np.float64)
    for m, (names, values) in enumerate(columns):
        wide[np.fromiter(map(row.__getitem__, names), np.int64, len(names)), m] = values
    return list(row), wide


def read(path) -> StateCueTagger:
    import numpy as np
    import torch

    from ..derived import derived
    from ..fingerprint import file_digest

    with np.load(path, allow_pickle=False) as data:
        dim, projection, hidden = (int(v) for v in data["shape"])
        members = []
        for k in range(int(data["members"])):
            head = build_head(dim, projection, hidden)
            prefix = f"m{k}.head."
            head.load_state_dict({n[len(prefix):]: torch.from_numpy(data[n]) for n in data.files if n.startswith(prefix)})
            head.eval()
            members.append((None, head))

        def table() -> tuple[list[str], bytes]:
            # the file holds each member's sorted names as fixed-width text (350 MB once
            # read); laid out once and kept in the cache folder as plain values, a later
            # process reads the table in a fraction of the time and memory
            names, wide = wide_table([(data[f"m{k}.features"], data[f"m{k}.weights"]) for k in range(len(members))])
            return names, wide.tobytes()

        names, wide = derived("cue-tagger-table", (file_digest(Path(path)),), table)
        gate = Gate(data["gate.weights"], float(data["gate.bias"]), float(data["gate.threshold"]))
        return StateCueTagger(members, data["mean"], data["scale"], float(data["threshold"]),
                              data["vocabulary"].tolist(), gate,
                              table=(names, np.frombuffer(wide, np.float64).reshape(len(names) + 1, len(members))))


def second_look(pieces: WordPieces | None):
    """The parse gate's second test for ``textpass.parse_region``: (start, end) of a sentence
    → True when the v4 tagger's probe sees a cue-like piece in it; None without the v4 tagger."""
    tagger = load_state_tagger() if pieces is not None else None
    if tagger is None or tagger.gate is None or pieces is None:
        return None
    return lambda start, end: tagger.gate.fires(pieces.around(start), start, end)


def load_state_tagger() -> StateCueTagger | None:
    """The shipped v4 tagger fitted on the states of the encoder this process reads, or None
    when its artefact or the encoder is absent (then the v3 tagger runs alone)."""
    return _state_tagger(model_file()) if encoder.available() else None


@functools.cache
def _state_tagger(name: str) -> StateCueTagger | None:
    path = artefacts.locate(name)
    return None if path is None else read(path)
