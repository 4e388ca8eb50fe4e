"""Rows for the exports and the ``claims`` command: plain dicts, one per record,
with the fields the JSONL/CSV exports promise."""
from __future__ import annotations

from collections import defaultdict


def _page_sources(store) -> dict[str, str]:
    return store.page_sources()


def _by_claim(store, table: str) -> dict[str, list]:
    grouped = defaultdict(list)
    for record in store.records(table, claim_id__notnull=True):
        grouped[record.claim_id].append(record)
    return grouped


def _places_by_page(store) -> dict[str, list]:
    grouped = defaultdict(list)
    for place in store.records("places"):
        grouped[place.page_id].append(place)
    return grouped


def _place_row(place) -> dict:
    return {"page_id": place.page_id, "name": place.text, "resolved_name": place.resolved_name,
            "lat": place.lat, "lon": place.lon, "country": place.country,
            "feature": place.feature, "char_start": place.start, "char_end": place.end,
            "line_start": place.line_start, "line_end": place.line_end}


def claims_rows(store, source: str | None = None, place: str | None = None,
                kind: str | None = None, author: str | None = None):
    """Claims with their quantities, places and dates; optionally only those whose
    source (as written or canonical) or contained place name contains the filter, those
    written in one kind of segment (article | comment), or in comments by an author whose
    name contains ``author``."""
    pages = _page_sources(store)
    quantities, dates = _by_claim(store, "quantities"), _by_claim(store, "dates")
    places = _places_by_page(store)
    for claim in store.records("claims"):
        inside = [p for p in places[claim.page_id] if claim.start <= p.start and p.end <= claim.end]
        if source and not _contains(source, claim.source, claim.source_entity):
            continue
        if kind and claim.segment_kind != kind or author and not _contains(author, claim.comment_author):
            continue
        if place and not any(_contains(place, p.text, p.resolved_name) for p in inside):
            continue
        yield {
            "id": claim.id, "page_id": claim.page_id, "page_source": pages.get(claim.page_id),
            "segment_kind": claim.segment_kind, "comment_author": claim.comment_author,
            "source": claim.source, "source_entity": claim.source_entity, "cue": claim.cue,
            "content": claim.content, "quote_type": claim.quote_type, "parent_id": claim.parent_id,
            "char_start": claim.start, "char_end": claim.end,
            "line_start": claim.line_start, "line_end": claim.line_end,
            "quantities": [{"text": q.text, "value": q.value, "unit": q.unit, "counted": q.counted,
                            "qualifier": q.qualifier, "lower": q.lower, "upper": q.upper,
                            "vague": bool(q.vague)} for q in quantities[claim.id]],
            "places": [_place_row(p) for p in inside],
            "dates": [{"text": d.text, "value": d.value, "relative": bool(d.relative)}
                      for d in dates[claim.id]],
        }


def _contains(needle: str, *values) -> bool:
    needle = needle.lower()
    return any(v and needle in v.lower() for v in values)


def places_rows(store):
    for place in store.records("places"):
        yield _place_row(place)


def entities_rows(store):
    for e in store.records("entities"):
        yield {"page_id": e.page_id, "text": e.text, "label": e.label, "canonical": e.canonical,
               "char_start": e.start, "char_end": e.end,
               "line_start": e.line_start, "line_end": e.line_end}


def quantities_rows(store):
    for q in store.records("quantities"):
        yield {"page_id": q.page_id, "text": q.text, "value": q.value, "counted": q.counted,
               "qualifier": q.qualifier, "kind": q.kind, "unit": q.unit, "lower": q.lower,
               "upper": q.upper, "vague": bool(q.vague), "rate": q.rate, "claim_id": q.claim_id, "char_start": q.start,
               "char_end": q.end, "line_start": q.line_start, "line_end": q.line_end}


def dates_rows(store):
    for d in store.records("dates"):
        yield {"page_id": d.page_id, "text": d.text, "value": d.value, "relative": bool(d.relative),
               "claim_id": d.claim_id, "char_start": d.start, "char_end": d.end,
               "line_start": d.line_start, "line_end": d.line_end}
