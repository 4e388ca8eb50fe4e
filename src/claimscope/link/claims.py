"""Same-claim linking: claims (or sentences) that state the same thing across pages.

Units are the extractor's claims when the page has any (their content span),
else the sentences of article, teaser and comment segments. Each new unit is
compared with everything stored through two candidate sources:

* the vector index (all-MiniLM-L6-v2 cosine; exact block scan, IVF when large),
* BM25 over the same units (SQLite FTS5), queried with each unit's rarest words,
  which recalls rare names and numbers that a small embedding model blurs;

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
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..records import Link, Segment
from ..store.link_state import LinkState
from ..text.content import is_substantive
from . import clusters, embed
from .lexical import LexicalIndex, query_words
from .match import PageRule, content_terms, hybrid, stem
from .text import Unit, sentences

__all__ = ["PRODUCER", "producer", "stored_encoder", "PageUnits", "units_for_page", "embed_batch", "link_pages",
           "index_units", "best_matches"]

PRODUCER = "link.claims.minilm.v5"  # with MiniLM's vectors; the student's mark it (``producer``)
K_VECTORS = 10
K_LEXICAL = 20
MAX_LINKS_PER_UNIT = 5
# The BM25 query of a unit is its LEXICAL_WORDS rarest words among those in at most
# LEXICAL_MAX_DF stored units. The lexical stage is there for rare names and numbers; FTS5
# reads the whole posting list of every query word, so common words made each query cost
# O(corpus) (most of the step's time at 10,000 segments). With the cap a query reads at
# most LEXICAL_WORDS x LEXICAL_MAX_DF postings, whatever the corpus size.
LEXICAL_MAX_DF = 100
LEXICAL_WORDS = 8
# only article and comment text is linked (teasers repeat a headline page to page)
_SENTENCE_KINDS = ("article", "comment")
LINK_MIN_WORDS = 6  # the link_min_words setting's default


@dataclass(frozen=True)
class PageUnits:
    page_id: str
    units: list[Unit]
    claim_ids: list[str | None]


def units_for_page(page_id: str, segments: list[Segment], claims: list,
                   min_words: int = LINK_MIN_WORDS) -> PageUnits:
    """Claim contents when the extractor found claims, else sentences; of article and
    comment segments only, and substantive ones (``text.content.is_substantive``: at least
    ``min_words`` words, a verb, not a comment header or a date)."""
    if claims:
        content = [seg for seg in segments if seg.kind in _SENTENCE_KINDS]
        kept = [c for c in claims if is_substantive(c.content, min_words)
                and any(s.start <= c.content_start and c.content_end <= s.end for s in content)]
        units = [Unit(c.page_id, c.segment_index, "claim", c.content_start, c.content_end,
                      c.content) for c in kept]
        return PageUnits(page_id, units, [c.id for c in kept])
    units = [u for seg in segments if seg.kind in _SENTENCE_KINDS
             for u in sentences(seg, min_words=min_words) if is_substantive(u.text, min_words)]
    return PageUnits(page_id, units, [None] * len(units))


def producer(using: str | None) -> str:
    """The step's name on its links with the vectors of the encoder ``using`` names:
    ``PRODUCER`` for MiniLM's, marked with the student's name for the student's (vectors of
    two encoders are never compared: a store linked under one is linked again under the other)."""
    return PRODUCER if using in (None, "minilm") else f"{PRODUCER}+{using}"


def stored_encoder(db: LinkState) -> str:
    """The encoder whose vectors a store's same-claim step holds, from the versions its pages
    were linked by: what a query must be read with to be compared with them."""
    from .. import student

    marked = f"{producer(student.NAME)}+"
    return student.NAME if any(v.startswith(marked) for v in db.versions()) else "minilm"


def embed_batch(batch: list[PageUnits], using: str | None = None) -> np.ndarray:
    """Vectors of every unit of a batch of pages, in order (the slow part: run it first),
    by the encoder ``using`` names (``embed.encode``)."""
    return embed.encode([u.text for p in batch for u in p.units], using=using)


def link_pages(db: LinkState, batch: list[PageUnits], vectors: np.ndarray | None = None,
               rule: PageRule | None = None, using: str | None = None) -> list[Link]:
    """Link a batch of pages in order; call inside a transaction. ``rule`` decides a link
    (``match.PageRule.of(settings)``: the ``same_claim_*`` settings; their defaults when None);
    ``using``: the encoder that gave ``vectors`` (``embed.encode``), named on the links.

    Pages later in the batch see the earlier ones, so a batch gives the same
    links as linking its pages one at a time. The stored vectors are scanned
    once for the whole batch; what the batch itself adds is searched in memory.
    """
    index, lexical = db.vectors(embed.DIM), LexicalIndex(db.fulltext("link_claims_fts"))
    idf, rule = _CorpusIdf(db), rule or PageRule()
    vectors = embed_batch(batch, using) if vectors is None else vectors
    stored_hits = index.search(vectors, K_VECTORS)
    pos, links = 0, []
    for page in batch:
        vecs = vectors[pos:pos + len(page.units)]
        by_vector = index.with_added(stored_hits[pos:pos + len(page.units)], vecs, K_VECTORS)
        pos += len(page.units)
        links += _link_one(db, index, lexical, idf, page, vecs, by_vector, rule, producer(using))
    index.maybe_train()
    return links


def _link_one(db: LinkState, index, lexical, idf, page: PageUnits, vecs: np.ndarray,
              by_vector: list[list[tuple[int, float]]], rule: PageRule, name: str) -> list[Link]:
    terms = [content_terms(u.text) for u in page.units]
    found = _scored(db, terms, _candidates(index, lexical, idf, page.units, terms, vecs,
                                             by_vector), idf)
    links = []
    for unit, cands in zip(page.units, found):
        matches = [c for c in cands if c["page_id"] != page.page_id
                   and rule(c["score"], c["overlap"], c["shared"])]
        for rank, cand in enumerate(matches[:MAX_LINKS_PER_UNIT]):
            row = (cand["page_id"], cand["start"], cand["end"])
            links.append(_link(db, row, unit, cand["score"], rank == 0, name))
    _store_units(db, index, lexical, idf, page, vecs, terms)
    db.insert_links(links)
    return links


def _store_units(db: LinkState, index, lexical, idf, page: PageUnits, vecs: np.ndarray,
                 terms: list[set[str]]) -> None:
    """Add a page's units to the vector, BM25 and term indexes (what later pages search)."""
    rows = [(u.page_id, u.segment_index, u.start, u.end, cid)
            for u, cid in zip(page.units, page.claim_ids)]
    ids = index.add(rows, vecs)
    lexical.add(list(zip(ids, (u.text for u in page.units))))
    counts = _count_terms(terms)
    db.add_claim_terms([(i, " ".join(t)) for i, t in zip(ids, terms)], counts)
    idf.added(counts, len(ids))


