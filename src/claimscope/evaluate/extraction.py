"""Main-text and comment extraction from HTML against gold text.

Each line: {"id", "html"} and the gold, in any of three forms: Dragnet's split
``gold_main`` / ``gold_comments``; one ``gold`` text, with Dragnet's comments marker
when it has comments; or one ``gold`` in CleanEval markup (a ``URL:`` line, then
``<p>``/``<h>``/``<l>`` blocks), as the expected article HTML (the readability
tests), reduced to its words, or as page-signal's marked page (the spans of its title and
body classes are the main text, those of its comment class the comments). We run the HTML path
(ingest + segmentation) and compare the words of our article segments with
``gold_main`` and the words of our comment segments with ``gold_comments``:
bag-of-words precision, recall and F1 per page, averaged over pages (comments:
over the pages whose gold has comments). trafilatura's own output (main text,
comment blob) is scored in the same run as a baseline.
"""
from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator

from ..errors import EvalFormatError, InputError, require
from ..ingest import page_from_bytes
from ..segment import segment_page
from .claim_pages import selected_text
from .files import jsonl_rows
from .metrics import precision_recall_f1

__all__ = ["evaluate_extraction", "gold_parts", "word_prf"]

_TOKEN = re.compile(r"\w+", re.UNICODE)
COMMENTS_MARKER = "!@#$%^&*()  COMMENTS"  # Dragnet: main text above, comments below
_CLEANEVAL_URL = re.compile(r"\A\s*URL:[^\n]*\n")
_TAG = re.compile(r"<[^>]{0,2000}>")
# page-signal's gold is the whole page with the annotators' selections marked by span
# classes: its words are those of the selected spans, not of the page
PAGE_SIGNAL_MARK = 'class="x-nc-sel'
PAGE_SIGNAL_COMMENTS = "5"


def gold_parts(record: dict) -> tuple[str, str]:
    """(main text, comments) of a gold record in any of the forms above."""
    if "gold_main" in record or "gold_comments" in record:
        return record.get("gold_main") or "", record.get("gold_comments") or ""
    gold = record.get("gold")
    if not isinstance(gold, str):
        raise EvalFormatError("an extraction gold record needs 'gold_main' or 'gold'")
    if PAGE_SIGNAL_MARK in gold:
        return selected_text(gold), selected_text(gold, PAGE_SIGNAL_COMMENTS)
    main, _, comments = gold.partition(COMMENTS_MARKER)
    return _plain(main), _plain(comments)


def _plain(gold: str) -> str:
    """Markup reduced to text: CleanEval's URL line dropped, tags turned into line breaks,
    entities decoded (the scores are over words)."""
    return html.unescape(_TAG.sub("\n", _CLEANEVAL_URL.sub("", gold, count=1)))


def _words(text: str) -> Counter:
    return Counter(t.lower() for t in _TOKEN.findall(text or ""))


def word_prf(predicted: str, gold: str) -> tuple[float, float, float]:
    p, g = _words(predicted), _words(gold)
    return precision_recall_f1(sum((p & g).values()), sum(p.values()), sum(g.values()), empty_is_perfect=True)


def _records(paths: list[str]) -> Iterator[dict]:
    for path in paths:
        for number, record in jsonl_rows(path):
            if not isinstance(record.get("html"), str):
                raise EvalFormatError(f"{path}:{number}: not an extraction gold record (no 'html')")
            yield record


class _Mean:
    def __init__(self) -> None:
        self.sums, self.n = [0.0, 0.0, 0.0], 0

    def add(self, prf) -> None:
        self.sums = [a + b for a, b in zip(self.sums, prf)]
        self.n += 1

    def result(self) -> dict:
        if not self.n:
            return {"precision": None, "recall": None, "f1": None, "pages": 0}
        p, r, f = (round(x / self.n, 4) for x in self.sums)
        return {"precision": p, "recall": r, "f1": f, "pages": self.n}


def evaluate_extraction(paths: list[str], limit: int | None = None, baseline: bool = True) -> dict:
    trafilatura = require("trafilatura", "html") if baseline else None
    ours_main, ours_comments, base_main, base_comments = _Mean(), _Mean(), _Mean(), _Mean()
    failures = 0
    for n, record in enumerate(_records(paths)):
        if limit is not None and n >= limit:
            break
        gold_main, gold_comments = gold_parts(record)
        try:
            page = page_from_bytes(record["html"].encode("utf-8"), f"record:{record.get('id')}", "html")
            segments = segment_page(page)
            main = "\n".join(s.text for s in segments if s.kind == "article")
            comments = "\n".join(s.text for s in segments if s.kind == "comment")
        except InputError:
            failures += 1
            main = comments = ""
        ours_main.add(word_prf(main, gold_main))
        if gold_comments.strip():
            ours_comments.add(word_prf(comments, gold_comments))
        if trafilatura is not None:
            doc = trafilatura.bare_extraction(record["html"], include_comments=True, favor_recall=True)
            t_main = getattr(doc, "text", "") if doc is not None else ""
            t_comments = getattr(doc, "comments", "") if doc is not None else ""
            base_main.add(word_prf((getattr(doc, "title", "") or "") + "\n" + (t_main or ""), gold_main))
            if gold_comments.strip():
                base_comments.add(word_prf(t_comments or "", gold_comments))
    out = {
        "main": ours_main.result(), "comments": ours_comments.result(), "unreadable_pages": failures,
    }
    if baseline:
        out["baseline_trafilatura"] = {"main": base_main.result(), "comments": base_comments.result()}
    return out
