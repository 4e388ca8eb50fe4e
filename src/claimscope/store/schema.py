"""The SQLite schema: numbered migrations for the core tables, and record tables
derived from the record dataclasses.

Core tables (pages, segments, runs, errors, line statistics, full-text index)
are written out as SQL below; each migration runs once and bumps
``PRAGMA user_version``. Record tables (claims, flags, places, links, ...) are
derived from the dataclass fields, so a stage that adds a field to its record
gets the column added to existing stores (``ALTER TABLE ... ADD COLUMN``)
without a hand-written migration.
"""
from __future__ import annotations

import dataclasses
import sqlite3
import types
import typing

from ..records import (
    Claim,
    Cluster,
    DateMention,
    EntityMention,
    Flag,
    Link,
    Notice,
    PlaceMention,
    Quantity,
)

MIGRATIONS: tuple[str, ...] = (
    # 1: pages, segments, runs, errors, line statistics, FTS over segment text
    """
    CREATE TABLE pages (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        format TEXT NOT NULL,
        raw BLOB NOT NULL,
        text TEXT NOT NULL,
        encoding TEXT NOT NULL,
        replaced_chars INTEGER NOT NULL,
        decode_notes TEXT NOT NULL,
        url TEXT, outlet TEXT, published TEXT,
        regions TEXT NOT NULL DEFAULT '[]',
        run_id INTEGER,
        ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
    );
    CREATE INDEX pages_source ON pages(source);
    CREATE TABLE page_sources (
        page_id TEXT NOT NULL REFERENCES pages(id),
        source TEXT NOT NULL,
        PRIMARY KEY (page_id, source)
    );
    CREATE TABLE segments (
        page_id TEXT NOT NULL REFERENCES pages(id),
        "index" INTEGER NOT NULL,
        kind TEXT NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL,
        line_start INTEGER NOT NULL, line_end INTEGER NOT NULL,
        text TEXT NOT NULL,
        producer TEXT NOT NULL,
        title TEXT, author TEXT, byline TEXT, outlet TEXT,
        PRIMARY KEY (page_id, "index")
    );
    CREATE INDEX segments_kind ON segments(kind);
    CREATE VIRTUAL TABLE segments_fts USING fts5(
        text, title, author, content='segments', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER segments_ai AFTER INSERT ON segments BEGIN
        INSERT INTO segments_fts(rowid, text, title, author)
        VALUES (new.rowid, new.text, new.title, new.author);
    END;
    CREATE TRIGGER segments_ad AFTER DELETE ON segments BEGIN
        INSERT INTO segments_fts(segments_fts, rowid, text, title, author)
        VALUES ('delete', old.rowid, old.text, old.title, old.author);
    END;
    CREATE TABLE stage_done (
        page_id TEXT NOT NULL,
        stage TEXT NOT NULL,
        version TEXT NOT NULL,
        PRIMARY KEY (page_id, stage)
    );
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
        finished_at TEXT,
        command TEXT NOT NULL,
        versions TEXT NOT NULL,
        settings TEXT NOT NULL,
        counters TEXT
    );
    CREATE TABLE errors (
        id INTEGER PRIMARY KEY,
        run_id INTEGER,
        source TEXT NOT NULL,
        stage TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
    );
    CREATE TABLE line_stats (
        hash TEXT PRIMARY KEY,
        pages INTEGER NOT NULL,
        sample TEXT NOT NULL
    );
    CREATE TABLE line_stats_pages (
        page_id TEXT PRIMARY KEY
    );
    """,
)

# PageAnalysis field name -> record class, plus corpus-level record tables.
RECORD_TABLES: dict[str, type] = {
    "claims": Claim,
    "entities": EntityMention,
    "places": PlaceMention,
    "quantities": Quantity,
    "dates": DateMention,
    "flags": Flag,
    "notices": Notice,
    "links": Link,
    "clusters": Cluster,
}

_SQL_TYPES = {int: "INTEGER", float: "REAL", str: "TEXT", bool: "INTEGER", bytes: "BLOB"}


def register_table(name: str, record_type: type) -> None:
    """Let a stage or plugin store its own record type in table ``name``."""
    RECORD_TABLES[name] = record_type


def sql_type(annotation) -> str:
    hint = annotation
    if isinstance(hint, (types.UnionType,)) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        hint = args[0] if args else str
    return _SQL_TYPES.get(hint, "TEXT")  # tuples and others are stored as JSON text


def record_columns(record_type: type) -> list[tuple[str, str]]:
    hints = typing.get_type_hints(record_type)
    return [(f.name, sql_type(hints[f.name])) for f in dataclasses.fields(record_type)]


def ensure_record_table(conn: sqlite3.Connection, name: str, record_type: type) -> None:
    columns = record_columns(record_type)
    existing = {row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')}
    if not existing:
        cols = ", ".join(f'"{c}" {t}' for c, t in columns)
        conn.execute(f'CREATE TABLE "{name}" ({cols})')
        if any(c == "page_id" for c, _ in columns):
            conn.execute(f'CREATE INDEX "{name}_page" ON "{name}"(page_id)')
        if any(c == "a_page_id" for c, _ in columns):
            conn.execute(f'CREATE INDEX "{name}_a" ON "{name}"(a_page_id)')
            conn.execute(f'CREATE INDEX "{name}_b" ON "{name}"(b_page_id)')
        return
    for column, type_ in columns:
        if column not in existing:
            conn.execute(f'ALTER TABLE "{name}" ADD COLUMN "{column}" {type_}')


def migrate(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for number, script in enumerate(MIGRATIONS, start=1):
        if number > version:
            conn.executescript("BEGIN;" + script + f"PRAGMA user_version = {number}; COMMIT;")
    with conn:
        for name, record_type in RECORD_TABLES.items():
            ensure_record_table(conn, name, record_type)
