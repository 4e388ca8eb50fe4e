"""Spans of text, and the one paragraph and sentence splitter every stage cuts with.

Every piece keeps its ``[start, end)`` offsets into the string it was cut from, so a
record can always point back at the exact characters it came from.

The stages were trained and tuned on slightly different cutting rules (where a
paragraph breaks, whether a closing quote stays with its sentence, which
abbreviations do not end one). Changing a rule changes the models' inputs and the
stored spans, so each rule is kept as data (``ParagraphRule``, ``SentenceRule``) and
named after what it serves; the cutting itself is one piece of code.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Literal

from ..records import Segment
from .content import AUTHOR_LINE_TAIL, COMMENT_NUMBER, is_header_line

__all__ = ["Span", "Unit", "ParagraphRule", "SentenceRule", "BLANK_LINES", "BLANK_LINES_OR_LINES",
           "FLAG_SENTENCES", "CLAIM_SENTENCES", "TECHNIQUE_SENTENCES", "LINK_SENTENCES",
           "paragraphs", "sentences", "trimmed", "units_of", "comment_body_offset", "content_bounds"]


@dataclass(frozen=True, slots=True)
class Span:
    """``text == source[start:end]`` for the string ``source`` it was cut from."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Unit:
    """A span of ``Page.text`` that a stage reads as one text (a paragraph, a comment's
    body, a sentence, a claim), with the segment it lies in."""

    page_id: str
    segment_index: int
    kind: str  # the kind of the segment it came from ("article", "comment", …) or its own
    start: int  # page offsets
    end: int
    text: str

    def part(self, start: int, end: int) -> Unit:
        """``text[start:end]`` of this unit as a unit of its own."""
        return replace(self, start=self.start + start, end=self.start + end, text=self.text[start:end])


@dataclass(frozen=True, slots=True)
class ParagraphRule:
    breaks: re.Pattern  # a match lies between two paragraphs
    lines_when_none: bool = False  # no match at all: every line is a paragraph


# A blank line (spaces and tabs allowed) separates paragraphs: what the classifiers
# and the cue tagger were trained on.
BLANK_LINES = ParagraphRule(re.compile(r"\n[ \t]*\n"))
# Any run of white space holding two line breaks; a text with none is cut into lines:
# the linkers compare pasted paragraphs, and some pastes lose their blank lines.
BLANK_LINES_OR_LINES = ParagraphRule(re.compile(r"\n\s*\n"), lines_when_none=True)


@dataclass(frozen=True, slots=True)
class SentenceRule:
    boundary: re.Pattern  # a match is where one sentence ends and the next begins
    # where the cut falls: "gap" drops the match (it is the space between), "end" cuts
    # after it (it ends the sentence), "start" before it (it begins the next one)
    cut: Literal["gap", "end", "start"] = "gap"
    # a "." right after one of these words (or after a single letter) ends no sentence
    abbreviations: frozenset[str] = frozenset()
    # cut into these first, so that no sentence runs over a paragraph break
    paragraphs: ParagraphRule | None = None
    # strip white space off each sentence (and drop the empty ones); False keeps every
    # non-empty stretch between cuts as it is
    trim: bool = True
    # a longer "sentence" (junk without full stops: one line of 200 MB) is cut into pieces
    # of at most this many characters; None leaves sentences whole
    max_chars: int | None = None


# Flags: after . ! ? … (a closing quote or bracket may follow) and white space, at any
# line break, and after an ellipsis glued to the next word (comment writers omit the space).
FLAG_SENTENCES = SentenceRule(re.compile(r"(?<=[.!?…])\s+|(?<=[.!?…][\"'”’)])\s+|\s*\n\s*|(?<=…)(?=\w)"))

# Claims: . ! ? (and closing quotes or brackets) before white space and something that can
# start a sentence, unless the "." ends a known abbreviation ("Sept. 11", "U.S. officials");
# a blank line, or a line break before a capital, also ends one.
CLAIM_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sen rep gov gen col lt sgt capt jr sr st no vs etc inc corp co ltd "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e a.m p.m mt ft "
    "rev adm maj cmdr pres supt dept univ est approx fig "
    # police and military ranks and honorifics before a name ("Const. Dave Woodford said",
    # "Det. Sgt. Mary Jones told reporters")
    "det const cst cpl insp pte pvt brig cdr atty asst hon".split()
)
# Attribution weighs every token of a sentence against each cue in it, so one huge
# sentence costs its length squared (40,000 characters took 37 s); sentences of real prose
# stay far below MAX_CLAIM_SENTENCE_CHARS (the longest in the example pages has 584).
MAX_CLAIM_SENTENCE_CHARS = 2_000
CLAIM_SENTENCES = SentenceRule(
    re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])"), cut="end",
    abbreviations=CLAIM_ABBREVIATIONS,
    paragraphs=ParagraphRule(re.compile(r"\n\s*\n|\n(?=[\"“‘]?[A-Z])")),
    max_chars=MAX_CLAIM_SENTENCE_CHARS)

# Propaganda techniques (the sentence head's training cut): after . ! ? and closing quotes
# or brackets, before a capital or digit; white space is kept.
TECHNIQUE_SENTENCES = SentenceRule(re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])"),
                                   trim=False)

# Links: after . ! ? … and a space before a capital or digit, inside a paragraph; a closing
# quote after the stop begins the next sentence, as the stored link spans always had it.
LINK_SENTENCES = SentenceRule(re.compile(r"(?<=[.!?…])[\"”’)\]]?\s+(?=[\"“‘(\[]?[A-Z0-9])"), cut="start",
                              paragraphs=BLANK_LINES_OR_LINES)


