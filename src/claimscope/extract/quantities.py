"""Quantities: numbers in the forms news uses ("20", "10,000", "19 thousand",
"about 50", "more than 1067", "hundreds of"), with their qualifier and what
they count. Years, dates, times and money amounts' currency signs are left to
other extractors; a bare four-digit year is not a quantity.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

# After a count: an optional participle says what happened to them ("people killed").
EVENT_PARTICIPLE = re.compile(r"\s+(?:(?:were|have been|had been|was|are)\s+)?([a-z]+ed)\b")
COUNTED_WORDS = re.compile(r"\s+(?:of\s+(?:the\s+)?)?((?:[A-Za-z][a-z-]*\s+){0,2}[a-z][a-z-]*)")
STOP_COUNTED = frozenset(
    "and or the a an to in on at by for from with of that which who was were is are had has have "
    "percent per times people's".split())
BREAK_COUNTED = frozenset("still remain remained remains live lived died fled be been being".split())
GERUND_EVENTS = {"killing": "killed", "injuring": "injured", "wounding": "wounded",
                 "displacing": "displaced", "arresting": "arrested", "evacuating": "evacuated"}
YEAR = re.compile(r"(?:1[89]|20)\d\d")
MONTHS = ("january february march april may june july august september october november "
          "december jan feb mar apr jun jul aug sep sept oct nov dec").split()


@dataclass(frozen=True, slots=True)
class QuantityMatch:
    start: int
    end: int
    text: str
    value: float
    counted: str | None
    qualifier: str | None


def _data(name: str):
    text = resources.files(__package__).joinpath("data").joinpath(name).read_text("utf-8")
    return [l.split("\t") for l in text.splitlines() if l.strip() and not l.startswith("#")]


@functools.cache
def _tables():
    rows = _data("quantity_words.tsv")
    qualifiers = {r[0]: r[1] for r in rows if r[1] not in ("scale", "vague")}
    scales = {r[0]: float(r[2]) for r in rows if r[1] == "scale"}
    vague = {r[0]: float(r[2]) for r in rows if r[1] == "vague"}
    words = {r[0]: float(r[1]) for r in _data("number_words.tsv")}
    return qualifiers, scales, vague, words


def _alternation(phrases) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


@functools.cache
def _pattern() -> re.Pattern:
    qualifiers, scales, vague, words = _tables()
    number = r"\d{1,3}(?:,{1,2}\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|" + _alternation(words)
    return re.compile(
        rf"(?<![\w.,$€£-])(?:(?P<qual>{_alternation(qualifiers)})\s+)?"
        rf"(?:(?P<vague>{_alternation(vague)})|(?P<num>{number})(?:\s+(?P<scale>{_alternation(scales)}))?)"
        r"(?![\w]|[.,]\d)",
        re.IGNORECASE,
    )


def _number_value(raw: str) -> float:
    words = _tables()[3]
    key = " ".join(raw.lower().split())
    return words[key] if key in words else float(re.sub(r",+", "", raw))


def _is_date_or_year(text: str, match: re.Match) -> bool:
    if match.group("num") is None or match.group("scale"):
        return False
    raw = match.group("num")
    before = text[max(0, match.start() - 12):match.start()].lower().split()
    after = text[match.end():match.end() + 12].lower().split()
    if YEAR.fullmatch(raw) and not match.group("qual"):
        return True
    near_month = (before and before[-1].strip(".,") in MONTHS) or (after and after[0].strip(".,") in MONTHS)
    return bool(near_month) or text[match.end():match.end() + 1] in (":", "/")


def _counted(text: str, end: int) -> str | None:
    match = COUNTED_WORDS.match(text, end)
    if not match:
        return None
    words = []
    for word in match.group(1).split():
        if word in STOP_COUNTED or word in BREAK_COUNTED:
            break  # the noun phrase ends where a verb or function word starts
        words.append(word)
    if not words or words[0] in STOP_COUNTED:
        return None
    event = EVENT_PARTICIPLE.match(text, match.start(1) + len(" ".join(words)))
    return " ".join(words + ([event.group(1)] if event else []))


def _preceding_event(text: str, start: int) -> str | None:
    """'killing about 50 people' counts people killed."""
    before = text[max(0, start - 20):start].split()
    if before and before[-1].lower() in GERUND_EVENTS:
        return GERUND_EVENTS[before[-1].lower()]
    return None


def _describe(text: str, match: re.Match) -> str | None:
    counted = _counted(text, match.end())
    event = _preceding_event(text, match.start())
    return f"{counted} {event}" if counted and event and not counted.endswith("ed") else counted


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[QuantityMatch]:
    qualifiers, scales, vague, _ = _tables()
    found = []
    for match in _pattern().finditer(text, start, len(text) if end is None else end):
        if _is_date_or_year(text, match):
            continue
        qualifier = qualifiers.get(" ".join((match.group("qual") or "").lower().split()))
        if match.group("vague"):
            value = vague[" ".join(match.group("vague").lower().split())]
            qualifier = qualifier or "lower_bound"
        else:
            value = _number_value(match.group("num"))
            if match.group("scale"):
                value *= scales[match.group("scale").lower()]
        found.append(QuantityMatch(match.start(), match.end(), match.group(0), value,
                                   _describe(text, match), qualifier))
    return found
