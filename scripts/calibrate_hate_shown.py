"""Calibrate which `hate` flags are shown by default, on flags labelled on real comment threads.

    python3 scripts/calibrate_hate_shown.py [--json]

The labels (docs/models/comment-flag-labels-threads.jsonl) are every `hate` and every shown
`toxic` flag classify.v12 wrote on the 267 Dragnet and page-signal pages with comment
threads (set "threads-2026-12-07"), and the shown `toxic` flags classify.v13 writes there that
v12 did not (set "threads-2026-12-07-v13"), each judged by a reader who saw the flagged text,
the comment and the named target group but no score: is it hate against that group (is it an insult at someone)?
Each row holds the set, the page's id, the label, the stored score, the part the lexicon
gave (``lexicon``: the slur, coded term or trope against the flag's group; for `toxic`, the
insult lexicon's score), the model's part for `hate` (``model``), whether a `toxic` flag's
sentence stood three or more times on its page (``repeated``) and the verdict; no text.

A hate flag the lexicon carries (``lexicon`` at or above ``hate_threshold``) is shown. For
the others, carried by the model alone, this prints the precision at each threshold on GRID
and the ``hate_shown_threshold`` to set: the lowest at which they are right at least
TARGET_PRECISION of the time over at least MIN_FLAGS flags, else NEVER. It also prints the
`toxic` flags' precision by what shows them (insult lexicon, model score, a repeated
sentence).

The scores are the models' and the lexicon's: when either changes, the flags must be
labelled again.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "docs" / "models" / "comment-flag-labels-threads.jsonl"
TARGET_PRECISION = 0.5
MIN_FLAGS = 5  # fewer flags than this say nothing about a threshold's precision
GRID = [round(0.5 + 0.05 * i, 2) for i in range(11)]  # 0.50 ... 1.00
NEVER = 1.01  # above any score: model-only hate is stored, never shown by default
HATE_THRESHOLD = 0.5  # the setting's default: lexicon evidence from here shows a flag


def read_labels(path: Path = LABELS) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def precision(rows: list[dict]) -> dict:
    right = sum(r["verdict"] == "right" for r in rows)
    return {"flags": len(rows), "right": right, "precision": round(right / len(rows), 3) if rows else None}


def model_only_threshold(rows: list[dict]) -> float:
    """The lowest threshold on GRID at which model-only hate flags are precise enough, else NEVER."""
    for threshold in GRID:
        shown = [r for r in rows if r["score"] >= threshold]
        if len(shown) >= MIN_FLAGS and precision(shown)["precision"] >= TARGET_PRECISION:
            return threshold
    return NEVER


def report(rows: list[dict]) -> dict:
    hate = [r for r in rows if r["label"] == "hate"]
    lexical = [r for r in hate if r["lexicon"] >= HATE_THRESHOLD]
    model_only = [r for r in hate if r["lexicon"] < HATE_THRESHOLD]
    toxic = [r for r in rows if r["label"] == "toxic"]
    return {
        "hate": {"all": precision(hate), "lexicon": precision(lexical), "model_only": precision(model_only),
                 "model_only_by_threshold": {str(t): precision([r for r in model_only if r["score"] >= t])
                                             for t in GRID}},
        "hate_shown_threshold": model_only_threshold(model_only),
        "toxic_shown": {"all": precision(toxic),
                        "repeated": precision([r for r in toxic if r["repeated"]]),
                        "insult_lexicon": precision([r for r in toxic if not r["repeated"] and r["lexicon"] >= 0.5]),
                        "model": precision([r for r in toxic if not r["repeated"] and r["lexicon"] < 0.5])},
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = report(read_labels(args.labels))
    if args.json:
        print(json.dumps(result))
        return 0
    for name, part in result["hate"].items():
        if name != "model_only_by_threshold":
            print(f"hate, {name}: {part}")
    for threshold, part in result["hate"]["model_only_by_threshold"].items():
        print(f"  model only, score >= {threshold}: {part}")
    print(f"hate_shown_threshold = {result['hate_shown_threshold']}")
    for name, part in result["toxic_shown"].items():
        print(f"toxic shown, {name}: {part}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
