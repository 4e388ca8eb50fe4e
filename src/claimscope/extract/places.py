"""Toponym recognition and resolution: capitalised name runs matched against
the gazetteer, checked against the NER labels and the page's context, then
resolved to one GeoNames place.

Resolution prefers, in order: places in a country the page names (or where its
unambiguous places lie), larger populations, and regions/countries over
homonymous villages. NER labels are evidence, not the judge: the small English
model calls Hasakah and Rukban ORG, so a whole-entity ORG match is still kept
when the gazetteer knows a sizeable place of that name.
"""
from __future__ import annotations

import bisect
import functools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources

from . import placerank
from .gazetteer import ADMIN1_POPULATION, Place, aliases_as_written, country_population, gazetteer, name_key

# A run of capitalised words, allowing Arabic article prefixes and short connectors.
NAME_RUN = re.compile(
    r"(?:\b(?:al|el|ad|ar|as|at|az|ez|ash|an)-)?[A-Z][\w'’.]*(?:-[\w'’]+)*"
    r"(?:[ ](?:(?:al|el|ad|ar|as|at|az|ez|de|del|da|la|le|of|upon|on|sur)[ -])?[A-Z][\w'’.]*(?:-[\w'’]+)*)*"
)
ARABIC_PREFIX = re.compile(r"(?:al|el|ad|ar|as|at|az|ez|ash|an)-", re.I)
MAX_WORDS = 5
PLACE_LABELS = {"GPE", "LOC", "FAC"}
AREAS = ("country", "admin1")  # a country or a first-level region: where a town lies
REJECT_LABELS = {"PERSON", "ORG", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW", "DATE", "MONEY"}
MIN_POPULATION_WITHOUT_NER = 20_000  # a bare capitalised word must be a sizeable place
MIN_POPULATION_AGAINST_NER = 5_000  # ...and more so when NER calls it a person or organisation
MIN_POPULATION_OPENING_NAME = 20_000  # a town that opens an organisation's name
CONTEXT_BONUS = 4.0  # in log-population units
ALIAS_BONUS = 2.0  # the alias table's reading of a name ("Washington" = the capital)


@dataclass(frozen=True, slots=True)
class Toponym:
    start: int
    end: int
    text: str
    place: Place


def _word_list(filename: str) -> list[str]:
    """The lines of a word list in extract/data, without its comments."""
    text = resources.files(__package__).joinpath("data").joinpath(filename).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@functools.cache
def _not_places() -> frozenset[str]:
    return frozenset(name_key(line) for line in _word_list("not_places.txt"))


@functools.cache
def _team_names() -> frozenset[str]:
    return frozenset(name.lower() for name in _word_list("team_names.txt"))


@functools.cache
def _first_names() -> frozenset[str]:
    """Words news mostly writes as a person's first name (scripts/build_first_names.py)."""
    return frozenset(_word_list("first_names.txt"))


def _label_at(ents, start: int, end: int) -> tuple[str | None, bool, bool, tuple[int, int] | None]:
    """The NER label overlapping the span, whether the entity is exactly the span,
    whether the span opens the entity ("Dublin" of "Dublin City Council"), and the
    entity's own span."""
    for e_start, e_end, label in ents:
        if e_start < end and start < e_end:
            text_match = e_start == start and e_end == end
            whole = text_match or (e_start >= start - 4 and e_end == end)  # "the" prefix
            return label, whole, start - 4 <= e_start <= start, (e_start, e_end)  # "the" may open it
    return None, False, False, None


@functools.cache
def _common_words() -> frozenset[str]:
    """One-word place names that news mostly writes in lower case ("front", "human")."""
    return frozenset(_word_list("common_place_words.txt"))


# An organisation or facility whose name opens with a place is usually there ("Dublin City
# Council", "Newark Live Bait", "Wichita Street"), but not these, named after a place where
# something was once agreed or founded ("the Paris Club", "the Minsk agreements").
NOT_LOCATED_HEADS = frozenset((
    "club clubs agreement agreements accord accords protocol protocols convention conventions treaty "
    "declaration format process group consensus doctrine memorandum formula syndrome mule"
).split())
# A school named after a place ("Saint Louis University", "Boston College") is read as a
# school: labelled real pages counted none of them a place, and the namesake reading went to
# Senegal or Cuba; the head stands within the name's next two words ("North Carolina State
# University"), maybe glued to what follows ("University)Shea Salinas").
SCHOOL_HEADS = ("university", "college")
# Words that open a longer name with a place's name inside; the whole name, where the gazetteer
# holds it ("St. Louis", "Fort Worth", "Lake Charles"), is matched before its last word. On
# labelled real pages every place read out of such a name was wrong ("St. Mary's, Pa." as Mary,
# Turkmenistan; "Lake Lugano" as the town).
NAME_OPENERS = frozenset(("new", "st", "saint", "ste", "sainte", "mt", "mount", "lake", "cape"))
SCHOOL_REACH = 2
HYPHENATED = re.compile(r"\w-\Z")  # the name is the end of a hyphenated word
# a newspaper is not where its story happens ("the Jerusalem Post reported", "told the New
# York Times"), however well known the city that opens its name
# (coref.PRESS_WORDS asks another question — which organisation named before "the paper" is
# a newspaper — and so holds only newspapers' title words, not agencies' or magazines'.)
NEWSPAPER_HEADS = frozenset((
    "post times citizen herald tribune journal gazette chronicle bee sun sentinel telegraph "
    "globe examiner inquirer observer courier register star press presse today agency "
    "monthly weekly magazine reporter"
).split())
# Words a text written in capitals puts before "US" when it means "us": "TELL US", "JOIN US".
US_AS_PRONOUN_AFTER = frozenset((
    "tell contact join follow email call help give let send show write about with for ask visit like support"
).split())
MAX_NAME_AFTER_PLACE = 3  # words after the place in a paper's or a team's name ("Daily News")
# A street, a square or a park takes its name from somewhere else: "Madison Square Garden" is
# not in Madison, "Leicester Square Theatre" not in Leicester, "St James' Park" not St James,
# "420 Augusta St., Alexandria" not Augusta. (A whole name the gazetteer knows, "College Park"
# or "Menlo Park", is matched before its first word; a county keeps its roads: "Mahnomen
# County Road 3".) A hall or an arena mostly stands in the town it is named after and stays.
STREET_HEADS = frozenset((
    "street st road rd avenue ave lane drive boulevard square park garden gardens terrace crescent side"
).split())  # "side": a city's quarter ("the Upper West Side" is not Upper West, Ghana)
COUNTY_WORDS = ("county", "parish")
# an airline's name: "US Airways Center" is an arena named after an airline, not the US
AIRLINE_HEADS = frozenset(("airways", "airlines"))
# A trophy or a prize named after someone: "the Stanley Cup", "the Davis Cup", "the Nobel Prize".
AWARD_HEADS = frozenset("cup trophy prize award awards".split())
CLUB_MARKS = frozenset(("fc", "f.c", "afc", "a.f.c", "cf", "sc"))  # "Sydney FC", "Leeds United AFC"
# words that open a broadcaster's, a bank's or an airline's name before a place: "Voice of
# America", "Bank of England", "Agence France Presse", "Radio Free Europe", "Air Canada"
OUTLET_OPENERS = frozenset(("voice of", "bank of", "agence", "radio", "air"))
# ...and a club's: "Real Madrid", "CSKA Sofia", "AC Milan"
CLUB_OPENERS = frozenset((
    "real", "athletic", "atletico", "sporting", "racing", "cska", "dynamo", "dinamo", "spartak", "lokomotiv",
    "olympique", "borussia", "inter", "ac", "fc", "afc",
))
# a result as sports pages print it: "Vancouver 2 Anaheim 1; Philadelphia 1 Florida 0", "Texas
# 41, Oklahoma 38" -- each name is a team's
_POINTS = r"[ \t]+\d{1,3}(?![\d:/-]|\.\d)"  # a small number standing alone: no time, no date, no decimal
_TEAM = r"[A-Z][\w.'’]*(?:[ \t]+[A-Z][\w.'’]*){0,3}"
SCORE_FIRST = re.compile(_POINTS + r"[,;]?(?:[ \t]+and)?[ \t]+" + _TEAM + _POINTS)  # after the first team
SCORE_SECOND = re.compile(r"[A-Z][\w.'’]*" + _POINTS + r"[,;]?(?:[ \t]+and)?[ \t]+\Z")  # before the second
SCORE_POINTS = re.compile(_POINTS)
RESULT_REACH = 60  # characters before a name searched for the first team's score
DIRECTIONS = frozenset((
    "north", "south", "east", "west", "north east", "north west", "south east", "south west", "northeast",
    "northwest", "southeast", "southwest", "central", "northern", "southern", "eastern", "western",
))
SQUAD_ROLES = frozenset((
    "squad coach coaches"
).split())
# A sports report: a stretch of text that uses SPORTS_REPORT_WORDS of these words (each counted
# once). Only there is a bare place name a side by the words around it, as below.
SPORTS_WORDS = re.compile(
    r"\b(?:goals?|scored|scoring|striker|midfielder|defender|goalkeeper|league|season|coach|match|fixture|"
    r"penalty|innings?|wickets?|touchdown|quarterback|playoffs?|semi-?finals?|quarter-?finals?|tournament|"
    r"championship|stadium|referee|kick-off|half-?time|squad|cup|club|fans|teammates?|title|"
    r"pitcher|pitching|strikeouts?|homers?|RBIs?|rebounds|buzzer|batsm[ae]n|bowlers?|one-dayer)\b", re.I)
SPORTS_REPORT_WORDS = 5
# ...a place met by another side: "a 2-0 win over Sevilla", "a defeat to Wigan", "facing Liverpool"
SIDE_BEFORE = re.compile(
    r"\b(?:(?:win|wins|victory|victories|triumph)[ \t]+(?:over|against)|(?:defeat|defeats|loss|losses|lost|lose|losing)"
    r"[ \t]+(?:to|against)|(?:draw|drew|tie|tied)[ \t]+(?:with|against)|clash(?:es)?[ \t]+(?:with|against)|beat|beats|"
    r"beating|beaten[ \t]+by|defeated|defeating|facing|faces|face|hosts|hosting|hosted|against|versus|vs\.?"
    r"|at[ \t]+the[ \t]+hands[ \t]+of)"
    r"[ \t]+(?:the[ \t]+)?\Z", re.I)
SIDE_REACH = 24  # characters before the name searched for SIDE_BEFORE
# ...a town's or a region's club by its people: "former Liverpool hero", "the Botev Plovdiv
# striker" (after a country these say a nationality: "the Cameroon striker")
CLUB_PEOPLE = frozenset((
    "hero man boss manager striker midfielder defender goalkeeper keeper winger forward captain fans "
    "supporters outfit player players owner owners co-owner co-owners chairman"
).split())
# ...or by what a side has on the field, after the town or its possessive: "Denver's win",
# "Buffalo's loss", "Baltimore's line", "a New England touchdown", "deep in Buffalo territory"
SIDE_HOLDINGS = CLUB_PEOPLE | frozenset((
    "win wins victory loss losses defeat line linebackers linemen defense defence offense offence secondary "
    "backfield quarterback quarterbacks receivers roster lineup coach rookie kicker touchdown touchdowns "
    "territory bench bullpen rotation"
).split())
# ...or as the subject of a result: "Pakistan won by six wickets", "Houston rallied"
SIDE_AFTER = re.compile(r"[ \t]+(?:beat|beats|won|wins|lost|loses|drew|draws|defeated|edged|routed|thrashed|"
                        r"clinched|rallied|trail|trailed|lead|leads|scored|batted|bowled|declared|collapsed)\b")
NATIONAL_SIDE = re.compile(r"[ \t]+(?:women's[ \t]+|men's[ \t]+)?national[ \t]+(?:team|side|squad)\b", re.I)
NEXT_WORD = re.compile(r"[ \t]+([a-z]+)\b")
# "Harvey and Bob Weinstein", "Venus and Serena Williams": a name joined to a first name and
# the surname they share (``_read``; the word after "and" must be a first name, so "Paris and
# New York" stays two places, and no county or city head may follow: "Jackson and Lee County")
NAME_PAIR = re.compile(r"[ \t]+(?:and|&)[ \t]+([A-Z][a-z]+)[ \t]+([A-Z][a-z]+)")
PLACE_BEFORE_PEOPLE = re.compile(r"\b(?:of|from|in|at)[ \t]+\Z")
PLACE_HEADS = frozenset(["county", "counties", "city", "parish", "island", "islands", "state", "province", "district"])
POSSESSED_WORD = re.compile(r"['’]s(?:[ \t]+(?:already|thin|own|first|second|third|late|early|big|\d+-\d+))*[ \t]+([a-z]+)\b")
SENTENCE_END = re.compile(r"[a-z]{3}[.!?]\Z")  # "Colts." ends a sentence; "St." and "F.C." do not
INITIALS = re.compile(r"[a-z]\.[a-z](?:\.[a-z])?")  # "B.J.", "A.J." as the run's words keep them
SHORT_CAPS = re.compile(r"[A-Z]{2,3}")  # "UN", "EU", "ISIS": acronyms unless the alias table says


@dataclass(frozen=True, slots=True)
class _Reading:
    """What the page says about one candidate span besides the gazetteer."""

    surface: str
    label: str | None
    whole: bool
    leads: bool
    entity_text: str
    written: str  # the surface with the period the match left out ("Miss." for "Miss")
    before: tuple[str, ...] = ()  # the words of its capitalised run before it, in lower case
    after: tuple[str, ...] = ()  # ...and after it
    next_word: str = ""  # the lower-case word right after the name, where the run ends with it
    in_result: bool = False  # it names a side of a sports result
    met_as_side: bool = False  # in a sports report, a side's words stand around it (SIDE_BEFORE, ...)
    town_club: bool = False  # in a sports report, a town before a club's people ("Liverpool hero")
    set_as_place: bool = False  # "in Franklin", "Franklin, Kentucky": the text sets it as a place
    shouted_before: bool = False  # the word before it in its run is written in capitals ("TELL US")
    paired_name: bool = False  # a first name joined to another and their surname ("Harvey and Bob Weinstein")


def _run_words(text: str, spans) -> tuple[str, ...]:
    """Words of a capitalised run compared with the name lists: lower case, without the
    possessive and the stop ("Giants'", "F.C." -> "giants", "f.c")."""
    out = []
    for a, b in spans:
        word = re.sub(r"['’]s?\Z", "", text[a:b].lower().rstrip(".,:;!?"))
        out.append(word)
    return tuple(out)


def _name_rest(text: str, spans):
    """The words of a run after a place up to its first connector or the end of its
    sentence: "USA Today" of "USA Today on Friday", "Colts" of "the Indianapolis Colts.
    Tannehill likely ..." (a run goes on over a stop to the next capital)."""
    for k, (a, b) in enumerate(spans):
        if text[a].islower():
            return spans[:k]
        if SENTENCE_END.search(text, a, b):
            return spans[:k + 1]
    return spans


def _apposed_area(text: str, end: int) -> bool:
    """A country or a first-level region right after the name and a comma: "Franklin, Ky."."""
    apposed = APPOSED_NAME.match(text, end)
    if not apposed:
        return False
    names = (apposed.group(1), f"{apposed.group(1)} {apposed.group(2)}") if apposed.group(2) else (apposed.group(1),)
    return any(p.feature in AREAS for name in names for p in gazetteer().candidates(name))


def _in_result(text: str, start: int, end: int) -> bool:
    """"Vancouver 2 Anaheim 1", "Texas 41, Oklahoma 38": the name is one side of a result."""
    if SCORE_FIRST.match(text, end):
        return True
    return bool(SCORE_POINTS.match(text, end) and SCORE_SECOND.search(text, max(0, start - RESULT_REACH), start))


def _opened_by(before: tuple[str, ...], openers: frozenset[str]) -> bool:
    return bool(before) and (before[-1] in openers or " ".join(before[-2:]) in openers)


def _names_outlet(reading: _Reading) -> bool:
    """The place opens a paper's, a broadcaster's, a bank's or an airline's name: "the
    Seattle Times", "USA Today", "Voice of America", "Air Canada", "US Airways". Read from the words of
    the name itself, not from NER, which seldom marks them as organisations on real pages."""
    after = reading.after
    if 0 < len(after) <= MAX_NAME_AFTER_PLACE and (after[-1] in NEWSPAPER_HEADS or "daily" in after):
        return True
    if after and after[0] in AIRLINE_HEADS:
        return True
    return _opened_by(reading.before, OUTLET_OPENERS)


def _names_elsewhere(reading: _Reading) -> bool:
    """The place opens the name of a street, a square, a park or a trophy, which is not
    where that place is ("Madison Square Garden", "Bloomfield Road", "the Stanley Cup")."""
    after = reading.after[:MAX_NAME_AFTER_PLACE]
    if not after or reading.surface.lower().endswith(COUNTY_WORDS):
        return False
    return after[0] in STREET_HEADS or after[-1] in STREET_HEADS or after[0] in AWARD_HEADS


def _names_side(reading: _Reading) -> bool:
    """The place names a sports side: it opens a team's or a club's name ("the Dallas
    Cowboys", "Newcastle United", "Sydney FC", "Real Madrid"), stands in a result
    ("Vancouver 2 Anaheim 1") or before a player's role ("the England coach")."""
    before, after = reading.before, reading.after
    if reading.in_result or reading.next_word in SQUAD_ROLES or reading.met_as_side or reading.town_club:
        return True
    if (after and after[-1] in CLUB_MARKS) or _opened_by(before, CLUB_OPENERS):
        return True
    teams = _team_names()
    if after and " ".join(after) in teams:
        return True
    named = reading.surface.lower()
    return any(" ".join((*before[k:], named, *after)) in teams for k in range(len(before) + 1))


def _vetoed(candidates: list[Place], reading: _Reading) -> bool:
    """Names the gazetteer knows that the text does not use as a place."""
    gaz = gazetteer()
    named = [p for p in candidates if not gaz.is_alternate(reading.surface, p)]
    known = any(gaz.is_preferred(reading.surface, p) or p.feature in ("country", "continent") for p in candidates)
    place_label = reading.label in PLACE_LABELS and reading.whole
    if not named and not place_label:
        return True  # only GeoNames' noisy alternate names know it: "Google", "Hamas", "Pompeo"
    if SHORT_CAPS.fullmatch(reading.surface) and not known:
        return True  # "UN" is not Un, India
    if reading.surface == "US" and reading.shouted_before and reading.before[-1] in US_AS_PRONOUN_AFTER:
        return True  # "TELL US WHAT YOU THINK", "CONTACT US": capitals for "us" ("Questions About US Labs" is the country)
    if _names_outlet(reading) or _names_elsewhere(reading):
        return True
    if name_key(reading.surface) in _common_words():
        if known:  # "Contact Us" is not the US, "Don't Miss" not Mississippi (NER calls them GPE)
            return reading.surface not in aliases_as_written() and reading.written not in aliases_as_written()
        if not place_label:
            return True  # "Front", "Human", "Name" in a headline or a name
    if reading.after and name_key(reading.surface) in DIRECTIONS:
        return True  # "South East England": a part of the place that follows, not Botswana's South East
    if reading.before and reading.before[-1] in NAME_OPENERS:
        # "New Guinea", "St. Mary's, Pa.", "Lake Lugano", "Mount Kenya": a place (or a church,
        # a lake, a mountain) the gazetteer lacks, not the one its name holds
        return True
    if any(word.startswith(SCHOOL_HEADS) for word in reading.after[:SCHOOL_REACH]):
        return True  # "Santa Clara University", "North Carolina State University": a school, not the place
    if not place_label and not reading.set_as_place \
            and not any(p.feature in AREAS or p.feature == "continent" for p in candidates):
        if name_key(reading.surface) in _first_names():
            return True  # "David", "Keith": a first name, not David, Panama
        if reading.before and (reading.before[-1] in _first_names() or INITIALS.fullmatch(reading.before[-1])):
            return True  # "Josh Hamilton", "B.J. Upton": a last name
    if reading.paired_name and not reading.set_as_place \
            and not any(p.feature in AREAS or p.feature in ("country", "continent") for p in candidates):
        return True  # "Harvey and Bob Weinstein": whatever NER calls Harvey
    if reading.label in ("ORG", "FAC") and not reading.whole and reading.leads:
        # the words of the name after the place: "Club" of "the Paris Club Debt", "Post" of
        # "the Jerusalem Post"
        after = reading.entity_text.split(reading.surface, 1)[-1].split() if reading.entity_text else []
        heads = {word.lower().strip(".,'’") for word in after}
        return bool(heads & NEWSPAPER_HEADS) or bool(heads & NOT_LOCATED_HEADS)
    return False


def _plausible(candidates: list[Place], label: str | None, whole: bool, leads: bool, is_alias: bool) -> bool:
    biggest = max(p.population for p in candidates)
    if label in PLACE_LABELS or is_alias:
        return True
    if label in REJECT_LABELS:
        if not whole:  # "Kanawha County Commission": well-known areas inside names
            if label not in ("ORG", "FAC"):
                return False
            # "Dublin City Council", "Gainesville Police": a town's name opening an
            # institution's name still says where it is
            return any(p.feature in AREAS for p in candidates) or (
                leads and biggest >= MIN_POPULATION_OPENING_NAME)
        return biggest >= MIN_POPULATION_AGAINST_NER and label in ("ORG", "PERSON")
    return biggest >= MIN_POPULATION_WITHOUT_NER


def _towns_only(candidates: list[Place]) -> bool:
    """Only towns too small to be named without a cue carry the name."""
    return all(p.feature == "city" and p.population < MIN_POPULATION_WITHOUT_NER for p in candidates)


def _word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]