def index_units(db: LinkState, page: PageUnits, vecs: np.ndarray) -> None:
    """Store a page's units without linking them (a reference set that later units are
    matched against, e.g. verified claims for ``claimscope eval link-matcher``)."""
    index, lexical = db.vectors(embed.DIM), LexicalIndex(db.fulltext("link_claims_fts"))
    _store_units(db, index, lexical, _CorpusIdf(db), page, vecs,
                 [content_terms(u.text) for u in page.units])


def _candidates(index, lexical, idf, units, unit_terms, vecs,
                by_vector) -> list[list[tuple[int, float]]]:
    """Per unit: (stored id, cosine) from both stages (``by_vector``: the vector stage's)."""
    idf.load(set().union(*unit_terms))
    lexical_ids = [[rid for rid, _ in lexical.search_words(_rare_words(u.text, idf), K_LEXICAL)]
                   for u in units]
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


def _rare_words(text: str, idf: _CorpusIdf) -> list[str]:
    """The unit's BM25 query words: its rarest, leaving out common ones (see LEXICAL_MAX_DF)."""
    df = {w: idf.df[stem(w)] for w in query_words(text)}
    return sorted((w for w in df if df[w] <= LEXICAL_MAX_DF), key=df.__getitem__)[:LEXICAL_WORDS]


def _scored(db: LinkState, unit_terms: list[set[str]], found, idf: _CorpusIdf,
            with_text: bool = False) -> list[list[dict]]:
    """Candidates with their stored span and hybrid score, best first (ties: oldest first).

    The rare-word overlap of every (unit, candidate) pair is computed at once with
    numpy over the page's term vocabulary (a Python loop per pair was the step's
    cost once the lookups were batched).
    """
    stored = _stored_rows(db, {cid for cands in found for cid, _ in cands}, with_text)
    stored_terms = set().union(*(row[4] for row in stored.values()))
    idf.load(stored_terms)
    vocab = {t: i for i, t in enumerate(stored_terms.union(*unit_terms))}
    weights = np.array(list(idf.weights(vocab).values()))
    unit_weights = np.zeros((len(unit_terms), len(vocab)))
    for row, terms in enumerate(unit_terms):
        cols = [vocab[t] for t in terms]
        unit_weights[row, cols] = weights[cols]
    columns = {cid: np.array([vocab[t] for t in row[4]], dtype=np.intp)
               for cid, row in stored.items()}
    pairs = [(row, cid, cosine) for row, cands in enumerate(found) for cid, cosine in cands]
    if not pairs:
        return [[] for _ in unit_terms]
    pair_units = np.array([p[0] for p in pairs], dtype=np.intp)
    sizes = np.array([len(columns[p[1]]) for p in pairs], dtype=np.intp)
    owner = np.repeat(np.arange(len(pairs)), sizes)
    shared_weights = unit_weights[np.repeat(pair_units, sizes),
                                  np.concatenate([columns[p[1]] for p in pairs])]
    shared = np.bincount(owner, weights=shared_weights, minlength=len(pairs))
    shared_count = np.bincount(owner, weights=shared_weights > 0, minlength=len(pairs))
    stored_totals = {cid: weights[cols].sum() for cid, cols in columns.items()}
    totals = np.minimum(unit_weights.sum(axis=1)[pair_units],
                        [stored_totals[p[1]] for p in pairs])
    lexical = np.divide(shared, totals, out=np.zeros(len(pairs)), where=totals > 0)
    scores = hybrid(np.array([p[2] for p in pairs]), lexical)
    out: list[list[dict]] = [[] for _ in unit_terms]
    for n, (row, cid, cosine) in enumerate(pairs):
        page_id, start, end, text, _ = stored[cid]
        out[row].append({"id": cid, "page_id": page_id, "start": start, "end": end,
                         "text": text, "cosine": cosine, "overlap": float(lexical[n]),
                         "shared": int(shared_count[n]), "score": float(scores[n])})
    return [sorted(cands, key=lambda c: (-c["score"], c["id"])) for cands in out]


