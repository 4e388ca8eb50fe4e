"""Queries behind the sources, flags, map, timeline and stories views."""
from __future__ import annotations

from collections import defaultdict

from .db import ReadOnlyStore
from .params import Params
from .queries import OUTLET, page_filters

__all__ = ["flags", "places", "project", "sources", "stories", "timeline"]

SOURCE = "coalesce(c.source_entity, c.source)"
MAP_WIDTH, MAP_HEIGHT = 1024, 512  # the basemap's pixels (equirectangular)


def _where(store: ReadOnlyStore, params: Params) -> tuple[str, list]:
    where, args = page_filters(store, params)
    return " AND ".join(where) or "1", args


def sources(store: ReadOnlyStore, params: Params) -> dict:
    if not store.has("claims"):
        return {"sources": [], "claims": [], "source": None, "page": 1, "more": False}
    # the chosen source picks the claims listed, not the pages: the list of sources
    # stays whole so that another can be picked
    where, args = _where(store, Params({k: v for k, v in params.as_dict().items()
                                        if k != "source"}))
    top = store.cached(f"sources:{where}:{args}", lambda: store.all(
        f"SELECT {SOURCE} AS source, count(*) AS claims, count(DISTINCT c.page_id) AS pages, "
        f"count(DISTINCT {OUTLET}) AS outlets FROM claims c JOIN meta.page_meta p ON p.id = c.page_id "
        f"WHERE {SOURCE} IS NOT NULL AND {where} GROUP BY 1 ORDER BY claims DESC, source "
        "LIMIT 100", args))
    chosen = params.text("source")
    paging = params.paging()
    limit, limit_args = paging.sql()
    condition = f"{SOURCE} = ?" if chosen else f"{SOURCE} IS NOT NULL"
    rows = store.all(
        f"SELECT c.id, c.page_id, {SOURCE} AS source, c.cue, c.content, c.quote_type, "
        f"c.start, c.\"end\", {OUTLET} AS outlet, p.published FROM claims c "
        f"JOIN meta.page_meta p ON p.id = c.page_id WHERE {condition} AND {where} "
        "ORDER BY p.published IS NULL, p.published, c.page_id, c.start" + limit,
        [*([chosen] if chosen else []), *args, *limit_args])
    rows, more = paging.cut(rows)
    return {"sources": top, "claims": rows, "source": chosen, "page": paging.page, "more": more}


def flags(store: ReadOnlyStore, params: Params) -> dict:
    empty = {"by_label": [], "by_target": [], "by_technique": [], "by_narrative": [],
             "flags": [], "min_score": 0.0, "page": 1, "more": False}
    if not store.has("flags"):
        return empty
    where, args = _where(store, params)
    min_score = params.number("min_score", 0.0, 0.0, 1.0)
    base = f"FROM flags f JOIN meta.page_meta p ON p.id = f.page_id WHERE f.score >= ? AND {where}"
    base_args = [min_score, *args]
    group = lambda col, extra="1": store.cached(f"flags:{col}:{base}:{base_args}", lambda: store.all(
        f"SELECT {col} AS value, count(*) AS n {base} AND {col} IS NOT NULL AND {extra} "
        "GROUP BY 1 ORDER BY n DESC, value LIMIT 50", base_args))
    label = params.text("label")
    target = params.text("target")
    picked = "".join((" AND f.label = ?" if label else "", " AND f.target_group = ?" if target else ""))
    paging = params.paging()
    limit, limit_args = paging.sql()
    rows = store.all(
        "SELECT f.page_id, f.segment_index, f.segment_kind, f.start, f.\"end\", f.label, "
        "f.score, f.model, f.target_group, f.narrative_id, f.evidence, "
        f"{OUTLET} AS outlet, p.published {base}{picked} ORDER BY f.score DESC, f.page_id, f.start"
        + limit, [*base_args, *([label] if label else []), *([target] if target else []),
                  *limit_args])
    rows, more = paging.cut(rows)
    return {
        "by_label": group("f.label"), "by_target": group("f.target_group"),
        "by_technique": group("substr(f.label, 12)", "f.label LIKE 'propaganda:%'"),
        "by_narrative": group("f.narrative_id"),
        "flags": rows, "min_score": min_score, "label": label, "target": target,
        "page": paging.page, "more": more,
    }