def _longest_match(text: str, words, ents, sides: set[str], sports: bool = False):
    """Greedy left-to-right longest gazetteer match inside one name run; the names it finds
    used as a sports side go into ``sides``. ``sports``: the text is a sports report."""
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + MAX_WORDS), i, -1):
            start, end = words[i][0], words[j - 1][1]
            if text[end - 2:end] in ("'s", "’s"):  # "China's": the name without the possessive
                end -= 2
            while end > start and text[end - 1] in ".,'’":
                end -= 1
            surface = text[start:end]
            if not (surface[:1].isupper() or ARABIC_PREFIX.match(surface)):
                continue  # a connector ("of") never starts a toponym
            if HYPHENATED.search(text, max(0, start - 2), start):
                continue  # the end of a hyphenated word: "e-Bay" is not Bay, Somalia
            candidates = gazetteer().candidates(surface)
            if candidates and name_key(surface) not in _not_places():
                reading = _read(text, ents, words, i, j, start, end, candidates if sports else None)
                if _names_side(reading):
                    sides.add(name_key(surface))
                    i = j  # the side's words name no place either ("lost to South Africa": no Africa)
                    break
                if _vetoed(candidates, reading):
                    continue
                is_alias = any(p.feature == "place" for p in candidates)
                if reading.label == "LOC" and _towns_only(candidates) and not _apposed_area(text, end):
                    continue  # NER's location is a sea, a coast, a region: "the Atlantic" is no village in Iowa
                if _plausible(candidates, reading.label, reading.whole, reading.leads, is_alias):
                    # a country opening an organisation's name says whose it is: "the US Navy"
                    owner = reading.leads and reading.label == "ORG" and any(p.feature == "country" for p in candidates)
                    weak = not (is_alias or owner) and (reading.label not in PLACE_LABELS or reading.label == "FAC")
                    yield start, end, surface, candidates, weak
                    i = j
                    break
        else:
            i += 1


