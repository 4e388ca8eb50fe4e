"""Precision and recall of claims with a cue on hand-labelled real pages.

Each gold file (``claim_gold``) names a page of a shared dataset; the page is rebuilt,
segmented (its comment thread marked as a region, as HTML ingestion marks it) and run
through the extract stage. A predicted claim with a cue matches a gold one when their
cue spans overlap and the predicted content overlaps the gold content's opening words
(one-to-one, in page order). Only predictions whose cue lies in a file's labelled
windows count. On matched claims:

- *source right*: the predicted source overlaps the gold source and covers its last
  word (the head: "officials" of "Top Israeli officials"), and the resolved entity, if
  any, names the person the gold says a pronoun or surname stands for, or else shares a
  word with the gold source; a gold claim without a source is right only when none is
  predicted;
- *source whole*: the predicted source covers every word of the gold source;
- *author right* (comments): the claim's comment author equals the labelled one.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from .claim_gold import GoldClaim, GoldFile, load_gold

__all__ = ["evaluate_claims_on_pages", "predict_claims"]

KINDS = ("article", "comment")
_WORD = re.compile(r"\w+")
_NOT_NAMES = frozenset(["the", "and", "for", "who", "she", "they", "his", "her", "its"])


def predict_claims(gold: GoldFile, stage=None) -> list:
    """The extract stage's claims with a cue on the file's page, inside its windows."""
    from ..analysis import PageAnalysis
    from ..extract.stage import ExtractStage
    from ..records import Page
    from ..segment import segment_page

    page = gold.page
    regions: tuple[tuple[str, int, int], ...] = (("main", 0, page.comments_start),)
    if page.comments_start < len(page.text):
        regions += (("comments", page.comments_start, len(page.text)),)
    record = Page(id=f"{page.dataset}:{page.id}", source=gold.path, format="text",
                  raw=page.text.encode("utf-8"), text=page.text, regions=regions)
    segments = _within_windows(segment_page(record), gold.windows, page.text)
    analysis = (stage or ExtractStage())(PageAnalysis(page=record, segments=segments))
    return [c for c in analysis.claims if c.cue_start is not None and gold.covers(c.cue_start)]


def _within_windows(segments, windows, text: str) -> tuple:
    """The segments cut to the labelled windows: a long thread is read only where it was
    labelled (a segment that runs past a window's edge is cut there)."""
    cut = []
    for segment in segments:
        for start, end in windows:
            lo, hi = max(segment.start, start), min(segment.end, end)
            if lo < hi:
                cut.append(dataclasses.replace(segment, start=lo, end=hi, text=text[lo:hi]))
    return tuple(cut)


def _overlaps(a, b) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _matches(claim, gold: GoldClaim) -> bool:
    return _overlaps((claim.cue_start, claim.cue_end), gold.cue) and \
        _overlaps((claim.content_start, claim.content_end), gold.content)


def _covers(text: str, pred, gold, last_only: bool) -> bool:
    words = [m.span() for m in _WORD.finditer(text, *gold)]
    words = words[-1:] if last_only else words
    return bool(words) and all(pred[0] <= s and e <= pred[1] for s, e in words)


def _source_right(text: str, claim, gold: GoldClaim) -> bool:
    pred = (claim.source_start, claim.source_end) if claim.source_start is not None else None
    if gold.source is None or pred is None:
        return gold.source is None and pred is None
    if not (_overlaps(pred, gold.source) and _covers(text, pred, gold.source, last_only=True)):
        return False
    return _entity_fits(text, claim.source_entity, gold)


def _names(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text or "") if len(w) > 2} - _NOT_NAMES


def _entity_fits(text: str, entity: str | None, gold: GoldClaim) -> bool:
    """A resolved entity must name the labelled speaker (a pronoun's or surname's person)
    or share a word with the source as written: "Cyclone Sidr" for "a Government official"
    is a wrong source however well the span fits."""
    if not entity:
        return True
    if gold.speaker:
        return bool(_names(gold.speaker) & _names(entity))
    written = _names(text[gold.source[0]:gold.source[1]]) if gold.source else set()
    return not written or bool(written & _names(entity))


