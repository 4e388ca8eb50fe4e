"""An FTS5 table of (rowid, text) searched by BM25: the link step's lexical index.

The caller builds the query (``link.lexical`` chooses the words); this module only
stores and searches.
"""
from __future__ import annotations

import sqlite3

__all__ = ["FullTextIndex"]


class FullTextIndex:
    """An FTS5 table of (rowid, text) in ``conn``; rowids are the caller's unit ids."""

    def __init__(self, conn: sqlite3.Connection, table: str) -> None:
        self.conn, self.table = conn, table
        conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5("
                     "text, tokenize='unicode61 remove_diacritics 2')")

    def add(self, rows: list[tuple[int, str]]) -> None:
        self.conn.executemany(f"INSERT INTO {self.table}(rowid, text) VALUES (?, ?)", rows)

    def search(self, query: str | None, limit: int = 50) -> list[tuple[int, float]]:
        """(rowid, score) best first for an FTS5 ``query``; score = -bm25, so higher is better."""
        if query is None:
            return []
        rows = self.conn.execute(
            f"SELECT rowid, -bm25({self.table}) AS score FROM {self.table} "
            f"WHERE {self.table} MATCH ? ORDER BY bm25({self.table}) LIMIT ?", (query, limit))
        return [(r[0], r[1]) for r in rows]
