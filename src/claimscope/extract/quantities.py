"""Quantities: what a number in the text says, and only numbers that say an amount.

Each match has a kind: a count of things ("3,000 civilians", counted "civilians"),
money ("$45 billion" -> 45e9, unit USD), a percentage ("13%", unit percent), a
fraction ("two-thirds" -> 0.6667), or a measure ("50km"). Ranges ("10-15",
"between 10 and 15") and vague amounts ("several thousand", "thousands of") have no
single value: they carry a lower and/or upper bound, and vague amounts a vague
mark, so that no analyst cites a made-up exact number. A comparator ("more than")
stays as the qualifier. Rates ("a year", "per day") are kept apart.

What is not an amount is left out (``quantityrules``): years and dates, times,
phone numbers, list markers, ordinals, verse and section numbers ("Anfal 71",
"Article 5") and numbers inside names ("Su-35", "G7", "COVID-19", "360°" in a
site's name).
"""
from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass

from . import quantityrules as rules

RATE = re.compile(r"\s*(?:(?:per|a|an|each|every)\s+(day|week|month|year|hour|annum|capita)\b"
                  r"|(daily|weekly|monthly|annually|yearly)\b)", re.IGNORECASE)
RATE_WORDS = {"daily": "day", "weekly": "week", "monthly": "month", "annually": "year", "yearly": "year",
              "annum": "year"}


@dataclass(frozen=True, slots=True)
class QuantityMatch:
    start: int
    end: int
    text: str
    value: float | None  # None for ranges and vague amounts: they have bounds instead
    counted: str | None
    qualifier: str | None  # approximate | lower_bound | upper_bound | range | None
    kind: str = "count"  # count | money | percent | fraction | measure
    unit: str | None = None  # ISO 4217 code for money; percent, fraction, km, ...
    lower: float | None = None
    upper: float | None = None
    vague: bool = False
    rate: str | None = None  # "year" for "$5 billion a year"


def _alternation(phrases) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]")
                    for p in sorted(phrases, key=len, reverse=True))


@functools.cache
def _pattern() -> re.Pattern:
    t = rules.tables()
    number = rf"\d{{1,3}}(?:,{{1,2}}\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{_alternation(t.words)}"
    scales = _alternation(t.scales)

    sign_scales = _alternation(t.sign_scales)

    def amount(n: str, h: str, s: str) -> str:
        # "$145-million" as well as "145 million"; "£2.5m" only after a sign
        return (rf"(?P<{n}>{number})(?P<{h}>[\s-]+and[\s-]+a[\s-]+half)?"
                rf"(?:(?:\s*|-)(?P<{s}>{scales})(?![\w])|(?(sign)(?P<{s}_short>{sign_scales})(?![\w])))?")

    signs = _alternation(t.signs)
    return re.compile(
        rf"(?<![\w.,$€£/:#-])(?:(?P<qual>{_alternation(t.qualifiers)})\s+)?(?:(?P<between>between)\s+)?"
        rf"(?:(?P<sign>{signs})\s?)?"
        rf"(?:(?P<vague>{_alternation(t.vague)})(?![\w])|(?P<frac>{_alternation(t.fractions)})(?![\w])"
        rf"|{amount('num', 'half', 'scale')}"
        rf"(?:(?(between)\s+and\s+|\s*(?P<to>[-–—]|to)\s*)(?:{signs})?\s?"
        rf"{amount('num2', 'half2', 'scale2')})?)"
        rf"(?:\s*(?P<pct>%|per\s*cent(?![\w])|percent(?![\w])))?"
        rf"(?:(?P<measure>(?<=\d)(?:{_alternation(t.measures)})(?![\w])|\s*°|[\s-](?:{_alternation(t.measures)})(?![\w]))"
        rf"|[\s-]?(?P<money>(?:{_alternation(t.money_words)})(?![\w])|{signs}(?![\w])))?"
        r"(?:(?<=%)|(?![\w]|[.,]\d))",  # "50%of the population" is still 50 per cent
        re.IGNORECASE,
    )


