"""Rows for exporting flags (``claimscope export flags``): one flat dict per flag."""
from __future__ import annotations

from collections.abc import Iterator

from ..errors import QueryError

__all__ = ["FLAG_COLUMNS", "flags_rows", "known_labels", "query_flags", "resolve_label"]

# The labels the classify stage writes; "propaganda:<technique>" for each technique.
STAGE_LABELS = ("toxic", "hate", "narrative")

# The export's columns, in order; line numbers are 1-based and inclusive.
FLAG_COLUMNS = ("page_id", "segment_kind", "segment_index", "label", "target_group", "narrative_id",
                "score", "char_start", "char_end", "line_start", "line_end", "model", "evidence", "shown")


def query_flags(store, label: str | None = None, min_score: float | None = None,
                page_id: str | None = None):
    """Flag records from ``store``; ``label`` matches exactly or as a prefix ending in ':'
    ("propaganda:" gives every technique, "propaganda" too)."""
    filters: dict[str, object] = {}
    if label:
        if label.endswith(":") or label == "propaganda":
            filters["label__prefix"] = label.rstrip(":") + ":"
        else:
            filters["label"] = label
    if min_score is not None:
        filters["score__ge"] = min_score
    if page_id:
        filters["page_id"] = page_id
    return store.records("flags", order_by=("page_id", "start", "label"), **filters)


def flags_rows(store, label: str | None = None, min_score: float | None = None) -> Iterator[dict]:
    for flag in query_flags(store, label, min_score):
        yield {"page_id": flag.page_id, "segment_kind": flag.segment_kind,
               "segment_index": flag.segment_index, "label": flag.label,
               "target_group": flag.target_group, "narrative_id": flag.narrative_id,
               "score": flag.score, "char_start": flag.start, "char_end": flag.end,
               "line_start": flag.line_start, "line_end": flag.line_end, "model": flag.model,
               "evidence": flag.evidence, "shown": flag.shown}


def known_labels(store) -> list[str]:
    """Every label a flag can carry: the classify stage's, then any other the store holds."""
    from .propaganda import TECHNIQUES

    built_in = [*STAGE_LABELS, *(f"propaganda:{t}" for t in TECHNIQUES)]
    from ..store.read import distinct_values

    stored = distinct_values(store, "flags", "label")
    return list(dict.fromkeys(built_in + stored))


def resolve_label(store, label: str) -> str:
    """``label`` as flags carry it, whatever its case ("Hate" is "hate", "propaganda:doubt" is
    "propaganda:Doubt"); "propaganda" stands for every technique. An unknown label is a
    QueryError listing the known ones: filtering on a typo would find nothing, silently."""
    wanted = label.strip().lower()
    if wanted in ("propaganda", "propaganda:"):
        return "propaganda"
    labels = known_labels(store)
    for known in labels:
        if known.lower() == wanted:
            return known
    techniques = [k.partition(":")[2] for k in labels if k.startswith("propaganda:")]
    others = [k for k in labels if not k.startswith("propaganda:")]
    raise QueryError(f"unknown label {label!r}; known: {', '.join(others)}, propaganda (every technique), "
                     f"propaganda:TECHNIQUE ({', '.join(techniques)})")
