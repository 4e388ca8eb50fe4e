"""Fit the claim check (src/claimscope/extract/models/claim_check.json).

    python3 scripts/train_claim_check.py [--shared ../shared] [--out PATH] [--json]

Reads the labelled claims of docs/models/claim-check-labels.jsonl: where each claim lay
(character spans of the claim, its source, cue and content in the page's text as claimscope
ingests it) on real pages of ``../shared/data`` (Dragnet and page-signal), and whether a reader
judged it a claim. No text is kept in the labels: each page is ingested again from the dataset
here, and a label whose spans no longer fall on words is counted and left out.

Only claims with a cue are checked (a quoted continuation follows a claim that was kept).
The figures printed are out of fold, leaving one labelled set of pages out at a time (each
set is about 40 pages of other sites), so each set is scored by a model that never saw its
sites. The threshold is the highest on a 0.05 grid at which the out-of-fold check keeps at
least ``MIN_RECALL`` of the right claims; it is written beside the weights, and the
``claim_check_threshold`` setting carries it (docs/models/claim-check.md). A new file needs its
new checksum in ``claimscope.artefacts``.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from claimscope.extract.claim_check import MODEL_NAME, ClaimCheck, claim_context, claim_features
from claimscope.ingest import page_from_bytes

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_segment_data import DATASETS, read_rows  # noqa: E402  (the labelled pages' datasets)

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "docs" / "models" / "claim-check-labels.jsonl"
NAME = "claim-check-v2"
C = 0.5  # inverse L2 strength: hand-set, the same for every fold
MIN_RECALL = 0.97  # of the right claims, out of fold (why: docs/models/claim-check.md)
GRID = [round(0.05 * k, 2) for k in range(1, 20)]


def page_texts(shared: Path, wanted: dict[str, set[str]], sites: dict[tuple[str, str], str]) -> dict:
    """(dataset, labelled page id) -> the page's text as claimscope ingests it. Labels name a
    page by its dataset id's first eight characters, as the test sets did."""
    texts = {}
    for name, ids in wanted.items():
        for row in read_rows(shared, name):
            key = row["id"][:8]
            if key in ids:
                url = f"http://{sites[(name, key)]}/{key}"
                texts[(name, key)] = page_from_bytes(row["html"].encode("utf-8"), "labels", "html", url=url).text
    return texts


def examples(shared: Path) -> tuple[list[dict], np.ndarray, np.ndarray, int]:
    labels = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    labels = [r for r in labels if r["cue"] is not None and r["quote_type"] != "continuation"]
    wanted: dict[str, set[str]] = defaultdict(set)
    for r in labels:
        wanted[r["dataset"]].add(r["page"])
    texts = page_texts(shared, wanted, {(r["dataset"], r["page"]): r["site"] for r in labels})
    rows, y, groups, lost = [], [], [], 0
    for r in labels:
        text = texts.get((r["dataset"], r["page"]), "")
        source, cue, content = (text[s[0]:s[1]] if s else None for s in (r["source"], r["cue"], r["content"]))
        if not (cue or "").strip() or not (content or "").strip():
            lost += 1  # the page is gone from the dataset, or its text no longer holds the span
            continue
        rows.append(claim_features(source, cue, content or "", r["segment_kind"], claim_context(text, *r["claim"])))
        y.append(r["verdict"] == "claim")
        groups.append(r["set"])
    return rows, np.array(y, dtype=int), np.array(groups), lost


def fit(rows: list[dict], y: np.ndarray) -> ClaimCheck:
    vectoriser = DictVectorizer()
    model = LogisticRegression(C=C, max_iter=5000).fit(vectoriser.fit_transform(rows), y)
    weights = {name: round(float(w), 5) for name, w in zip(vectoriser.feature_names_, model.coef_[0]) if abs(w) > 1e-6}
    return ClaimCheck(weights, round(float(model.intercept_[0]), 5), NAME)


def out_of_fold(rows: list[dict], y: np.ndarray, groups: np.ndarray) -> np.ndarray:
    scores = np.zeros(len(y))
    for held in sorted(set(groups)):
        train = np.where(groups != held)[0]
        check = fit([rows[i] for i in train], y[train])
        for i in np.where(groups == held)[0]:
            scores[i] = check.probability(rows[i])
    return scores


def table(scores: np.ndarray, y: np.ndarray) -> list[dict]:
    out = []
    for threshold in GRID:
        kept = scores >= threshold
        out.append({"threshold": threshold, "kept": int(kept.sum()), "dropped": int((~kept).sum()),
                    "dropped_wrong": int(((~kept) & (y == 0)).sum()),
                    "precision": round(float(y[kept].mean()), 4) if kept.any() else None,
                    "recall": round(float(y[kept].sum() / y.sum()), 4)})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--out", default=str(ROOT / "src" / "claimscope" / "extract" / "models" / MODEL_NAME))
    args = parser.parse_args()
    shared = Path(args.shared)
    if not (shared / "data" / DATASETS["dragnet"]).exists():
        print(f"skipped: {shared / 'data'} is absent", file=sys.stderr)
        return 0
    rows, y, groups, lost = examples(shared)
    scores = out_of_fold(rows, y, groups)
    rates = table(scores, y)
    threshold = max((r["threshold"] for r in rates if r["recall"] >= MIN_RECALL), default=0.0)
    by_set = {}
    for name in sorted(set(groups)):
        m = groups == name
        kept = m & (scores >= threshold)
        by_set[name] = {"claims": int(m.sum()), "precision_before": round(float(y[m].mean()), 4),
                        "precision_after": round(float(y[kept].mean()), 4) if kept.any() else None,
                        "recall": round(float(y[kept].sum() / max(1, y[m].sum())), 4),
                        "auc": round(float(roc_auc_score(y[m], scores[m])), 4) if 0 < y[m].sum() < m.sum() else None}
    check = fit(rows, y)
    report = {"model": NAME, "labelled": len(rows), "left_out_unreadable": lost, "right_share": round(float(y.mean()), 4),
              "out_of_fold_auc": round(float(roc_auc_score(y, scores)), 4), "threshold": threshold,
              "out_of_fold": rates, "by_set": by_set}
    Path(args.out).write_text(json.dumps({**check.to_json(), "threshold": threshold,
                                          "trained_on": "docs/models/claim-check-labels.jsonl"},
                                         indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
