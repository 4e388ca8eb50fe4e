"""Segmentation on real pages with line-labelled gold (``claimscope eval segmentation-real``).

Input: JSON lines, one rendered page each, ``{id, text, labels[, trafilatura, site,
renderer, authors]}`` where ``labels`` gives each non-blank line of ``text`` a label —
article, comment or boilerplate (``scripts/build_segment_data.py`` writes these from the
HTML datasets). ``trafilatura``, when present, labels the same lines by what trafilatura
kept from the page's DOM; ``authors``, when present, maps a comment's first line number
(1-based, in ``text``) to its author.

Metrics, each the mean over pages of a per-page F1:

- ``article_f1``: article lines of at least 30 characters, on pages without comments
  ("news" pages) and on pages with comments ("thread" pages);
- ``comment_f1``: comment lines (any length), on thread pages;
- ``comment_author_accuracy``: comments whose author line is named in ``authors`` and
  found with the same author, where any page has ``authors``: a comment found from that
  line, or from at most ``HEADER_LINES_ABOVE`` non-blank lines above it that hold no other
  labelled comment (its number printed over the name, since segment v13, is its header).

Each is given for claimscope, the one-line rule (a line of 40 or more characters ending
in . ! ? or a quote is article; nothing is a comment) and trafilatura where labelled, over
all pages and (``by_dataset``) for each source dataset apart (a record's ``dataset``, else
its id's prefix: "dragnet:R769").
"""
from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from ..errors import EvalFormatError
from ..records import Page
from ..segment import evidence_of, segment_page
from ..segment.lines import line_table

__all__ = ["load_labelled", "as_pages", "evaluate_real", "one_line_rule", "page_scores", "line_scores"]

MIN_ARTICLE_CHARS = 30
HEADER_LINES_ABOVE = 1
_RULE_END = re.compile(r"[.!?][\"”’'»)]?$|[\"”»]$")


def load_labelled(files: list[str]) -> list[dict]:
    records: list[dict] = []
    for file in files:
        opener = gzip.open if file.endswith(".gz") else open
        try:
            with opener(file, "rt", encoding="utf-8") as fh:
                records.extend(json.loads(line) for line in fh if line.strip())
        except (OSError, ValueError) as exc:
            raise EvalFormatError(f"{file}: not a line-labelled JSONL file ({exc})") from exc
    for record in records:
        if not isinstance(record, dict) or "text" not in record or "labels" not in record:
            raise EvalFormatError("each record needs 'text' and 'labels' (see docs/segmentation.md)")
    return records


def one_line_rule(lines: list[str]) -> list[str]:
    return ["article" if len(s.strip()) >= 40 and _RULE_END.search(s.strip()) else "boilerplate" for s in lines]


def predicted_labels(page: Page, evidence, model=None) -> tuple[list[str], dict[int, str | None]]:
    """Each non-blank line's kind by claimscope (teasers count as boilerplate, as in the
    gold), and the author of each comment keyed by its first line number."""
    kinds: dict[int, str] = {}
    authors: dict[int, str | None] = {}
    for seg in segment_page(page, evidence, model):
        for number in range(seg.line_start, seg.line_end + 1):
            kinds[number] = seg.kind if seg.kind in ("article", "comment") else "boilerplate"
        if seg.kind == "comment":
            authors[seg.line_start] = seg.author
    table = line_table(page.text)
    return [kinds.get(ln.number, "boilerplate") for ln in table], authors


def _f1(gold: list[bool], predicted: list[bool]) -> float | None:
    tp = sum(g and p for g, p in zip(gold, predicted))
    g_n, p_n = sum(gold), sum(predicted)
    if not g_n and not p_n:
        return None
    return 2 * tp / (g_n + p_n)


def page_scores(lines: list[str], gold: list[str], predicted: list[str]) -> dict[str, float | None]:
    return line_scores([len(s.strip()) for s in lines], gold, predicted)


def line_scores(lengths, gold: list[str], predicted: list[str]) -> dict[str, float | None]:
    """``page_scores`` from each line's length (characters, stripped) instead of its text."""
    idx = [i for i, n in enumerate(lengths) if n >= MIN_ARTICLE_CHARS]
    return {
        "article_f1": _f1([gold[i] == "article" for i in idx], [predicted[i] == "article" for i in idx]),
        "comment_f1": _f1([g == "comment" for g in gold], [p == "comment" for p in predicted]),
    }


def as_pages(records: list[dict]) -> list[Page]:
    """The records' texts as plain-text pages, each named by its record's id."""
    return [Page(id=str(r.get("id", i)), source=str(r.get("id", i)), format="text",
                 raw=r["text"].encode("utf-8"), text=r["text"]) for i, r in enumerate(records)]


