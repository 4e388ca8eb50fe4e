"""The table issue 21 asks for: claimscope end to end (ingest → store, every per-page stage
and linking, model loading included) beside the naive composite (trafilatura for HTML,
spaCy's full small pipeline on all text, MiniLM on every sentence) on the same pages and
cores, measured in one run. Each measurement is its own process (``workers.py``)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

WORKERS = Path(__file__).resolve().parent / "workers.py"


def measure(name: str, **args) -> dict:
    result = subprocess.run([sys.executable, str(WORKERS), name, json.dumps(args)],
                            capture_output=True, text=True)
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith("{")]
    if result.returncode or not lines:
        return {"error": (result.stderr.strip().splitlines() or ["failed"])[-1][:200]}
    return json.loads(lines[-1])


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def composite_seconds(base: dict) -> float:
    """Its work and its model loading (claimscope's runs include theirs too)."""
    return base["extract_s"] + base["spacy_s"] + (base.get("embed_s") or 0.0) + base.get("load_s", 0.0)


def table(shards: list[str], pages: int) -> list[dict]:
    """Measure the composite and claimscope's runs on the first ``pages`` pages of ``shards``
    and print the comparison; returns the raw measurements."""
    n = cores()
    base = measure("baseline", shards=shards, pages=pages)
    runs = [("claimscope, accurate profile, --jobs 1", {"jobs": 1}, 1),
            (f"claimscope, accurate profile, default --jobs ({n} cores)", {"jobs": None}, n),
            ("claimscope, fast profile (student encoder), --jobs 1", {"jobs": 1, "profile": "fast"}, 1)]
    results = []
    for label, extra, used in runs:
        r = measure("pipeline", shards=shards, pages=pages, **extra)
        results.append(dict(r, label=label, cores=min(used, r.get("jobs") or used)))
    print("| pipeline | cores | wall s | s/page/core | content words/s/core | vs composite, per core |")
    print("|---|---|---|---|---|---|")
    if "error" in base:
        print(f"| naive composite | 1 | failed: {base['error']} | | | |")
        return [base, *results]
    composite = composite_seconds(base) / base["pages"]
    print(f"| naive composite (trafilatura, spaCy full, MiniLM every sentence; loading included) | 1 | "
          f"{composite_seconds(base):.1f} | {composite:.3f} | | 1.00× |")
    for r in results:
        if "error" in r:
            print(f"| {r['label']} | {r['cores']} | failed: {r['error']} | | | |")
            continue
        per_page = r["seconds"] * r["cores"] / max(1, r["pages"])
        note = f" ({r['errors']} page errors)" if r.get("errors") else ""
        print(f"| {r['label']} | {r['cores']} | {r['seconds']:.1f}{note} | {per_page:.3f} | "
              f"{r['content_words'] / r['seconds'] / r['cores']:.0f} | {composite / per_page:.2f}× |")
    print(f"\nthe ≥ 3× target: {composite / 3:.3f} s/page/core; the composite's steps (s): trafilatura "
          f"{base['extract_s']:.1f}, spaCy {base['spacy_s']:.1f}, MiniLM {base.get('embed_s') or 0:.1f}, "
          f"loading both models {base.get('load_s', 0.0):.1f}; "
          f"{base['pages']} pages, {base['words']} words after trafilatura")
    return [base, *results]
