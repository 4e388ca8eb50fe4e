"""Site chrome for the link steps: lines found on many pages of the corpus.

The segmenter leaves some template text inside article and comment segments ("As a final
step before posting your comment, enter the letters and numbers you see in the image
below.", "E-mail this to a friend", "When news happens: send photos ... to 0424 SMS SMH").
Two pages of one site then share it word for word, and every link step found it: on the
validation sites' pages, 166 of 172 near-duplicate endpoints were such lines.

Before linking, every distinct line of every page to link is counted once
(``link_line_pages``: normalised hash -> pages). A line on at least ``min_pages`` pages (the
``link_chrome_min_pages`` setting) is chrome: ``mask`` cuts it out of the page's article and
comment segments, so no step makes a unit of it. The count covers the pages linked so far
and the pages of this call, so a corpus linked in one call is masked the same whatever the
page order; a page linked later can turn a line into chrome for later pages only.

The cost: a text repeated word for word as a line on ``min_pages`` pages is not linked even
when it is content (a wire paragraph on three sites); near-duplicates of it that differ in
a word still are.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable

from ..records import Segment
from .text import norm_hash, words

__all__ = ["CONTENT_KINDS", "line_hashes", "mask"]

CONTENT_KINDS = ("article", "comment")


def line_hashes(text: str) -> set[str]:
    """The normalised hashes of a text's lines that have a word."""
    return {norm_hash(line) for line in text.split("\n") if words(line)}


def mask(segments: list[Segment], is_chrome: Callable[[str], bool]) -> list[Segment]:
    """Article and comment segments less their chrome lines (each run of other lines is a
    segment with the same index, offsets true to the page); other segments as they are."""
    out: list[Segment] = []
    for seg in segments:
        if seg.kind not in CONTENT_KINDS:
            out.append(seg)
            continue
        out.extend(_runs(seg, is_chrome))
    return out


def _runs(seg: Segment, is_chrome: Callable[[str], bool]) -> list[Segment]:
    runs: list[tuple[int, int]] = []
    start = pos = 0
    for line in seg.text.split("\n"):
        end = pos + len(line)
        if words(line) and is_chrome(line):
            if seg.text[start:pos].strip():
                runs.append((start, pos))
            start = end + 1
        pos = end + 1
    if seg.text[start:].strip():
        runs.append((start, len(seg.text)))
    if runs == [(0, len(seg.text))]:
        return [seg]
    return [_part(seg, a, b) for a, b in runs]


def _part(seg: Segment, a: int, b: int) -> Segment:
    text = seg.text[a:b].rstrip()
    lead = len(text) - len(text.lstrip())
    a, text = a + lead, text.lstrip()
    first = seg.line_start + seg.text.count("\n", 0, a)
    return dataclasses.replace(seg, start=seg.start + a, end=seg.start + a + len(text),
                               line_start=first, line_end=first + text.count("\n"), text=text)
