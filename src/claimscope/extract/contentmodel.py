"""A learned content picker: given a cue (verb or noun) in a parsed sentence,
which part of the sentence is what was said, believed or shown?

Candidates are the subtrees of the cue head's dependents (its clausal
complement, object, prepositional phrase, passive subject, ...) and the two
stretches of the sentence left and right of the cue clause ("The city was razed,
she said"). A logistic regression scores each from the candidate's kind and
the cue word, the cue's voice, length, position and quotation marks; the best
candidate is the content. Trained on PolNeAR *train* by
``scripts/train_attribution.py``; weights ship as a gzipped JSON table
(``models/content_picker.json.gz``).
"""
from __future__ import annotations

import functools

from .sourcemodel import SourcePicker, read_picker

MODEL_FILE = "content_picker.json.gz"
SKIP_DEPS = {"punct", "aux", "auxpass", "neg", "cc", "det", "case", "prt", "predet"}
QUOTES = set('"“”«»')


def _len_bucket(n: int) -> str:
    return str(n) if n < 3 else ("3-5" if n < 6 else ("6-11" if n < 12 else ("12-24" if n < 25 else "25+")))


def candidates(doc, head, cue_ids: set[int], clause: tuple[int, int]):
    """[(kind, first token index, last token index)]; ``clause`` is the cue clause as
    token indices [start, end] (subject, auxiliaries, cue and its non-content dependents)."""
    out = []
    for child in head.children:
        if child.i in cue_ids or child.dep_ in SKIP_DEPS:
            continue
        lo, hi = child.left_edge.i, child.right_edge.i
        while lo <= hi and (doc[lo].is_punct or doc[lo].i in cue_ids):
            lo += 1
        while hi >= lo and (doc[hi].is_punct or doc[hi].i in cue_ids):
            hi -= 1
        if lo <= hi:
            out.append(("child:" + child.dep_, lo, hi))
    n = len(doc)
    for kind, lo, hi in (("before", 0, clause[0] - 1), ("after", clause[1] + 1, n - 1)):
        while lo <= hi and doc[lo].is_punct:
            lo += 1
        while hi >= lo and doc[hi].is_punct:
            hi -= 1
        if hi - lo >= 1:
            out.append((kind, lo, hi))
    return out


def features(doc, head, kind, lo, hi, source_ids: set[int], has_pass: bool) -> list[str]:
    hl = head.lemma_.lower()
    size = hi - lo + 1
    side = "L" if hi < head.i else ("R" if lo > head.i else "M")
    first = doc[lo].lower_
    top = min((t for t in doc[lo:hi + 1]), key=lambda t: (t.head.i >= lo and t.head.i <= hi and t.head is not t, t.i))
    quoted = any(t.text in QUOTES or t.text in ("''", "``") for t in doc[max(0, lo - 1):hi + 2])
    voice = "pass" if has_pass else "act"
    f = ["b", "k=" + kind, "k|hl=" + kind + "|" + hl, "k|hp=" + kind + "|" + head.pos_,
         "k|v=" + kind + "|" + voice, "k|len=" + kind + "|" + _len_bucket(size), "len=" + _len_bucket(size),
         "side=" + side, "k|first=" + kind + "|" + first, "k|tp=" + kind + "|" + top.pos_,
         "k|td=" + kind + "|" + top.dep_, "hd=" + head.dep_, "k|hd=" + kind + "|" + head.dep_]
    if quoted:
        f += ["q", "k|q=" + kind]
    if source_ids and any(lo <= i <= hi for i in source_ids):
        f += ["has_src", "k|has_src=" + kind]
    if top.pos_ in ("VERB", "AUX"):
        f.append("k|clause=" + kind)
    return f


def clause_of(doc, head, cue_ids: set[int], source_ids: set[int]) -> tuple[int, int]:
    """Token range of the cue clause: cue, its auxiliaries and negation, and the source."""
    ids = set(cue_ids) | set(source_ids) | {c.i for c in head.children if c.dep_ in ("aux", "auxpass", "neg")}
    return min(ids), max(ids)


def ranked(picker, doc, head, cue_ids: set[int], source_ids: set[int]):
    """[(probability, (first token, last token))], best first."""
    clause = clause_of(doc, head, cue_ids, source_ids)
    has_pass = any(c.dep_ in ("auxpass", "nsubjpass") for c in head.children)
    out = [(picker.score(features(doc, head, kind, lo, hi, source_ids, has_pass)), (lo, hi))
           for kind, lo, hi in candidates(doc, head, cue_ids, clause)]
    out.sort(key=lambda x: (-x[0], x[1]))
    return out


@functools.cache
def load_picker() -> SourcePicker | None:
    return read_picker(MODEL_FILE)
