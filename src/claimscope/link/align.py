"""Word alignment of two matched spans, to cut a link down to the text they share.

MinHash says two windows are similar; it does not say where the shared text
starts and ends (a comment pastes two paragraphs of a four-paragraph article,
with its own words around them). Aligning the word sequences of the two spans
(difflib, on word tokens with their offsets) gives the exact shared region on
both sides, and splits a span that shares two far-apart passages into two.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher

__all__ = ["shared_regions", "MIN_BLOCK", "MAX_GAP"]

_WORD = re.compile(r"\w+", re.UNICODE)
MIN_BLOCK = 3  # words; shorter common runs are chance ("of the")
MAX_GAP = 30  # words of unmatched text on either side that split one region into two
MAX_WORDS = 20_000  # beyond this, keep the MinHash span (alignment cost grows fast)


def _tokens(text: str, offset: int) -> tuple[list[str], list[tuple[int, int]]]:
    found = list(_WORD.finditer(text))
    return ([m.group().lower() for m in found],
            [(offset + m.start(), offset + m.end()) for m in found])


def shared_regions(a_text: str, a_offset: int, b_text: str, b_offset: int,
                   min_words: int = 8) -> list[tuple[int, int, int, int, float]]:
    """(a_start, a_end, b_start, b_end, coverage) for each shared region.

    Offsets are absolute (the given offsets added). ``coverage`` is the share of
    the region's words (on the shorter side) that align.
    """
    a_words, a_pos = _tokens(a_text, a_offset)
    b_words, b_pos = _tokens(b_text, b_offset)
    if not a_words or not b_words or len(a_words) + len(b_words) > MAX_WORDS:
        return []
    blocks = [m for m in SequenceMatcher(None, a_words, b_words, autojunk=False)
              .get_matching_blocks() if m.size >= MIN_BLOCK]
    regions: list = []
    current: list = []
    for block in blocks:
        if current and (block.a - _end(current, "a") > MAX_GAP or
                        block.b - _end(current, "b") > MAX_GAP):
            regions.append(current)
            current = []
        current.append(block)
    if current:
        regions.append(current)
    out = []
    for region in regions:
        matched = sum(m.size for m in region)
        if matched < min_words:
            continue
        a0, a1 = region[0].a, _end(region, "a") - 1
        b0, b1 = region[0].b, _end(region, "b") - 1
        coverage = matched / min(a1 - a0 + 1, b1 - b0 + 1)
        out.append((a_pos[a0][0], a_pos[a1][1], b_pos[b0][0], b_pos[b1][1], coverage))
    return out


def _end(region, side: str) -> int:
    last = region[-1]
    return (last.a if side == "a" else last.b) + last.size
