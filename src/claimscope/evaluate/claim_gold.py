"""Hand-labelled claims on real pages (``tests/gold/claims/*.json``; format in
docs/gold-claims.md), resolved to character spans in the rebuilt page text.

A label quotes short strings, not offsets: ``at`` is a stretch of text that holds the
cue and occurs once in the labelled windows (the whole page unless the file names some); the source and the content head are found nearest to
it. Quoted strings survive small changes of the rebuild better than offsets, and a
file whose page text changed fails loudly (``text_sha1``).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import EvalFormatError
from .claim_pages import GoldPage, rebuild_page

__all__ = ["GoldClaim", "GoldFile", "load_gold", "text_sha1"]

SOURCE_REACH = 600  # a source is written within this many characters of its cue
CONTENT_REACH = 2500  # a quotation may open a paragraph before its cue
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldClaim:
    cue: Span
    content: Span  # the content's opening words (a prediction must overlap them)
    source: Span | None  # None: the text names no source ("it was reported")
    speaker: str | None  # whom a pronoun or surname source stands for
    kind: str  # article | comment
    author: str | None  # the commenter, for a claim inside a comment


@dataclass(frozen=True, slots=True)
class GoldFile:
    path: str
    page: GoldPage
    split: str  # dev | test
    windows: tuple[Span, ...]  # stretches labelled exhaustively
    claims: tuple[GoldClaim, ...]

    def covers(self, offset: int) -> bool:
        return any(s <= offset < e for s, e in self.windows)


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def load_gold(path: str | Path, root: Path | None = None) -> GoldFile:
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvalFormatError(f"{path}: {exc}") from exc
    page = rebuild_page(data["dataset"], data["id"], root)
    if data.get("comments_from"):  # a page whose text does not say where its thread starts
        start = page.text.find(data["comments_from"])
        if start < 0:
            raise EvalFormatError(f"{path}: comments_from not found on the page")
        page = dataclasses.replace(page, comments_start=start)
    if data.get("text_sha1") and data["text_sha1"] != text_sha1(page.text):
        raise EvalFormatError(f"{path}: the rebuilt page text changed (text_sha1 differs)")
    if data.get("split") not in ("dev", "test"):
        raise EvalFormatError(f"{path}: split must be 'dev' or 'test'")
    windows = tuple(tuple(w) for w in data.get("windows") or [(0, len(page.text))])
    claims = tuple(_resolve(page, windows, label, f"{path}: claim {n}") for n, label in
                   enumerate(data.get("claims", []), 1))
    return GoldFile(str(path), page, data["split"], windows, claims)


def _occurrences(text: str, needle: str, windows) -> list[int]:
    found, at = [], text.find(needle)
    while at >= 0:
        if any(s <= at < e for s, e in windows):
            found.append(at)
        at = text.find(needle, at + 1)
    return found


def _resolve(page: GoldPage, windows, label: dict, where: str) -> GoldClaim:
    text = page.text
    anchor = label.get("at") or label["cue"]
    places = _occurrences(text, anchor, windows)
    if len(places) != 1:
        raise EvalFormatError(f"{where}: 'at' {anchor!r} must occur exactly once in the labelled windows")
    first = places[0]
    inside = anchor.find(label["cue"])
    if inside < 0:
        raise EvalFormatError(f"{where}: cue {label['cue']!r} is not inside {anchor!r}")
    cue = (first + inside, first + inside + len(label["cue"]))
    kind = "comment" if cue[0] >= page.comments_start else "article"
    if label.get("kind", kind) != kind:
        raise EvalFormatError(f"{where}: labelled {label['kind']}, but the cue lies in the {kind}")
    content = _nearest(text, label["content"], cue, CONTENT_REACH, where)
    source = _nearest(text, label["source"], cue, SOURCE_REACH, where) if label.get("source") else None
    return GoldClaim(cue, content, source, label.get("speaker"), kind,
                     label.get("author") if kind == "comment" else None)


def _nearest(text: str, needle: str, cue: Span, reach: int, where: str) -> Span:
    """The occurrence of ``needle`` closest to the cue, within ``reach`` characters."""
    best, start = None, text.find(needle, max(0, cue[0] - reach - len(needle)))
    while 0 <= start <= cue[1] + reach:
        distance = max(start - cue[1], cue[0] - (start + len(needle)), 0)
        if best is None or distance < best[0]:
            best = (distance, start)
        start = text.find(needle, start + 1)
    if best is None:
        raise EvalFormatError(f"{where}: {needle!r} not found near its cue")
    return best[1], best[1] + len(needle)