def evaluate_real(records: list[dict], model=None) -> dict:
    pages = as_pages(records)
    evidence = evidence_of(pages)
    systems: dict[str, dict[str, list[float]]] = {}
    by_renderer: dict[str, dict[str, list[float]]] = {}  # claimscope's figures per rendering convention
    by_dataset: dict[str, dict[str, dict[str, list[float]]]] = {}  # every system's figures per source dataset
    author_hits = [0, 0]
    for record, page in zip(records, pages):
        table = line_table(page.text)
        lines = [ln.text for ln in table]
        gold = record["labels"]
        if len(gold) != len(lines):
            raise EvalFormatError(f"{page.id}: {len(gold)} labels for {len(lines)} lines")
        ours, authors = predicted_labels(page, evidence, model)
        outputs = {"claimscope": ours, "one_line_rule": one_line_rule(lines)}
        if record.get("trafilatura"):
            outputs["trafilatura"] = record["trafilatura"]
        group = "thread" if "comment" in gold else "news"
        for name, predicted in outputs.items():
            for metric, value in page_scores(lines, gold, predicted).items():
                if value is not None and (metric == "article_f1" or group == "thread"):
                    systems.setdefault(name, {}).setdefault(f"{group}_{metric}", []).append(value)
                    by_dataset.setdefault(dataset_of(record), {}).setdefault(name, {}).setdefault(
                        f"{group}_{metric}", []).append(value)
                    if name == "claimscope" and record.get("renderer"):
                        by_renderer.setdefault(str(record["renderer"]), {}).setdefault(
                            f"{group}_{metric}", []).append(value)
        labelled = record.get("authors") or {}
        numbers = [ln.number for ln in table]
        for first_line, author in labelled.items():
            author_hits[1] += 1
            author_hits[0] += _found_with(int(first_line), author, authors, numbers, labelled)
    return _summary(systems, author_hits, records, by_renderer, by_dataset)


def _found_with(first_line: int, author: str | None, found: dict[int, str | None], numbers: list[int],
                labelled: dict) -> bool:
    """Whether the comment labelled at ``first_line`` was found with ``author``: a comment
    opens at that line, or at up to ``HEADER_LINES_ABOVE`` non-blank lines (``numbers``)
    above it where no other labelled comment opens."""
    if first_line in found:
        return found[first_line] == author
    if first_line not in numbers:
        return False
    at = numbers.index(first_line)
    for above in reversed(numbers[max(at - HEADER_LINES_ABOVE, 0):at]):
        if str(above) in labelled:
            return False
        if above in found:
            return found[above] == author
    return False


def dataset_of(record: dict) -> str:
    """The dataset a labelled page comes from: its ``dataset`` field, else the prefix of its
    id ("dragnet:R769" -> "dragnet"), else "pages"."""
    named = record.get("dataset") or str(record.get("id", "")).partition(":")[0]
    return str(named) if named and named != str(record.get("id", "")) else "pages"


def _summary(systems: dict, author_hits: list[int], records: list[dict], by_renderer: dict,
             by_dataset: dict) -> dict:
    mean = lambda xs: round(sum(xs) / len(xs), 4) if xs else None  # noqa: E731
    out: dict = {"pages": len(records),
                 "news_pages": sum("comment" not in r["labels"] for r in records),
                 "thread_pages": sum("comment" in r["labels"] for r in records)}
    for name, metrics in systems.items():
        out[name] = {metric: mean(values) for metric, values in sorted(metrics.items())}
    out["claimscope"]["comment_author_accuracy"] = (
        round(author_hits[0] / author_hits[1], 4) if author_hits[1] else None)
    # the same pages read differently by each renderer: where a figure depends on the scraper
    out["claimscope_by_renderer"] = {
        renderer: {metric: mean(values) for metric, values in sorted(metrics.items())}
        for renderer, metrics in sorted(by_renderer.items())}
    # news pages of one source are not another's (a blog without comments counts as "news"):
    # each dataset's pages apart, with their counts, for every system
    out["by_dataset"] = {}
    for dataset, systems_of in sorted(by_dataset.items()):
        labels = [r["labels"] for r in records if dataset_of(r) == dataset]
        out["by_dataset"][dataset] = {
            "news_pages": sum("comment" not in gold for gold in labels),
            "thread_pages": sum("comment" in gold for gold in labels),
            **{name: {metric: mean(values) for metric, values in sorted(metrics.items())}
               for name, metrics in sorted(systems_of.items())}}
    return out


def default_files(shared: Path) -> list[str]:
    return [str(p) for p in sorted(shared.glob("*.jsonl*"))]
