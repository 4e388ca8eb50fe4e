"""Same-claim linking: claims (or sentences) that state the same thing across pages.

Units are the extractor's claims when the page has any (their content span),
else the sentences of article, teaser and comment segments. Each new unit is
compared with everything stored through two candidate sources:

* the vector index (all-MiniLM-L6-v2 cosine; exact block scan, IVF when large),
* BM25 over the same units (SQLite FTS5), which recalls rare names and numbers
  that a small embedding model blurs;

and the candidates are then judged on the hybrid score of ``match`` (cosine
blended with IDF-weighted rare-word overlap) against a threshold calibrated
on CLEF CheckThat! 2020 task-2 *train*, made stricter for sentence <-> sentence links
between pages (``match.same_claim_on_pages``: a higher score, a minimum overlap and
shared content words; see docs/link.md). A unit
joins the cluster of its best match only, so one loose match cannot chain two
unrelated clusters together.
"""
from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass

import numpy as np

from ..records import Link, Segment
from . import clusters, embed
from .lexical import LexicalIndex
from .match import content_terms, hybrid, overlap, same_claim_on_pages
from .state import page_order
from .text import Unit, sentences

__all__ = ["PRODUCER", "PageUnits", "units_for_page", "embed_batch", "link_pages",
           "best_matches"]

PRODUCER = "link.claims.minilm.v4"
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
    found = _scored(conn, page.units, _candidates(index, lexical, page.units, vecs))
    links = []
    for unit, cands in zip(page.units, found):
        matches = [c for c in cands if c["page_id"] != page.page_id
                   and same_claim_on_pages(c["score"], c["overlap"], c["shared"])]
        for rank, cand in enumerate(matches[:MAX_LINKS_PER_UNIT]):
            row = (cand["page_id"], cand["start"], cand["end"])
            links.append(_link(conn, row, unit, cand["score"], join=rank == 0))
    rows = [(u.page_id, u.segment_index, u.start, u.end, cid)
            for u, cid in zip(page.units, page.claim_ids)]
    ids = index.add(rows, vecs)
    lexical.add(list(zip(ids, (u.text for u in page.units))))
    _count_terms(conn, page.units)
    clusters.insert_links(conn, links)
    return links


def _candidates(index, lexical, units, vecs) -> list[list[tuple[int, float]]]:
    """Per unit: (stored id, cosine) from both stages."""
    by_vector = index.search(vecs, K_VECTORS)
    lexical_ids = [[rid for rid, _ in lexical.search(u.text, K_LEXICAL)] for u in units]
    missing = sorted({i for ids in lexical_ids for i in ids} -
                     {i for cands in by_vector for i, _ in cands})
    extra = index.vectors(missing) if missing else {}
    out = []
    for qi, cands in enumerate(by_vector):
        merged = dict(cands)
        for rid in lexical_ids[qi]:
            if rid not in merged and rid in extra:
                merged[rid] = float(extra[rid] @ vecs[qi])
        out.append(list(merged.items()))
    return out


def _scored(conn, units, found) -> list[list[dict]]:
    """Candidates with their stored span and hybrid score, best first."""
    stored = _stored_rows(conn, {cid for cands in found for cid, _ in cands})
    idf = _CorpusIdf(conn)
    stored_terms: dict[int, tuple[set[str], float]] = {}
    out = []
    for unit, cands in zip(units, found):
        terms = content_terms(unit.text)
        total = sum(idf(t) for t in terms)
        scored = []
        for cid, cosine in cands:
            page_id, start, end, text = stored[cid]
            if cid not in stored_terms:
                other = content_terms(text)
                stored_terms[cid] = (other, sum(idf(t) for t in other))
            other, other_total = stored_terms[cid]
            lexical = overlap(terms, other, idf, total, other_total)
            scored.append({"id": cid, "page_id": page_id, "start": start, "end": end,
                           "text": text, "cosine": cosine, "overlap": lexical,
                           "shared": len(terms & other), "score": hybrid(cosine, lexical)})
        out.append(sorted(scored, key=lambda c: -c["score"]))
    return out


class _CorpusIdf:
    """IDF from ``link_df_claims`` (term -> number of stored units containing it)."""

    def __init__(self, conn) -> None:
        self.conn, self.cache = conn, {}
        self.n_docs = conn.execute("SELECT count(*) FROM link_vectors").fetchone()[0] + 1

    def __call__(self, term: str) -> float:
        if term not in self.cache:
            row = self.conn.execute("SELECT df FROM link_df_claims WHERE term = ?",
                                    (term,)).fetchone()
            df = row[0] if row else 0
            self.cache[term] = math.log((self.n_docs + 1) / (df + 1)) + 1.0
        return self.cache[term]


def _count_terms(conn, units: list[Unit]) -> None:
    counts: dict[str, int] = {}
    for unit in units:
        for term in content_terms(unit.text):
            counts[term] = counts.get(term, 0) + 1
    conn.executemany("INSERT INTO link_df_claims(term, df) VALUES (?, ?) ON CONFLICT(term) "
                     "DO UPDATE SET df = df + excluded.df", counts.items())


def best_matches(conn, text: str, limit: int = 5) -> list[dict]:
    """Stored units closest to a free-text claim (for ``claimscope trace "..."``)."""
    from .vindex import VectorIndex

    index, lexical = VectorIndex(conn, embed.DIM), LexicalIndex(conn, "link_claims_fts")
    unit = Unit("", -1, "query", 0, len(text), text)
    vecs = embed.encode([text])
    found = _scored(conn, [unit], _candidates(index, lexical, [unit], vecs))[0]
    return [dict(c, similarity=round(c["score"], 4)) for c in found[:limit]]


def _stored_rows(conn, ids: set[int]) -> dict[int, tuple]:
    out, ids = {}, sorted(ids)
    for i in range(0, len(ids), 500):
        part = ids[i:i + 500]
        for row in conn.execute(
                'SELECT v.id, v.page_id, v.start, v."end", f.text FROM link_vectors v '
                "JOIN link_claims_fts f ON f.rowid = v.id "
                f"WHERE v.id IN ({','.join('?' for _ in part)})", part):
            out[row[0]] = (row[1], row[2], row[3], row[4])
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
