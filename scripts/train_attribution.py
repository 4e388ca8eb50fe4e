"""Train the attribution models on PolNeAR *train*:

- the cue tagger (src/claimscope/extract/models/cue_tagger.json.gz): every
  sentence is parsed with the extract stage's spaCy model, each token is
  labelled "inside a gold cue" (first annotator of a document), and a logistic
  regression over ``claimscope.extract.cuemodel.sentence_features`` is fitted;
- the source picker (src/claimscope/extract/models/source_picker.json.gz): for
  each gold cue, every candidate noun phrase head of its sentence is labelled
  "is the head of the gold source", and a logistic regression over
  ``claimscope.extract.sourcemodel.features`` is fitted.

Train documents are split by position: every ``--every``-th document (index %
every == every - 1) is the validation part, which picks the probability
thresholds; the rest is fitted. With ``--final`` the models are then refitted
on all train documents with the thresholds chosen on the validation part.
PolNeAR dev and test are never read.

usage: python scripts/train_attribution.py [--shared ../shared] [--every 6] [--final] [--both-annotators]
       [--cache DIR]   (parsed sentences are cached there as DocBin files, keyed by text)
Skips cleanly (exit 0) when the PolNeAR files are absent. Deterministic (liblinear
with a fixed seed, sorted feature names).
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

from claimscope.extract import attribution, contentmodel, cuemodel, quotes, sourcemodel  # noqa: E402
from claimscope.evaluate.attribution import brat_relations, parse_brat  # noqa: E402
from claimscope.text.units import CLAIM_SENTENCES, sentences  # noqa: E402

MODELS = ROOT / "src" / "claimscope" / "extract" / "models"
CUE_C = 0.3  # inverse L2 strength of the cue tagger
SOURCE_C = 0.3  # inverse L2 strength of the source picker
MIN_WEIGHT = 1e-3
SEED = 0


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


def split(shared: Path, every: int):
    """(documents, first annotations, fit documents, validation documents, texts by file
    name), the validation part being every ``every``-th annotated train document; None
    (after saying so) when PolNeAR train is absent."""
    docs, anns = load(shared)
    if docs is None:
        print("PolNeAR train not found under", shared, "- skipping")
        return None
    docs = [d for d in docs if d["filename"] in anns]
    fit_docs = [d for i, d in enumerate(docs) if i % every != every - 1]
    val_docs = [d for i, d in enumerate(docs) if i % every == every - 1]
    return docs, anns, fit_docs, val_docs, {d["filename"]: d["text"] for d in docs}


SECOND = "#2"  # suffix of a document's second annotation


def with_second_annotator(shared: Path, parsed, texts, anns):
    """``parsed`` plus a copy of each sentence of a doubly annotated document, labelled by
    its second annotator (file name + SECOND); ``texts`` and ``anns`` gain those names."""
    seen, second = set(), {}
    for line in open(shared / "data" / "polnear" / "train_attributions.jsonl", encoding="utf-8"):
        row = json.loads(line)
        if row["filename"] in seen:
            second.setdefault(row["filename"], row["brat_ann"])
        seen.add(row["filename"])
    for name, ann in second.items():
        texts[name + SECOND], anns[name + SECOND] = texts.get(name, ""), ann
    return parsed + [(name + SECOND, base, doc) for name, base, doc in parsed if name in second]


class Parses:
    """Sentence text -> parsed Doc, cached on disk as DocBin files."""

    def __init__(self, cache: Path | None) -> None:
        from claimscope.extract.nlp import load_nlp

        self.nlp = load_nlp()
        self.cache = cache
        self.docs = {}
        if cache and cache.exists():
            from spacy.tokens import DocBin

            for path in sorted(cache.glob("*.spacy")):
                for doc in DocBin().from_disk(path).get_docs(self.nlp.vocab):
                    self.docs[doc.text] = doc

    def sentences(self, docs) -> list[tuple[str, int, object]]:
        """[(filename, sentence_start, Doc)] for every sentence of ``docs``."""
        meta = [(d["filename"], s.start, s.text) for d in docs for s in sentences(d["text"], rule=CLAIM_SENTENCES)]
        missing = list(dict.fromkeys(t for _, _, t in meta if t not in self.docs))
        if missing:
            parsed = list(self.nlp.pipe(missing, batch_size=64))
            self.docs.update(zip(missing, parsed))
            if self.cache:
                from spacy.tokens import DocBin

                self.cache.mkdir(parents=True, exist_ok=True)
                bin_ = DocBin(store_user_data=False)
                for doc in parsed:
                    bin_.add(doc)
                bin_.to_disk(self.cache / f"parsed_{len(list(self.cache.glob('*.spacy')))}.spacy")
        return [(name, start, self.docs[text]) for name, start, text in meta]


def relations(ann: str) -> list[dict[str, list[tuple[int, int]]]]:
    """Gold relations: {"cue": fragments, "source": fragments, "content": fragments}."""
    return [dict(args) for args in brat_relations(ann)]


def _in_quote(doc, base, regions):
    return lambda i: any(s <= base + doc[i].idx < e for s, e in regions)


def in_cue(token, base: int, cue_spans) -> int:
    """1 when the token (of a sentence starting at ``base``) overlaps a gold cue fragment."""
    a, b = base + token.idx, base + token.idx + len(token.text)
    return int(any(s < b and a < e for s, e in cue_spans))


def _tokens_in(doc, base, fragments):
    return [t for t in doc if any(base + t.idx < e and s < base + t.idx + len(t.text) for s, e in fragments)]


def _fit(features, labels, c):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    matrix = vec.fit_transform([dict.fromkeys(f, 1) for f in features])
    matrix.indices = matrix.indices.astype("int32")
    matrix.indptr = matrix.indptr.astype("int32")
    model = LogisticRegression(C=c, max_iter=3000, solver="liblinear", random_state=SEED)
    model.fit(matrix, labels)
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, model.coef_[0]) if abs(w) >= MIN_WEIGHT}
    print(f"  {matrix.shape[0]} rows, {matrix.shape[1]} features, {sum(labels)} positive", flush=True)
    return weights, round(float(model.intercept_[0]), 4)


# --- cue tagger -------------------------------------------------------------------

def cue_examples(parsed, texts, anns):
    X, y = [], []
    regions = {name: quotes.quote_regions(text) for name, text in texts.items()}
    for name, base, doc in parsed:
        cue_spans = [f for frags in parse_brat(anns.get(name, ""))["cue"] for f in frags]
        for tok, feats in zip(doc, cuemodel.sentence_features(doc, _in_quote(doc, base, regions[name]))):
            X.append(feats)
            y.append(in_cue(tok, base, cue_spans))
    return X, y


TAGGER_CACHE: Path | None = None  # --tagger-cache: fitted taggers by training set


def fit_cue_tagger(parsed, texts, anns):
    import hashlib

    parts = (sorted({p[0] for p in parsed}), CUE_C)
    if cuemodel.FEATURES_VERSION > 1:
        parts += (cuemodel.FEATURES_VERSION,)
    key = hashlib.sha1(repr(parts).encode()).hexdigest()[:12]
    path = TAGGER_CACHE / f"tagger_{key}.json.gz" if TAGGER_CACHE else None
    if path and path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
        return cuemodel.CueTagger(data["weights"], data["bias"], 0.5, data["vocabulary"])
    X, y = cue_examples(parsed, texts, anns)
    weights, bias = _fit(X, y, CUE_C)
    vocabulary = sorted({feat[1][2:] for feat, label in zip(X, y) if label})
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            json.dump({"weights": weights, "bias": bias, "vocabulary": vocabulary}, handle)
    return cuemodel.CueTagger(weights, bias, 0.5, vocabulary)


def cue_threshold_table(parsed, probs, anns) -> list[tuple[float, float, float, float]]:
    """(threshold, P, R, F1) of the cue overlap of tagged groups against the first annotator,
    for each threshold from 0.20 to 0.70; ``probs`` holds each parsed sentence's token
    probabilities."""
    gold = {name: [(f[0][0], f[-1][1]) for f in parse_brat(anns[name])["cue"]] for name in {p[0] for p in parsed}}
    table = []
    for threshold in [x / 100 for x in range(20, 71, 5)]:
        pred = collections.defaultdict(list)
        for (name, base, doc), sentence in zip(parsed, probs):
            for group in attribution._cue_groups(doc, [p >= threshold for p in sentence]):
                if attribution._tagged_attribution(group, doc[:]) is not None:
                    pred[name].append((base + group[0].idx, base + group[-1].idx + len(group[-1].text)))
        table.append((threshold, *_overlap_prf(pred, gold)))
    return table


def pick_cue_threshold(tagger, parsed, texts, anns) -> float:
    """Threshold with the best cue overlap F1 (tagged groups) on the validation documents."""
    regions = {name: quotes.quote_regions(text) for name, text in texts.items()}
    probs = [tagger.probabilities(cuemodel.sentence_features(doc, _in_quote(doc, base, regions[name])))
             for name, base, doc in parsed]
    best = (0.0, 0.5)
    for threshold, p, r, f in cue_threshold_table(parsed, probs, anns):
        print(f"  cue threshold {threshold:.2f}: overlap P {p:.3f} R {r:.3f} F1 {f:.3f}")
        best = max(best, (round(f, 4), threshold))
    return best[1]


def _overlap_prf(pred, gold):
    hits = n_pred = n_gold = 0
    for name, spans in gold.items():
        left = list(spans)
        n_gold += len(spans)
        n_pred += len(pred.get(name, []))
        for s in pred.get(name, []):
            m = next((g for g in left if s[0] < g[1] and g[0] < s[1]), None)
            if m:
                left.remove(m)
                hits += 1
    p, r = hits / max(n_pred, 1), hits / max(n_gold, 1)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


# --- cue filter -------------------------------------------------------------------

CANDIDATE_THRESHOLD = 0.2  # token probability that makes a candidate cue for the filter
FILTER_C = 0.5


def cue_groups(tagger, parsed, texts, low):
    """[(filename, (start, end), group features)] for every candidate cue in ``parsed``."""
    regions = {name: quotes.quote_regions(text) for name, text in texts.items()}
    out = []
    for name, base, doc in parsed:
        in_quote = _in_quote(doc, base, regions[name])
        probs = tagger.probabilities(cuemodel.sentence_features(doc, in_quote))
        for group in attribution._cue_groups(doc, [p >= low for p in probs]):
            info = {}
            found = attribution._tagged_attribution(group, doc[:], in_quote, info)
            if found is None:
                continue
            span = (base + found.cue[0], base + found.cue[1])
            out.append((name, span, cuemodel.group_features(group, probs, found, info["source_prob"], in_quote)))
    return out


def _group_labels(groups, anns):
    gold = {}
    labels = []
    for name, span, _ in groups:
        if name not in gold:
            gold[name] = [(f[0][0], f[-1][1]) for f in parse_brat(anns[name])["cue"]]
        labels.append(int(any(span[0] < e and s < span[1] for s, e in gold[name])))
    return labels


def fit_cue_filter(fit_docs, parses, texts, anns):
    """Filter over candidate cues whose tagger probabilities come from a tagger that did
    not see their document (two folds of the fit documents)."""
    groups = []
    for k in range(2):
        train = [d for i, d in enumerate(fit_docs) if i % 2 != k]
        held = [d for i, d in enumerate(fit_docs) if i % 2 == k]
        print(f"  fold {k}: tagger on {len(train)} documents", flush=True)
        tagger = fit_cue_tagger(parses.sentences(train), texts, anns)
        groups += cue_groups(tagger, parses.sentences(held), texts, CANDIDATE_THRESHOLD)
    labels = _group_labels(groups, anns)
    weights, bias = _fit([g[2] for g in groups], labels, FILTER_C)
    return cuemodel.CueFilter(weights, bias, 0.5, CANDIDATE_THRESHOLD)


def pick_filter_threshold(cue_filter, tagger, parsed, texts, anns) -> float:
    groups = cue_groups(tagger, parsed, texts, cue_filter.candidate_threshold)
    scores = [cue_filter.score(g[2]) for g in groups]
    gold = {name: [(f[0][0], f[-1][1]) for f in parse_brat(anns[name])["cue"]] for name in {p[0] for p in parsed}}
    best = (0.0, 0.5)
    for threshold in [x / 100 for x in range(20, 71, 5)]:
        pred = collections.defaultdict(list)
        for (name, span, _), score in zip(groups, scores):
            if score >= threshold:
                pred[name].append(span)
        p, r, f = _overlap_prf(pred, gold)
        print(f"  filter threshold {threshold:.2f}: overlap P {p:.3f} R {r:.3f} F1 {f:.3f}")
        best = max(best, (round(f, 4), threshold))
    return best[1]


# --- content picker ---------------------------------------------------------------

CONTENT_C = 0.3


def gold_cues(parsed, texts, anns):
    """Every gold relation with a cue found in a parsed sentence:
    (relation, sentence offset, parsed sentence, cue tokens, the document's quote regions)."""
    by_doc = collections.defaultdict(list)
    for name, base, doc in parsed:
        by_doc[name].append((base, doc))
    for name, doc_sentences in by_doc.items():
        regions = quotes.quote_regions(texts[name])
        for rel in relations(anns[name]):
            if not rel.get("cue"):
                continue
            for base, doc in doc_sentences:
                cue_tokens = _tokens_in(doc, base, rel["cue"])
                if cue_tokens:
                    yield rel, base, doc, cue_tokens, regions
                    break


def content_units(parsed, texts, anns, picker):
    """One unit per gold cue with a verb or noun head: (features, labels, token ranges,
    gold content, base, doc, rule content)."""
    units = []
    firsts = {p[0] for p in attribution.cues.PREPOSITIONAL_CUES}
    for rel, base, doc, cue_tokens, regions in gold_cues(parsed, texts, anns):
        if not rel.get("content"):
            continue
        head = attribution._group_head(cue_tokens)
        if head.text == ":" or cue_tokens[0].lower_ in firsts and \
                attribution._prepositional_attribution(cue_tokens[0], doc[:]) is not None:
            continue
        ids = {t.i for t in cue_tokens}
        top = picker.pick(doc, head, ids, _in_quote(doc, base, regions))
        source = sourcemodel.source_span(top, ids) if top is not None else None
        source_ids = {t.i for t in doc if source and source[0] <= t.idx < source[1]}
        clause = contentmodel.clause_of(doc, head, ids, source_ids)
        has_pass = any(c.dep_ in ("auxpass", "nsubjpass") for c in head.children)
        cands = contentmodel.candidates(doc, head, ids, clause)
        gold = [(s - base, e - base) for s, e in rel["content"]]
        scores = [_jaccard((doc[lo].idx, doc[hi].idx + len(doc[hi].text)), gold) for _, lo, hi in cands]
        best = max(range(len(cands)), key=lambda k: scores[k], default=None)
        labels = [int(k == best and scores[k] > 0) for k in range(len(cands))]
        feats = [contentmodel.features(doc, head, kind, lo, hi, source_ids, has_pass) for kind, lo, hi in cands]
        rule = attribution._rule_tagged_attribution(cue_tokens, doc[:])
        units.append((feats, labels, [(lo, hi) for _, lo, hi in cands], gold, doc,
                      rule.content if rule is not None else None))
    return units


def _jaccard(span, gold):
    inter = sum(max(0, min(span[1], e) - max(span[0], s)) for s, e in gold)
    union = (span[1] - span[0]) + sum(e - s for s, e in gold) - inter
    return inter / union if union > 0 else 0.0


def _fit_picker(units, c: float, threshold: float):
    """A logistic picker over every candidate of every unit (units start with features, labels)."""
    X = [f for u in units for f in u[0]]
    y = [label for u in units for label in u[1]]
    weights, bias = _fit(X, y, c)
    return sourcemodel.SourcePicker(weights, bias, threshold)


def fit_content_picker(units):
    return _fit_picker(units, CONTENT_C, 0.0)


def report_content(picker, units) -> None:
    """Content overlap accuracy on gold cues: picker vs the parse rules."""
    ours = rules = 0
    for feats, _, ranges, gold, doc, rule in units:
        if ranges:
            k = max(range(len(ranges)), key=lambda j: (picker.score(feats[j]), -j))
            lo, hi = ranges[k]
            span = (doc[lo].idx, doc[hi].idx + len(doc[hi].text))
            ours += any(span[0] < e and s < span[1] for s, e in gold)
        rules += bool(rule and any(rule[0] < e and s < rule[1] for s, e in gold))
    print(f"  content overlap on gold cues: picker {ours / max(len(units), 1):.3f}, "
          f"rules {rules / max(len(units), 1):.3f} ({len(units)} cues)")


# --- source picker ----------------------------------------------------------------

def source_units(parsed, texts, anns):
    """One unit per gold cue: (candidate features, labels, candidates, gold source, base, cue ids)."""
    return [_source_unit(doc, base, cue_tokens, rel.get("source"), regions)
            for rel, base, doc, cue_tokens, regions in gold_cues(parsed, texts, anns)]


def _source_unit(doc, base, cue_tokens, source, regions):
    head = attribution._group_head(cue_tokens)
    ids = {t.i for t in cue_tokens}
    gold_tokens = _tokens_in(doc, base, source) if source else []
    gold_ids = {t.i for t in gold_tokens}
    cands = sourcemodel.candidates(doc, ids)
    cand_ids = {c.i for c in cands}
    heads = [t.i for t in gold_tokens if t.head.i not in gold_ids or t.head is t]
    positive = next((i for i in heads if i in cand_ids), None)
    if positive is None:
        positive = next((c.i for c in cands if c.i in gold_ids), None)
    feats, labels, ordered = [], [], []
    left = [c for c in cands if c.i < head.i][::-1]
    right = [c for c in cands if c.i > head.i]
    in_quote = _in_quote(doc, base, regions)
    for side in (left, right):
        for rank, cand in enumerate(side):
            feats.append(sourcemodel.features(cand, head, ids, in_quote, rank))
            labels.append(int(cand.i == positive))
            ordered.append(cand)
    return feats, labels, ordered, source, base, ids


def fit_source_picker(units):
    return _fit_picker(units, SOURCE_C, 0.5)


def pick_source_threshold(picker, units) -> float:
    """Threshold on the best candidate's probability with the best source overlap F1
    (gold cues) on the validation documents."""
    best = (0.0, 0.0)
    for threshold in [x / 100 for x in range(0, 41, 5)]:
        hits = n_pred = n_gold = 0
        for feats, _, cands, source, base, ids in units:
            top = max(((picker.score(f), c) for f, c in zip(feats, cands)), key=lambda x: x[0], default=None)
            pred = None
            if top is not None and top[0] >= threshold:
                s, e = sourcemodel.source_span(top[1], ids)
                pred = (base + s, base + e)
            n_gold += bool(source)
            n_pred += pred is not None
            hits += bool(pred and source and any(pred[0] < e and s < pred[1] for s, e in source))
        p, r = hits / max(n_pred, 1), hits / max(n_gold, 1)
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"  source threshold {threshold:.2f}: overlap P {p:.3f} R {r:.3f} F1 {f:.3f} (gold cues)")
        best = max(best, (round(f, 4), threshold))
    return best[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--every", type=int, default=6, help="every N-th train document validates")
    parser.add_argument("--final", action="store_true", help="refit on all train documents")
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=MODELS)
    parser.add_argument("--filter", action="store_true",
                        help="also train the cue filter (a second look at candidate cues; not shipped: "
                             "it gained < .005 cue F1 on the validation part)")
    parser.add_argument("--content-only", action="store_true")
    parser.add_argument("--tagger-cache", type=Path, default=None, help="keep fitted taggers here")
    parser.add_argument("--both-annotators", action="store_true",
                        help="the cue tagger also learns from the second annotation of doubly annotated documents")
    args = parser.parse_args()
    global TAGGER_CACHE
    TAGGER_CACHE = args.tagger_cache
    parts = split(args.shared, args.every)
    if parts is None:
        return 0
    docs, anns, fit_docs, val_docs, texts = parts
    t0 = time.time()
    parses = Parses(args.cache)
    fit_parsed, val_parsed = parses.sentences(fit_docs), parses.sentences(val_docs)
    print(f"parsed in {time.time() - t0:.0f}s; {len(fit_docs)} fit, {len(val_docs)} validation documents", flush=True)

    print("source picker", flush=True)
    picker = fit_source_picker(source_units(fit_parsed, texts, anns))
    picker.threshold = pick_source_threshold(picker, source_units(val_parsed, texts, anns))
    sourcemodel.load_picker = lambda: picker  # the cue filter's features use it
    print("content picker", flush=True)
    content_picker = fit_content_picker(content_units(fit_parsed, texts, anns, picker))
    report_content(content_picker, content_units(val_parsed, texts, anns, picker))
    contentmodel.load_picker = lambda: content_picker
    if args.content_only:
        args.out.mkdir(parents=True, exist_ok=True)
        _write(args.out / contentmodel.MODEL_FILE, {"weights": content_picker.weights, "bias": content_picker.bias,
                                                     "threshold": 0.0, "C": CONTENT_C})
        return 0
    print("cue tagger", flush=True)
    tagger_parsed = with_second_annotator(args.shared, fit_parsed, texts, anns) if args.both_annotators else fit_parsed
    tagger = fit_cue_tagger(tagger_parsed, texts, anns)
    cue_threshold = pick_cue_threshold(tagger, val_parsed, texts, anns)
    cue_filter = None
    if args.filter:
        print("cue filter", flush=True)
        cue_filter = fit_cue_filter(fit_docs, parses, texts, anns)
        cue_filter.threshold = pick_filter_threshold(cue_filter, tagger, val_parsed, texts, anns)
    source_threshold = picker.threshold
    used = f"PolNeAR train, {len(fit_docs)} documents (every {args.every}th held out for thresholds)"
    if args.final:
        print("refitting on all train documents", flush=True)
        everything = fit_parsed + val_parsed
        tagger = fit_cue_tagger(with_second_annotator(args.shared, everything, texts, anns)
                                if args.both_annotators else everything, texts, anns)
        picker = fit_source_picker(source_units(everything, texts, anns))
        content_picker = fit_content_picker(content_units(everything, texts, anns, picker))
        used = f"PolNeAR train, all {len(docs)} documents (thresholds from every {args.every}th)"
    args.out.mkdir(parents=True, exist_ok=True)
    _write(args.out / cuemodel.MODEL_FILE, {
        "weights": tagger.weights, "bias": tagger.bias, "threshold": cue_threshold,
        "vocabulary": sorted(tagger.vocabulary), "trained_on": used, "C": CUE_C})
    if cue_filter is not None:
        _write(args.out / cuemodel.FILTER_FILE, {
            "weights": cue_filter.weights, "bias": cue_filter.bias, "threshold": cue_filter.threshold,
            "candidate_threshold": cue_filter.candidate_threshold,
            "trained_on": f"PolNeAR train, {len(fit_docs)} documents, two-fold tagger probabilities",
            "C": FILTER_C})
    _write(args.out / contentmodel.MODEL_FILE, {
        "weights": content_picker.weights, "bias": content_picker.bias, "threshold": 0.0,
        "trained_on": used, "C": CONTENT_C})
    _write(args.out / sourcemodel.MODEL_FILE, {
        "weights": picker.weights, "bias": picker.bias, "threshold": source_threshold,
        "trained_on": used, "C": SOURCE_C})
    return 0


def _write(path: Path, data: dict) -> None:
    # mtime=0: the same model gives the same bytes
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(json.dumps(data, separators=(",", ":"), sort_keys=True).encode("utf-8"))
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB, {len(data['weights'])} weights, "
          f"threshold {data['threshold']})")


if __name__ == "__main__":
    sys.exit(main())
