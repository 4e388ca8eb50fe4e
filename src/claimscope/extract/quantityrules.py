"""The word tables behind quantities, what a quantity counts, and the rules that say
a number is not an amount at all (each with a reason, so tests can check why)."""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from importlib import resources

# After a count: an optional participle says what happened to them ("people killed").
EVENT_PARTICIPLE = re.compile(r"\s+(?:(?:were|have been|had been|was|are)\s+)?([a-z]+ed)\b")
# What a count counts: up to three words on the same line ("3,000 civilians").
COUNTED_WORDS = re.compile(r"[ \t]+(?:of[ \t]+(?:the[ \t]+)?)?((?:[A-Za-z][\w.,’'-]*[ \t]+){0,2}[A-Za-z][\w.,’'-]*)")
ABBREVIATION = re.compile(r"(?:[A-Za-z]\.){2,}")  # "U.S." ends no sentence
STOP_COUNTED = frozenset(
    "and or the a an to in on at by for from with of that which who was were is are had has have "
    "percent per times people's than more less until over along against inside outside into during since "
    "after before while when where as but not so if said told".split())
BREAK_COUNTED = frozenset("still remain remained remains live lived died fled be been being "
                          "a an per each every day week month year ago later earlier".split())
GERUND_EVENTS = {"killing": "killed", "injuring": "injured", "wounding": "wounded",
                 "displacing": "displaced", "arresting": "arrested", "evacuating": "evacuated"}
YEAR = re.compile(r"(?:1[89]|20)\d\d")
MONTHS = frozenset(("january february march april may june july august september october november "
                    "december jan feb mar apr jun jul aug sep sept oct nov dec").split())
# Spans that hold digits but no amount: ISO dates, clock times, school years ("2013/14"),
# phone numbers, list markers at a line's start ("1. forced ...", "2.Quantum"), web addresses.
NOT_AMOUNTS = re.compile(
    r"\b\d{4}-\d\d-\d\d\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}:\d\d(?::\d\d)?(?:\s?[ap]\.?m\.?)?|\b\d{4}/\d{2,4}\b"
    r"|\+?\(?\d{1,4}\)?(?:[ .-]\d{2,4}){2,4}\b|(?m:^[ \t]*\d{1,2}[.)](?=\s|[A-Za-z]))"
    r"|(?<=\s)\d{1,2}\.(?=[A-Z])"
    # "4 p.m.", "8-Jan-2008", "08/01 13:27"; a phone number spelled with letters ("888-INFO-FDA",
    # "855-543-DRUG (3784)"); a list's or a reference's marker inside a line ("1) more", "(2)")
    r"|\b\d{1,2}\s?[ap]\.m\.|\b\d{1,2}\s?[ap]m\b|\b\d{1,2}-[a-z]{3}-\d{2,4}\b|\b\d\d/\d\d\b(?!/)"
    r"|\b\d{3}-[a-z0-9]{3,4}-[a-z0-9]{3,4}\b(?:\s\(\d{3,4}\))?|\(\d\)|(?<=\s)\d\)(?=\s)"
    # a web address with everything in it ("searchdeals.php?deal_id=76704&ru=279")
    r"|\b(?:https?://|www\.)\S+|\b[\w.-]+\.(?:php|aspx?|html?|cfm|jsp)\?\S*",
    re.IGNORECASE)
# Words after which a number names a thing ("Article 5", "Anfal 71", "Covid 19").
REFERENCE_WORDS = frozenset(("article section chapter verse verses surah sura ayah resolution paragraph "
                             "clause rule no no. number vol vol. volume page pp psalm psalms covid "
                             "sars mers su mig boeing airbus flight route highway room level "
                             "phase stage season episode part act ranked seed no.").split())
