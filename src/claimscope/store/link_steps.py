"""The statements of the three link steps (near duplicates, stories, claims) over their
``link_*`` tables; ``LinkState`` adds them to the tables every step shares."""
from __future__ import annotations

import json
import sqlite3
from collections import defaultdict

__all__ = ["StepTables"]

SQL_VARIABLES = 500  # ids bound in one IN (...) list


class StepTables:
    conn: sqlite3.Connection

    # -- near duplicates: MinHash units, LSH bands, repeated lines -------------
    def band_candidates(self, keys) -> dict[int, set[int]]:
        """query unit index -> stored unit ids sharing at least one band bucket."""
        conn = self.conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS link_q (key INTEGER, qi INTEGER)")
        conn.execute("DELETE FROM link_q")
        conn.executemany("INSERT INTO link_q VALUES (?, ?)",
                         ((int(k), qi) for qi, row in enumerate(keys) for k in row))
        found: dict[int, set[int]] = defaultdict(set)
        for qi, unit_id in conn.execute(
                "SELECT q.qi, b.unit_id FROM link_q q JOIN link_mh_bands b ON b.key = q.key"):
            found[qi].add(unit_id)
        return found

    def minhash_units(self, ids: list[int]) -> dict[int, tuple]:
        """id -> (page_id, segment_index, start, end, signature) of stored units."""
        import numpy as np  # the link extra's; the store itself needs none

        stored = {}
        for chunk in range(0, len(ids), SQL_VARIABLES):
            part = ids[chunk:chunk + SQL_VARIABLES]
            marks = ",".join("?" for _ in part)
            for row in self.conn.execute(f'SELECT id, page_id, segment_index, start, "end", sig '
                                         f"FROM link_mh_units WHERE id IN ({marks})", part):
                stored[row[0]] = (row[1], row[2], row[3], row[4], np.frombuffer(row[5], dtype=np.uint32))
        return stored

    def add_minhash_units(self, units, sigs, keys, skip: set[int]) -> None:
        """Store units with their signatures, and the band keys of those not in ``skip``."""
        if not units:
            return
        # ids given explicitly (the next rowids) so units and their band rows go in two statements
        first = self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM link_mh_units").fetchone()[0]
        self.conn.executemany('INSERT INTO link_mh_units(id, page_id, segment_index, start, "end", sig) '
                              "VALUES (?, ?, ?, ?, ?, ?)",
                              [(first + qi, u.page_id, u.segment_index, u.start, u.end, sigs[qi].tobytes())
                               for qi, u in enumerate(units)])
        self.conn.executemany("INSERT INTO link_mh_bands(key, unit_id) VALUES (?, ?)",
                              [(key, first + qi) for qi, row in enumerate(keys.tolist()) if qi not in skip
                               for key in row])

    def count_line(self, digest: str, page_id: str, start: int, end: int) -> tuple | None:
        """Count one more page carrying the line ``digest``; its first occurrence
        (page_id, start, end), or None when this is the first (then stored as such)."""
        row = self.conn.execute('SELECT page_id, start, "end" FROM link_lines WHERE hash = ?',
                                (digest,)).fetchone()
        if row is None:
            self.conn.execute('INSERT INTO link_lines(hash, pages, page_id, start, "end") '
                              "VALUES (?, 1, ?, ?, ?)", (digest, page_id, start, end))
            return None
        self.conn.execute("UPDATE link_lines SET pages = pages + 1 WHERE hash = ?", (digest,))
        return tuple(row)

    def repeated_lines(self, min_pages: int = 2) -> list[dict]:
        """Long lines carried by at least ``min_pages`` pages (boilerplate evidence)."""
        rows = self.conn.execute('SELECT hash, pages, page_id, start, "end" FROM link_lines '
                                 "WHERE pages >= ? ORDER BY pages DESC", (min_pages,))
        return [dict(zip(("hash", "pages", "page_id", "start", "end"), r)) for r in rows]

    # -- stories: document frequencies, story centroids ------------------------
    def names_in(self, page_id: str, start: int, end: int) -> list[str]:
        """Entity names, then place names, found inside ``[start, end)`` of a page."""
        out: list[str] = []
        for table, column in (("entities", "canonical"), ("places", "coalesce(resolved_name, text)")):
            rows = self.conn.execute(f'SELECT {column} FROM "{table}" WHERE page_id = ? AND start >= ? '
                                     'AND "end" <= ?', (page_id, start, end))
            out.extend(name for (name,) in rows)
        return out

    def lines_counted(self) -> set[str]:
        """Pages whose pieces are counted in ``link_line_pages``."""
        return {p for (p,) in self.conn.execute("SELECT page_id FROM link_lines_counted")}

    def count_page_lines(self, page_id: str, hashes: set[str]) -> None:
        """Count a page's distinct lines once (``link_line_pages``: chrome evidence)."""
        if self.conn.execute("SELECT 1 FROM link_lines_counted WHERE page_id = ?", (page_id,)).fetchone():
            return
        self.conn.execute("INSERT INTO link_lines_counted(page_id) VALUES (?)", (page_id,))
        self.conn.executemany("INSERT INTO link_line_pages(hash, pages) VALUES (?, 1) "
                              "ON CONFLICT(hash) DO UPDATE SET pages = pages + 1", ((h,) for h in hashes))

    def line_counts(self, hashes: set[str]) -> dict[str, int]:
        """{hash: counted pages} for those of ``hashes`` counted at all."""
        ordered, found = sorted(hashes), dict[str, int]()
        for first in range(0, len(ordered), 500):
            chunk = ordered[first:first + 500]
            found.update(self.conn.execute(
                f"SELECT hash, pages FROM link_line_pages WHERE hash IN ({','.join('?' * len(chunk))})",
                chunk))
        return found

    def lines_elsewhere(self, page_id: str, hashes: set[str]) -> set[str]:
        """Which of ``hashes`` (a page's short lines) the story step read on another page;
        then records the page's lines."""
        ordered, found = sorted(hashes), set[str]()
        for first in range(0, len(ordered), 500):
            chunk = ordered[first:first + 500]
            found.update(h for (h,) in self.conn.execute(
                f"SELECT hash FROM link_story_lines WHERE hash IN ({','.join('?' * len(chunk))}) "
                "AND page_id != ?", (*chunk, page_id)))
        self.conn.executemany("INSERT OR IGNORE INTO link_story_lines(hash, page_id) VALUES (?, ?)",
                              ((h, page_id) for h in hashes))
        return found

    def count_story_terms(self, terms) -> tuple[int, dict[str, int]]:
        """Add one document holding ``terms``; (documents now, {term: its df now})."""
        conn = self.conn
        conn.executemany("INSERT INTO link_df(term, df) VALUES (?, 1) "
                         "ON CONFLICT(term) DO UPDATE SET df = df + 1", ((t,) for t in terms))
        conn.execute("INSERT INTO link_df(term, df) VALUES ('#docs', 1) "
                     "ON CONFLICT(term) DO UPDATE SET df = df + 1")
        n_docs = conn.execute("SELECT df FROM link_df WHERE term = '#docs'").fetchone()[0]
        return n_docs, {t: conn.execute("SELECT df FROM link_df WHERE term = ?", (t,)).fetchone()[0]
                        for t in terms}

    def ensure_story_search(self) -> None:
        self.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS link_stories_fts USING fts5(terms, "
                          "tokenize='unicode61')")

    def story_candidates(self, query: str, limit: int) -> list[tuple]:
        """(cluster_id, centroid terms, first_day, last_day, n) of the stories best matching
        ``query`` (an FTS5 query over their terms)."""
        rows = self.conn.execute(
            "SELECT s.cluster_id, s.terms, s.first_day, s.last_day, s.n FROM link_stories_fts f "
            "JOIN link_stories s ON s.rowid = f.rowid WHERE link_stories_fts MATCH ? "
            "ORDER BY bm25(link_stories_fts) LIMIT ?", (query, limit)).fetchall()
        return [(cluster_id, json.loads(terms), first, last, n) for cluster_id, terms, first, last, n in rows]

    def add_story(self, cluster_id: str, centroid: dict[str, float], day: str | None, search_terms: str) -> None:
        cur = self.conn.execute("INSERT OR REPLACE INTO link_stories(cluster_id, terms, first_day, last_day,"
                                " n) VALUES (?, ?, ?, ?, 1)", (cluster_id, json.dumps(centroid), day, day))
        self.conn.execute("INSERT INTO link_stories_fts(rowid, terms) VALUES (?, ?)", (cur.lastrowid, search_terms))

    def update_story(self, cluster_id: str, centroid: dict[str, float], first_day: str | None,
                     last_day: str | None, search_terms: str) -> None:
        """A story's new centroid and days, one more member, and its terms re-indexed."""
        rowid = self.conn.execute("SELECT rowid FROM link_stories WHERE cluster_id = ?",
                                  (cluster_id,)).fetchone()[0]
        self.conn.execute("UPDATE link_stories SET terms = ?, first_day = ?, last_day = ?, n = n + 1 "
                          "WHERE cluster_id = ?", (json.dumps(centroid), first_day, last_day, cluster_id))
        self.conn.execute("DELETE FROM link_stories_fts WHERE rowid = ?", (rowid,))
        self.conn.execute("INSERT INTO link_stories_fts(rowid, terms) VALUES (?, ?)", (rowid, search_terms))

    # -- claims: content terms and their document frequencies ------------------
    def claim_units(self) -> int:
        return self.conn.execute("SELECT count(*) FROM link_vectors").fetchone()[0]

    def claim_term_counts(self, terms: list[str]) -> dict[str, int]:
        """{term: stored claim units holding it} for the ``terms`` that have any."""
        out: dict[str, int] = {}
        for first in range(0, len(terms), SQL_VARIABLES):
            part = terms[first:first + SQL_VARIABLES]
            out.update(self.conn.execute(f"SELECT term, df FROM link_df_claims WHERE term IN "
                                         f"({','.join('?' for _ in part)})", part).fetchall())
        return out

    def add_claim_terms(self, rows: list[tuple[int, str]], counts: dict[str, int]) -> None:
        """Each new unit's content terms (id, space-joined) and the terms' new counts."""
        self.conn.executemany("INSERT INTO link_claim_terms(id, terms) VALUES (?, ?)", rows)
        self.conn.executemany("INSERT INTO link_df_claims(term, df) VALUES (?, ?) ON CONFLICT(term) "
                              "DO UPDATE SET df = df + excluded.df", counts.items())

    def claim_rows(self, ids: list[int], with_text: bool) -> list[tuple]:
        """(id, page_id, start, end, terms or None, text or None) of stored claim units; the
        text is read when asked for or when the terms were not kept (older stores)."""
        out = []
        for i in range(0, len(ids), SQL_VARIABLES):
            part = ids[i:i + SQL_VARIABLES]
            out += self.conn.execute(
                'SELECT v.id, v.page_id, v.start, v."end", t.terms, CASE WHEN ? OR t.terms IS '
                "NULL THEN (SELECT f.text FROM link_claims_fts f WHERE f.rowid = v.id) END "
                "FROM link_vectors v LEFT JOIN link_claim_terms t ON t.id = v.id "
                f"WHERE v.id IN ({','.join('?' for _ in part)})", [with_text, *part]).fetchall()
        return out
