"""Read-side questions over links and clusters: trace a claim, similar pages, stories.

Every answer is plain dicts (the CLI prints them or dumps JSON) and every span
comes with its page, source, outlet, date and 1-based line range, so an analyst
can cite it.
"""
from __future__ import annotations

import difflib
import re

from ..records import LineIndex
from ..store import Store

__all__ = ["trace", "similar", "stories", "wording_changes"]

_TOKEN = re.compile(r"\S+")


def _page_info(store: Store, page_id: str, cache: dict) -> dict:
    if page_id not in cache:
        row = store.page_facts(page_id)
        cache[page_id] = (row, LineIndex(row["text"]))
    return cache[page_id]


def _span(store: Store, page_id: str, start: int, end: int, cache: dict) -> dict:
    info, lines = _page_info(store, page_id, cache)
    first, last = lines.lines_of(start, end)
    return {"page_id": page_id, "source": info["url"] or info["source"], "outlet": info["outlet"],
            "date": info["published"], "start": start, "end": end, "line_start": first,
            "line_end": last, "text": info["text"][start:end]}


def wording_changes(first: str, other: str, limit: int = 12) -> list[str]:
    """Word-level edits from ``first`` to ``other``: "-old +new" strings, in order."""
    a, b = _TOKEN.findall(first), _TOKEN.findall(other)
    out = []
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        removed, added = " ".join(a[a0:a1]), " ".join(b[b0:b1])
        out.append(" ".join(x for x in (f"-{removed}" if removed else "",
                                         f"+{added}" if added else "") if x))
        if len(out) >= limit:
            out.append("…")
            break
    return out


def _resolve(store: Store, query: str) -> tuple[str | None, dict | None]:
    """(cluster id, best matching span) for a claim id, cluster id or free text."""
    db = store.link_state()
    if db.has_cluster(query):
        return query, None
    row = db.claim_span(query)
    if row:
        span: dict | None = {"page_id": row[0], "start": row[1], "end": row[2], "similarity": 1.0}
    else:
        from .claims import best_matches

        found = best_matches(db, query, limit=1)
        span = found[0] if found else None
    if span is None:
        return None, None
    return db.claim_cluster_at(span["page_id"], span["start"], span["end"]), span


def trace(store: Store, query: str) -> dict:
    """First seen and every repeat of a claim (claim id, cluster id or claim text)."""
    cluster_id, match = _resolve(store, query)
    cache: dict = {}
    out: dict = {"query": query, "cluster_id": cluster_id, "match": None, "first_seen": None,
                 "repeats": []}
    if match:
        out["match"] = _span(store, match["page_id"], match["start"], match["end"], cache)
        out["match"]["similarity"] = match.get("similarity")
    if cluster_id is None:
        return out
    db = store.link_state()
    members: list[tuple[str, int, int]] = db.members(cluster_id)
    first = _span(store, *members[0], cache)
    first["said_by"] = db.claim_speaker(*members[0])
    out["first_seen"] = first
    for page_id, start, end in members[1:]:
        repeat = _span(store, page_id, start, end, cache)
        repeat["said_by"] = db.claim_speaker(page_id, start, end)
        repeat["wording_changes"] = wording_changes(first["text"], repeat["text"])
        out["repeats"].append(repeat)
    return out


def similar(store: Store, page_id: str) -> dict:
    """Every link touching a page, with both spans, grouped by link kind."""
    page_id = store.page(page_id).id  # accepts a unique id prefix
    cache: dict = {}
    out: dict = {"page_id": page_id, "links": {}}
    for link in store.links(page_id):
        here_is_a = link.a_page_id == page_id
        mine = (link.a_start, link.a_end) if here_is_a else (link.b_start, link.b_end)
        other = ((link.b_page_id, link.b_start, link.b_end) if here_is_a
                 else (link.a_page_id, link.a_start, link.a_end))
        out["links"].setdefault(link.kind, []).append({
            "similarity": link.similarity, "cluster_id": link.cluster_id,
            "this": _span(store, page_id, *mine, cache), "other": _span(store, *other, cache),
            "this_is_earlier": here_is_a})
    for kind in out["links"]:
        out["links"][kind].sort(key=lambda row: -row["similarity"])
    return out


def stories(store: Store, min_size: int = 2, limit: int = 100) -> list[dict]:
    """Stories with at least ``min_size`` articles, largest first, members in time order."""
    db = store.link_state()
    cache: dict = {}
    out = []
    for cluster_id, first_seen, size, label in db.story_clusters(min_size, limit):
        members: list[tuple[str, int, int]] = db.members(cluster_id, by_page=False)
        spans = []
        for member in members:
            span = _span(store, *member, cache)
            span["headline"] = span.pop("text").strip().split("\n", 1)[0][:160]
            spans.append(span)
        out.append({"cluster_id": cluster_id, "first_seen": first_seen, "size": size,
                    "label": label, "articles": spans})
    return out
