"""The one place precision, recall and F1 are computed for every harness.

``prf`` scores matched items against predicted and gold counts; ``f1_of_counts`` is
the same F1 from true/false positives and false negatives (2tp / (2tp + fp + fn), as
SemEval's scorers compute it); ``micro_macro_f1`` pools multi-label decisions as
SemEval-2023 Task 3 subtask 3 does.
"""
from __future__ import annotations

__all__ = ["precision_recall_f1", "prf", "f1_of_counts", "binary_f1s", "micro_macro_f1"]


def precision_recall_f1(hits: int, predicted: int, gold: int,
                        empty_is_perfect: bool = False) -> tuple[float, float, float]:
    """Unrounded (precision, recall, F1) of ``hits`` correct among ``predicted``, out of
    ``gold``. With nothing predicted (or nothing to find) a score is 0, or 1 when
    ``empty_is_perfect`` and the other side is empty too (nothing to find, none found)."""
    if predicted:
        p = hits / predicted
    else:
        p = 1.0 if empty_is_perfect and not gold else 0.0
    if gold:
        r = hits / gold
    else:
        r = 1.0 if empty_is_perfect and not predicted else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def prf(hits: int, predicted: int, gold: int, empty_is_perfect: bool = False) -> dict:
    """{"precision", "recall", "f1"} rounded to four places."""
    p, r, f = precision_recall_f1(hits, predicted, gold, empty_is_perfect)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def f1_of_counts(tp: int, fp: int, fn: int) -> float:
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def binary_f1s(gold: list[bool], pred: list[bool]) -> dict:
    """F1 of the positive class, its macro average with the negative class's, and the
    positive class's precision and recall."""
    tp = sum(g and p for g, p in zip(gold, pred))
    fp = sum(p and not g for g, p in zip(gold, pred))
    fn = sum(g and not p for g, p in zip(gold, pred))
    tn = len(gold) - tp - fp - fn
    pos, neg = f1_of_counts(tp, fp, fn), f1_of_counts(tn, fn, fp)
    return {"f1": round(pos, 4), "macro_f1": round((pos + neg) / 2, 4),
            "precision": round(tp / max(1, tp + fp), 4), "recall": round(tp / max(1, tp + fn), 4)}


def micro_macro_f1(gold: list[list[str]], pred: list[list[str]], techniques) -> dict:
    """Every (paragraph, technique) decision counts: micro-F1 pools them all, macro-F1
    averages the per-technique F1 over the techniques in the inventory."""
    counts = {t: [0, 0, 0] for t in techniques}  # tp, fp, fn
    for gold_row, pred_row in zip(gold, pred, strict=True):
        g, p = set(gold_row), set(pred_row)
        for t in g | p:
            row = counts.setdefault(t, [0, 0, 0])
            row[0] += t in g and t in p
            row[1] += t in p and t not in g
            row[2] += t in g and t not in p
    tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
    per = {t: round(f1_of_counts(*c), 4) for t, c in counts.items()}
    return {"micro_f1": round(f1_of_counts(tp, fp, fn), 4),
            "macro_f1": round(sum(per.values()) / max(1, len(per)), 4),
            "micro_precision": round(tp / max(1, tp + fp), 4),
            "micro_recall": round(tp / max(1, tp + fn), 4), "per_technique": per}
