"""Text units the linkers compare: paragraphs, paragraph windows, sentences, lines.

Every unit keeps its ``[start, end)`` span into ``Page.text`` so a link can point
at both ends exactly. Units are cut from segments (offsets are shifted by the
segment's start), never from re-joined text, so spans stay true to the page.
"""
from __future__ import annotations

import hashlib
import re

from ..records import Segment
from ..text.units import BLANK_LINES_OR_LINES, LINK_SENTENCES, Unit, trimmed
from ..text.units import paragraphs as _paragraphs
from ..text.units import sentences as _sentences

__all__ = ["Unit", "paragraphs", "windows", "sentences", "lines", "words", "norm_hash"]

_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def norm_hash(text: str) -> str:
    """Hash of a text up to case, punctuation and spacing (for exact-line matching)."""
    return hashlib.blake2b(" ".join(words(text)).encode(), digest_size=12).hexdigest()


def _in_page(seg: Segment, span) -> Unit:
    """``span`` (offsets into ``seg.text``) as a unit with page offsets."""
    return Unit(seg.page_id, seg.index, seg.kind, seg.start + span.start, seg.start + span.end, span.text)


def paragraphs(seg: Segment) -> list[Unit]:
    """Blank-line separated blocks (single lines when a segment has no blank lines)."""
    return [_in_page(seg, p) for p in _paragraphs(seg.text, rule=BLANK_LINES_OR_LINES)]


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
    for sentence in _sentences(seg.text, rule=LINK_SENTENCES):
        if len(words(sentence.text)) >= min_words:
            unit = _in_page(seg, sentence)
            if len(unit.text) > max_chars:  # run-on text without stops: cut, keep span true
                unit = unit.part(0, max_chars)
            out.append(unit)
    return out


def lines(seg: Segment, min_words: int = 12) -> list[Unit]:
    """Non-empty lines long enough that a repeat is not just boilerplate chrome."""
    out, pos = [], 0
    for line in seg.text.split("\n"):
        span = trimmed(seg.text, pos, pos + len(line))
        pos += len(line) + 1
        if span and len(words(span.text)) >= min_words:
            out.append(_in_page(seg, span))
    return out