def trimmed(text: str, start: int, end: int) -> Span | None:
    """``text[start:end]`` without its surrounding white space; None when nothing is left."""
    piece = text[start:end]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    if right <= left:
        return None
    return Span(start + left, start + right, piece[left:right])


def _between(text: str, gaps: Iterator[tuple[int, int]], start: int, end: int, trim: bool) -> list[Span]:
    """The pieces of ``text[start:end]`` between ``gaps`` ((start, end) pairs in order)."""
    out, cursor = [], start
    for gap_start, gap_end in [*gaps, (end, end)]:
        if trim:
            piece = trimmed(text, cursor, gap_start)
        else:
            piece = Span(cursor, gap_start, text[cursor:gap_start]) if gap_start > cursor else None
        if piece is not None:
            out.append(piece)
        cursor = gap_end
    return out


def paragraphs(text: str, start: int = 0, end: int | None = None, rule: ParagraphRule = BLANK_LINES) -> list[Span]:
    """The paragraphs of ``text[start:end]``, white space trimmed, empty ones dropped."""
    end = len(text) if end is None else end
    breaks = rule.breaks
    if rule.lines_when_none and not breaks.search(text, start, end):
        breaks = re.compile(r"\n")
    gaps = ((m.start(), m.end()) for m in breaks.finditer(text, start, end))
    return _between(text, gaps, start, end, trim=True)


def _is_abbreviation(text: str, dot: int, abbreviations: frozenset[str]) -> bool:
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:dot].lower().lstrip("(\"“")
    return word in abbreviations or (len(word) == 1 and word.isalpha())


def _cuts(text: str, start: int, end: int, rule: SentenceRule) -> Iterator[tuple[int, int]]:
    for m in rule.boundary.finditer(text, start, end):
        if rule.abbreviations and text[m.start()] == "." and _is_abbreviation(text, m.start(), rule.abbreviations):
            continue
        if rule.cut == "gap":
            yield m.start(), m.end()
        else:
            at = m.end() if rule.cut == "end" else m.start()
            yield at, at


def sentences(text: str, start: int = 0, end: int | None = None, rule: SentenceRule = FLAG_SENTENCES) -> list[Span]:
    """The sentences of ``text[start:end]`` as ``rule`` cuts them."""
    end = len(text) if end is None else end
    blocks = paragraphs(text, start, end, rule.paragraphs) if rule.paragraphs else [Span(start, end, "")]
    out: list[Span] = []
    for block in blocks:
        out.extend(_between(text, _cuts(text, block.start, block.end, rule), block.start, block.end, rule.trim))
    if rule.max_chars is None or all(len(s.text) <= rule.max_chars for s in out):
        return out
    return [piece for s in out for piece in _pieces(text, s, rule.max_chars, rule.trim)]


def _pieces(text: str, sentence: Span, most: int, trim: bool) -> list[Span]:
    """``sentence`` in pieces of at most ``most`` characters, cut at a space when one lies
    in the last half of a piece."""
    gaps, start, end = [], sentence.start, sentence.end
    while end - start > most:
        cut = text.rfind(" ", start + most // 2, start + most)
        start = start + most if cut == -1 else cut
        gaps.append((start, start))
    return _between(text, iter(gaps), sentence.start, end, trim)


def comment_body_offset(segment: Segment) -> int:
    """Where a comment's body starts in ``segment.text``: after the author line
    when the text begins with the author's name (as scraped comment threads show
    it), maybe under the comment's number, else 0. Display names ("Zionism = EVIL")
    are not what the comment says."""
    author = (segment.author or "").strip()
    text = segment.text
    first, newline, rest = text.partition("\n")
    lead = len(text) - len(rest.lstrip()) if newline and COMMENT_NUMBER.match(first.strip()) else 0
    if not author or not text.startswith(author, lead):
        return 0
    end = lead + len(author)
    tail = AUTHOR_LINE_TAIL.match(text, end)
    if tail:  # "Dana says:": the header's template words go with the name
        end = tail.end()
    rest = text[end:]
    if rest and rest[0] not in "\r\n":
        return 0  # the name runs on into the first sentence: not an author line
    return end + len(rest) - len(rest.lstrip())


def content_bounds(segment: Segment) -> tuple[int, int]:
    """The page offsets ``[start, end)`` of what a comment says: its body without the
    header lines around it (the author line, a time stamp, "Reply", a score), which are
    comment furniture, not text; the whole segment for any other kind. Its author is the
    segment's ``author`` field, so nothing a reader would cite is lost."""
    if segment.kind != "comment":
        return segment.start, segment.end
    text = segment.text
    lines = text[comment_body_offset(segment):].split("\n")
    start = len(text) - len("\n".join(lines))
    while lines and (not lines[0].strip() or is_header_line(lines[0])):
        start += len(lines.pop(0)) + 1
    while lines and (not lines[-1].strip() or is_header_line(lines[-1])):
        lines.pop()
    end = start + len("\n".join(lines)) if lines else start
    return segment.start + min(start, len(text)), segment.start + min(end, len(text))


def units_of(segment: Segment) -> list[Unit]:
    """What a model reads of a segment as one text each: a comment's body
    (``content_bounds``), or each paragraph of any other segment that is not all header
    lines (a dateline, "Share this"). Chrome never reaches a model: only content
    is worth the transformer's time, and a score of a time stamp says nothing."""
    if segment.kind == "comment":
        start, end = content_bounds(segment)
        body = segment.text[start - segment.start:end - segment.start]
        return [_unit(segment, start, body)] if body.strip() else []
    return [_unit(segment, segment.start + p.start, p.text) for p in paragraphs(segment.text)
            if not all(is_header_line(line) for line in p.text.split("\n") if line.strip())]


def _unit(segment: Segment, start: int, text: str) -> Unit:
    return Unit(segment.page_id, segment.index, segment.kind, start, start + len(text), text)
