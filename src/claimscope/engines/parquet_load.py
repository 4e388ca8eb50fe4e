"""Load the Parquet tables of a Spark run into a SQLite store (no Spark needed).

Shard by shard, so memory is bounded by one shard's pages: each page is added
(a page already stored is a no-op, as in a local run), its analysis written in
one transaction with the stage versions the run recorded in ``stage_done``, its
short-line hashes counted into the store's line statistics, and the run's
errors appended. Links and clusters of the Spark link step, when the folder has
them, replace the store's links and clusters of the same kinds. Loading the same
folder twice changes nothing but the ``runs`` table.
"""
from __future__ import annotations

import json
import os
from collections import defaultdict
from typing import Any
from pathlib import Path

from ..analysis import PageAnalysis
from ..errors import ClaimscopeError, require
from ..store import Store
from .tables import ANALYSIS_TABLES, page_from_row, record_type

__all__ = ["load_parquet_into_store", "LoadSummary"]


class LoadSummary(dict):
    """Counts of what was loaded: shards, pages_new, pages_seen_before, analysed, errors, links."""


def load_parquet_into_store(out_dir: str | Path, db: str | Path) -> LoadSummary:
    out_dir = Path(out_dir)
    if not (out_dir / "pages").is_dir():
        raise ClaimscopeError(f"no Spark output at {out_dir} (expected {out_dir}/pages/)")
    require("pyarrow", "spark")
    summary = LoadSummary(shards=0, pages_new=0, pages_seen_before=0, analysed=0, errors=0, links=0)
    with Store(db) as store:
        manifest = _manifest(out_dir)  # the Spark run's versions and settings, as a local run records them
        versions = {"claimscope": manifest.get("claimscope"), "python": manifest.get("python"),
                    "stages": manifest.get("stages", {})}
        run_id = store.start_run(f"load {out_dir}", versions, manifest.get("settings", {}))
        for shard in _finished_shards(out_dir):
            _load_shard(store, out_dir, shard, run_id, summary)
            summary["shards"] += 1
        summary["links"] = _load_links(store, out_dir)
        store.finish_run(run_id, dict(summary))
    return summary


def _manifest(out_dir: Path) -> dict:
    path = out_dir / "_manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _finished_shards(out_dir: Path) -> list[str]:
    """Only shards with a completion marker: an unfinished shard may be partial."""
    markers = out_dir / "shards"
    if not markers.is_dir():
        return []
    return sorted(p.name.removeprefix("shard=") for p in markers.iterdir() if p.name.startswith("shard="))


def _rows(out_dir: Path, table: str, shard: str) -> list[dict]:
    import pyarrow.parquet as pq

    folder = out_dir / table / f"shard={shard}"
    if not folder.is_dir():
        return []
    rows: list[dict] = []
    for part in sorted(folder.glob("*.parquet")):
        rows.extend(pq.read_table(part).to_pylist())
    return rows


def _load_shard(store: Store, out_dir: Path, shard: str, run_id: int, summary: LoadSummary) -> None:
    by_page = _records_by_page(out_dir, shard)
    done: defaultdict[str, dict] = defaultdict(dict)
    for row in _rows(out_dir, "stage_done", shard):
        done[row["page_id"]][row["stage"]] = row["version"]
    hashes: defaultdict[str, dict] = defaultdict(dict)
    for row in _rows(out_dir, "line_hashes", shard):
        hashes[row["page_id"]][row["hash"]] = row["sample"]
    for row in _rows(out_dir, "pages", shard):
        page = page_from_row(row)
        key = "pages_new" if store.add_page(page, run_id) else "pages_seen_before"
        summary[key] += 1
        store.add_line_stats(page.id, hashes.get(page.id, {}))
        if page.id in done:
            found: dict[str, Any] = {name: tuple(by_page[name].get(page.id, ())) for name in ANALYSIS_TABLES}
            store.write_analysis(PageAnalysis(page=page, **found), done[page.id])
            summary["analysed"] += 1
    for row in _rows(out_dir, "errors", shard):
        store.add_error(run_id, row["source"], row["stage"], row["reason"])
        summary["errors"] += 1


def _load_links(store: Store, out_dir: Path) -> int:
    """The link step's ``links`` and ``clusters`` (``DIR/<table>/kind=<kind>/``), each kind
    replacing the store's rows of that kind in one transaction; the links loaded."""
    import pyarrow.parquet as pq

    from ..store.schema import RECORD_TABLES

    loaded = 0
    for table in ("links", "clusters"):
        decode = _decoder(RECORD_TABLES[table])
        for folder in sorted((out_dir / table).glob("kind=*")):
            kind = folder.name.removeprefix("kind=")
            records = [decode({**row, "kind": kind}) for part in sorted(folder.glob("*.parquet"))
                       for row in pq.read_table(part).to_pylist()]
            store.replace_kind(table, kind, records)
            loaded += len(records) if table == "links" else 0
    return loaded


def _records_by_page(out_dir: Path, shard: str) -> dict[str, dict[str, list]]:
    """table -> page id -> records, rebuilt as the record dataclasses, in written order."""
    out: dict[str, dict[str, list]] = {}
    for table in ANALYSIS_TABLES:
        decode = _decoder(record_type(table))
        grouped: dict[str, list] = defaultdict(list)
        for row in _rows(out_dir, table, shard):
            grouped[row["page_id"]].append(decode(row))
        if table == "segments":
            for records in grouped.values():
                records.sort(key=lambda s: s.index)
        out[table] = grouped
    return out


def _decoder(cls: type):
    """Row -> record, turning the store's JSON text back into tuples where the field is one."""
    import dataclasses
    import typing

    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    tuples = {n for n in names if typing.get_origin(hints[n]) is tuple}
    bools = {n for n in names if hints[n] is bool}

    def decode(row: dict):
        values = {n: row[n] for n in names if n in row}
        for n in tuples & values.keys():
            if isinstance(values[n], str):
                values[n] = tuple(json.loads(values[n]))
        for n in bools & values.keys():
            if values[n] is not None:
                values[n] = bool(values[n])
        return cls(**values)

    return decode


def describe(summary: LoadSummary, db: str) -> str:
    return (f"{summary['shards']} shard(s): {summary['pages_new']} new page(s), "
            f"{summary['pages_seen_before']} already stored, {summary['analysed']} analysed, "
            f"{summary['errors']} error(s), {summary['links']} link(s) -> {os.fspath(db)}")
