"""Real pages with gold line labels, for measuring and calibrating the corpus linker.

    python3 scripts/link_corpus.py render validation OUT [--shared ../shared]
    python3 scripts/link_corpus.py jsonl OUT FILES.txt OUT.jsonl   # with URLs naming sites
    claimscope run OUT.jsonl --db OUT.db --stages segment
    claimscope link --db OUT.db

Renders the Dragnet and page-signal pages of one split (``build_segment_data.split_of``:
a stable hash of the page's site; ``train`` sites trained the segmenter, ``validation``
sites are the linker's development pages, ``heldout`` sites are read once) to plain text,
one file a page (``OUT/<dataset>-<id>.txt``, by the renderer the segment data gives
non-train pages), and writes ``OUT/labels.jsonl``: for each file, the gold label
(article / comment / boilerplate) of each non-blank line. ``--exclude-comment-pages``
leaves out the Dragnet pages with gold comments (the 190 used while building the
content-only rule).

``gold_lines(page_text, labels)`` maps labels back onto a stored page's text (the store
keeps the file's text; lines are matched in order by their stripped text).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_segment_data import DATASETS, read_rows, renderings, split_of, stable_hash  # noqa: E402
from render_pages import RENDERERS, site_of  # noqa: E402

__all__ = ["render_split", "write_jsonl", "read_labels", "gold_spans", "page_file"]


def render_split(shared: Path, split: str, out: Path, exclude_comment_pages: bool = False,
                 limit: int = 0) -> int:
    """Write the split's pages and their line labels under ``out``; returns the page count."""
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    with (out / "labels.jsonl").open("w", encoding="utf-8") as labels_file:
        for name in DATASETS:
            for row in read_rows(shared, name):
                site = site_of(row["html"], "id:" + row["id"])
                if split_of(site) != split:
                    continue
                if exclude_comment_pages and (row.get("gold_comments") or "").strip():
                    continue
                renderer = RENDERERS[stable_hash(row["id"], len(RENDERERS))]
                for _, text, labels in renderings(row, name, (renderer,)):
                    file = f"{name}-{row['id']}.txt"
                    (out / file).write_text(text, encoding="utf-8")
                    labels_file.write(json.dumps({"file": file, "site": site, "renderer": renderer,
                                                  "labels": labels}) + "\n")
                    written += 1
                if limit and written >= limit:
                    return written
    return written


def write_jsonl(folder: Path, files: list[str], out: Path) -> int:
    """The rendered ``files`` as one JSONL input for ``claimscope run``, each with a URL
    naming its site (``https://SITE/FILE``: the linker reads a page's site from its URL)."""
    labels = read_labels(folder)
    with out.open("w", encoding="utf-8") as fh:
        for file in files:
            host = labels[file]["site"].replace(":", "-")
            fh.write(json.dumps({"url": f"https://{host}/{file}",
                                 "text": (folder / file).read_text(encoding="utf-8")}) + "\n")
    return len(files)


def page_file(source: str | None, url: str | None) -> str:
    """The rendered file a stored page came from: its URL's last part, else its source's name."""
    return (url or "").rsplit("/", 1)[-1] or Path(source or "").name


def read_labels(folder: Path) -> dict[str, dict]:
    """file name -> its labels.jsonl record."""
    with (folder / "labels.jsonl").open(encoding="utf-8") as fh:
        return {rec["file"]: rec for rec in map(json.loads, fh)}


def gold_spans(page_text: str, labels: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) of the stored text's non-blank lines, labels matched in order."""
    out, pos = [], 0
    for line in page_text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if line.strip():
            out.append((start, start + len(line), line.strip()))
    if len(out) != len(labels):
        return []  # the store changed the text's lines: no gold for this page
    return [(s, e, label) for (s, e, _), label in zip(out, labels)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    render = sub.add_parser("render")
    render.add_argument("split", choices=("train", "validation", "heldout"))
    render.add_argument("out")
    render.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    render.add_argument("--exclude-comment-pages", action="store_true")
    render.add_argument("--limit", type=int, default=0)
    jsonl = sub.add_parser("jsonl", help="rendered files (a list, one a line) as one JSONL input with URLs")
    jsonl.add_argument("folder")
    jsonl.add_argument("files")
    jsonl.add_argument("out")
    args = parser.parse_args()
    if args.command == "jsonl":
        names = [Path(line.strip()).name for line in Path(args.files).read_text().splitlines() if line.strip()]
        print(f"{write_jsonl(Path(args.folder), names, Path(args.out))} pages -> {args.out}")
        return
    shared = Path(args.shared)
    if not (shared / "data" / DATASETS["dragnet"]).exists():
        print(f"no data under {shared}/data: nothing to render")
        return
    n = render_split(shared, args.split, Path(args.out), args.exclude_comment_pages, args.limit)
    print(f"{n} pages -> {args.out}")


if __name__ == "__main__":
    main()
