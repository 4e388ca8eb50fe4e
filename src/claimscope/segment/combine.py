"""Rules and line model together: the rule segmenter's drafts, relabelled line by line.

The rule segmenter (text.py) is precise on the layouts it was written for and splits
comment threads into comments with their authors; the line model (model.py) holds on
sites it never saw. The model reads the rules' verdicts as features, so where the two
disagree the model has already weighed the rules; its label wins on a line when it is
confident enough (``MIN_CONFIDENCE``), and the drafts are cut where it changes a line's
kind:

- a line the model calls boilerplate leaves its draft;
- lines the model calls article join the article before them (or start one);
- a run of lines the model calls comment that the rules did not is split into comments
  by the rules' comment-zone reader, which finds the authors.

Teasers stay teasers unless the model calls their lines comments: the real-page gold
has no teaser kind (it files them under boilerplate), so the model cannot judge them.
"""
from __future__ import annotations

import numpy as np

from .lines import Line
from .model import LABELS, LineModel
from .text import CorpusEvidence, Draft, comment_zone, segment_lines

__all__ = ["rule_view", "relabel", "line_kinds", "MIN_CONFIDENCE"]

# The model overrules the rules on a line only when it gives its label at least this
# probability (chosen on validation sites with the gold gate held; see the model card).
MIN_CONFIDENCE = 0.5


def rule_view(table: list[Line], evidence: CorpusEvidence, comment_start: int | None = None):
    """(drafts, kind of each line, line numbers of comment authors) from the rules."""
    drafts = segment_lines(table, evidence, comment_start)
    return drafts, line_kinds(table, drafts), _author_lines(drafts)


def line_kinds(table: list[Line], drafts: list[Draft]) -> list[str]:
    by_number = {ln.number: d.kind for d in drafts for ln in d.members}
    return [by_number.get(ln.number, "boilerplate") for ln in table]


def _author_lines(drafts: list[Draft]) -> set[int]:
    return {d.members[0].number for d in drafts if d.kind == "comment" and d.author and d.members}


def relabel(table: list[Line], drafts: list[Draft], model: LineModel, evidence: CorpusEvidence,
            min_confidence: float | None = None) -> list[Draft]:
    """The drafts with each line's kind decided by ``model`` where it is confident."""
    min_confidence = MIN_CONFIDENCE if min_confidence is None else min_confidence
    if not table:
        return drafts
    kinds = line_kinds(table, drafts)
    probs = model.predict(table, kinds, _author_lines(drafts), evidence.recurs)
    wanted = [_final_kind(kind, p, min_confidence) for kind, p in zip(kinds, probs)]
    owner = {ln.number: d for d in drafts for ln in d.members}
    out: list[Draft] = []
    i = 0
    while i < len(table):
        ln, kind = table[i], wanted[i]
        if kind == "comment" and kinds[i] != "comment":
            j = i
            while j < len(table) and wanted[j] == "comment" and kinds[j] != "comment":
                j += 1
            out.extend(_as_comments(table[i:j]))
            i = j
            continue
        _place(out, ln, kind, owner.get(ln.number))
        i += 1
    return _merge(out)


def _final_kind(rule_kind: str, probs: np.ndarray, min_confidence: float) -> str:
    best = int(np.argmax(probs))
    model_kind = LABELS[best]
    if probs[best] < min_confidence or (rule_kind == "teaser" and model_kind != "comment"):
        return rule_kind
    return model_kind


def _place(out: list[Draft], ln: Line, kind: str, source: Draft | None) -> None:
    """Put one line into the draft it belongs to, opening a new one where needed."""
    last = out[-1] if out else None
    if source is not None and source.kind == kind:
        if last is not None and last.kind == kind and getattr(last, "_source", None) is source:
            last.members.append(ln)
            return
        fresh = Draft(kind, [ln], title=source.title if source.members[0] is ln else None,
                      author=source.author if source.members[0] is ln else None,
                      byline=source.byline, outlet=source.outlet, has_body=source.has_body)
        fresh._source = source  # type: ignore[attr-defined]
        out.append(fresh)
        return
    if kind == "article" and last is not None and last.kind == "article":
        last.members.append(ln)
        return
    out.append(Draft(kind, [ln], has_body=kind != "boilerplate"))


def _as_comments(run: list[Line]) -> list[Draft]:
    """Comments found by the model where the rules saw none: the rules' thread reader
    splits them and names their authors; whatever it files elsewhere stays a comment
    unless it is a widget control."""
    drafts = comment_zone(run, [False] * len(run))
    return [d if d.kind in ("comment", "boilerplate") else Draft("comment", d.members, has_body=True)
            for d in drafts]


def _merge(drafts: list[Draft]) -> list[Draft]:
    """Runs of boilerplate become one segment; pieces of one rule draft that the model
    left whole (no line taken out between them) were never apart."""
    merged: list[Draft] = []
    for d in drafts:
        if merged and d.kind == "boilerplate" and merged[-1].kind == "boilerplate":
            merged[-1].members.extend(d.members)
        else:
            merged.append(d)
    return merged
