"""Calibrate the same-claim link thresholds on labelled sentence pairs of real pages.

    python3 scripts/link_corpus.py render validation OUT     # pages of the validation sites
    claimscope run OUT/*.txt --db dev.db --stages segment
    claimscope link --db dev.db --config loose.toml          # a loose page rule: candidates
    python3 scripts/calibrate_link_thresholds.py sample dev.db pairs.jsonl
    python3 scripts/calibrate_link_thresholds.py show dev.db pairs.jsonl   # to label them
    claimscope eval link-matcher TRAIN_QUERIES CLAIMS TRAIN_QRELS --pairs clef-train.jsonl
    python3 scripts/calibrate_link_thresholds.py fit docs/models/link-threshold-pairs.jsonl clef-train.jsonl
    python3 scripts/calibrate_link_thresholds.py heldout docs/models/link-threshold-pairs.jsonl

``sample`` takes the same-claim links of a store linked under a loose rule, recomputes
each pair's features from the store's link tables (cosine of the stored vectors; IDF
overlap and shared content words with the store's final document counts, which may differ
a little from those the linker saw when it linked the pair) and draws up to ``--per-band``
pairs from each score band, seeded. Each pair names its two pages by file name (the pages
of ``scripts/link_corpus.py``) and character offsets, never their text, and carries its
``part``: ``calibration`` or ``heldout`` by a stable hash of the two pages' sites, fixed
before any pair is read. A person labels ``label``: ``same`` (both sides state the same
claim), ``different``, or ``chrome`` (site furniture, not a claim: counted as wrong).

``fit`` chooses the rule (``same_claim_threshold``, ``same_claim_min_overlap``,
``same_claim_min_shared``) from two labelled sets: the calibration part of the page pairs
(what must be rejected: on pages of unrelated sites nearly every candidate is a pleasantry
or a template sentence, see docs/models/link-thresholds.md) and the CheckThat! 2020 task-2
*train* pairs as the linker scores them (``claimscope eval link-matcher ... --pairs FILE``:
real same-claim pairs in other words, what must be kept). Among the rules that keep at most
``--max-false`` of the wrong page pairs, it takes the one with the best pair F1 on
CheckThat! train. ``heldout`` applies a rule (by default the settings' defaults) to the
held-out part of the page pairs once and prints what it keeps and how much of it is right.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import sys
from pathlib import Path

import numpy as np

from claimscope.link.match import ALPHA, PageRule, hybrid
from claimscope.settings import load_settings

BANDS = (0.40, 0.50, 0.58, 0.65, 0.75, 1.01)
THRESHOLDS = [round(x, 2) for x in np.arange(0.40, 0.91, 0.01)]
OVERLAPS = [round(x, 2) for x in np.arange(0.0, 0.81, 0.05)]
SHARED = list(range(1, 9))


def _part(site_a: str, site_b: str) -> str:
    key = "|".join(sorted((site_a, site_b)))
    return "heldout" if hashlib.blake2b(key.encode(), digest_size=8).digest()[0] % 2 else "calibration"


def _features(db: sqlite3.Connection, a: tuple, b: tuple) -> dict | None:
    """cosine, overlap, shared and score of two stored units, from the link tables."""
    rows = []
    for page_id, start, end in (a, b):
        row = db.execute('SELECT v.id, v.vec, t.terms FROM link_vectors v JOIN link_claim_terms t '
                         'ON t.id = v.id WHERE v.page_id = ? AND v.start = ? AND v."end" = ?',
                         (page_id, start, end)).fetchone()
        if row is None:
            return None
        rows.append((np.frombuffer(row[1], dtype=np.float16).astype(np.float32), set(row[2].split())))
    (va, ta), (vb, tb) = rows
    n_docs = db.execute("SELECT count(*) FROM link_vectors").fetchone()[0] + 1
    terms = sorted(ta | tb)
    marks = ",".join("?" * len(terms))
    df = dict(db.execute(f"SELECT term, df FROM link_df_claims WHERE term IN ({marks})", terms)) if terms else {}

    def idf(t: str) -> float:
        return float(np.log((n_docs + 1) / (df.get(t, 0) + 1)) + 1.0)

    shared = ta & tb
    total = min(sum(idf(t) for t in ta), sum(idf(t) for t in tb))
    overlap = sum(idf(t) for t in shared) / total if total else 0.0
    cosine = float(va @ vb)
    return {"cosine": round(cosine, 4), "overlap": round(overlap, 4), "shared": len(shared),
            "score": round(float(hybrid(cosine, overlap, ALPHA)), 4)}


def sample(db_path: str, out: str, per_band: int, seed: int, labels_dir: str | None,
           min_shared: int = 0, exclude: str | None = None, first_id: int = 0) -> int:
    """Up to ``per_band`` pairs per score band with at least ``min_shared`` shared words,
    none of those already in ``exclude``; ids from ``first_id``."""
    db = sqlite3.connect(db_path)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from link_corpus import page_file, read_labels

    source = {pid: page_file(src, url) for pid, src, url in db.execute("SELECT id, source, url FROM pages")}
    sites = {}
    if labels_dir:
        sites = {f: rec["site"] for f, rec in read_labels(Path(labels_dir)).items()}
    links = db.execute("SELECT a_page_id, a_start, a_end, b_page_id, b_start, b_end, similarity "
                       "FROM links WHERE kind = 'same_claim' ORDER BY a_page_id, a_start, b_page_id, b_start")
    pairs = []
    for a0, a1, a2, b0, b1, b2, _sim in links:
        if a0 == b0:
            continue
        f = _features(db, (a0, a1, a2), (b0, b1, b2))
        if f is None:
            continue
        fa, fb = source[a0], source[b0]
        pairs.append({"a": [fa, a1, a2], "b": [fb, b1, b2], **f,
                      "part": _part(sites.get(fa, fa), sites.get(fb, fb)), "label": None})
    seen = {(tuple(p["a"]), tuple(p["b"])) for p in read_pairs(exclude)} if exclude else set()
    pairs = [p for p in pairs if p["shared"] >= min_shared and (tuple(p["a"]), tuple(p["b"])) not in seen]
    rng = random.Random(seed)
    chosen = []
    for lo, hi in zip(BANDS, BANDS[1:]):
        band = [p for p in pairs if lo <= p["score"] < hi]
        chosen += rng.sample(band, min(per_band, len(band)))
    rng.shuffle(chosen)
    with open(out, "w", encoding="utf-8") as fh:
        for n, pair in enumerate(chosen):
            fh.write(json.dumps({"id": first_id + n, **pair}) + "\n")
    print(f"{len(pairs)} candidate pairs, {len(chosen)} sampled -> {out}")
    return len(chosen)


def read_pairs(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def show(db_path: str, path: str) -> None:
    """Each pair's two texts, for labelling (the part is not shown)."""
    db = sqlite3.connect(db_path)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from link_corpus import page_file

    texts = {page_file(src, url): text for src, url, text in db.execute("SELECT source, url, text FROM pages")}
    for p in read_pairs(path):
        if p.get("label"):
            continue
        a, b = (texts[f][s:e].replace("\n", " ") for f, s, e in (p["a"], p["b"]))
        print(f"#{p['id']} score {p['score']}\n  A: {a[:400]}\n  B: {b[:400]}")