def _read(text: str, ents, words, i: int, j: int, start: int, end: int, sports_candidates=None) -> _Reading:
    """What the page says about ``text[start:end]``, words ``i`` to ``j`` of its name run;
    ``sports_candidates``: its gazetteer candidates, given where the text is a sports report."""
    surface = text[start:end]
    label, whole, leads, entity = _label_at(ents, start, end)
    # a place that owns what follows opens no name ("Canada's Food Inspection Agency")
    owner = text[end:end + 2] in ("'s", "’s")
    following = NEXT_WORD.match(text, words[j - 1][1]) if j == len(words) and not owner else None
    next_word = following.group(1) if following else ""
    word_before = text[words[i - 1][0]:words[i - 1][1]] if i > 0 else ""
    met_as_side = town_club = False
    if sports_candidates:
        met_as_side = bool(i == 0 and SIDE_BEFORE.search(text, max(0, start - SIDE_REACH), start)
                           or NATIONAL_SIDE.match(text, end) or SIDE_AFTER.match(text, end))
        held = POSSESSED_WORD.match(text, end) if owner else None
        town_club = (next_word in SIDE_HOLDINGS or bool(held and held.group(1) in SIDE_HOLDINGS)) \
            and not any(p.feature in ("country", "continent") for p in sports_candidates)
    return _Reading(
        surface, label, whole, leads, text[entity[0]:entity[1]] if entity else "",
        written=surface + "." if text[end:end + 1] == "." else surface,
        before=_run_words(text, words[:i]),
        after=() if owner else _run_words(text, _name_rest(text, words[j:])),
        next_word=next_word,
        in_result=_in_result(text, start, end), met_as_side=met_as_side, town_club=town_club,
        set_as_place=_apposed_area(text, end) or bool(PLACE_PREPOSITION.search(text, max(0, start - 8), start)),
        shouted_before=len(word_before) > 1 and word_before.isupper(),
        paired_name=_paired_name(text, start, end))


