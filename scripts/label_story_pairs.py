"""Calibrate the same-story rule (``story_threshold``, ``story_min_shared_terms``,
``story_window_days``) on labelled article pairs of real news.

    python3 scripts/label_story_pairs.py jsonl OUT.jsonl          # PolNeAR as claimscope JSONL pages
    claimscope run OUT.jsonl --db polnear.db --stages segment,extract
    python3 scripts/label_story_pairs.py sample polnear.db pairs.jsonl
    python3 scripts/label_story_pairs.py show polnear.db pairs.jsonl    # to label them
    python3 scripts/label_story_pairs.py fit docs/models/story-pairs.jsonl
    python3 scripts/label_story_pairs.py heldout docs/models/story-pairs.jsonl   # once
    # a fresh held-out set: later pairs of each bin, of the held-out part only
    python3 scripts/label_story_pairs.py sample polnear.db fresh.jsonl --skip 22 --per-bin 44 \
        --part heldout --rename fresh --first-id 1000
    python3 scripts/label_story_pairs.py heldout docs/models/story-pairs.jsonl --part fresh   # once
    claimscope run OUT.jsonl --db e2e.db --stages segment,extract,link   # the linker end to end
    python3 scripts/label_story_pairs.py links e2e.db --sample 20         # to label what it made

``sample`` scores every pair of articles of two different outlets published within
``SAMPLE_WINDOW`` (10) days of each other with the story step's own code: the linker's chrome mask
(``link_chrome_min_pages``), ``stories.articles``, ``stories.content_text`` and
``stories.article_vector`` (content words plus extracted names ×2, log-tf × IDF), so the score is
the cosine ``StoryRule`` thresholds when an article meets a story of one article (a longer
story's centroid is the sum of its members, truncated to 60 terms). Two things differ from a
run of the linker: document frequencies are the whole corpus's (the linker's grow as it reads),
and a short line is chrome when it is on two pages in any order. Pairs are drawn by score bin
(``BINS``; in each bin the first ``--per-bin`` by a stable hash of the pair, never by reading),
and each pair's ``part`` (``calibration`` or ``heldout``, 70/30 by a stable hash of the pair) is
fixed before any pair is read. A pair names its two articles by file name and character offsets, never their text,
and carries ``weight``: pairs of its bin in the corpus / pairs drawn from the bin, so that
precision and recall can be estimated for all pairs of the corpus, not only for the sample.

A person then labels ``label``: ``same`` (the same event or development reported: one debate,
one speech, one poll release, one court ruling; docs/models/link-thresholds.md) or
``different`` (another event, even on the same topic), with a one-line ``reason`` in the
labeller's own words.

``fit`` chooses the rule on the calibration part: among thresholds (0.05-0.80, step 0.01),
shared-term minimums (0-12) and windows (0-10 days) whose precision is at least
``--min-precision`` both on the labelled pairs kept and bin-weighted, the
one with the best weighted recall (ties: the higher precision, then the looser rule); when no
rule reaches it, the one with the best weighted precision among those keeping at least
``--min-kept`` labelled pairs. It prints the precision/recall curve over the threshold. ``heldout`` applies a rule (by default the
settings' defaults) to the held-out part and prints precision and recall.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from claimscope import link
from claimscope.link import stories
from claimscope.link.stories import StoryRule
from claimscope.link.text import norm_hash, words
from claimscope.settings import load_settings
from claimscope.store import Store

BINS = (0.0, 0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.50, 1.01)
THRESHOLDS = [round(x, 2) for x in np.arange(0.05, 0.81, 0.01)]
SHARED = list(range(0, 13))
# pairs are drawn up to the window of the rule before calibration (10 days), so a shorter
# window can be chosen from them and no longer one
SAMPLE_WINDOW = 10
WINDOWS = list(range(0, SAMPLE_WINDOW + 1))
HELDOUT_SHARE = 0.3
MIN_KEPT = 10  # a precision measured on fewer kept pairs says too little
POLNEAR_HOST = "polnear.invalid"


def _hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")


def pair_key(a: list, b: list) -> str:
    """Two articles ([file, start, end]) in either order."""
    return "|".join(sorted(f"{f}:{s}-{e}" for f, s, e in (a, b)))


def part_of(a: list, b: list) -> str:
    """``heldout`` for about 30 % of pairs, by a hash of the two articles (fixed before reading)."""
    return "heldout" if _hash("part:" + pair_key(a, b)) % 1000 < HELDOUT_SHARE * 1000 else "calibration"


def to_jsonl(folder: str, out: str) -> int:
    """PolNeAR's documents as claimscope JSONL pages: text, outlet (the publisher), published
    (its date), and a URL whose host is the publisher (the chrome mask's site) and whose path
    is the file name (how pairs name documents)."""
    n = 0
    with open(out, "w", encoding="utf-8") as fh:
        for split in ("train", "dev"):
            path = Path(folder) / f"{split}_documents.jsonl"
            for line in path.read_text(encoding="utf-8").splitlines():
                doc = json.loads(line)
                meta = doc["metadata"]
                fh.write(json.dumps({"text": doc["text"], "outlet": meta["publisher"],
                                     "published": meta["publication_date"],
                                     "url": f"https://{meta['publisher']}.{POLNEAR_HOST}/{doc['filename']}"})
                         + "\n")
                n += 1
    print(f"{n} pages -> {out}")
    return n


class _Lines:
    """``content_text``'s view of the store: the short lines found on another page."""

    def __init__(self, elsewhere: dict[str, set[str]]) -> None:
        self.elsewhere = elsewhere

    def lines_elsewhere(self, page_id: str, hashes: set[str]) -> set[str]:
        return {h for h in hashes if self.elsewhere.get(h, set()) - {page_id}}


class _FinalCounts:
    """``article_vector``'s view of the store: the corpus's final document frequencies, read
    without adding a document; names from the store."""

    def __init__(self, db, n_docs: int, df: Counter) -> None:
        self.db, self.n_docs, self.df = db, n_docs, df

    def names_in(self, page_id: str, start: int, end: int) -> list[str]:
        return self.db.names_in(page_id, start, end)

    def count_story_terms(self, terms) -> tuple[int, dict[str, int]]:
        return self.n_docs, {t: self.df[t] for t in terms}


def _short_hashes(seg_text: str) -> set[str]:
    return {norm_hash(line.strip()) for line in seg_text.split("\n")
            if line.strip() and len(words(line)) < stories.CHROME_WORDS}


def article_vectors(store: Store, settings=None) -> list[dict]:
    """Every article the story step places, with its vector: {file, outlet, day, page_id,
    start, end, vec}."""
    settings = settings or load_settings()
    ids = store.page_ids()
    link._count_lines(store, ids)  # the chrome mask's evidence, as `claimscope link` counts it
    db = store.link_state()
    found = []
    for pid in ids:
        page = store.page(pid)
        segs = link._content(store, pid, link.page_segments(store, pid), settings.link_chrome_min_pages)
        for seg in stories.articles(segs, page.text):
            if len(words(seg.text)) >= stories.MIN_WORDS:
                found.append((page, seg))
    elsewhere: dict[str, set[str]] = {}
    for page, seg in found:
        for h in _short_hashes(seg.text):
            elsewhere.setdefault(h, set()).add(page.id)
    lines = _Lines(elsewhere)
    placed = []
    for page, seg in found:
        text = stories.content_text(lines, seg)  # type: ignore[arg-type, unused-ignore]  # duck: its one read
        if len(words(text)) >= stories.MIN_WORDS:
            placed.append((page, seg, text))
    df: Counter = Counter()
    for _page, seg, text in placed:
        terms = stories._terms(text)
        terms.update(stories._names(db, seg))
        df.update(set(terms))
    counts = _FinalCounts(db, len(placed), df)
    out = []
    for page, seg, text in placed:
        out.append({"file": (page.url or page.id).rsplit("/", 1)[-1], "outlet": page.outlet,
                    "day": stories._day(page.published), "page_id": page.id, "start": seg.start,
                    "end": seg.end, "vec": stories.article_vector(counts, seg, text)})  # type: ignore[arg-type, unused-ignore]  # duck
    return out


def shared_terms(vec: dict[str, float], centroid: dict[str, float]) -> int:
    """Content terms (not names) of ``vec`` in ``centroid``: what ``StoryRule.joins`` counts."""
    return sum(1 for t in vec if t in centroid and not t.startswith("n:"))


def candidate_pairs(arts: list[dict]) -> list[dict]:
    """Pairs of articles of two outlets within ``SAMPLE_WINDOW`` days, scored as the rule scores."""
    pairs = []
    for i, a in enumerate(arts):
        for b in arts[i + 1:]:
            if a["outlet"] == b["outlet"] or a["day"] is None or b["day"] is None:
                continue
            days = abs((a["day"] - b["day"]).days)
            if days > SAMPLE_WINDOW:
                continue
            first, second = sorted((a, b), key=lambda x: (x["day"], x["file"], x["start"]))
            pairs.append({"a": [first["file"], first["start"], first["end"]],
                          "b": [second["file"], second["start"], second["end"]], "days": days,
                          "score": round(stories._cosine(second["vec"], first["vec"]), 4),
                          "shared": shared_terms(second["vec"], first["vec"])})
    return pairs


def draw(pairs: list[dict], per_bin: int, skip: int = 0) -> list[dict]:
    """``per_bin`` pairs of each score bin in the order of a stable hash, after the first
    ``skip`` (a later draw takes pairs no earlier draw took), with their part and weight
    (pairs of the bin / pairs drawn from it)."""
    chosen = []
    for lo, hi in zip(BINS, BINS[1:]):
        band = sorted((p for p in pairs if lo <= p["score"] < hi),
                      key=lambda p: _hash("draw:" + pair_key(p["a"], p["b"])))
        drawn = band[skip:skip + per_bin]
        for p in drawn:
            chosen.append({**p, "bin": lo, "weight": round(len(band) / len(drawn), 3),
                           "part": part_of(p["a"], p["b"]), "label": None, "reason": None})
    return chosen


def sample(db_path: str, out: str, per_bin: int, skip: int = 0, part: str | None = None,
           rename: str | None = None, first_id: int = 0) -> int:
    """Draw pairs (of ``part`` only, relabelled ``rename``, when given) into ``out``."""
    store = Store(db_path)
    arts = article_vectors(store)
    pairs = candidate_pairs(arts)
    chosen = [{**p, "part": rename or p["part"]} for p in draw(pairs, per_bin, skip)
              if part is None or p["part"] == part]
    chosen.sort(key=lambda p: _hash("order:" + pair_key(p["a"], p["b"])))  # bins mixed for labelling
    with open(out, "w", encoding="utf-8") as fh:
        for n, p in enumerate(chosen):
            fh.write(json.dumps({"id": first_id + n, **p}) + "\n")
    print(f"{len(arts)} articles, {len(pairs)} candidate pairs, {len(chosen)} drawn -> {out}")
    for lo, hi in zip(BINS, BINS[1:]):
        n = sum(lo <= p["score"] < hi for p in pairs)
        print(f"  [{lo:.2f}, {hi:.2f}): {n} pairs, {sum(c['bin'] == lo for c in chosen)} kept")
    return len(chosen)


def read_pairs(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def show(db_path: str, path: str, lead: int) -> None:
    """Each unlabelled pair's titles and leads (neither score nor part is shown)."""
    store = Store(db_path, readonly=True)
    texts = {}
    for pid in store.page_ids():
        page = store.page(pid)
        texts[(page.url or pid).rsplit("/", 1)[-1]] = (page.outlet, page.published, page.text)
    for p in read_pairs(path):
        if p.get("label"):
            continue
        print(f"#{p['id']}")
        for side in ("a", "b"):
            file, start, end = p[side]
            outlet, published, text = texts[file]
            title = " ".join(text[:text.find("\n") if "\n" in text else 120].split())[:160]
            body = " ".join(text[start:end].split())[:lead]
            print(f"  {side.upper()} {outlet} {published} | {title} | {body}")


def links(db_path: str, n: int, seed: int, lead: int, between_outlets: bool = False) -> None:
    """The store's same-story links and clusters counted, and ``n`` links drawn (seeded) with
    both sides' titles and leads, to label what a run of the linker made."""
    import random
    import sqlite3

    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    rows = db.execute("SELECT a_page_id, a_start, a_end, b_page_id, b_start, b_end, similarity FROM links "
                      "WHERE kind = 'same_story' ORDER BY a_page_id, a_start, b_page_id, b_start").fetchall()
    sizes = [n for (n,) in db.execute("SELECT size FROM clusters WHERE kind = 'same_story' AND size > 1")]
    pages = {pid: (url, outlet, published, text) for pid, url, outlet, published, text in
             db.execute("SELECT id, url, outlet, published, text FROM pages")}
    cross = [r for r in rows if pages[r[0]][1] != pages[r[3]][1]]
    same_page = sum(r[0] == r[3] for r in rows)
    print(f"{len(rows)} same-story links ({len(cross)} between two outlets, {same_page} between two "
          f"pieces of one page); {len(sizes)} stories of 2+ articles, largest {max(sizes, default=0)}")
    if between_outlets:
        rows = cross
    for k, (a, a0, a1, b, b0, b1, sim) in enumerate(random.Random(seed).sample(rows, min(n, len(rows)))):
        print(f"#{k} similarity {sim}")
        for side, pid, start, end in (("A", a, a0, a1), ("B", b, b0, b1)):
            url, outlet, published, text = pages[pid]
            title = " ".join(text[:text.find("\n") if "\n" in text else 120].split())[:160]
            print(f"  {side} {outlet} {published} | {title} | {' '.join(text[start:end].split())[:lead]}")


def _measure(pairs: list[dict], rule: StoryRule) -> dict:
    """Sample and bin-weighted precision / recall of ``rule`` on labelled pairs."""
    kept = [p for p in pairs if p["score"] >= rule.threshold and p["shared"] >= rule.min_shared
            and p["days"] <= rule.window_days]
    same = [p for p in pairs if p["label"] == "same"]
    right = [p for p in kept if p["label"] == "same"]

    def w(ps: list[dict]) -> float:
        return sum(p["weight"] for p in ps)

    return {"kept": len(kept), "right": len(right), "same": len(same),
            "precision": len(right) / len(kept) if kept else None,
            "recall": len(right) / len(same) if same else None,
            "w_precision": w(right) / w(kept) if kept else None,
            "w_recall": w(right) / w(same) if same else None}


def labelled(path: str, part: str) -> list[dict]:
    return [p for p in read_pairs(path) if p["part"] == part and p.get("label") in ("same", "different")]


def choose(pairs: list[dict], min_precision: float, min_kept: int = MIN_KEPT) -> tuple[StoryRule, dict]:
    """The rule with the best weighted recall among those whose precision reaches
    ``min_precision`` both on the labelled pairs it keeps and weighted for the corpus (ties:
    higher weighted precision, then the looser rule). Why both: the weighted figure leans on
    a few pairs of crowded low-score bins (one of them weighs hundreds), so a rule can reach
    it by luck at a low threshold while keeping many wrong labelled pairs. When none reaches
    it, precision still comes first: the rule with the best lesser of the two precisions among
    those keeping at least ``min_kept`` labelled pairs (ties: better recall, then looser)."""
    rules = []
    for t in THRESHOLDS:
        for s in SHARED:
            for w in WINDOWS:
                rule = StoryRule(t, s, w)
                m = _measure(pairs, rule)
                if m["w_precision"] is not None:
                    rules.append((rule, m))

    def looser(rule: StoryRule) -> tuple:
        return -rule.threshold, -rule.min_shared, rule.window_days

    reaching = [(r, m) for r, m in rules if min(m["w_precision"], m["precision"]) >= min_precision]
    if reaching:
        return max(reaching, key=lambda rm: (round(rm[1]["w_recall"] or 0.0, 4),
                                            round(rm[1]["w_precision"], 4), *looser(rm[0])))
    enough = [(r, m) for r, m in rules if m["kept"] >= min_kept]
    if not enough:
        raise SystemExit(f"no rule reaches a weighted precision of {min_precision} or keeps {min_kept} pairs")
    print(f"no rule reaches a precision of {min_precision}: the most precise rule keeping "
          f"at least {min_kept} labelled pairs")
    return max(enough, key=lambda rm: (round(min(rm[1]["w_precision"], rm[1]["precision"]), 4),
                                       round(rm[1]["w_recall"] or 0.0, 4), *looser(rm[0])))


def _fmt(m: dict) -> str:
    def f(x):
        return "-" if x is None else f"{x:.3f}"
    return (f"kept {m['kept']} ({m['right']} same of {m['same']}): P {f(m['precision'])} R {f(m['recall'])}; "
            f"weighted P {f(m['w_precision'])} R {f(m['w_recall'])}")


def fit(path: str, min_precision: float, min_kept: int = MIN_KEPT) -> StoryRule:
    pairs = labelled(path, "calibration")
    rule, m = choose(pairs, min_precision, min_kept)
    print(f"calibration part: {len(pairs)} labelled pairs, {m['same']} the same story")
    print(f"rule: story_threshold = {rule.threshold}, story_min_shared_terms = {rule.min_shared}, "
          f"story_window_days = {rule.window_days}")
    print(f"  {_fmt(m)}")
    for w in sorted({rule.window_days, SAMPLE_WINDOW}):
        print(f"curve over the threshold (story_min_shared_terms as chosen, story_window_days = {w}):")
        for t in (0.10, 0.15, 0.20, 0.25, 0.28, 0.30, 0.32, 0.35, 0.38, 0.40, 0.45, 0.50, 0.60):
            print(f"  {t:.2f}: {_fmt(_measure(pairs, StoryRule(t, rule.min_shared, w)))}")
    return rule


def heldout(path: str, rule: StoryRule, part: str = "heldout") -> dict:
    m = _measure(labelled(path, part), rule)
    print(f"{part} part, rule {rule.threshold} / {rule.min_shared} / {rule.window_days} days: {_fmt(m)}")
    return m


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("jsonl")
    p.add_argument("out")
    p.add_argument("--polnear", default=str(Path(__file__).resolve().parents[2] / "shared/data/polnear"))
    p = sub.add_parser("sample")
    p.add_argument("db")
    p.add_argument("out")
    p.add_argument("--per-bin", type=int, default=22)
    p.add_argument("--skip", type=int, default=0, help="pairs of each bin an earlier draw took")
    p.add_argument("--part", choices=("calibration", "heldout"), help="keep the pairs of this part only")
    p.add_argument("--rename", help="store the kept pairs under this part name")
    p.add_argument("--first-id", type=int, default=0)
    p = sub.add_parser("show")
    p.add_argument("db")
    p.add_argument("pairs")
    p.add_argument("--lead", type=int, default=500)
    p = sub.add_parser("links")
    p.add_argument("db")
    p.add_argument("--sample", type=int, default=20)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--lead", type=int, default=300)
    p.add_argument("--between-outlets", action="store_true", help="draw among links of two outlets only")
    p = sub.add_parser("fit")
    p.add_argument("pairs")
    p.add_argument("--min-precision", type=float, default=0.9)
    p.add_argument("--min-kept", type=int, default=MIN_KEPT,
                   help="when no rule reaches the precision: fewest labelled pairs the most precise rule keeps")
    p = sub.add_parser("heldout")
    p.add_argument("pairs")
    p.add_argument("--config", help="settings file (TOML) whose story rule to apply")
    p.add_argument("--part", default="heldout", help="which part of the pairs to measure")
    args = parser.parse_args(argv)
    if args.command == "jsonl":
        to_jsonl(args.polnear, args.out)
    elif args.command == "sample":
        sample(args.db, args.out, args.per_bin, args.skip, args.part, args.rename, args.first_id)
    elif args.command == "show":
        show(args.db, args.pairs, args.lead)
    elif args.command == "links":
        links(args.db, args.sample, args.seed, args.lead, args.between_outlets)
    elif args.command == "fit":
        fit(args.pairs, args.min_precision, args.min_kept)
    else:
        heldout(args.pairs, StoryRule.of(load_settings(args.config)), args.part)


if __name__ == "__main__":
    main(sys.argv[1:])
