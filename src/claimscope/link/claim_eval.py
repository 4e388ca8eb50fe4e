"""``claimscope eval claim-matching``: the same-claim matcher on CLEF CheckThat! 2020 task 2.

Candidates come from both first stages the corpus matcher uses, BM25 (SQLite
FTS5) and the embedding index; they are ordered by a weighted sum of the
cosine, the IDF-weighted rare-word overlap (``match.overlap``) and the BM25
score relative to the query's best. ``calibrate`` fits those weights (by
MAP@5, grid search) and the same-claim threshold on ``match.hybrid`` (by pair
F1) on the files it is given; the constants here and in ``match.py`` were
fitted on the official *train* split only.
"""
from __future__ import annotations

import json
import re
import sqlite3
import time
from pathlib import Path

import numpy as np

from . import embed
from .clef import ClefData, evaluate_ranking, read_claims, read_qrels, read_queries
from .lexical import LexicalIndex
from .match import ALPHA, THRESHOLD, Idf, content_terms, hybrid, overlap

__all__ = ["load", "Ranker", "evaluate_files", "calibrate"]

DEPTH = 20
CANDIDATES = 50
FEATURES = ("cosine", "overlap", "bm25_rel", "cosine_gap", "cosine_rank_inv", "bm25_rank_inv",
            "overlap_title", "overlap_vclaim", "shared_number", "shared_words")
# a linear reranker over FEATURES, fitted on CLEF 2020 task-2 *train* only
# (scripts/train_claim_matcher.py, docs/models/claim-matcher.md); without the file, the
# earlier hand blend cos + 0.3 overlap + 0.1 BM25 (grid-searched on train by ``calibrate``)
MODEL_FILE = Path(__file__).with_name("models") / "claim_ranker.json"
_BLEND = (1.0, 0.3, 0.1) + (0.0,) * (len(FEATURES) - 3)


def _load_weights() -> tuple[float, ...]:
    try:
        found = json.loads(MODEL_FILE.read_text())
    except (OSError, ValueError):
        return _BLEND
    if tuple(found.get("features", ())) != FEATURES:
        return _BLEND
    return tuple(float(w) for w in found["weights"])


WEIGHTS = _load_weights()
_GRID = (0.0, 0.1, 0.2, 0.3, 0.4)
_NUMBER = re.compile(r"\d+")


def load(queries: str | Path, claims: str | Path, qrels: str | Path) -> ClefData:
    return ClefData(read_queries(queries), read_claims(claims), read_qrels(qrels))


def claim_text(vclaim: str, title: str) -> str:
    # the title often names the claim more plainly than the verdict-style sentence
    return f"{title.strip()}. {vclaim.strip()}" if title.strip() else vclaim.strip()


class Ranker:
    """Candidates and their (cosine, overlap) per query; scoring is cheap to redo."""

    def __init__(self, data: ClefData) -> None:
        self.data = data
        self.claim_ids = list(data.claims)
        texts = [claim_text(*data.claims[c]) for c in self.claim_ids]
        self.idf = Idf.from_texts(texts)
        self.claim_terms = [content_terms(t) for t in texts]
        self.title_terms = [content_terms(data.claims[c][1]) for c in self.claim_ids]
        self.vclaim_terms = [content_terms(data.claims[c][0]) for c in self.claim_ids]
        self.claim_numbers = [set(_NUMBER.findall(t)) for t in texts]
        self.claim_vecs = embed.encode(texts, cache=True)
        self.conn = sqlite3.connect(":memory:")
        self.lexical = LexicalIndex(self.conn)
        self.lexical.add(list(enumerate(texts)))
        self.features = self._features()

    def _features(self) -> dict[str, list[tuple[int, np.ndarray]]]:
        qids = list(self.data.queries)
        query_vecs = embed.encode([self.data.queries[q] for q in qids], cache=True)
        cosines = query_vecs @ self.claim_vecs.T
        out = {}
        for row, qid in enumerate(qids):
            out[qid] = self._query_features(self.data.queries[qid], cosines[row])
        return out

    def _query_features(self, text: str, cos: np.ndarray) -> list[tuple[int, np.ndarray]]:
        """(claim index, FEATURES) for each candidate of one query."""
        top = _top(cos, CANDIDATES)
        by_vector = top[np.argsort(-cos[top])]
        cos_rank = {int(c): k for k, c in enumerate(by_vector)}
        bm25 = dict(self.lexical.search(text, CANDIDATES))
        bm25_rank = {c: k for k, c in enumerate(sorted(bm25, key=lambda c: -bm25[c]))}
        best = max(bm25.values(), default=1.0) or 1.0
        top_cos = float(cos[by_vector[0]]) if len(by_vector) else 0.0
        terms, numbers = content_terms(text), set(_NUMBER.findall(text))
        out = []
        for c in sorted(set(cos_rank) | set(bm25)):
            out.append((c, np.array([
                cos[c], overlap(terms, self.claim_terms[c], self.idf), bm25.get(c, 0.0) / best,
                cos[c] - top_cos, 1 / (1 + cos_rank.get(c, CANDIDATES + 10)),
                1 / (1 + bm25_rank.get(c, CANDIDATES + 10)),
                overlap(terms, self.title_terms[c], self.idf),
                overlap(terms, self.vclaim_terms[c], self.idf),
                float(bool(numbers & self.claim_numbers[c])),
                min(len(terms & self.claim_terms[c]), 10) / 10], dtype=np.float64)))
        return out

    def rankings(self, weights=WEIGHTS) -> dict[str, list[tuple[str, float]]]:
        w = np.asarray(weights)
        out = {}
        for qid, cands in self.features.items():
            scored = sorted(((float(f @ w), c) for c, f in cands), reverse=True)
            out[qid] = [(self.claim_ids[c], s) for s, c in scored[:DEPTH]]
        return out

    def hybrid_rankings(self, alpha: float = ALPHA) -> dict[str, list[tuple[str, float]]]:
        """Pairs scored as the corpus matcher scores them (for the threshold)."""
        out = {}
        for qid, cands in self.features.items():
            scored = sorted(((hybrid(f[0], f[1], alpha), c) for c, f in cands), reverse=True)
            out[qid] = [(self.claim_ids[c], s) for s, c in scored[:DEPTH]]
        return out


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    if len(scores) <= k:
        return np.arange(len(scores))
    return np.argpartition(-scores, k)[:k]


