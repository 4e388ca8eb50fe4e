"""Lay highlight spans over text as properly nested, escaped ``<mark>`` elements.

Spans come from many producers and overlap freely (a claim's content holds an
entity which straddles a flag's edge). HTML can only nest, so the text is cut at
every span boundary and marks are kept on a stack: when a span ends while a
shorter-lived one opened after it is still open, the inner marks are closed,
the ended one is closed, and the inner ones reopened. A span cut this way shows
as several ``<mark>`` elements carrying the same ``data-record``. All text goes
through ``markupsafe.escape``; attribute values too.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

from markupsafe import Markup, escape

__all__ = ["MARK_KINDS", "Span", "render_marks"]

MARK_KINDS = ("claim-source", "claim-cue", "claim-content", "entity", "place", "quantity",
              "date", "flag")


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range of the text to mark, and what it stands for."""

    start: int
    end: int
    kind: str  # one of MARK_KINDS
    record: str  # id of the record it opens, e.g. "claim-3"
    title: str = ""


def _open(span: Span) -> str:
    title = f' title="{escape(span.title)}"' if span.title else ""
    return (f'<mark data-kind="{escape(span.kind)}" data-record="{escape(span.record)}"'
            f"{title}>")


def _clip(spans: list[Span], length: int) -> list[Span]:
    clipped = []
    for s in spans:
        start, end = max(0, s.start), min(length, s.end)
        if start < end:  # empty or out-of-range spans mark nothing
            clipped.append(Span(start, end, s.kind, s.record, s.title))
    return clipped


def render_marks(text: str, spans: list[Span], offset: int = 0) -> Markup:
    """``text`` escaped, with every span marked. Span offsets are relative to
    the whole page; ``offset`` is where ``text`` starts in it."""
    local = [Span(s.start - offset, s.end - offset, s.kind, s.record, s.title) for s in spans]
    local = _clip(local, len(text))
    # longer spans open first at a shared start, so they end up outside
    starts = sorted(local, key=lambda s: (s.start, -s.end, s.kind, s.record))
    cuts = sorted({0, len(text), *(s.start for s in local), *(s.end for s in local)})
    out: list[str] = []
    stack: list[Span] = []
    pending = iter(starts)
    nxt = next(pending, None)
    for here, there in itertools.pairwise(cuts):
        _close_ended(stack, here, out)
        while nxt is not None and nxt.start == here:
            stack.append(nxt)
            out.append(_open(nxt))
            nxt = next(pending, None)
        out.append(str(escape(text[here:there])))
    _close_ended(stack, len(text), out)
    return Markup("".join(out))


def _close_ended(stack: list[Span], here: int, out: list[str]) -> None:
    """Close every span that ends at ``here``, reopening the still-open ones
    that had to be closed to reach it."""
    if not any(s.end <= here for s in stack):
        return
    deepest = min(i for i, s in enumerate(stack) if s.end <= here)
    reopen = [s for s in stack[deepest:] if s.end > here]
    out.append("</mark>" * (len(stack) - deepest))
    del stack[deepest:]
    for span in reopen:
        stack.append(span)
        out.append(_open(span))