def _norm(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


class _Tally:
    def __init__(self) -> None:
        self.counts = {k: 0 for k in ("predicted", "gold", "matched", "right_sources",
                                      "whole_sources", "gold_sources", "authors", "right_authors")}

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] += n

    def result(self) -> dict:
        c = self.counts
        ratio = lambda a, b: round(c[a] / c[b], 4) if c[b] else None
        p, r = ratio("matched", "predicted"), ratio("matched", "gold")
        f1 = round(2 * p * r / (p + r), 4) if p and r else 0.0
        return {"precision": p, "recall": r, "f1": f1,
                "source_right": ratio("right_sources", "matched"),
                "source_whole": ratio("whole_sources", "gold_sources"),
                "author_right": ratio("right_authors", "authors"), **c}


def _score_file(gold: GoldFile, predicted: list, tallies: dict, details: list | None) -> None:
    text, unmatched = gold.page.text, list(gold.claims)
    for claim in sorted(predicted, key=lambda c: c.cue_start):
        kind = "comment" if claim.cue_start >= gold.page.comments_start else "article"
        hit = next((g for g in unmatched if _matches(claim, g)), None)
        for tally in (tallies["all"], tallies[kind]):
            tally.add("predicted")
        if hit is None:
            _note(details, gold, "false_positive", claim=claim)
            continue
        unmatched.remove(hit)
        _tally_match(text, claim, hit, (tallies["all"], tallies[hit.kind]), details, gold)
    for g in gold.claims:
        tallies["all"].add("gold")
        tallies[g.kind].add("gold")
    for g in unmatched:
        _note(details, gold, "missed", gold_claim=g)


def _tally_match(text, claim, hit: GoldClaim, tallies, details, gold) -> None:
    right = _source_right(text, claim, hit)
    whole = hit.source is not None and claim.source_start is not None and \
        _covers(text, (claim.source_start, claim.source_end), hit.source, last_only=False)
    for tally in tallies:
        tally.add("matched")
        tally.add("right_sources", right)
        tally.add("gold_sources", hit.source is not None)
        tally.add("whole_sources", whole)
        if hit.kind == "comment" and hit.author:
            tally.add("authors")
            tally.add("right_authors", _norm(claim.comment_author) == _norm(hit.author))
    if not right:
        _note(details, gold, "wrong_source", claim=claim, gold_claim=hit)


def _note(details, gold: GoldFile, what: str, claim=None, gold_claim=None) -> None:
    if details is None:
        return
    text = gold.page.text
    row: dict[str, str | None] = {"file": Path(gold.path).name, "error": what}
    if claim is not None:
        row.update(cue=claim.cue, source=claim.source, entity=claim.source_entity,
                   content=claim.content[:100], kind=claim.segment_kind, author=claim.comment_author)
    if gold_claim is not None:
        span = gold_claim.source
        row.update(gold_cue=text[slice(*gold_claim.cue)],
                   gold_source=text[slice(*span)] if span else None,
                   gold_content=text[slice(*gold_claim.content)], gold_kind=gold_claim.kind)
    details.append(row)


def evaluate_claims_on_pages(paths, split: str | None = None, details: bool = False,
                             root: Path | None = None) -> dict:
    """Score the extract stage's claims against gold files (only ``split`` if given)."""
    from ..extract.stage import ExtractStage

    files = [load_gold(p, root) for p in paths]
    files = [f for f in files if split is None or f.split == split]
    stage = ExtractStage()
    notes: list[dict] | None = [] if details else None
    tallies = {name: _Tally() for name in ("all",) + KINDS}
    for gold in files:
        _score_file(gold, predict_claims(gold, stage), tallies, notes)
    out = {"pages": len(files), "claims": tallies["all"].result(),
           **{kind: tallies[kind].result() for kind in KINDS}}
    if notes is not None:
        out["errors"] = notes
    return out
