"""Near-duplicate text across pages: MinHash LSH over segments and paragraph windows.

Why windows: a news article pasted into a comment is only part of that comment,
so whole-segment MinHash would dilute it below any useful threshold. Each
paragraph and each run of three paragraphs is its own unit; the matches of one
segment pair are then merged back into runs, so one pasted article gives one
link covering the pasted span on both pages.

The LSH index lives in SQLite (``link_mh_bands``: one row per band bucket), so
memory does not grow with the corpus and later runs query what is stored.
Candidates are verified on the stored signatures (estimated Jaccard).
"""
from __future__ import annotations

import sqlite3
from collections import defaultdict

import numpy as np

from ..records import Link, Segment
from . import clusters
from .align import shared_regions
from .state import page_order
from .text import Unit, lines, norm_hash, windows, words

__all__ = ["PRODUCER", "link_page", "signatures", "repeated_lines", "THRESHOLD"]

PRODUCER = "link.near_duplicates.v1"
NUM_PERM = 128
BANDS, ROWS = 32, 4  # S-curve midpoint about (1/32)^(1/4) = 0.42, below THRESHOLD
THRESHOLD = 0.5  # estimated Jaccard of word 3-gram sets
SHINGLE = 3
NEAR_EXACT = 0.9  # copies this close are not indexed again: the first copy stands for them
MIN_WORDS = 12
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                 0x27D4EB2F165667C5], dtype=np.uint64)


def _shingles(text: str) -> set[bytes]:
    w = words(text)
    if len(w) <= SHINGLE:
        return {" ".join(w).encode()}
    return {" ".join(w[i:i + SHINGLE]).encode() for i in range(len(w) - SHINGLE + 1)}


def signatures(texts: list[str]) -> np.ndarray:
    """MinHash signatures, one uint32 row of NUM_PERM values per text."""
    from datasketch import MinHash  # imported here: the link extra is optional

    if not texts:
        return np.zeros((0, NUM_PERM), dtype=np.uint32)
    hashed = MinHash.bulk([_shingles(t) for t in texts], num_perm=NUM_PERM)
    # datasketch keeps 32-bit hash values in uint64 arrays; halve the storage
    return np.stack([m.hashvalues for m in hashed]).astype(np.uint32)


def _band_keys(sigs: np.ndarray) -> np.ndarray:
    """One int64 key per (text, band): band number and its rows mixed into 64 bits."""
    rows = sigs.astype(np.uint64).reshape(len(sigs), BANDS, ROWS)
    with np.errstate(over="ignore"):  # wrap-around multiply is the point of the mix
        mixed = (rows * _MIX).sum(axis=2, dtype=np.uint64)
        mixed ^= np.arange(BANDS, dtype=np.uint64) * np.uint64(0x100000001B3)
    return mixed.view(np.int64)


def _units(segments: list[Segment]) -> list[Unit]:
    seen, out = set(), []
    for seg in segments:
        if seg.kind == "boilerplate":
            continue
        whole = [Unit(seg.page_id, seg.index, seg.kind, seg.start, seg.end, seg.text)]
        for unit in whole + windows(seg, min_words=MIN_WORDS):
            if (unit.start, unit.end) not in seen and len(words(unit.text)) >= MIN_WORDS:
                seen.add((unit.start, unit.end))
                out.append(unit)
    return out


