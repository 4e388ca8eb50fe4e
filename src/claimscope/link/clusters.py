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
from collections.abc import Iterable

from ..store.link_state import LABEL_CHARS, LinkState

__all__ = ["Span", "join", "cluster_of", "new_cluster_id", "LABEL_CHARS"]


@dataclasses.dataclass(frozen=True, slots=True)
class Span:
    page_id: str
    start: int
    end: int


def new_cluster_id(kind: str, span: Span) -> str:
    digest = hashlib.blake2b(f"{kind}|{span.page_id}|{span.start}|{span.end}".encode(),
                             digest_size=8).hexdigest()
    return f"{kind.split('_')[-1][:5]}-{digest}"


def cluster_of(db: LinkState, kind: str, span: Span) -> str | None:
    return db.cluster_of(kind, span)


def join(db: LinkState, kind: str, spans: Iterable[Span], producer: str) -> str:
    """Put all ``spans`` in one cluster of ``kind``; returns that cluster's id.

    Call inside a transaction. Cost is proportional to the clusters touched,
    not to the corpus.
    """
    spans = list(dict.fromkeys(spans))
    found = {cid for cid in (db.cluster_of(kind, s) for s in spans) if cid}
    winner = db.earliest_cluster(found) if found else new_cluster_id(kind, spans[0])
    for other in found - {winner}:
        db.merge_cluster(winner, other)
    for span in spans:
        db.add_member(winner, kind, span)
    db.refresh_cluster(winner, kind, producer)
    return winner
