"""Fit the claim-matching reranker on CLEF CheckThat! 2020 task-2 *train* only.

    python scripts/train_claim_matcher.py [--data ../shared/data/clef2020-checkthat-task2]
        [--features a,b,c] [--l2 1e-4] [--no-write] [--cache /tmp/clef-train-features.pkl]

The reranker scores each candidate of a tweet (``claim_matching.Ranker``: top 50 by MiniLM
cosine of the tweet and of its cleaned text, top 50 by BM25 of both) from the features
named in ``FEATURES`` below: a linear layer over the standardised features, fitted with a
listwise softmax loss (the relevant claims against every other candidate of the tweet) and
an L2 penalty. The loss is convex, so it is minimised to convergence by L-BFGS (no epochs,
no learning rate, no seed to choose).

It reports, on train only: a 5-fold cross-validation (MAP@5, MAP@1 of the held-out fold)
and a fixed validation split (the last 20 % of a seeded shuffle of the tweets, fitted on
the other 80 %); then it fits on all of train and writes
src/claimscope/link/models/claim_ranker_v2.json. Dev is not read. Skips cleanly (exit 0)
when the data folder is missing.
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "clef2020-checkthat-task2"
# chosen by 5-fold cross-validation on train (docs/models/claim-matcher.md); SEED: the folds
L2, SEED = 1e-4, 0
# the reranker's inputs (claim_matching.FEATURES names every feature the Ranker computes)
FEATURES = (
    "cosine", "cosine_clean", "cosine_sent", "cosine_gap", "cosine_rank_inv",
    "cosine_clean_rank_inv", "bm25_rel", "bm25_clean_rel", "bm25_title_rel", "bm25_vclaim_rel",
    "bm25_rank_inv", "overlap", "overlap_raw", "overlap_title", "overlap_vclaim", "cover_claim",
    "cover_tweet", "shared_number", "shared_words", "author_in_claim", "year_in_claim",
    "cosine_sent_rank_inv", "bm25_title_rank_inv", "month_in_claim", "media_match",
    "shared_bigrams", "cosine_tuned", "cosine_tuned_raw",
)
# out-of-fold cosines of the tuned encoder, written by train_claim_encoder.py
DEFAULT_OOF = Path("/tmp/claimmatch-cache/claim-encoder-oof.npz")


def _stack(examples):
    """Rows of the tweets whose claim was found: features, target share, group of each row."""
    kept = [(f, rel) for f, rel in examples if rel.any()]
    x = np.vstack([f for f, _ in kept])
    target = np.concatenate([rel / rel.sum() for _, rel in kept])
    sizes = np.array([len(f) for f, _ in kept])
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    return x, target, np.repeat(np.arange(len(kept)), sizes), starts


def fit(examples, names, l2=L2):
    """Listwise softmax loss (relevant claims vs all candidates) + L2, minimised by L-BFGS."""
    from scipy.optimize import minimize

    from claimscope.evaluate.claim_matching import FEATURES as ALL, Model

    x, target, groups, starts = _stack(examples)
    x = x[:, [ALL.index(n) for n in names]]
    mean, scale = x.mean(0), np.maximum(x.std(0), 1e-6)
    z = (x - mean) / scale
    relevant = target > 0
    n_tweets = len(starts)

    def loss_and_grad(w):
        s = z @ w
        top = np.maximum.reduceat(s, starts)
        e = np.exp(s - top[groups])
        everything = np.add.reduceat(e, starts)
        e_rel = np.where(relevant, e, 0.0)
        rel_sum = np.add.reduceat(e_rel, starts)
        loss = -np.log(rel_sum / everything).mean() + l2 * (w @ w)
        grad = -(z.T @ (e_rel / rel_sum[groups] - e / everything[groups])) / n_tweets
        return loss, grad + 2 * l2 * w

    found = minimize(loss_and_grad, np.zeros(len(names)), jac=True, method="L-BFGS-B",
                     options={"maxiter": 1000})
    return Model(tuple(names), found.x, mean, scale)


def examples_from(features, claim_ids, qrels):
    """Per judged tweet: (feature matrix, relevant mask, number of relevant claims); a tweet
    whose claim is not among the candidates has an all-false mask and scores 0."""
    out = {}
    for q, (idx, f) in features.items():
        relevant = qrels.get(q)
        if not relevant:
            continue
        rel = np.array([claim_ids[c] in relevant for c in idx], bool)
        out[q] = (f, rel, len(relevant))
    return out


def with_tuned_oof(features, claim_ids, path):
    """The features with their ``cosine_tuned*`` columns from out-of-fold cosines
    (train_claim_encoder.py): each tweet scored by an encoder not trained on it."""
    from claimscope.evaluate.claim_matching import fill_tuned

    with np.load(path) as found:
        if list(found["claim_ids"]) != list(claim_ids):
            raise SystemExit(f"{path}: the claims differ from the data's")
        row = {q: i for i, q in enumerate(found["qids"].tolist())}
        clean, raw = found["clean"], found["raw"]
        out = {}
        for q, (idx, f) in features.items():
            f = f.copy()
            if q in row and len(idx):
                fill_tuned(f, clean[row[q], idx].astype(np.float64),
                           raw[row[q], idx].astype(np.float64))
            out[q] = (idx, f)
    return out


def _scored(examples, model):
    ap5, ap1 = [], []
    for f, rel, n_rel in examples:
        if not len(f):
            ap5.append(0.0), ap1.append(0.0)
            continue
        order = np.argsort(-model.score(f), kind="stable")
        hits, total = 0, 0.0
        for rank, k in enumerate(order[:5], start=1):
            if rel[k]:
                hits += 1
                total += hits / rank
        ap5.append(total / n_rel)
        ap1.append(float(rel[order[0]]) / n_rel)
    return float(np.mean(ap5)), float(np.mean(ap1))


def fold_split(n: int):
    """The seeded shuffle of the n judged tweets (sorted by id) and its 5 folds; the
    encoder's out-of-fold cosines (train_claim_encoder.py) use the same folds."""
    order = np.random.RandomState(SEED).permutation(n)
    return order, np.array_split(order, 5)


