"""Issue 16: ``claimscope pages`` and the export of every table ``stats`` counts, in a child process."""
from __future__ import annotations

import csv
import io
import json

import pytest

from claimscope.export import exportable
from claimscope.export import columns_of
from claimscope.store import Store

from .clirun import build_store, cli

# stats keys that are not tables
NOT_TABLES = {"raw_bytes", "segments_by_kind", "comments_with_author"}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    return build_store(tmp_path_factory.mktemp("store"))


@pytest.fixture(scope="module")
def stats(store) -> dict:
    proc = cli("stats", "--db", store, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def pages(store: str, *args: str) -> list[dict]:
    proc = cli("pages", "--db", store, "--json", *args)
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def test_issue16_pages_lists_every_page_with_its_counts(store):
    rows = pages(store)
    assert [(r["outlet"], r["published"], r["segments"], r["claims"], r["flags"]) for r in rows] == [
        ("Front Daily", "2024-03-05", 7, 1, 1), ("Echo Wire", "2024-04-10", 5, 0, 0), (None, None, 7, 0, 0)]
    assert rows[2]["source"].endswith("plain-thread.txt")
    with Store(store, readonly=True) as s:
        assert {r["id"] for r in rows} == set(s.page_ids())
    text = cli("pages", "--db", store)
    lines = text.stdout.splitlines()
    assert text.returncode == 0 and len(lines) == 3
    assert lines[0].split()[:4] == [rows[0]["id"][:12], "2024-03-05", "Front", "Daily"]
    assert "https://front.example/2024/03/05/convoy" in lines[0] and "plain-thread.txt" in lines[2]


@pytest.mark.parametrize("args, outlets", [
    (("--outlet", "echo wire"), ["Echo Wire"]),
    (("--since", "2024-04"), ["Echo Wire"]),
    (("--until", "2024-03"), ["Front Daily"]),  # the whole of March, at the date's own precision
    (("--since", "2024-03-05", "--until", "2024-04-10"), ["Front Daily", "Echo Wire"]),
    (("--since", "2024-03-06", "--until", "2024-04-09"), []),
    (("--source", "PLAIN-thread"), [None]),
    (("--source", "echo.example"), ["Echo Wire"]),
    (("--limit", "1"), ["Front Daily"]),
])
def test_issue16_pages_filters(store, args, outlets):
    assert [r["outlet"] for r in pages(store, *args)] == outlets


def test_issue16_pages_says_when_it_shows_fewer_or_none(store):
    limited = cli("pages", "--db", store, "--limit", "2")
    assert limited.stdout.count("\n") == 2
    assert limited.stderr == "claimscope: 2 of 3 pages shown (--limit 2)\n"
    none = cli("pages", "--db", store, "--since", "2030")
    assert (none.returncode, none.stdout, none.stderr) == (0, "", "claimscope: no pages match --since 2030\n")


def test_issue16_every_table_stats_counts_can_be_exported(stats):
    tables = set(stats) - NOT_TABLES
    assert tables <= set(exportable())
    assert {"dates", "runs"} <= tables


def _export(store: str, what: str, fmt: str, out) -> str:
    proc = cli("export", what, "--db", store, "--format", fmt, "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return proc.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_issue16_export_of_every_stats_table(store, stats, fmt, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet") if fmt == "parquet" else None
    for what in sorted(set(stats) - NOT_TABLES):
        out = tmp_path / f"{what}.{fmt}"
        assert _export(store, what, fmt, out) == f"{stats[what]} {what} row(s) -> {out}\n"
        if fmt == "jsonl":
            rows = [json.loads(line) for line in out.read_text().splitlines()]
        elif fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(out.read_text())))
            assert out.read_text().splitlines()[0].split(",") == list(columns_of(what))  # a header even for 0 rows
        else:
            table = pq.read_table(out)
            assert table.schema.names == list(columns_of(what))  # the schema even for 0 rows
            rows = table.to_pylist()
        assert len(rows) == stats[what], what
        for row in rows:  # every key a provider writes is a declared column
            assert set(row) <= set(columns_of(what)), (what, set(row) - set(columns_of(what)))


