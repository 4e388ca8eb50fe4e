"""Train claimscope's paragraph-level propaganda technique model (claimscope-propaganda-v1).

    python scripts/train_propaganda.py [--shared PATH] [--eval-only]

Reads ../shared/data/semeval2023-task3-en-train (articles + subtask-3 paragraph labels),
holds out a fifth of the ARTICLES (never the same article on both sides) to report
micro/macro F1, picks the decision threshold by cross-validation on the rest, then
trains on all articles and writes src/claimscope/classify/models/claimscope-propaganda-v1.joblib.
Exits 0 with a message when the shared data is absent.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimscope.classify.semeval import (  # noqa: E402
    labelled_paragraphs, read_articles, read_paragraph_labels)
from claimscope.classify.textmodel import make_features, prepare, save_model  # noqa: E402
from claimscope.classify.propaganda_metrics import micro_macro_f1  # noqa: E402

NAME = "claimscope-propaganda-v1"
DATASET = "semeval2023-task3-en-train"
MIN_EXAMPLES = 10  # techniques with fewer labelled paragraphs are not learned
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


def load(data: Path):
    folder = data / DATASET
    articles = read_articles(folder / "train_articles.jsonl")
    labels = read_paragraph_labels(folder / "train-labels-subtask-3.tsv")
    rows = labelled_paragraphs(articles, labels)
    # one stray misspelt label in the source file
    return [(a, n, t, [x.replace("Prejudi-čce", "Prejudice") for x in techs]) for a, n, t, techs in rows]


def is_heldout(article_id: str) -> bool:
    return hashlib.sha256(article_id.encode()).digest()[0] < 52  # about 1 in 5 articles


def fit(rows, techniques):
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import MultiLabelBinarizer

    binarizer = MultiLabelBinarizer(classes=techniques)
    y = binarizer.fit_transform([[t for t in r[3] if t in techniques] for r in rows])
    model = Pipeline([("features", make_features(60_000, 60_000)),
                      ("clf", OneVsRestClassifier(LogisticRegression(
                          C=4.0, max_iter=500, class_weight="balanced", solver="liblinear")))])
    model.fit(prepare([r[2] for r in rows]), y)
    return model


def predict(model, rows, techniques, threshold):
    probs = model.predict_proba(prepare([r[2] for r in rows]))
    return [[t for t, p in zip(techniques, row) if p >= threshold] for row in probs], probs


def best_threshold(rows, techniques) -> float:
    """Pick the threshold with the best micro-F1 over 3 article-grouped folds."""
    folds = [[r for r in rows if int(hashlib.md5(r[0].encode()).hexdigest(), 16) % 3 == k]
             for k in range(3)]
    scores = {t: [] for t in THRESHOLDS}
    for k in range(3):
        train = [r for j in range(3) if j != k for r in folds[j]]
        model = fit(train, techniques)
        _, probs = predict(model, folds[k], techniques, 1.0)
        gold = [r[3] for r in folds[k]]
        for t in THRESHOLDS:
            pred = [[x for x, p in zip(techniques, row) if p >= t] for row in probs]
            scores[t].append(micro_macro_f1(gold, pred, techniques)["micro_f1"])
    return max(THRESHOLDS, key=lambda t: sum(scores[t]))


def techniques_of(rows) -> list[str]:
    counts: dict[str, int] = {}
    for r in rows:
        for t in r[3]:
            counts[t] = counts.get(t, 0) + 1
    return sorted(t for t, n in counts.items() if n >= MIN_EXAMPLES)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--eval-only", action="store_true")
    args = parser.parse_args(argv)
    data = args.shared / "data"
    if not (data / DATASET).is_dir():
        print(f"skipping: {data / DATASET} is absent")
        return 0
    started = time.time()
    rows = load(data)
    train = [r for r in rows if not is_heldout(r[0])]
    test = [r for r in rows if is_heldout(r[0])]
    techniques = techniques_of(train)
    threshold = best_threshold(train, techniques)
    model = fit(train, techniques)
    pred, _ = predict(model, test, techniques, threshold)
    all_techniques = sorted({t for r in rows for t in r[3]})
    metrics = {"heldout_articles": len({r[0] for r in test}), "heldout_paragraphs": len(test),
               "threshold": threshold,
               **micro_macro_f1([r[3] for r in test], pred, all_techniques)}
    print(json.dumps(metrics, indent=2))
    if args.eval_only:
        return 0
    model = fit(rows, techniques_of(rows))
    path = save_model({"name": NAME, "techniques": techniques_of(rows), "pipeline": model,
                       "threshold": threshold, "metrics": metrics, "trained_on": [DATASET]}, NAME)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.time() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
