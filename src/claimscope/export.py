"""Exports: rows of any table that ``stats`` counts, as JSONL, CSV or Parquet.

Row providers are registered by name in one dict; each yields plain dicts whose
keys are the export's columns (``export_columns.COLUMNS``, with their types). A
record table without a provider of its own (one a plugin registered) is exported
field by field.
"""
from __future__ import annotations

import csv
import dataclasses
import importlib
import io
import itertools
import json
import sys
import typing
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import ClaimscopeError, QueryError, require
from .export_columns import BOOL, COLUMNS, FLOAT, INFER, INT, STR
from .store import Store
from .store.read import has_table
from .store.schema import RECORD_TABLES

__all__ = ["EXPORTS", "check_export", "export_rows", "exportable", "segment_rows", "write_rows"]

EXPORTS: dict[str, str] = {
    "pages": "claimscope.export:page_rows",
    "segments": "claimscope.export:segment_rows",
    "errors": "claimscope.export:error_rows",
    "runs": "claimscope.export:run_rows",
    "claims": "claimscope.extract.export:claims_rows",
    "entities": "claimscope.extract.export:entities_rows",
    "places": "claimscope.extract.export:places_rows",
    "quantities": "claimscope.extract.export:quantities_rows",
    "dates": "claimscope.extract.export:dates_rows",
    "flags": "claimscope.classify.export:flags_rows",
    "links": "claimscope.link.export:links_rows",
    "clusters": "claimscope.link.export:clusters_rows",
}


def exportable() -> list[str]:
    """Every name ``export_rows`` accepts: the providers, then plugin record tables."""
    return list(EXPORTS) + [t for t in RECORD_TABLES if t not in EXPORTS]


def check_export(what: str) -> None:
    if what not in exportable():
        raise QueryError(f"nothing called {what!r} to export; choose from {', '.join(exportable())}")


def segment_rows(store: Store) -> Iterator[dict]:
    sources = dict(store.conn.execute("SELECT id, source FROM pages"))
    for s in store.records("segments", order_by=("page_id", "index")):
        yield {
            "page_id": s.page_id, "source": sources.get(s.page_id), "index": s.index,
            "kind": s.kind, "title": s.title, "author": s.author, "byline": s.byline,
            "outlet": s.outlet, "line_start": s.line_start, "line_end": s.line_end,
            "char_start": s.start, "char_end": s.end, "producer": s.producer, "text": s.text,
        }


def page_rows(store: Store) -> Iterator[dict]:
    for row in store.conn.execute(
        "SELECT id, source, format, url, outlet, published, encoding, replaced_chars, "
        "length(raw) AS bytes, ingested_at FROM pages ORDER BY rowid"
    ):
        yield dict(row)


def error_rows(store: Store) -> Iterator[dict]:
    yield from store.errors()


def run_rows(store: Store) -> Iterator[dict]:
    """Each run with what made it: its versions, settings and counters as nested values."""
    for row in store.conn.execute("SELECT id, started_at, finished_at, command, versions, settings, "
                                  "counters FROM runs ORDER BY id"):
        run = dict(row)
        for key in ("versions", "settings", "counters"):
            run[key] = json.loads(run[key]) if run[key] else None
        run["versions"] = {k: str(v) for k, v in (run["versions"] or {}).items()} or None
        yield run


def record_rows(store: Store, table: str) -> Iterator[dict]:
    """A record table without a provider of its own, one row per record, field by field."""
    flags = [name for name, kind in columns_of(table).items() if kind == BOOL]
    for record in store.records(table):
        row = dataclasses.asdict(record)
        for name in flags:  # SQLite hands booleans back as 0 and 1
            row[name] = None if row[name] is None else bool(row[name])
        yield row


def columns_of(what: str) -> dict:
    """The typed columns of export ``what`` (a plugin table's from its record's fields)."""
    if what in COLUMNS:
        return COLUMNS[what]
    if what not in RECORD_TABLES:
        return {}
    hints = typing.get_type_hints(RECORD_TABLES[what])
    plain = {int: INT, float: FLOAT, str: STR, bool: BOOL}
    return {f.name: plain.get(_optional(hints[f.name]), INFER) for f in dataclasses.fields(RECORD_TABLES[what])}