def _counts(pairs: list[dict], rule: PageRule) -> tuple[int, int]:
    """(correct, kept) of the labelled page pairs the rule keeps."""
    kept = [p for p in pairs if rule(p["score"], p["overlap"], p["shared"])]
    return sum(p["label"] == "same" for p in kept), len(kept)


def _clef_prf(clef: list[dict], rule: PageRule, positives: int) -> tuple[float, float, float]:
    kept = [c for c in clef if rule(c["score"], c["overlap"], c["shared"])]
    right = sum(c["relevant"] for c in kept)
    p = right / len(kept) if kept else 0.0
    r = right / positives if positives else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def fit(path: str, clef_path: str, clef_positives: int, max_false: float,
        min_recall: float) -> PageRule:
    """The rule with the best pair F1 on CheckThat! train (the positives: real same-claim
    pairs in other words) among those that keep at most ``max_false`` of the calibration
    part's labelled page pairs that are not the same claim and at least ``min_recall`` of
    those that are."""
    pairs = [p for p in read_pairs(path) if p["part"] == "calibration" and p.get("label")]
    clef = read_pairs(clef_path)
    # chrome pairs (template sentences, most of them word for word) are not the score's to
    # reject: the chrome mask (link_chrome_min_pages) cuts them out before any step
    wrong = [p for p in pairs if p["label"] == "different"]
    same = [p for p in pairs if p["label"] == "same"]
    best: tuple | None = None
    for t in THRESHOLDS:
        for o in OVERLAPS:
            for s in SHARED:
                rule = PageRule(t, o, s)
                right, kept = _counts(pairs, rule)
                if _counts(wrong, rule)[1] > max_false * len(wrong):
                    continue
                if _counts(same, rule)[1] < min_recall * len(same):
                    continue
                prf = _clef_prf(clef, rule, clef_positives)
                key = (round(prf[2], 4), -t, -o, -s)  # ties: the looser rule
                if best is None or key > best[0]:
                    best = (key, rule, prf, right, kept)
    if best is None:
        raise SystemExit("no rule keeps few enough wrong page pairs")
    _, rule, (p, r, f1), right, kept = best
    print(f"calibration part: {len(pairs)} labelled page pairs ({len(same)} same claim, "
          f"{sum(x['label'] == 'chrome' for x in pairs)} chrome); CheckThat! train: {len(clef)} "
          f"candidate pairs, {clef_positives} relevant")
    print(f"rule: same_claim_threshold = {rule.threshold}, same_claim_min_overlap = {rule.min_overlap}, "
          f"same_claim_min_shared = {rule.min_shared}")
    print(f"  page pairs kept: {kept} ({right} the same claim, {_counts(wrong, rule)[1]} of the "
          f"{len(wrong)} different); CheckThat! train pairs: "
          f"precision {p:.3f}, recall {r:.3f}, F1 {f1:.3f}")
    return rule


