"""Put hand-made comment-author labels into rendered pages, so that
``claimscope eval segmentation-real`` scores them as ``comment_author_accuracy``.

    python3 scripts/label_authors.py merge SEGDATA LABELS OUT [--set validation|fresh|final|heldout|final2|final3|final4]
    python3 scripts/label_authors.py pick SEGDATA [--limit 40] [--exclude LABELS]

``pick`` lists the pages to label in a segdata file: every Dragnet page with gold comment
lines, one rendering each (train rows render a page four ways) chosen by a stable hash of
the page id, and at most ``--limit`` pages, the first by a stable hash of the page id — never
by how claimscope does on them. ``--exclude LABELS`` leaves out pages labelled already, so
that a new set is the next pages in the same order (``final2`` = the 40 after ``final``).

SEGDATA is a file written by ``scripts/build_segment_data.py`` (``build/segdata/*.jsonl.gz``);
LABELS is ``docs/models/comment-author-labels.jsonl`` (card: ``comment-author-labels.md``).
The labels hold no page text, only offsets: one row per page, ``{"set", "dataset", "id",
"renderer", "authors": {LINE: SPAN | null}}`` where LINE is the 1-based number of a
comment's first line and SPAN is where its author's name is printed:

- ``[start, end]``: characters ``start:end`` of line LINE itself (a name above the text);
- ``[line, start, end]``: characters of another line (a signature under the text);
- ``null``: the page shows no author for that comment.

OUT gets the SEGDATA rows that have labels (same id and renderer), each with ``authors``
mapping LINE to the resolved name (or null). A label whose page is not in SEGDATA, or whose
span falls outside its line, stops the merge: labels made on one rendering are meaningless
on another.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from pathlib import Path


# the sets of labels and the segdata file each was made on (card: comment-author-labels.md)
SET_OF_FILE = {"validation": "validation", "fresh": "fresh", "train": "final", "heldout": "heldout"}
# later sets drawn from a file already labelled, and that file: ``--set`` names them
LATER_SETS = {"final2": "train",  # round 3: the 40 train-site pages after ``final``
              "final3": "train",  # round 4: the 40 after ``final2``
              "final4": "train"}  # round 5: the last 24 train-site thread pages
SETS = (*SET_OF_FILE.values(), *LATER_SETS)


class LabelError(ValueError):
    """A label that does not fit the page it names."""


def resolve(text: str, authors: dict[str, list[int] | None]) -> dict[str, str | None]:
    """Each comment's author as printed, from the offsets of its label."""
    lines = text.split("\n")
    out: dict[str, str | None] = {}
    for first, span in authors.items():
        number = int(first)
        if not 1 <= number <= len(lines) or not lines[number - 1].strip():
            raise LabelError(f"line {number} is not a non-blank line of the page")
        if span is None:
            out[first] = None
            continue
        if len(span) == 2:
            line, (start, end) = number, span
        elif len(span) == 3:
            line, start, end = span
        else:
            raise LabelError(f"line {number}: a span is [start, end] or [line, start, end], not {span}")
        if not 1 <= line <= len(lines) or not 0 <= start < end <= len(lines[line - 1]):
            raise LabelError(f"line {number}: span {span} is outside line {line}")
        name = lines[line - 1][start:end]
        if name != name.strip():
            raise LabelError(f"line {number}: span {span} starts or ends with white space")
        out[first] = name
    return out


def _open(path: str, mode: str):
    return gzip.open(path, mode, encoding="utf-8") if path.endswith(".gz") else open(path, mode, encoding="utf-8")


def merge(segdata: str, labels: str, out: str, only_set: str | None = None) -> int:
    """Write the labelled pages of ``segdata`` with their authors to ``out``; returns the count."""
    with open(labels, encoding="utf-8") as fh:
        wanted = [json.loads(line) for line in fh if line.strip()]
    wanted = [w for w in wanted if only_set is None or w["set"] == only_set]
    by_key = {(w["id"], w["renderer"]): w for w in wanted}
    written = set()
    with _open(segdata, "rt") as src, _open(out, "wt") as dst:
        for line in src:
            row = json.loads(line)
            label = by_key.get((row["id"], row.get("renderer")))
            if label is None:
                continue
            try:
                row["authors"] = resolve(row["text"], label["authors"])
            except LabelError as exc:
                raise LabelError(f"{row['id']}: {exc}") from exc
            dst.write(json.dumps(row) + "\n")
            written.add((row["id"], row.get("renderer")))
    missing = sorted(set(by_key) - written)
    if missing:
        raise LabelError(f"{len(missing)} labelled pages not in {segdata}, e.g. {missing[0]}")
    return len(written)


def _stable(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")


def pick(segdata: str, limit: int | None = None, exclude: str | None = None) -> list[tuple[str, str]]:
    """(page id, renderer) of the pages to label, in a stable order (see the module doc)."""
    done: set[str] = set()
    if exclude:
        with open(exclude, encoding="utf-8") as fh:
            done = {json.loads(line)["id"] for line in fh if line.strip()}
    renderings: dict[str, list[str]] = {}
    with _open(segdata, "rt") as src:
        for line in src:
            row = json.loads(line)
            if row.get("dataset") == "dragnet" and "comment" in row["labels"] and row["id"] not in done:
                renderings.setdefault(row["id"], []).append(row.get("renderer"))
    ids = sorted(renderings, key=lambda page: _stable("author-pages:" + page))[:limit]
    return [(page, sorted(renderings[page])[_stable("author-renderer:" + page) % len(renderings[page])])
            for page in ids]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("merge", help="put the labels into the rows of a segdata file")
    m.add_argument("segdata")
    m.add_argument("labels")
    m.add_argument("out")
    m.add_argument("--set", dest="only_set", choices=SETS,
                   help="only the labels of this set (default: every label whose page is in SEGDATA)")
    p = sub.add_parser("pick", help="list the pages of a segdata file to label (id, renderer)")
    p.add_argument("segdata")
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--exclude", help="a labels file: leave out the pages it labels")
    args = parser.parse_args()
    if args.command == "pick":
        for page, renderer in pick(args.segdata, args.limit, args.exclude):
            print(page, renderer)
        return
    only = args.only_set
    if only is None:  # a segdata file holds one set's pages: take the labels made on them
        only = SET_OF_FILE.get(Path(args.segdata).name.split(".")[0], "validation")
    try:
        print(merge(args.segdata, args.labels, args.out, only), "pages labelled")
    except LabelError as exc:
        print(f"label_authors: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