def _optional(hint):
    """``int`` for ``int | None``; other hints as they are."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    return args[0] if len(args) == 1 and type(None) in typing.get_args(hint) else hint


def export_rows(store: Store, what: str) -> Iterator[dict]:
    check_export(what)
    if what in RECORD_TABLES and not has_table(store, what):
        return iter(())  # a store made before this table existed, opened read-only: nothing in it
    if what not in EXPORTS:
        return record_rows(store, what)
    module, _, name = EXPORTS[what].partition(":")
    try:
        provider = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise ClaimscopeError(f"{what} export is not available in this build: {exc}") from exc
    return provider(store)


def write_rows(rows: Iterable[dict], fmt: str, out: str | None, what: str | None = None) -> int:
    """Write rows to ``out`` (standard output when None); returns the row count. ``what``
    names the export, whose declared columns type the Parquet schema and head an empty CSV."""
    columns = columns_of(what) if what else {}
    try:
        if fmt == "parquet":
            return _write_parquet(rows, out, columns=columns)
        stream = open(out, "w", encoding="utf-8", newline="") if out else sys.stdout
        try:
            return _write_jsonl(rows, stream) if fmt == "jsonl" else _write_csv(rows, stream, columns)
        finally:
            if out:
                stream.close()
    except BaseException:
        if out:  # half a file would pass for a whole export
            Path(out).unlink(missing_ok=True)
        raise


def _write_jsonl(rows: Iterable[dict], stream) -> int:
    count = 0
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        count += 1
    return count


def _write_csv(rows: Iterable[dict], stream, columns: dict | None = None) -> int:
    writer, count = None, 0
    for row in rows:
        flat = {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict, tuple)) else v
                for k, v in row.items()}
        if writer is None:
            writer = csv.DictWriter(stream, fieldnames=list(flat), extrasaction="ignore")
            writer.writeheader()
        writer.writerow(flat)
        count += 1
    if writer is None and columns:  # no rows: the header still says what the file would hold
        csv.writer(stream).writerow(list(columns))
    return count


def _write_parquet(rows: Iterable[dict], out: str | None, batch: int = 10_000,
                   columns: dict | None = None) -> int:
    pa = require("pyarrow", "parquet")
    pq = require("pyarrow.parquet", "parquet")
    rows = iter(rows)
    chunk = list(itertools.islice(rows, batch))
    # the declared columns decide the types; the first batch only fills in what they leave open
    schema = _arrow_schema(pa, columns or {}, chunk)
    count = 0
    # a file opened here, not by pyarrow, so that a bad --out path is an OSError naming it
    with open(out, "wb") if out else io.BytesIO() as sink:
        with pq.ParquetWriter(sink, schema) as writer:
            if not chunk:  # no rows: still a valid file, with the schema
                writer.write_table(schema.empty_table())
            while chunk:
                try:
                    writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
                    raise ClaimscopeError(f"cannot write rows {count + 1}-{count + len(chunk)} as "
                                          f"Parquet: {exc}") from exc
                count += len(chunk)
                chunk = list(itertools.islice(rows, batch))
        if isinstance(sink, io.BytesIO):  # no --out: the whole file goes to standard output
            sys.stdout.buffer.write(sink.getvalue())
    return count


def _arrow_schema(pa, columns: dict, sample: list[dict]):
    """Declared columns in their order, then any other key of the sample rows."""
    names = list(columns) + [k for k in dict.fromkeys(k for r in sample for k in r) if k not in columns]
    return pa.schema([pa.field(n, _arrow_type(pa, columns.get(n, INFER), [r.get(n) for r in sample]))
                      for n in names])


def _arrow_type(pa, spec, values: list):
    """The Arrow type of a column spec (see ``export_columns``); ``values`` decide INFER."""
    if isinstance(spec, str) and spec != INFER:
        return {STR: pa.string(), INT: pa.int64(), FLOAT: pa.float64(), BOOL: pa.bool_()}[spec]
    if isinstance(spec, list):
        inner = [v for value in values if value for v in value]
        return pa.list_(_arrow_type(pa, spec[0], inner))
    if isinstance(spec, dict):
        return pa.struct([pa.field(k, _arrow_type(pa, t, [v.get(k) for v in values if v]))
                          for k, t in spec.items()])
    if isinstance(spec, tuple):  # ("map", value type)
        return pa.map_(pa.string(), _arrow_type(pa, spec[1], []))
    present = [v for v in values if v is not None]
    if not present:  # nothing to go by (no rows, or always empty): text
        return pa.string()
    return _no_nulls(pa, pa.array(present).type)


def _no_nulls(pa, type_):
    """``type_`` with every null type (a value that was always empty) made text."""
    if pa.types.is_null(type_):
        return pa.string()
    if pa.types.is_list(type_):
        return pa.list_(_no_nulls(pa, type_.value_type))
    if pa.types.is_struct(type_):
        return pa.struct([f.with_type(_no_nulls(pa, f.type)) for f in type_])
    return type_