def _paired_name(text: str, start: int, end: int) -> bool:
    """``NAME_PAIR`` after the name, and no "of", "from", "in" or "at" before it, which set it
    as a place before a list of people ("Sue Hill of Newark and Michael Sweeney of Hayward")."""
    pair = NAME_PAIR.match(text, end)
    if pair is None:
        return False
    return name_key(pair.group(1)) in _first_names() and pair.group(2).lower() not in PLACE_HEADS \
        and not PLACE_BEFORE_PEOPLE.search(text, max(0, start - 8), start)


def find_toponyms(text: str, ents=None, start: int = 0, end: int | None = None) -> list[Toponym]:
    """Toponyms in ``text[start:end]``; ``ents`` are NER (start, end, label) in text offsets,
    None where no NER ran (then no name is weak for want of a place label)."""
    return resolve(page_mentions(text, ents, start, end))


AREA_BONUS = {"continent": 3.0, "country": 3.0, "admin1": 1.5}  # a bare area name means the area


def _score(place: Place, countries: set[str], regions: set[tuple[str, str]]) -> float:
    bonus = CONTEXT_BONUS if place.country in countries else 0.0
    bonus += AREA_BONUS.get(place.feature, 0.0)
    if place.feature in ("city", "admin2") and (place.country, place.admin1) in regions:
        bonus += CONTEXT_BONUS
    return math.log10(max(place.population, 1)) + bonus


def _evidence(candidates) -> tuple[set[str], set[tuple[str, str]]]:
    """What one mention says about the page's countries and regions."""
    countries, regions = set(), set()
    biggest = max(candidates, key=lambda p: p.population)
    if len({p.country for p in candidates}) == 1 or biggest.feature in AREAS:
        countries.add(biggest.country)
    areas = [p for p in candidates if p.feature == "admin1"]
    if len(areas) == 1:
        regions.add((areas[0].country, areas[0].admin1))
        countries.add(areas[0].country)
    return countries, regions


NEIGHBOUR_BONUS = 2.0  # in log-population units, per kind of closeness to the page's other places
NEIGHBOUR_KM = 100.0
LOCAL_FEATURES = ("city", "admin2", "place")
KM_PER_DEGREE = 111.2
FAR_SEARCH_KM = 1000.0  # the ranker's nearest-neighbour distance looks this far, then says "far"
SEARCH_RINGS_KM = (NEIGHBOUR_KM, 300.0, FAR_SEARCH_KM)


