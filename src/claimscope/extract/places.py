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

import functools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources

from .gazetteer import Place, gazetteer, name_key

# A run of capitalised words, allowing Arabic article prefixes and short connectors.
NAME_RUN = re.compile(
    r"(?:\b(?:al|el|ad|ar|as|at|az|ez|ash|an)-)?[A-Z][\w'’.]*(?:-[\w'’]+)*"
    r"(?:[ ](?:(?:al|el|ad|ar|as|at|az|ez|de|del|da|la|le|of|upon|on|sur)[ -])?[A-Z][\w'’.]*(?:-[\w'’]+)*)*"
)
ARABIC_PREFIX = re.compile(r"(?:al|el|ad|ar|as|at|az|ez|ash|an)-", re.I)
MAX_WORDS = 5
PLACE_LABELS = {"GPE", "LOC", "FAC"}
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


@functools.cache
def _not_places() -> frozenset[str]:
    text = resources.files(__package__).joinpath("data").joinpath("not_places.txt").read_text("utf-8")
    return frozenset(name_key(l) for l in text.splitlines() if l.strip() and not l.startswith("#"))


def _label_at(ents, start: int, end: int) -> tuple[str | None, bool, bool]:
    """The NER label overlapping the span, whether the entity is exactly the span, and
    whether the span opens the entity ("Dublin" of "Dublin City Council")."""
    for e_start, e_end, label in ents:
        if e_start < end and start < e_end:
            text_match = e_start == start and e_end == end
            whole = text_match or (e_start >= start - 4 and e_end == end)  # "the" prefix
            return label, whole, e_start == start
    return None, False, False


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
            return any(p.feature in ("country", "admin1") for p in candidates) or (
                leads and biggest >= MIN_POPULATION_OPENING_NAME)
        return biggest >= MIN_POPULATION_AGAINST_NER and label in ("ORG", "PERSON")
    return biggest >= MIN_POPULATION_WITHOUT_NER


def _word_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]


def _longest_match(text: str, words, ents):
    """Greedy left-to-right longest gazetteer match inside one name run."""
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
            candidates = gazetteer().candidates(surface)
            if candidates and name_key(surface) not in _not_places():
                label, whole, leads = _label_at(ents, start, end)
                if _plausible(candidates, label, whole, leads, any(p.feature == "place" for p in candidates)):
                    yield start, end, surface, candidates
                    i = j
                    break
        else:
            i += 1


def find_toponyms(text: str, ents=(), start: int = 0, end: int | None = None) -> list[Toponym]:
    """Toponyms in ``text[start:end]``; ``ents`` are NER (start, end, label) in text offsets."""
    end = len(text) if end is None else end
    mentions = []
    for run in NAME_RUN.finditer(text, start, end):
        mentions.extend(_longest_match(text, _word_spans(text, run.start(), run.end()), ents))
    return resolve(mentions)


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
    if len({p.country for p in candidates}) == 1 or biggest.feature in ("country", "admin1"):
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
        self.cells: dict[tuple[int, int], list[tuple[str, Place]]] = defaultdict(list)
        self.keys: Counter[str] = Counter()
        for key, place in keyed_picks:
            if place.feature in LOCAL_FEATURES:
                self.region_keys[(place.country, place.admin1)].add(key)
                self.cells[(math.floor(place.lat), math.floor(place.lon))].append((key, place))
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

    def _around(self, place: Place):
        lat_cells = math.ceil(NEIGHBOUR_KM / KM_PER_DEGREE)
        shrink = max(math.cos(math.radians(min(abs(place.lat) + lat_cells, 89.0))), 0.01)
        lon_cells = min(math.ceil(NEIGHBOUR_KM / (KM_PER_DEGREE * shrink)), 180)
        row, col = math.floor(place.lat), math.floor(place.lon)
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
    other names point to, then again with the local places those names were read as."""
    context = _PageContext({name_key(surface): _evidence(cands) for _, _, surface, cands in mentions})
    keys = [name_key(surface) for _, _, surface, _ in mentions]
    first = [_best(surface, cands, context.of(key)) for (_, _, surface, cands), key in zip(mentions, keys)]
    neighbours = _Neighbours(zip(keys, first))
    resolved = []
    for (s, e, surface, cands), key, pick in zip(mentions, keys, first):
        if len(cands) > 1 and neighbours.any_besides(key):
            pick = _best(surface, cands, context.of(key), lambda p: neighbours.bonus(p, key))  # noqa: B023 (called at once)
        resolved.append(Toponym(s, e, surface, pick))
    return resolved
