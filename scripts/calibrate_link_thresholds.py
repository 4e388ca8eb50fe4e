"""Calibrate the same-claim link thresholds on labelled sentence pairs of real pages.

    python3 scripts/link_corpus.py render validation OUT     # pages of the validation sites
    claimscope run OUT/*.txt --db dev.db --stages segment
    claimscope link --db dev.db --config loose.toml          # a loose page rule: candidates
    python3 scripts/calibrate_link_thresholds.py sample dev.db pairs.jsonl
    python3 scripts/calibrate_link_thresholds.py show dev.db pairs.jsonl   # to label them
    claimscope eval link-matcher TRAIN_QUERIES CLAIMS TRAIN_QRELS --pairs clef-train.jsonl
    python3 scripts/calibrate_link_thresholds.py fit docs/models/link-threshold-pairs.jsonl clef-train.jsonl
    python3 scripts/calibrate_link_thresholds.py heldout docs/models/link-threshold-pairs.jsonl
    python3 scripts/calibrate_link_thresholds.py links heldout.db docs/models/link-heldout-links-2.jsonl

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
real same-claim pairs in other words, what must be kept). ``--objective precision`` (the
default): among the rules whose precision on the page pairs they keep is at least
``--min-precision`` (and on CheckThat! train at least ``--min-clef-precision``), the best
CheckThat! train recall. ``--objective f1`` (the first calibration): among the rules that
keep at most ``--max-false`` of the wrong page pairs, the best pair F1 on CheckThat! train.
``heldout`` applies a rule (by default the settings' defaults) to the
held-out part of the page pairs once and prints what it keeps and how much of it is right;
``links`` applies one to judged links a linked store holds (which of them it still makes).
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


def _rules(pairs: list[dict], clef: list[dict], clef_positives: int, min_recall: float):
    """Every rule of the grid that keeps at least ``min_recall`` of the labelled same-claim
    page pairs, with what it keeps of the page pairs and its CheckThat! train P / R / F1."""
    wrong = [p for p in pairs if p["label"] == "different"]
    same = [p for p in pairs if p["label"] == "same"]
    for t in THRESHOLDS:
        for o in OVERLAPS:
            for s in SHARED:
                rule = PageRule(t, o, s)
                kept_same = _counts(same, rule)[1]
                if kept_same < min_recall * len(same):
                    continue
                kept_wrong = _counts(wrong, rule)[1]
                yield rule, {"same": kept_same, "wrong": kept_wrong,
                             "precision": kept_same / (kept_same + kept_wrong),
                             "clef": _clef_prf(clef, rule, clef_positives)}


def choose(pairs: list[dict], clef: list[dict], clef_positives: int, objective: str = "precision",
           max_false: float = 0.02, min_recall: float = 0.5, min_precision: float = 0.9,
           min_clef_precision: float = 0.0) -> tuple[PageRule, dict]:
    """The page rule under one of two objectives; ``pairs``: the calibration part's labelled
    page pairs, ``clef``: the CheckThat! train pairs as the linker scores them.

    ``precision`` (the default since the held-out links showed half the links wrong): among
    the rules whose precision on the page pairs they keep (``same`` against ``different``)
    reaches ``min_precision`` and on CheckThat! train reaches ``min_clef_precision``, the best
    CheckThat! train recall (ties: better CheckThat! precision, then the stricter rule). Why
    precision first: an analyst cites a link, so a wrong one costs more than a missed one,
    and the wrong links on held-out pages are two statements about one topic, what the
    CheckThat! candidates that are not the tweet's claim are too.

    ``f1`` (the first calibration): among the rules that keep at most ``max_false`` of the
    ``different`` page pairs, the best CheckThat! train F1 (ties: the looser rule).

    Both keep at least ``min_recall`` of the ``same`` page pairs. Chrome pairs (template
    sentences, most of them word for word) are not the score's to reject: the chrome mask
    and the furniture patterns cut them out before any step."""
    rules = list(_rules(pairs, clef, clef_positives, min_recall))
    n_wrong = sum(p["label"] == "different" for p in pairs)

    def by_f1(rm: tuple[PageRule, dict]) -> tuple[float, ...]:
        rule, m = rm  # ties: the looser rule
        return round(m["clef"][2], 4), -rule.threshold, -rule.min_overlap, -rule.min_shared

    def by_recall(rm: tuple[PageRule, dict]) -> tuple[float, ...]:
        # ties: better CheckThat! precision, then the stricter rule: what the labelled data
        # cannot tell apart, precision first does not loosen
        rule, m = rm
        return round(m["clef"][1], 4), round(m["clef"][0], 4), rule.threshold, rule.min_overlap, rule.min_shared

    if objective == "f1":
        fitting = [(r, m) for r, m in rules if m["wrong"] <= max_false * n_wrong]
        key = by_f1
    elif objective == "precision":
        fitting = [(r, m) for r, m in rules
                   if m["precision"] >= min_precision and m["clef"][0] >= min_clef_precision]
        key = by_recall
    else:
        raise ValueError(f"unknown objective {objective!r}")
    if not fitting:
        raise SystemExit(f"no rule meets the {objective} objective's bounds")
    return max(fitting, key=key)


def fit(path: str, clef_path: str, clef_positives: int, objective: str = "precision",
        max_false: float = 0.02, min_recall: float = 0.5, min_precision: float = 0.9,
        min_clef_precision: float = 0.0) -> PageRule:
    """``choose`` on the calibration part of the labelled page pairs (the held-out part is
    never read here) and the CheckThat! train pairs; prints the rule and its figures."""
    pairs = [p for p in read_pairs(path) if p["part"] == "calibration" and p.get("label")]
    clef = read_pairs(clef_path)
    rule, m = choose(pairs, clef, clef_positives, objective, max_false, min_recall, min_precision,
                     min_clef_precision)
    p, r, f1 = m["clef"]
    n_same = sum(x["label"] == "same" for x in pairs)
    n_wrong = sum(x["label"] == "different" for x in pairs)
    print(f"calibration part: {len(pairs)} labelled page pairs ({n_same} same claim, "
          f"{sum(x['label'] == 'chrome' for x in pairs)} chrome); CheckThat! train: {len(clef)} "
          f"candidate pairs, {clef_positives} relevant; objective: {objective}")
    print(f"rule: same_claim_threshold = {rule.threshold}, same_claim_min_overlap = {rule.min_overlap}, "
          f"same_claim_min_shared = {rule.min_shared}")
    print(f"  page pairs kept: {m['same'] + m['wrong']} ({m['same']} of the {n_same} same claim, "
          f"{m['wrong']} of the {n_wrong} different: precision {m['precision']:.3f}); CheckThat! train "
          f"pairs: precision {p:.3f}, recall {r:.3f}, F1 {f1:.3f}")
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


def links(db_path: str, path: str, rule: PageRule) -> dict:
    """Which judged same-claim links of a linked store a rule still makes, and how many of
    those are right. ``path``: links judged ``same`` or ``different`` (pages by file name and
    offsets, as docs/models/link-heldout-links-2.jsonl), made by ``claimscope link`` on the
    store at ``db_path``; each link's features are recomputed from the store's link tables
    (final document counts). A link the rule would not make drops out; a survivor keeps its
    judgement. Links the rule would newly make are not known here: a stricter rule makes
    none (a unit's candidates and their order do not depend on the rule) unless a unit had
    ``MAX_LINKS_PER_UNIT`` links and lost some; a looser rule needs a new run."""
    db = sqlite3.connect(db_path)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from link_corpus import page_file

    page_id = {page_file(src, url): pid for pid, src, url in db.execute("SELECT id, source, url FROM pages")}
    judged = read_pairs(path)
    kept, missing = [], 0
    for link in judged:
        f = _features(db, (page_id[link["a"][0]], *link["a"][1:]), (page_id[link["b"][0]], *link["b"][1:]))
        if f is None:
            missing += 1
        elif rule(f["score"], f["overlap"], f["shared"]):
            kept.append(link)
    right = sum(x["label"] == "same" for x in kept)
    out = {"links": len(judged), "right": sum(x["label"] == "same" for x in judged), "not_found": missing,
           "kept": len(kept), "kept_right": right,
           "precision": round(right / len(kept), 3) if kept else None}
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
    p.add_argument("--objective", choices=("precision", "f1"), default="precision",
                   help="precision: best CheckThat! recall among rules precise enough; f1: the first "
                        "calibration's best CheckThat! F1 among rules keeping few wrong page pairs")
    p.add_argument("--min-precision", type=float, default=0.9,
                   help="precision objective: least precision on the labelled page pairs a rule keeps")
    p.add_argument("--min-clef-precision", type=float, default=0.0,
                   help="precision objective: least precision on the CheckThat! train pairs")
    p.add_argument("--max-false", type=float, default=0.02,
                   help="f1 objective: largest share of the wrong labelled page pairs a rule may keep")
    p.add_argument("--min-recall", type=float, default=0.5,
                   help="least share of the same-claim labelled page pairs a rule must keep")
    p = sub.add_parser("heldout")
    p.add_argument("pairs")
    p.add_argument("--config", help="settings file (TOML) whose same_claim_* rule to apply")
    p = sub.add_parser("links")
    p.add_argument("db", help="the store the judged links were made in")
    p.add_argument("links", help="judged links (docs/models/link-heldout-links-2.jsonl)")
    p.add_argument("--config", help="settings file (TOML) whose same_claim_* rule to apply")
    args = parser.parse_args(argv)
    if args.command == "sample":
        sample(args.db, args.out, args.per_band, args.seed, args.labels, args.min_shared, args.exclude,
               args.first_id)
    elif args.command == "show":
        show(args.db, args.pairs)
    elif args.command == "fit":
        fit(args.pairs, args.clef_pairs, args.clef_positives, args.objective, args.max_false, args.min_recall,
            args.min_precision, args.min_clef_precision)
    elif args.command == "links":
        links(args.db, args.links, PageRule.of(load_settings(args.config)))
    else:
        heldout(args.pairs, PageRule.of(load_settings(args.config)))


if __name__ == "__main__":
    main(sys.argv[1:])
