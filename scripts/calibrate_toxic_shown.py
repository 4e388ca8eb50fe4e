"""Calibrate and measure which `toxic` flags are shown by default, on labelled reader comments.

    python3 scripts/calibrate_toxic_shown.py fit [--json]
    python3 scripts/calibrate_toxic_shown.py measure --split heldout [--threshold T] [--json]

The labels (docs/models/comment-toxicity-labels.jsonl) name comment lines of Dragnet pages
by split, position and a hash (``civil_comments.comment_lines``: the texts stay in
../shared/data and are read from there), each judged toxic or not, hate or not, by a
reader who never saw a score. The validation split's rows are every line the stage scored
0.3 or more plus a random sample of the rest (``weight``: how many lines each sampled row
stands for); the held-out split's rows are every comment line of its sites.

``fit`` scores the validation lines as the classify stage scores a comment unit and
prints the lowest threshold at which the shown flags are right at least half the time
(TARGET_PRECISION) with at least MIN_FLAGS flags: the ``toxic_shown_threshold`` setting. A
flag whose insult-lexicon evidence alone reaches ``toxic_threshold`` is shown whatever its
score (the stage does the same), so its precision is reported on its own too. The threshold
must also hold for the flags the model alone carries on real comment threads: the shown
toxic flags of the 267 thread pages labelled blind (docs/models/comment-flag-labels-threads.jsonl,
scores and verdicts only), which cover scores from THREADS_SHOWN_FROM (the shown threshold
when they were labelled) up. Where no threshold there gets the model-only flags of both sets
right half the time, the setting is NEVER: the model alone shows no toxic flag.
``measure`` prints precision and recall on a split at the stored threshold
(``toxic_threshold``) and at the shown one.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
LABELS = REPO / "docs" / "models" / "comment-toxicity-labels.jsonl"
THREADS = REPO / "docs" / "models" / "comment-flag-labels-threads.jsonl"
THREADS_SHOWN_FROM = 0.91  # the shown threshold when the thread flags were labelled: none below it
NEVER = 1.01  # a threshold no score reaches
TARGET_PRECISION = 0.5
MIN_FLAGS = 3  # a threshold that leaves one or two flags says nothing about precision
GRID = [round(0.5 + 0.01 * i, 2) for i in range(50)]


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def labelled_texts(shared: Path, split: str, labels: Path = LABELS) -> list[dict]:
    """The labelled rows of ``split`` with their texts, read from ../shared by position;
    a hash that does not match is an error (the data under ../shared changed)."""
    from civil_comments import comment_lines

    lines = comment_lines(shared, split)
    rows = []
    with open(labels, encoding="utf-8") as handle:
        for row in map(json.loads, handle):
            if row["split"] != split:
                continue
            text = lines[row["line"]] if row["line"] < len(lines) else ""
            if text_hash(text) != row["sha1"]:
                raise SystemExit(f"line {row['line']} of the {split} comments is not the labelled text")
            rows.append({**row, "text": text})
    return rows


def score(rows: list[dict]) -> list[dict]:
    """``rows`` with the toxic score the classify stage gives each as a comment unit."""
    from claimscope.classify.lexicon import load_lexicon
    from claimscope.classify.toxicity import score_texts

    scores = score_texts([r["text"] for r in rows], load_lexicon())
    # the stage shows a comment's flag that an insult, a slur or a trope of the lexicon carries
    # (toxic_threshold and hate_threshold, both 0.5 by default)
    return [{**r, "score": s.toxic, "lexicon": max(s.lexicon_toxic, s.lexicon_hate)} for r, s in zip(rows, scores)]


def precision_recall(rows: list[dict], threshold: float, lexicon: float | None = None) -> dict:
    """Flags at ``threshold`` (or, with ``lexicon``, whose insult-lexicon evidence reaches
    it): how many, how many right, precision, and recall weighted by each row's
    ``weight`` (a sampled row stands for the lines it was drawn from)."""
    flagged = [r for r in rows if r["score"] >= threshold or (lexicon is not None and r["lexicon"] >= lexicon)]
    right = sum(r["toxic"] for r in flagged)
    found = sum(r.get("weight", 1.0) for r in flagged if r["toxic"])
    toxic = sum(r.get("weight", 1.0) for r in rows if r["toxic"])
    return {"threshold": threshold, "flags": len(flagged), "right": right,
            "precision": round(right / len(flagged), 3) if flagged else None,
            "recall": round(found / toxic, 3) if toxic else None}


def lowest_precise_threshold(rows: list[dict], lexicon: float | None = None, target: float = TARGET_PRECISION,
                             min_flags: int = MIN_FLAGS, grid: list[float] = GRID) -> float | None:
    """The lowest threshold of ``grid`` whose flags (those of the lexicon at ``lexicon``
    included, as the stage shows them) are right at least ``target`` of the time with at
    least ``min_flags`` flags; None when no threshold is."""
    for threshold in grid:
        figures = precision_recall(rows, threshold, lexicon)
        if figures["flags"] >= min_flags and figures["precision"] >= target:
            return threshold
    return None


def thread_rows(path: Path = THREADS) -> list[dict]:
    """The labelled toxic flags of real comment threads, as rows like the labelled lines'."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    return [{"score": r["score"], "lexicon": r["lexicon"], "toxic": r["verdict"] == "right"}
            for r in rows if r["label"] == "toxic"]