class _PageContext:
    """What the page's *other* names say about one name (a name never votes for its own
    reading), counted once per page so that a page listing thousands of places costs
    about as much per name as a page with ten."""

    def __init__(self, evidence: dict) -> None:
        self.evidence = evidence
        self.country_votes = Counter(c for countries, _ in evidence.values() for c in countries)
        self.region_votes = Counter(r for _, regions in evidence.values() for r in regions)
        self._memo: dict[str, tuple] = {}

    def of(self, key: str) -> tuple[set[str], set[tuple[str, str]]]:
        if key not in self._memo:
            own_countries, own_regions = self.evidence[key]
            self._memo[key] = ({c for c, n in self.country_votes.items() if n > (c in own_countries)},
                               {r for r, n in self.region_votes.items() if n > (r in own_regions)})
        return self._memo[key]


class _Neighbours:
    """The local (town, district) readings of a page's names, by first-level region and
    by one-degree grid cell, for the neighbour bonus."""

    def __init__(self, keyed_picks) -> None:
        self.region_keys: dict[tuple[str, str], set[str]] = defaultdict(set)
        # each (name, reading) once per cell, however often the page repeats it: the nearest
        # search reads every entry of the cells around a place, once per mention
        self.cells: dict[tuple[int, int], set[tuple[str, Place]]] = defaultdict(set)
        self.keys: Counter[str] = Counter()
        self._nearest_seen: dict[tuple[Place, str], float] = {}  # a repeated name asks again
        for key, place in keyed_picks:
            if place.feature in LOCAL_FEATURES:
                self.region_keys[(place.country, place.admin1)].add(key)
                self.cells[(math.floor(place.lat), math.floor(place.lon))].add((key, place))
                self.keys[key] += 1

    def any_besides(self, key: str) -> bool:
        return sum(self.keys.values()) > self.keys[key]

    def bonus(self, place: Place, key: str) -> float:
        """A local paper's "Paris" or "Georgia" is the one near the towns it also names:
        a bonus for sharing a first-level region with another name's local reading, and
        one for lying near it. Countries never gain it."""
        if place.feature == "country":
            return 0.0
        bonus = 0.0
        if place.admin1 and self.region_keys.get((place.country, place.admin1), set()) - {key}:
            bonus += NEIGHBOUR_BONUS
        if place.feature in LOCAL_FEATURES and any(
                other != key and _km(place, near) <= NEIGHBOUR_KM for other, near in self._around(place)):
            bonus += NEIGHBOUR_BONUS
        return bonus

    def evidence(self, place: Place, key: str) -> tuple[bool, bool, float]:
        """For the ranker: shares a region with another name's local reading, lies
        within NEIGHBOUR_KM of one, and the distance to the nearest one (km)."""
        shares = bool(place.admin1 and self.region_keys.get((place.country, place.admin1), set()) - {key})
        nearest = self._nearest(place, key)
        return shares, nearest <= NEIGHBOUR_KM and place.feature != "country", nearest

    def _nearest(self, place: Place, key: str) -> float:
        """Distance to the nearest other name's local reading, searched in widening rings:
        the cells of a ring hold every place within its radius, so a hit inside the radius
        is the nearest one, and a crowded page rarely looks past the first ring."""
        seen = self._nearest_seen.get((place, key))
        if seen is not None:
            return seen
        for radius in SEARCH_RINGS_KM:
            nearest = min((_km(place, near) for other, near in self._around(place, radius) if other != key),
                          default=placerank.FAR_KM)
            if nearest <= radius:
                break
        self._nearest_seen[(place, key)] = nearest
        return nearest

    def _around(self, place: Place, radius_km: float = NEIGHBOUR_KM):
        lat_cells = math.ceil(radius_km / KM_PER_DEGREE)
        shrink = max(math.cos(math.radians(min(abs(place.lat) + lat_cells, 89.0))), 0.01)
        lon_cells = min(math.ceil(radius_km / (KM_PER_DEGREE * shrink)), 180)
        row, col = math.floor(place.lat), math.floor(place.lon)
        if (2 * lat_cells + 1) * (2 * lon_cells + 1) > len(self.cells):
            # a wide ring holds more cells than the page fills: read the filled ones
            for (r, c), entries in self.cells.items():
                if abs(r - row) <= lat_cells and min(abs(c - col), 360 - abs(c - col)) <= lon_cells:
                    yield from entries
            return
        for r in range(row - lat_cells, row + lat_cells + 1):
            for c in range(col - lon_cells, col + lon_cells + 1):
                yield from self.cells.get((r, (c + 180) % 360 - 180), ())


def _km(a: Place, b: Place) -> float:
    dlat = math.radians(b.lat - a.lat)
    dlon = math.radians((b.lon - a.lon + 180) % 360 - 180) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 6371.0 * math.hypot(dlat, dlon)


def _best(surface: str, cands, context: tuple, bonus=lambda place: 0.0) -> Place:
    return max(cands, key=lambda p: _score(p, *context) + bonus(p)
               + (ALIAS_BONUS if gazetteer().is_preferred(surface, p) else 0.0))


def resolve(mentions) -> list[Toponym]:
    """Pick one place per mention: first from the countries and regions that the page's
    other names point to, then again with the local places those names were read as;
    the learned ranker (``placerank``) makes the second choice when its model is there."""
    context, keys, first, neighbours = page_state(mentions)
    fitted = placerank.model()
    resolved = []
    for (s, e, surface, cands), key, pick in zip(mentions, keys, first):
        if len(cands) > 1 and fitted is not None:
            rows = candidate_rows(surface, cands, key, context, neighbours)
            ranked = placerank.scores(rows, fitted)
            pick = cands[_world_city_kept(cands, rows, _top_reading(cands, ranked))]
        elif len(cands) > 1:
            pick = rule_pick(surface, cands, key, context, neighbours)
        if pick.feature == "admin1" and len(cands) > 1:
            pick = _city_of_its_region(surface, cands, pick, context.of(key)[1])
            pick = _city_over_region(surface, cands, pick, context.of(key)[0])
        if not _stray(pick, key, context, neighbours):
            resolved.append(Toponym(s, e, surface, pick))
    return resolved


# Readings the ranker cannot tell apart: regions of several countries that share a name
# ("Florida" is a US state, a Puerto Rican municipality and a department of Uruguay), with
# nothing on the page pointing to any of them, score the same. The candidates' order then
# chose, and a reader in Florida came out in Puerto Rico. The tie goes to the reading in the
# most populous country: the one most writers who name it mean.
TIE = 1e-9


def _top_reading(cands, ranked) -> int:
    best = max(ranked)
    tied = [i for i, score in enumerate(ranked) if best - score <= TIE]
    return max(tied, key=lambda i: country_population(cands[i].country)) if len(tied) > 1 else tied[0]


# The ranker's country signals already yield to a world city; its distance to the page's
# other places does not, and on real pages a few hundred kilometres pulled "the Tate Modern
# in London" to London, Ontario on a page about New York. Only local evidence (a region
# the page names, another name's reading in the same region or within NEIGHBOUR_KM) takes a
# name away from the world city that is its most prominent reading to another town.
_LOCAL = tuple(placerank.FEATURES.index(f) for f in ("region_named", "neighbour_region", "neighbour_near"))
_MAJOR = placerank.FEATURES.index("is_major_city")
_LARGEST = placerank.FEATURES.index("is_largest")


