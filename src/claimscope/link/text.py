"""Text units the linkers compare: paragraphs, paragraph windows, sentences, lines.

Every unit keeps its ``[start, end)`` span into ``Page.text`` so a link can point
at both ends exactly. Units are cut from segments (offsets are shifted by the
segment's start), never from re-joined text, so spans stay true to the page.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..records import Segment

__all__ = ["Unit", "paragraphs", "windows", "sentences", "lines", "words", "norm_hash"]

_WORD = re.compile(r"\w+", re.UNICODE)
_PARA_BREAK = re.compile(r"\n\s*\n")
# A sentence ends at . ! ? … (optionally followed by a closing quote) and a space.
# Abbreviations such as "U.S.-made" survive because the next char is not a space.
_SENT_END = re.compile(r"(?<=[.!?…])[\"”’)\]]?\s+(?=[\"“‘(\[]?[A-Z0-9])")


@dataclass(frozen=True, slots=True)
class Unit:
    page_id: str
    segment_index: int
    kind: str  # segment kind the unit came from
    start: int
    end: int
    text: str


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def norm_hash(text: str) -> str:
    """Hash of a text up to case, punctuation and spacing (for exact-line matching)."""
    return hashlib.blake2b(" ".join(words(text)).encode(), digest_size=12).hexdigest()


def _trimmed(seg: Segment, start: int, end: int) -> Unit | None:
    """A unit for ``seg.text[start:end]`` with surrounding whitespace cut off."""
    piece = seg.text[start:end]
    left = len(piece) - len(piece.lstrip())
    right = len(piece.rstrip())
    if right <= left:
        return None
    return Unit(seg.page_id, seg.index, seg.kind, seg.start + start + left,
                seg.start + start + right, piece[left:right])


def paragraphs(seg: Segment) -> list[Unit]:
    """Blank-line separated blocks (single lines when a segment has no blank lines)."""
    breaks = _PARA_BREAK if _PARA_BREAK.search(seg.text) else re.compile(r"\n")
    units, pos = [], 0
    for match in breaks.finditer(seg.text):
        unit = _trimmed(seg, pos, match.start())
        if unit:
            units.append(unit)
        pos = match.end()
    unit = _trimmed(seg, pos, len(seg.text))
    if unit:
        units.append(unit)
    return units


def windows(seg: Segment, size: int = 3, min_words: int = 12) -> list[Unit]:
    """Each paragraph and each run of ``size`` consecutive paragraphs.

    Single paragraphs catch a one-paragraph paste; windows catch a pasted
    article whose paragraphs are individually short (lists, one-liners).
    """
    counted = [(p, len(words(p.text))) for p in paragraphs(seg)]
    paras = [p for p, n in counted if n >= 3]
    out = [p for p, n in counted if n >= min_words]
    if len(paras) > size:
        page_text_offset = seg.start
        for i in range(len(paras) - size + 1):
            first, last = paras[i], paras[i + size - 1]
            text = seg.text[first.start - page_text_offset:last.end - page_text_offset]
            out.append(Unit(seg.page_id, seg.index, seg.kind, first.start, last.end, text))
    return out


def sentences(seg: Segment, min_words: int = 6, max_chars: int = 600) -> list[Unit]:
    """Sentences of a segment; short fragments (headlines, "Great points!") are skipped."""
    out = []
    for para in paragraphs(seg):
        pos = 0
        rel = para.start - seg.start
        ends = [m.start() for m in _SENT_END.finditer(para.text)] + [len(para.text)]
        for end in ends:
            unit = _trimmed(seg, rel + pos, rel + end)
            pos = end
            if unit and len(words(unit.text)) >= min_words:
                if len(unit.text) > max_chars:  # run-on text without stops: cut, keep span true
                    unit = Unit(unit.page_id, unit.segment_index, unit.kind, unit.start,
                                unit.start + max_chars, unit.text[:max_chars])
                out.append(unit)
    return out


def lines(seg: Segment, min_words: int = 12) -> list[Unit]:
    """Non-empty lines long enough that a repeat is not just boilerplate chrome."""
    out, pos = [], 0
    for line in seg.text.split("\n"):
        unit = _trimmed(seg, pos, pos + len(line))
        pos += len(line) + 1
        if unit and len(words(unit.text)) >= min_words:
            out.append(unit)
    return out
