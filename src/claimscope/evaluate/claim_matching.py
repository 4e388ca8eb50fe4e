"""``claimscope eval claim-matching``: the same-claim matcher on CLEF CheckThat! 2020 task 2.

Candidates come from both first stages the corpus matcher uses, BM25 (SQLite
FTS5) and the embedding index, each queried with the tweet as given and with
the tweet cleaned of its links, handles and "— Name (@handle) date" trailer.
They are ordered by a learned reranker over ``FEATURES`` (MiniLM cosines of
the tweet, of its cleaned text and of its best sentence with the claim; the
cosines of the tweet and its cleaned text encoded with the tuned top layers
(``tuned``; claims keep the base vectors); BM25
on the whole claim and on each field; IDF-weighted rare-word overlaps; shared
numbers and bigrams, the tweet author's name, the tweet's year and month, a
picture or video against a claim about one), fitted on the official *train*
split only by ``scripts/train_claim_matcher.py`` (after
``scripts/train_claim_encoder.py``).
``calibrate`` fits the same-claim threshold on ``match.hybrid`` (by pair F1)
on the files it is given; the constants in ``match.py`` were fitted on train.
"""
from __future__ import annotations

import json
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import artefacts
from ..errors import ClaimscopeError
from ..link import embed
from ..link.lexical import LexicalIndex, match_query
from ..link.match import ALPHA, THRESHOLD, Idf, content_terms, hybrid, overlap
from ..link.text import words
from ..store.fulltext import FullTextIndex
from . import tuned
from .clef import ClefData, evaluate_ranking, read_claims, read_qrels, read_queries
from .metrics import precision_recall_f1
from .tweets import MONTH as _MONTH
from .tweets import Tweet, clean_tweet, split_tweet
from .tweets import bigrams as _bigrams
from .tweets import sentences as _sentences

__all__ = ["load", "Ranker", "Model", "evaluate_files", "calibrate", "clean_tweet",
           "split_tweet", "FEATURES"]

DEPTH = 20
CANDIDATES = 50
# every feature the Ranker computes, in this order; a model names the ones it uses
FEATURES = (
    "cosine", "cosine_clean", "cosine_sent", "cosine_gap", "cosine_rank_inv", "cosine_clean_rank_inv",
    "bm25_rel", "bm25_clean_rel", "bm25_title_rel", "bm25_vclaim_rel", "bm25_rank_inv",
    "overlap", "overlap_raw", "overlap_title", "overlap_vclaim", "cover_claim", "cover_tweet",
    "shared_number", "shared_words", "author_in_claim", "year_in_claim",
    "cosine_sent_rank_inv", "bm25_title_rank_inv", "month_in_claim", "media_match",
    "shared_bigrams", "cosine_tuned", "cosine_tuned_raw", "cosine_tuned_gap",
    "cosine_tuned_rank_inv",
)
_INDEX = {name: i for i, name in enumerate(FEATURES)}
# the reranker, fitted on CLEF 2020 task-2 *train* only (scripts/train_claim_matcher.py,
# docs/models/claim-matcher.md); without the file, the hand blend cos + 0.3 overlap + 0.1 BM25
MODEL_FILE = Path(__file__).with_name("models") / "claim_ranker_v2.json"
_BLEND = {"cosine": 1.0, "overlap_raw": 0.3, "bm25_rel": 0.1}
_NUMBER = re.compile(r"\d+")
# a tweet that carries a picture or a video is often checked as "a photo shows …"
_TWEET_MEDIA = re.compile(r"pic\.twitter\.com|video|photo|watch", re.I)
_CLAIM_MEDIA = re.compile(r"\b(?:photo\w*|image\w*|video\w*|pictur\w*|meme\w*|footage|clip|"
                          r"screenshot\w*|graphic|tweet\w*|post\w*)\b", re.I)


@dataclass(frozen=True)
class Model:
    """score = ((x − mean) / scale)·w, x = the features in ``names``."""

    names: tuple[str, ...]
    weights: np.ndarray
    mean: np.ndarray | None = None
    scale: np.ndarray | None = None

    @classmethod
    def linear(cls, by_name: dict[str, float]) -> Model:
        return cls(tuple(by_name), np.array(list(by_name.values()), dtype=np.float64))

    @classmethod
    def from_json(cls, found: dict) -> Model:
        names = tuple(found["features"])
        unknown = set(names) - set(FEATURES)
        if unknown:
            raise ValueError(f"claim ranker uses unknown features {sorted(unknown)}")

        def arr(key):
            return None if found.get(key) is None else np.asarray(found[key], dtype=np.float64)

        return cls(names, arr("weights"), arr("mean"), arr("scale"))

    def to_json(self) -> dict:
        out = {"features": list(self.names)}
        for key in ("weights", "mean", "scale"):
            value = getattr(self, key)
            if value is not None:
                out[key] = np.round(value, 6).tolist()
        return out

    def score(self, matrix: np.ndarray) -> np.ndarray:
        """Scores of the rows of ``matrix`` (columns in ``FEATURES`` order)."""
        x = matrix[:, [_INDEX[n] for n in self.names]]
        if self.mean is not None:
            x = (x - self.mean) / self.scale
        return x @ self.weights


