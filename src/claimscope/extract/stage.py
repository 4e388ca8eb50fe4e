"""The extract stage: claims, entities, places, quantities and dates for the
article and comment segments of one page, as records with spans into
``page.text``."""
from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator, Mapping
from typing import Any

from .. import encoder
from ..analysis import PageAnalysis
from ..encoder import encodings_of
from ..fingerprint import derived_version
from ..records import Claim, DateMention, EntityMention, LineIndex, PlaceMention, Quantity
from ..settings import Settings
from ..text.units import CLAIM_SENTENCES, content_bounds, sentences, units_of
from . import (
    attribution,
    claim_check,
    coref,
    cuestates,
    dates,
    entities,
    places,
    quantities,
    quotes,
    textpass,
    verifier,
)
from .coref import SourceResolver

# a stored page whose extract version differs is extracted again; without MiniLM (not
# installed, or the "fast" profile) the claims come from the v3 cue tagger, and both
# versions say so
NAME = "extract.v6"
VERSION = encoder.variant(NAME)
# the profile decides which models run; the pipeline holds every stage to the page budget
# (budget.bounded)
READS: tuple[str, ...] = ("max_analysed_chars", "profile", "claim_continuations", "claim_check_threshold")


def version(settings: object = None) -> str:
    """The extractor's name (marked when MiniLM does not run under ``settings``) and a
    fingerprint of its code (from the package that builds it down), its models and word
    lists and the settings in ``READS``."""
    return derived_version(encoder.variant(NAME, settings), "claimscope.extract", settings, READS)


class _Producers(Mapping[str, str]):
    """Each record kind's producer: the version of the code that made it, the claims'
    marked when this process runs without MiniLM (``encoder.configure``)."""

    NAMES = {"claims": "extract.claims.v18", "entities": "extract.entities.v6",
             "places": "extract.places.v15", "quantities": "extract.quantities.v6",
             "dates": "extract.dates.v3"}

    def __getitem__(self, kind: str) -> str:
        name = self.NAMES[kind]
        return encoder.variant(name) if kind == "claims" else name

    def __iter__(self) -> Iterator[str]:
        return iter(self.NAMES)

    def __len__(self) -> int:
        return len(self.NAMES)


PRODUCERS = _Producers()
SEGMENT_KINDS = ("article", "comment")


def claim_id(page_id: str, start: int, end: int) -> str:
    """Stable across runs: the same span on the same page keeps its id."""
    return hashlib.sha1(f"{page_id}:{start}:{end}".encode()).hexdigest()[:16]


def _innermost(claims, start: int, end: int):
    """The smallest claim whose span contains ``[start, end)``."""
    holders = [c for c in claims if c.start <= start and end <= c.end]
    return min(holders, key=lambda c: c.end - c.start, default=None)


def _word_pieces(segments, encodings):
    """MiniLM's word-piece states of the page's article and comment segments for the cue
    tagger, read in batched passes unit by unit as the classify stage reads them
    (paragraphs, or a comment's body) so that the pass serves both stages
    (``encodings`` keeps the states for it)."""
    return cuestates.word_pieces([(unit.start, unit.text) for segment in segments
                                  if segment.kind in SEGMENT_KINDS for unit in units_of(segment)], encodings)


