"""Geoparsing evaluation on LGL / GeoVirus-style JSONL.

Each line is one article with ``text`` and gold toponyms either under
``toponyms.toponym`` (LGL: start, end, gaztag.lat/lon) or ``locations.location``
(GeoVirus: start, end, lat, lon). Recognition is scored end to end (exact span
and overlapping span P/R/F1); resolution as accuracy within 161 km (100 miles)
over the gold toponyms that were recognised, and over all gold toponyms.
"""
from __future__ import annotations

import math
from pathlib import Path

from ..errors import EvalFormatError
from .files import jsonl_rows
from .metrics import prf

EARTH_KM = 6371.0
ACCURACY_KM = 161.0


def haversine_km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(min(1.0, a)))


REALIGN_WINDOW = 5  # GeoVirus offsets sit one character after the name


def _aligned(text: str, start: int, end: int, name: str | None) -> tuple[int, int]:
    """Gold offsets, moved onto the written name when they are slightly off."""
    if not name or text[start:end] == name:
        return start, end
    window_start = max(0, start - REALIGN_WINDOW)
    found = text.find(name, window_start, end + REALIGN_WINDOW)
    return (found, found + len(name)) if found != -1 else (start, end)


def _gold_item(text: str, item: dict):
    coords = item.get("gaztag") or item
    lat, lon = coords.get("lat"), coords.get("lon")
    point = (float(lat), float(lon)) if lat not in (None, "") and lon not in (None, "") else None
    name = item.get("phrase") or item.get("name")
    return (*_aligned(text, int(item["start"]), int(item["end"]), name), point)


def _gold(row: dict) -> list:
    for outer, inner in (("toponyms", "toponym"), ("locations", "location")):
        if outer in row:
            items = (row[outer] or {}).get(inner) or []
            return [_gold_item(row["text"], i) for i in ([items] if isinstance(items, dict) else items)]
    raise EvalFormatError("a row needs 'toponyms' (LGL) or 'locations' (GeoVirus)")


def load_geoparse(paths) -> list[tuple[str, list]]:
    articles = []
    for path in map(Path, paths):
        for number, row in jsonl_rows(path):
            if "text" not in row:
                raise EvalFormatError(f"{path}:{number}: no 'text'")
            articles.append((row["text"], _gold(row)))
    if not articles:
        raise EvalFormatError("no articles in the given files")
    return articles


def _score_article(predicted, gold, counts) -> None:
    counts["pred"] += len(predicted)
    counts["gold"] += len(gold)
    unmatched = list(predicted)
    for g_start, g_end, point in gold:
        exact = next((t for t in unmatched if (t.start, t.end) == (g_start, g_end)), None)
        match = exact or next((t for t in unmatched if t.start < g_end and g_start < t.end), None)
        if match is None:
            continue
        unmatched.remove(match)
        counts["exact"] += exact is not None
        counts["overlap"] += 1
        if point is not None:
            counts["located"] += 1
            distance = haversine_km(point[0], point[1], match.place.lat, match.place.lon)
            counts["within"] += distance <= ACCURACY_KM


def evaluate_geoparse(paths, geoparse=None) -> dict:
    """Score ``geoparse(text) -> [Toponym]`` (default: claimscope's) on the files."""
    if geoparse is None:
        from ..extract.textpass import geoparse_text as geoparse
    counts = dict.fromkeys(("pred", "gold", "exact", "overlap", "located", "within"), 0)
    articles = load_geoparse(paths)
    for text, gold in articles:
        _score_article(geoparse(text), gold, counts)
    located = counts["located"]
    return {
        "articles": len(articles),
        "gold_toponyms": counts["gold"],
        "predicted_toponyms": counts["pred"],
        "toponym_exact": prf(counts["exact"], counts["pred"], counts["gold"]),
        "toponym_overlap": prf(counts["overlap"], counts["pred"], counts["gold"]),
        "acc161": round(counts["within"] / located, 4) if located else 0.0,
        "acc161_of_gold": round(counts["within"] / counts["gold"], 4) if counts["gold"] else 0.0,
    }
