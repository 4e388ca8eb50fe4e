"""Corpus queries behind the home, pages and search views.

Every function takes a ``ReadOnlyStore`` and ``Params`` and returns plain
dicts and lists (what the JSON API serves and the templates render). User
values reach SQL only as bound parameters; table and column names are fixed
strings in this file. Record tables a store lacks (a store that only ran
``segment``) count as empty.
"""
from __future__ import annotations

import re
import sqlite3
from typing import Any

from markupsafe import Markup, escape

from .db import ReadOnlyStore
from .params import Params

__all__ = ["FILTER_NAMES", "home", "options", "page_filters", "pages", "search"]

FILTER_NAMES = ("outlet", "kind", "date_from", "date_to", "flag", "narrative", "source", "place")
TOP = 10
COUNT_CAP = 5000  # search totals and facets count at most this many matches
# FTS snippet markers from the Unicode private-use area: page text cannot smuggle
# real tags through them, because the snippet is escaped before they become <mark>.
_HIT_OPEN, _HIT_CLOSE = "\ue000", "\ue001"
OUTLET = "p.outlet"  # page_meta holds it with "(unknown)" filled in


def _exists(store: ReadOnlyStore, table: str, condition: str) -> str:
    if not store.has(table):
        return "0"
    return f"EXISTS (SELECT 1 FROM {table} r WHERE r.page_id = p.id AND {condition})"


def page_filters(store: ReadOnlyStore, params: Params) -> tuple[list[str], list[Any]]:
    """WHERE conditions on a pages row aliased ``p`` for the filters given."""
    where: list[str] = []
    args: list[Any] = []
    checks = (
        ("outlet", f"{OUTLET} = ?"),
        ("date_from", "p.published >= ?"),
        ("date_to", "substr(p.published, 1, 10) <= ?"),
        ("flag", _exists(store, "flags", "r.label = ?")),
        ("narrative", _exists(store, "flags", "r.narrative_id = ?")),
        ("source", _exists(store, "claims", "coalesce(r.source_entity, r.source) = ?")),
        ("place", _exists(store, "places", "coalesce(r.resolved_name, r.text) = ?")),
    )
    for name, condition in checks:
        value = params.text(name)
        if value is not None:
            where.append(condition)
            args.append(value)
    return where, args


def _count_by(store: ReadOnlyStore, table: str, column: str, limit: int = TOP,
              where: str = "1") -> list[dict]:
    if not store.has(table):
        return []
    return store.all(f"SELECT {column} AS value, count(*) AS n FROM {table} WHERE {where} "
                     f"AND {column} IS NOT NULL GROUP BY 1 ORDER BY n DESC, value LIMIT ?",
                     (limit,))


def home(store: ReadOnlyStore, params: Params | None = None) -> dict:
    return store.cached("home", lambda: _home(store))


def _home(store: ReadOnlyStore) -> dict:
    span = store.one("SELECT min(published) AS first, max(published) AS last FROM meta.page_meta")
    return {
        "pages": store.value("SELECT count(*) FROM meta.page_meta"),
        "segments": store.value("SELECT count(*) FROM segments"),
        "outlets": store.all(f"SELECT {OUTLET} AS value, count(*) AS n FROM meta.page_meta p "
                             "GROUP BY 1 ORDER BY n DESC, value LIMIT 50"),
        "first_published": span["first"] if span else None,
        "last_published": span["last"] if span else None,
        "claims": store.value("SELECT count(*) FROM claims") if store.has("claims") else 0,
        "flags_by_label": _count_by(store, "flags", "label", 50),
        "top_sources": _count_by(store, "claims", "coalesce(source_entity, source)"),
        "top_narratives": _count_by(store, "flags", "narrative_id"),
        "runs": store.all("SELECT id, command, started_at, finished_at FROM runs "
                          "ORDER BY id DESC LIMIT 5"),
        "errors": store.all("SELECT source, stage, reason, at FROM errors "
                            "ORDER BY id DESC LIMIT 10"),
    }


