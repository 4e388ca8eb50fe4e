"""The link step's persistent state, kept in the store's SQLite file, and every
statement that reads or writes it: the link package computes, this module stores
(the store is the one writer).

Keeping the LSH buckets, signatures, vectors and cluster membership next to the
records means a later run links new pages against everything already stored
without recomputing it, and memory stays bounded: candidates are fetched by
index lookups, never by loading the corpus.

All tables are prefixed ``link_`` and created on first use (the core schema
does not need to know about them).
"""
from __future__ import annotations

import dataclasses
import sqlite3

from ..records import Cluster, Link
from .fulltext import FullTextIndex
from .link_reads import LinkReads
from .link_steps import StepTables

__all__ = ["LinkState", "LABEL_CHARS"]

LABEL_CHARS = 200  # a cluster's label: the start of its earliest member


_TABLES = """
CREATE TABLE IF NOT EXISTS link_done (
    page_id TEXT NOT NULL, step TEXT NOT NULL, version TEXT NOT NULL,
    PRIMARY KEY (page_id, step)
);
-- MinHash signatures of paragraph windows and segments
CREATE TABLE IF NOT EXISTS link_mh_units (
    id INTEGER PRIMARY KEY, page_id TEXT NOT NULL, segment_index INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, sig BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS link_mh_units_page ON link_mh_units(page_id);
-- one row per (LSH band, bucket) a unit falls in; key mixes band and bucket
CREATE TABLE IF NOT EXISTS link_mh_bands (key INTEGER NOT NULL, unit_id INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS link_mh_bands_key ON link_mh_bands(key);
-- exact repeated lines: first occurrence and how many pages carry the line
CREATE TABLE IF NOT EXISTS link_lines (
    hash TEXT PRIMARY KEY, pages INTEGER NOT NULL, page_id TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL
);
-- sentence / claim vectors for same-claim search (IVF cell for bounded search)
CREATE TABLE IF NOT EXISTS link_vectors (
    id INTEGER PRIMARY KEY, page_id TEXT NOT NULL, segment_index INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, claim_id TEXT,
    cell INTEGER NOT NULL DEFAULT 0, vec BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS link_vectors_cell ON link_vectors(cell);
CREATE INDEX IF NOT EXISTS link_vectors_page ON link_vectors(page_id);
CREATE TABLE IF NOT EXISTS link_blobs (name TEXT PRIMARY KEY, value BLOB NOT NULL);
-- who belongs to which cluster (a span of a page)
CREATE TABLE IF NOT EXISTS link_members (
    cluster_id TEXT NOT NULL, kind TEXT NOT NULL, page_id TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, order_key TEXT NOT NULL,
    PRIMARY KEY (kind, page_id, start, "end")
);
CREATE INDEX IF NOT EXISTS link_members_cluster ON link_members(cluster_id);
-- story centroids (sparse term weights as JSON) for incremental story clustering
CREATE TABLE IF NOT EXISTS link_stories (
    cluster_id TEXT PRIMARY KEY, terms TEXT NOT NULL, first_day TEXT, last_day TEXT,
    n INTEGER NOT NULL
);
-- short lines of the pages the story step has read (normalised hash, first page): a line
-- also found on another page is site chrome, not story content
CREATE TABLE IF NOT EXISTS link_story_lines (hash TEXT PRIMARY KEY, page_id TEXT NOT NULL);
-- every distinct line of the pages to link, counted once per page: a line on many pages is
-- site chrome that no step links (link/chrome.py)
CREATE TABLE IF NOT EXISTS link_line_pages (hash TEXT PRIMARY KEY, pages INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS link_lines_counted (page_id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS link_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS link_df_claims (term TEXT PRIMARY KEY, df INTEGER NOT NULL);
-- content terms of each stored claim unit (space-joined), so candidates are not re-tokenised
CREATE TABLE IF NOT EXISTS link_claim_terms (id INTEGER PRIMARY KEY, terms TEXT NOT NULL);
"""

_STATE_TABLES = ("link_done", "link_mh_units", "link_mh_bands", "link_lines", "link_vectors",
                 "link_blobs", "link_members", "link_stories", "link_story_lines", "link_line_pages",
                 "link_lines_counted", "link_df", "link_df_claims",
                 "link_claim_terms")


# full-text tables created by the steps themselves (FTS5)
_SEARCH_TABLES = ("link_claims_fts", "link_stories_fts")