def _world_city_kept(cands, rows, pick: int) -> int:
    """``pick``, or the world city among ``cands`` where ``pick`` is a town with no local
    evidence (a region such as New York State is left alone: its name is the city's too)."""
    if cands[pick].feature not in LOCAL_FEATURES or rows[pick][_MAJOR] or any(rows[pick][k] for k in _LOCAL):
        return pick
    world = [i for i, row in enumerate(rows) if row[_MAJOR] and row[_LARGEST]]
    return world[0] if world else pick


def _city_of_its_region(surface: str, cands, region: Place, regions_named) -> Place:
    """A first-level region read where a world city is meant: "Madrid", "Lagos", "New York
    Harbor", "LA". The region yields to a world city among the readings that lies in it or
    that the alias table gives the name ("LA" is Los Angeles), unless the page names another
    region of that country ("between New York and Florida": states compared). A region set
    beside a town ("Albany, N.Y.") has no city reading left by now."""
    if any(country == region.country and area != region.admin1 for country, area in regions_named):
        return region
    gaz = gazetteer()
    cities = [p for p in cands if p.feature == "city" and p.country == region.country and _world_city(p)
              and (p.admin1 == region.admin1 or gaz.is_preferred(surface, p))]
    return max(cities, key=lambda p: p.population) if cities else region


# A first-level region of a small country (its share of the country's people is under
# gazetteer.ADMIN1_POPULATION) that no other name on the page points to yields to a city of
# another country among the readings with more people than that share, and at least this
# many. The ranker learnt a region's reading from US local news, where a bare "Florida" is
# the state; on real pages it read Manchester and Portland as parishes of Jamaica.
CITY_OVER_REGION = 100_000


def _city_over_region(surface: str, cands, region: Place, countries: set[str]) -> Place:
    """``region``, or the largest city of another country that outweighs it — never one the
    gazetteer reaches only by a GeoNames alternate name ("Saint James" for Vung Tau). A city
    inside the region is ``_city_of_its_region``'s question ("Quebec" is mostly the province)."""
    if region.feature != "admin1" or region.population >= ADMIN1_POPULATION or region.country in countries:
        return region  # a region of a large country (Spain's Valencia) keeps the ranker's reading
    floor = max(region.population, CITY_OVER_REGION)
    gaz = gazetteer()
    cities = [p for p in cands if p.feature == "city" and p.country != region.country and p.population > floor
              and not gaz.is_alternate(surface, p)]
    return max(cities, key=lambda p: p.population, default=region)


def _world_city(place: Place) -> bool:
    return place.population >= placerank.MAJOR_CITY or (place.country, place.name.lower()) in placerank.capitals()


# A town in a country no other name on the page points to, far from every other place the
# page names, is most often a place the gazetteer does not hold read as a namesake it does
# ("a plane crash-landed at Heathrow" as Heathrow, Florida, on a page about London). Such a
# reading is dropped: no place is better than a confident wrong one.
STRAY_TOWN_POPULATION = 100_000


def _stray(place: Place, key: str, context: _PageContext, neighbours: _Neighbours) -> bool:
    if place.feature not in LOCAL_FEATURES or place.population >= STRAY_TOWN_POPULATION:
        return False
    countries, _ = context.of(key)
    return bool(countries) and place.country not in countries and neighbours.evidence(place, key)[2] >= FAR_SEARCH_KM


def page_state(mentions):
    """The page's context, each mention's key and rule-based first reading, and the
    neighbours those readings make."""
    context = _PageContext({name_key(surface): _evidence(cands) for _, _, surface, cands in mentions})
    keys = [name_key(surface) for _, _, surface, _ in mentions]
    first = [_best(surface, cands, context.of(key)) for (_, _, surface, cands), key in zip(mentions, keys)]
    return context, keys, first, _Neighbours(zip(keys, first))


def rule_pick(surface: str, cands, key: str, context: _PageContext, neighbours: _Neighbours) -> Place:
    """The hand-set rules' second reading (what runs without the ranker's model)."""
    if neighbours.any_besides(key):
        return _best(surface, cands, context.of(key), lambda p: neighbours.bonus(p, key))
    return _best(surface, cands, context.of(key))


def candidate_rows(surface: str, cands, key: str, context: _PageContext, neighbours: _Neighbours):
    """The ranker's feature rows for one mention's candidates (also used in training)."""
    countries, regions = context.of(key)
    own = context.evidence[key][0]
    votes = {c: n - (c in own) for c, n in context.country_votes.items() if n - (c in own) > 0}
    signals = placerank.PageSignals(countries, regions, votes, lambda p: neighbours.evidence(p, key))
    gaz = gazetteer()
    return placerank.features(surface, cands, signals, lambda p: gaz.is_preferred(surface, p),
                              lambda p: gaz.is_alternate(surface, p))


# A score or a stat ("4-9", "0-0", "10-4") not inside a date ("2007-11-24").
SCORE = re.compile(r"(?<![\d-])\d{1,3}-\d{1,3}(?![\d-])")
MIN_SCORES_IN_TABLE = 3
WORDS_PER_SCORE_IN_TABLE = 8  # a table is dense with scores; prose with a few ("won 24-5") is not
NAMED_AREAS = ("country", "continent")  # keep their names beside a person's (``_surnames``)


