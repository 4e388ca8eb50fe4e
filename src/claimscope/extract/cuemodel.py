"""A learned cue tagger: which tokens of a parsed sentence belong to an
attribution cue ("said", "according to", "denied", "wants", "a statement").

A logistic regression over sparse spaCy features (word, lemma, POS, dependency,
head, children relations, quotation context, the mined cue rate of the word),
trained on PolNeAR *train* by ``scripts/train_attribution.py``. The weights
ship as a compressed JSON table (``models/cue_tagger.json.gz``); scoring is a
sum of weights, so no scikit-learn is needed at run time.
"""
from __future__ import annotations

import functools
import gzip
import json
import math

from .. import artefacts
from . import cues

MODEL_FILE = "cue_tagger.json.gz"
FEATURES_VERSION = 1  # bump when sentence_features changes
FILTER_FILE = "cue_filter.json.gz"
QUOTE_TOKENS = {'"', "“", "”", "«", "»", "''", "``"}


def _rate_bucket(word: str) -> str:
    rate = cues.cue_rates().get(word, 0.0)
    return str(min(9, int(rate * 10))) if rate else "none"


def sentence_features(doc, in_quote=lambda i: False) -> list[list[str]]:
    """Feature strings for every token of a parsed ``doc``; ``in_quote(token_index)``
    tells whether a token lies inside a quotation (page-level regions)."""
    tokens = list(doc)
    n = len(tokens)
    has_colon = any(t.text == ":" for t in tokens)
    has_quote = any(t.text in QUOTE_TOKENS for t in tokens)
    heads = [t.head.i for t in tokens]
    kids: list[set[str]] = [set() for _ in tokens]  # dependency labels of each token's children
    for t, h in zip(tokens, heads):
        if h != t.i:
            kids[h].add(t.dep_)
    out = []
    for i, t in enumerate(tokens):
        lower, lemma, pos, dep = t.lower_, t.lemma_.lower(), t.pos_, t.dep_
        head = tokens[heads[i]]
        prev = tokens[i - 1] if i > 0 else None
        nxt = tokens[i + 1] if i + 1 < n else None
        nxt2 = tokens[i + 2] if i + 2 < n else None
        child_deps = sorted(kids[i])
        f = ["b", "w=" + lower, "l=" + lemma, "p=" + pos, "t=" + t.tag_, "d=" + dep,
             "hl=" + head.lemma_.lower(), "hp=" + head.pos_, "d|hl=" + dep + "|" + head.lemma_.lower(),
             "l|d=" + lemma + "|" + dep, "l|p=" + lemma + "|" + pos, "p|d=" + pos + "|" + dep,
             "hd=" + head.dep_, "rate=" + _rate_bucket(lower),
             "pl=" + (prev.lower_ if prev else "<s>"), "nl=" + (nxt.lower_ if nxt else "</s>"),
             "pp=" + (prev.pos_ if prev else "<s>"), "np=" + (nxt.pos_ if nxt else "</s>"),
             "nl2=" + (nxt2.lower_ if nxt2 else "</s>"),
             "l|nl=" + lemma + "|" + (nxt.lower_ if nxt else "</s>"),
             "pl|l=" + (prev.lower_ if prev else "<s>") + "|" + lemma,
             "ent=" + (t.ent_type_ or "O"), "hrate=" + _rate_bucket(head.lower_)]
        f += ["ch=" + d for d in child_deps]
        f += ["p|ch=" + pos + "|" + d for d in child_deps if d in ("ccomp", "nsubj", "nsubjpass", "dobj", "xcomp", "parataxis", "mark", "prep", "agent", "poss")]
        f += ["l|ch=" + lemma + "|" + d for d in child_deps if d in ("ccomp", "dobj", "xcomp", "prep", "parataxis")]
        if in_quote(i):
            f += ["inq", "inq|p=" + pos]
        if any(x.text in QUOTE_TOKENS for x in tokens[i + 1:i + 4]):
            f += ["qa", "qa|p=" + pos]
        if any(x.text in QUOTE_TOKENS for x in tokens[max(0, i - 3):i]):
            f += ["qb", "qb|p=" + pos]
        if has_colon:
            f.append("colon")
        if has_quote:
            f.append("hasq")
        if t.text == ":":
            f.append("colon|pos=" + str(min(i, 8)))
        out.append(f)
    return out


