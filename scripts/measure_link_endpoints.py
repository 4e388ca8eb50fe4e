"""Share of link endpoints that fall on article or comment text (issue 19).

    claimscope run --db runs.db PAGES...
    python3 scripts/measure_link_endpoints.py runs.db [--gold FOLDER] [--json]

For every near-duplicate, same-claim and same-story link, each of its two spans is
checked. Without ``--gold``: it lies inside an article or comment segment of its page (as
the segmenter labelled it), and its text is not metadata
(``claimscope.text.content.is_metadata``: comment headers, dates, controls, mostly
digits). With ``--gold FOLDER`` (pages rendered by ``scripts/link_corpus.py``, whose
``labels.jsonl`` gives each line's gold label): most of the span's non-space characters
lie on gold article or comment lines, and it is not metadata; ``strict`` counts spans
whose every character is on such lines. Prints the share of endpoints passing, per kind
and over all.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections import Counter
from pathlib import Path

from claimscope.text.content import is_metadata

sys.path.insert(0, str(Path(__file__).resolve().parent))
from link_corpus import gold_spans, page_file, read_labels  # noqa: E402

KINDS = ("near_duplicate", "same_claim", "same_story")
CONTENT = ("article", "comment")


def content_share(text: str, start: int, end: int, gold: list[tuple[int, int, str]]) -> float:
    """Share of the span's non-space characters on gold article or comment lines."""
    chars = on = 0
    for s, e, label in gold:
        lo, hi = max(s, start), min(e, end)
        if lo < hi:
            n = sum(not c.isspace() for c in text[lo:hi])
            chars += n
            on += n if label in CONTENT else 0
    return on / chars if chars else 0.0


def _gold_by_page(db: sqlite3.Connection, texts: dict[str, str], folder: Path) -> dict:
    labels = read_labels(folder)
    out = {}
    for page_id, source, url in db.execute("SELECT id, source, url FROM pages"):
        rec = labels.get(page_file(source, url))
        if rec is not None:
            out[page_id] = gold_spans(texts[page_id], rec["labels"])
    return out


def measure(db_path: str, gold_folder: str | None = None) -> dict[str, dict[str, int]]:
    """{kind: {"ok", "strict", "total", "no_gold"}} over the links' endpoints."""
    db = sqlite3.connect(db_path)
    texts = dict(db.execute("SELECT id, text FROM pages"))
    gold = _gold_by_page(db, texts, Path(gold_folder)) if gold_folder else None
    segs: dict[str, list[tuple[int, int, str]]] = {}
    for page_id, start, end, kind in db.execute("SELECT page_id, start, end, kind FROM segments"):
        segs.setdefault(page_id, []).append((start, end, kind))
    counts: dict[str, Counter] = {}
    rows = db.execute("SELECT kind, a_page_id, a_start, a_end, b_page_id, b_start, b_end FROM links "
                      f"WHERE kind IN {KINDS}")
    for kind, *ends in rows:
        for page_id, start, end in (ends[:3], ends[3:]):
            c = counts.setdefault(kind, Counter())
            c["total"] += 1
            text = texts[page_id]
            if is_metadata(text[start:end]):
                continue
            if gold is None:
                kinds = {k for s, e, k in segs.get(page_id, []) if s <= start and end <= e}
                c["ok"] += bool(kinds & set(CONTENT))
                continue
            if not gold.get(page_id):
                c["no_gold"] += 1
                continue
            share = content_share(text, start, end, gold[page_id])
            c["ok"] += share >= 0.5
            c["strict"] += share >= 0.999
    return {kind: dict(c) for kind, c in counts.items()}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--gold", help="folder of pages rendered by scripts/link_corpus.py")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = measure(args.db, args.gold)
    if args.json:
        print(json.dumps(result))
        return
    where = "gold article/comment lines" if args.gold else "article/comment text"
    for kind, c in sorted(result.items()):
        n = c["total"]
        strict = f", strict {c.get('strict', 0)}/{n}" if args.gold else ""
        print(f"{kind}: {c.get('ok', 0)}/{n} endpoints on {where} ({c.get('ok', 0) / n:.0%}){strict}")
    ok, n = sum(c.get("ok", 0) for c in result.values()), sum(c["total"] for c in result.values())
    print(f"all: {ok}/{n} ({ok / n:.0%})" if n else "all: no links")


if __name__ == "__main__":
    main(sys.argv[1:])
