"""The record types that flow through claimscope.

Every record is a frozen, slotted dataclass. Stages never mutate a record: they
return new ones (``dataclasses.replace``). Every record that describes a piece of
a page carries its provenance: the page id, a half-open character span
``[start, end)`` into ``Page.text``, the 1-based inclusive line range of that
span, and the versioned name of the producer that made it
(e.g. ``segment.lines.v2``).

Page
  └─ Segment (article | teaser | comment | boilerplate)
       ├─ Claim ── Quantity, PlaceMention, DateMention (by span containment)
       ├─ EntityMention
       └─ Flag (toxicity, hate, propaganda technique, narrative)
  └─ Notice (a stage analysed only part of the page, and why)
Link / Cluster connect spans across pages (corpus level).
"""
from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field

__all__ = [
    "SEGMENT_KINDS",
    "Page",
    "Segment",
    "Claim",
    "EntityMention",
    "PlaceMention",
    "Quantity",
    "DateMention",
    "Flag",
    "Link",
    "PageError",
    "Notice",
    "Cluster",
    "LineIndex",
    "page_id_for",
]

SEGMENT_KINDS = ("article", "teaser", "comment", "boilerplate")


def page_id_for(raw: bytes) -> str:
    """A page's id: the first 32 hex digits of the SHA-256 of its raw bytes."""
    return hashlib.sha256(raw).hexdigest()[:32]


class LineIndex:
    """Maps character offsets of one text to 1-based line numbers.

    Built once per page (O(n)); each lookup is a binary search, so stages can
    convert thousands of spans cheaply.
    """

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._starts = starts

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)

    def lines_of(self, start: int, end: int) -> tuple[int, int]:
        """The first and last line touched by the span ``[start, end)``."""
        last = max(start, end - 1)
        return self.line_of(start), self.line_of(last)

    def line_start(self, line: int) -> int:
        """Character offset at which 1-based ``line`` begins."""
        return self._starts[line - 1]

    @property
    def line_count(self) -> int:
        return len(self._starts)


@dataclass(frozen=True, slots=True)
class Page:
    """One scraped page: its raw bytes (kept forever) and their decoded text."""

    id: str
    source: str  # path, URI or "path#record" exactly as given
    format: str  # text | html | warc | jsonl
    raw: bytes = field(repr=False)
    text: str = field(repr=False)
    encoding: str = "utf-8"
    replaced_chars: int = 0  # undecodable bytes replaced with U+FFFD
    decode_notes: tuple[str, ...] = ()
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO 8601 date when known
    # Structure a reader saw in the source, e.g. (("main", s, e), ("comments", s, e)) for HTML.
    regions: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Segment:
    """A contiguous part of a page with one role. ``text == page.text[start:end]``."""

    page_id: str
    index: int  # order within the page, from 0
    kind: str  # one of SEGMENT_KINDS
    start: int
    end: int
    line_start: int
    line_end: int
    text: str = field(repr=False)
    producer: str
    title: str | None = None
    author: str | None = None  # exactly as the page shows it; None when absent
    byline: str | None = None
    outlet: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in SEGMENT_KINDS:
            raise ValueError(f"unknown segment kind {self.kind!r}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")


@dataclass(frozen=True, slots=True)
class Claim:
    """An attributed statement: who (source) says (cue) what (content)."""

    id: str
    page_id: str
    segment_index: int
    start: int  # span of the whole claim (source + cue + content)
    end: int
    line_start: int
    line_end: int
    content: str
    content_start: int
    content_end: int
    producer: str
    source: str | None = None  # as written ("she", "the spokesperson")
    source_start: int | None = None
    source_end: int | None = None
    source_entity: str | None = None  # canonical name ("Mariya Zakharova")
    cue: str | None = None  # as written ("said", "according to")
    cue_start: int | None = None
    cue_end: int | None = None
    quote_type: str = "indirect"  # direct | indirect | mixed
    parent_id: str | None = None  # nested attribution inside another claim
    segment_kind: str | None = None  # article | comment: where the claim was written
    comment_author: str | None = None  # the commenter who wrote it, as the page shows the name


