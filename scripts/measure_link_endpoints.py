"""Share of link endpoints that fall on article or comment text (issue 19).

    claimscope run --db runs.db PAGES...
    python3 scripts/measure_link_endpoints.py runs.db

For every near-duplicate, same-claim and same-story link, each of its two spans is
checked: it lies inside an article or comment segment of its page, and its text is not
metadata (``claimscope.text.content.is_metadata``: comment headers, dates, controls,
mostly digits). Prints the share of endpoints passing, per kind and over all.
"""
from __future__ import annotations

import sqlite3
import sys
from collections import Counter

from claimscope.text.content import is_metadata


def measure(db_path: str) -> dict[str, tuple[int, int]]:
    db = sqlite3.connect(db_path)
    texts = dict(db.execute("SELECT id, text FROM pages"))
    segs: dict[str, list[tuple[int, int, str]]] = {}
    for page_id, start, end, kind in db.execute("SELECT page_id, start, end, kind FROM segments"):
        segs.setdefault(page_id, []).append((start, end, kind))
    good, total = Counter(), Counter()
    rows = db.execute("SELECT kind, a_page_id, a_start, a_end, b_page_id, b_start, b_end FROM links "
                      "WHERE kind IN ('near_duplicate', 'same_claim', 'same_story')")
    for kind, *ends in rows:
        for page_id, start, end in (ends[:3], ends[3:]):
            kinds = {k for s, e, k in segs.get(page_id, []) if s <= start and end <= e}
            ok = bool(kinds & {"article", "comment"}) and not is_metadata(texts[page_id][start:end])
            total[kind] += 1
            good[kind] += ok
    return {kind: (good[kind], total[kind]) for kind in total}


def main(argv: list[str]) -> None:
    result = measure(argv[0])
    for kind, (good, n) in sorted(result.items()):
        print(f"{kind}: {good}/{n} endpoints on article/comment text ({good / n:.0%})")
    good, n = sum(g for g, _ in result.values()), sum(n for _, n in result.values())
    print(f"all: {good}/{n} ({good / n:.0%})" if n else "all: no links")


if __name__ == "__main__":
    main(sys.argv[1:])
