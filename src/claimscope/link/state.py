"""The linkers' own persistent state, kept in the store's SQLite file.

Keeping the LSH buckets, signatures, vectors and cluster membership next to the
records means a later run links new pages against everything already stored
without recomputing it, and memory stays bounded: candidates are fetched by
index lookups, never by loading the corpus.

All tables are prefixed ``link_`` and created on first use (the core schema
does not need to know about them).
"""
from __future__ import annotations

import sqlite3

__all__ = ["ensure_tables", "done_pages", "mark_done", "page_order", "reset"]

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
CREATE TABLE IF NOT EXISTS link_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS link_df_claims (term TEXT PRIMARY KEY, df INTEGER NOT NULL);
-- content terms of each stored claim unit (space-joined), so candidates are not re-tokenised
CREATE TABLE IF NOT EXISTS link_claim_terms (id INTEGER PRIMARY KEY, terms TEXT NOT NULL);
"""

_STATE_TABLES = ("link_done", "link_mh_units", "link_mh_bands", "link_lines", "link_vectors",
                 "link_blobs", "link_members", "link_stories", "link_df", "link_df_claims",
                 "link_claim_terms")


# full-text tables created by the steps themselves (FTS5)
_SEARCH_TABLES = ("link_claims_fts", "link_stories_fts")


def ensure_tables(conn: sqlite3.Connection) -> None:
    conn.executescript(_TABLES)


def reset(conn: sqlite3.Connection) -> None:
    """Forget all linking state, links and clusters (``claimscope link --rebuild``)."""
    ensure_tables(conn)
    conn.execute("BEGIN IMMEDIATE")
    for table in _STATE_TABLES + _SEARCH_TABLES:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone():
            conn.execute(f"DELETE FROM {table}")
    conn.execute("DELETE FROM links")
    conn.execute("DELETE FROM clusters")
    conn.execute("COMMIT")


def done_pages(conn: sqlite3.Connection, step: str, version: str) -> set[str]:
    rows = conn.execute("SELECT page_id FROM link_done WHERE step = ? AND version = ?",
                        (step, version))
    return {r[0] for r in rows}


def mark_done(conn: sqlite3.Connection, page_id: str, step: str, version: str) -> None:
    conn.execute("INSERT OR REPLACE INTO link_done(page_id, step, version) VALUES (?, ?, ?)",
                 (page_id, step, version))


def page_order(conn: sqlite3.Connection, page_id: str) -> tuple[str, str | None]:
    """A sort key for "seen first": publication date when known, else ingestion order.

    Dated pages sort before undated ones; ties and undated pages fall back to the
    order in which they were ingested (the pages table's rowid).
    """
    row = conn.execute("SELECT rowid, published FROM pages WHERE id = ?", (page_id,)).fetchone()
    if row is None:
        return "2|", None
    rowid, published = row[0], row[1]
    prefix = f"0{published}" if published else "1"
    return f"{prefix}|{rowid:012d}", published
