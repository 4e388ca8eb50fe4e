"""Paragraph-level multi-label scores as SemEval-2023 Task 3 subtask 3 computes them.

Every (paragraph, technique) decision counts: micro-F1 pools them all, macro-F1
averages the per-technique F1 over the techniques in the inventory.
"""
from __future__ import annotations

__all__ = ["micro_macro_f1"]


def _f1(tp: int, fp: int, fn: int) -> float:
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def micro_macro_f1(gold: list[list[str]], pred: list[list[str]], techniques) -> dict:
    counts = {t: [0, 0, 0] for t in techniques}  # tp, fp, fn
    for g, p in zip(gold, pred, strict=True):
        g, p = set(g), set(p)
        for t in g | p:
            row = counts.setdefault(t, [0, 0, 0])
            row[0] += t in g and t in p
            row[1] += t in p and t not in g
            row[2] += t in g and t not in p
    tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
    per = {t: round(_f1(*c), 4) for t, c in counts.items()}
    return {"micro_f1": round(_f1(tp, fp, fn), 4),
            "macro_f1": round(sum(per.values()) / max(1, len(per)), 4),
            "micro_precision": round(tp / max(1, tp + fp), 4),
            "micro_recall": round(tp / max(1, tp + fn), 4), "per_technique": per}