def test_issue16_parquet_keeps_nested_values_nested(store, tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    _export(store, "claims", "parquet", tmp_path / "claims.parquet")
    table = pq.read_table(tmp_path / "claims.parquet")
    assert pa.types.is_list(table.schema.field("quantities").type)
    assert table.schema.field("dates").type.value_type == pa.struct(
        [("text", pa.string()), ("value", pa.string()), ("relative", pa.bool_())])
    [claim] = table.to_pylist()
    assert claim["quantities"] == [{"text": "about 12", "value": 12.0, "unit": None, "counted": "drivers",
                                    "qualifier": "approximate", "lower": None, "upper": None,
                                    "vague": False}]
    assert claim["dates"] == [{"text": "Tuesday", "value": "2024-03-05", "relative": False}]
    assert [(p["name"], p["lat"], p["country"]) for p in claim["places"]] == [("Palmyra", 34.56, "SY")]

    _export(store, "runs", "parquet", tmp_path / "runs.parquet")
    [run] = pq.read_table(tmp_path / "runs.parquet").to_pylist()
    assert dict(run["versions"])["claimscope"]  # a map, not a JSON string
    assert dict(run["counters"])["pages_new"] == 3
    assert run["settings"]["boilerplate_min_pages"] == 3  # a struct with typed fields

    # JSONL keeps them as JSON values; CSV, being flat, as JSON text
    _export(store, "claims", "jsonl", tmp_path / "claims.jsonl")
    assert json.loads((tmp_path / "claims.jsonl").read_text())["dates"] == claim["dates"]
    _export(store, "claims", "csv", tmp_path / "claims.csv")
    [row] = csv.DictReader(io.StringIO((tmp_path / "claims.csv").read_text()))
    assert json.loads(row["dates"]) == claim["dates"]


def test_issue16_empty_parquet_export_is_a_file_with_the_schema(store, tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "entities.parquet"
    assert _export(store, "entities", "parquet", out) == f"0 entities row(s) -> {out}\n"
    table = pq.read_table(out)
    assert table.num_rows == 0
    assert table.schema.field("char_start").type == pa.int64()
    assert table.schema.field("canonical").type == pa.string()
    empty = tmp_path / "empty.db"
    Store(empty).close()
    out = tmp_path / "claims-none.parquet"  # nested columns keep their types without a row to show them
    assert _export(str(empty), "claims", "parquet", out) == f"0 claims row(s) -> {out}\n"
    schema = pq.read_schema(out)
    assert schema.field("places").type.value_type.field("lat").type == pa.float64()


def test_issue16_export_to_stdout_of_nothing_says_so(tmp_path):
    db = tmp_path / "empty.db"
    Store(db).close()
    proc = cli("export", "dates", "--db", str(db))
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", f"claimscope: no dates in {db}\n")


def test_issue16_a_store_older_than_a_table_exports_it_empty(tmp_path):
    import sqlite3

    db = tmp_path / "old.db"
    Store(db).close()
    with sqlite3.connect(db) as conn:  # as a store written before dates and flags were kept
        conn.execute("DROP TABLE dates")
        conn.execute("DROP TABLE flags")
    out = tmp_path / "dates.jsonl"
    assert _export(str(db), "dates", "jsonl", out) == f"0 dates row(s) -> {out}\n"
    proc = cli("flags", "--label", "HATE", "--db", str(db))
    assert (proc.returncode, proc.stderr) == (0, "claimscope: no flags match --label HATE\n")


def test_issue16_a_plugin_record_table_is_exported_field_by_field(tmp_path, monkeypatch):
    import dataclasses

    pq = pytest.importorskip("pyarrow.parquet")
    from claimscope.export import export_rows, write_rows
    from claimscope.store.schema import RECORD_TABLES

    @dataclasses.dataclass(frozen=True, slots=True)
    class Note:
        page_id: str
        start: int
        checked: bool
        score: float | None = None

    monkeypatch.setitem(RECORD_TABLES, "notes", Note)
    with Store(tmp_path / "s.db") as store:
        store.add_records("notes", [Note("p1", 3, True, 0.5), Note("p2", 4, False)])
        assert "notes" in store.stats()
        out = tmp_path / "notes.parquet"
        assert write_rows(export_rows(store, "notes"), "parquet", str(out), what="notes") == 2
    table = pq.read_table(out)
    assert [str(f.type) for f in table.schema] == ["string", "int64", "bool", "double"]
    assert table.to_pylist() == [{"page_id": "p1", "start": 3, "checked": True, "score": 0.5},
                                 {"page_id": "p2", "start": 4, "checked": False, "score": None}]


def test_a_store_in_a_folder_named_with_uri_syntax_opens_read_only(store, tmp_path):
    import shutil

    odd = tmp_path / "run #1 ?x%20"
    odd.mkdir()
    shutil.copy(store, odd / "store.db")
    assert [r["outlet"] for r in pages(str(odd / "store.db"), "--limit", "1")] == ["Front Daily"]
