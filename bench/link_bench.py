"""Benchmark the corpus-level linking: throughput and peak memory as the corpus grows.

Builds synthetic pages from the texts in ../shared/data (news articles from
SemEval 2020 task 11 and PolNeAr as articles; CLEF tweets and ToxiGen
statements as comments), with planted reposts (an article reposted with
paragraphs dropped) and pastes (a comment pasting a paragraph of an earlier
article), stores them with their segments, and times each link step in a
fresh process per corpus size (so peak RSS is per size).

    python bench/link_bench.py --sizes 10000,100000 [--encoder hash|minilm] [--json out.json]

The claims step's sentence embedding dominates its cost on a CPU; with
``--encoder hash`` (default) a hashed bag-of-words stands in for the model so
the index, lexical stage and clustering are measured at scale, and the model's
own cost is measured separately on the claim units of a sample of the same
pages (``--model-sample`` pages): the projected claims rate with the model is
1 / (1 / measured rate + model seconds per segment).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


REPO = Path(__file__).resolve().parents[1]
SEGMENTS_PER_PAGE = 10  # one article + nine comments


def _articles(shared: Path) -> list[list[str]]:
    out = []
    for name in ("semeval2020-task11-ptc/train_articles.jsonl", "polnear/train_documents.jsonl"):
        with open(shared / "data" / name, encoding="utf-8") as handle:
            for line in handle:
                paras = [p.strip() for p in json.loads(line)["text"].split("\n") if p.strip()]
                if len(paras) >= 4:
                    out.append(paras[:25])
    return out


def _comments(shared: Path) -> list[str]:
    out = []
    clef = shared / "data/clef2020-checkthat-task2"
    for name in ("train_tweets.queries.tsv", "dev_tweets.queries.tsv"):
        with open(clef / name, newline="", encoding="utf-8") as handle:
            out += [r[1] for r in csv.reader(handle, delimiter="\t") if len(r) > 1][1:]
    with open(shared / "data/toxigen-statements/statements.jsonl", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            text = row.get("text") or row.get("statement") or ""
            if text:
                out.append(text)
    return out


def _page_text(rng, articles, comments, history) -> tuple[str, list[tuple[str, int, int]]]:
    """Page text and (kind, start, end) segments: one article, nine comments."""
    paras = list(rng.choice(articles))
    if history and rng.random() < 0.1:  # a repost with some paragraphs dropped
        paras = [p for p in rng.choice(history) if rng.random() > 0.2] or paras
    history.append(paras)
    parts = [("article", "\n\n".join(paras))]
    for _ in range(SEGMENTS_PER_PAGE - 1):
        text = rng.choice(comments)
        if rng.random() < 0.05:  # a comment pasting a paragraph of an earlier article
            text += "\n" + rng.choice(rng.choice(history))
        parts.append(("comment", text))
    text, segments, pos = "", [], 0
    for kind, body in parts:
        segments.append((kind, pos, pos + len(body)))
        text += body + "\n\n"
        pos = len(text)
    return text, segments


def build_store(path: Path, n_segments: int, shared: Path, seed: int = 0) -> int:
    sys.path.insert(0, str(REPO / "src"))
    from claimscope.records import LineIndex, Page, Segment, page_id_for
    from claimscope.store import Store

    rng = random.Random(seed)
    articles, comments, history = _articles(shared), _comments(shared), []
    pages = n_segments // SEGMENTS_PER_PAGE
    with Store(path) as store:
        for n in range(pages):
            text, parts = _page_text(rng, articles, comments, history[-2000:])
            raw = f"{n}\n{text}".encode()
            day = f"2020-{1 + n * 12 // pages:02d}-{1 + n % 28:02d}"
            page = Page(page_id_for(raw), f"bench/{n}.txt", "text", raw, raw.decode(),
                        published=day, outlet=f"outlet{n % 50}")
            offset = len(f"{n}\n")
            index = LineIndex(page.text)
            segs = [Segment(page.id, i, kind, offset + s, offset + e,
                            *index.lines_of(offset + s, offset + e),
                            page.text[offset + s:offset + e], "bench.v1")
                    for i, (kind, s, e) in enumerate(parts)]
            store.add_page(page)
            with store._transaction():
                store._insert("segments", segs)
    return pages


def run_one(db: Path, encoder: str) -> dict:
    """Link a built store, one step after another; report seconds and peak RSS."""
    sys.path.insert(0, str(REPO / "src"))
    from claimscope.link import STEPS, embed, link_corpus
    from claimscope.store import Store

    if encoder == "hash":
        embed.use_encoder(embed.hashed_bag_of_words)
    out = {}
    with Store(db) as store:
        segments = store.conn.execute("SELECT count(*) FROM segments").fetchone()[0]
        for step in STEPS:
            started = time.perf_counter()
            counters = link_corpus(store, steps=(step,))[step]
            out[step] = {"seconds": round(time.perf_counter() - started, 1),
                         "links": counters["links"]}
        out["claim_units"] = store.conn.execute("SELECT count(*) FROM link_vectors").fetchone()[0]
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the store's size on disk
    out["segments"] = segments
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    out["db_mb"] = round(os.path.getsize(db) / 2**20)
    return out


def model_cost(shared: Path, pages: int) -> dict:
    """all-MiniLM-L6-v2 on the claim units of ``pages`` generated pages: seconds per segment."""
    sys.path.insert(0, str(REPO / "src"))
    from claimscope.link import claims, embed, page_segments
    from claimscope.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "sample.db"
        build_store(db, pages * SEGMENTS_PER_PAGE, shared, seed=1)
        with Store(db) as store:
            batch = [claims.units_for_page(pid, page_segments(store, pid), [])
                     for pid in store.page_ids()]
    embed.encode(["warm up the model"])  # load it outside the timing
    started = time.perf_counter()
    units = len(claims.embed_batch(batch))
    seconds = time.perf_counter() - started
    return {"segments": pages * SEGMENTS_PER_PAGE, "units": units, "seconds": round(seconds, 1),
            "units_per_s": round(units / seconds, 1),
            "ms_per_segment": round(1000 * seconds / (pages * SEGMENTS_PER_PAGE), 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--shared", default=str(REPO.parent / "shared"))
    parser.add_argument("--encoder", choices=("hash", "minilm"), default="hash")
    parser.add_argument("--model-sample", type=int, default=30, help="pages (0: skip)")
    parser.add_argument("--json", help="also write the rows here")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one size
    args = parser.parse_args()
    shared = Path(args.shared)
    if args.one:
        print(json.dumps(run_one(Path(args.one), args.encoder)))
        return
    rows = []
    for size in (int(s) for s in args.sizes.split(",") if s):
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bench.db"
            started = time.perf_counter()
            pages = build_store(db, size, shared)
            build_s = time.perf_counter() - started
            started = time.perf_counter()
            result = subprocess.run([sys.executable, __file__, "--one", str(db), "--encoder",
                                     args.encoder], capture_output=True, text=True, check=True)
            row = json.loads(result.stdout.strip().splitlines()[-1])
            row.update(pages=pages, build_s=round(build_s, 1),
                       wall_s=round(time.perf_counter() - started, 1))
            rows.append(row)
            _print_row(row)
    report = {"encoder": args.encoder, "rows": rows}
    if args.model_sample:
        cost = model_cost(shared, args.model_sample)
        report["model"] = cost
        print(f"\nall-MiniLM-L6-v2 on {cost['units']} claim units of {cost['segments']} segments: "
              f"{cost['units_per_s']} units/s, {cost['ms_per_segment']} ms per segment")
        if args.encoder == "hash":
            for row in rows:
                rate = row["segments"] / row["claims"]["seconds"]
                projected = 1 / (1 / rate + cost["ms_per_segment"] / 1000)
                print(f"claims step with the model, projected at {row['segments']} segments: "
                      f"{projected:.0f} segments/s")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))


def _print_row(row: dict) -> None:
    if not getattr(_print_row, "header", False):
        print(f"{'segments':>9} {'pages':>6} {'step':>16} {'seconds':>8} {'seg/s':>8} "
              f"{'links':>8} {'peakRSS MB':>10} {'db MB':>6}")
        _print_row.header = True
    for step in ("near_duplicates", "claims", "stories"):
        r = row[step]
        rate = row["segments"] / r["seconds"] if r["seconds"] else float("inf")
        print(f"{row['segments']:>9} {row['pages']:>6} {step:>16} {r['seconds']:>8} "
              f"{rate:>8.0f} {r['links']:>8} {row['peak_rss_mb']:>10} {row['db_mb']:>6}",
              flush=True)


if __name__ == "__main__":
    main()