@dataclass(frozen=True, slots=True)
class EntityMention:
    page_id: str
    start: int
    end: int
    line_start: int
    line_end: int
    text: str
    label: str  # PERSON | ORG | PLACE | GROUP | ...
    canonical: str  # one canonical name per entity and page
    producer: str


@dataclass(frozen=True, slots=True)
class PlaceMention:
    page_id: str
    start: int
    end: int
    line_start: int
    line_end: int
    text: str  # as written
    resolved_name: str | None
    lat: float | None
    lon: float | None
    country: str | None  # ISO 3166-1 alpha-2
    feature: str | None  # city, admin1, country, ...
    producer: str
    geonames_id: int | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    page_id: str
    start: int
    end: int
    line_start: int
    line_end: int
    text: str  # as written ("about 50")
    value: float | None  # None for a range or a vague amount: see lower / upper
    counted: str | None  # what it counts ("people killed", "national debt")
    qualifier: str | None  # approximate | lower_bound | upper_bound | range | None
    producer: str
    claim_id: str | None = None
    kind: str = "count"  # count | money | percent | fraction | measure
    unit: str | None = None  # ISO 4217 code for money ("USD"); percent, fraction, km, ...
    lower: float | None = None  # the least the text allows ("more than 50", "10-15", "thousands")
    upper: float | None = None  # the most ("up to 50", "10-15")
    vague: bool = False  # "several thousand", "hundreds of": the bound is all the text says
    rate: str | None = None  # per what ("year" in "$5 billion a year")


@dataclass(frozen=True, slots=True)
class DateMention:
    page_id: str
    start: int
    end: int
    line_start: int
    line_end: int
    text: str
    value: str | None  # ISO date when resolvable
    relative: bool  # True when it could not be anchored to an absolute date
    producer: str
    claim_id: str | None = None


@dataclass(frozen=True, slots=True)
class Flag:
    """A classifier's verdict on a span. Flags never hide or delete anything. ``shown`` is
    False for a flag kept in the store but left out of the default views (a propaganda
    technique or a toxic comment scored under the threshold at which such flags are right
    at least half the time); views show it when asked for every flag."""

    page_id: str
    segment_index: int
    segment_kind: str
    start: int
    end: int
    line_start: int
    line_end: int
    label: str  # toxic | hate | propaganda:<technique> | narrative
    score: float
    model: str  # name and version, e.g. "claimscope-hate-v1"
    target_group: str | None = None
    narrative_id: str | None = None
    evidence: str | None = None  # the text that triggered the flag
    shown: bool = True  # shown by default (False: kept, shown on request)


@dataclass(frozen=True, slots=True)
class Link:
    """Two spans (usually on different pages) that share text, a claim or a story."""

    kind: str  # near_duplicate | same_claim | same_story
    a_page_id: str
    a_start: int
    a_end: int
    b_page_id: str
    b_start: int
    b_end: int
    similarity: float
    producer: str
    cluster_id: str | None = None


@dataclass(frozen=True, slots=True)
class PageError:
    """An input that could not be turned into a page, with the reason."""

    source: str
    stage: str
    reason: str


@dataclass(frozen=True, slots=True)
class Notice:
    """A stage analysed only ``[0, chars_analysed)`` of a page's text, and why.

    The page itself is stored whole; the notice says that records past
    ``chars_analysed`` were never looked for, so their absence means nothing.
    """

    page_id: str
    stage: str  # the stage that stopped early, e.g. "extract"
    reason: str  # e.g. "page text is longer than max_analysed_chars (250,000)"
    chars_analysed: int
    chars_total: int


@dataclass(frozen=True, slots=True)
class Cluster:
    """A group of linked spans (same text, claim or story) with its earliest-seen member.

    ``first_seen`` is the first member page's ``published`` date when known; "earliest"
    falls back to ingestion order for undated pages. Members are the spans that
    carry this ``id`` as ``Link.cluster_id``.
    """

    id: str
    kind: str  # near_duplicate | same_claim | same_story
    first_page_id: str
    first_start: int
    first_end: int
    first_seen: str | None
    size: int  # number of member spans
    label: str  # the first member's text, shortened
    producer: str
