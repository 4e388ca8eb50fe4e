"""Date mentions, anchored to the page date when one is known.

The anchor is ``page.published`` when ingestion found it, else the first full
date written in the page (a dateline). "March 27" takes the anchor's year
(the previous year when that would put it in the future); "on Monday" is the
last such weekday on or before the anchor; "yesterday"/"today" shift from it.
Without an anchor such mentions are kept with ``relative=True`` and no value.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {name: i for i, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")), 1) for name in names}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SHIFTS = {"today": 0, "yesterday": -1, "tomorrow": 1}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
PATTERNS = (
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+(?P<year>(?:19|20)\d\d))?\b", re.I)),
    ("dmy", re.compile(rf"\b(?P<day>[0-3]?\d)\s+{_MONTH}(?:,?\s+(?P<year>(?:19|20)\d\d))?\b", re.I)),
    ("weekday", re.compile(r"\b(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", re.I)),
    ("shift", re.compile(r"\b(?P<shift>today|yesterday|tomorrow)\b", re.I)),
    ("year", re.compile(r"\b(?:in|since|from|until|by|of)\s+(?P<year>(?:19|20)\d\d)\b")),
)


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int
    end: int
    text: str
    value: str | None
    relative: bool


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_anchor(text: str, published: str | None) -> dt.date | None:
    """The page's date: ingested metadata first, else the first full date in the text."""
    if published:
        try:
            return dt.date.fromisoformat(published[:10])
        except ValueError:
            pass
    for kind, pattern in PATTERNS[:3]:
        for match in pattern.finditer(text):
            if match.groupdict().get("year"):
                value = _resolve(kind, match, None)
                if value:
                    return dt.date.fromisoformat(value)
    return None


def _month_day(match, anchor) -> str | None:
    month, day = MONTHS[match.group("month").lower()], int(match.group("day"))
    if match.group("year"):
        found = _safe_date(int(match.group("year")), month, day)
    elif anchor:
        found = _safe_date(anchor.year, month, day)
        if found and found > anchor + dt.timedelta(days=31):
            found = _safe_date(anchor.year - 1, month, day)
    else:
        return None
    return found.isoformat() if found else None


def _resolve(kind: str, match: re.Match, anchor: dt.date | None) -> str | None:
    if kind == "iso":
        found = _safe_date(int(match["year"]), int(match["mon"]), int(match["day"]))
        return found.isoformat() if found else None
    if kind in ("mdy", "dmy"):
        return _month_day(match, anchor)
    if kind == "year":
        return match["year"]
    if anchor is None:
        return None
    if kind == "weekday":
        back = (anchor.weekday() - WEEKDAYS.index(match["weekday"].lower())) % 7
        return (anchor - dt.timedelta(days=back)).isoformat()
    return (anchor + dt.timedelta(days=SHIFTS[match["shift"].lower()])).isoformat()


def find_dates(text: str, start: int = 0, end: int | None = None, anchor: dt.date | None = None):
    end = len(text) if end is None else end
    found = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text, start, end):
            span = (match.start("year"), match.end()) if kind == "year" else match.span()
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue  # an earlier, more specific pattern already covers it
            if kind in ("mdy", "dmy") and match["month"] == "may":
                continue  # lowercase "may" is the verb
            value = _resolve(kind, match, anchor)
            taken.append(span)
            found.append(DateMatch(span[0], span[1], text[span[0]:span[1]], value, value is None))
    return sorted(found, key=lambda d: d.start)