def _number(raw: str, half: str | None, scale: str | None, short_scale: str | None = None) -> float:
    t = rules.tables()
    key = " ".join(raw.lower().replace("-", " ").split())
    value = t.words[key] if key in t.words else float(re.sub(r",+", "", raw))
    value += 0.5 if half else 0.0
    if short_scale:
        return value * t.sign_scales[short_scale.lower()]
    return value * (t.scales[scale.lower()] if scale else 1.0)


def _value(match: re.Match, which: str = "") -> float:
    """The number of the amount's first (``which`` "") or second ("2") part, scaled."""
    return _number(match.group("num" + which), match.group("half" + which), match.group("scale" + which),
                   match.group(f"scale{which}_short"))


def _money(match: re.Match) -> tuple[str, float] | None:
    """The currency code and multiplier ("cents") when the match is money."""
    t = rules.tables()
    for group in ("sign", "money"):
        raw = match.group(group)
        if raw:
            key = " ".join(raw.split())
            return t.money.get(key) or t.money.get(key.lower()) or t.money[key.upper()]
    return None


# "pounds" after a plain number is a weight unless the words before it speak of money ("paid
# 500 pounds"): a player "weighs 225 pounds", a patient "lost 50 pounds"; a scaled or vague
# amount is money ("5 million pounds", "tens of millions of pounds").
POUNDS = re.compile(r"pounds?", re.IGNORECASE)
MONEY_CUE = re.compile(
    r"\b(?:pa(?:y|id|ys|ying)|costs?|costing|price[ds]?|worth|fined?|salary|wages?|fees?|spen[dt]|spending|"
    r"raised?|budget|deal|sold|bought|earn(?:s|ed)?|owe[sd]?|debts?|loans?|bills?|charged?|tax(?:es)?|"
    r"bid|offer(?:ed)?|transfer|sterling|cash|grant|fund(?:s|ing)?)\b[^.!?]{0,40}\Z", re.IGNORECASE)
MONEY_CUE_REACH = 60


def _kind_and_unit(match: re.Match) -> tuple[str, str | None, float]:
    money = _money(match)
    if money and match.group("money") and POUNDS.fullmatch(match.group("money").strip(" -")) \
            and match.group("num") and not match.group("scale") and not match.group("scale_short") \
            and not MONEY_CUE.search(match.string, max(0, match.start() - MONEY_CUE_REACH), match.start()):
        return "measure", "lb", 1.0
    if money:
        return "money", money[0], money[1]
    if match.group("pct"):
        return "percent", "percent", 1.0
    if match.group("frac"):
        return "fraction", "fraction", 1.0
    if match.group("measure"):
        word = match.group("measure").strip(" -").lower()
        return "measure", rules.tables().measures_lower.get(word, "degree"), 1.0
    return "count", None, 1.0


def _amount(match: re.Match, qualifier: str | None, multiplier: float) -> dict:
    """value / lower / upper / vague / qualifier of one match."""
    t = rules.tables()
    if match.group("vague"):
        lower = t.vague[" ".join(match.group("vague").lower().split())] * multiplier
        return {"value": None, "lower": lower, "upper": None, "vague": True,
                "qualifier": qualifier or "lower_bound"}
    if match.group("frac"):
        value = t.fractions[" ".join(match.group("frac").lower().replace("-", " ").split())]
    else:
        value = _value(match) * multiplier
    if match.group("num2"):
        upper = _value(match, "2") * multiplier
        if match.group("scale2") and not match.group("scale") and not match.group("scale_short"):
            value *= t.scales[match.group("scale2").lower()]  # "10 to 15 million"
        elif match.group("scale2_short") and not match.group("scale") and not match.group("scale_short"):
            value *= t.sign_scales[match.group("scale2_short").lower()]  # "$5-10m"
        return {"value": None, "lower": value, "upper": upper, "vague": False, "qualifier": "range"}
    bounds = {"lower_bound": (value, None), "upper_bound": (None, value)}.get(qualifier or "", (None, None))
    return {"value": value, "lower": bounds[0], "upper": bounds[1], "vague": False, "qualifier": qualifier}


