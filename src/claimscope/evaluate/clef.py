"""The CLEF CheckThat! 2020 task-2 format (verified-claim retrieval) and its metrics.

Files (tab-separated, a header row, quoted fields may span lines):
  queries   tweet_id, tweet_content
  claims    vclaim_id, vclaim, title
  qrels     tweet_id, 0, vclaim_id, relevance   (TREC qrels, no header)

Metrics follow the lab's scorer (trectools over a TREC run): MAP@k divides the
precision sum by the query's number of relevant claims, P@k, and MRR.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..errors import EvalFormatError

__all__ = ["ClefData", "read_queries", "read_claims", "read_qrels", "evaluate_ranking",
           "DEPTHS"]

DEPTHS = (1, 3, 5, 10, 20)


@dataclass(frozen=True)
class ClefData:
    queries: dict[str, str]
    claims: dict[str, tuple[str, str]]  # id -> (vclaim, title)
    qrels: dict[str, set[str]]


def _rows(path: str | Path, columns: int, header: bool = True) -> list[list[str]]:
    csv.field_size_limit(10**8)
    with open(path, newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t") if r]
    if header and rows and _is_header(rows[0]):
        rows = rows[1:]
    bad = [r for r in rows if len(r) < columns]
    if bad:
        raise EvalFormatError(f"{path}: {len(bad)} rows with fewer than {columns} columns, "
                              f"e.g. {bad[0]!r}")
    return rows


_HEADER_WORDS = {"", "id", "tweet_id", "vclaim_id", "tweet_content", "vclaim", "title"}


def _is_header(row: list[str]) -> bool:
    # ids may be any string, so the header is recognised by its column names
    return row[0].strip().lower() in _HEADER_WORDS and any(
        c.strip().lower() in _HEADER_WORDS - {""} for c in row[1:])


def read_queries(path: str | Path) -> dict[str, str]:
    return {r[0].strip(): r[1] for r in _rows(path, 2)}


def read_claims(path: str | Path) -> dict[str, tuple[str, str]]:
    rows = _rows(path, 2)
    return {r[0].strip(): (r[1], r[2] if len(r) > 2 else "") for r in rows}


def read_qrels(path: str | Path) -> dict[str, set[str]]:
    qrels: dict[str, set[str]] = defaultdict(set)
    for row in _rows(path, 4, header=False):
        if len(row) == 1:  # space separated qrels are common too
            row = row[0].split()
        if len(row) < 4:
            raise EvalFormatError(f"{path}: qrels rows need 4 fields, got {row!r}")
        if int(float(row[3])) > 0:
            qrels[row[0].strip()].add(row[2].strip())
    return dict(qrels)


def _average_precision(ranked: list[str], relevant: set[str], depth: int) -> float:
    hits, total = 0, 0.0
    for rank, doc in enumerate(ranked[:depth], start=1):
        if doc in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant) if relevant else 0.0


def evaluate_ranking(rankings: dict[str, list[str]], qrels: dict[str, set[str]]) -> dict:
    """MAP@k, P@k and MRR over the queries that have relevance judgements."""
    judged = [q for q in qrels if qrels[q]]
    if not judged:
        raise EvalFormatError("the qrels file judges no query as relevant to any claim")
    out: dict[str, float] = {}
    for depth in DEPTHS:
        ap = [_average_precision(rankings.get(q, []), qrels[q], depth) for q in judged]
        prec = [sum(d in qrels[q] for d in rankings.get(q, [])[:depth]) / depth for q in judged]
        out[f"map@{depth}"] = sum(ap) / len(judged)
        out[f"p@{depth}"] = sum(prec) / len(judged)
    out["map@all"] = sum(_average_precision(rankings.get(q, []), qrels[q], 10**9)
                         for q in judged) / len(judged)
    out["mrr"] = sum(_reciprocal_rank(rankings.get(q, []), qrels[q]) for q in judged) / len(judged)
    out["queries"] = len(judged)
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in out.items()}


def _reciprocal_rank(ranked: list[str], relevant: set[str]) -> float:
    for rank, doc in enumerate(ranked, start=1):
        if doc in relevant:
            return 1.0 / rank
    return 0.0
