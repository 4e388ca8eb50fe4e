"""Turn scores into Flag records: one pure function per kind of flag.

A unit is the piece of a segment that is scored as one text: a whole comment,
or one paragraph of an article. Offsets in scores are relative to the unit;
``_flag`` moves them to page offsets and adds line numbers.
"""
from __future__ import annotations

import dataclasses
from collections import Counter

from ..records import Flag, LineIndex
from ..settings import Settings
from ..text.units import Unit, sentences, units_of
from .narratives import Catalogue
from .propaganda import TechniqueScores
from .toxicity import (
    ARTICLE_MODEL_FLOOR,
    ToxicityScore,
    model_label,
    targets_of,
)

__all__ = ["Unit", "units_of", "toxicity_flags", "propaganda_flags", "narrative_flags", "unshown_signatures"]

EVIDENCE_CHARS = 500  # long evidence (a whole paragraph) is cut to this many characters
SIGNATURE_REPEATS = 3  # a flagged sentence this often on one page is a signature (unshown_signatures)


def _flag(unit: Unit, lines: LineIndex, start: int, end: int, label: str, score: float,
          model: str, evidence: str | None = None, **extra) -> Flag:
    page_start, page_end = unit.start + start, unit.start + end
    line_start, line_end = lines.lines_of(page_start, page_end)
    text = evidence if evidence is not None else unit.text[start:end]
    return Flag(page_id=unit.page_id, segment_index=unit.segment_index,
                segment_kind=unit.kind, start=page_start, end=page_end,
                line_start=line_start, line_end=line_end, label=label, score=round(float(score), 4),
                model=model, evidence=text[:EVIDENCE_CHARS], **extra)


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    for unit in sentences(text):
        if unit.start <= start < unit.end:
            return unit.start, max(unit.end, end)
    return start, end


def toxicity_flags(unit: Unit, score: ToxicityScore, lines: LineIndex, settings: Settings,
                   lexicon_version: str) -> list[Flag]:
    model = f"{model_label()}+{lexicon_version}"
    if unit.kind != "comment":
        score = score.discount_model(ARTICLE_MODEL_FLOOR)
    flags = []
    if score.hate >= settings.hate_threshold:
        flags.extend(_hate_flags(unit, score, lines, model, settings))
    if score.toxic >= settings.toxic_threshold:
        start, end = _toxic_span(unit.text, score)
        # in a comment, an insult, a slur or a trope the lexicon finds is shown as stored; the
        # model's own scores are wrong on most real comment threads, slang and praise read as
        # abuse (scripts/calibrate_toxic_shown.py). In an article an insult word is mostly
        # quoted or self-mocking ("I'm going to look like a moron on the mat"): there only
        # the shown threshold shows it.
        lexical = score.lexicon_toxic >= settings.toxic_threshold or score.lexicon_hate >= settings.hate_threshold
        shown = score.toxic >= settings.toxic_shown_threshold or (unit.kind == "comment" and lexical)
        flags.append(_flag(unit, lines, start, end, "toxic", score.toxic, model, shown=shown))
    return flags


def unshown_signatures(flags: list[Flag]) -> list[Flag]:
    """The page's flags with a ``toxic`` sentence that stands ``SIGNATURE_REPEATS`` or more
    times among them not shown by default: a member's forum signature printed under each
    of their posts ("Rihanna isn't as awful as its just stupid.") insults nobody in the
    thread (16 of 19 such flags were wrong on labelled real comment threads). They stay
    stored."""
    counts = Counter(f.evidence for f in flags if f.label == "toxic")
    return [dataclasses.replace(f, shown=False) if f.label == "toxic" and counts[f.evidence] >= SIGNATURE_REPEATS
            else f for f in flags]


def _hate_flags(unit: Unit, score: ToxicityScore, lines: LineIndex, model: str,
                settings: Settings) -> list[Flag]:
    """One flag per target group whose own hate score reaches ``hate_threshold``; a hate
    flag always names its target (a text that names no group gets none). It is shown by
    default when a slur, coded term or trope of the lexicon carries it; where only the model
    does (a group named in a sentence it scores as hateful: "proud to be an Indian", "girls
    in tech" on real comment threads), only from ``hate_shown_threshold``."""
    flags = []
    for target in targets_of(score, settings.hate_threshold):
        # the sentence is the span an analyst reads; the trigger word is the evidence
        start, end = _sentence_around(unit.text, target.start, target.end)
        shown = target.lexicon >= settings.hate_threshold or target.score() >= settings.hate_shown_threshold
        flags.append(_flag(unit, lines, start, end, "hate", target.score(), model, shown=shown,
                           evidence=unit.text[target.start:target.end], target_group=target.group))
    return flags


def _toxic_span(text: str, score: ToxicityScore) -> tuple[int, int]:
    insults = [h for h in score.hits if h.kind != "identity"]
    if insults:
        return _sentence_around(text, insults[0].start, insults[0].end)
    return 0, len(text)


def propaganda_flags(unit: Unit, scores: TechniqueScores, thresholds: dict[str, float],
                     lines: LineIndex, model: str, shown: dict[str, float] | None = None) -> list[Flag]:
    """One flag per technique at or above its (stored) threshold, ``shown`` by default when
    also at or above its ``shown`` threshold (every flag when None). The score is the
    paragraph's; the span is the sentence holding the word piece that most drove it (the
    whole paragraph when the model gives none: the n-gram fallback)."""
    flags = []
    for technique, p in sorted(scores.probs.items()):
        if p < thresholds[technique]:
            continue
        piece = scores.pieces.get(technique)
        start, end = _sentence_around(unit.text, *piece) if piece else (0, len(unit.text))
        flags.append(_flag(unit, lines, start, end, f"propaganda:{technique}", p, model,
                           shown=shown is None or p >= shown[technique]))
    return flags


def narrative_flags(unit: Unit, catalogue: Catalogue, threshold: float,
                    lines: LineIndex) -> list[Flag]:
    model = f"claimscope-narratives.lexical.v1+{catalogue.version}"
    return [_flag(unit, lines, m.start, m.end, "narrative", m.score, model, narrative_id=m.narrative_id)
            for m in catalogue.match(unit.text) if m.score >= threshold]
