"""What the per-page stages build up: one page and every record found on it.

A stage is any object with ``name``, ``version``, ``requires``, ``produces`` and
``__call__(analysis) -> analysis``. It is pure: same input, same output, no I/O
besides loading its model once per process. That is what lets the local and the
Spark engines run the very same code.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Protocol

from .records import (
    Claim,
    DateMention,
    EntityMention,
    Flag,
    Page,
    PlaceMention,
    Quantity,
    Segment,
)

__all__ = ["PageAnalysis", "Stage", "RECORD_FIELDS"]


@dataclass(frozen=True, slots=True)
class PageAnalysis:
    page: Page
    segments: tuple[Segment, ...] = ()
    claims: tuple[Claim, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    flags: tuple[Flag, ...] = ()

    def records(self):
        """Every record except the page, in a stable order."""
        for name in RECORD_FIELDS:
            yield from getattr(self, name)


# The names of the PageAnalysis fields that hold records (all but ``page``).
RECORD_FIELDS = tuple(f.name for f in fields(PageAnalysis) if f.name != "page")


class Stage(Protocol):
    name: str  # e.g. "segment"
    version: str  # e.g. "segment.lines.v2": stored with every record it makes
    requires: tuple[str, ...]  # PageAnalysis fields it reads
    produces: tuple[str, ...]  # PageAnalysis fields it fills

    def __call__(self, analysis: PageAnalysis) -> PageAnalysis: ...
