"""Train the line model (src/claimscope/segment/models/segment-lines-v3.npz).

    python3 scripts/build_segment_data.py          # once: build/segdata/*.jsonl.gz
    python3 scripts/train_segment_lines.py [--data build/segdata] [--seed 17] [--bins 12] [--C 0.5]

Both passes are a binned linear model (segment/model.py): scikit-learn's quantile
``KBinsDiscretizer`` cuts each feature, ``LogisticRegression`` weighs the bins. The
second pass learns from out-of-fold first-pass probabilities (folds grouped by site), so
it sees first-pass output as it will be at run time. Rows are weighted so that every
page counts about the same (a long page does not outvote ten short ones). Prints the
validation figures of ``claimscope.evaluate.segmentation_real`` for the trained model;
the held-out file is not read here.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import KBinsDiscretizer

from claimscope.evaluate.segmentation_real import MIN_ARTICLE_CHARS, evaluate_real
from claimscope.records import Page
from claimscope.segment import evidence_of
from claimscope.segment.combine import rule_view
from claimscope.segment.lines import clear_caches, line_table
from claimscope.segment.model import LABELS, BinnedLinear, LineModel, first_pass_input, second_pass_input


def read(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def matrices(records: list[dict]):
    """First-pass inputs, labels, line lengths (characters) and site groups of every line,
    one array per page."""
    rows: dict[int, tuple] = {}
    by_renderer: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        by_renderer.setdefault(r["renderer"], []).append(i)
    for members in by_renderer.values():
        # the corpus evidence a run would count: pages of one renderer together
        pages = [Page(id=str(i), source="", format="text", raw=b"", text=records[i]["text"]) for i in members]
        evidence = evidence_of(pages)
        for i in members:
            table = line_table(records[i]["text"])
            _, kinds, authors = rule_view(table, evidence)
            rows[i] = (first_pass_input(table, kinds, authors, evidence.recurs),
                       np.array([LABELS.index(lab) for lab in records[i]["labels"]]),
                       np.array([len(ln.text) for ln in table], dtype=np.int32),
                       np.full(len(table), stable_hash(records[i]["site"])))
            clear_caches()
    xs, ys, chars, groups = (list(part) for part in zip(*(rows[i] for i in range(len(records)))))
    return xs, ys, chars, groups


def cached_matrices(records: list[dict], cache: Path | None):
    """``matrices`` of ``records``, read from ``cache`` when it holds them for the same
    pages (the line features take most of a run; the fits are tried many times)."""
    key = stable_hash("".join(r["id"] + r["renderer"] for r in records))
    if cache is not None and cache.is_file():
        with np.load(cache) as data:
            if int(data["key"]) == key:
                cuts = data["cuts"]
                return tuple([np.split(data[name], cuts) for name in ("x", "y", "chars", "groups")])
    xs, ys, chars, groups = matrices(records)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, key=key, cuts=np.cumsum([len(a) for a in xs])[:-1], x=np.vstack(xs),
                 y=np.concatenate(ys), chars=np.concatenate(chars), groups=np.concatenate(groups))
    return xs, ys, chars, groups


def row_weights(chars: list[np.ndarray], long_weight: float) -> list[np.ndarray]:
    """Every page counts about the same (1/sqrt of its lines); lines of
    ``MIN_ARTICLE_CHARS`` or more, the only ones article F1 counts, ``long_weight`` times more."""
    return [np.where(c >= MIN_ARTICLE_CHARS, long_weight, 1.0).astype(np.float32) / np.sqrt(max(len(c), 1))
            for c in chars]


def stable_hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big") % 1_000_003


def fit_binned(x: np.ndarray, y: np.ndarray, w: np.ndarray, bins: int, c: float, seed: int) -> BinnedLinear:
    binner = KBinsDiscretizer(n_bins=bins, encode="onehot", strategy="quantile", subsample=200_000,
                              random_state=seed, quantile_method="averaged_inverted_cdf")
    onehot = binner.fit_transform(x)
    clf = LogisticRegression(C=c, max_iter=300, random_state=seed)
    clf.fit(onehot, y, sample_weight=w * (len(w) / w.sum()))
    edges = tuple(np.asarray(e[1:-1], dtype=np.float32) for e in binner.bin_edges_)
    sizes = np.array([len(e) + 1 for e in edges])
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    model = BinnedLinear(edges, offsets, clf.coef_.T.astype(np.float32).copy(), clf.intercept_.astype(np.float32))
    sample = slice(0, min(len(x), 2000))
    # the numpy lookup must give what scikit-learn gives
    assert np.allclose(model.probabilities(x[sample]), clf.predict_proba(onehot[sample]), atol=1e-3)
    return model


def train(records: list[dict], bins: int, c: float, seed: int, long_weight: float = 1.0,
          cache: Path | None = None, page_level: bool = True) -> LineModel:
    return fit_passes(*cached_matrices(records, cache), bins, c, seed, long_weight, page_level)


def fit_passes(xs, ys, chars, groups, bins: int, c: float, seed: int, long_weight: float,
               page_level: bool) -> LineModel:
    ws = row_weights(chars, long_weight)
    x, y, w, g = (np.vstack(xs), np.concatenate(ys), np.concatenate(ws), np.concatenate(groups))
    print(f"train rows {len(y)} features {x.shape[1]} labels {np.bincount(y).tolist()}", flush=True)
    oof = np.zeros((len(y), len(LABELS)), dtype=np.float32)
    for fold, (fit_idx, out_idx) in enumerate(GroupKFold(n_splits=3).split(x, y, g)):
        oof[out_idx] = fit_binned(x[fit_idx], y[fit_idx], w[fit_idx], bins, c, seed).probabilities(x[out_idx])
        print(f"fold {fold} done", flush=True)
    first = fit_binned(x, y, w, bins, c, seed)
    cuts = np.cumsum([len(a) for a in xs])[:-1]
    x2 = np.vstack([second_pass_input(b, p, page_level) for b, p in zip(xs, np.split(oof, cuts))])
    second = fit_binned(x2, y, w, bins, c, seed)
    return LineModel(first, second, "", page_level)


def save(model: LineModel, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    arrays = model.first.arrays("first") | model.second.arrays("second")
    arrays = {k: v.astype(np.float16) if k.endswith(("_weights", "_bias")) else v for k, v in arrays.items()}
    if model.page_level:
        arrays["page_level"] = np.array(1)
    with open(path, "wb") as fh:
        np.savez_compressed(fh, **arrays)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="build/segdata")
    ap.add_argument("--out", default="src/claimscope/segment/models/segment-lines-v3.npz")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--bins", type=int, default=12)
    ap.add_argument("--C", type=float, default=0.5)
    ap.add_argument("--long-weight", type=float, default=1.0,
                    help="row weight of lines of 30 characters or more, relative to shorter ones")
    ap.add_argument("--no-page-level", action="store_true",
                    help="train without the page-level second-pass features (as the v2 model)")
    ap.add_argument("--cache", default=None, help="an .npz keeping the first-pass inputs between runs")
    ap.add_argument("--keep", type=int, default=50,
                    help="percent of train renderings used (chosen by a stable hash of page and renderer)")
    args = ap.parse_args()
    np.random.seed(args.seed)
    warnings.filterwarnings("ignore", message="Bins whose width")  # constant flags get one bin
    train_records = read(Path(args.data) / "train.jsonl.gz")
    train_records = [r for r in train_records if stable_hash(r["id"] + r["renderer"]) % 100 < args.keep]
    started = time.time()
    model = train(train_records, args.bins, args.C, args.seed, args.long_weight,
                  Path(args.cache) if args.cache else None, not args.no_page_level)
    save(model, Path(args.out))
    from claimscope.segment.model import load_model

    shipped = load_model(str(Path(args.out).resolve()))
    print(f"trained in {time.time() - started:.0f}s; wrote {args.out}", flush=True)
    result = evaluate_real(read(Path(args.data) / "validation.jsonl.gz"), shipped)
    print(json.dumps({"validation": result, "bins": args.bins, "C": args.C, "seed": args.seed,
                      "keep": args.keep, "long_weight": args.long_weight, "page_level": not args.no_page_level}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