# "3-1-1 so far", "a 5-1 victory", "(13-0)": sports scores and win-loss records
SCORE = re.compile(r"\d+(?:-\d+)+")
AGE = re.compile(r"[\s-]+(?:years?|yrs?\.?)[\s-]+olds?\b", re.IGNORECASE)  # "a 29-year-old", "80 yr old": an age
# "Stastny, 22, leads", "(Smith, 49)", "under the age of 23", "aged 7": ages written otherwise
AGE_BESIDE_NAME = re.compile(r"[A-Z][\w'’.-]+,[ \t]\Z")
AGE_AFTER_NAME = re.compile(r"[,)]")
AGE_WORDS = re.compile(r"\b(?:age[ds]?(?:[ \t]+of)?|(?:he|she)[ \t]+(?:was|is|turned|turns))[ \t]+\Z", re.IGNORECASE)
MAX_AGE = 110
# golf: "a round of 73", "five-under", "two over par"
GOLF_BEFORE = re.compile(
    r"(?:\brounds?[ \t]+of|\b(?:shot|shoots|shooting|carded|cards|carding|posted|fired|fires)(?:[ \t]+a)?"
    r"(?:[ \t]+[\w-]+-(?:round|under|over|par))*|-under-par|-over-par)[ \t]+\Z", re.IGNORECASE)
GOLF_AFTER = re.compile(r"[ \t-](?:under|over)(?:[ \t]+par)?\b(?![ \t]+(?:the|a|an|\d))", re.IGNORECASE)
# "5600 Fishers Lane", "101 Elliott Ave. W.", "1 Virginia St": a street number
STREET = re.compile(r"[ \t]+(?:[A-Z][\w'’.]*[ \t]+){1,3}(?:St|Street|Ave|Avenue|Rd|Road|Lane|Ln|Blvd|Boulevard|"
                    r"Drive|Dr|Way|Place|Pl|Court|Ct|Square|Sq|Terrace|Parkway|Pkwy|Highway|Hwy)\b")
TIME_AGO = re.compile(r"[ \t]+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)[ \t]+ago\b",
                      re.IGNORECASE)  # "59 minutes ago": a time stamp
PERIOD_HALF = re.compile(r"\b(?:first|second|last|latter|other)\s+$", re.IGNORECASE)  # "the first half of the season"
# Capitalised words that may stand before an amount ("In 2019", "About 50 people").
OPENERS = frozenset(("in on at by for from with to of about over some the and only all nearly almost "
                     "around approximately roughly just another those these than at least more less "
                     "up under killed kills killing more than total had has have were was are is").split())


@dataclass(frozen=True)
class Tables:
    qualifiers: dict
    scales: dict
    sign_scales: dict  # "m", "k": a scale only right after a currency sign
    vague: dict
    fractions: dict
    words: dict
    money: dict  # sign or word -> (ISO code, multiplier)
    measures_lower: dict

    @property
    def signs(self):
        return [k for k in self.money if k == k.upper()]  # "$", "US$", "EUR"

    @property
    def money_words(self):
        return [k for k in self.money if k != k.upper()]  # "dollars", "US dollars"

    @property
    def measures(self):
        return [k for k in self.measures_lower if k != "°"]


def _data(name: str):
    text = resources.files(__package__).joinpath("data").joinpath(name).read_text("utf-8")
    return [l.split("\t") for l in text.splitlines() if l.strip() and not l.startswith("#")]


TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _with_compounds(words: dict) -> dict:
    """The spelled numbers and their compounds, keyed with a space ("twenty five"): the
    pattern matches a hyphen or a space between the words, so "twenty-five years" is 25,
    not 20 and a stray "five"."""
    return {**words, **{f"{ten} {unit}": words[ten] + words[unit] for ten in TENS for unit in UNITS}}


