"""Cut a segment's text into paragraphs and sentences, keeping offsets.

Flags point at the exact span that drove them, so every unit carries its
``[start, end)`` offsets relative to the text it was cut from.
"""
from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Unit", "paragraphs", "sentences"]

# A blank line (possibly with spaces) separates paragraphs in scraped text.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# A sentence ends after . ! ? … (optionally closed by a quote or bracket) and
# white space, or at a line break; comment writers often omit the space after
# "…", so an ellipsis followed directly by a word also ends one.
_SENTENCE_END = re.compile(
    r"(?<=[.!?…])\s+|(?<=[.!?…][\"'”’)])\s+|\s*\n\s*|(?<=…)(?=\w)"
)


class Unit(NamedTuple):
    start: int
    end: int
    text: str


def _split(text: str, pattern: re.Pattern) -> list[Unit]:
    units = []
    pos = 0
    for match in pattern.finditer(text):
        _append_stripped(units, text, pos, match.start())
        pos = match.end()
    _append_stripped(units, text, pos, len(text))
    return units


def _append_stripped(units: list[Unit], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    start += len(piece) - len(piece.lstrip())
    units.append(Unit(start, start + len(stripped), stripped))


def paragraphs(text: str) -> list[Unit]:
    return _split(text, _PARAGRAPH_BREAK)


def sentences(text: str) -> list[Unit]:
    return _split(text, _SENTENCE_END)
