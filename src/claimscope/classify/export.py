"""Rows for exporting flags (``claimscope export flags``): one flat dict per flag."""
from __future__ import annotations

from collections.abc import Iterator

__all__ = ["FLAG_COLUMNS", "flags_rows", "query_flags"]

# The export's columns, in order; line numbers are 1-based and inclusive.
FLAG_COLUMNS = ("page_id", "segment_kind", "segment_index", "label", "target_group", "narrative_id",
                "score", "char_start", "char_end", "line_start", "line_end", "model", "evidence")


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
               "evidence": flag.evidence}