def heldout(path: str, rule: PageRule) -> dict:
    pairs = [p for p in read_pairs(path) if p["part"] == "heldout" and p.get("label")]
    right, kept = _counts(pairs, rule)
    out = {"pairs": len(pairs), "same": sum(p["label"] == "same" for p in pairs),
           "chrome": sum(p["label"] == "chrome" for p in pairs), "kept": kept, "correct": right,
           "kept_chrome": sum(p["label"] == "chrome" for p in pairs
                              if rule(p["score"], p["overlap"], p["shared"])),
           "precision": round(right / kept, 3) if kept else None}
    print(json.dumps(out))
    return out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("sample")
    p.add_argument("db")
    p.add_argument("out")
    p.add_argument("--per-band", type=int, default=30)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--labels", help="the rendered pages' folder (labels.jsonl gives each page's site)")
    p.add_argument("--min-shared", type=int, default=0, help="only pairs sharing this many content words")
    p.add_argument("--exclude", help="a pairs file whose pairs are not drawn again")
    p.add_argument("--first-id", type=int, default=0)
    p = sub.add_parser("show")
    p.add_argument("db")
    p.add_argument("pairs")
    p = sub.add_parser("fit")
    p.add_argument("pairs")
    p.add_argument("clef_pairs", help="claimscope eval link-matcher ... --pairs FILE on CheckThat! train")
    p.add_argument("--clef-positives", type=int, default=1000,
                   help="relevant pairs in the CheckThat! qrels (train: 1,000)")
    p.add_argument("--max-false", type=float, default=0.02,
                   help="largest share of the wrong labelled page pairs a rule may keep")
    p.add_argument("--min-recall", type=float, default=0.5,
                   help="least share of the same-claim labelled page pairs a rule must keep")
    p = sub.add_parser("heldout")
    p.add_argument("pairs")
    p.add_argument("--config", help="settings file (TOML) whose same_claim_* rule to apply")
    args = parser.parse_args(argv)
    if args.command == "sample":
        sample(args.db, args.out, args.per_band, args.seed, args.labels, args.min_shared, args.exclude,
               args.first_id)
    elif args.command == "show":
        show(args.db, args.pairs)
    elif args.command == "fit":
        fit(args.pairs, args.clef_pairs, args.clef_positives, args.max_false, args.min_recall)
    else:
        heldout(args.pairs, PageRule.of(load_settings(args.config)))


if __name__ == "__main__":
    main(sys.argv[1:])
