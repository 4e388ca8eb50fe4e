"""How far a hate-vs-not classifier on frozen sentence vectors can go on the hate datasets.

    python scripts/hate_ceiling.py [--shared PATH] [--json]

The cross-dataset target of issue #19 (hate-vs-not macro-F1 >= 0.75 on a dataset never
trained or tuned on) asks more of the model than the same datasets give when each is read
on its own. For each of Davidson, HateXplain and ToxiGen this prints, on the rows
``train_toxicity.py`` embeds (its sample of up to 3,000 a dataset, MiniLM vectors cached
under $CLAIMSCOPE_EMB_CACHE):

- *in-domain*: a logistic regression trained and scored within the dataset (five
  stratified folds), its cut-off chosen on the training folds (``nested``) and, as an upper
  bound, on the scored rows themselves (``best cut-off``);
- *cross-dataset*: the same model trained on the other two datasets and scored on this one:
  ranking quality (ROC AUC, which no cut-off changes) and the macro-F1 at the best cut-off
  on the scored rows (an upper bound: a real cut-off is chosen without them).

Development analysis, not a model: nothing is written. Exits 0 when the data is absent.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_toxicity as T  # noqa: E402

CUTOFFS = np.round(np.arange(0.05, 0.96, 0.025), 3)
C = 1.0
FOLDS = 5


def macro_f1(gold: np.ndarray, scores: np.ndarray, cutoff: float) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(gold, scores >= cutoff, average="macro"))


def best_cutoff(gold: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    return max((macro_f1(gold, scores, c), float(c)) for c in CUTOFFS)


def fit(x: np.ndarray, y: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=3000, class_weight="balanced").fit(x, y)


def in_domain(x: np.ndarray, y: np.ndarray) -> dict:
    from sklearn.model_selection import StratifiedKFold

    scores = np.zeros(len(y))
    nested = np.zeros(len(y), dtype=bool)
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=T.SEED).split(x, y):
        model = fit(x[train], y[train])
        _, cutoff = best_cutoff(y[train], model.predict_proba(x[train])[:, 1])
        scores[test] = model.predict_proba(x[test])[:, 1]
        nested[test] = scores[test] >= cutoff
    from sklearn.metrics import f1_score

    best, cutoff = best_cutoff(y, scores)
    return {"nested": round(float(f1_score(y, nested, average="macro")), 3),
            "best_cutoff": round(best, 3), "at": cutoff}


def cross_dataset(train_x: np.ndarray, train_y: np.ndarray, x: np.ndarray, y: np.ndarray) -> dict:
    from sklearn.metrics import roc_auc_score

    scores = fit(train_x, train_y).predict_proba(x)[:, 1]
    best, cutoff = best_cutoff(y, scores)
    return {"auc": round(float(roc_auc_score(y, scores)), 3), "best_cutoff": round(best, 3), "at": cutoff}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=T.ROOT.parent / "shared")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    data = args.shared / "data"
    if not (data / "davidson-hate-offensive").is_dir():
        print(f"skipping: {data} has no hate datasets")
        return 0
    loaders = {"hatexplain": T.load_hatexplain, "davidson": T.load_davidson, "toxigen": T.load_toxigen}
    sets = {}
    for name, load in loaders.items():
        rows = T.embedded_sample(load(data))
        sets[name] = (np.asarray(T.embeddings([r["text"] for r in rows], name)),
                      np.array([r["label"] == "hate" for r in rows]))
    report = {}
    for name, (x, y) in sets.items():
        others = [n for n in sets if n != name]
        train_x = np.vstack([sets[n][0] for n in others])
        train_y = np.concatenate([sets[n][1] for n in others])
        report[name] = {"rows": len(y), "hate_share": round(float(y.mean()), 3), "in_domain": in_domain(x, y),
                        "cross_dataset": cross_dataset(train_x, train_y, x, y)}
    if args.json:
        print(json.dumps(report))
        return 0
    print(f"{'dataset':<11} {'rows':>5} {'hate':>5}  in-domain nested / best cut-off   cross-dataset AUC / best cut-off")
    for name, r in report.items():
        i, c = r["in_domain"], r["cross_dataset"]
        print(f"{name:<11} {r['rows']:>5} {r['hate_share']:>5}  {i['nested']:>6} / {i['best_cutoff']:<6}"
              f"                 {c['auc']:>5} / {c['best_cutoff']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
