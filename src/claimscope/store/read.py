"""Reading a store that must already exist: the read-only commands' way in.

``Store(path)`` creates and migrates a file, which is right for a run and wrong
for ``stats`` or ``pages``: a mistyped ``--db`` would leave an empty store behind
and answer "nothing found". ``open_existing`` refuses instead, with a
``StoreError`` that names the path.
"""
from __future__ import annotations

import dataclasses

import re
import sqlite3
from pathlib import Path

from ..errors import QueryError, StoreError
from ..records import Page
from .sqlite import Store

__all__ = ["check_date", "check_store_path", "default_flags_only", "distinct_values", "find_page",
           "flags_not_shown", "has_table", "open_existing", "page_summaries"]

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def default_flags_only(conn: sqlite3.Connection) -> None:
    """Let ``conn`` see only the flags shown by default (``Flag.shown``): a temporary view
    named ``flags`` over the stored table, which SQLite reads before the table of the same
    name, so every query of this connection (lists, counts, filters, exports) leaves out
    the flags kept but not shown. Flags of a store written before ``shown`` existed are
    all shown. Nothing is written to the file (temporary objects live in memory)."""
    columns = {row[1] for row in conn.execute("PRAGMA main.table_info(flags)")}
    if "shown" in columns:
        conn.execute("CREATE TEMP VIEW IF NOT EXISTS flags AS SELECT * FROM main.flags WHERE shown IS NOT 0")


def flags_not_shown(conn: sqlite3.Connection) -> int:
    """How many stored flags are not shown by default (0 for a store without ``shown``)."""
    columns = {row[1] for row in conn.execute("PRAGMA main.table_info(flags)")}
    if "shown" not in columns:
        return 0
    return int(conn.execute("SELECT count(*) FROM main.flags WHERE shown = 0").fetchone()[0])


def open_existing(path: str | Path, *, readonly: bool = True, all_flags: bool = True) -> Store:
    """The store at ``path``, opened read-only unless asked; never creates one. Unless
    ``all_flags``, a read-only store shows only the flags shown by default
    (``default_flags_only``)."""
    if not Path(path).is_file():
        raise StoreError(f"no store at {path}; create one with: claimscope run INPUT... --db {path}")
    store = None
    try:
        store = Store(path, readonly=True)
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:  # not SQLite at all, or unreadable
        if store is not None:
            store.close()
        raise StoreError(f"{path} is not a claimscope store ({exc})") from exc
    if "pages" not in tables:  # the first migration makes pages with segments, runs and errors
        store.close()
        raise StoreError(f"{path} is not a claimscope store (it has no pages table)")
    if readonly:
        if not all_flags:
            default_flags_only(store.conn)
        return store
    store.close()
    return Store(path)  # a writer (link) migrates the existing store


def check_store_path(path: str | Path) -> None:
    """Fail before any work when ``run`` or ``load`` could not write a store at ``path``:
    an existing file must be a claimscope store (or empty, as ``mktemp`` leaves it), and a
    new one needs an existing folder."""
    if Path(path).exists() and Path(path).stat().st_size > 0:
        open_existing(path).close()
    elif not Path(path).resolve().parent.is_dir():
        raise StoreError(f"cannot create a store at {path}: the folder {Path(path).parent} does not exist")


def has_table(store: Store, name: str) -> bool:
    """True when ``name`` exists: a read-only store of an older version may lack a table."""
    return store.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                              (name,)).fetchone() is not None


def distinct_values(store: Store, table: str, column: str) -> list:
    """The distinct values of a record table's column, sorted; none when the table is not
    there yet (a store made before it). Both names must be the record type's own."""
    from .schema import RECORD_TABLES

    record_type = RECORD_TABLES[table]
    if column not in {f.name for f in dataclasses.fields(record_type)}:
        raise KeyError(f"{table} has no column {column!r}")
    if not has_table(store, table):
        return []
    return [row[0] for row in store.conn.execute(
        f'SELECT DISTINCT "{column}" FROM "{table}" ORDER BY "{column}"')]


def find_page(store: Store, ref: str) -> Page:
    """The one page that ``ref`` names (an id, a unique id prefix or part of a source)."""
    try:
        return store.page(ref)
    except KeyError as exc:
        raise QueryError(f"no single page matches {ref!r}; list them with: claimscope pages") from exc


def check_date(value: str) -> str:
    """``value`` when it is a date as YYYY, YYYY-MM or YYYY-MM-DD: the forms that compare
    with a published date at their own precision."""
    if not _DATE.fullmatch(value):
        raise QueryError(f"{value!r} is not a date as YYYY, YYYY-MM or YYYY-MM-DD")
    return value


def _count(store: Store, table: str) -> str:
    # a table this store never had counts nothing (read-only stores are not migrated)
    if not has_table(store, table):
        return "0"
    return f'(SELECT count(*) FROM "{table}" t WHERE t.page_id = p.id)'


def page_summaries(store: Store, *, outlet: str | None = None, since: str | None = None,
                   until: str | None = None, source: str | None = None,
                   limit: int | None = None) -> tuple[list[dict], int]:
    """(pages matching every filter, in date order with undated pages last; how many matched
    before ``limit``). ``since``/``until`` compare the published date at their own precision,
    both ends included, so ``--until 2024-03`` keeps every page of March; undated pages never
    pass a date filter. ``outlet`` matches whole, ``source`` as a substring of the URL or of a
    source path, both ignoring case."""
    conditions: list[str] = []
    params: list[object] = []
    if outlet:
        conditions.append("lower(p.outlet) = lower(?)")
        params.append(outlet)
    if since:
        conditions.append("substr(p.published, 1, ?) >= ?")
        params += [len(check_date(since)), since]
    if until:
        conditions.append("substr(p.published, 1, ?) <= ?")
        params += [len(check_date(until)), until]
    if source:
        # its URL, or any source it was read from, not only the first (a repost read twice)
        conditions.append("(instr(lower(p.url), lower(?)) > 0 OR p.id IN "
                          "(SELECT page_id FROM page_sources WHERE instr(lower(source), lower(?)) > 0))")
        params += [source, source]
    where = " AND ".join(conditions) or "1"
    total = store.conn.execute(f"SELECT count(*) FROM pages p WHERE {where}", params).fetchone()[0]
    sql = (f"SELECT p.id, p.source, p.url, p.outlet, p.published, {_count(store, 'segments')} AS segments, "
           f"{_count(store, 'claims')} AS claims, {_count(store, 'flags')} AS flags FROM pages p "
           f"WHERE {where} ORDER BY p.published IS NULL, p.published, p.rowid")
    if limit is not None:
        sql += " LIMIT ?"
        params.append(max(limit, 0))
    return [dict(row) for row in store.conn.execute(sql, params)], total