@functools.cache
def tables() -> Tables:
    rows = _data("quantity_words.tsv")
    role = lambda r: {k: float(v) for k, kind, v in (x for x in rows if len(x) == 3) if kind == r}
    return Tables(
        qualifiers={r[0]: r[1] for r in rows if len(r) == 2},
        scales=role("scale"), sign_scales=role("sign_scale"), vague=role("vague"),
        fractions={k.replace("-", " "): v for k, v in role("fraction").items()},
        words=_with_compounds({r[0]: float(r[1]) for r in _data("number_words.tsv")}),
        money={r[0]: (r[1], float(r[2])) for r in _data("money_words.tsv")},
        measures_lower={r[0].lower(): r[1] for r in _data("measure_words.tsv")},
    )


# a ranked list of links, each item after a dash and its number ("- 1 video - 2 saudi - 3 robin
# meade", on one line or one a line): three items or more, and the numbers are ranks
DASHED_LIST = re.compile(r"(?:(?<!\S)-[ \t]\d{1,3}[ \t][^\n\d-]{1,60}\s*){3,}")


def blocked_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans of dates, times, phone numbers and list markers."""
    spans = [(m.start(), m.end()) for m in NOT_AMOUNTS.finditer(text, start, end)]
    lists = [(m.start(), m.end()) for m in DASHED_LIST.finditer(text, start, end)]
    if not lists:
        return spans
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans + lists):  # a list may hold a date: one span for both
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def _overlaps(blocked: list[tuple[int, int]], start: int, end: int) -> bool:
    """Binary search: a page of thousands of phone-like numbers stays linear."""
    i = bisect.bisect_right(blocked, (end, -1)) - 1  # the last span starting before end
    return i >= 0 and blocked[i][1] > start


def after_from(match: re.Match) -> bool:
    return match.string[max(0, match.start() - 6):match.start()].lower().strip().endswith("from")


def _words_around(text: str, match: re.Match) -> tuple[list[str], str]:
    before = text[max(0, match.start() - 30):match.start()].split()
    return before, text[match.end():match.end() + 30]


def _is_date_or_year(text: str, match: re.Match) -> bool:
    raw = match.group("num")
    if raw is None or match.group("scale") or match.group("sign") or match.group("money") or match.group("pct"):
        return False
    before, after = _words_around(text, match)
    if YEAR.fullmatch(raw) and not match.group("qual"):
        return True
    after_words = after.lower().split()
    near_month = (before and before[-1].strip(".,").lower() in MONTHS) or (
        after_words and after_words[0].strip(".,") in MONTHS)
    return bool(near_month)


def _names_a_thing(text: str, match: re.Match) -> bool:
    """"Anfal 71", "Article 5", "INTERNATIONALIST 360°", "Covid 19 bail out": a bare
    number right after a name, not followed by a plural noun it would count."""
    if match.group("qual") or match.group("sign") or match.group("money") or match.group("pct"):
        return False
    raw = match.group("num")
    if raw is None or "," in raw or not raw[0].isdigit():
        return False
    before = text[max(0, match.start() - 30):match.start()]
    if not re.search(r"[^\W\d_][\w.]*[ \t]$", before):
        return False
    word = before.split()[-1]
    if word.lower().strip(".") in REFERENCE_WORDS or word.lower() in REFERENCE_WORDS:
        return True
    if not word[0].isupper() or word.lower() in OPENERS:
        return False
    following = re.match(r"\s+([a-z][\w-]*)", text[match.end():match.end() + 30])
    return not (following and following.group(1).endswith("s"))


def _is_score_or_age(text: str, match: re.Match) -> str | None:
    if AGE.match(text, match.end()):
        return "an age"
    plain = not any(match.group(g) for g in ("qual", "between", "sign", "money", "pct", "measure", "scale"))
    raw = match.group("num") or ""
    before = text[max(0, match.start() - 30):match.start()]
    if plain and raw.isdigit() and int(raw) <= MAX_AGE and (
            (AGE_BESIDE_NAME.search(before) and AGE_AFTER_NAME.match(text, match.end())) or AGE_WORDS.search(before)):
        return "an age"
    if plain and (GOLF_BEFORE.search(before) or GOLF_AFTER.match(text, match.end())):
        return "a golf score"
    if match.group("frac") and PERIOD_HALF.search(text[max(0, match.start() - 10):match.start()]):
        return "a part of a period, not a share"
    score = SCORE.match(text, match.start())
    if plain and score and score.end() >= match.end() and "-" in score.group(0):
        following = re.match(r"\s+([a-z][\w-]*)", text[score.end():score.end() + 30])
        noun = following.group(1) if following else ""
        counts_plural = noun.endswith("s") and not noun.endswith("ss")
        first, second = (int(n) for n in score.group(0).split("-")[:2])
        # a range is written low to high ("2-3 days"); "a 3-0 series", "their 1-0 loss" are results
        if score.group(0).count("-") > 1 or first >= second or not counts_plural:
            return "a score or record"
    return None


def _is_label_or_counter(text: str, match: re.Match) -> str | None:
    after = text[match.end():match.end() + 3]
    if re.match(r"['’]?s\b", after) and match.group("num"):  # "the 1990s", "the over 50's"
        return "decade or age group"
    bare = not any(match.group(g) for g in ("qual", "sign", "money", "pct", "measure", "scale", "vague", "frac"))
    if bare and match.group("num") and match.group("num").lower() == "one" and not (
            after.startswith("-") or text[max(0, match.start() - 8):match.start()].lower().endswith("all but ")):
        return "the word one"  # "one heck", "one world government": rarely an amount
    if bare and match.group("num") and match.group("num").isdigit() and (
            STREET.match(text, match.end()) or TIME_AGO.match(text, match.end())):
        return "a street number or a time stamp"
    line_rest = text[match.end():text.find("\n", match.end()) if "\n" in text[match.end():] else len(text)]
    if bare and not match.group("num2") and not line_rest.strip():
        return "number ending a line"  # comment counters, headings' numbers
    return None


def _ordinal_not_fraction(text: str, match: re.Match) -> bool:
    """"a third of them" is a share; "a third rate major", "a third term" are not."""
    words = (match.group("frac") or "").lower().split()
    return bool(words) and (words[0] in ("a", "one", "half") or words == ["half"]) and not re.match(
        r"\s+of\b", text[match.end():match.end() + 5])


def reason_to_skip(text: str, match: re.Match, blocked) -> str | None:
    """Why the number is not an amount, or None when it is one."""
    if _ordinal_not_fraction(text, match):
        return "ordinal or adjective, not a fraction"
    if _overlaps(blocked, match.start(), match.end()):
        return "date, time, phone number or list marker"
    if _is_date_or_year(text, match):
        return "date or year"
    if _names_a_thing(text, match):
        return "number in a name or reference"
    return _is_score_or_age(text, match) or _is_label_or_counter(text, match)


def counted(text: str, match: re.Match) -> str | None:
    counted_noun = _counted(text, match.end())
    event = _preceding_event(text, match.start())
    if counted_noun and event and not counted_noun.endswith("ed"):
        return f"{counted_noun} {event}"
    return counted_noun


def _counted(text: str, end: int) -> str | None:
    match = COUNTED_WORDS.match(text, end)
    if not match:
        return None
    words, closed = [], False
    for word in match.group(1).split():
        bare = word if ABBREVIATION.fullmatch(word) else word.rstrip(".,’'")
        if bare.lower() in STOP_COUNTED or bare.lower() in BREAK_COUNTED or not bare:
            break  # the noun phrase ends where a verb or function word starts
        words.append(bare)
        if bare != word:  # a sentence or clause ends here
            closed = True
            break
    if not words:
        return None
    event = None if closed else EVENT_PARTICIPLE.match(text, match.start(1) + len(" ".join(words)))
    return " ".join(words + ([event.group(1)] if event else []))


def _preceding_event(text: str, start: int) -> str | None:
    """'killing about 50 people' counts people killed."""
    before = text[max(0, start - 20):start].split()
    if before and before[-1].lower() in GERUND_EVENTS:
        return GERUND_EVENTS[before[-1].lower()]
    return None