def _ids(rankings):
    return {q: [c for c, _ in r] for q, r in rankings.items()}


def _pair_f1(rankings, qrels, threshold: float) -> tuple[float, float, float]:
    """Precision, recall, F1 of "same claim" decisions (score >= threshold) on ranked pairs."""
    tp = fp = 0
    for q, ranked in rankings.items():
        for c, score in ranked:
            if score >= threshold:
                tp, fp = (tp + 1, fp) if c in qrels.get(q, ()) else (tp, fp + 1)
    positives = sum(len(v) for q, v in qrels.items() if q in rankings)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / positives if positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate_files(queries, claims, qrels, run_path=None) -> dict:
    started = time.perf_counter()
    data = load(queries, claims, qrels)
    ranker = Ranker(data)
    rankings = ranker.rankings()
    metrics = evaluate_ranking(_ids(rankings), data.qrels)
    precision, recall, f1 = _pair_f1(ranker.hybrid_rankings(), data.qrels, THRESHOLD)
    metrics.update({"weights": list(WEIGHTS), "threshold": THRESHOLD, "alpha": ALPHA,
                    "same_claim_precision": round(precision, 4),
                    "same_claim_recall": round(recall, 4), "same_claim_f1": round(f1, 4),
                    "claims": len(data.claims), "model": embed.MODEL_NAME,
                    "seconds": round(time.perf_counter() - started, 1)})
    if run_path:
        _write_run(run_path, rankings)
    return metrics


def _write_run(path, rankings) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for qid, ranked in rankings.items():
            for rank, (cid, score) in enumerate(ranked, start=1):
                handle.write(f"{qid}\tQ0\t{cid}\t{rank}\t{score:.6f}\tclaimscope\n")


def calibrate(queries, claims, qrels) -> dict:
    """Fit the ranking weights (best MAP@5), then the hybrid blend and threshold (pair F1)."""
    data = load(queries, claims, qrels)
    ranker = Ranker(data)
    grid = [(1.0, o, b) + _BLEND[3:] for o in _GRID for b in _GRID]
    by_weights = {w: evaluate_ranking(_ids(ranker.rankings(w)), data.qrels)["map@5"]
                  for w in grid}
    weights = max(by_weights, key=lambda w: (by_weights[w], -sum(w)))
    best = (0.0, ALPHA, THRESHOLD, 0.0, 0.0)
    for alpha in np.round(np.arange(0.4, 1.01, 0.1), 2):
        ranked = ranker.hybrid_rankings(float(alpha))
        for threshold in np.round(np.arange(0.3, 0.95, 0.01), 2):
            p, r, f1 = _pair_f1(ranked, data.qrels, float(threshold))
            if f1 > best[0]:
                best = (f1, float(alpha), float(threshold), p, r)
    f1, alpha, threshold, p, r = best
    return {"weights": list(weights), "map@5": by_weights[weights], "alpha": alpha,
            "threshold": threshold, "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(f1, 4)}