class _CorpusIdf:
    """IDF from ``link_df_claims`` (term -> number of stored units containing it).

    Document counts are read for many terms per query and kept for a batch of
    pages, updated as the batch's pages are added (``added``): looking them up
    one term at a time was most of the step's cost.
    """

    def __init__(self, db: LinkState) -> None:
        self.db = db
        self.df: dict[str, int] = {}
        self.n_docs = db.claim_units() + 1

    def load(self, terms: set[str]) -> None:
        wanted = [t for t in terms if t not in self.df]
        self.df.update(dict.fromkeys(wanted, 0))
        self.df.update(self.db.claim_term_counts(wanted))

    def weights(self, terms: Iterable[str]) -> dict[str, float]:
        """term -> IDF now, for loaded terms, in the order of ``terms``."""
        n = self.n_docs + 1
        return {t: math.log(n / (self.df[t] + 1)) + 1.0 for t in terms}

    def added(self, counts: dict[str, int], units: int) -> None:
        for term, count in counts.items():
            if term in self.df:
                self.df[term] += count
        self.n_docs += units


def _count_terms(unit_terms: list[set[str]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for terms in unit_terms:
        for term in terms:
            counts[term] = counts.get(term, 0) + 1
    return counts


def best_matches(db: LinkState, text: str, limit: int = 5,
                 vector: np.ndarray | None = None) -> list[dict]:
    """Stored units closest to a free-text claim (for ``claimscope trace "..."``), best
    first, each with its hybrid ``score``, IDF ``overlap`` and ``shared`` content words
    (what ``match.same_claim_on_pages`` decides on); ``vector``: the text's, if known."""
    index, lexical = db.vectors(embed.DIM), LexicalIndex(db.fulltext("link_claims_fts"))
    unit = Unit("", -1, "query", 0, len(text), text)
    vecs = embed.encode([text], using=stored_encoder(db)) if vector is None else vector.reshape(1, -1)
    terms, idf = [content_terms(text)], _CorpusIdf(db)
    found = _candidates(index, lexical, idf, [unit], terms, vecs, index.search(vecs, K_VECTORS))
    return [dict(c, similarity=round(c["score"], 4))
            for c in _scored(db, terms, found, idf, with_text=True)[0][:limit]]


def _stored_rows(db: LinkState, ids: set[int], with_text: bool) -> dict[int, tuple]:
    """id -> (page_id, start, end, text or None, content terms) of stored units.

    The text is read only when asked for, or to tokenise a unit stored before its
    terms were kept (older stores): reading FTS5 content is the expensive part.
    """
    out = {}
    for row in db.claim_rows(sorted(ids), with_text):
        terms = set(row[4].split()) if row[4] is not None else content_terms(row[5])
        out[row[0]] = (row[1], row[2], row[3], row[5], terms)
    return out


def _link(db: LinkState, row: tuple, unit: Unit, sim: float, join: bool, name: str) -> Link:
    old, new = tuple(row), (unit.page_id, unit.start, unit.end)
    first, second = sorted([old, new], key=lambda s: db.page_order(s[0])[0])
    cluster_id = None
    if join:
        cluster_id = clusters.join(db, "same_claim", [clusters.Span(*first),
                                                        clusters.Span(*second)], name)
    else:
        cluster_id = clusters.cluster_of(db, "same_claim", clusters.Span(*old))
    return Link("same_claim", first[0], first[1], first[2], second[0], second[1], second[2],
                round(sim, 4), name, cluster_id)
