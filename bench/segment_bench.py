"""Segmentation throughput: pages/s and words/s on one core, on generated or real pages.

    python3 bench/segment_bench.py [--pages 5000] [--seed 4]
    python3 bench/segment_bench.py --real build/segdata/validation.jsonl.gz build/segdata/heldout.jsonl.gz

Generated pages come from ``bench/corpus.py`` (real article and comment texts from
../shared/data laid out as scraped pages; one in five is HTML). ``--real`` times real pages
rendered to plain text instead (the line-labelled files ``scripts/build_segment_data.py``
writes: menus, sidebars and footers as scraped, many short lines per word). Ingest and the
corpus line count run first, untimed; then ``segment_page`` is timed alone. Skips (exit 0)
when ../shared is absent.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

# one core: the line model's matrix products must not spread over the machine's other cores
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

from claimscope.evaluate.segmentation_real import as_pages, load_labelled  # noqa: E402
from claimscope.ingest import read_inputs  # noqa: E402
from claimscope.records import Page  # noqa: E402
from claimscope.segment import evidence_of, segment_page  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--min-pages", type=int, default=3, help="boilerplate_min_pages")
    ap.add_argument("--real", nargs="+", metavar="JSONL", help="time these rendered real pages instead")
    args = ap.parse_args()
    if args.real:
        pages = as_pages(load_labelled(args.real))  # their labels unread
    elif not corpus.shared_available():
        print("skipped: ../shared/data is not present (the corpus is built from it)")
        return 0
    else:
        with tempfile.TemporaryDirectory() as tmp:
            corpus.write_shards(corpus.generate(args.pages, args.seed), Path(tmp))
            pages = [p for p in read_inputs([tmp]) if isinstance(p, Page)]
    evidence = evidence_of(pages, args.min_pages)
    words = sum(len(p.text.split()) for p in pages)

    started, cpu_started = time.perf_counter(), time.process_time()
    kinds = Counter(s.kind for p in pages for s in segment_page(p, evidence))
    seconds = time.perf_counter() - started
    # CPU time is the one-core figure on a shared machine (wall time counts waiting for a core)
    cpu = time.process_time() - cpu_started

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pages {len(pages)}  words {words}  seconds {seconds:.1f}  (cores {os.cpu_count()}, "
          f"load average {os.getloadavg()[0]:.1f})")
    print(f"segment: {len(pages) / seconds:.1f} pages/s, {words / seconds:,.0f} words/s on one core (wall)")
    print(f"segment: {words / cpu:,.0f} words/s of one core's CPU time")
    print("segments: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    print(f"peak RSS {rss:.0f} MB (all pages held in memory for the timing)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