def _load_model() -> Model:
    try:
        path = artefacts.locate(MODEL_FILE.name)  # a file not the listed one raises
        return Model.from_json(json.loads((path or MODEL_FILE).read_text()))
    except (OSError, ValueError, KeyError, TypeError):
        return Model.linear(_BLEND)


MODEL = _load_model()


def load(queries: str | Path, claims: str | Path, qrels: str | Path) -> ClefData:
    return ClefData(read_queries(queries), read_claims(claims), read_qrels(qrels))


def claim_text(vclaim: str, title: str) -> str:
    # the title often names the claim more plainly than the verdict-style sentence
    return f"{title.strip()}. {vclaim.strip()}" if title.strip() else vclaim.strip()


class Ranker:
    """Candidates and their ``FEATURES`` per query; scoring is cheap to redo."""

    def __init__(self, data: ClefData, tuned_encoder: bool = True) -> None:
        # tuned_encoder=False leaves the cosine_tuned* columns at 0: the training script
        # fills them with out-of-fold cosines instead
        self.data = data
        self.tuned_encoder = tuned_encoder
        self.claim_ids = list(data.claims)
        vclaims = [data.claims[c][0] for c in self.claim_ids]
        titles = [data.claims[c][1] for c in self.claim_ids]
        texts = [claim_text(v, t) for v, t in zip(vclaims, titles)]
        self.idf = Idf.from_texts(texts)
        self.claim_terms = [content_terms(t) for t in texts]
        self.claim_totals = np.array([sum(self.idf(t) for t in s) for s in self.claim_terms])
        self.title_terms = [content_terms(t) for t in titles]
        self.vclaim_terms = [content_terms(t) for t in vclaims]
        self.claim_numbers = [set(_NUMBER.findall(t)) for t in texts]
        self.claim_words = [set(words(t)) for t in texts]
        self.claim_bigrams = [_bigrams(t) for t in texts]
        self.claim_months = [set(_MONTH.findall(t)) for t in texts]
        self.claim_media = [bool(_CLAIM_MEDIA.search(t)) for t in texts]
        self.claim_vecs = embed.encode(texts, cache=True)
        self.conn = sqlite3.connect(":memory:")
        self.lexical = LexicalIndex(FullTextIndex(self.conn, "link_fts"))
        self.lexical.add(list(enumerate(texts)))
        self.conn.execute("CREATE VIRTUAL TABLE fields USING fts5(title, vclaim, "
                          "tokenize='unicode61 remove_diacritics 2')")
        self.conn.executemany("INSERT INTO fields(rowid, title, vclaim) VALUES (?, ?, ?)",
                              [(i, t, v) for i, (t, v) in enumerate(zip(titles, vclaims))])
        self.features = self._features()

    def _features(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        qids = list(self.data.queries)
        raw = [self.data.queries[q] for q in qids]
        tweets = [split_tweet(t) for t in raw]
        clean = [t.body or r.strip() for t, r in zip(tweets, raw)]
        sents = [_sentences(c) or [c] for c in clean]
        flat = [s for group in sents for s in group]
        raw_vecs = embed.encode(raw, cache=True)
        clean_vecs = embed.encode(clean, cache=True)
        sent_vecs = embed.encode(flat, cache=True)
        use_tuned = self.tuned_encoder
        if use_tuned and not tuned.available():
            # the shipped reranker weighs the tuned cosines: ranking without them would
            # quietly score worse than the figures the model card reports
            raise ClaimscopeError(f"the tuned claim encoder layers are missing ({tuned.TOP_FILE}); "
                                  "reinstall claimscope with its [link] extra")
        tuned_clean = tuned.encode(clean, cache=True) if use_tuned else None
        tuned_raw = tuned.encode(raw, cache=True) if use_tuned else None
        out, pos = {}, 0
        for row, qid in enumerate(qids):
            n = len(sents[row])
            idx, f = self._query_features(raw[row], tweets[row], clean[row], raw_vecs[row],
                                          clean_vecs[row], sent_vecs[pos:pos + n])
            if use_tuned and len(idx):
                assert tuned_clean is not None and tuned_raw is not None
                fill_tuned(f, self.claim_vecs[idx] @ tuned_clean[row],
                           self.claim_vecs[idx] @ tuned_raw[row])
            out[qid] = (idx, f)
            pos += n
        return out

    def _bm25(self, text: str, limit: int) -> dict[int, float]:
        return dict(self.lexical.search(text, limit))

    def _field_bm25(self, text: str, cands: list[int]) -> np.ndarray:
        """BM25 of the title and of the vclaim alone, for each candidate (0 when no match)."""
        out = np.zeros((len(cands), 2))
        query = match_query(text)
        if query is None:
            return out
        where = {c: i for i, c in enumerate(cands)}
        rows = self.conn.execute(
            "SELECT rowid, -bm25(fields, 1.0, 0.0), -bm25(fields, 0.0, 1.0) FROM fields "
            f"WHERE fields MATCH ? AND rowid IN ({','.join(map(str, cands))})", (query,))
        for rowid, title, vclaim in rows:
            out[where[rowid]] = (title, vclaim)
        return out

    def _query_features(self, raw: str, tweet: Tweet, clean: str, raw_vec, clean_vec,
                        sent_vecs) -> tuple[np.ndarray, np.ndarray]:
        """(claim indices, feature matrix in ``FEATURES`` order) for one query's candidates."""
        cos = self.claim_vecs @ raw_vec
        cos_clean = self.claim_vecs @ clean_vec
        top_raw, top_clean = _top(cos, CANDIDATES), _top(cos_clean, CANDIDATES)
        bm25, bm25_clean = self._bm25(raw, CANDIDATES), self._bm25(clean, CANDIDATES)
        cands = sorted(set(top_raw.tolist()) | set(top_clean.tolist()) | set(bm25)
                       | set(bm25_clean))
        if not cands:
            return np.zeros(0, dtype=np.int64), np.zeros((0, len(FEATURES)))
        idx = np.array(cands, dtype=np.int64)
        n = len(idx)
        f = np.zeros((n, len(FEATURES)))
        col = _INDEX
        f[:, col["cosine"]] = cos[idx]
        f[:, col["cosine_clean"]] = cos_clean[idx]
        f[:, col["cosine_sent"]] = (self.claim_vecs[idx] @ sent_vecs.T).max(axis=1)
        f[:, col["cosine_gap"]] = cos_clean[idx] - cos_clean[top_clean].max()
        f[:, col["cosine_rank_inv"]] = _rank_inv(cos, top_raw, idx)
        f[:, col["cosine_clean_rank_inv"]] = _rank_inv(cos_clean, top_clean, idx)
        for name, scores in (("bm25_rel", bm25), ("bm25_clean_rel", bm25_clean)):
            best = max(scores.values(), default=1.0) or 1.0
            f[:, col[name]] = [scores.get(c, 0.0) / best for c in cands]
        fields = self._field_bm25(clean, cands)
        best = fields.max(axis=0)
        best[best <= 0] = 1.0
        f[:, col["bm25_title_rel"]] = fields[:, 0] / best[0]
        f[:, col["bm25_vclaim_rel"]] = fields[:, 1] / best[1]
        order = sorted(bm25_clean, key=lambda c: -bm25_clean[c])
        rank = {c: k for k, c in enumerate(order)}
        f[:, col["bm25_rank_inv"]] = [1 / (1 + rank.get(c, CANDIDATES + 10)) for c in cands]
        f[:, col["cosine_sent_rank_inv"]] = _rank_among(f[:, col["cosine_sent"]])
        f[:, col["bm25_title_rank_inv"]] = _rank_among(f[:, col["bm25_title_rel"]])
        terms, raw_terms = content_terms(clean), content_terms(raw)
        total = sum(self.idf(t) for t in terms)
        numbers = set(_NUMBER.findall(clean))
        author = {w for w in words(tweet.author) if len(w) > 2}
        bigrams = _bigrams(clean)
        media = bool(_TWEET_MEDIA.search(raw))
        for i, c in enumerate(cands):
            shared = terms & self.claim_terms[c]
            weight = sum(self.idf(t) for t in shared)
            f[i, col["overlap"]] = overlap(terms, self.claim_terms[c], self.idf, total,
                                           self.claim_totals[c])
            f[i, col["overlap_raw"]] = overlap(raw_terms, self.claim_terms[c], self.idf)
            f[i, col["overlap_title"]] = overlap(terms, self.title_terms[c], self.idf)
            f[i, col["overlap_vclaim"]] = overlap(terms, self.vclaim_terms[c], self.idf)
            f[i, col["cover_claim"]] = weight / self.claim_totals[c] if self.claim_totals[c] else 0
            f[i, col["cover_tweet"]] = weight / total if total else 0.0
            f[i, col["shared_number"]] = float(bool(numbers & self.claim_numbers[c]))
            f[i, col["shared_words"]] = min(len(shared), 10) / 10
            f[i, col["author_in_claim"]] = (len(author & self.claim_words[c]) / len(author)
                                            if author else 0.0)
            f[i, col["year_in_claim"]] = float(bool(tweet.year)
                                               and tweet.year in self.claim_numbers[c])
            f[i, col["month_in_claim"]] = float(tweet.month in self.claim_months[c])
            f[i, col["media_match"]] = float(media and self.claim_media[c])
            f[i, col["shared_bigrams"]] = min(len(bigrams & self.claim_bigrams[c]), 5) / 5
        return idx, f

    def rankings(self, model: Model | None = None) -> dict[str, list[tuple[str, float]]]:
        model = MODEL if model is None else model
        out = {}
        for qid, (idx, f) in self.features.items():
            scores = model.score(f) if len(idx) else np.zeros(0)
            order = np.lexsort((idx, -scores))[:DEPTH]
            out[qid] = [(self.claim_ids[idx[k]], float(scores[k])) for k in order]
        return out

    def hybrid_rankings(self, alpha: float = ALPHA) -> dict[str, list[tuple[str, float]]]:
        """Pairs scored as the corpus matcher scores them (for the threshold)."""
        out = {}
        for qid, (idx, f) in self.features.items():
            scores = np.array([hybrid(a, b, alpha) for a, b in
                               zip(f[:, _INDEX["cosine"]], f[:, _INDEX["overlap_raw"]])])
            order: np.ndarray | list[int] = np.lexsort((idx, -scores))[:DEPTH] if len(idx) else []
            out[qid] = [(self.claim_ids[idx[k]], float(scores[k])) for k in order]
        return out


def fill_tuned(f: np.ndarray, cos_clean: np.ndarray, cos_raw: np.ndarray) -> None:
    """The ``cosine_tuned*`` columns of one tweet's candidates, from the tuned encoder's
    cosines of its cleaned and raw text (claims keep the base model's vectors)."""
    f[:, _INDEX["cosine_tuned"]] = cos_clean
    f[:, _INDEX["cosine_tuned_raw"]] = cos_raw
    f[:, _INDEX["cosine_tuned_gap"]] = cos_clean - cos_clean.max()
    f[:, _INDEX["cosine_tuned_rank_inv"]] = _rank_among(cos_clean)


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    if len(scores) <= k:
        return np.arange(len(scores))
    return np.argpartition(-scores, k)[:k]


def _rank_inv(scores: np.ndarray, top: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """1 / (1 + rank) among the top candidates of one stage; outside them, 1 / (K + 11)."""
    ranked = top[np.lexsort((top, -scores[top]))]
    rank = {int(c): k for k, c in enumerate(ranked)}
    return np.array([1 / (1 + rank.get(int(c), CANDIDATES + 10)) for c in idx])


def _rank_among(values: np.ndarray) -> np.ndarray:
    """1 / (1 + rank) of each candidate by one feature, within the tweet's candidates."""
    rank = np.empty(len(values))
    rank[np.argsort(-values, kind="stable")] = np.arange(len(values))
    return 1 / (1 + rank)


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
    return precision_recall_f1(tp, tp + fp, positives)


def evaluate_files(queries, claims, qrels, run_path=None) -> dict:
    started = time.perf_counter()
    data = load(queries, claims, qrels)
    ranker = Ranker(data)
    rankings = ranker.rankings()
    metrics = evaluate_ranking(_ids(rankings), data.qrels)
    precision, recall, f1 = _pair_f1(ranker.hybrid_rankings(), data.qrels, THRESHOLD)
    metrics.update({"ranker": MODEL.to_json(), "threshold": THRESHOLD, "alpha": ALPHA,
                    "same_claim_precision": round(precision, 4),
                    "same_claim_recall": round(recall, 4), "same_claim_f1": round(f1, 4),
                    "claims": len(data.claims), "model": embed.MODEL_NAME,
                    "tuned_layers": tuned.VERSION if tuned.available() else None,
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
    """Fit the hybrid blend and same-claim threshold (pair F1) on the given files.

    The ranking model is fitted by ``scripts/train_claim_matcher.py``; its MAP@5 on the
    files is reported alongside.
    """
    data = load(queries, claims, qrels)
    ranker = Ranker(data)
    best = (0.0, ALPHA, THRESHOLD, 0.0, 0.0)
    for alpha in np.round(np.arange(0.4, 1.01, 0.1), 2):
        ranked = ranker.hybrid_rankings(float(alpha))
        for threshold in np.round(np.arange(0.3, 0.95, 0.01), 2):
            p, r, f1 = _pair_f1(ranked, data.qrels, float(threshold))
            if f1 > best[0]:
                best = (f1, float(alpha), float(threshold), p, r)
    f1, alpha, threshold, p, r = best
    return {"map@5": evaluate_ranking(_ids(ranker.rankings()), data.qrels)["map@5"],
            "alpha": alpha, "threshold": threshold, "precision": round(p, 4),
            "recall": round(r, 4), "f1": round(f1, 4)}
