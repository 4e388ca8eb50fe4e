"""Quotation regions: where direct speech starts and ends in a text.

English typography continues a quote over several paragraphs by opening each
paragraph with a quote mark and closing only the last one; a region here
follows that convention, so a claim's content can be widened to the full quote.
"""
from __future__ import annotations

import re

OPENERS = {"“": "”", "«": "»"}
# Straight double quotes: opening when preceded by start/space/bracket.
STRAIGHT_OPEN = re.compile(r'(?:(?<=^)|(?<=[\s(\[—–-]))"(?=\S)', re.M)


def _curly_regions(text: str) -> list[tuple[int, int]]:
    regions, open_at, closer = [], None, None
    for i, ch in enumerate(text):
        if ch in OPENERS:
            if open_at is None:
                open_at, closer = i, OPENERS[ch]
        elif open_at is not None and ch == closer:
            regions.append((open_at, i + 1))
            open_at = None
        elif open_at is not None and ch == "\n" and not _continues(text, i):
            open_at = None  # unclosed quote: drop it at the paragraph end
    return regions


def _continues(text: str, newline: int) -> bool:
    """Does the next non-blank paragraph open with a quote mark (a continued quote)?"""
    rest = text[newline:newline + 8].lstrip()
    return bool(rest) and rest[0] in OPENERS


def _straight_regions(text: str) -> list[tuple[int, int]]:
    regions = []
    for match in STRAIGHT_OPEN.finditer(text):
        close = text.find('"', match.end())
        newline = text.find("\n\n", match.end())
        if close != -1 and (newline == -1 or close < newline):
            regions.append((match.start(), close + 1))
    return regions


def quote_regions(text: str) -> list[tuple[int, int]]:
    regions = _curly_regions(text) + _straight_regions(text)
    return sorted(set(regions))


def region_touching(regions, start: int, end: int) -> tuple[int, int] | None:
    """The quote region that overlaps ``[start, end)``, if any (largest wins)."""
    best = None
    for r_start, r_end in regions:
        if r_start < end and start < r_end:
            if best is None or r_end - r_start > best[1] - best[0]:
                best = (r_start, r_end)
    return best
