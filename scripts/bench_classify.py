"""Measure the classify stage's throughput on one core: comments and article paragraphs.

    python scripts/bench_classify.py [--shared PATH] [--n 2000] [--articles 40]

Builds pages of real comment-like texts (the first N HateXplain and Davidson posts,
50 comments a page) and pages of one news article each (the first ARTICLES SemEval-2023
training articles: every paragraph goes through the toxicity, propaganda and narrative
models) and runs the stage on them in this single process (pinned to one thread).
Prints one JSON object. Skips cleanly without ../shared.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")  # one core: the number is per core
try:  # torch (the MiniLM embeddings) keeps its own thread pool
    import torch

    torch.set_num_threads(1)
except ImportError:
    pass

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from claimscope.analysis import PageAnalysis  # noqa: E402
from claimscope.classify import build_stage  # noqa: E402
from claimscope.records import LineIndex, Page, Segment, page_id_for  # noqa: E402

PER_PAGE = 50


def make_page(comments: list[str], kind: str = "comment") -> PageAnalysis:
    text = "\n\n".join(comments)
    page = Page(id=page_id_for(text.encode()), source="bench", format="text", raw=b"", text=text)
    lines, segments, pos = LineIndex(text), [], 0
    for index, body in enumerate(comments):
        end = pos + len(body)
        segments.append(Segment(page.id, index, kind, pos, end, *lines.lines_of(pos, end),
                                text=body, producer="bench"))
        pos = end + 2
    return PageAnalysis(page=page, segments=tuple(segments))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--articles", type=int, default=40)
    args = parser.parse_args(argv)
    if not (args.shared / "data" / "hatexplain-mbib").is_dir():
        print("skipping: no shared data")
        return 0
    from train_toxicity import load_davidson, load_hatexplain

    data = args.shared / "data"
    texts = [r["text"] for pair in zip(load_hatexplain(data), load_davidson(data)) for r in pair][: args.n]
    pages = [make_page(texts[i:i + PER_PAGE]) for i in range(0, len(texts), PER_PAGE)]
    stage = build_stage({})
    stage(pages[0])  # load the models outside the timing
    flags, elapsed, cpu = timed(stage, pages)
    # CPU seconds give the per-core rate even when other processes share the core
    from claimscope.classify.propaganda import model_label as propaganda_model
    from claimscope.evaluate.semeval import read_articles
    from claimscope.text.units import paragraphs
    from claimscope.classify.toxicity import model_label

    report = {"model": model_label(), "comments": len(texts), "wall_s": round(elapsed, 2), "cpu_s": round(cpu, 2),
              "comments_per_wall_s": round(len(texts) / elapsed, 1),
              "comments_per_cpu_s": round(len(texts) / cpu, 1), "flags": flags}
    articles = data / "semeval2023-task3-en-train" / "train_articles.jsonl"
    if args.articles and articles.exists():
        bodies = list(read_articles(articles).values())[: args.articles]
        article_pages = [make_page([body], kind="article") for body in bodies]
        count = sum(len(paragraphs(body)) for body in bodies)
        flags, elapsed, cpu = timed(stage, article_pages)
        report["articles"] = {"model": propaganda_model(), "articles": len(bodies), "paragraphs": count,
                              "cpu_s": round(cpu, 2), "paragraphs_per_cpu_s": round(count / cpu, 1), "flags": flags}
    print(json.dumps(report))
    return 0


def timed(stage, pages) -> tuple[int, float, float]:
    """(flags written, wall seconds, CPU seconds) of the stage over ``pages``."""
    started, cpu_started = time.perf_counter(), time.process_time()
    flags = sum(len(stage(p).flags) for p in pages)
    return flags, time.perf_counter() - started, time.process_time() - cpu_started


if __name__ == "__main__":
    sys.exit(main())