def _stats_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The lines of ``text[start:end]`` that are a sports box score or a results table:
    three or more scores on one line, at least one every few words. Their names are players
    ("Davis, Tamiko 4-9 0-0 8; Powell, Brittany 2-6 1-2 5"), which read to NER and the
    gazetteer as "city, state" pairs and towns."""
    out = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        scores = len(SCORE.findall(line.group()))
        if scores >= MIN_SCORES_IN_TABLE and scores * WORDS_PER_SCORE_IN_TABLE >= len(line.group().split()):
            out.append((start + line.start(), start + line.end()))
    return out


def page_mentions(text: str, ents=None, start: int = 0, end: int | None = None):
    """Recognised (start, end, surface, candidates) before resolution (for training)."""
    end = len(text) if end is None else end
    ner = ents or ()  # the NER spans; ``ents`` None says no NER ran
    tables = _stats_lines(text, start, end)
    table_starts = [a for a, _ in tables]
    mentions = []
    sides: set[str] = set()
    sports = len({w.lower() for w in SPORTS_WORDS.findall(text, start, end)}) >= SPORTS_REPORT_WORDS
    for run in NAME_RUN.finditer(text, start, end):
        k = bisect.bisect_right(table_starts, run.start()) - 1
        if k >= 0 and run.start() < tables[k][1]:
            continue
        mentions.extend(_longest_match(text, _word_spans(text, run.start(), run.end()), ner, sides, sports))
    surnames = _surnames(text, ner, start, end)
    found = _weak_ones_placed(text, sports, ents, [
        m for m in mentions
        if not (m[2] in surnames and not any(p.feature in NAMED_AREAS for p in m[3]))
        and not (name_key(m[2]) in sides and not _set_as_place(text, m[0], m[1]))
        and not _menu_item(text, m[0], m[1])])
    # what the words around a name say about where it is, each pass reading the one before
    for placed in (_counties_in_lists, _placed_by_postal_code, _placed_by_apposition, _cities_in_datelines):
        found = placed(text, found)
    return [(s, e, surface, _by_own_name(surface, cands)) for s, e, surface, cands in found]


POSTAL_CODE_AFTER = re.compile(r",[ \t]{0,2}(?P<code>[A-Z]{2})(?=[ \t]+\d{5}\b|[ \t]*[,;:.)|\n–—-]|[ \t]+(?:and|or|&)\b|\Z)")


@functools.cache
def _postal_codes() -> dict[str, str]:
    return dict(line.split("\t") for line in _word_list("us_postal_codes.tsv"))


def _placed_by_postal_code(text: str, mentions: list) -> list:
    """"Dallas, TX", "Portland, OR 97201": a town with a US state's postal code after it lies
    in that state, whatever else the page names (a page about Atlanta put Dallas in Georgia);
    a town the gazetteer knows no namesake of there is left unresolved."""
    out = []
    for start, end, surface, cands in mentions:
        coded = POSTAL_CODE_AFTER.match(text, end)
        state = _postal_codes().get(coded.group("code")) if coded else None
        if state is None:
            out.append((start, end, surface, cands))
            continue
        inside = [p for p in cands if p.country == "US" and p.admin1 == state and p.feature not in AREAS]
        if inside:
            out.append((start, end, surface, inside))
    return out


# "customers in Bergen, Essex and Hudson counties": each name of the list is a county, written
# without the word ("Bergen" alone is a town in New York; "Essex" one in Maryland).
_LIST_NAME = r"[A-Z][\w'’.-]*(?:[ \t][A-Z][\w'’.-]*)?"
COUNTY_LIST = re.compile(
    rf"(?:(?:,[ \t]*|,?[ \t]+(?:and|or|&)[ \t]+){_LIST_NAME})*[ \t]+(?P<kind>counties|parishes)\b")


def _counties_in_lists(text: str, mentions: list) -> list:
    """Names in a list that ends in "counties" (or "parishes") read as those counties; a name
    the gazetteer knows no county of is dropped, not read as a town of its name."""
    out = []
    for start, end, surface, cands in mentions:
        listed = COUNTY_LIST.match(text, end)
        if listed is None:
            out.append((start, end, surface, cands))
            continue
        word = " County" if listed.group("kind") == "counties" else " Parish"
        counties = gazetteer().candidates(surface + word)
        if counties:
            out.append((start, end, surface, counties))
    return out


def _by_own_name(surface: str, cands: list[Place]) -> list[Place]:
    """Where the most populous reading of a name bears it as its own name ("Frankfurt" for
    Frankfurt am Main), the readings reached only through another language's spelling
    (Frankfort, Kentucky, whose German name is Frankfurt) are dropped: a writer who means
    the smaller place spells it its own way. The alias table's readings stay."""
    if len(cands) < 2:
        return cands
    gaz = gazetteer()
    biggest = max(cands, key=lambda p: p.population)
    if gaz.is_alternate(surface, biggest) and not _bears(biggest, surface):
        return cands
    kept = [p for p in cands if _bears(p, surface) or not gaz.is_alternate(surface, p) or gaz.is_preferred(surface, p)]
    return kept or cands


def _bears(place: Place, surface: str) -> bool:
    """Is ``surface`` the place's own name, or the head of it ("Frankfurt am Main")?"""
    own, said = name_key(place.name), name_key(surface)
    return own == said or own.startswith(said + " ") or own.startswith(said + "(")


# A name NER gives no place label (none at all, a person's or an organisation's, or a
# building's) is a place about a third of the time on real pages: a menu item, a club, a
# surname, a venue, a newspaper ("Berkshire Eagle", "Arizona State University", "from
# Bolton", "Staples Center"). Such a weak reading stands only where the page sets the name
# as a place: the same name read as a place elsewhere on the page, a dateline ("DENVER
# (AP) --", "AMHERST - "), "in", "into", "through", ", of" or "residents of" before it, a
# state or country beside it ("Honolulu, HI"), its government or its people after it
# ("Nepal government", "a Coral Gables man", "Barrow and Jackson counties"), a country's
# possessive ("Uzbekistan's Denis Istomin"), or a list with a placed name ("Guwahati,
# Nashik, Surat"). A country opening an organisation's name is not weak ("the US Navy").
WEAK_PREPOSITION = re.compile(
    r"(?:\b(?:[Ii]n|[Nn]ear|outside|around|across|throughout|through|via|into|towards?)|,[ \t]*of|\b(?:residents?|people|citizens|"
    r"[Cc]ity|[Tt]own|[Vv]illage)[ \t]+of)[ \t]+(?:the[ \t]+)?\Z")
PLACE_WORD_AFTER = re.compile(r"(?:[ \t]+(?:[Gg]overnment|[Pp]remier|[Gg]overnor|[Mm]ayor|authorities|officials|"
                              r"residents?|man|woman|men|women|native|couple|family|counties|county)|-based)\b")
FROM = re.compile(r"\b[Ff]rom[ \t]+(?:the[ \t]+)?\Z")
CAPITALS_DATELINE = re.compile(r"[ \t]+(?:-|--|—|–)[ \t]")
LISTED_WITH = re.compile(r"[ \t]*(?:,[ \t]*(?:and[ \t]+)?|and[ \t]+|&[ \t]*)")


def _weak_ones_placed(text: str, sports: bool, ents, mentions: list) -> list:
    """The mentions as (start, end, surface, candidates), weak readings only where the page
    sets them as places (see above); a weak name listed with a placed one is placed too.
    ``sports``: the text is a sports report, where "from" a town is from its club; ``ents``:
    NER's (start, end, label), None where no NER ran (then no reading is weak)."""
    if ents is None:
        return [m[:4] for m in mentions]
    nationality_ends = {e for _, e, label in ents if label == "NORP"}  # "Syrian Bu Kamal", "Iraqi Qaim"
    named_as_places = {name_key(surface) for _, _, surface, _, weak in mentions if not weak}
    placed = [not weak or name_key(surface) in named_as_places
              or _weak_set_as_place(text, s, e, cands, sports, nationality_ends)
              for s, e, surface, cands, weak in mentions]
    for _ in range(2):  # "Vaughan, Mississauga and Brampton": a list reads from either end
        for k in range(len(mentions) - 1):
            if placed[k] != placed[k + 1] and LISTED_WITH.fullmatch(text, mentions[k][1], mentions[k + 1][0]):
                placed[k] = placed[k + 1] = True
    return [m[:4] for m, kept in zip(mentions, placed) if kept]


