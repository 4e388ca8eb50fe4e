"""Exports: rows of any record table as JSONL, CSV or Parquet.

Row providers are registered by name in one dict; each yields plain dicts
whose keys are the documented export columns.
"""
from __future__ import annotations

import csv
import importlib
import io
import json
import sys
from collections.abc import Iterable, Iterator

from .errors import ClaimscopeError, require
from .store import Store

__all__ = ["EXPORTS", "export_rows", "write_rows", "segment_rows"]

EXPORTS: dict[str, str] = {
    "segments": "claimscope.export:segment_rows",
    "pages": "claimscope.export:page_rows",
    "errors": "claimscope.export:error_rows",
    "claims": "claimscope.extract.export:claims_rows",
    "entities": "claimscope.extract.export:entities_rows",
    "places": "claimscope.extract.export:places_rows",
    "quantities": "claimscope.extract.export:quantities_rows",
    "flags": "claimscope.classify.export:flags_rows",
    "links": "claimscope.link.export:links_rows",
    "clusters": "claimscope.link.export:clusters_rows",
}


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


def export_rows(store: Store, what: str) -> Iterator[dict]:
    if what not in EXPORTS:
        raise ClaimscopeError(f"nothing called {what!r} to export; choose from {', '.join(EXPORTS)}")
    module, _, name = EXPORTS[what].partition(":")
    try:
        provider = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise ClaimscopeError(f"{what} export is not available in this build: {exc}") from exc
    return provider(store)


def write_rows(rows: Iterable[dict], fmt: str, out: str | None) -> int:
    """Write rows to ``out`` (standard output when None); returns the row count."""
    if fmt == "parquet":
        return _write_parquet(rows, out)
    stream = open(out, "w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        return (_write_jsonl if fmt == "jsonl" else _write_csv)(rows, stream)
    finally:
        if out:
            stream.close()


def _write_jsonl(rows: Iterable[dict], stream) -> int:
    count = 0
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        count += 1
    return count


def _write_csv(rows: Iterable[dict], stream) -> int:
    writer, count = None, 0
    for row in rows:
        flat = {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict, tuple)) else v
                for k, v in row.items()}
        if writer is None:
            writer = csv.DictWriter(stream, fieldnames=list(flat), extrasaction="ignore")
            writer.writeheader()
        writer.writerow(flat)
        count += 1
    return count


def _write_parquet(rows: Iterable[dict], out: str | None, batch: int = 10_000) -> int:
    pa = require("pyarrow", "parquet")
    pq = require("pyarrow.parquet", "parquet")
    sink = out or io.BytesIO()
    writer, count, buffer = None, 0, []

    def flush():
        nonlocal writer
        cells = [{k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict, tuple)) else v
                  for k, v in r.items()} for r in buffer]
        table = pa.Table.from_pylist(cells)
        if writer is None:
            # a column that is empty in the first batch is text (ids, names, labels)
            schema = pa.schema([f.with_type(pa.string()) if pa.types.is_null(f.type) else f
                                for f in table.schema])
            writer = pq.ParquetWriter(sink, schema)
        writer.write_table(table.cast(writer.schema))
        buffer.clear()

    for row in rows:
        buffer.append(row)
        count += 1
        if len(buffer) >= batch:
            flush()
    if buffer:
        flush()
    if writer is not None:
        writer.close()
    if out is None and isinstance(sink, io.BytesIO):
        sys.stdout.buffer.write(sink.getvalue())
    return count
