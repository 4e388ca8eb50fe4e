"""Site chrome for the link steps: text that many pages, or two pages of one site, repeat.

The segmenter leaves some template text inside article and comment segments ("As a final
step before posting your comment, enter the letters and numbers you see in the image
below.", "E-mail this to a friend", "{ 74 comments... read them below or add one }"). Two
pages of one site then share it word for word, and every link step found it: on the
validation sites' pages, 166 of 172 near-duplicate endpoints were such text.

Before linking, every distinct piece of every page to link is counted once
(``link_line_pages``): a piece is a line, or a sentence of a line, normalised (case,
punctuation, spacing, every digit read as 0). It is counted for the corpus and, when the
page has a site (its URL's host, else its outlet), for that site. A piece is chrome when it
is on two pages of one site, or on ``min_pages`` pages of any sites (the
``link_chrome_min_pages`` setting); ``mask`` cuts chrome out of the article and comment
segments, so no step makes a unit of it. The counts cover the pages linked so far and the
pages of this call, so a corpus linked in one call is masked the same whatever the page
order; a page linked later can turn a piece into chrome for later pages only.

Two more kinds of text are cut from article and comment segments whatever the counts: a
sentence that the page's article text prints ``link_page_repeats`` times (a setting: a
related-stories list shown twice), and page furniture by its words (``text.content.is_furniture``:
bylines, credit and rights lines, captions, sharing, paywall and comment-form sentences),
tested sentence by sentence so that a statement on the same line stays.

The cost: text repeated word for word on two pages of one site, or on ``min_pages`` pages
of several sites (a wire paragraph on three sites), is not linked even when it is content;
copies across two sites, and near-copies that differ in a word, still are.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from ..records import Segment
from ..text.content import is_furniture
from ..text.units import LINK_SENTENCES
from ..text.units import sentences as _sentences
from .text import norm_hash, words

__all__ = ["CONTENT_KINDS", "SITE_REPEATS", "PAGE_REPEATS", "piece_keys", "site_of", "mask"]

CONTENT_KINDS = ("article", "comment")
SITE_REPEATS = 2  # pages of one site that make a piece chrome
# times one page's article text prints a sentence (or a line of one sentence) that make it
# chrome: a list of related stories ("Headline Lede sentence. Headline Lede sentence.")
# shown twice (top stories, by section) in what the segmenter took for article text. An
# article rarely says a sentence twice; the cost is a pull quote, whose sentence is not linked
PAGE_REPEATS = 2  # the link_page_repeats setting's default
_DIGIT = re.compile(r"\d+")


def site_of(url: str | None, outlet: str | None) -> str | None:
    """The host of ``url`` (without "www."), else ``outlet``, else None."""
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    return outlet or None


def _pieces(text: str, whole_lines: bool = True) -> list[tuple[int, int]]:
    """Spans of a text's lines, and of each sentence of a line of several sentences
    (``whole_lines=False``: such a line's sentences only)."""
    out, pos = [], 0
    for line in text.split("\n"):
        if words(line):
            parts = _sentences(line, rule=LINK_SENTENCES)
            if whole_lines or len(parts) < 2:
                out.append((pos, pos + len(line)))
            if len(parts) > 1:
                out.extend((pos + p.start, pos + p.end) for p in parts if words(p.text))
        pos += len(line) + 1
    return out


def _key(text: str) -> str:
    return norm_hash(_DIGIT.sub("0", text))


def piece_keys(text: str, site: str | None) -> set[str]:
    """What a page's text adds to the counts: each piece's key, and its key within the site."""
    keys = {_key(text[a:b]) for a, b in _pieces(text)}
    return keys | {f"{site}\t{k}" for k in keys} if site else keys


def mask(segments: list[Segment], counts: Callable[[set[str]], dict[str, int]],
         site: str | None, min_pages: int, page_repeats: int = PAGE_REPEATS) -> list[Segment]:
    """Article and comment segments less their chrome pieces, the article lines the page
    repeats (``page_repeats`` times) and their page furniture
    (``text.content.is_furniture``: bylines, credits, captions, sharing, paywall and
    comment-form sentences, tested on each sentence, or each line of one sentence); each
    run of other text is a segment with the same index, offsets true to the page; other
    segments as they are. ``counts(keys)``: pages counted for each key; ``min_pages`` 0:
    no piece is chrome by its counts, furniture is still cut; ``page_repeats``: the
    ``link_page_repeats`` setting, 0 for none."""
    content = [seg for seg in segments if seg.kind in CONTENT_KINDS]
    spans = {seg.index: _pieces(seg.text) for seg in content}
    keys = {_key(seg.text[a:b]) for seg in content for a, b in spans[seg.index]}
    found = counts(keys | ({f"{site}\t{k}" for k in keys} if site else set())) if min_pages else {}

    def chrome(piece: str) -> bool:
        k = _key(piece)
        return bool(min_pages) and (found.get(k, 0) >= min_pages or (
            site is not None and found.get(f"{site}\t{k}", 0) >= SITE_REPEATS))

    repeated = _repeated(content, page_repeats) if page_repeats else set()
    out: list[Segment] = []
    for seg in segments:
        if seg.kind not in CONTENT_KINDS:
            out.append(seg)
            continue
        cut = [(a, b) for a, b in spans[seg.index] if chrome(seg.text[a:b])]
        cut += [(a, b) for a, b in _pieces(seg.text, whole_lines=False)
                if _key(seg.text[a:b]) in repeated or is_furniture(seg.text[a:b])]
        out.extend(_runs(seg, cut))
    return out


def _repeated(content: list[Segment], times: int) -> set[str]:
    """Keys of the sentences (lines of one sentence) found ``times`` times or more in the
    page's article text."""
    seen: dict[str, int] = {}
    for seg in content:
        if seg.kind == "article":
            for a, b in _pieces(seg.text, whole_lines=False):
                k = _key(seg.text[a:b])
                seen[k] = seen.get(k, 0) + 1
    return {k for k, n in seen.items() if n >= times}


def _runs(seg: Segment, cut: list[tuple[int, int]]) -> list[Segment]:
    if not cut:
        return [seg]
    runs, start = [], 0
    for a, b in sorted(cut):
        if a > start and seg.text[start:a].strip():
            runs.append((start, a))
        start = max(start, b)
    if seg.text[start:].strip():
        runs.append((start, len(seg.text)))
    return [_part(seg, a, b) for a, b in runs]


def _part(seg: Segment, a: int, b: int) -> Segment:
    text = seg.text[a:b].rstrip()
    lead = len(text) - len(text.lstrip())
    a, text = a + lead, text.lstrip()
    first = seg.line_start + seg.text.count("\n", 0, a)
    return dataclasses.replace(seg, start=seg.start + a, end=seg.start + a + len(text),
                               line_start=first, line_end=first + text.count("\n"), text=text)
