"""The columns of every export and their types: data, apart from the writers in ``export``.

The types give a Parquet file its schema even when no row decides it: an export of
zero rows, or a column that is empty in the first batch. Nested values stay nested:
``[spec]`` is a list of ``spec``, a dict is a struct with those fields, ``("map", T)``
a map from text to ``T`` (for keys that differ between rows, such as a run's stage
versions), and ``INFER`` a value whose type is read from the rows themselves.
CSV writes nested values as JSON text; JSONL writes them as they are.

A row key that is not listed here is still exported, with its type read from the
rows; tests/foundation/test_cli_export.py checks that every built-in export lists
all of its keys.
"""
from __future__ import annotations

__all__ = ["BOOL", "COLUMNS", "FLOAT", "INFER", "INT", "STR"]

STR, INT, FLOAT, BOOL = "string", "int64", "float64", "bool"
INFER = "infer"

_SPAN = {"char_start": INT, "char_end": INT, "line_start": INT, "line_end": INT}

_PLACE = {"page_id": STR, "name": STR, "resolved_name": STR, "lat": FLOAT, "lon": FLOAT,
          "country": STR, "feature": STR, **_SPAN}


def _side(prefix: str, text: bool = True) -> dict:
    """The columns of one end of a link (a, b) or of a cluster's first member."""
    columns = {f"{prefix}_page_id": STR, f"{prefix}_source": STR, f"{prefix}_outlet": STR,
               f"{prefix}_date": STR, f"{prefix}_start": INT, f"{prefix}_end": INT,
               f"{prefix}_line_start": INT, f"{prefix}_line_end": INT}
    if text:
        columns[f"{prefix}_text"] = STR
    return columns


COLUMNS: dict[str, dict] = {
    "pages": {"id": STR, "source": STR, "format": STR, "url": STR, "outlet": STR, "published": STR,
              "encoding": STR, "replaced_chars": INT, "bytes": INT, "ingested_at": STR},
    "segments": {"page_id": STR, "source": STR, "index": INT, "kind": STR, "title": STR, "author": STR,
                 "byline": STR, "outlet": STR, "line_start": INT, "line_end": INT, "char_start": INT,
                 "char_end": INT, "producer": STR, "text": STR},
    "errors": {"run_id": INT, "source": STR, "stage": STR, "reason": STR, "at": STR},
    "runs": {"id": INT, "started_at": STR, "finished_at": STR, "command": STR,
             "versions": ("map", STR), "settings": INFER, "counters": ("map", INT)},
    "claims": {"id": STR, "page_id": STR, "page_source": STR, "segment_kind": STR, "comment_author": STR,
               "source": STR, "source_entity": STR, "cue": STR, "content": STR, "quote_type": STR, "parent_id": STR, **_SPAN,
               "quantities": [{"text": STR, "value": FLOAT, "unit": STR, "counted": STR, "qualifier": STR,
                               "lower": FLOAT, "upper": FLOAT, "vague": BOOL}],
               "places": [_PLACE],
               "dates": [{"text": STR, "value": STR, "relative": BOOL}]},
    "entities": {"page_id": STR, "text": STR, "label": STR, "canonical": STR, **_SPAN},
    "places": _PLACE,
    "quantities": {"page_id": STR, "text": STR, "value": FLOAT, "counted": STR, "qualifier": STR,
                   "kind": STR, "unit": STR, "lower": FLOAT, "upper": FLOAT, "vague": BOOL, "rate": STR,
                   "claim_id": STR, **_SPAN},
    "dates": {"page_id": STR, "text": STR, "value": STR, "relative": BOOL, "claim_id": STR, **_SPAN},
    "flags": {"page_id": STR, "segment_kind": STR, "segment_index": INT, "label": STR,
              "target_group": STR, "narrative_id": STR, "score": FLOAT, **_SPAN, "model": STR,
              "evidence": STR, "shown": BOOL},
    "links": {"kind": STR, "similarity": FLOAT, "cluster_id": STR, "producer": STR,
              **_side("a"), **_side("b")},
    "clusters": {"id": STR, "kind": STR, "size": INT, "first_seen": STR, "label": STR, "producer": STR,
                 **_side("first", text=False)},
}
