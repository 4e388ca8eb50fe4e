"""The SQLite store: the single writer path for everything claimscope finds.

WAL mode lets readers (``show``, ``search``, a web UI) query the file while a run
writes to it. Each page, and each page's analysis, is written in one
transaction, so a killed run never leaves half a page behind; re-running picks
up where it stopped because stage completion is recorded per page.
"""
from __future__ import annotations

import dataclasses
import json
import sqlite3
import typing
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ..analysis import RECORD_FIELDS, PageAnalysis
from ..records import Link, Notice, Page, Segment
from .filters import where_clause
from .schema import RECORD_TABLES, ensure_record_table, migrate

__all__ = ["Store"]

_PAGE_COLUMNS = (
    "id, source, format, raw, text, encoding, replaced_chars, decode_notes, url, outlet, published, "
    "regions"
)


def _encode(value):
    if isinstance(value, (tuple, list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _decoder(record_type: type):
    """A function turning a row (mapping) back into ``record_type``."""
    hints = typing.get_type_hints(record_type)
    names = [f.name for f in dataclasses.fields(record_type)]
    json_fields = {n for n in names if typing.get_origin(hints[n]) in (tuple, list, dict)}
    # SQLite hands booleans back as 0 and 1, and NULL in a column added after the row was
    # written (a store of an older version): that reads as the field's default
    bool_defaults = {f.name: f.default for f in dataclasses.fields(record_type) if hints[f.name] is bool}

    def decode(row: sqlite3.Row):
        keys = row.keys()
        values = {}
        for name in names:
            if name not in keys:
                continue
            value = row[name]
            if name in json_fields and isinstance(value, str):
                value = tuple(json.loads(value)) if typing.get_origin(hints[name]) is tuple else json.loads(value)
            if name in bool_defaults:
                if value is None and bool_defaults[name] is not dataclasses.MISSING:
                    continue
                value = None if value is None else bool(value)
            values[name] = value
        return record_type(**values)

    return decode


class Store:
    """A claimscope SQLite file. ``Store(path)`` creates or migrates it."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
        if readonly:
            # as_uri escapes what a URI would read as syntax ("#", "?", "%" in a folder name)
            uri = f"{Path(path).resolve().as_uri()}?mode=ro"
            self.conn = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
        else:
            self.conn = sqlite3.connect(self.path, timeout=60, isolation_level=None,
                                        check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            migrate(self.conn)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA busy_timeout=60000")
        self._decoders: dict[type, typing.Callable] = {}

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- runs and errors ---------------------------------------------------
    def start_run(self, command: str, versions: dict, settings: dict) -> int:
        cur = self.conn.execute(
            "INSERT INTO runs(command, versions, settings) VALUES (?, ?, ?)",
            (command, json.dumps(versions), json.dumps(settings, default=str)),
        )
        assert cur.lastrowid is not None  # set by the INSERT
        return int(cur.lastrowid)

    def finish_run(self, run_id: int, counters: dict) -> None:
        self.conn.execute(
            "UPDATE runs SET finished_at = strftime('%Y-%m-%dT%H:%M:%SZ','now'), counters = ? "
            "WHERE id = ?",
            (json.dumps(counters), run_id),
        )

    def add_error(self, run_id: int | None, source: str, stage: str, reason: str) -> None:
        self.conn.execute(
            "INSERT INTO errors(run_id, source, stage, reason) VALUES (?, ?, ?, ?)",
            (run_id, source, stage, reason),
        )

    # -- pages --------------------------------------------------------------
    def add_page(self, page: Page, run_id: int | None = None) -> bool:
        """Store ``page``; False when the same bytes were already stored (a no-op)."""
        with self._transaction():
            cur = self.conn.execute(
                f"INSERT OR IGNORE INTO pages({_PAGE_COLUMNS}, run_id) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (page.id, page.source, page.format, page.raw, page.text, page.encoding,
                 page.replaced_chars, json.dumps(page.decode_notes), page.url, page.outlet,
                 page.published, json.dumps(page.regions), run_id),
            )
            self.conn.execute(
                "INSERT OR IGNORE INTO page_sources(page_id, source) VALUES (?, ?)",
                (page.id, page.source),
            )
        return cur.rowcount == 1

    def page(self, page_id: str) -> Page:
        row = self.conn.execute(
            f"SELECT {_PAGE_COLUMNS} FROM pages WHERE id = ? OR id LIKE ? LIMIT 2",
            (page_id, page_id + "%"),
        ).fetchall()
        if not row:  # not an id: perhaps part of the page's source path
            row = self.conn.execute(
                f"SELECT {_PAGE_COLUMNS} FROM pages WHERE id IN "
                "(SELECT page_id FROM page_sources WHERE instr(source, ?) > 0) LIMIT 2",
                (page_id,),
            ).fetchall()
        if len(row) != 1:
            raise KeyError(f"no single page matches {page_id!r} (an id, id prefix or part of a source)")
        return self._page(row[0])

    @staticmethod
    def _page(row) -> Page:
        return Page(
            id=row["id"], source=row["source"], format=row["format"], raw=bytes(row["raw"]),
            text=row["text"], encoding=row["encoding"], replaced_chars=row["replaced_chars"],
            decode_notes=tuple(json.loads(row["decode_notes"])), url=row["url"],
            outlet=row["outlet"], published=row["published"],
            regions=tuple(tuple(r) for r in json.loads(row["regions"])),
        )

    def page_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM pages ORDER BY rowid")]

    def pages(self, ids: Iterable[str] | None = None) -> Iterator[Page]:
        for page_id in (self.page_ids() if ids is None else ids):
            yield self.page(page_id)

    def pending(self, stage: str, version: str) -> list[str]:
        """Ids of pages that ``stage`` at ``version`` has not processed yet."""
        return list(self.pending_pages({stage: version}))

    def pending_pages(self, versions: dict[str, str], batch: int = 500) -> Iterator[str]:
        """Ids of pages that any of ``versions`` ({stage: version}) has not processed,
        in ingest order, read a batch at a time: memory stays flat however many pages
        the store holds, and the caller may write between batches."""
        if not versions:
            return
        missing, params = _missing_any(versions)
        last = 0
        while True:
            rows = self.conn.execute(
                f"SELECT p.rowid, p.id FROM pages p WHERE p.rowid > ? AND ({missing}) ORDER BY p.rowid LIMIT ?",
                (last, *params, batch)).fetchall()
            yield from (page_id for _, page_id in rows)
            if len(rows) < batch:
                return
            last = rows[-1][0]

    def count_pending(self, versions: dict[str, str]) -> int:
        if not versions:
            return 0
        missing, params = _missing_any(versions)
        return self.conn.execute(f"SELECT count(*) FROM pages p WHERE {missing}", params).fetchone()[0]

    # -- analyses -------------------------------------------------------------
    def write_analysis(self, analysis: PageAnalysis, stages: dict[str, str]) -> None:
        """Replace what ``stages`` ({name: version}) produced for this page, atomically."""
        from ..pipeline import (
            produced_fields,  # the stage registry knows what each makes
        )

        page_id = analysis.page.id
        fields_ = produced_fields(stages)
        with self._transaction():
            for name in fields_:
                table = "segments" if name == "segments" else name
                self.conn.execute(f'DELETE FROM "{table}" WHERE page_id = ?', (page_id,))
                self._insert(table, getattr(analysis, name))
            # any stage may leave a notice: replace those of the stages written here only
            marks = ", ".join("?" for _ in stages)
            self.conn.execute(f"DELETE FROM notices WHERE page_id = ? AND stage IN ({marks})",
                              (page_id, *stages))
            self._insert("notices", [n for n in analysis.notices if n.stage in stages])
            self.conn.executemany(
                "INSERT OR REPLACE INTO stage_done(page_id, stage, version) VALUES (?, ?, ?)",
                [(page_id, s, v) for s, v in stages.items()],
            )

    def _insert(self, table: str, records: Iterable) -> None:
        records = list(records)
        if not records:
            return
        names = [f.name for f in dataclasses.fields(records[0])]
        cols = ", ".join(f'"{n}"' for n in names)
        marks = ", ".join("?" for _ in names)
        self.conn.executemany(
            f'INSERT INTO "{table}" ({cols}) VALUES ({marks})',
            [tuple(_encode(getattr(r, n)) for n in names) for r in records],
        )

    def replace_kind(self, table: str, kind: str, records: Iterable) -> None:
        """Swap every corpus-level record (link or cluster) of ``kind`` for ``records``, in
        one transaction (Spark's linking hands back whole kinds)."""
        with self._transaction():
            self.conn.execute(f'DELETE FROM "{table}" WHERE kind = ?', (kind,))
            self._insert(table, records)

    def add_records(self, table: str, records: Iterable) -> None:
        """Append corpus-level records (links, clusters) in one transaction."""
        with self._transaction():
            self._insert(table, records)

    def records(self, table: str, *, order_by: Sequence[str] = (), **filters) -> Iterator:
        """Records of ``table`` (e.g. "claims") matching ``filters`` (``page_id=…``,
        ``score__ge=0.5``, ``label__prefix="propaganda:"``, ``claim_id__notnull=True``: see
        ``store.filters``), in ``order_by`` order (column names; "-name" descends)."""
        record_type = Segment if table == "segments" else RECORD_TABLES[table]
        decode = self._decoders.setdefault(record_type, _decoder(record_type))
        where, params = where_clause(record_type, filters, order_by)
        for row in self.conn.execute(f'SELECT * FROM "{table}"' + where, params):
            yield decode(row)

    def notices(self, page_id: str) -> list[Notice]:
        return list(self.records("notices", page_id=page_id))  # in the order they were written

    def segments(self, page_id: str) -> list[Segment]:
        return list(self.records("segments", page_id=page_id, order_by=("index",)))

    def analysis(self, page_id: str) -> PageAnalysis:
        page = self.page(page_id)
        found: dict[str, typing.Any] = {"segments": tuple(self.segments(page.id))}
        # a store opened read-only is not migrated: one written before a record type
        # existed (notices) has no table for it, and holds none of those records
        present = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for name in RECORD_FIELDS:
            if name != "segments" and name in present:
                found[name] = tuple(self.records(name, page_id=page.id))
        return PageAnalysis(page=page, **found)

    def links(self, page_id: str | None = None) -> list[Link]:
        if page_id is None:
            return list(self.records("links"))
        decode = self._decoders.setdefault(Link, _decoder(Link))
        rows = self.conn.execute("SELECT * FROM links WHERE a_page_id = ? OR b_page_id = ?", (page_id, page_id))
        return [decode(row) for row in rows]

    # -- corpus line statistics (boilerplate evidence) -------------------------
    def add_line_stats(self, page_id: str, lines: dict[str, str]) -> None:
        """Count each distinct line hash of a page once; ``lines`` maps hash -> sample text."""
        with self._transaction():
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO line_stats_pages(page_id) VALUES (?)", (page_id,)
            )
            if cur.rowcount != 1:
                return  # this page was counted before
            self.conn.executemany(
                "INSERT INTO line_stats(hash, pages, sample) VALUES (?, 1, ?) "
                "ON CONFLICT(hash) DO UPDATE SET pages = pages + 1",
                list(lines.items()),
            )

    def line_page_counts(self, min_pages: int = 2) -> dict[str, int]:
        rows = self.conn.execute("SELECT hash, pages FROM line_stats WHERE pages >= ?", (min_pages,))
        return {h: n for h, n in rows}

    # -- search and statistics --------------------------------------------------
    def search(self, query: str, limit: int = 20, kind: str | None = None) -> list[dict]:
        sql = (
            "SELECT s.page_id, s.\"index\", s.kind, s.title, s.author, s.line_start, s.line_end, "
            "s.start, s.\"end\", snippet(segments_fts, 0, '[', ']', ' … ', 12) AS snippet, "
            "bm25(segments_fts) AS rank FROM segments_fts JOIN segments s ON s.rowid = segments_fts.rowid "
            "WHERE segments_fts MATCH ?" + (" AND s.kind = ?" if kind else "") +
            " ORDER BY rank LIMIT ?"
        )
        params: tuple = (query, kind, limit) if kind else (query, limit)
        try:
            rows = self.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError:
            # not valid FTS syntax: search for the words as a phrase instead
            phrase = '"' + query.replace('"', '""') + '"'
            params = (phrase,) + params[1:]
            rows = self.conn.execute(sql, params).fetchall()
        return [dict(r) for r in rows]

    def stats(self) -> dict:
        one = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        kinds = dict(self.conn.execute("SELECT kind, count(*) FROM segments GROUP BY kind").fetchall())
        out = {
            "pages": one("SELECT count(*) FROM pages"),
            "raw_bytes": one("SELECT coalesce(sum(length(raw)), 0) FROM pages"),
            "segments": one("SELECT count(*) FROM segments"),
            "segments_by_kind": kinds,
            "comments_with_author": one(
                "SELECT count(*) FROM segments WHERE kind='comment' AND author IS NOT NULL"),
            "errors": one("SELECT count(*) FROM errors"),
            "runs": one("SELECT count(*) FROM runs"),
        }
        present = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for table in RECORD_TABLES:
            # a table registered by a plugin this store has not met yet holds nothing
            out[table] = one(f'SELECT count(*) FROM "{table}"') if table in present else 0
        return out

    def errors(self, run_id: int | None = None) -> list[dict]:
        sql = "SELECT run_id, source, stage, reason, at FROM errors"
        rows = self.conn.execute(sql + (" WHERE run_id = ?" if run_id else ""),
                                 (run_id,) if run_id else ())
        return [dict(r) for r in rows]

    def page_facts(self, page_id: str) -> dict:
        """{id, source, url, outlet, published, text} of a page (no raw bytes): what a
        cited span shows."""
        row = self.conn.execute("SELECT id, source, url, outlet, published, text FROM pages "
                                "WHERE id = ?", (page_id,)).fetchone()
        return dict(row)

    def page_sources(self) -> dict[str, str]:
        """{page id: source} of every stored page."""
        return dict(self.conn.execute("SELECT id, source FROM pages").fetchall())

    def has_table(self, name: str) -> bool:
        return self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                                 (name,)).fetchone() is not None

    # -- the link step's state ------------------------------------------------
    def link_state(self):
        """The link step's tables (made on first use), written only through the returned
        ``store.link_state.LinkState`` inside ``transaction()``."""
        from ..records import Cluster
        from .link_state import LinkState

        # the store may have been opened before the link package registered "clusters"
        ensure_record_table(self.conn, "clusters", RECORD_TABLES.get("clusters", Cluster))
        state = LinkState(self.conn)
        state.ensure_tables()
        self.conn.execute("CREATE INDEX IF NOT EXISTS clusters_id ON clusters(id)")
        # merging two clusters relabels their links; without this each merge scanned every link
        self.conn.execute("CREATE INDEX IF NOT EXISTS links_cluster ON links(cluster_id)")
        return state

    def transaction(self):
        """BEGIN IMMEDIATE … COMMIT around a block, rolled back on any exception."""
        return _Transaction(self.conn)

    # -- plumbing -------------------------------------------------------------
    def _transaction(self):
        return _Transaction(self.conn)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (Ctrl-C included)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")
        return False


def _missing_any(versions: dict[str, str]) -> tuple[str, list[str]]:
    """SQL condition on ``pages p``: some stage of ``versions`` has not processed p at its version."""
    condition = " OR ".join(
        ["NOT EXISTS (SELECT 1 FROM stage_done d WHERE d.page_id = p.id AND d.stage = ? AND d.version = ?)"]
        * len(versions))
    return condition, [value for item in versions.items() for value in item]
