"""Calibrate which propaganda flags are shown by default on real web pages.

    python3 scripts/calibrate_propaganda_shown.py fit [--write] [--profile fast]
    python3 scripts/calibrate_propaganda_shown.py measure [--json] [--profile fast]

The model's own shown thresholds were chosen on SemEval-2023 articles, which were picked
for their persuasion; on ordinary news pages the same scores are right far less often.
The labels (docs/models/propaganda-page-flag-labels.jsonl) are every propaganda flag the
pipeline stored for six sets of real HTML pages of held-out sites (*test 3*, 35 pages;
*test 4*, 40 pages; *test 5*, 40 Dragnet pages; *tests 12, 13, 14*, 40 page-signal and
Dragnet pages each, of sites no earlier set used), each judged by a reader who saw the
flagged text and the claimed technique but not the score: is the technique in the text? Each row
holds the set, the page's id (its store id, a content hash), the technique, the model's
score and the verdict; no text.

``fit`` chooses, per technique, the lowest threshold on GRID at which the flags of the
labelled pages are right at least TARGET_PRECISION of the time with at least MIN_FLAGS
flags, and NEVER where no threshold is (too few right flags to show any), on all the sets
pooled; ``--write`` stores them in classify/propaganda_shown_pages.json under the name of
the model the scores came from, which ``propaganda.shown_thresholds`` reads for that model,
taking for each technique the higher of that and the model's own. Each profile's model has
its own scores, so its own labels: the default profile's in LABELS, the fast profile's (the
model fitted on the student encoder) in FAST_LABELS, the same flagged paragraphs judged once
and looked up for each model's flags. ``measure`` leaves each set out in turn, fits on the others and
scores it: the precision and count of the shown flags before and after, on pages the fit
did not see.

The scores are the model's: when the model changes, the flags must be labelled again.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "docs" / "models" / "propaganda-page-flag-labels.jsonl"
FAST_LABELS = REPO / "docs" / "models" / "propaganda-page-flag-labels-fast.jsonl"
OUT = REPO / "src" / "claimscope" / "classify" / "propaganda_shown_pages.json"
TARGET_PRECISION = 0.5
MIN_FLAGS = 5  # fewer flags than this say nothing about a threshold's precision
GRID = [round(0.2 + 0.05 * i, 2) for i in range(17)]  # 0.20 ... 1.00
NEVER = 1.01  # above any score: the technique is stored, never shown by default


def read_labels(path: Path = LABELS) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def fit(rows: list[dict]) -> dict[str, float]:
    """The lowest threshold per technique whose flags are right often enough, else NEVER."""
    by_technique: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_technique[row["technique"]].append(row)
    chosen = {}
    for technique, flags in sorted(by_technique.items()):
        chosen[technique] = NEVER
        for cut in GRID:
            kept = [f for f in flags if f["score"] >= cut]
            if len(kept) >= MIN_FLAGS and sum(f["present"] for f in kept) >= TARGET_PRECISION * len(kept):
                chosen[technique] = cut
                break
    return chosen


def shown_precision(rows: list[dict], cuts: dict[str, float]) -> dict:
    shown = [r for r in rows if r["score"] >= cuts.get(r["technique"], 0.0)]
    right = sum(r["present"] for r in shown)
    return {"shown": len(shown), "right": right, "precision": round(right / len(shown), 3) if shown else None}


def measure(rows: list[dict]) -> dict:
    """Leave one set out: fit on the others, score the one left out, against the model's
    own shown thresholds."""
    from claimscope.classify.propaganda import shown_thresholds

    own = shown_thresholds(pages=False)
    out = {}
    for held_out in sorted({r["set"] for r in rows}):
        train = [r for r in rows if r["set"] != held_out]
        test = [r for r in rows if r["set"] == held_out]
        cuts = {t: max(c, own.get(t, 0.0)) for t, c in fit(train).items()}
        before = shown_precision([r for r in test if r["score"] >= own.get(r["technique"], 0.0)], {})
        out[f"scored on {held_out}, fitted on the others"] = {
            "stored": len(test), "stored_right": sum(r["present"] for r in test),
            "model_thresholds": before, "page_thresholds": shown_precision(test, cuts)}
    return out


def shipped() -> dict:
    """The stored calibration: per model name, its labels file and thresholds."""
    return json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else {"models": {}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("command", choices=("fit", "measure"))
    parser.add_argument("--write", action="store_true", help="store the fitted thresholds (fit)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--profile", choices=("accurate", "fast"), default="accurate",
                        help="whose model's flags the labels score: the default profile's or the fast one's")
    args = parser.parse_args(argv)
    from claimscope import encoder
    from claimscope.classify.propaganda import model_label

    encoder.configure(args.profile)
    labels = FAST_LABELS if args.profile == "fast" else LABELS
    rows = read_labels(labels)
    if args.command == "fit":
        cuts = fit(rows)
        print(json.dumps(cuts, indent=1))
        if args.write:
            stored = shipped()
            stored["target_precision"] = TARGET_PRECISION
            stored["models"][model_label()] = {"labels": labels.name, "thresholds": cuts}
            OUT.write_text(json.dumps(stored, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return 0
    result = measure(rows)
    print(json.dumps(result, indent=None if args.json else 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