def _rate(text: str, end: int) -> str | None:
    """"$5 billion a year", "300 people a day": a rate right after the amount or after
    the (at most three-word) noun it counts."""
    positions = [end] + [end + m.end() for m in re.finditer(r"[ \t]+[A-Za-z][\w-]*", text[end:end + 40])][:3]
    for position in positions:
        found = RATE.match(text, position)
        if found:
            word = (found.group(1) or found.group(2)).lower()
            return RATE_WORDS.get(word, word)
    return None


# the inches after a height in feet: "6-foot-4", "6 feet 4 inches", "5-foot-11-inch"
INCHES_AFTER_FEET = re.compile(
    r"-(\d|1[01])(?:-inch(?:es)?)?(?![\w.,]\d|[\w″-])|[ \t]+(\d|1[01])[ \t]*(?:inch(?:es)?\b|in\.|″)")


def _build(text: str, match: re.Match) -> QuantityMatch:
    t = rules.tables()
    qualifier = t.qualifiers.get(" ".join((match.group("qual") or "").lower().split()))
    kind, unit, multiplier = _kind_and_unit(match)
    amount = _amount(match, qualifier, multiplier)
    counted = None if kind == "measure" else rules.counted(text, match)
    end = match.end()
    inches = INCHES_AFTER_FEET.match(text, end) if unit == "ft" and amount["value"] is not None else None
    if inches:  # "6-foot-4" is 6 ft 4 in, not 6 ft and a stray 4
        amount["value"] += int(inches.group(1) or inches.group(2)) / 12
        end = inches.end()
    return QuantityMatch(match.start(), end, text[match.start():end], counted=counted, kind=kind,
                         unit=unit, rate=_rate(text, end), **amount)


def _valid_range(match: re.Match) -> bool:
    """"10-15" is a range; "from 10,000 to 73,000" is a change, and "2020-03" no range."""
    if not match.group("num2"):
        return True
    low = _value(match)
    high = _value(match, "2")
    if match.group("to") and match.group("to").lower() == "to" and rules.after_from(match):
        return False
    return high > low


SHARED_UNIT = re.compile(r"\s*(?:or|to|and|,)\s*$")


def _share_units(text: str, found: list[QuantityMatch]) -> list[QuantityMatch]:
    """"30 or 35 per cent": a bare number before a percentage or an amount of money,
    joined to it by "or", "to" or "and", is in the same unit."""
    out = list(found)
    for i in range(len(out) - 1):
        q, after = out[i], out[i + 1]
        if (q.kind == "count" and q.counted is None and after.kind in ("percent", "money")
                and after.text[:1] not in "$€£" and SHARED_UNIT.match(text[q.end:after.start])):
            out[i] = dataclasses.replace(q, kind=after.kind, unit=after.unit)
    return out


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[QuantityMatch]:
    end = len(text) if end is None else end
    blocked = rules.blocked_spans(text, start, end)
    found, position = [], start
    pattern = _pattern()
    while (match := pattern.search(text, position, end)) is not None:
        if not _valid_range(match):  # read the first number alone, then go on after it
            first_end = max(match.end(g) for g in ("num", "half", "scale", "scale_short") if match.group(g))
            match = pattern.match(text, match.start(), first_end) or match
        position = max(match.end(), position + 1)
        if rules.reason_to_skip(text, match, blocked) is None:
            found.append(_build(text, match))
            position = max(position, found[-1].end)  # "6 feet 4 inches" is read whole
    return _share_units(text, found)