def options(store: ReadOnlyStore) -> dict[str, list[str]]:
    """Values offered in the filter drop-downs (the most frequent ones)."""
    return store.cached("options", lambda: _options(store))


def _options(store: ReadOnlyStore) -> dict[str, list[str]]:
    values = lambda rows: [r["value"] for r in rows]
    return {
        "outlet": values(store.all(f"SELECT {OUTLET} AS value, count(*) AS n FROM meta.page_meta p "
                                   "GROUP BY 1 ORDER BY n DESC LIMIT 100")),
        "kind": ["article", "teaser", "comment", "boilerplate"],
        "flag": values(_count_by(store, "flags", "label", 100)),
        "narrative": values(_count_by(store, "flags", "narrative_id", 100)),
        "source": values(_count_by(store, "claims", "coalesce(source_entity, source)", 100)),
        "place": values(_count_by(store, "places", "coalesce(resolved_name, text)", 100)),
    }


def pages(store: ReadOnlyStore, params: Params) -> dict:
    where, args = page_filters(store, params)
    paging = params.paging()
    limit, limit_args = paging.sql()
    claims = ("(SELECT count(*) FROM claims c WHERE c.page_id = p.id)"
              if store.has("claims") else "0")
    flags = "(SELECT count(*) FROM flags f WHERE f.page_id = p.id)" if store.has("flags") else "0"
    rows = store.all(
        f"SELECT p.id, p.source, p.url, {OUTLET} AS outlet, p.published, p.format, "
        f"p.chars, {claims} AS claims, {flags} AS flags, "
        "(SELECT s.title FROM segments s WHERE s.page_id = p.id AND s.title IS NOT NULL "
        "ORDER BY s.\"index\" LIMIT 1) AS title FROM meta.page_meta p "
        f"WHERE {' AND '.join(where) or '1'} "
        "ORDER BY p.published IS NULL, p.published DESC, p.id" + limit,
        [*args, *limit_args])
    rows, more = paging.cut(rows)
    return {"pages": rows, "page": paging.page, "more": more}


def _snippet_html(snippet: str) -> Markup:
    """Escape a snippet, then turn the hit markers into balanced <mark> tags."""
    out, inside = [], False
    for token in re.split(f"([{_HIT_OPEN}{_HIT_CLOSE}])", str(escape(snippet))):
        if token == _HIT_OPEN and not inside:
            out.append('<mark data-kind="hit">')
            inside = True
        elif token == _HIT_CLOSE and inside:
            out.append("</mark>")
            inside = False
        elif token not in (_HIT_OPEN, _HIT_CLOSE):
            out.append(token)
    if inside:
        out.append("</mark>")
    return Markup("".join(out))


def _fts_query(raw: str, phrase: bool) -> str:
    return '"' + raw.replace('"', '""') + '"' if phrase else raw


def search(store: ReadOnlyStore, params: Params) -> dict:
    q = params.text("q")
    result: dict = {"q": q, "hits": [], "page": 1, "more": False, "facets": {}}
    if q is None:
        return result
    where, args = page_filters(store, params)
    if params.text("kind"):
        where.append("s.kind = ?")
        args.append(params.text("kind"))
    try:
        return _search(store, params, q, False, where, args)
    except sqlite3.OperationalError:  # not FTS5 syntax ("unbalanced, col:x): a phrase
        try:
            return _search(store, params, q, True, where, args)
        except sqlite3.OperationalError:
            return {**result, "error": "this text cannot be searched for"}


