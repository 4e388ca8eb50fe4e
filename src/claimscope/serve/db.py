"""Read-only access to a store for the web UI and the report.

The file is opened with a ``mode=ro`` URI, so no statement from this package can
write to it, and every query runs under a deadline: a progress handler aborts a
statement that runs past ``QUERY_SECONDS`` (a hostile or merely huge FTS query
must not tie up a server thread). Result sizes are bounded by the callers'
LIMIT clauses; user input only ever reaches SQL as a bound parameter.
"""
from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from ..errors import ClaimscopeError

__all__ = ["ReadOnlyStore", "QueryTimeout", "StoreMissing", "QUERY_SECONDS"]

QUERY_SECONDS = 2.0
_PROGRESS_STEPS = 10_000  # VM instructions between deadline checks


class StoreMissing(ClaimscopeError):
    """The store file does not exist (read-only opening never creates one)."""


class QueryTimeout(ClaimscopeError):
    """A query ran past its deadline and was interrupted."""


class ReadOnlyStore:
    """One read-only connection per thread over the same SQLite file."""

    def __init__(self, path: str | Path, query_seconds: float = QUERY_SECONDS) -> None:
        self.path = Path(path).resolve()
        if not self.path.is_file():
            raise StoreMissing(f"no store at {self.path}")
        self.query_seconds = query_seconds
        self._local = threading.local()
        self.tables = self._table_names()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA query_only=ON")  # a second lock on writing
        conn.set_progress_handler(self._over_deadline, _PROGRESS_STEPS)
        return conn

    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
        return conn

    def _over_deadline(self) -> int:
        deadline = getattr(self._local, "deadline", None)
        return 1 if deadline is not None and time.monotonic() > deadline else 0

    def _table_names(self) -> set[str]:
        rows = self.conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table','view')")
        return {r[0] for r in rows}

    def has(self, table: str) -> bool:
        return table in self.tables

    def columns(self, table: str) -> set[str]:
        if not self.has(table):
            return set()
        return {r[1] for r in self.conn.execute(f'PRAGMA table_info("{table}")')}

    def all(self, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
        """Run one SELECT with bound parameters under the deadline."""
        self._local.deadline = time.monotonic() + self.query_seconds
        try:
            return [dict(r) for r in self.conn.execute(sql, tuple(params)).fetchall()]
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise QueryTimeout(f"query took longer than {self.query_seconds:g} s") from exc
            raise
        finally:
            self._local.deadline = None

    def one(self, sql: str, params: tuple | list = ()) -> dict[str, Any] | None:
        rows = self.all(sql, params)
        return rows[0] if rows else None

    def value(self, sql: str, params: tuple | list = ()) -> Any:
        row = self.one(sql, params)
        return next(iter(row.values())) if row else None
