"""Same-claim linking: claims (or sentences) that state the same thing across pages.

Units are the extractor's claims when the page has any (their content span),
else the sentences of article, teaser and comment segments. Each new unit is
compared with everything stored through two candidate sources:

* the vector index (all-MiniLM-L6-v2 cosine; exact block scan, IVF when large),
* BM25 over the same units (SQLite FTS5), which recalls rare names and numbers
  that a small embedding model blurs;

and the candidates are then judged on the cosine alone against a threshold
calibrated on CLEF CheckThat! 2020 task-2 *train* (see docs/link.md). A unit
joins the cluster of its best match only, so one loose match cannot chain two
unrelated clusters together.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import numpy as np

from ..records import Link, Segment
from . import clusters, embed
from .lexical import LexicalIndex
from .state import page_order
from .text import Unit, sentences

__all__ = ["PRODUCER", "THRESHOLD", "PageUnits", "units_for_page", "embed_batch", "link_pages"]

PRODUCER = "link.claims.minilm.v1"
# Cosine at which two units are "the same claim". Calibrated on CLEF 2020 task-2
# train (tweet vs. verified claim, best F1 of gold vs. best wrong candidate);
# ``claimscope eval claim-matching --calibrate`` recomputes it.
THRESHOLD = 0.62
K_VECTORS = 10
K_LEXICAL = 20
MAX_LINKS_PER_UNIT = 5
_SENTENCE_KINDS = ("article", "teaser", "comment")


@dataclass(frozen=True)
class PageUnits:
    page_id: str
    units: list[Unit]
    claim_ids: list[str | None]


def units_for_page(page_id: str, segments: list[Segment], claims: list) -> PageUnits:
    """Claim contents when the extractor found claims, else sentences."""
    if claims:
        units = [Unit(c.page_id, c.segment_index, "claim", c.content_start, c.content_end,
                      c.content) for c in claims if c.content.strip()]
        return PageUnits(page_id, units, [c.id for c in claims if c.content.strip()])
    units = [u for seg in segments if seg.kind in _SENTENCE_KINDS for u in sentences(seg)]
    return PageUnits(page_id, units, [None] * len(units))


def embed_batch(batch: list[PageUnits]) -> np.ndarray:
    """Vectors of every unit of a batch of pages, in order (the slow part: run it first)."""
    return embed.encode([u.text for p in batch for u in p.units])


def link_pages(conn: sqlite3.Connection, batch: list[PageUnits],
               vectors: np.ndarray | None = None) -> list[Link]:
    """Link a batch of pages in order; call inside a transaction.

    Pages later in the batch see the earlier ones, so a batch gives the same
    links as linking its pages one at a time.
    """
    from .vindex import VectorIndex

    index, lexical = VectorIndex(conn, embed.DIM), LexicalIndex(conn, "link_claims_fts")
    vectors = embed_batch(batch) if vectors is None else vectors
    pos, links = 0, []
    for page in batch:
        vecs = vectors[pos:pos + len(page.units)]
        pos += len(page.units)
        links += _link_one(conn, index, lexical, page, vecs)
    index.maybe_train()
    return links


def _link_one(conn, index, lexical, page: PageUnits, vecs: np.ndarray) -> list[Link]:
    found = _candidates(index, lexical, page, vecs)
    stored = _stored_rows(conn, {cid for cands in found for cid, _ in cands})
    links = []
    for unit, cands in zip(page.units, found):
        matches = [(stored[cid], sim) for cid, sim in cands
                   if sim >= THRESHOLD and stored[cid][0] != page.page_id]
        for rank, (row, sim) in enumerate(matches[:MAX_LINKS_PER_UNIT]):
            links.append(_link(conn, row, unit, sim, join=rank == 0))
    rows = [(u.page_id, u.segment_index, u.start, u.end, cid)
            for u, cid in zip(page.units, page.claim_ids)]
    ids = index.add(rows, vecs)
    lexical.add(list(zip(ids, (u.text for u in page.units))))
    clusters.insert_links(conn, links)
    return links


def _candidates(index, lexical, page: PageUnits, vecs) -> list[list[tuple[int, float]]]:
    """Per unit: (stored id, cosine) from both stages, best first."""
    by_vector = index.search(vecs, K_VECTORS)
    lexical_ids = [[rid for rid, _ in lexical.search(u.text, K_LEXICAL)] for u in page.units]
    missing = sorted({i for ids in lexical_ids for i in ids} -
                     {i for cands in by_vector for i, _ in cands})
    extra = index.vectors(missing) if missing else {}
    out = []
    for qi, cands in enumerate(by_vector):
        merged = dict(cands)
        for rid in lexical_ids[qi]:
            if rid not in merged and rid in extra:
                merged[rid] = float(extra[rid] @ vecs[qi])
        out.append(sorted(merged.items(), key=lambda kv: -kv[1]))
    return out


def _stored_rows(conn, ids: set[int]) -> dict[int, tuple]:
    out, ids = {}, sorted(ids)
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        for row in conn.execute('SELECT id, page_id, start, "end" FROM link_vectors WHERE id IN '
                                f"({','.join('?' for _ in part)})", part):
            out[row[0]] = (row[1], row[2], row[3])
    return out


def _link(conn, row: tuple, unit: Unit, sim: float, join: bool) -> Link:
    old, new = tuple(row), (unit.page_id, unit.start, unit.end)
    first, second = sorted([old, new], key=lambda s: page_order(conn, s[0])[0])
    cluster_id = None
    if join:
        cluster_id = clusters.join(conn, "same_claim", [clusters.Span(*first),
                                                        clusters.Span(*second)], PRODUCER)
    else:
        cluster_id = clusters.cluster_of(conn, "same_claim", clusters.Span(*old))
    return Link("same_claim", first[0], first[1], first[2], second[0], second[1], second[2],
                round(sim, 4), PRODUCER, cluster_id)
