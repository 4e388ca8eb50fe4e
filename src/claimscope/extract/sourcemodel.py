"""A learned source picker: given a cue in a parsed sentence, which noun phrase
is its source ("Trump", "a spokesman for the agency", "he", "the report")?

Every noun, proper noun and pronoun that heads a phrase in the sentence is a
candidate; a logistic regression scores each one from the dependency path that
joins it to the cue's head word, its position, its part of speech, entity type
and word, and the cue word. The best candidate wins when its probability
clears the model's threshold; its phrase (the parse subtree, cut before the cue
and before relative clauses that hold the cue) is the source. Trained on PolNeAR
*train* by ``scripts/train_attribution.py``; weights ship as a gzipped JSON
table (``models/source_picker.json.gz``), scored without scikit-learn.
"""
from __future__ import annotations

import functools
import math

from .cuemodel import read_artefact

MODEL_FILE = "source_picker.json.gz"
CANDIDATE_POS = {"NOUN", "PROPN", "PRON", "NUM", "X"}
# Inside a name or a noun compound only the phrase's head is a candidate.
NOT_HEAD_DEPS = {"compound", "flat", "amod", "nmod", "det", "nummod", "quantmod"}
MAX_PATH = 4


def candidates(doc, cue_ids: set[int]):
    return [t for t in doc if t.pos_ in CANDIDATE_POS and t.i not in cue_ids
            and t.dep_ not in NOT_HEAD_DEPS and not t.is_punct]


CHAIN = 12  # ancestors looked at; the root repeats to fill the chain


def _up(token) -> list[int]:
    """Indices of the token and its ancestors, padded with the root to CHAIN entries."""
    ids = [token.i]
    while len(ids) < CHAIN:
        head = token.head
        if head.i == token.i:
            ids.extend([token.i] * (CHAIN - len(ids)))
            break
        ids.append(head.i)
        token = head
    return ids


def dep_path(cand, head, up_h: list[int] | None = None) -> str:
    """Dependency path from ``cand`` up to the common ancestor and down to ``head``,
    as "nsubj^" / "vccomp" steps; "long" past MAX_PATH steps, "none" without a link.
    The root padding makes a common ancestor at the root count as far away."""
    doc = cand.doc
    up_c = _up(cand)
    up_h = up_h if up_h is not None else _up(head)
    where = {i: k for k, i in enumerate(up_h)}
    for k, i in enumerate(up_c):
        if i in where:
            j = where[i]
            if k + j > MAX_PATH:
                return "long"
            return ">".join([doc[x].dep_ + "^" for x in up_c[:k]] + ["v" + doc[x].dep_ for x in reversed(up_h[:j])])
    return "none"


def _bucket(n: int) -> str:
    return str(n) if n < 4 else ("4-7" if n < 8 else ("8-15" if n < 16 else "16+"))


def features(cand, head, cue_ids, in_quote, rank: int, up_h: list[int] | None = None) -> list[str]:
    path = dep_path(cand, head, up_h)
    hl = head.lemma_.lower()
    before = cand.i < head.i
    side = "L" if before else "R"
    word = cand.lower_ if cand.pos_ in ("PRON", "NUM", "X") else cand.lemma_.lower()
    ent = cand.ent_type_ or "O"
    f = ["b", "path=" + path, "path|hl=" + path + "|" + hl, "path|hp=" + path + "|" + head.pos_,
         "cd=" + cand.dep_, "cp=" + cand.pos_, "ct=" + cand.tag_, "ce=" + ent, "cw=" + word,
         "side=" + side, "dist=" + side + _bucket(abs(cand.i - head.i)), "rank=" + side + str(min(rank, 4)),
         "hl=" + hl, "hp=" + head.pos_, "hd=" + head.dep_, "cd|hd=" + cand.dep_ + "|" + head.dep_,
         "ce|path=" + ent + "|" + path, "cp|path=" + cand.pos_ + "|" + path,
         "cp|side=" + cand.pos_ + "|" + side, "ce|side=" + ent + "|" + side,
         "cd|hl=" + cand.dep_ + "|" + hl]
    if path.count(">") >= 1:
        f.append("first=" + path.split(">")[0])
        f.append("last=" + path.split(">")[-1])
    cq, hq = in_quote(cand.i), in_quote(head.i)
    f.append(f"q={int(cq)}{int(hq)}")
    if cand.head.i in cue_ids:
        f.append("child_of_cue=" + cand.dep_)
    if any(c.dep_ == "poss" for c in cand.children):
        f.append("has_poss")
    if any(c.dep_ == "appos" for c in cand.children):
        f.append("has_appos")
    if cand.dep_ == "pobj":
        f.append("prep=" + cand.head.lower_)
        f.append("prep|hl=" + cand.head.lower_ + "|" + hl)
    if cand.dep_ == "poss":
        f.append("poss_of=" + cand.head.lemma_.lower())
    return f


def source_span(cand, cue_ids: set[int]) -> tuple[int, int]:
    """The candidate's phrase, without the cue and relative clauses that reach it."""
    tokens = [cand]
    stack = [c for c in cand.children]
    while stack:
        t = stack.pop()
        if t.i in cue_ids or t.dep_ in ("relcl", "acl") and any(x.i in cue_ids for x in t.subtree):
            continue
        tokens.append(t)
        stack.extend(t.children)
    ids = sorted(t.i for t in tokens)
    # keep the contiguous run around the candidate
    lo = hi = ids.index(cand.i)
    while lo > 0 and ids[lo - 1] == ids[lo] - 1:
        lo -= 1
    while hi + 1 < len(ids) and ids[hi + 1] == ids[hi] + 1:
        hi += 1
    doc = cand.doc
    first, last = doc[ids[lo]], doc[ids[hi]]
    while last.i > first.i and (last.is_punct or last.dep_ in ("cc", "case", "prep")):
        last = doc[last.i - 1]
    while first.i < last.i and first.is_punct:
        first = doc[first.i + 1]
    return first.idx, last.idx + len(last.text)


class SourcePicker:
    def __init__(self, weights: dict[str, float], bias: float, threshold: float) -> None:
        self.weights = weights
        self.bias = bias
        self.threshold = threshold

    def score(self, feats: list[str]) -> float:
        z = self.bias + sum(self.weights.get(x, 0.0) for x in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def ranked(self, doc, head, cue_ids, in_quote=lambda i: False):
        """[(probability, candidate token)], best first."""
        cands = candidates(doc, cue_ids)
        out = []
        left = [c for c in cands if c.i < head.i][::-1]
        right = [c for c in cands if c.i > head.i]
        up_h = _up(head)
        for group in (left, right):
            for rank, cand in enumerate(group):
                out.append((self.score(features(cand, head, cue_ids, in_quote, rank, up_h)), cand))
        out.sort(key=lambda x: (-x[0], x[1].i))
        return out

    def pick(self, doc, head, cue_ids, in_quote=lambda i: False):
        ranked = self.ranked(doc, head, cue_ids, in_quote)
        if ranked and ranked[0][0] >= self.threshold:
            return ranked[0][1]
        return None


def read_picker(name: str) -> SourcePicker | None:
    """A logistic picker's shipped weights (source or content), or None when absent."""
    data = read_artefact(name)
    if data is None:
        return None
    return SourcePicker(data["weights"], data["bias"], data["threshold"])


@functools.cache
def load_picker() -> SourcePicker | None:
    return read_picker(MODEL_FILE)
