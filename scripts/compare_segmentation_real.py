"""Is a change in segmentation on real pages more than what the pages' sites move?

    PYTHONPATH=<tree A>/src python3 scripts/compare_segmentation_real.py scores build/segdata/validation.jsonl.gz a.json
    PYTHONPATH=<tree B>/src python3 scripts/compare_segmentation_real.py scores build/segdata/validation.jsonl.gz b.json
    python3 scripts/compare_segmentation_real.py compare a.json b.json [--rounds 2000] [--seed 0]

``scores`` writes each page's figures (``evaluate.segmentation_real.page_scores``) under the
claimscope that is on the path; ``compare`` pairs two such files page by page and prints,
per figure (news article F1, thread article F1, thread comment F1), the mean change, how
many pages went up and down, and a 95% interval from resampling whole sites (a site's pages
share a layout, so they move together: on the validation file one site's 19 pages moved
the news figure by -1.08 between two combinations). Both files must come from the same
data file; it is read once per ``scores`` run — count those reads.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict

FIGURES = (("news", "article_f1"), ("thread", "article_f1"), ("thread", "comment_f1"))


def page_figures(records: list[dict]) -> list[dict]:
    from claimscope.evaluate.segmentation_real import as_pages, page_scores, predicted_labels
    from claimscope.segment import evidence_of
    from claimscope.segment.lines import line_table

    pages = as_pages(records)
    evidence = evidence_of(pages)  # as evaluate_real counts it: the file is the corpus
    out = []
    for record, page in zip(records, pages):
        predicted, _ = predicted_labels(page, evidence)
        scores = page_scores([ln.text for ln in line_table(page.text)], record["labels"], predicted)
        out.append({"id": page.id, "site": record.get("site") or page.id,
                    "group": "thread" if "comment" in record["labels"] else "news", **scores})
    return out


def paired_changes(before: list[dict], after: list[dict], group: str, figure: str) -> list[tuple[str, float]]:
    """(site, change) of every page of ``group`` that has ``figure`` in both files."""
    by_id = {p["id"]: p for p in before}
    if len(by_id) != len(after) or any(p["id"] not in by_id for p in after):
        raise ValueError("the two files do not hold the same pages")
    changes = []
    for page in after:
        old = by_id[page["id"]]
        if page["group"] == group and page[figure] is not None and old[figure] is not None:
            changes.append((page["site"], page[figure] - old[figure]))
    return changes


def site_interval(changes: list[tuple[str, float]], rounds: int, seed: int) -> tuple[float, float]:
    """95% interval of the mean change when whole sites are drawn with replacement."""
    by_site: dict[str, list[float]] = defaultdict(list)
    for site, change in changes:
        by_site[site].append(change)
    sites = sorted(by_site)
    rng = random.Random(seed)
    means = []
    for _ in range(rounds):
        drawn = [c for _ in sites for c in by_site[rng.choice(sites)]]
        means.append(sum(drawn) / len(drawn))
    means.sort()
    return means[int(0.025 * (rounds - 1))], means[int(0.975 * (rounds - 1))]


def compare(before: list[dict], after: list[dict], rounds: int, seed: int) -> dict:
    out = {}
    for group, figure in FIGURES:
        changes = paired_changes(before, after, group, figure)
        if not changes:
            continue
        low, high = site_interval(changes, rounds, seed)
        out[f"{group}_{figure}"] = {
            "pages": len(changes), "sites": len({s for s, _ in changes}),
            "mean_change": round(sum(c for _, c in changes) / len(changes), 4),
            "up": sum(c > 0 for _, c in changes), "down": sum(c < 0 for _, c in changes),
            "site_interval_95": [round(low, 4), round(high, 4)]}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    scores = sub.add_parser("scores", help="per-page figures of the claimscope on the path")
    scores.add_argument("data")
    scores.add_argument("out")
    pair = sub.add_parser("compare", help="paired change between two score files")
    pair.add_argument("before")
    pair.add_argument("after")
    pair.add_argument("--rounds", type=int, default=2000)
    pair.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    if args.command == "scores":
        from claimscope.evaluate.segmentation_real import load_labelled

        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump(page_figures(load_labelled([args.data])), fh)
        return 0
    with open(args.before, encoding="utf-8") as fh:
        before = json.load(fh)
    with open(args.after, encoding="utf-8") as fh:
        after = json.load(fh)
    print(json.dumps(compare(before, after, args.rounds, args.seed), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