class LinkState(StepTables, LinkReads):
    """The link step's tables in one SQLite connection. Writes happen inside the caller's
    transaction (``Store.link_transaction``)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # -- tables, progress, pages ----------------------------------------------
    def ensure_tables(self) -> None:
        self.conn.executescript(_TABLES)

    def reset(self) -> None:
        """Forget all linking state, links and clusters (``claimscope link --rebuild``)."""
        conn = self.conn
        self.ensure_tables()
        conn.execute("BEGIN IMMEDIATE")
        for table in _STATE_TABLES + _SEARCH_TABLES:
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone():
                conn.execute(f"DELETE FROM {table}")
        conn.execute("DELETE FROM links")
        conn.execute("DELETE FROM clusters")
        conn.execute("COMMIT")

    def versions(self) -> set[str]:
        """Every producer version pages were linked by."""
        return {v for (v,) in self.conn.execute("SELECT DISTINCT version FROM link_done")}

    def done_pages(self, step: str, version: str) -> set[str]:
        rows = self.conn.execute("SELECT page_id FROM link_done WHERE step = ? AND version = ?",
                                 (step, version))
        return {r[0] for r in rows}

    def mark_done(self, page_id: str, step: str, version: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO link_done(page_id, step, version) VALUES (?, ?, ?)",
                          (page_id, step, version))

    def page_order(self, page_id: str) -> tuple[str, str | None]:
        """A sort key for "seen first": publication date when known, else ingestion order.

        Dated pages sort before undated ones; ties and undated pages fall back to the
        order in which they were ingested (the pages table's rowid).
        """
        row = self.conn.execute("SELECT rowid, published FROM pages WHERE id = ?", (page_id,)).fetchone()
        if row is None:
            return "2|", None
        rowid, published = row[0], row[1]
        prefix = f"0{published}" if published else "1"
        return f"{prefix}|{rowid:012d}", published

    def page_text(self, page_id: str) -> str:
        return self.conn.execute("SELECT text FROM pages WHERE id = ?", (page_id,)).fetchone()[0]

    def span_text(self, page_id: str, start: int, end: int) -> str:
        row = self.conn.execute("SELECT substr(text, ? + 1, ?) FROM pages WHERE id = ?",
                                (start, end - start, page_id)).fetchone()
        return row[0] if row else ""

    # -- clusters and links -----------------------------------------------------
    def cluster_of(self, kind: str, span) -> str | None:
        row = self.conn.execute(
            'SELECT cluster_id FROM link_members WHERE kind = ? AND page_id = ? AND start = ? '
            'AND "end" = ?', (kind, span.page_id, span.start, span.end)).fetchone()
        return row[0] if row else None

    def earliest_cluster(self, cluster_ids: set[str]) -> str:
        marks = ",".join("?" for _ in cluster_ids)
        row = self.conn.execute(
            f"SELECT cluster_id FROM link_members WHERE cluster_id IN ({marks}) "
            "ORDER BY order_key, page_id, start LIMIT 1", tuple(cluster_ids)).fetchone()
        return row[0]

    def merge_cluster(self, winner: str, other: str) -> None:
        """Move ``other``'s members and links to ``winner`` and drop its summary row."""
        self.conn.execute("UPDATE link_members SET cluster_id = ? WHERE cluster_id = ?", (winner, other))
        self.conn.execute("UPDATE links SET cluster_id = ? WHERE cluster_id = ?", (winner, other))
        self.conn.execute("DELETE FROM clusters WHERE id = ?", (other,))

    def add_member(self, cluster_id: str, kind: str, span) -> None:
        order_key, _ = self.page_order(span.page_id)
        self.conn.execute(
            'INSERT OR IGNORE INTO link_members(cluster_id, kind, page_id, start, "end", order_key) '
            "VALUES (?, ?, ?, ?, ?, ?)", (cluster_id, kind, span.page_id, span.start, span.end, order_key))

    def first_member(self, cluster_id: str) -> tuple[str, int, int]:
        """The (page_id, start, end) seen first in a cluster."""
        return tuple(self.conn.execute(
            'SELECT page_id, start, "end" FROM link_members WHERE cluster_id = ? '
            "ORDER BY order_key, start LIMIT 1", (cluster_id,)).fetchone())

    def refresh_cluster(self, cluster_id: str, kind: str, producer: str) -> None:
        """Rewrite the summary row: earliest member, size, label."""
        conn = self.conn
        first = conn.execute(
            'SELECT page_id, start, "end" FROM link_members WHERE cluster_id = ? '
            "ORDER BY order_key, page_id, start LIMIT 1", (cluster_id,)).fetchone()
        size = conn.execute("SELECT count(*) FROM link_members WHERE cluster_id = ?",
                            (cluster_id,)).fetchone()[0]
        _, published = self.page_order(first[0])
        label = conn.execute("SELECT substr(text, ? + 1, ?) FROM pages WHERE id = ?",
                             (first[1], min(first[2] - first[1], LABEL_CHARS), first[0])).fetchone()
        cluster = Cluster(id=cluster_id, kind=kind, first_page_id=first[0], first_start=first[1],
                          first_end=first[2], first_seen=published, size=size,
                          label=" ".join((label[0] if label else "").split()), producer=producer)
        conn.execute("DELETE FROM clusters WHERE id = ?", (cluster_id,))
        self._insert("clusters", [cluster])

    def insert_links(self, links: list[Link]) -> None:
        self._insert("links", links)

    def _insert(self, table: str, records: list) -> None:
        if not records:
            return
        names = [f.name for f in dataclasses.fields(records[0])]
        cols = ", ".join(f'"{n}"' for n in names)
        marks = ", ".join("?" for _ in names)
        self.conn.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})',
                              [tuple(getattr(r, n) for n in names) for r in records])

    # -- indexes the steps search ---------------------------------------------
    def vectors(self, dim: int):
        """The claim vectors' index (``store.vectors``: needs numpy, as the link step does)."""
        from .vectors import VectorIndex

        return VectorIndex(self.conn, dim)

    def fulltext(self, table: str) -> FullTextIndex:
        return FullTextIndex(self.conn, table)
