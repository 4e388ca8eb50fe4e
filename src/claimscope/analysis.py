"""What the per-page stages build up: one page and every record found on it.

A stage is any object with ``name``, ``version``, ``requires``, ``produces`` and
``__call__(analysis) -> analysis``. It is pure: same input, same output, no I/O
besides loading its model once per process. That is what lets the local and the
Spark engines run the very same code.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Protocol

from .records import (
    Claim,
    DateMention,
    EntityMention,
    Flag,
    Notice,
    Page,
    PlaceMention,
    Quantity,
    Segment,
)

if TYPE_CHECKING:
    from .encoder import Encodings

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
    # MiniLM's vectors and word-piece states of this page's texts, made by the first stage
    # that reads them and reused by the later ones (``encoder.encodings_of``); a cache, not
    # a result: it is never stored and never compared
    encodings: Encodings | None = field(default=None, compare=False, repr=False)
    # every stage may add one: it analysed only part of the page (``budget.bounded``)
    notices: tuple[Notice, ...] = ()

    def records(self):
        """Every record except the page, in a stable order."""
        for name in RECORD_FIELDS:
            yield from getattr(self, name)


# The names of the PageAnalysis fields that hold records (all but ``page`` and the cache).
RECORD_FIELDS = tuple(f.name for f in fields(PageAnalysis) if f.name not in ("page", "encodings"))


class Stage(Protocol):
    name: str  # e.g. "segment"
    version: str  # e.g. "segment.lines.v2+9cb1bad6", derived (fingerprint.py): kept in stage_done
    requires: tuple[str, ...]  # PageAnalysis fields it reads
    produces: tuple[str, ...]  # PageAnalysis fields it fills

    def __call__(self, analysis: PageAnalysis) -> PageAnalysis: ...
