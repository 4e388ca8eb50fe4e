"""Train the cue tagger (src/claimscope/extract/models/cue_tagger.json.gz) on
PolNeAR *train*: every sentence is parsed with the extract stage's spaCy model,
each token is labelled "inside a gold cue" (first annotator of a document), and
a logistic regression over ``claimscope.extract.cuemodel.sentence_features`` is
fitted. The last ``--holdout`` train documents pick the probability threshold
(best cue overlap F1 there); dev is never read.

usage: python scripts/train_attribution.py [--shared ../shared] [--docs N] [--holdout N]
       [--cache DIR]   (parsed sentences are cached there as DocBin files)
Skips cleanly (exit 0) when the PolNeAR files are absent.
"""
from __future__ import annotations

import argparse
import collections
import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from claimscope.extract import cuemodel, quotes  # noqa: E402
from claimscope.extract.eval_attribution import parse_brat  # noqa: E402
from claimscope.extract.sentences import split_sentences  # noqa: E402

OUT = ROOT / "src" / "claimscope" / "extract" / "models" / cuemodel.MODEL_FILE
C = 0.3  # inverse L2 strength, chosen on the train hold-out
MIN_WEIGHT = 1e-3


def load(shared: Path):
    docs_path = shared / "data" / "polnear" / "train_documents.jsonl"
    ann_path = shared / "data" / "polnear" / "train_attributions.jsonl"
    if not docs_path.exists() or not ann_path.exists():
        return None, None
    docs = [json.loads(l) for l in open(docs_path, encoding="utf-8")]
    anns = {}
    for line in open(ann_path, encoding="utf-8"):
        row = json.loads(line)
        anns.setdefault(row["filename"], row["brat_ann"])  # first annotator
    return docs, anns


def parse_docs(docs, cache: Path | None, tag: str):
    """[(filename, sentence_start, Doc)] for every sentence of ``docs``."""
    from spacy.tokens import DocBin

    from claimscope.extract.nlp import load_nlp

    nlp = load_nlp()
    meta = [(d["filename"], s.start, s.text) for d in docs for s in split_sentences(d["text"])]
    path = cache / f"{tag}.spacy" if cache else None
    if path and path.exists():
        parsed = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    else:
        parsed = list(nlp.pipe([m[2] for m in meta], batch_size=64))
        if path:
            cache.mkdir(parents=True, exist_ok=True)
            bin_ = DocBin()
            for doc in parsed:
                bin_.add(doc)
            bin_.to_disk(path)
    return [(name, start, doc) for (name, start, _), doc in zip(meta, parsed)]


def examples(parsed, texts, anns):
    X, y, groups = [], [], []
    regions = {name: quotes.quote_regions(text) for name, text in texts.items()}
    for name, base, doc in parsed:
        cue_spans = [f for frags in parse_brat(anns.get(name, ""))["cue"] for f in frags]
        regs = regions[name]
        in_quote = lambda i, d=doc, b=base, r=regs: any(s <= b + d[i].idx < e for s, e in r)  # noqa: E731
        for tok, feats in zip(doc, cuemodel.sentence_features(doc, in_quote)):
            a, b = base + tok.idx, base + tok.idx + len(tok.text)
            X.append(feats)
            y.append(int(any(s < b and a < e for s, e in cue_spans)))
            groups.append(name)
    return X, y, groups


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--docs", type=int, default=400, help="train documents to fit on")
    parser.add_argument("--holdout", type=int, default=60, help="further train documents for the threshold")
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args()
    docs, anns = load(args.shared)
    if docs is None:
        print("PolNeAR train not found under", args.shared, "- skipping")
        return 0
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    docs = [d for d in docs if d["filename"] in anns]
    fit_docs, hold_docs = docs[:args.docs], docs[args.docs:args.docs + args.holdout]
    texts = {d["filename"]: d["text"] for d in docs}
    t0 = time.time()
    fit_parsed = parse_docs(fit_docs, args.cache, f"train_{args.docs}")
    hold_parsed = parse_docs(hold_docs, args.cache, f"hold_{args.docs}_{args.holdout}")
    print(f"parsed in {time.time() - t0:.0f}s", flush=True)
    X, y, _ = examples(fit_parsed, texts, anns)
    vec = DictVectorizer()
    matrix = vec.fit_transform([dict.fromkeys(f, 1) for f in X])
    matrix.indices = matrix.indices.astype("int32")
    matrix.indptr = matrix.indptr.astype("int32")
    print(f"{matrix.shape[0]} tokens, {matrix.shape[1]} features, {sum(y)} in cues", flush=True)
    model = LogisticRegression(C=C, max_iter=2000, solver="liblinear")
    model.fit(matrix, y)
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, model.coef_[0]) if abs(w) >= MIN_WEIGHT}
    vocabulary = sorted({f[2:] for f, label in
                         ((feat[1], lab) for feat, lab in zip(X, y)) if label})
    tagger = cuemodel.CueTagger(weights, float(model.intercept_[0]), 0.5, vocabulary)
    threshold = pick_threshold(tagger, hold_parsed, texts, anns)
    data = {"weights": weights, "bias": round(float(model.intercept_[0]), 4), "threshold": threshold,
            "vocabulary": vocabulary, "trained_on": f"PolNeAR train, first {len(fit_docs)} documents",
            "C": C, "tokens": len(y), "positive_tokens": int(sum(y))}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT, "wt", encoding="utf-8") as handle:
        json.dump(data, handle, separators=(",", ":"), sort_keys=True)
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.1f} MB, {len(weights)} weights, threshold {threshold})")
    return 0


def pick_threshold(tagger, parsed, texts, anns) -> float:
    """Threshold with the best token-group (cue) overlap F1 on the hold-out documents."""
    regions = {name: quotes.quote_regions(text) for name, text in texts.items()}
    scored = []  # (filename, base, doc, probabilities)
    for name, base, doc in parsed:
        regs = regions[name]
        in_quote = lambda i, d=doc, b=base, r=regs: any(s <= b + d[i].idx < e for s, e in r)  # noqa: E731
        scored.append((name, base, doc, tagger.probabilities(cuemodel.sentence_features(doc, in_quote))))
    gold = collections.defaultdict(list)
    for name in {p[0] for p in parsed}:
        gold[name] = [(frags[0][0], frags[-1][1]) for frags in parse_brat(anns[name])["cue"]]
    best = (0.0, 0.5)
    for threshold in [x / 100 for x in range(15, 71, 5)]:
        pred = collections.defaultdict(list)
        for name, base, doc, probs in scored:
            run = None
            for tok, p in zip(doc, probs):
                if p >= threshold:
                    a, b = base + tok.idx, base + tok.idx + len(tok.text)
                    run = (run[0], b) if run else (a, b)
                elif run:
                    pred[name].append(run)
                    run = None
            if run:
                pred[name].append(run)
        hits = n_pred = n_gold = 0
        for name, spans in gold.items():
            left = list(spans)
            n_gold += len(spans)
            n_pred += len(pred[name])
            for s in pred[name]:
                m = next((g for g in left if s[0] < g[1] and g[0] < s[1]), None)
                if m:
                    left.remove(m)
                    hits += 1
        p, r = hits / max(n_pred, 1), hits / max(n_gold, 1)
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"threshold {threshold:.2f}: token-run cue overlap P {p:.3f} R {r:.3f} F1 {f:.3f}")
        best = max(best, (f, threshold))
    return best[1]


if __name__ == "__main__":
    sys.exit(main())
