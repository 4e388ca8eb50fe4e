"""Read-only access to a store for the web UI and the report.

The file is opened with a ``mode=ro`` URI, so no statement from this package can
write to it, and every query runs under a deadline: a progress handler aborts a
statement that runs past ``QUERY_SECONDS`` (a hostile or merely huge FTS query
must not tie up a server thread). Result sizes are bounded by the callers'
LIMIT clauses; user input only ever reaches SQL as a bound parameter.

Why a side table: a ``pages`` row holds the raw bytes and the text *before*
url, outlet and published, so reading those three columns walks megabytes of
overflow pages. On open (and whenever the file changes) the page metadata is
copied once into ``meta.page_meta``, an in-memory database attached to every
connection, and the views filter and group on that. Corpus-wide summaries
(home, the filter drop-downs) are cached the same way, keyed by the file's state.
"""
from __future__ import annotations

import os
import queue
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ClaimscopeError
from ..store.read import default_flags_only

__all__ = ["QUERY_SECONDS", "QueryTimeout", "ReadOnlyStore", "StoreMissing"]

QUERY_SECONDS = 2.0
CACHE_ENTRIES = 512
_PROGRESS_STEPS = 10_000  # VM instructions between deadline checks
_META_SQL = """
CREATE TABLE page_meta (id TEXT PRIMARY KEY, outlet TEXT NOT NULL, published TEXT,
                        url TEXT, source TEXT NOT NULL, format TEXT, chars INTEGER);
INSERT INTO page_meta
    SELECT id, coalesce(outlet, '(unknown)'), published, url, source, format, length(text)
    FROM store.pages;
CREATE INDEX page_meta_outlet ON page_meta(outlet, published);
CREATE INDEX page_meta_published ON page_meta(published);
"""


class StoreMissing(ClaimscopeError):
    """The store file does not exist (read-only opening never creates one)."""


class QueryTimeout(ClaimscopeError):
    """A query ran past its deadline and was interrupted."""


class _Deadline:
    def __init__(self) -> None:
        self.at: float | None = None

    def passed(self) -> int:
        return 1 if self.at is not None and time.monotonic() > self.at else 0


@dataclass
class _Pooled:
    conn: sqlite3.Connection
    deadline: _Deadline
    meta_uri: str  # the metadata database this connection has attached as ``meta``


class ReadOnlyStore:
    """A pool of read-only connections over one SQLite file."""

    def __init__(self, path: str | Path, query_seconds: float = QUERY_SECONDS, all_flags: bool = False) -> None:
        """``all_flags``: every stored flag; by default only those shown by default
        (``Flag.shown``), for every query of every connection (``default_flags_only``)."""
        self.path = Path(path).resolve()
        self.all_flags = all_flags
        if not self.path.is_file():
            raise StoreMissing(f"no store at {self.path}")
        self.query_seconds = query_seconds
        self._meta_uri = ""
        self._pool: queue.LifoQueue = queue.LifoQueue()
        self._lock = threading.Lock()
        self._cache: dict[str, Any] = {}
        self._cache_lock = threading.Lock()
        self._state: tuple = ()
        self._generation = 0
        self._keeper: sqlite3.Connection | None = None  # keeps the memory database alive
        self.refresh()

    # -- connections -------------------------------------------------------------
    def _connect(self) -> _Pooled:
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("ATTACH DATABASE ? AS meta", (self._meta_uri,))
        conn.execute("PRAGMA cache_size=-32768")  # 32 MiB per connection
        if not self.all_flags:
            default_flags_only(conn)  # a temporary view: nothing is written to the file
        conn.execute("PRAGMA query_only=ON")  # a second lock on writing, beside mode=ro
        deadline = _Deadline()
        conn.set_progress_handler(deadline.passed, _PROGRESS_STEPS)
        return _Pooled(conn, deadline, self._meta_uri)

    @contextmanager
    def _connection(self) -> Iterator[_Pooled]:
        try:
            pooled = self._pool.get_nowait()
        except queue.Empty:
            pooled = self._connect()
        if pooled.meta_uri != self._meta_uri:  # rebuilt since: move to the new copy
            pooled.conn.execute("DETACH DATABASE meta")
            pooled.conn.execute("ATTACH DATABASE ? AS meta", (self._meta_uri,))
            pooled.meta_uri = self._meta_uri
        try:
            yield pooled
        finally:
            self._pool.put(pooled)

    @property
    def conn(self) -> sqlite3.Connection:
        """A connection of one's own (tests use it to prove writing fails)."""
        return self._connect().conn

    # -- freshness ---------------------------------------------------------------
    def _file_state(self) -> tuple:
        state: list[tuple[int, int] | None] = []
        for suffix in ("", "-wal"):
            try:
                stat = os.stat(str(self.path) + suffix)
                state.append((stat.st_mtime_ns, stat.st_size))
            except FileNotFoundError:
                state.append(None)
        return tuple(state)

    def refresh(self) -> None:
        """Rebuild the page metadata and drop cached summaries if the file changed."""
        state = self._file_state()
        if state == self._state:
            return
        with self._lock:
            if state == self._state:
                return
            # a fresh in-memory database each time, never rebuilt in place: readers
            # of the old copy finish undisturbed and move over on their next query
            uri = f"file:claimscope-meta-{secrets.token_hex(8)}?mode=memory&cache=shared"
            keeper = sqlite3.connect(uri, uri=True, check_same_thread=False)
            keeper.execute("ATTACH DATABASE ? AS store", (f"file:{self.path}?mode=ro",))
            keeper.executescript(_META_SQL)
            keeper.execute("DETACH DATABASE store")
            old, self._keeper, self._meta_uri = self._keeper, keeper, uri
            if old is not None:
                old.close()
            self.tables = self._table_names()
            with self._cache_lock:
                self._generation += 1
                self._cache.clear()
            self._state = state

    def cached(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per state of the file: aggregates over the whole store
        (or a filtered part of it) that do not change until the file does."""
        if key in self._cache:
            return self._cache[key]
        generation = self._generation
        value = compute()
        # a refresh while computing (the file changed) makes the value stale: don't keep it
        with self._cache_lock:
            if generation == self._generation:
                if len(self._cache) >= CACHE_ENTRIES:
                    self._cache.pop(next(iter(self._cache)), None)  # the oldest entry
                self._cache[key] = value
        return value

    # -- queries -----------------------------------------------------------------
    def _table_names(self) -> set[str]:
        rows = self.all("SELECT name FROM main.sqlite_master WHERE type IN ('table','view')")
        return {r["name"] for r in rows}

    def has(self, table: str) -> bool:
        return table in self.tables

    def all(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        """Run one SELECT with bound parameters under the deadline."""
        with self._connection() as pooled:
            deadline = pooled.deadline
            deadline.at = time.monotonic() + self.query_seconds
            try:
                return [dict(r) for r in pooled.conn.execute(sql, tuple(params)).fetchall()]
            except sqlite3.OperationalError as exc:
                if "interrupted" in str(exc):
                    raise QueryTimeout(f"query took longer than {self.query_seconds:g} s") from exc
                raise
            finally:
                deadline.at = None

    def one(self, sql: str, params: tuple | list = ()) -> dict[str, Any] | None:
        rows = self.all(sql, params)
        return rows[0] if rows else None

    def value(self, sql: str, params: tuple | list = ()) -> Any:
        row = self.one(sql, params)
        return next(iter(row.values())) if row else None
