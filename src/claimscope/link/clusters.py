"""Cluster bookkeeping shared by the three linkers, incremental by construction.

A cluster is a set of member spans (``link_members``) plus one summary row in
the ``clusters`` table. Linking a new span either joins the cluster of what it
matched, starts a new one, or merges clusters it bridges. Merging keeps the id
of the cluster whose first member was seen earliest, so ids stay stable as
pages arrive, and relabels links of the absorbed clusters in place.
"""
from __future__ import annotations

import dataclasses
import hashlib
import sqlite3
from collections.abc import Iterable

from ..records import Cluster, Link
from .state import page_order

__all__ = ["Span", "join", "insert_links", "cluster_of", "new_cluster_id", "LABEL_CHARS"]

LABEL_CHARS = 200


@dataclasses.dataclass(frozen=True, slots=True)
class Span:
    page_id: str
    start: int
    end: int


def new_cluster_id(kind: str, span: Span) -> str:
    digest = hashlib.blake2b(f"{kind}|{span.page_id}|{span.start}|{span.end}".encode(),
                             digest_size=8).hexdigest()
    return f"{kind.split('_')[-1][:5]}-{digest}"


def cluster_of(conn: sqlite3.Connection, kind: str, span: Span) -> str | None:
    row = conn.execute(
        'SELECT cluster_id FROM link_members WHERE kind = ? AND page_id = ? AND start = ? '
        'AND "end" = ?', (kind, span.page_id, span.start, span.end)).fetchone()
    return row[0] if row else None


def join(conn: sqlite3.Connection, kind: str, spans: Iterable[Span], producer: str) -> str:
    """Put all ``spans`` in one cluster of ``kind``; returns that cluster's id.

    Call inside a transaction. Cost is proportional to the clusters touched,
    not to the corpus.
    """
    spans = list(dict.fromkeys(spans))
    found = {cid for cid in (cluster_of(conn, kind, s) for s in spans) if cid}
    winner = _earliest(conn, found) if found else new_cluster_id(kind, spans[0])
    for other in found - {winner}:
        conn.execute("UPDATE link_members SET cluster_id = ? WHERE cluster_id = ?", (winner, other))
        conn.execute("UPDATE links SET cluster_id = ? WHERE cluster_id = ?", (winner, other))
        conn.execute("DELETE FROM clusters WHERE id = ?", (other,))
    for span in spans:
        order_key, _ = page_order(conn, span.page_id)
        conn.execute(
            'INSERT OR IGNORE INTO link_members(cluster_id, kind, page_id, start, "end", order_key) '
            "VALUES (?, ?, ?, ?, ?, ?)", (winner, kind, span.page_id, span.start, span.end,
                                         order_key))
    _refresh(conn, winner, kind, producer)
    return winner


def _earliest(conn: sqlite3.Connection, cluster_ids: set[str]) -> str:
    marks = ",".join("?" for _ in cluster_ids)
    row = conn.execute(
        f"SELECT cluster_id FROM link_members WHERE cluster_id IN ({marks}) "
        "ORDER BY order_key, page_id, start LIMIT 1", tuple(cluster_ids)).fetchone()
    return row[0]


def _refresh(conn: sqlite3.Connection, cluster_id: str, kind: str, producer: str) -> None:
    """Rewrite the summary row: earliest member, size, label."""
    first = conn.execute(
        'SELECT page_id, start, "end" FROM link_members WHERE cluster_id = ? '
        "ORDER BY order_key, page_id, start LIMIT 1", (cluster_id,)).fetchone()
    size = conn.execute("SELECT count(*) FROM link_members WHERE cluster_id = ?",
                        (cluster_id,)).fetchone()[0]
    _, published = page_order(conn, first[0])
    label = conn.execute("SELECT substr(text, ? + 1, ?) FROM pages WHERE id = ?",
                         (first[1], min(first[2] - first[1], LABEL_CHARS), first[0])).fetchone()
    cluster = Cluster(id=cluster_id, kind=kind, first_page_id=first[0], first_start=first[1],
                      first_end=first[2], first_seen=published, size=size,
                      label=" ".join((label[0] if label else "").split()), producer=producer)
    conn.execute("DELETE FROM clusters WHERE id = ?", (cluster_id,))
    _insert(conn, "clusters", [cluster])


def insert_links(conn: sqlite3.Connection, links: list[Link]) -> None:
    """Append links inside the caller's transaction (``Store.add_records`` opens its own)."""
    _insert(conn, "links", links)


def _insert(conn: sqlite3.Connection, table: str, records: list) -> None:
    if not records:
        return
    names = [f.name for f in dataclasses.fields(records[0])]
    cols = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" for _ in names)
    conn.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})',
                     [tuple(getattr(r, n) for n in names) for r in records])