class _PageExtractor:
    def __init__(self, analysis: PageAnalysis, encodings, continuations: str = "quoted",
                 check_threshold: float = 0.0) -> None:
        self.page = analysis.page
        self.text = analysis.page.text
        self.continuations = continuations  # the claim_continuations setting
        self.check_threshold = check_threshold  # the claim_check_threshold setting
        self.quotes = quotes.quote_regions(self.text)  # the page's quotations, for every segment
        self.lines = LineIndex(self.text)
        self.anchor = dates.find_anchor(self.text, self.page.published)
        self.out: dict[str, list] = {kind: [] for kind in PRODUCERS}
        self.pieces = _word_pieces(analysis.segments, encodings)  # lazy: read when a sentence asks
        self.repeated = verifier.repeated_lines(
            self.text, [(s.start, s.end) for s in analysis.segments if s.kind in SEGMENT_KINDS])

    def _where(self, start: int, end: int) -> dict:
        line_start, line_end = self.lines.lines_of(start, end)
        return {"page_id": self.page.id, "start": start, "end": end,
                "line_start": line_start, "line_end": line_end}

    def segments(self, segments) -> None:
        """The records of ``segments`` (article and comment segments of the page, in order),
        their sentences parsed together."""
        # a comment's header lines (author, time stamp, "Reply") are furniture: only what it
        # says is parsed, and no record comes from them
        bounded = [(segment, content_bounds(segment)) for segment in segments]
        bounded = [(segment, (start, end)) for segment, (start, end) in bounded if start < end]
        parsed = textpass.parse_regions(self.text, [b for _, b in bounded], cuestates.second_look(self.pieces))
        # the cue tagger reads the page's parsed sentences in batches of its own, as the parser
        # did: one small batch per comment costs most of its time in per-call overhead
        probs = attribution.cue_probabilities([item for region in parsed for item in region if item.parsed],
                                              self.quotes, self.pieces)
        probs_of = iter(probs) if probs is not None else None
        for (segment, (start, end)), parsed_sentences in zip(bounded, parsed):
            region_probs = None if probs_of is None else [
                next(probs_of) for item in parsed_sentences if item.parsed]
            self.segment(segment, start, end, parsed_sentences, region_probs)

    def segment(self, segment, start: int, end: int, parsed, probs=None) -> None:
        resolver = SourceResolver()  # one per segment: a comment's "she" is not the article's
        found = attribution.attributions_from_parsed(self.text, parsed, self.pieces, self.quotes, probs)
        ents = textpass.entities_of(parsed)
        has_verb = textpass.verb_finder(parsed) if found else None  # only candidates ask it
        kept, followed = self._verified(segment, found, ents, has_verb)
        claims = self._claims(segment, kept, resolver, ents, followed)
        toponyms = places.find_toponyms(self.text, ents, start, end)
        self._places(toponyms)
        self._entities(ents, toponyms, resolver)
        self._quantities(start, end, claims)
        self._dates(start, end, claims)

    def _verified(self, segment, found, ents, has_verb=None) -> tuple[list, list]:
        """The candidates that pass the precision filter (``verifier.reject_reason``), and
        those rejected for what they say, not for who says it (``verifier.SPEAKER_REASONS``),
        whose sources coreference still follows."""
        kept, followed = [], []
        for a in found:
            reason = verifier.reject_reason(self.text, a, segment.kind, segment.start, ents, self.repeated, has_verb)
            if reason is None:
                kept.append(a)
            elif reason in verifier.SPEAKER_REASONS and a.source is not None:
                followed.append(a)
        kept = [dataclasses.replace(a, source=None)
                if verifier.names_recipient(self.text[a.cue[0]:a.cue[1]]) else a for a in kept]
        return kept, followed

    def _claims(self, segment, found, resolver, ents=(), followed=()) -> list[Claim]:
        claims = []
        not_claims = {id(a) for a in followed}
        found = sorted([*found, *followed], key=lambda a: a.cue[0])
        narration = self._narration(segment, ents)
        people = coref.narrated_people(self.text, found, narration)
        bodies = coref.narrated_bodies(self.text, found, narration)
        for a in found:
            start, end = attribution.extent(a)
            source = self.text[a.source[0]:a.source[1]] if a.source else None
            speaker = resolver.resolve(source, self._before(a.source, segment),
                                       people.get(a.source[0]) if a.source else None,
                                       bodies.get(a.source[0], ()) if a.source else ())
            if id(a) in not_claims or not self._passes_check(a, start, end, source, segment.kind):
                continue
            claims.append(Claim(
                id=claim_id(self.page.id, start, end), segment_index=segment.index,
                content=self.text[a.content[0]:a.content[1]], content_start=a.content[0],
                content_end=a.content[1], producer=PRODUCERS["claims"], source=source,
                source_start=a.source[0] if a.source else None,
                source_end=a.source[1] if a.source else None,
                source_entity=speaker,
                cue=self.text[a.cue[0]:a.cue[1]],
                cue_start=a.cue[0], cue_end=a.cue[1], quote_type=a.quote_type,
                segment_kind=segment.kind,
                comment_author=segment.author if segment.kind == "comment" else None,
                **self._where(start, end)))
        claims = [self._with_parent(c, claims) for c in claims]
        if segment.kind != "comment":  # a commenter's next sentence is the commenter's own
            claims += self._continuations(segment, claims)
        self.out["claims"].extend(claims)
        return claims

    def _passes_check(self, a, start: int, end: int, source: str | None, kind: str) -> bool:
        """The claim check scores the candidate (``[start, end)``, its extent) at least
        ``claim_check_threshold``."""
        if self.check_threshold <= 0:
            return True
        features = claim_check.claim_features(source, self.text[a.cue[0]:a.cue[1]],
                                              self.text[a.content[0]:a.content[1]], kind,
                                              claim_check.claim_context(self.text, start, end))
        return claim_check.load().probability(features) >= self.check_threshold

    def _narration(self, segment, ents) -> list:
        """The named entities a pronoun may point back to: in a comment, not the header
        that names the commenter ("Bob says:" is not who "he" is)."""
        if segment.kind != "comment":
            return ents
        body = self.text.find("\n", segment.start, segment.end)
        return [e for e in ents if e[0] > body >= 0 and self.text[e[0]:e[1]] != segment.author]

    def _continuations(self, segment, claims) -> list[Claim]:
        """Sentences after a claim in the same paragraph that carry no attribution of
        their own may continue the speaker's account: they become claims of that speaker
        with no cue. Under the default ``claim_continuations = "quoted"`` only quoted speech
        does ('"It's a big loss," English said. "He's a key to stopping things."'). An
        unquoted next sentence is mostly the writer's own ("Roethlisberger made the start.",
        "John Harris can be reached at …"): on real news pages about one in three such
        claims was the speaker's, so "all" (every such sentence) is for reading, not citing."""
        if self.continuations == "none":
            return []
        extra = []
        for sentence in sentences(self.text, segment.start, segment.end, CLAIM_SENTENCES):
            if any(c.start < sentence.end and sentence.start < c.end for c in claims):
                continue
            if self.continuations == "quoted" and not self._quoted_speech(sentence.start, sentence.end):
                continue
            before = [c for c in claims if c.end <= sentence.start and c.source_entity
                      and "\n" not in self.text[c.end:sentence.start]]
            if before:
                speaker = max(before, key=lambda c: c.end)
                extra.append(dataclasses.replace(
                    speaker, id=claim_id(self.page.id, sentence.start, sentence.end),
                    content=sentence.text, content_start=sentence.start, content_end=sentence.end,
                    source=None, source_start=None, source_end=None, cue=None, cue_start=None,
                    cue_end=None, quote_type="continuation", parent_id=None,
                    **self._where(sentence.start, sentence.end)))
        return extra

    def _quoted_speech(self, start: int, end: int) -> bool:
        """Most of ``[start, end)`` lies inside one quotation (``quotes.quote_regions``)."""
        region = quotes.region_touching(self.quotes, start, end)
        return region is not None and 2 * (min(region[1], end) - max(region[0], start)) >= end - start

    def _before(self, span, segment) -> str:
        if not span:
            return ""
        line_start = self.text.rfind("\n", segment.start, span[0]) + 1
        return self.text[max(line_start, span[0] - 150):span[0]]

    @staticmethod
    def _with_parent(claim: Claim, claims: list[Claim]) -> Claim:
        parents = [c for c in claims if c is not claim and c.content_start <= claim.start
                   and claim.end <= c.content_end]
        parent = min(parents, key=lambda c: c.content_end - c.content_start, default=None)
        return dataclasses.replace(claim, parent_id=parent.id) if parent else claim

    def _places(self, toponyms) -> None:
        for t in toponyms:
            p = t.place
            self.out["places"].append(PlaceMention(
                text=t.text, resolved_name=p.name, lat=p.lat, lon=p.lon, country=p.country,
                feature=p.feature, producer=PRODUCERS["places"], geonames_id=p.geonames_id,
                **self._where(t.start, t.end)))

    def _entities(self, ents, toponyms, resolver) -> None:
        for m in entities.find_entities(self.text, ents, toponyms, resolver):
            self.out["entities"].append(EntityMention(
                text=m.text, label=m.label, canonical=m.canonical,
                producer=PRODUCERS["entities"], **self._where(m.start, m.end)))

    def _quantities(self, start: int, end: int, claims) -> None:
        for q in quantities.find_quantities(self.text, start, end):
            holder = _innermost(claims, q.start, q.end)
            self.out["quantities"].append(Quantity(
                text=q.text, value=q.value, counted=q.counted, qualifier=q.qualifier,
                producer=PRODUCERS["quantities"], claim_id=holder.id if holder else None,
                kind=q.kind, unit=q.unit, lower=q.lower, upper=q.upper, vague=q.vague, rate=q.rate,
                **self._where(q.start, q.end)))

    def _dates(self, start: int, end: int, claims) -> None:
        for d in dates.find_dates(self.text, start, end, self.anchor):
            holder = _innermost(claims, d.start, d.end)
            self.out["dates"].append(DateMention(
                text=d.text, value=d.value, relative=d.relative, producer=PRODUCERS["dates"],
                claim_id=holder.id if holder else None, **self._where(d.start, d.end)))


class ExtractStage:
    name = "extract"
    requires = ("segments",)
    produces = ("claims", "entities", "places", "quantities", "dates")

    def __init__(self, settings: object = None) -> None:
        self.version = version(settings)
        self.continuations = getattr(settings, "claim_continuations", "quoted")
        self.check_threshold = getattr(settings, "claim_check_threshold", Settings.claim_check_threshold)

    def __call__(self, analysis: PageAnalysis) -> PageAnalysis:
        encodings = encodings_of(analysis)
        extractor = _PageExtractor(analysis, encodings, self.continuations, self.check_threshold)
        extractor.segments([segment for segment in analysis.segments if segment.kind in SEGMENT_KINDS])
        found: dict[str, Any] = {k: tuple(v) for k, v in extractor.out.items()}
        return dataclasses.replace(analysis, encodings=encodings, **found)
