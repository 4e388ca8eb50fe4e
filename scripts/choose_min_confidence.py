"""How confident the line model must be to overrule the rules (segment/combine.py).

    python3 scripts/choose_min_confidence.py [--data build/segdata] [--values 0.5 0.7 0.9 1.01]
    python3 scripts/choose_min_confidence.py --constant THREAD_CONFIDENCE --values 0.8 0.9 0.95 1.01

For each value of the chosen threshold of ``segment/combine.py`` (``MIN_CONFIDENCE`` unless
``--constant`` names another numeric module constant, e.g. ``THREAD_CONFIDENCE``,
``STORY_BEFORE_THREAD``), prints the validation-site figures
(``evaluate_real``) and the project's gold sets (``evaluate_segmentation``, the CI gate);
the other thresholds keep their values. For ``MIN_CONFIDENCE``, 1.01 never overrules: the
rules alone. The held-out file is not read.
"""
from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

from claimscope.evaluate.segmentation import evaluate_segmentation, load_gold
from claimscope.evaluate.segmentation_real import evaluate_real
from claimscope.segment import combine

GOLD = Path(__file__).resolve().parents[1] / "tests" / "gold"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def gold_figures() -> dict:
    out = {}
    for folder in ("segments", "heldout", "final", "unseen"):
        result = evaluate_segmentation(load_gold(sorted(str(p) for p in (GOLD / folder).glob("*.json")), str(SHARED)))
        out[folder] = [result["article"]["f1"], result["teaser"]["f1"], result["comment"]["f1"],
                       round(result["author_accuracy"] or 0, 4)]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="build/segdata")
    ap.add_argument("--constant", default="MIN_CONFIDENCE", help="the threshold of segment/combine.py to vary")
    ap.add_argument("--values", type=float, nargs="+", default=[0.5, 0.6, 0.7, 0.8, 0.9, 1.01])
    args = ap.parse_args()
    if not args.constant.isupper() or not isinstance(getattr(combine, args.constant, None), (int, float)):
        ap.error(f"{args.constant} is not a threshold of segment/combine.py")
    integer = isinstance(getattr(combine, args.constant), int)
    with gzip.open(Path(args.data) / "validation.jsonl.gz", "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    for value in args.values:
        setattr(combine, args.constant, int(value) if integer else value)
        real = evaluate_real(records)["claimscope"]
        print(json.dumps({args.constant: value, "validation": real, "gold (article, teaser, comment, author)":
                          gold_figures()}), flush=True)


if __name__ == "__main__":
    main()
