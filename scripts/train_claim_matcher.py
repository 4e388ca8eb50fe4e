"""Fit the claim-matching reranker on CLEF CheckThat! 2020 task-2 *train* only.

    python scripts/train_claim_matcher.py [--data ../shared/data/clef2020-checkthat-task2]

The reranker is linear over ``claim_eval.FEATURES`` (MiniLM cosine and its gap to the
query's best, rank features of both first stages, IDF-weighted overlap with the whole
claim, its title and its text, a shared number, the count of shared words), trained with a
listwise softmax loss (the relevant claims against every other candidate of the query).
It prints a 5-fold cross-validation on train (MAP@5 against the hand blend), then fits
on all of train and writes src/claimscope/link/models/claim_ranker.json. Dev is not read.
Skips cleanly (exit 0) when the data folder is missing.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "clef2020-checkthat-task2"
L2, EPOCHS, LR, SCALE, SEED = 1e-3, 300, 0.05, 4.0, 0


def _tensors(ranker, qids):
    import torch

    feats = [ranker.features[q] for q in qids]
    width = max(len(f) for f in feats)
    n = len(ranker.FEATURES) if hasattr(ranker, "FEATURES") else len(feats[0][0][1])
    x = np.zeros((len(qids), width, n), np.float32)
    mask = np.zeros((len(qids), width), bool)
    rel = np.zeros((len(qids), width), bool)
    for i, (q, cands) in enumerate(zip(qids, feats)):
        relevant = ranker.data.qrels.get(q, set())
        for j, (c, f) in enumerate(cands):
            x[i, j], mask[i, j] = f, True
            rel[i, j] = ranker.claim_ids[c] in relevant
    keep = rel.any(1)  # queries whose relevant claim is not among the candidates teach nothing
    return torch.tensor(x[keep]), torch.tensor(mask[keep]), torch.tensor(rel[keep])


def fit(ranker, qids) -> np.ndarray:
    import torch

    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    x, mask, rel = _tensors(ranker, qids)
    w = torch.zeros(x.shape[2])
    w[0] = 5.0
    w.requires_grad_(True)
    opt = torch.optim.Adam([w], lr=LR)
    for _ in range(EPOCHS):
        s = (x @ w * SCALE).masked_fill(~mask, -1e9)
        loss = -(torch.logsumexp(s.masked_fill(~rel, -1e9), 1) - torch.logsumexp(s, 1)).mean()
        loss = loss + L2 * (w ** 2).sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
    out = w.detach().numpy().astype(np.float64)
    return out / out[0]  # the cosine's weight is 1, as in the hand blend


def map5(ranker, qids, weights) -> float:
    from claimscope.link.clef import evaluate_ranking

    ranked = {q: r for q, r in ranker.rankings(weights).items() if q in set(qids)}
    ids = {q: [c for c, _ in r] for q, r in ranked.items()}
    return evaluate_ranking(ids, {q: ranker.data.qrels[q] for q in qids
                                  if q in ranker.data.qrels})["map@5"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--out", default=None, help="default: the package's models/ file")
    args = parser.parse_args(argv)
    data = Path(args.data)
    files = [data / n for n in ("train_tweets.queries.tsv", "verified_claims.docs.tsv",
                                "train_tweet-vclaim-pairs.qrels.tsv")]
    if not all(f.exists() for f in files):
        print(f"skip: CLEF 2020 task-2 train files not found under {data}")
        return 0
    from claimscope.link import claim_eval

    ranker = claim_eval.Ranker(claim_eval.load(*files))
    qids = [q for q in ranker.data.queries if ranker.data.qrels.get(q)]
    order = np.random.RandomState(SEED).permutation(len(qids))
    folds = np.array_split(order, 5)
    learned, blend = [], []
    for k in range(5):
        test = [qids[i] for i in folds[k]]
        train = [qids[i] for j in range(5) if j != k for i in folds[j]]
        learned.append(map5(ranker, test, fit(ranker, train)))
        blend.append(map5(ranker, test, claim_eval._BLEND))
    weights = fit(ranker, qids)
    report = {"features": list(claim_eval.FEATURES), "weights": [round(float(w), 5) for w in weights],
              "fitted_on": "CLEF CheckThat! 2020 task 2 train (800 tweets, 10,375 claims)",
              "cv_map@5": {"reranker": round(float(np.mean(learned)), 4),
                           "hand_blend": round(float(np.mean(blend)), 4), "folds": 5},
              "train_map@5": map5(ranker, qids, weights),
              "loss": "listwise softmax", "l2": L2, "epochs": EPOCHS, "seed": SEED}
    out = Path(args.out) if args.out else claim_eval.MODEL_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
