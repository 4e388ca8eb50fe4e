"""Quantity extraction scored against hand labels (docs/gold-quantities.md).

A label file holds references, not text: each line names a page of a shared data set
(``dataset``, ``file``, ``id``), which text of it was labelled (``text``: "main",
page-signal's main-content spans), that text's SHA-256 (so a changed reading of the
page is an error, not a silent shift), and the quantities: a short quoted string
holding the amount, which occurrence of it, its value (a vague amount's or a range's
lower bound) and unit (an ISO currency code, "percent", "fraction", a measure unit,
or null for a count).

Scored: a found quantity matches a label when their spans overlap; it is right when
the value (or lower bound) and the unit agree too. Precision and recall of value+unit,
and of spans alone.
"""
from __future__ import annotations

import gzip
import hashlib
import html
import json
import math
import re
from pathlib import Path

from ..errors import EvalFormatError
from ..extract.quantities import find_quantities
from .files import jsonl_rows

__all__ = ["evaluate_quantities", "page_signal_main"]

DEFAULT_DATA = Path("../shared/data")
_MAIN_SPAN = re.compile(r'<span class="x-nc-sel2">(.*?)</span>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def page_signal_main(gold_html: str) -> str:
    """Page-signal's gold main content: the x-nc-sel2 spans, whitespace-normalised,
    one per line."""
    parts = (" ".join(html.unescape(_TAG.sub(" ", m.group(1))).split()) for m in _MAIN_SPAN.finditer(gold_html))
    return "\n".join(p for p in parts if p)


def _pages(data: Path, dataset: str, file: str) -> dict[str, dict]:
    path = data / dataset / file
    if not path.is_file():
        raise EvalFormatError(f"{path}: not found (give the shared data folder with --data)")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return {row["id"]: row for row in map(json.loads, handle)}


def _span(text: str, quote: str, occurrence: int) -> tuple[int, int]:
    position = -1
    for _ in range(occurrence):
        position = text.find(quote, position + 1)
        if position == -1:
            raise EvalFormatError(f"{quote!r} (occurrence {occurrence}) is not in the page")
    return position, position + len(quote)


def _labelled_pages(paths, data: Path):
    cache: dict[tuple[str, str], dict] = {}
    for path in map(Path, paths):
        for number, row in jsonl_rows(path):
            key = (row["dataset"], row["file"])
            if key not in cache:
                cache[key] = _pages(data, *key)
            text = page_signal_main(cache[key][row["id"]]["gold"])
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != row["text_sha256"]:
                raise EvalFormatError(f"{path}:{number}: the page's text is not the one labelled")
            yield text, [(*_span(text, q["quote"], q.get("occurrence", 1)), q["value"], q["unit"])
                         for q in row["quantities"]]


def _same(a: float | None, b: float) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=1e-3, abs_tol=1e-9)


def _score_page(text: str, gold, counts: dict) -> None:
    found = find_quantities(text)
    counts["predicted"] += len(found)
    counts["gold"] += len(gold)
    unmatched = list(found)
    for start, end, value, unit in gold:
        match = next((q for q in unmatched if q.start < end and start < q.end), None)
        if match is None:
            continue
        unmatched.remove(match)
        counts["span"] += 1
        amount = match.value if match.value is not None else match.lower
        counts["right"] += _same(amount, value) and match.unit == unit


def _prf(hits: int, predicted: int, gold: int) -> dict:
    p = hits / predicted if predicted else 0.0
    r = hits / gold if gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def evaluate_quantities(paths, data: Path | str = DEFAULT_DATA) -> dict:
    counts = dict.fromkeys(("predicted", "gold", "span", "right"), 0)
    pages = 0
    for text, gold in _labelled_pages(paths, Path(data)):
        _score_page(text, gold, counts)
        pages += 1
    if not pages:
        raise EvalFormatError("no labelled pages in the given files")
    return {"pages": pages, "gold_quantities": counts["gold"], "predicted_quantities": counts["predicted"],
            "value_and_unit": _prf(counts["right"], counts["predicted"], counts["gold"]),
            "span": _prf(counts["span"], counts["predicted"], counts["gold"])}
