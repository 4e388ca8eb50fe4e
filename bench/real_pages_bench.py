"""End-to-end speed on real scraped pages: the HTML of news pages from
``../shared/data/extraction-page-signal-googlenews`` (sites the models were not
trained on), each saved as one ``.html`` file and run through ``claimscope run`` with
every stage, linking included, into a fresh store. Prints one JSON object.

    python3 bench/real_pages_bench.py [--pages 40] [--jobs 1]

Words are those of the segments the run keeps as article or comment text (what an
analyst reads), so the figure is comparable with the generated benchmark's words/s.
Skips (exit 0) when ../shared is absent. The pages are the first ``--pages`` of the
file in its own order; nothing is chosen by how they score.
"""
from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "extraction-page-signal-googlenews" / "page_signal.jsonl.gz"


def write_pages(folder: Path, count: int) -> int:
    written = 0
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        for line in fh:
            if written == count:
                break
            record = json.loads(line)
            (folder / f"{written:04d}.html").write_text(record["html"], encoding="utf-8")
            written += 1
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} is absent", file=sys.stderr)
        return 0
    from claimscope.runner import run
    from claimscope.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        pages = write_pages(folder, args.pages)
        db = str(Path(tmp) / "real.db")
        started = time.perf_counter()
        summary = run([str(folder)], db, jobs=args.jobs)
        seconds = time.perf_counter() - started
        with Store(db) as store:
            words = sum(len(s.text.split()) for pid in store.page_ids() for s in store.segments(pid)
                        if s.kind in ("article", "comment"))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"pages": pages, "analysed": summary.pages_analysed, "errors": len(summary.errors),
                      "jobs": args.jobs, "seconds": round(seconds, 1),
                      "pages_per_s": round(pages / seconds, 3), "content_words": words,
                      "words_per_s": round(words / seconds, 1), "peak_rss_mb_driver": round(peak_mb)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