def _weak_set_as_place(text: str, start: int, end: int, cands, sports: bool, nationality_ends: set[int]) -> bool:
    """Whether the text around ``text[start:end]`` sets the name as a place (see above)."""
    surface, before = text[start:end], max(0, start - LOCATIVE_REACH)
    return bool(_in_dateline(text, start, end) or WEAK_PREPOSITION.search(text, before, start)
                or (not sports and FROM.search(text, before, start))
                or any(start - k in nationality_ends and not text[start - k:start].strip() for k in (1, 2))
                or (len(surface) > 2 and surface.isupper() and CAPITALS_DATELINE.match(text, end))
                or _apposed_area(text, end) or PLACE_WORD_AFTER.match(text, end)
                or (text[end:end + 2] in ("'s", "’s") and any(p.feature == "country" for p in cands)))


MENU_SEPARATOR = re.compile(r"[ \t]*(?:\||›|»|[ \t]>)[ \t]*")
MENU_ITEM_WORDS = 3  # words of one item of a menu or a breadcrumb trail at most ("Bosnia and Herzegovina")
MENU_SEPARATORS = 2  # separators a line needs to be a menu
MENU_REACH = 200  # characters either side of the name read for the menu's separators


def _menu_item(text: str, start: int, end: int) -> bool:
    """The name is (in) an item of a menu or a breadcrumb trail the segmenter left in the
    text ("Football | Cricket | Rugby Union", "Sport > Football > Newcastle", "Northern
    Ireland | Scotland | Wales"): a link to a section, not a place the page speaks of."""
    # only the stretch of the line around the name is read: a page may be one enormous line
    line_start = text.rfind("\n", max(0, start - MENU_REACH), start) + 1 or max(0, start - MENU_REACH)
    line_end = text.find("\n", end, end + MENU_REACH)
    line_end = min(len(text), end + MENU_REACH) if line_end < 0 else line_end
    cuts = [(m.start(), m.end()) for m in MENU_SEPARATOR.finditer(text, line_start, line_end)]
    if len(cuts) < MENU_SEPARATORS:
        return False
    left = max((b for a, b in cuts if b <= start), default=line_start)
    right = min((a for a, b in cuts if a >= end), default=line_end)
    return len(text[left:right].split()) <= MENU_ITEM_WORDS  # a sentence beside a menu is no item


def _set_as_place(text: str, start: int, end: int) -> bool:
    """A preposition before the name, or a dateline."""
    return bool(LOCATIVE.search(text, max(0, start - LOCATIVE_REACH), start)) or _in_dateline(text, start, end)


def _in_dateline(text: str, start: int, end: int) -> bool:
    """The name opens a line and a comma, a bracket or a dash follows: "MIAMI (AP) --",
    "SOFIA, Jan 11"."""
    return bool(LINE_START.search(text, max(0, start - LOCATIVE_REACH), start) and DATELINE_END.match(text, end))


# Where a page uses a name for a sports side ("Los Angeles 3 Chicago 2", "the Dallas
# Cowboys"), the name alone is that side too ("Los Angeles rallied to beat the Blackhawks"),
# unless a preposition sets it as a place ("At Chicago, Brown scored", "born in Dallas").
LOCATIVE = re.compile(r"\b(?:in|at|from|near|outside|across|around|of)[ \t]+(?:the[ \t]+)?\Z", re.I)
LOCATIVE_REACH = 16
PLACE_PREPOSITION = re.compile(r"\b(?:in|near)[ \t]+\Z")  # what sets a first name as a town: "born in Franklin"
APPOSED_NAME = re.compile(r",[ \t]{0,2}([A-Z]\w*)(?:[ \t]([A-Z]\w*))?")  # "Ky.", "Texas", "New Mexico"
LINE_START = re.compile(r"(?:\A|\n)[ \t]*\Z")
DATELINE_END = re.compile(r"[ \t]*(?:,|\(|--|—|–|-(?=[ \t]))")
DATELINE_CITY_POPULATION = 100_000  # a city of the name big enough to be a dateline's


APPOSITION = re.compile(r",[ \t]{0,2}")
PHRASE_END = re.compile(r"\.?(?:[ \t]*(?:[,;:)|\n]|\Z)|[ \t]*\.)")


def _cities_in_datelines(text: str, mentions: list) -> list:
    """A dateline names a city: "NEW YORK (AP) --" is New York City, not the state. There a
    first-level region gives way to a city of that name (or one it opens) of at least
    DATELINE_CITY_POPULATION in the same country; elsewhere the page decides ("New York"
    alone is the state as often as the city)."""
    out = []
    for s, e, surface, cands in mentions:
        if _in_dateline(text, s, e):
            big = {p.country for p in cands if p.feature == "city" and p.population >= DATELINE_CITY_POPULATION
                   and name_key(p.name).startswith(name_key(surface))}  # "New York City" for "NEW YORK"
            cands = [p for p in cands if not (p.feature == "admin1" and p.country in big)] or cands
        out.append((s, e, surface, cands))
    return out


def _placed_by_apposition(text: str, mentions: list) -> list:
    """"Caversham, UK", "Louisville, Ky.", "Paris, Texas": a town the text sets beside a
    country or a state lies in it, whatever the rest of the page says; when the gazetteer
    knows no such town there, the name is left unresolved rather than put in another
    country. Only where the area closes the phrase (a comma, a stop, a bracket or the line's
    end after it): "In Gaza, Israel said" names two places. A list of areas ("Oregon,
    Washington.") is left alone: its first name is an area itself. The name set beside the
    town is then that area, not a town of its name ("Albany, N.Y." is New York State, not
    New York City), even where the phrase goes on ("Baton Rouge, LA 70801" is Louisiana, not
    Los Angeles)."""
    out: list = []
    for i, (s1, e1, surface, cands) in enumerate(mentions):
        if i and APPOSITION.fullmatch(text, mentions[i - 1][1], s1) and any(
                p.feature not in AREAS for p in mentions[i - 1][3]):
            cands = [p for p in cands if p.feature in AREAS] or cands  # the area of the town before it
        s2, e2, _, after = mentions[i + 1] if i + 1 < len(mentions) else (e1, e1, "", [])
        areas = [p for p in after if p.feature in AREAS]
        if not areas or not APPOSITION.fullmatch(text, e1, s2) or not PHRASE_END.match(text, e2) \
                or any(p.feature in AREAS for p in cands):
            out.append((s1, e1, surface, cands))
            continue
        inside = [p for p in cands if any(p.country == a.country and (a.feature == "country" or p.admin1 == a.admin1)
                                          for a in areas)]
        if inside:
            out.append((s1, e1, surface, inside))
    return out



def _surnames(text: str, ents, start: int, end: int) -> set[str]:
    """The last names of the people NER names in full on this stretch of the page ("Gloria
    Macapagal Arroyo"): the same word alone elsewhere is that person ("Arroyo has also
    ordered"), not a town or a district of that name ("Arroyo", Puerto Rico). A country
    or a continent keeps its name ("Michael Jordan" does not hide Jordan)."""
    out = set()
    for a, b, label in ents:
        if label == "PERSON" and start <= a and b <= end:
            words = text[a:b].split()
            if len(words) >= 2:
                out.add(re.sub(r"['’]s$", "", words[-1]).strip(".,"))
    return out
