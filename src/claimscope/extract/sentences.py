"""A cheap rule-based sentence splitter with character offsets.

Good enough to decide which sentences deserve the parser; it never merges
across a blank line (paragraph) and knows common abbreviations so that
"Sept. 11" or "U.S. officials" do not end a sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sen rep gov gen col lt sgt capt jr sr st no vs etc inc corp co ltd "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e a.m p.m mt ft "
    "rev adm maj cmdr pres supt dept univ est approx fig".split()
)
# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before
# whitespace and something that can start a sentence.
BOUNDARY = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
PARAGRAPH = re.compile(r"\n\s*\n|\n(?=[\"“‘]?[A-Z])")
# A "sentence" longer than this (junk without full stops: one line of 200 MB) is cut
# into pieces: attribution weighs every token of a sentence against each cue in it, so
# one huge sentence costs its length squared (40,000 characters took 37 s). Sentences of
# real prose stay far below it (the longest in the example pages has 584 characters).
MAX_SENTENCE_CHARS = 2_000


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


def _is_abbreviation(text: str, dot: int) -> bool:
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:dot].lower().lstrip("(\"“")
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _split_block(text: str, start: int, end: int):
    cursor = start
    for match in BOUNDARY.finditer(text, start, end):
        if text[match.start()] == "." and _is_abbreviation(text, match.start()):
            continue
        yield cursor, match.end()
        cursor = match.end()
    yield cursor, end


def _trimmed(text: str, start: int, end: int) -> Sentence | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, text[start:end]) if end > start else None


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    end = len(text) if end is None else end
    blocks, cursor = [], start
    for match in PARAGRAPH.finditer(text, start, end):
        blocks.append((cursor, match.start()))
        cursor = match.end()
    blocks.append((cursor, end))
    sentences = []
    for block_start, block_end in blocks:
        for s, e in _split_block(text, block_start, block_end):
            for piece_start, piece_end in _pieces(text, s, e):
                sentence = _trimmed(text, piece_start, piece_end)
                if sentence:
                    sentences.append(sentence)
    return sentences


def _pieces(text: str, start: int, end: int, most: int = MAX_SENTENCE_CHARS):
    """``[start, end)`` in pieces of at most ``most`` characters, cut at a space when one
    lies in the last half of a piece."""
    while end - start > most:
        cut = text.rfind(" ", start + most // 2, start + most)
        cut = start + most if cut == -1 else cut
        yield start, cut
        start = cut
    yield start, end
