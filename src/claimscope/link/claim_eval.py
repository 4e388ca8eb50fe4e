"""``claimscope eval claim-matching``: the same-claim matcher on CLEF CheckThat! 2020 task 2.

The ranking is the one ``claims.py`` uses in the corpus: BM25 (SQLite FTS5)
and embedding candidates, ordered by ``match.hybrid`` (cosine blended with
IDF-weighted rare-word overlap). ``calibrate`` fits the blend weight (by
MAP@5) and the same-claim threshold (by pair F1) on the files it is given;
the constants in ``match.py`` were fitted on the official *train* split.
"""
from __future__ import annotations

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
        self.claim_vecs = embed.encode(texts)
        self.conn = sqlite3.connect(":memory:")
        self.lexical = LexicalIndex(self.conn)
        self.lexical.add(list(enumerate(texts)))
        self.features = self._features()

    def _features(self) -> dict[str, list[tuple[int, float, float]]]:
        qids = list(self.data.queries)
        query_vecs = embed.encode([self.data.queries[q] for q in qids])
        cosines = query_vecs @ self.claim_vecs.T
        out = {}
        for row, qid in enumerate(qids):
            text = self.data.queries[qid]
            by_vector = np.argpartition(-cosines[row], CANDIDATES)[:CANDIDATES]
            cands = set(int(i) for i in by_vector) | {i for i, _ in
                                                       self.lexical.search(text, CANDIDATES)}
            terms = content_terms(text)
            out[qid] = [(c, float(cosines[row, c]), overlap(terms, self.claim_terms[c], self.idf))
                        for c in cands]
        return out

    def rankings(self, alpha: float = ALPHA) -> dict[str, list[tuple[str, float]]]:
        out = {}
        for qid, cands in self.features.items():
            scored = sorted(((hybrid(cos, ov, alpha), c) for c, cos, ov in cands), reverse=True)
            out[qid] = [(self.claim_ids[c], s) for s, c in scored[:DEPTH]]
        return out


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
    precision, recall, f1 = _pair_f1(rankings, data.qrels, THRESHOLD)
    metrics.update({"threshold": THRESHOLD, "alpha": ALPHA, "same_claim_precision":
                    round(precision, 4), "same_claim_recall": round(recall, 4),
                    "same_claim_f1": round(f1, 4), "claims": len(data.claims),
                    "model": embed.MODEL_NAME,
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
    """Fit the cosine weight (best MAP@5) and then the threshold (best pair F1)."""
    data = load(queries, claims, qrels)
    ranker = Ranker(data)
    by_alpha = {a: evaluate_ranking(_ids(ranker.rankings(a)), data.qrels)["map@5"]
                for a in np.round(np.arange(0.3, 1.01, 0.05), 2)}
    alpha = float(max(by_alpha, key=lambda a: (by_alpha[a], a)))
    rankings = ranker.rankings(alpha)
    by_threshold = {t: _pair_f1(rankings, data.qrels, t)
                    for t in np.round(np.arange(0.3, 0.95, 0.01), 2)}
    threshold = float(max(by_threshold, key=lambda t: by_threshold[t][2]))
    p, r, f1 = by_threshold[threshold]
    return {"alpha": alpha, "map@5": by_alpha[alpha], "threshold": threshold,
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4),
            "map@5_by_alpha": {str(k): v for k, v in by_alpha.items()}}