def _candidates(conn: sqlite3.Connection, keys: np.ndarray) -> dict[int, set[int]]:
    """query unit index -> stored unit ids sharing at least one band bucket."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS link_q (key INTEGER, qi INTEGER)")
    conn.execute("DELETE FROM link_q")
    conn.executemany("INSERT INTO link_q VALUES (?, ?)",
                     ((int(k), qi) for qi, row in enumerate(keys) for k in row))
    found: dict[int, set[int]] = defaultdict(set)
    for qi, unit_id in conn.execute(
            "SELECT q.qi, b.unit_id FROM link_q q JOIN link_mh_bands b ON b.key = q.key"):
        found[qi].add(unit_id)
    return found


def _verify(conn, units, sigs, found) -> list[tuple[Unit, tuple, float]]:
    """(new unit, stored unit row, estimated Jaccard) for candidates above THRESHOLD."""
    ids = sorted({i for ids in found.values() for i in ids})
    stored = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        marks = ",".join("?" for _ in part)
        for row in conn.execute(f'SELECT id, page_id, segment_index, start, "end", sig '
                                f"FROM link_mh_units WHERE id IN ({marks})", part):
            stored[row[0]] = (row[1], row[2], row[3], row[4],
                              np.frombuffer(row[5], dtype=np.uint32))
    matches = []
    for qi, cand_ids in found.items():
        unit = units[qi]
        for cid in cand_ids:
            page_id, seg_index, start, end, sig = stored[cid]
            if page_id == unit.page_id and seg_index == unit.segment_index:
                continue  # a segment's own windows overlap each other
            sim = float(np.mean(sig == sigs[qi]))
            if sim >= THRESHOLD:
                matches.append((unit, (page_id, seg_index, start, end), sim))
    return matches


def _store_units(conn, units, sigs, keys, skip: set[int]) -> None:
    for qi, unit in enumerate(units):
        cur = conn.execute('INSERT INTO link_mh_units(page_id, segment_index, start, "end", sig) '
                           "VALUES (?, ?, ?, ?, ?)", (unit.page_id, unit.segment_index,
                                                      unit.start, unit.end, sigs[qi].tobytes()))
        if qi not in skip:
            conn.executemany("INSERT INTO link_mh_bands(key, unit_id) VALUES (?, ?)",
                             ((int(k), cur.lastrowid) for k in keys[qi]))


def _runs(pairs: list[tuple[int, int, int, int, float]], gap: int = 8):
    """Merge matched (old_start, old_end, new_start, new_end, sim) into contiguous runs."""
    runs: list[list] = []
    for a0, a1, b0, b1, sim in sorted(pairs):
        last = runs[-1] if runs else None
        if last and a0 <= last[1] + gap and b0 <= last[3] + gap and b1 >= last[2] - gap:
            last[1], last[2], last[3] = max(last[1], a1), min(last[2], b0), max(last[3], b1)
            last[4] = max(last[4], sim)
        else:
            runs.append([a0, a1, b0, b1, sim])
    return runs


def link_page(conn: sqlite3.Connection, page_id: str, segments: list[Segment]) -> list[Link]:
    """Find, store and return near-duplicate links between this page and stored pages.

    Call inside a transaction; the page's units are indexed for later pages.
    """
    units = _units(segments)
    sigs = signatures([u.text for u in units])
    keys = _band_keys(sigs) if len(units) else np.zeros((0, BANDS), dtype=np.int64)
    matches = _verify(conn, units, sigs, _candidates(conn, keys)) if units else []
    near_exact = {units.index(u) for u, _, sim in matches if sim >= NEAR_EXACT}
    _store_units(conn, units, sigs, keys, near_exact)
    grouped: dict[tuple, list] = defaultdict(list)
    for unit, (old_page, old_seg, old_start, old_end), sim in matches:
        grouped[(old_page, old_seg, unit.segment_index)].append(
            (old_start, old_end, unit.start, unit.end, sim))
    links = []
    for (old_page, _, _), pairs in grouped.items():
        for a0, a1, b0, b1, sim in _runs(pairs):
            for old, new, score in _refined(conn, (old_page, a0, a1), (page_id, b0, b1), sim):
                links.append(_link(conn, old, new, score))
    links += _line_links(conn, page_id, segments, links)
    clusters.insert_links(conn, links)
    return links


def _span_text(conn, page_id: str, start: int, end: int) -> str:
    row = conn.execute("SELECT substr(text, ? + 1, ?) FROM pages WHERE id = ?",
                       (start, end - start, page_id)).fetchone()
    return row[0] if row else ""


def _refined(conn, old: tuple, new: tuple, sim: float) -> list[tuple[tuple, tuple, float]]:
    """Cut a matched pair of spans down to the regions whose words align.

    Falls back to the MinHash spans when alignment finds nothing long enough
    (heavily reworded copies). The link's similarity stays the MinHash estimate
    of the windows that matched.
    """
    regions = shared_regions(_span_text(conn, *old), old[1], _span_text(conn, *new), new[1])
    if not regions:
        return [(old, new, sim)]
    return [((old[0], a0, a1), (new[0], b0, b1), sim) for a0, a1, b0, b1, _ in regions]


def _link(conn, old: tuple, new: tuple, sim: float) -> Link:
    """A link oriented earliest-seen page first (a = source, b = repeat)."""
    first, second = sorted([old, new], key=lambda s: page_order(conn, s[0])[0])
    spans = [clusters.Span(*first), clusters.Span(*second)]
    cluster_id = clusters.join(conn, "near_duplicate", spans, PRODUCER)
    return Link("near_duplicate", first[0], first[1], first[2], second[0], second[1], second[2],
                round(sim, 4), PRODUCER, cluster_id)


def _line_links(conn, page_id: str, segments: list[Segment], covered: list[Link]) -> list[Link]:
    """Count repeated long lines; link exact repeats that MinHash runs did not cover."""
    out, seen = [], set()
    for seg in segments:
        for unit in lines(seg, min_words=MIN_WORDS):
            digest = norm_hash(unit.text)
            if digest in seen:
                continue
            seen.add(digest)
            row = conn.execute('SELECT page_id, start, "end" FROM link_lines WHERE hash = ?',
                               (digest,)).fetchone()
            if row is None:
                conn.execute('INSERT INTO link_lines(hash, pages, page_id, start, "end") '
                             "VALUES (?, 1, ?, ?, ?)", (digest, page_id, unit.start, unit.end))
                continue
            conn.execute("UPDATE link_lines SET pages = pages + 1 WHERE hash = ?", (digest,))
            if seg.kind != "boilerplate" and row[0] != page_id and not _inside(
                    covered, row[0], page_id, unit.start, unit.end):
                out.append(_link(conn, tuple(row), (page_id, unit.start, unit.end), 1.0))
    return out


def _inside(links: list[Link], other_page: str, page_id: str, start: int, end: int) -> bool:
    for link in links:
        for pa, pb, b0, b1 in ((link.a_page_id, link.b_page_id, link.b_start, link.b_end),
                               (link.b_page_id, link.a_page_id, link.a_start, link.a_end)):
            if pa == other_page and pb == page_id and b0 <= start and end <= b1:
                return True
    return False


def repeated_lines(conn: sqlite3.Connection, min_pages: int = 2) -> list[dict]:
    """Long lines carried by at least ``min_pages`` pages (boilerplate evidence)."""
    rows = conn.execute('SELECT hash, pages, page_id, start, "end" FROM link_lines '
                        "WHERE pages >= ? ORDER BY pages DESC", (min_pages,))
    return [dict(zip(("hash", "pages", "page_id", "start", "end"), r)) for r in rows]
