"""Export rows for ``claimscope export links|clusters`` (plain dicts, documented columns).

links:    kind, similarity, cluster_id, producer, then for each side (a = seen first,
          b = the repeat): page id, source, outlet, date, start, end, line_start,
          line_end, text.
clusters: id, kind, size, first_seen, first page id/source/span/lines, label, producer.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..records import LineIndex
from ..store import Store

__all__ = ["links_rows", "clusters_rows"]

_TEXT_CHARS = 2000  # long spans (whole articles) are cut in exports; the span is exact


class _Pages:
    """Page facts and line indexes, kept for the pages seen most recently only."""

    def __init__(self, store: Store, keep: int = 256) -> None:
        self.store, self.keep = store, keep
        self.cache: dict = {}

    def get(self, page_id: str):
        if page_id not in self.cache:
            if len(self.cache) >= self.keep:
                self.cache.pop(next(iter(self.cache)))
            row = self.store.page_facts(page_id)
            self.cache[page_id] = (row, LineIndex(row["text"]))
        return self.cache[page_id]

    def side(self, prefix: str, page_id: str, start: int, end: int) -> dict:
        row, lines = self.get(page_id)
        first, last = lines.lines_of(start, end)
        return {f"{prefix}_page_id": page_id, f"{prefix}_source": row["url"] or row["source"],
                f"{prefix}_outlet": row["outlet"], f"{prefix}_date": row["published"],
                f"{prefix}_start": start, f"{prefix}_end": end, f"{prefix}_line_start": first,
                f"{prefix}_line_end": last, f"{prefix}_text": row["text"][start:end][:_TEXT_CHARS]}


def links_rows(store: Store) -> Iterator[dict]:
    if not store.has_table("links"):
        return
    pages = _Pages(store)
    for link in store.records("links", order_by=("kind", "cluster_id", "a_page_id", "a_start")):
        row = {"kind": link.kind, "similarity": link.similarity, "cluster_id": link.cluster_id,
               "producer": link.producer}
        row.update(pages.side("a", link.a_page_id, link.a_start, link.a_end))
        row.update(pages.side("b", link.b_page_id, link.b_start, link.b_end))
        yield row


def clusters_rows(store: Store) -> Iterator[dict]:
    # read only: a store that was never linked (or is opened read-only) has nothing to export
    if not store.has_table("clusters"):
        return
    pages = _Pages(store)
    for cluster in store.records("clusters", order_by=("kind", "-size", "id")):
        row = {"id": cluster.id, "kind": cluster.kind, "size": cluster.size,
               "first_seen": cluster.first_seen, "label": cluster.label,
               "producer": cluster.producer}
        first = pages.side("first", cluster.first_page_id, cluster.first_start, cluster.first_end)
        first.pop("first_text")
        row.update(first)
        yield row
