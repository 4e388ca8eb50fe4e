"""Attribution evaluation on PolNeAR-format files (brat standoff in JSONL).

Files are recognised by content, not by name: rows with ``text`` are documents,
rows with ``brat_ann`` are annotations; they are paired by ``filename``. A
document annotated twice is scored against each annotation separately.
Each component (cue, source, content) is scored as a set of spans per
annotated document, with one-to-one greedy matching: *exact* needs equal
boundaries after trimming spaces and punctuation, *overlap* any shared character.
Our overlap is more lenient than citron's, which credits the share of overlapping
tokens against the spans' lengths, so the two are not directly comparable.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import EvalFormatError
from .metrics import prf

COMPONENTS = ("cue", "source", "content")
TRIM = " \t\n.,;:!?\"'“”‘’()"

Span = tuple[int, int]


def _rows(path: Path):
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise EvalFormatError(f"{path}:{number}: not JSON ({exc})") from exc


def load_polnear(paths: Iterable[str | Path]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Documents by filename, and (filename, brat_ann) pairs, from files in any order."""
    documents, annotations = {}, []
    for path in map(Path, paths):
        for row in _rows(path):
            if "brat_ann" in row and "filename" in row:
                annotations.append((row["filename"], row["brat_ann"]))
            elif "text" in row and "filename" in row:
                documents[row["filename"]] = row["text"]
            else:
                raise EvalFormatError(f"{path}: rows need filename with text or brat_ann")
    missing = {name for name, _ in annotations} - documents.keys()
    if not annotations or missing:
        raise EvalFormatError(
            f"need documents and attributions; {len(missing)} annotated documents lack text"
            if annotations else "no attribution rows (brat_ann) in the given files")
    return documents, annotations


def _fragments(offsets: str) -> list[Span]:
    parts = []
    for fragment in offsets.split(";"):
        start, end = fragment.split()
        parts.append((int(start), int(end)))
    return parts


def brat_relations(ann: str) -> list[list[tuple[str, list[Span]]]]:
    """Each attribution relation of a brat .ann file as its (label, fragments) arguments,
    in file order (label lower-cased; "" for an argument naming no text span)."""
    spans, relations = {}, []
    for line in ann.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            label, _, offsets = fields[1].partition(" ")
            spans[fields[0]] = (label.lower(), _fragments(offsets))
        elif line.startswith("E") and len(fields) >= 2:
            relations.append([arg.split(":")[1] for arg in fields[1].split()[1:]])
    return [[spans.get(ref, ("", [])) for ref in args] for args in relations]


def parse_brat(ann: str) -> dict[str, list[list[Span]]]:
    """Gold spans per component; each span is a list of fragments."""
    gold: dict[str, list[list[Span]]] = {c: [] for c in COMPONENTS}
    for args in brat_relations(ann):
        for label, fragments in args:
            if label in gold and fragments not in gold[label]:
                gold[label].append(fragments)
    return gold


def _trimmed(text: str, span: Span) -> Span:
    start, end = span
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def _matches(text, pred: Span, gold: list[Span], exact: bool) -> bool:
    if exact:
        whole = (gold[0][0], gold[-1][1])
        return _trimmed(text, pred) == _trimmed(text, whole)
    return any(pred[0] < g[1] and g[0] < pred[1] for g in gold)


def _count(text, predicted: list[Span], gold: list[list[Span]], exact: bool) -> tuple[int, int, int]:
    unmatched = list(gold)
    hits = 0
    for span in predicted:
        for g in unmatched:
            if _matches(text, span, g, exact):
                unmatched.remove(g)
                hits += 1
                break
    return hits, len(predicted), len(gold)


def evaluate_attribution(paths, extract: Callable[[str], list] | None = None) -> dict:
    """Score ``extract(text) -> [Attribution]`` (default: claimscope's) on PolNeAR files."""
    if extract is None:
        from ..extract.attribution import find_attributions
        extract = find_attributions
    documents, annotations = load_polnear(paths)
    predictions = {name: extract(documents[name]) for name in {n for n, _ in annotations}}
    totals = {(c, m): [0, 0, 0] for c in COMPONENTS for m in ("exact", "overlap")}
    for name, ann in annotations:
        gold, text = parse_brat(ann), documents[name]
        for component in COMPONENTS:
            predicted = [getattr(a, component) for a in predictions[name]]
            predicted = list(dict.fromkeys(s for s in predicted if s is not None))
            for mode in ("exact", "overlap"):
                counts = _count(text, predicted, gold[component], mode == "exact")
                totals[(component, mode)] = [a + b for a, b in zip(totals[(component, mode)], counts)]
    metrics: dict = {f"{c}_{m}": prf(h, p, g) for (c, m), (h, p, g) in totals.items()}
    metrics.update(documents=len(predictions), annotated_documents=len(annotations),
                   gold_relations=totals[("cue", "exact")][2])
    return metrics
