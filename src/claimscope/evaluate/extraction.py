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
over the pages whose gold has comments). trafilatura's own output (title and main text,
comment blob) is scored in the same run as a baseline.

Gold sets disagree about the headline: page-signal's marks it as main text, the
readability tests' expected article leaves it out. So main text is scored twice, for
both systems alike: ``main`` with the page title (ours: the article segments, which
start with it; trafilatura's: its title and text), ``main_body`` without it (ours:
the article segments outside the page's title region; trafilatura's: its text alone).
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
    ours_body, base_body = _Mean(), _Mean()
    failures = 0
    for n, record in enumerate(_records(paths)):
        if limit is not None and n >= limit:
            break
        gold_main, gold_comments = gold_parts(record)
        try:
            page = page_from_bytes(record["html"].encode("utf-8"), f"record:{record.get('id')}", "html")
            segments = segment_page(page)
            main = "\n".join(s.text for s in segments if s.kind == "article")
            body = "\n".join(_outside_title(page, s) for s in segments if s.kind == "article")
            comments = "\n".join(s.text for s in segments if s.kind == "comment")
        except InputError:
            failures += 1
            main = body = comments = ""
        ours_main.add(word_prf(main, gold_main))
        ours_body.add(word_prf(body, gold_main))
        if gold_comments.strip():
            ours_comments.add(word_prf(comments, gold_comments))
        if trafilatura is not None:
            # with_metadata: without it trafilatura reads no title at all
            doc = trafilatura.bare_extraction(record["html"], include_comments=True, favor_recall=True,
                                              with_metadata=True)
            t_main = getattr(doc, "text", "") if doc is not None else ""
            t_comments = getattr(doc, "comments", "") if doc is not None else ""
            base_main.add(word_prf((getattr(doc, "title", "") or "") + "\n" + (t_main or ""), gold_main))
            base_body.add(word_prf(t_main or "", gold_main))
            if gold_comments.strip():
                base_comments.add(word_prf(t_comments or "", gold_comments))
    out = {
        "main": ours_main.result(), "main_body": ours_body.result(), "comments": ours_comments.result(),
        "unreadable_pages": failures,
    }
    if baseline:
        out["baseline_trafilatura"] = {"main": base_main.result(), "main_body": base_body.result(),
                                       "comments": base_comments.result()}
    return out


def _outside_title(page, segment) -> str:
    """The segment's text less what lies in the page's title region (HTML pages lay out
    the title first: ``ingest.html``)."""
    cuts = sorted((max(s, segment.start), min(e, segment.end)) for kind, s, e in page.regions
                  if kind == "title" and s < segment.end and e > segment.start)
    kept, at = [], segment.start
    for start, end in cuts:
        kept.append(page.text[at:start])
        at = max(at, end)
    kept.append(page.text[at:segment.end])
    return "".join(kept)
