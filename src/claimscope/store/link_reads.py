"""The read side of the link step's tables: what ``claimscope trace``, ``similar`` and
``stories`` ask of clusters, their members and the claims at a span."""
from __future__ import annotations

import sqlite3

__all__ = ["LinkReads"]


class LinkReads:
    conn: sqlite3.Connection

    def has_cluster(self, cluster_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM clusters WHERE id = ?", (cluster_id,)).fetchone() is not None

    def claim_span(self, claim_id: str) -> tuple[str, int, int] | None:
        """(page_id, content_start, content_end) of a stored claim."""
        row = self.conn.execute("SELECT page_id, content_start, content_end FROM claims WHERE id = ?",
                                (claim_id,)).fetchone()
        return tuple(row) if row else None

    def claim_speaker(self, page_id: str, start: int, end: int) -> str | None:
        """Who the extractor says made the claim holding this span, when it ran."""
        row = self.conn.execute(
            'SELECT coalesce(source_entity, source) FROM claims WHERE page_id = ? AND content_start '
            '<= ? AND content_end >= ? LIMIT 1', (page_id, start, end)).fetchone()
        return row[0] if row else None

    def claim_cluster_at(self, page_id: str, start: int, end: int) -> str | None:
        """The same-claim cluster of a member span holding ``[start, end)``."""
        row = self.conn.execute(
            "SELECT cluster_id FROM link_members WHERE kind = 'same_claim' AND page_id = ? "
            'AND start <= ? AND "end" >= ? LIMIT 1', (page_id, start, end)).fetchone()
        return row[0] if row else None

    def members(self, cluster_id: str, by_page: bool = True) -> list[tuple[str, int, int]]:
        """(page_id, start, end) of a cluster's members, seen first first (ties by page when
        ``by_page``, as trace lists them; by start alone, as stories do)."""
        order = "order_key, page_id, start" if by_page else "order_key, start"
        return [tuple(r) for r in self.conn.execute(
            f'SELECT page_id, start, "end" FROM link_members WHERE cluster_id = ? ORDER BY {order}',
            (cluster_id,))]

    def story_clusters(self, min_size: int, limit: int) -> list[tuple]:
        """(id, first_seen, size, label) of stories of at least ``min_size`` articles, largest first."""
        return [tuple(r) for r in self.conn.execute(
            "SELECT id, first_seen, size, label FROM clusters WHERE kind = 'same_story' AND size >= ? "
            "ORDER BY size DESC, first_seen LIMIT ?", (min_size, limit))]