def model_only(rows: list[dict], threshold: float, lexicon: float) -> tuple[int, int]:
    """(flags, right) among those the model alone carries at ``threshold``."""
    flagged = [r for r in rows if r["score"] >= threshold and r["lexicon"] < lexicon]
    return len(flagged), sum(r["toxic"] for r in flagged)


def shown_threshold(rows: list[dict], threads: list[dict], lexicon: float) -> float:
    """The lowest threshold precise on the labelled lines that also gets the model-only flags
    of both sets right ``TARGET_PRECISION`` of the time (at least MIN_FLAGS of them), from
    where the thread labels cover the scores; NEVER where none does."""
    first = lowest_precise_threshold(rows, lexicon)
    if first is None:
        return NEVER
    for threshold in (t for t in GRID if t >= max(first, THREADS_SHOWN_FROM)):
        line_flags, line_right = model_only(rows, threshold, lexicon)
        thread_flags, thread_right = model_only(threads, threshold, lexicon)
        flags, right = line_flags + thread_flags, line_right + thread_right
        if flags >= MIN_FLAGS and right >= TARGET_PRECISION * flags:
            return threshold
    return NEVER


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("fit", "measure"))
    parser.add_argument("--split", default="validation", choices=("validation", "heldout"))
    parser.add_argument("--threshold", type=float, help="shown threshold to measure (default: the setting)")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not (args.shared / "data" / "extraction-dragnet").is_dir():
        print(f"no Dragnet data under {args.shared}/data", file=sys.stderr)
        return 2
    from claimscope.classify.toxicity import model_label
    from claimscope.settings import load_settings

    settings = load_settings()
    split = "validation" if args.command == "fit" else args.split
    rows = score(labelled_texts(args.shared, split, args.labels))
    report: dict = {"model": model_label(), "split": split, "rows": len(rows),
                    "toxic": sum(r["toxic"] for r in rows),
                    "stored": precision_recall(rows, settings.toxic_threshold)}
    lexicon = settings.toxic_threshold  # an insult the lexicon finds is shown from the stored threshold
    report["lexicon"] = precision_recall(rows, 2.0, lexicon)
    if args.command == "fit":
        threads = thread_rows()
        report["lines_alone"] = lowest_precise_threshold(rows, lexicon)
        report["toxic_shown_threshold"] = shown_threshold(rows, threads, lexicon)
        report["model_only"] = {t: {"lines": model_only(rows, t, lexicon), "threads": model_only(threads, t, lexicon)}
                                for t in GRID if t >= THREADS_SHOWN_FROM}
        report["curve"] = [precision_recall(rows, t, lexicon) for t in GRID[::5]]
    else:
        shown = args.threshold if args.threshold is not None else settings.toxic_shown_threshold
        report["shown"] = precision_recall(rows, shown, lexicon)
    print(json.dumps(report, indent=None if args.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
