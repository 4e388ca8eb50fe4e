"""One page laid out by segment with every record marked, and a claim's trace.

Record spans are page offsets. Each record gets a stable id within the page
(``claim-<id>``, ``entity-<n>``, ...) that its marks carry in ``data-record``
and its detail panel carries as its HTML id, so a click on a mark opens the
record (score, producer, version, cite).
"""
from __future__ import annotations

import difflib
import re
from typing import Any

from .db import ReadOnlyStore
from .marks import Span, render_marks

__all__ = ["LAYERS", "document", "trace"]

LAYERS = ("claim-source", "claim-cue", "claim-content", "entity", "place", "quantity", "date",
          "flag")
# (table, mark kind, label column, score column or None, producer column)
_SIMPLE = (
    ("entities", "entity", "canonical", None, "producer"),
    ("places", "place", "resolved_name", None, "producer"),
    ("quantities", "quantity", "counted", None, "producer"),
    ("dates", "date", "value", None, "producer"),
    ("flags", "flag", "label", "score", "model"),
)
MAX_RECORDS = 5_000  # per table and page: a pathological page cannot exhaust memory


def _page_row(store: ReadOnlyStore, page_id: str) -> dict | None:
    return store.one(
        "SELECT id, source, format, url, outlet, published, encoding, replaced_chars, text, "
        "length(raw) AS raw_bytes, ingested_at FROM pages WHERE id = ?", (page_id,))


def _records(store: ReadOnlyStore, table: str, page_id: str) -> list[dict]:
    if not store.has(table):
        return []
    return store.all(f"SELECT * FROM {table} WHERE page_id = ? ORDER BY start LIMIT ?",
                     (page_id, MAX_RECORDS))


def _record(rid: str, kind: str, row: dict, start: int, end: int, text: str,
            label: Any, score: Any, producer: str) -> dict:
    return {"id": rid, "kind": kind, "start": start, "end": end, "text": text[start:end],
            "label": label, "score": score, "producer": producer, "fields": row}


def _claim_records(claims: list[dict], text: str) -> tuple[list[dict], list[Span]]:
    records, spans = [], []
    for row in claims:
        rid = f"claim-{row['id']}"
        records.append(_record(rid, "claim", row, row["start"], row["end"], text,
                               row.get("source_entity") or row.get("source"), None,
                               row["producer"]))
        parts = (("claim-source", "source_start", "source_end"),
                 ("claim-cue", "cue_start", "cue_end"),
                 ("claim-content", "content_start", "content_end"))
        for kind, start, end in parts:
            if row.get(start) is not None and row.get(end) is not None:
                spans.append(Span(row[start], row[end], kind, rid, kind))
    return records, spans


def record_id(kind: str, start: int, end: int, label: object = None) -> str:
    """A record's id within its page, from its span (and a flag's label), so other
    views can link straight to it: ``/pages/ID#flag-120-164-toxic``."""
    return f"{kind}-{start}-{end}" + (f"-{label}" if kind == "flag" else "")


def _other_records(store: ReadOnlyStore, page_id: str, text: str):
    records, spans = [], []
    seen: set[str] = set()
    for table, kind, label, score, producer in _SIMPLE:
        for row in _records(store, table, page_id):
            rid = base = record_id(kind, row["start"], row["end"], row.get(label))
            n = 1
            while rid in seen:  # the same span twice in one table: number the repeats
                n += 1
                rid = f"{base}-{n}"
            seen.add(rid)
            records.append(_record(rid, kind, row, row["start"], row["end"], text,
                                   row.get(label), row.get(score) if score else None,
                                   row.get(producer) or ""))
            spans.append(Span(row["start"], row["end"], kind, rid, str(row.get(label) or kind)))
    return records, spans


def document(store: ReadOnlyStore, page_id: str, layers: set[str] | None = None) -> dict | None:
    page = _page_row(store, page_id)
    if page is None:
        return None
    text = page.pop("text")
    claims, claim_spans = _claim_records(_records(store, "claims", page_id), text)
    others, other_spans = _other_records(store, page_id, text)
    spans = [s for s in claim_spans + other_spans if layers is None or s.kind in layers]
    segments = store.all(
        'SELECT "index", kind, start, "end", line_start, line_end, title, author, byline, '
        'producer FROM segments WHERE page_id = ? ORDER BY "index"', (page_id,))
    for seg in segments:
        inside = [s for s in spans if s.start < seg["end"] and s.end > seg["start"]]
        seg["text"] = text[seg["start"]:seg["end"]]
        seg["html"] = render_marks(seg["text"], inside, offset=seg["start"])
    for record in claims + others:
        record["cite"] = cite(page, record["start"], record["end"], text)
    return {"page": page, "segments": segments, "records": claims + others,
            "claims": claims, "layers": sorted(layers) if layers is not None else list(LAYERS),
            "chars": len(text)}


def cite(page: dict, start: int, end: int, text: str) -> dict:
    """What a citation needs: page id, where it came from, span and exact words."""
    return {"page_id": page["id"], "url": page.get("url") or page["source"],
            "start": start, "end": end, "quote": text[start:end]}


def _cluster_for(store: ReadOnlyStore, claim: dict) -> str | None:
    if not store.has("link_members"):
        return None
    row = store.one(
        "SELECT cluster_id FROM link_members WHERE kind = 'same_claim' AND page_id = ? "
        'AND start < ? AND "end" > ? ORDER BY abs(start - ?) LIMIT 1',
        (claim["page_id"], claim["end"], claim["start"], claim["start"]))
    return row["cluster_id"] if row else None


def _members(store: ReadOnlyStore, cluster_id: str) -> list[dict]:
    return store.all(
        "SELECT m.page_id, m.start, m.\"end\", p.outlet, p.published, p.url, p.source, "
        "substr(t.text, m.start + 1, m.\"end\" - m.start) AS quote FROM link_members m "
        "JOIN meta.page_meta p ON p.id = m.page_id JOIN pages t ON t.id = m.page_id "
        "WHERE m.cluster_id = ? "
        "ORDER BY m.order_key, m.page_id, m.start LIMIT 500", (cluster_id,))


def word_diff(first: str, other: str) -> list[dict]:
    """``other`` as runs of words, each marked same, inserted or (from first) deleted."""
    a, b = re.findall(r"\S+\s*", first), re.findall(r"\S+\s*", other)
    runs = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            runs.append({"op": "del", "text": "".join(a[i1:i2])})
        if op in ("insert", "replace"):
            runs.append({"op": "ins", "text": "".join(b[j1:j2])})
        if op == "equal":
            runs.append({"op": "same", "text": "".join(b[j1:j2])})
    return runs


def trace(store: ReadOnlyStore, claim_id: str) -> dict | None:
    """A claim's first appearance and every repeat, with wording differences."""
    if not store.has("claims"):
        return None
    claim = store.one("SELECT c.*, p.outlet, p.published, "
                      "p.url FROM claims c JOIN meta.page_meta p ON p.id = c.page_id WHERE c.id = ?",
                      (claim_id,))
    if claim is None:
        return None
    cluster_id = _cluster_for(store, claim)
    members = _members(store, cluster_id) if cluster_id else []
    if not members:
        members = [{"page_id": claim["page_id"], "start": claim["start"], "end": claim["end"],
                    "outlet": claim["outlet"], "published": claim["published"],
                    "url": claim["url"], "quote": claim["content"]}]
    first = members[0]["quote"] or ""
    for n, member in enumerate(members):
        member["diff"] = word_diff(first, member["quote"] or "") if n else []
        member["first"] = n == 0
    return {"claim": claim, "cluster_id": cluster_id, "members": members}
