"""One pass over a text region: split sentences, parse those that may carry a
claim (full pipeline), run NER alone on the rest, and hand back the pieces the
extractors need. This is where "parse only where it pays" happens.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from ..text.units import CLAIM_SENTENCES, Span
from ..text.units import sentences as split_sentences
from . import cues, nlp


@dataclass(frozen=True, slots=True)
class ParsedSentence:
    sentence: Span
    doc: object  # spacy Doc of sentence.text
    parsed: bool  # True when the dependency parse was run

    def entities(self):
        base = self.sentence.start
        return [(base + e.start_char, base + e.end_char, e.label_) for e in self.doc.ents]


def parse_region(text: str, start: int = 0, end: int | None = None, second_look=None) -> list[ParsedSentence]:
    """``second_look(start, end)``, when given, may send a sentence without a cue word,
    quotation mark or colon to the parser too (``cuestates.second_look``)."""
    return parse_regions(text, [(start, end)], second_look)[0]


def parse_regions(text: str, bounds: Sequence[tuple[int, int | None]], second_look=None) -> list[list[ParsedSentence]]:
    """``parse_region`` of each (start, end) of ``text``, with one call of the full pipeline
    and one of NER for all of them: each call costs spaCy a set-up of its own, and a page's
    comments are many small regions (208 calls on 100 news pages took 13 s where one call
    for the same sentences took 11; the parses are the same)."""
    regions = []
    for start, end in bounds:
        sentences = split_sentences(text, start, end, CLAIM_SENTENCES)
        needs_parse = [cues.mentions_cue(s.text) or (second_look is not None and second_look(s.start, s.end))
                       for s in sentences]
        regions.append((sentences, needs_parse))
    full = iter(nlp.parse_full([s.text for sentences, needs in regions
                                for s, p in zip(sentences, needs) if p]))
    light = iter(nlp.parse_ner_only([s.text for sentences, needs in regions
                                     for s, p in zip(sentences, needs) if not p]))
    return [[ParsedSentence(s, next(full) if p else next(light), p) for s, p in zip(sentences, needs)]
            for sentences, needs in regions]


def entities_of(parsed: list[ParsedSentence]):
    return [e for ps in parsed for e in ps.entities()]


VERB_TAGS = frozenset(("VERB", "AUX"))


def verb_finder(parsed: list[ParsedSentence]):
    """``has_verb(start, end)``: whether the parse put a verb in ``text[start:end]``. A
    stretch that starts outside every parsed sentence has one as far as anyone knows."""
    verbs = sorted(ps.sentence.start + tok.idx for ps in parsed if ps.parsed
                   for tok in cast(Iterable[Any], ps.doc) if tok.pos_ in VERB_TAGS)
    starts = [ps.sentence.start for ps in parsed if ps.parsed]
    ends = [ps.sentence.end for ps in parsed if ps.parsed]

    def has_verb(start: int, end: int) -> bool:
        k = bisect.bisect_right(starts, start) - 1
        if k < 0 or start >= ends[k]:
            return True
        i = bisect.bisect_left(verbs, start)
        return i < len(verbs) and verbs[i] < end

    return has_verb


def geoparse_text(text: str):
    from .places import find_toponyms

    return find_toponyms(text, entities_of(parse_region(text)))