class CueTagger:
    def __init__(self, weights: dict[str, float], bias: float, threshold: float, vocabulary) -> None:
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        self.vocabulary = frozenset(vocabulary)  # word forms ever seen inside a train cue

    def probabilities(self, features: list[list[str]]) -> list[float]:
        w = self.weights
        probs = []
        for f in features:
            z = self.bias + sum(w.get(x, 0.0) for x in f)
            probs.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
        return probs

    def tag(self, doc, in_quote=lambda i: False) -> list[bool]:
        return [p >= self.threshold for p in self.probabilities(sentence_features(doc, in_quote))]


def _bucket(p: float, steps: int = 10) -> str:
    return str(min(steps - 1, int(p * steps)))


def group_features(group, probs, attribution, source_prob, in_quote=lambda i: False) -> list[str]:
    """Features of one candidate cue (a run of tagged tokens) for the cue filter:
    how sure the tagger was, what the run's head word is, and whether the
    attribution around it has the shape of a report (a source the source picker
    is sure of, a clause or a quotation as content)."""
    head = min(group, key=lambda t: (t.head.i in {x.i for x in group} and t.head is not t, t.i))
    ps = [probs[t.i] for t in group]
    pmax, pmean = max(ps), sum(ps) / len(ps)
    lemma = head.lemma_.lower()
    words = " ".join(t.lower_ for t in group)
    child_deps = sorted({c.dep_ for c in head.children})
    has_source = attribution.source is not None
    sb = _bucket(source_prob) if has_source else "none"
    f = ["b", "pmax=" + _bucket(pmax, 20), "pmean=" + _bucket(pmean), "n=" + str(min(len(group), 5)),
         "hl=" + lemma, "hp=" + head.pos_, "hd=" + head.dep_, "gw=" + words,
         "src=" + sb, "hp|src=" + head.pos_ + "|" + sb, "pmax|src=" + _bucket(pmax, 5) + "|" + sb,
         "hl|pm=" + lemma + "|" + _bucket(pmax, 5), "rate=" + _rate_bucket(head.lower_),
         "hd|hp=" + head.dep_ + "|" + head.pos_]
    f += ["ch=" + d for d in child_deps]
    f += ["hp|ch=" + head.pos_ + "|" + d for d in child_deps]
    if in_quote(head.i):
        f += ["inq", "inq|src=" + sb]
    content = attribution.content[1] - attribution.content[0]
    f.append("clen=" + str(min(content // 20, 8)))
    if head.text == ":":
        f.append("colon|at=" + str(min(head.i, 8)))
    return f


class CueFilter:
    """Second look at each candidate cue: a logistic regression over ``group_features``."""

    def __init__(self, weights: dict[str, float], bias: float, threshold: float, candidate_threshold: float) -> None:
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        self.candidate_threshold = candidate_threshold  # token probability that makes a candidate

    def score(self, feats: list[str]) -> float:
        z = self.bias + sum(self.weights.get(x, 0.0) for x in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def read_artefact(name: str) -> dict | None:
    """A shipped model's JSON (gzipped, under extract/models/), or None when it is absent
    (the rules then take over)."""
    path = artefacts.locate(name)
    if path is None:
        return None
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


@functools.cache
def load_filter() -> CueFilter | None:
    data = read_artefact(FILTER_FILE)
    if data is None:
        return None
    return CueFilter(data["weights"], data["bias"], data["threshold"], data["candidate_threshold"])


@functools.cache
def load_tagger() -> CueTagger | None:
    """The shipped tagger, or None when the artefact is absent (rules take over)."""
    data = read_artefact(MODEL_FILE)
    return None if data is None else tagger_from(data)


def tagger_from(data: dict) -> CueTagger:
    """A tagger from its artefact's JSON (weights, bias, threshold, vocabulary)."""
    return CueTagger(data["weights"], data["bias"], data["threshold"], data["vocabulary"])
