"""The evaluation harness behind ``claimscope eval toxicity`` and ``eval propaganda``.

Each function reads labelled files, runs claimscope's classifier and a baseline
in the same run, and returns one dict of metrics (what ``--json`` prints).
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from ..classify.lexicon import DEFAULT_LEXICON, load_lexicon
from ..classify.propaganda import model_label as propaganda_model_label
from ..classify.propaganda import shown_thresholds, technique_scores, thresholds
from ..classify.toxicity import model_label as toxicity_model_label
from ..classify.toxicity import score_texts, targets_of
from ..encoder import Encodings
from ..errors import EvalFormatError, require
from ..settings import load_settings
from .metrics import binary_f1s, micro_macro_f1
from .semeval import labelled_paragraphs, read_articles, read_paragraph_labels

__all__ = ["evaluate_toxicity", "evaluate_propaganda", "read_toxicity_file", "TARGET_ALIASES"]

TOXICITY_LABELS = ("hate", "offensive", "none")
# Target names used by other datasets (ToxiGen, HateXplain) -> claimscope's groups.
TARGET_ALIASES = {
    "jews": "jewish", "jew": "jewish", "islam": "muslim", "muslims": "muslim", "arab": "national_ethnic",
    "gay": "lgbtq", "homosexual": "lgbtq", "bisexual": "lgbtq", "trans": "lgbtq", "lgbt": "lgbtq",
    "woman": "women", "female": "women", "gender": "women", "african": "black", "african_american": "black",
    "immigrant": "migrants", "refugee": "migrants", "migrant": "migrants",
    "asian": "national_ethnic", "chinese": "national_ethnic", "latino": "national_ethnic",
    "mexican": "national_ethnic", "middle_east": "national_ethnic", "native_american": "national_ethnic",
    "hispanic": "national_ethnic",
}


def read_toxicity_file(path: str | Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text, label = row["text"], str(row["label"]).lower()
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise EvalFormatError(f"{path}:{number}: expected {{\"text\", \"label\"}}") from exc
            if label not in TOXICITY_LABELS:
                raise EvalFormatError(f"{path}:{number}: label must be hate|offensive|none, not {label!r}")
            rows.append({"text": text, "label": label, "target_group": row.get("target_group")})
    if not rows:
        raise EvalFormatError(f"{path}: no rows")
    return rows


def _three_class(gold: list[str], pred: list[str]) -> dict:
    # a label absent from both gold and predictions has no F1; it is left out of the mean
    present = [label for label in TOXICITY_LABELS if label in gold or label in pred]
    per = {label: binary_f1s([g == label for g in gold], [p == label for p in pred])["f1"] for label in present}
    accuracy = sum(g == p for g, p in zip(gold, pred)) / len(gold)
    return {"macro_f1": round(sum(per.values()) / len(per), 4), "accuracy": round(accuracy, 4),
            "per_label_f1": per}


def _report(gold: list[str], pred: list[str]) -> dict:
    return {"hate_vs_rest": binary_f1s([g == "hate" for g in gold], [p == "hate" for p in pred]),
            "toxic_vs_none": binary_f1s([g != "none" for g in gold], [p != "none" for p in pred]),
            "three_class": _three_class(gold, pred)}


def _target_accuracy(rows: list[dict], scores, threshold: float) -> dict:
    """Share of gold hate rows with a target whose group is among the flagged targets."""
    gold = [(r, s) for r, s in zip(rows, scores) if r["label"] == "hate" and r.get("target_group")]
    hits = 0
    for row, score in gold:
        wanted = TARGET_ALIASES.get(row["target_group"].lower(), row["target_group"].lower())
        found = {t.group.split(":")[0] for t in targets_of(score, threshold)}
        hits += wanted in found
    return {"n": len(gold), "accuracy": round(hits / len(gold), 4) if gold else None}


def _baseline(texts: list[str]) -> tuple[list[str], float]:
    """alt-profanity-check: profane -> 'offensive'; it has no notion of hate."""
    profanity_check = require("profanity_check", "classify")
    started = time.perf_counter()
    probs = profanity_check.predict_prob(texts)
    elapsed = time.perf_counter() - started
    return ["offensive" if p >= 0.5 else "none" for p in probs], elapsed


_DEFAULTS = load_settings()  # the thresholds a run uses unless its settings say otherwise


def evaluate_toxicity(path: str | Path, hate_threshold: float = _DEFAULTS.hate_threshold,
                      toxic_threshold: float = _DEFAULTS.toxic_threshold,
                      encodings: Encodings | None = None) -> dict:
    """Metrics of claimscope and the baseline on a labelled JSONL file. ``encodings`` may
    hold the texts' MiniLM vectors already (a training script's cache)."""
    rows = read_toxicity_file(path)
    texts = [r["text"] for r in rows]
    gold = [r["label"] for r in rows]
    score_texts(texts[:1], load_lexicon(DEFAULT_LEXICON), encodings)  # load the model outside the timing
    started = time.perf_counter()
    scores = score_texts(texts, load_lexicon(DEFAULT_LEXICON), encodings)
    elapsed = time.perf_counter() - started
    pred = ["hate" if s.hate >= hate_threshold else "offensive" if s.toxic >= toxic_threshold
            else "none" for s in scores]
    base_pred, base_elapsed = _baseline(texts)
    base = _report(gold, base_pred)
    # the baseline knows only "profane": also score it as if profane meant hate
    base["hate_vs_rest_if_profane_is_hate"] = binary_f1s([g == "hate" for g in gold],
                                                   [p != "none" for p in base_pred])
    return {"file": str(path), "n": len(rows), "counts": {k: gold.count(k) for k in TOXICITY_LABELS},
            "claimscope": {"model": toxicity_model_label(), **_report(gold, pred),
                           "target_group": _target_accuracy(rows, scores, hate_threshold),
                           "texts_per_s": round(len(rows) / elapsed, 1)},
            "baseline_alt_profanity_check": {**base, "texts_per_s": round(len(rows) / base_elapsed, 1)}}


def evaluate_propaganda(articles_path: str | Path, labels_path: str | Path,
                        threshold: float | None = None, shown_threshold: float | None = None) -> dict:
    """Paragraph-level scores of the flags the stage stores (``claimscope``) and of those it
    shows by default (``claimscope_shown``: its precision is how often a flag an analyst
    sees is right), beside a most-frequent-technique baseline."""
    rows = labelled_paragraphs(read_articles(articles_path), read_paragraph_labels(labels_path))
    gold = [r[3] for r in rows]
    cuts = thresholds(threshold)  # also loads the model outside the timing
    shown = shown_thresholds(shown_threshold)
    started = time.perf_counter()
    scores = technique_scores([r[2] for r in rows], [r[0] for r in rows])
    elapsed = time.perf_counter() - started
    pred = [sorted(t for t, p in s.items() if p >= cuts[t]) for s in scores]
    shown_pred = [sorted(t for t, p in s.items() if p >= cuts[t] and p >= shown[t]) for s in scores]
    inventory = sorted({t for g in gold for t in g} | {t for p in pred for t in p})
    # baseline: the most frequent gold technique on every non-empty paragraph
    counts: dict[str, int] = {}
    for g in gold:
        for t in g:
            counts[t] = counts.get(t, 0) + 1
    top = max(counts, key=counts.__getitem__) if counts else None
    base_pred = [[top] if top and r[2].strip() else [] for r in rows]
    return {"paragraphs": len(rows), "articles": len({r[0] for r in rows}),
            "claimscope": {"model": propaganda_model_label(), "threshold": threshold if threshold is not None else "per-technique (model)",
                           **micro_macro_f1(gold, pred, inventory), "flags": sum(map(len, pred)),
                           "paragraphs_per_s": round(len(rows) / max(elapsed, 1e-9), 1)},
            "claimscope_shown": {"threshold": shown_threshold if shown_threshold is not None
                                 else "per-technique (model, calibrated for precision)",
                                 **micro_macro_f1(gold, shown_pred, inventory),
                                 "flags": sum(map(len, shown_pred))},
            "baseline_most_frequent_technique": {"technique": top,
                                                 **micro_macro_f1(gold, base_pred, inventory)}}