def evaluate(examples: dict, names, l2=L2) -> dict:
    qids = sorted(examples)
    order, folds = fold_split(len(qids))
    cv5, cv1 = [], []
    for k in range(5):
        test = [examples[qids[i]] for i in folds[k]]
        train = [examples[qids[i]][:2] for j in range(5) if j != k for i in folds[j]]
        m5, m1 = _scored(test, fit(train, names, l2))
        cv5.append(m5 * len(test)), cv1.append(m1 * len(test))
    cut = int(len(qids) * 0.8)
    val = [examples[qids[i]] for i in order[cut:]]
    fitted = fit([examples[qids[i]][:2] for i in order[:cut]], names, l2)
    v5, v1 = _scored(val, fitted)
    found = np.mean([rel.any() for _, rel, _ in examples.values()])
    return {"cv_map@5": round(sum(cv5) / len(qids), 4), "cv_map@1": round(sum(cv1) / len(qids), 4),
            "val_map@5": round(v5, 4), "val_map@1": round(v1, 4), "val_tweets": len(val),
            "candidate_recall": round(float(found), 4)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--out", default=None, help="default: the package's models/ file")
    parser.add_argument("--features", default=",".join(FEATURES))
    parser.add_argument("--l2", type=float, default=L2)
    parser.add_argument("--cache", default=None, help="pickle of train features (experiments)")
    parser.add_argument("--tuned-oof", default=str(DEFAULT_OOF),
                        help="out-of-fold tuned-encoder cosines (train_claim_encoder.py); "
                             "needed by the cosine_tuned* features")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    data = Path(args.data)
    files = [data / n for n in ("train_tweets.queries.tsv", "verified_claims.docs.tsv",
                                "train_tweet-vclaim-pairs.qrels.tsv")]
    if not all(f.exists() for f in files):
        print(f"skip: CLEF 2020 task-2 train files not found under {data}")
        return 0
    from claimscope.evaluate import claim_matching as claim_eval

    cache = Path(args.cache) if args.cache else None
    if cache and cache.exists():
        features, claim_ids, qrels = pickle.loads(cache.read_bytes())
    else:
        ranker = claim_eval.Ranker(claim_eval.load(*files), tuned_encoder=False)
        features, claim_ids, qrels = ranker.features, ranker.claim_ids, ranker.data.qrels
        if cache:
            cache.write_bytes(pickle.dumps((features, claim_ids, qrels)))
    names = [n for n in args.features.split(",") if n]
    if any(n.startswith("cosine_tuned") for n in names):
        if not Path(args.tuned_oof).exists():
            raise SystemExit("the cosine_tuned* features need the out-of-fold cosines of "
                             "scripts/train_claim_encoder.py (--tuned-oof)")
        features = with_tuned_oof(features, claim_ids, args.tuned_oof)
    examples = examples_from(features, claim_ids, qrels)
    report = evaluate(examples, names, args.l2)
    baseline = claim_eval.Model.linear(claim_eval._BLEND)
    report["hand_blend_map@5"] = round(_scored(list(examples.values()), baseline)[0], 4)
    print(json.dumps(report))
    if args.no_write:
        return 0
    model = fit([e[:2] for e in examples.values()], names, args.l2)
    out = model.to_json()
    out.update({"fitted_on": "CLEF CheckThat! 2020 task 2 train (800 tweets, 10,375 claims)",
                "train_map@5": round(_scored(list(examples.values()), model)[0], 4),
                "validation": report, "loss": "listwise softmax", "l2": args.l2,
                "optimiser": "L-BFGS", "folds_seed": SEED})
    path = Path(args.out) if args.out else claim_eval.MODEL_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
