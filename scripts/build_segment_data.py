"""Build line-labelled plain-text pages from the HTML datasets in ../shared/data.

    python3 scripts/build_segment_data.py [--shared ../shared] [--out build/segdata]

Writes ``train.jsonl.gz``, ``validation.jsonl.gz`` and ``heldout.jsonl.gz``: one rendered
page a line, ``{id, dataset, site, split, renderer, text, labels, trafilatura}``, where
``labels`` and ``trafilatura`` name a label (article / comment / boilerplate) for each
non-blank line of ``text`` — the gold's, and what trafilatura's output on the page's DOM
covers (the baseline). This is the format ``claimscope eval segmentation-real`` reads.

``--fresh`` writes ``fresh.jsonl.gz`` instead: the pages of ``extraction-cleaneval-dev`` and
``extraction-readability-tests``, which neither the line model nor any choice of the
segmenter has read (main text only: their gold names no comments), one renderer each, with
trafilatura's labels beside them: a held-out set for sites never seen.

``--browser`` writes ``validation-browser.jsonl.gz`` and ``heldout-browser.jsonl.gz`` (with
``--fresh``, ``fresh-browser.jsonl.gz``): the same pages rendered by Chromium's innerText, a
renderer the line model never trained on (needs chromium and Playwright, as the web UI's
tests do).

Split by site (docs/models/segment-lines.md): a page's site is its canonical host (see
``render_pages.site_of``); a stable hash of the site puts 70% of sites in train, 15% in
validation and 15% in held-out. Train pages are rendered by every renderer; validation
and held-out pages by one, chosen by a hash of the page id.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from align_lines import LABELS, align  # noqa: E402
from render_pages import (  # noqa: E402
    RENDERERS, UNSEEN_RENDERER, BrowserText, mark_labels, render, site_of, split_marked)

DATASETS = {
    "dragnet": "extraction-dragnet/dragnet.jsonl.gz",
    "page-signal": "extraction-page-signal-googlenews/page_signal.jsonl.gz",
}
# page-signal classes: 1 headline, 2 full text, 3 supplemental (dates, captions),
# 4 related content, 5 user comments, 0 not content
SEL_LABELS = {1: "article", 2: "article", 5: "comment"}


def stable_hash(key: str, buckets: int = 100) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big") % buckets


def split_of(site: str) -> str:
    bucket = stable_hash("site:" + site)
    return "train" if bucket < 70 else "validation" if bucket < 85 else "heldout"


def read_rows(shared: Path, name: str):
    with gzip.open(shared / "data" / DATASETS[name], "rt", encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)


def renderings(row: dict, name: str, renderers: tuple[str, ...], browser: BrowserText | None = None):
    """(renderer, text, labels) for each renderer, gold labels attached."""
    marked = mark_labels(row["gold"]) if name == "page-signal" else None
    for renderer in renderers:
        if marked is not None:
            text, numbers = split_marked(render(marked, renderer, browser))
            labels = [SEL_LABELS.get(n, "boilerplate") for n in numbers]
        else:
            text = render(row["html"], renderer, browser)
            labels = align(nonblank(text), row["gold_main"], row["gold_comments"])
        if labels and "article" in labels:
            yield renderer, text, labels


# pages never used to train or choose: (file, how the gold is written)
FRESH = {
    "cleaneval": ("extraction-cleaneval-dev/cleaneval_dev.jsonl.gz", "cleaneval"),
    "readability": ("extraction-readability-tests/readability.jsonl.gz", "html"),
}
_CLEANEVAL_TAG = re.compile(r"<[^>\n]{0,20}>")


def gold_text(gold: str, kind: str) -> str:
    """The gold main text as plain text: CleanEval's <p>/<h>/<l> markup and its URL line
    dropped, or an HTML gold rendered."""
    if kind == "html":
        return render(gold, "lines")
    lines = gold.split("\n")
    if lines and lines[0].startswith("URL:"):
        lines = lines[1:]
    return _CLEANEVAL_TAG.sub(" ", "\n".join(lines))


def build_fresh(shared: Path, out: Path, browser: BrowserText | None = None) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    counts: dict = {}
    with gzip.open(out / f"fresh{_suffix(browser)}.jsonl.gz", "wt", encoding="utf-8") as fh:
        for name, (path, kind) in FRESH.items():
            with gzip.open(shared / "data" / path, "rt", encoding="utf-8") as rows:
                for line in rows:
                    row = json.loads(line)
                    renderer = UNSEEN_RENDERER if browser else RENDERERS[stable_hash(row["id"], len(RENDERERS))]
                    text = render(row["html"], renderer, browser)
                    labels = align(nonblank(text), gold_text(row["gold"], kind), "")
                    if "article" not in labels:
                        continue
                    record = {"id": f"{name}:{row['id']}", "dataset": name, "split": "fresh",
                              "renderer": renderer, "text": text, "labels": labels,
                              "trafilatura": trafilatura_labels(row["html"], text)}
                    fh.write(json.dumps(record) + "\n")
                    counts[name] = counts.get(name, 0) + 1
    return counts


def nonblank(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def trafilatura_labels(html: str, text: str) -> list[str]:
    """What trafilatura (DOM, comments on) keeps of each line, as line labels."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, include_comments=True, favor_recall=True)
    except Exception:  # the baseline counts a page it cannot read as empty
        doc = None
    main = (getattr(doc, "text", None) or "") if doc is not None else ""
    comments = (getattr(doc, "comments", None) or "") if doc is not None else ""
    title = (getattr(doc, "title", None) or "") if doc is not None else ""
    return align(nonblank(text), title + "\n" + main, comments)


