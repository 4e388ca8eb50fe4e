"""Read-only keyed tables in an SQLite file, for a derived table too large to read whole
into every worker (the gazetteer: 150,000 places under 230,000 names). A stage asks for the
rows under a key and never writes SQL of its own (the store is the only other place that
does); ``derived.derived_file`` keeps the file in the cache folder.

Rows come back in the order they were written, so a list kept in the file (a name's places,
best first) keeps its order.
"""
from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterable, Mapping
from contextlib import closing
from pathlib import Path
from typing import Any, NamedTuple

__all__ = ["Table", "write", "Lookup"]

_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")  # table and column names are the code's, never data


class Table(NamedTuple):
    columns: tuple[str, ...]
    key: tuple[str, ...]  # the columns a lookup names (indexed)
    rows: Iterable[tuple]


def _checked(*names: str) -> None:
    for name in names:
        if not _NAME.match(name):
            raise ValueError(f"not a table or column name: {name!r}")


def write(path: Path, tables: Mapping[str, Table]) -> None:
    """A new file at ``path`` holding ``tables``."""
    with closing(sqlite3.connect(path)) as db, db:
        for name, table in tables.items():
            _checked(name, *table.columns, *table.key)
            db.execute(f"CREATE TABLE {name} ({', '.join(table.columns)})")
            db.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(table.columns))})", table.rows)
            db.execute(f"CREATE INDEX {name}_key ON {name} ({', '.join(table.key)})")


class Lookup:
    """Queries of a file ``write`` made, read-only, on a connection of this process's own (a
    worker forked from a process that had one opens another)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._pid = -1
        self._db: sqlite3.Connection | None = None

    def _conn(self) -> sqlite3.Connection:
        if self._db is None or self._pid != os.getpid():
            self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._db

    def rows(self, table: str, **key: Any) -> list[tuple]:
        """Every row of ``table`` whose columns equal ``key``, in the order written."""
        _checked(table, *key)
        where = " AND ".join(f"{column} = ?" for column in key)
        return self._conn().execute(f"SELECT * FROM {table} WHERE {where} ORDER BY rowid", tuple(key.values())).fetchall()

    def has(self, table: str, **key: Any) -> bool:
        _checked(table, *key)
        where = " AND ".join(f"{column} = ?" for column in key)
        return self._conn().execute(f"SELECT 1 FROM {table} WHERE {where} LIMIT 1", tuple(key.values())).fetchone() is not None

    def distinct(self, table: str, column: str) -> list:
        _checked(table, column)
        return [value for (value,) in self._conn().execute(f"SELECT DISTINCT {column} FROM {table}")]

    def count(self, table: str) -> int:
        _checked(table)
        return self._conn().execute(f"SELECT count(*) FROM {table}").fetchone()[0]
