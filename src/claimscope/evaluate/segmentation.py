"""Segmentation against hand-labelled gold (format: docs/gold-format.md).

A predicted segment matches a gold segment of the same kind when their line
ranges overlap with IoU >= 0.5 (one-to-one, greedy by IoU). Per kind we report
precision, recall and F1; for matched comments, author accuracy (names compared
after collapsing whitespace; "no author" must match "no author").

All gold pages are segmented as one corpus, so corpus-level boilerplate
evidence is learnt from them exactly as ``claimscope run`` would.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import EvalFormatError
from ..ingest import read_inputs
from ..records import Page, Segment
from ..segment import evidence_of, segment_page
from .metrics import prf

__all__ = ["GoldPage", "load_gold", "evaluate_segmentation", "line_iou"]

KINDS = ("article", "teaser", "comment", "boilerplate")


@dataclass(frozen=True)
class GoldPage:
    name: str
    path: Path
    segments: tuple[dict, ...]  # line-based gold
    html: dict | None = None  # the simpler HTML form


def _resolve(page: str, gold_file: Path, shared: Path | None) -> Path:
    if page.startswith("shared:"):
        base = shared or _find_up(gold_file.parent, "shared", sibling=True)
        return base / page.removeprefix("shared:")
    start = gold_file.parent
    for folder in (Path.cwd(), *start.resolve().parents):
        candidate = folder / page
        if candidate.exists():
            return candidate
    return Path(page)


def _find_up(start: Path, name: str, sibling: bool) -> Path:
    for folder in start.resolve().parents:
        if (folder / name).is_dir():
            return folder / name
    return Path("..") / name


def load_gold(files: list[str], shared: str | None = None) -> list[GoldPage]:
    pages = []
    for file in files:
        path = Path(file)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            page_path = _resolve(data["page"], path, Path(shared) if shared else None)
        except (OSError, ValueError, KeyError) as exc:
            raise EvalFormatError(f"{file}: not a gold segmentation file ({exc})") from exc
        if data.get("format") == "html":
            pages.append(GoldPage(path.stem, page_path, (), data))
        else:
            pages.append(GoldPage(path.stem, page_path, tuple(data["segments"])))
    return pages


def line_iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0]) + 1
    if inter <= 0:
        return 0.0
    return inter / (max(a[1], b[1]) - min(a[0], b[0]) + 1)


_WS = re.compile(r"\s+")


def _same_name(a: str | None, b: str | None) -> bool:
    norm = lambda s: _WS.sub(" ", s).strip() if s else None  # noqa: E731
    return norm(a) == norm(b)


def _match(gold: list[dict], predicted: list[Segment], kind: str):
    pairs = []
    for gi, g in enumerate(gold):
        if g["kind"] != kind:
            continue
        for pi, p in enumerate(predicted):
            if p.kind == kind:
                iou = line_iou(tuple(g["lines"]), (p.line_start, p.line_end))
                if iou >= 0.5:
                    pairs.append((iou, gi, pi))
    used_g, used_p, matches = set(), set(), []
    for _iou, gi, pi in sorted(pairs, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            matches.append((gold[gi], predicted[pi]))
    return matches


def _read_page(path: Path) -> Page:
    for item in read_inputs([str(path)]):
        if isinstance(item, Page):
            return item
        raise EvalFormatError(f"{path}: {item.reason}")
    raise EvalFormatError(f"{path}: no page read")


def evaluate_segmentation(gold_pages: list[GoldPage]) -> dict:
    pages = [_read_page(g.path) for g in gold_pages]
    evidence = evidence_of(pages)
    totals = {k: {"gold": 0, "predicted": 0, "matched": 0} for k in KINDS}
    authors = {"matched_comments": 0, "author_correct": 0}
    per_page = {}
    html_checks = {"comments_gold": 0, "comments_found": 0, "authors_correct": 0}
    for gold, page in zip(gold_pages, pages):
        predicted = list(segment_page(page, evidence))
        if gold.html is not None:
            _score_html(gold.html, predicted, html_checks)
            continue
        page_scores = {}
        for kind in KINDS:
            matches = _match(list(gold.segments), predicted, kind)
            t = totals[kind]
            g_n = sum(s["kind"] == kind for s in gold.segments)
            p_n = sum(s.kind == kind for s in predicted)
            t["gold"] += g_n
            t["predicted"] += p_n
            t["matched"] += len(matches)
            page_scores[kind] = prf(len(matches), p_n, g_n, empty_is_perfect=True)["f1"]
            if kind == "comment":
                authors["matched_comments"] += len(matches)
                authors["author_correct"] += sum(_same_name(g.get("author"), p.author) for g, p in matches)
        per_page[gold.name] = page_scores
    result: dict = {kind: prf(t["matched"], t["predicted"], t["gold"], empty_is_perfect=True) | t for kind, t in totals.items()}
    result["author_accuracy"] = (authors["author_correct"] / authors["matched_comments"]
                                 if authors["matched_comments"] else None)
    result["pages"] = len(gold_pages)
    result["per_page_f1"] = per_page
    if html_checks["comments_gold"]:
        result["html_comment_recall"] = html_checks["comments_found"] / html_checks["comments_gold"]
        result["html_author_accuracy"] = (html_checks["authors_correct"] / html_checks["comments_found"]
                                          if html_checks["comments_found"] else None)
    return result


def _score_html(gold: dict, predicted: list[Segment], checks: dict) -> None:
    """HTML gold names each comment by its author and first words."""
    comments = [s for s in predicted if s.kind == "comment"]
    for g in gold.get("comments", []):
        checks["comments_gold"] += 1
        start = _WS.sub(" ", g["text_startswith"]).strip()[:30]
        hit = next((c for c in comments if start and start in _WS.sub(" ", c.text)), None)
        if hit is not None:
            checks["comments_found"] += 1
            checks["authors_correct"] += _same_name(g.get("author"), hit.author)
