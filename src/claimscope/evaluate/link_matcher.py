"""The corpus linker's own same-claim matcher on CLEF CheckThat! 2020 task 2.

``claimscope eval link-matcher QUERIES CLAIMS QRELS`` measures what ``claimscope link``
runs, not the tweet reranker of ``eval claim-matching``:

1. every verified claim ("title. vclaim", as the reranker reads it) is stored as a unit of
   a link store (``link.claims.index_units``: vector index, BM25 index, term counts), the
   way the claims step stores a page's sentences;
2. each tweet, as given, is matched as ``claimscope trace`` matches a text
   (``link.claims.best_matches``: the step's vector and BM25 candidate stages, scored by
   ``match.hybrid`` with the store's IDF);
3. the ranking by that score gives MAP@k; the page rule (``match.PageRule`` under the
   ``same_claim_*`` settings, what decides a link between pages) gives precision and
   recall of same-claim decisions over the (tweet, claim) pairs: a pair is a true positive
   when the rule accepts it and the qrels list it; recall is over every qrels pair.

The tweet's text is not cleaned (the linker does not know tweets) and no unit filter is
applied to it (``link_min_words`` gates page sentences, not this measurement).
"""
from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from .. import encoder
from ..link import claims as link_claims
from ..link import vectors_encoder
from ..link import embed
from ..link.match import PageRule
from ..link.text import Unit
from ..settings import Settings, load_settings
from ..store import Store
from .claim_matching import claim_text, load
from .clef import evaluate_ranking
from .metrics import precision_recall_f1

__all__ = ["evaluate_link_matcher", "DEPTH"]

DEPTH = 20  # candidates kept per tweet (MAP@10 reads 10; the rule is applied to all of them)


def evaluate_link_matcher(queries: str | Path, claims: str | Path, qrels: str | Path,
                          settings: Settings | None = None, pairs_path: str | Path | None = None) -> dict:
    """Metrics of the linker's matcher on the files; ``pairs_path``: also write every
    (tweet, candidate) pair with its score, overlap, shared words and relevance as JSONL
    (what ``scripts/calibrate_link_thresholds.py`` reads for CheckThat! train)."""
    started = time.perf_counter()
    settings = settings or load_settings()
    rule, using = PageRule.of(settings), vectors_encoder(settings)
    data = load(queries, claims, qrels)
    ids = list(data.claims)
    texts = [claim_text(*data.claims[c]) for c in ids]
    units = [Unit(cid, 0, "claim", 0, len(t), t) for cid, t in zip(ids, texts)]
    qids = list(data.queries)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "link-matcher.db")
        db = store.link_state()
        with store.transaction():
            link_claims.index_units(db, link_claims.PageUnits("verified-claims", units, [None] * len(units)),
                                    embed.encode(texts, cache=True, using=using))
        tweet_vecs = embed.encode([data.queries[q] for q in qids], cache=True, using=using)
        found = {q: link_claims.best_matches(db, data.queries[q], DEPTH, tweet_vecs[row])
                 for row, q in enumerate(qids)}
        store.close()
    ranking = {q: [c["page_id"] for c in cands] for q, cands in found.items()}
    if pairs_path:
        _write_pairs(pairs_path, found, data.qrels)
    metrics = evaluate_ranking(ranking, data.qrels)
    tp = predicted = 0
    for q, cands in found.items():
        for c in cands:
            if rule(c["score"], c["overlap"], c["shared"]):
                predicted += 1
                tp += c["page_id"] in data.qrels.get(q, ())
    gold = sum(len(v) for q, v in data.qrels.items() if q in found)
    precision, recall, f1 = precision_recall_f1(tp, predicted, gold)
    recalled = sum(any(c["page_id"] in data.qrels.get(q, ()) for c in cands) for q, cands in found.items())
    metrics.update({
        "matcher": link_claims.producer(using), "rule": {"same_claim_threshold": rule.threshold,
                                                  "same_claim_min_overlap": rule.min_overlap,
                                                  "same_claim_min_shared": rule.min_shared},
        "pairs_linked": predicted, "pairs_correct": tp, "pairs_gold": gold,
        "link_precision": round(precision, 4), "link_recall": round(recall, 4),
        "link_f1": round(f1, 4), "candidate_recall": round(recalled / max(len(found), 1), 4),
        "queries": len(found), "claims": len(ids), "model": encoder.model_name(using),
        "seconds": round(time.perf_counter() - started, 1)})
    return metrics


def _write_pairs(path: str | Path, found: dict[str, list[dict]], qrels: dict[str, set[str]]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for q, cands in found.items():
            for c in cands:
                fh.write(json.dumps({"query": q, "claim": c["page_id"], "score": round(c["score"], 4),
                                     "overlap": round(c["overlap"], 4), "shared": c["shared"],
                                     "relevant": c["page_id"] in qrels.get(q, ())}) + "\n")
