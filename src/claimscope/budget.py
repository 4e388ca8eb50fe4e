"""Bounded work per page: every per-page stage reads at most ``max_analysed_chars``.

A page is stored whole, however long it is; what the stages analyse is a prefix of its
text, cut at a line end when one lies in the last half of the budget (one enormous line
is cut inside the line). ``bounded(stage, max_chars)`` wraps a stage so that it is handed
a view of the analysis: the page's text cut to that prefix, its regions and segments
clipped to it. The stage's records then carry offsets and line numbers into the prefix,
which are the same as into the whole text. A page under the budget reaches the stage
untouched, so its output cannot change.

Why a prefix of characters bounds every stage: the segmenter's cost grows with the
characters and with the lines it reads, extract's and classify's with the characters
of the segments they read, and a prefix of N characters has at most N lines and holds
segments of at most N characters in all. Shapes whose cost grows faster than their size
inside the prefix (one sentence of 100,000 characters) are bounded where they arise
(``text.units.MAX_CLAIM_SENTENCE_CHARS``).

Everything here is pure and per page, so the local and the Spark engines both get it
through ``pipeline.build_stages``.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from .analysis import PageAnalysis, Stage
from .records import Notice, Page, Segment
from .settings import SETTINGS

__all__ = ["DEFAULT_MAX_ANALYSED_CHARS", "BoundedStage", "analysed_end", "bounded", "budget_of",
           "clip_analysis", "clip_page", "clip_segments", "line_end_notice"]

DEFAULT_MAX_ANALYSED_CHARS: int = next(d for n, d, _ in SETTINGS if n == "max_analysed_chars")  # type: ignore[assignment]


def budget_of(settings: object) -> int:
    """``max_analysed_chars`` of a ``Settings`` (the default for anything else, e.g. a
    stage built from a plain dict in a test)."""
    return int(getattr(settings, "max_analysed_chars", DEFAULT_MAX_ANALYSED_CHARS))


def analysed_end(text: str, max_chars: int) -> int:
    """Where the analysed prefix of ``text`` ends: ``len(text)`` when it fits the budget
    (or the budget is 0, which turns the bound off); else the last line end in the second
    half of the budget, so that no line is cut in two; else ``max_chars`` itself."""
    if max_chars <= 0 or len(text) <= max_chars:
        return len(text)
    line_end = text.rfind("\n", max_chars // 2, max_chars)
    return line_end if line_end != -1 else max_chars


def _clip_segment(segment: Segment, end: int) -> Segment:
    if segment.end <= end:
        return segment
    text = segment.text[: end - segment.start].rstrip()
    return dataclasses.replace(segment, end=segment.start + len(text), text=text,
                               line_end=segment.line_start + text.count("\n"))


def clip_segments(segments: Iterable[Segment], end: int) -> tuple[Segment, ...]:
    """The segments that start before ``end``, the last one cut at ``end``."""
    return tuple(_clip_segment(s, end) for s in segments if s.start < end)


def clip_page(page: Page, end: int) -> Page:
    """``page`` with its text cut at ``end`` and its regions clipped to it (raw bytes kept:
    the same object, no copy)."""
    regions = tuple((kind, start, min(stop, end)) for kind, start, stop in page.regions if start < end)
    return dataclasses.replace(page, text=page.text[:end], regions=regions)


def clip_analysis(analysis: PageAnalysis, end: int) -> PageAnalysis:
    """What a stage sees of a page whose analysed prefix ends at ``end``."""
    return dataclasses.replace(analysis, page=clip_page(analysis.page, end),
                               segments=clip_segments(analysis.segments, end))


def line_end_notice(page: Page, stage: str, end: int, max_chars: int) -> Notice:
    return Notice(page_id=page.id, stage=stage,
                  reason=f"page text is longer than max_analysed_chars ({max_chars:,})",
                  chars_analysed=end, chars_total=len(page.text))


class BoundedStage:
    """``stage``, reading at most ``max_chars`` of each page; it records a ``Notice``
    on every page it stops early on. Everything else is the wrapped stage's."""

    def __init__(self, stage: Stage, max_chars: int) -> None:
        self.stage = stage
        self.max_chars = max_chars

    def __getattr__(self, name: str):
        if name == "stage":  # not set yet (unpickling): never recurse
            raise AttributeError(name)
        return getattr(self.stage, name)

    def __call__(self, analysis: PageAnalysis) -> PageAnalysis:
        text = analysis.page.text
        end = analysed_end(text, self.max_chars)
        if end == len(text):
            return self.stage(analysis)
        done = self.stage(clip_analysis(analysis, end))
        produced = {name: getattr(done, name) for name in self.stage.produces}
        notice = line_end_notice(analysis.page, self.stage.name, end, self.max_chars)
        return dataclasses.replace(analysis, **produced, notices=(*analysis.notices, notice))

    def __repr__(self) -> str:
        return f"BoundedStage({self.stage!r}, max_chars={self.max_chars})"


def bounded(stage: Stage, max_chars: int) -> Stage:
    """``stage`` bounded to ``max_chars`` a page (0: the stage itself, unbounded)."""
    return BoundedStage(stage, max_chars) if max_chars > 0 else stage