def _suffix(browser: BrowserText | None) -> str:
    return f"-{UNSEEN_RENDERER}" if browser else ""


def build(shared: Path, out: Path, browser: BrowserText | None = None) -> dict:
    """Every page of the two datasets in its split's file; with ``browser``, only the
    validation and held-out pages, each rendered by the browser."""
    out.mkdir(parents=True, exist_ok=True)
    splits = ("validation", "heldout") if browser else ("train", "validation", "heldout")
    files = {s: gzip.open(out / f"{s}{_suffix(browser)}.jsonl.gz", "wt", encoding="utf-8") for s in splits}
    counts: dict = {}
    for name in DATASETS:
        for row in read_rows(shared, name):
            site = site_of(row["html"], "id:" + row["id"])
            split = split_of(site)
            if split not in files:
                continue
            chosen = ((UNSEEN_RENDERER,) if browser else RENDERERS if split == "train"
                      else (RENDERERS[stable_hash(row["id"], len(RENDERERS))],))
            for renderer, text, labels in renderings(row, name, chosen, browser):
                record = {"id": f"{name}:{row['id']}", "dataset": name, "site": site, "split": split,
                          "renderer": renderer, "text": text, "labels": labels}
                if split != "train":
                    record["trafilatura"] = trafilatura_labels(row["html"], text)
                files[split].write(json.dumps(record) + "\n")
                key = f"{split}/{name}"
                counts[key] = counts.get(key, 0) + 1
    for fh in files.values():
        fh.close()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    parser.add_argument("--out", default="build/segdata")
    parser.add_argument("--fresh", action="store_true",
                        help="write fresh.jsonl.gz from the two datasets never used (see above)")
    parser.add_argument("--browser", action="store_true",
                        help="render the evaluation pages by Chromium's innerText (see above)")
    args = parser.parse_args()
    assert set(SEL_LABELS.values()) <= set(LABELS)
    build_one = build_fresh if args.fresh else build
    if not args.browser:
        print(json.dumps(build_one(Path(args.shared), Path(args.out)), indent=1))
        return
    with BrowserText() as browser:
        print(json.dumps(build_one(Path(args.shared), Path(args.out), browser), indent=1))


if __name__ == "__main__":
    main()