def _search(store, params, q, phrase, where, args) -> dict:
    match = _fts_query(q, phrase)
    # CROSS JOIN pins the order: the FTS index first, then one lookup per match
    # (left free, SQLite may walk every article and run the MATCH once per row)
    base = ("FROM segments_fts CROSS JOIN segments s ON s.rowid = segments_fts.rowid "
            "CROSS JOIN meta.page_meta p ON p.id = s.page_id WHERE segments_fts MATCH ? "
            + "".join(f" AND {w}" for w in where))
    counted = store.cached(f"facets:{match}:{where}:{args}",
                           lambda: _facets(store, base, [match, *args]))
    # ranking every match of a very common word costs seconds on a large store:
    # past the cap, hits come in store order and the page says so
    order = " ORDER BY segments_fts.rowid" if counted["capped"] else " ORDER BY bm25(segments_fts)"
    paging = params.paging()
    limit, limit_args = paging.sql()
    rows = store.all(
        "SELECT s.page_id, s.\"index\" AS segment, s.kind, s.title, s.author, s.start, "
        f"s.\"end\", {OUTLET} AS outlet, p.published, p.url, "
        f"snippet(segments_fts, 0, '{_HIT_OPEN}', '{_HIT_CLOSE}', ' … ', 16) AS snippet "
        + base + order + limit, [match, *args, *limit_args])
    rows, more = paging.cut(rows)
    for row in rows:
        row["snippet_html"] = _snippet_html(row.pop("snippet"))
    return {"q": q, "phrase": phrase, "hits": rows, "page": paging.page, "more": more,
            "ranked": not counted["capped"], **counted}


# facet -> (record table it needs or None, SELECT of (value, count) over the matches
# ``m``). Record facets count matched segments whose page has the record, as the
# filters select: matches per page (``pg``) joined once per distinct value on the
# page, rather than every match joined to every record of its page.
_PER_PAGE = ("SELECT value, sum(hits) FROM (SELECT DISTINCT pg.page_id, pg.hits, {column} AS value "
             "FROM pg JOIN {table} r ON r.page_id = pg.page_id) WHERE value IS NOT NULL GROUP BY 1")
_FACETS = {
    "outlet": (None, "SELECT outlet, count(*) FROM m GROUP BY 1"),
    "kind": (None, "SELECT kind, count(*) FROM m GROUP BY 1"),
    "date": (None, "SELECT substr(day, 1, 7), count(*) FROM m WHERE day IS NOT NULL GROUP BY 1"),
    "flag": ("flags", _PER_PAGE.format(column="r.label", table="flags")),
    "narrative": ("flags", _PER_PAGE.format(column="r.narrative_id", table="flags")),
    "source": ("claims", _PER_PAGE.format(column="coalesce(r.source_entity, r.source)",
                                          table="claims")),
    "place": ("places", _PER_PAGE.format(column="coalesce(r.resolved_name, r.text)",
                                         table="places")),
}
FACET_VALUES = 15


def _facets(store: ReadOnlyStore, base: str, args: list) -> dict:
    """Total and facet counts over at most COUNT_CAP matches, so that a query
    matching most of a large corpus still answers quickly ("5000+"). One
    statement: the matches are materialised once, every facet groups them."""
    parts = ["SELECT 'total', NULL, count(*) FROM m"]
    parts += [f"SELECT '{name}', * FROM ({sql})"
              for name, (table, sql) in _FACETS.items() if table is None or store.has(table)]
    rows = store.all(
        "WITH m AS MATERIALIZED (SELECT segments_fts.rowid AS rid, s.page_id, s.\"index\" AS seg, "
        "s.kind, p.outlet, p.published AS day "
        f"{base} LIMIT {COUNT_CAP + 1}), "
        "pg AS MATERIALIZED (SELECT page_id, count(*) AS hits FROM m GROUP BY 1) "
        + " UNION ALL ".join(parts), args)
    total = 0
    facets: dict[str, list[dict]] = {}
    for facet, value, n in (tuple(r.values()) for r in rows):
        if facet == "total":
            total = n
        elif value is not None:
            facets.setdefault(facet, []).append({"value": value, "n": n})
    for name, values in facets.items():
        facets[name] = sorted(values, key=lambda v: (-v["n"], str(v["value"])))[:FACET_VALUES]
    return {"total": min(total, COUNT_CAP), "capped": total > COUNT_CAP, "facets": facets}
