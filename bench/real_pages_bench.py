"""End-to-end speed on real scraped pages, beside the naive composite: the HTML of news
pages from ``../shared/data/extraction-page-signal-googlenews`` (sites the models were not
trained on) run through ``claimscope run`` with every stage, linking included, into a fresh
store, and through trafilatura + spaCy's full pipeline + MiniLM on every sentence; each in
its own process, one after the other, on the same cores. Prints a Markdown table.

    python3 bench/real_pages_bench.py [--pages 40]

Content words are those of the segments the run keeps as article or comment text (what an
analyst reads), so the figure is comparable with the generated benchmark's words/s.
Skips (exit 0) when ../shared is absent. The pages are the first ``--pages`` of the
file in its own order; nothing is chosen by how they score.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import compare  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "extraction-page-signal-googlenews" / "page_signal.jsonl.gz"


def write_pages(path: Path, count: int) -> int:
    """The first ``count`` pages' HTML as JSONL records ``{"html": ...}`` (what ``claimscope
    run`` ingests as HTML, and what the composite hands to trafilatura)."""
    written = 0
    with gzip.open(DATA, "rt", encoding="utf-8") as fh, open(path, "w", encoding="utf-8") as out:
        for line in fh:
            if written == count:
                break
            out.write(json.dumps({"html": json.loads(line)["html"]}) + "\n")
            written += 1
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} is absent", file=sys.stderr)
        return 0
    started = time.time()
    print(f"real pages: the first {args.pages} of page-signal; cores: {compare.cores()}; "
          f"load average at start: {os.getloadavg()[0]:.1f}\n")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "pages.jsonl"
        pages = write_pages(source, args.pages)
        results = compare.table([str(source)], pages)
    print(f"\n(bench took {time.time() - started:.0f}s; load average at end: {os.getloadavg()[0]:.1f})")
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