def project(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular pixel position on the basemap."""
    x = (lon + 180.0) / 360.0 * MAP_WIDTH
    y = (90.0 - lat) / 180.0 * MAP_HEIGHT
    return round(x, 1), round(y, 1)


def places(store: ReadOnlyStore, params: Params) -> dict:
    if not store.has("places"):
        return {"places": [], "width": MAP_WIDTH, "height": MAP_HEIGHT}
    where, args = _where(store, params)
    return store.cached(f"places:{where}:{args}", lambda: _places(store, where, args))


def _places(store: ReadOnlyStore, where: str, args: list) -> dict:
    rows = store.all(
        "SELECT r.resolved_name AS name, r.country, round(avg(r.lat), 4) AS lat, "
        "round(avg(r.lon), 4) AS lon, count(*) AS mentions, count(DISTINCT r.page_id) AS pages "
        "FROM places r JOIN meta.page_meta p ON p.id = r.page_id WHERE r.lat IS NOT NULL "
        f"AND r.lon IS NOT NULL AND r.resolved_name IS NOT NULL AND {where} "
        "GROUP BY r.resolved_name, r.country ORDER BY mentions DESC LIMIT 500", args)
    biggest = max((r["mentions"] for r in rows), default=1)
    for row in rows:
        row["x"], row["y"] = project(row["lat"], row["lon"])
        row["r"] = round(3 + 9 * (row["mentions"] / biggest) ** 0.5, 1)
    return {"places": rows, "width": MAP_WIDTH, "height": MAP_HEIGHT}


def _counts(store: ReadOnlyStore, table: str, condition: str, chars: int, where: str,
            args: list) -> list[dict]:
    if not store.has(table):
        return []
    return store.all(
        f"SELECT {OUTLET} AS outlet, substr(p.published, 1, {chars}) AS bucket, count(*) AS n "
        f"FROM {table} r JOIN meta.page_meta p ON p.id = r.page_id WHERE p.published IS NOT NULL "
        f"AND {condition} AND {where} GROUP BY 1, 2 ORDER BY 1, 2 LIMIT 5000", args)


def _bucket_chars(store: ReadOnlyStore, params: Params) -> int:
    """Days for a corpus spanning up to about three months, months beyond."""
    chosen = params.text("by")
    if chosen in ("day", "month"):
        return 10 if chosen == "day" else 7
    span = store.value("SELECT julianday(max(substr(published, 1, 10))) - "
                       "julianday(min(substr(published, 1, 10))) FROM meta.page_meta")
    return 10 if span is not None and span <= 92 else 7


def timeline(store: ReadOnlyStore, params: Params) -> dict:
    """Counts per outlet and day or month, with bar geometry for a server-drawn SVG."""
    where, args = _where(store, params)
    chars = _bucket_chars(store, params)
    return store.cached(f"timeline:{chars}:{where}:{args}",
                        lambda: _timeline(store, where, args, chars))


def _timeline(store: ReadOnlyStore, where: str, args: list, chars: int) -> dict:
    series = {
        "claims": _counts(store, "claims", "1", chars, where, args),
        "flags": _counts(store, "flags", "r.label != 'narrative'", chars, where, args),
        "narratives": _counts(store, "flags", "r.narrative_id IS NOT NULL", chars, where, args),
    }
    buckets = sorted({r["bucket"] for rows in series.values() for r in rows})[-120:]
    outlets: dict[str, dict] = defaultdict(lambda: {k: {} for k in series})
    for name, rows in series.items():
        for r in rows:
            outlets[r["outlet"]][name][r["bucket"]] = r["n"]
    biggest = max((r["n"] for rows in series.values() for r in rows), default=1)
    charts = [_chart(outlet, counts, buckets, biggest) for outlet, counts in sorted(outlets.items())]
    undated = store.value("SELECT count(*) FROM meta.page_meta WHERE published IS NULL")
    return {"buckets": buckets, "by": "day" if chars == 10 else "month", "outlets": charts,
            "series": series, "undated_pages": undated, "step": STEP}


BAR, STEP, HEIGHT = 12, 64, 80  # bar width, pixels per bucket, chart height


def _chart(outlet: str, counts: dict, buckets: list[str], biggest: int) -> dict:
    bars = []
    for b, bucket in enumerate(buckets):
        for k, name in enumerate(("claims", "flags", "narratives")):
            n = counts[name].get(bucket, 0)
            h = round(HEIGHT * n / biggest, 1) if biggest else 0
            bars.append({"series": name, "bucket": bucket, "n": n, "x": b * STEP + k * BAR,
                         "y": HEIGHT - h, "h": h})
    return {"outlet": outlet, "bars": bars, "width": max(1, len(buckets)) * STEP,
            "height": HEIGHT}


def stories(store: ReadOnlyStore, params: Params) -> dict:
    kind = params.text("kind") or "same_story"
    min_size = params.integer("min_size", 1, 1, 1_000_000)
    if not store.has("clusters") or not store.has("link_members"):  # not linked yet
        return {"stories": [], "kind": kind, "kinds": [], "min_size": min_size, "page": 1,
                "more": False}
    paging = params.paging()
    limit, limit_args = paging.sql()
    clusters = store.all(
        "SELECT id, kind, label, size, first_seen, first_page_id FROM clusters "
        "WHERE kind = ? AND size >= ? ORDER BY size DESC, first_seen, id" + limit,
        [kind, min_size, *limit_args])
    clusters, more = paging.cut(clusters)
    for cluster in clusters:
        cluster["pages"] = store.all(
            f"SELECT DISTINCT m.page_id, {OUTLET} AS outlet, p.published, p.url, p.source "
            "FROM link_members m JOIN meta.page_meta p ON p.id = m.page_id WHERE m.cluster_id = ? "
            "ORDER BY m.order_key LIMIT 50", (cluster["id"],))
    kinds = store.all("SELECT kind AS value, count(*) AS n FROM clusters GROUP BY 1 ORDER BY 1")
    return {"stories": clusters, "kind": kind, "kinds": kinds, "min_size": min_size,
            "page": paging.page, "more": more}
