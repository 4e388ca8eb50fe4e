"""The tables an engine writes outside SQLite (Parquet), with the store's columns.

Column names and types follow the SQLite store exactly: ``pages`` as in the core
migration (raw bytes kept), ``segments`` and the record tables derived from the
record dataclasses the same way ``store.schema`` derives them, tuples as JSON
text. Every per-shard table also carries a ``shard`` column, the Parquet
partition key that makes a shard's output replaceable on its own.

Nothing here imports Spark or pyarrow: both the Spark writer and the Parquet
loader turn these plain specs into their own schema objects.
"""
from __future__ import annotations

import dataclasses
import json

from ..analysis import RECORD_FIELDS
from ..records import Cluster, Link, Page, PageError, Segment
from ..store.schema import RECORD_TABLES, record_columns

__all__ = ["TABLES", "PER_SHARD", "CORPUS_TABLES", "ANALYSIS_TABLES", "record_type", "to_row", "page_row",
           "page_from_row"]

# columns of the core tables, with SQLite type names
_PAGES = [
    ("id", "TEXT"), ("source", "TEXT"), ("format", "TEXT"), ("raw", "BLOB"), ("text", "TEXT"),
    ("encoding", "TEXT"), ("replaced_chars", "INTEGER"), ("decode_notes", "TEXT"), ("url", "TEXT"),
    ("outlet", "TEXT"), ("published", "TEXT"), ("regions", "TEXT"),
]
_ERRORS = [("source", "TEXT"), ("stage", "TEXT"), ("reason", "TEXT")]
_STAGE_DONE = [("page_id", "TEXT"), ("stage", "TEXT"), ("version", "TEXT")]
# (page, line) pairs behind the corpus line statistics: kept per shard so that a
# later run can recount the corpus without re-reading finished shards
_LINE_HASHES = [("page_id", "TEXT"), ("hash", "TEXT"), ("sample", "TEXT")]
_LINE_STATS = [("hash", "TEXT"), ("pages", "INTEGER"), ("sample", "TEXT")]

# PageAnalysis fields that hold records -> table name (the same names as the store)
ANALYSIS_TABLES: tuple[str, ...] = RECORD_FIELDS


def record_type(table: str) -> type:
    return Segment if table == "segments" else RECORD_TABLES[table]


def _analysis_columns() -> dict[str, list[tuple[str, str]]]:
    return {name: record_columns(record_type(name)) for name in ANALYSIS_TABLES}


# table -> [(column, sqlite type)]; the per-shard ones get a ``shard`` partition column
TABLES: dict[str, list[tuple[str, str]]] = {
    "pages": _PAGES, **_analysis_columns(), "stage_done": _STAGE_DONE, "errors": _ERRORS,
    "line_hashes": _LINE_HASHES, "line_stats": _LINE_STATS,
    "links": record_columns(Link), "clusters": record_columns(Cluster),
}
# whole-corpus tables, rewritten by each run: line statistics, and the Spark link
# step's links and clusters (partitioned by ``kind``, so one step replaces only its own)
CORPUS_TABLES: tuple[str, ...] = ("line_stats", "links", "clusters")
PER_SHARD: tuple[str, ...] = tuple(t for t in TABLES if t not in CORPUS_TABLES)


def _encode(value):
    """The store's encoding: tuples/lists/dicts as JSON text, booleans as integers."""
    if isinstance(value, (tuple, list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


def to_row(record) -> tuple:
    """A record dataclass as a tuple in its table's column order."""
    return tuple(_encode(getattr(record, f.name)) for f in dataclasses.fields(record))


def page_row(page: Page) -> tuple:
    return tuple(_encode(getattr(page, name)) for name, _ in _PAGES)


def error_row(error: PageError) -> tuple:
    return (error.source, error.stage, error.reason)


def page_from_row(row: dict) -> Page:
    """Back from a ``pages`` row (a mapping) to the ``Page`` the engine ingested."""
    values = {name: row[name] for name, _ in _PAGES}
    values["raw"] = bytes(values["raw"])
    values["decode_notes"] = tuple(json.loads(values["decode_notes"]))
    values["regions"] = tuple(tuple(r) for r in json.loads(values["regions"]))
    return Page(**values)
