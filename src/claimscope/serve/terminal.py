"""Render a page with its segments (and any claims/flags) for a terminal.

Page text is hostile input: every control character (terminal escape
sequences included) is made visible before it reaches the terminal.
"""
from __future__ import annotations

import re

from ..analysis import PageAnalysis

__all__ = ["KIND_COLOURS", "render_page", "safe_text"]

KIND_COLOURS = {"article": "32", "teaser": "36", "comment": "33", "boilerplate": "90"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe_text(text: str) -> str:
    """Replace control and bidi-override characters by visible escapes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                        else f"\\u{ord(m.group()):04x}", text)


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def render_page(analysis: PageAnalysis, colour: bool = True, max_chars: int = 2000) -> str:
    page = analysis.page
    out = [
        _paint(f"page {page.id}", "1", colour),
        f"source: {safe_text(page.source)}   format: {page.format}   encoding: {page.encoding}"
        + (f"   replaced: {page.replaced_chars}" if page.replaced_chars else ""),
    ]
    for label, value in (("url", page.url), ("outlet", page.outlet), ("published", page.published)):
        if value:
            out.append(f"{label}: {safe_text(value)}")
    for notice in analysis.notices:  # say up front that the records below are partial
        out.append(_paint(f"notice: [{notice.stage}] analysed {notice.chars_analysed:,} of "
                          f"{notice.chars_total:,} characters: {safe_text(notice.reason)}", "31", colour))
    per_segment = _records_by_segment(analysis)
    for seg in analysis.segments:
        head = f"[{seg.index}] {seg.kind} lines {seg.line_start}-{seg.line_end}"
        for label, value in (("title", seg.title), ("author", seg.author), ("byline", seg.byline)):
            if value:
                head += f"  {label}: {safe_text(value)}"
        out.append("")
        out.append(_paint(head, KIND_COLOURS[seg.kind] + ";1", colour))
        body = seg.text if len(seg.text) <= max_chars else seg.text[:max_chars] + " …"
        out.append(_paint(safe_text(body), KIND_COLOURS[seg.kind], colour))
        for line in per_segment.get(seg.index, []):
            out.append(_paint("  » " + safe_text(line), "35", colour))
    return "\n".join(out)


def _records_by_segment(analysis: PageAnalysis) -> dict[int | None, list[str]]:
    """One summary line per claim, place and flag, under the segment that holds it."""
    spans = [(s.start, s.end, s.index) for s in analysis.segments]

    def owner(start: int) -> int | None:
        return next((i for a, b, i in spans if a <= start < b), None)

    lines: dict[int | None, list[str]] = {}  # None: records outside every segment
    for c in analysis.claims:
        who = c.source_entity or c.source or "?"
        lines.setdefault(owner(c.start), []).append(
            f"claim: {who} —{c.cue or ''}→ {c.content[:160]}")
    for p in analysis.places:
        where = f"{p.resolved_name} ({p.lat:.3f}, {p.lon:.3f}, {p.country})" if p.lat is not None else "unresolved"
        lines.setdefault(owner(p.start), []).append(f"place: {p.text} → {where}")
    for f in analysis.flags:
        extra = f.target_group or f.narrative_id or ""
        kind = "flag" if f.shown else "flag (not shown by default)"
        lines.setdefault(owner(f.start), []).append(
            f"{kind}: {f.label} {f.score:.2f} {extra} «{(f.evidence or '')[:80]}»")
    return lines
