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

import hashlib
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from ..records import Link, Segment
from ..store.link_state import LinkState
from ..text.content import is_metadata, is_substantive
from ..text.units import LINK_SENTENCES
from ..text.units import sentences as _sentences
from . import clusters
from .align import shared_regions
from .text import Unit, lines, norm_hash, windows, words

__all__ = ["PRODUCER", "link_page", "signatures", "word_signatures", "band_keys", "segment_units",
           "merge_runs", "repeated_lines", "has_statement", "THRESHOLD"]

PRODUCER = "link.near_duplicates.v1"
NUM_PERM = 128
BANDS, ROWS = 32, 4  # S-curve midpoint about (1/32)^(1/4) = 0.42, below THRESHOLD
THRESHOLD = 0.5  # estimated Jaccard of word 3-gram sets; the near_duplicate_threshold setting's default
SHINGLE = 3
NEAR_EXACT = 0.9  # copies this close are not indexed again: the first copy stands for them
MIN_WORDS = 12
LINK_MIN_WORDS = 6  # the link_min_words setting's default: both sides of a link have at least this many
# Only article and comment text is linked: boilerplate, teasers and comment headers repeat
# from page to page of one site without saying anything.
KINDS = ("article", "comment")
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9,
                 0x27D4EB2F165667C5], dtype=np.uint64)


def _shingles(w: list[str]) -> set[bytes]:
    """Word 3-grams of a text's words (the whole text when it is shorter)."""
    if len(w) <= SHINGLE:
        return {" ".join(w).encode()}
    return {f"{a} {b} {c}".encode() for a, b, c in zip(w, w[1:], w[2:])}


def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The affine maps h -> a*h + b (mod 2^32) of datasketch 2.0's MinHash, seed 1.

    Computed here rather than by datasketch so that one page's texts are hashed
    together: each distinct shingle is hashed once and every signature is one
    numpy reduction (datasketch hashes every shingle of every window again).
    The values are the same as ``datasketch.MinHash(num_perm=128)`` (tested).
    """
    gen = np.random.RandomState(1)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


_PERM_A, _PERM_B = _permutations()
_CHUNK_SHINGLES = 50_000  # bounds the (shingles x NUM_PERM) matrix of one reduction


def _fmix32(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser (datasketch mixes the SHA-1 values with it)."""
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


def signatures(texts: list[str]) -> np.ndarray:
    """MinHash signatures, one uint32 row of NUM_PERM values per text."""
    return word_signatures(map(words, texts), len(texts))


def word_signatures(word_lists: Iterable[list[str]], count: int) -> np.ndarray:
    out = np.zeros((count, NUM_PERM), dtype=np.uint32)
    done, chunk, size = 0, [], 0
    for text_words in word_lists:
        chunk.append(_shingles(text_words))
        size += len(chunk[-1])
        if size >= _CHUNK_SHINGLES:
            out[done:done + len(chunk)] = _min_hashes(chunk)
            done, chunk, size = done + len(chunk), [], 0
    if chunk:
        out[done:done + len(chunk)] = _min_hashes(chunk)
    return out


def _min_hashes(shingle_sets: list[set[bytes]]) -> np.ndarray:
    distinct: dict[bytes, int] = {}
    members = [[distinct.setdefault(s, len(distinct)) for s in shingles]
               for shingles in shingle_sets]
    hashed = np.fromiter((int.from_bytes(hashlib.sha1(s).digest()[:4], "little")
                          for s in distinct), dtype=np.uint32, count=len(distinct))
    with np.errstate(over="ignore"):  # wrap-around arithmetic mod 2^32 is the point
        permuted = _fmix32(hashed)[:, None] * _PERM_A + _PERM_B
    flat = np.fromiter((i for m in members for i in m), dtype=np.intp)
    starts = np.cumsum([0] + [len(m) for m in members[:-1]])
    return np.minimum.reduceat(permuted[flat], starts, axis=0)


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """One int64 key per (text, band): band number and its rows mixed into 64 bits."""
    rows = sigs.astype(np.uint64).reshape(len(sigs), BANDS, ROWS)
    with np.errstate(over="ignore"):  # wrap-around multiply is the point of the mix
        mixed = (rows * _MIX).sum(axis=2, dtype=np.uint64)
        mixed ^= np.arange(BANDS, dtype=np.uint64) * np.uint64(0x100000001B3)
    return mixed.view(np.int64)


def segment_units(segments: list[Segment], min_words: int = LINK_MIN_WORDS
                  ) -> tuple[list[Unit], list[list[str]]]:
    """Article and comment segments and their paragraph windows long enough to compare
    (``MIN_WORDS`` and ``min_words``), with their words; metadata-only units, and units
    without one substantive sentence (``has_statement``), are left out."""
    seen, out, out_words = set(), [], []
    least = max(MIN_WORDS, min_words)
    for seg in segments:
        if seg.kind not in KINDS:
            continue
        whole = [Unit(seg.page_id, seg.index, seg.kind, seg.start, seg.end, seg.text)]
        for unit in whole + windows(seg, min_words=MIN_WORDS):
            if (unit.start, unit.end) in seen:
                continue
            unit_words = words(unit.text)
            if len(unit_words) >= least and not is_metadata(unit.text) and has_statement(unit.text, min_words):
                seen.add((unit.start, unit.end))
                out.append(unit)
                out_words.append(unit_words)
    return out, out_words


def has_statement(text: str, min_words: int = LINK_MIN_WORDS) -> bool:
    """Some sentence of ``text`` says something (``text.content.is_substantive``): a copied
    headline list, a form's labels or a run of links says nothing a link could cite."""
    return any(is_substantive(s.text, min_words) for s in _sentences(text, rule=LINK_SENTENCES))


def _verify(db: LinkState, units, sigs, found, threshold: float) -> list[tuple[Unit, tuple, float]]:
    """(new unit, stored unit row, estimated Jaccard) for candidates from ``threshold`` up."""
    stored = db.minhash_units(sorted({i for ids in found.values() for i in ids}))
    matches = []
    for qi, cand_ids in found.items():
        unit = units[qi]
        for cid in cand_ids:
            page_id, seg_index, start, end, sig = stored[cid]
            if page_id == unit.page_id and seg_index == unit.segment_index:
                continue  # a segment's own windows overlap each other
            sim = float(np.mean(sig == sigs[qi]))
            if sim >= threshold:
                matches.append((unit, (page_id, seg_index, start, end), sim))
    return matches


def merge_runs(pairs: list[tuple[int, int, int, int, float]], gap: int = 8):
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


def link_page(db: LinkState, page_id: str, segments: list[Segment],
              threshold: float = THRESHOLD, min_words: int = LINK_MIN_WORDS) -> list[Link]:
    """Find, store and return near-duplicate links between this page and stored pages
    (estimated Jaccard from ``threshold``: the ``near_duplicate_threshold`` setting; units
    of at least ``min_words``: the ``link_min_words`` setting).

    Call inside a transaction; the page's units are indexed for later pages.
    """
    units, unit_words = segment_units(segments, min_words)
    sigs = word_signatures(unit_words, len(units))
    keys = band_keys(sigs) if len(units) else np.zeros((0, BANDS), dtype=np.int64)
    matches = _verify(db, units, sigs, db.band_candidates(keys), threshold) if units else []
    near_exact = {units.index(u) for u, _, sim in matches if sim >= NEAR_EXACT}
    db.add_minhash_units(units, sigs, keys, near_exact)
    grouped: dict[tuple, list] = defaultdict(list)
    for unit, (old_page, old_seg, old_start, old_end), sim in matches:
        grouped[(old_page, old_seg, unit.segment_index)].append(
            (old_start, old_end, unit.start, unit.end, sim))
    links = []
    for (old_page, _, _), pairs in grouped.items():
        for a0, a1, b0, b1, sim in merge_runs(pairs):
            for old, new, score in _refined(db, (old_page, a0, a1), (page_id, b0, b1), sim):
                links.append(_link(db, old, new, score))
    links += _line_links(db, page_id, segments, links, max(MIN_WORDS, min_words))
    db.insert_links(links)
    return links


def _refined(db: LinkState, old: tuple, new: tuple, sim: float) -> list[tuple[tuple, tuple, float]]:
    """Cut a matched pair of spans down to the regions whose words align.

    Falls back to the MinHash spans when alignment finds nothing long enough
    (heavily reworded copies). The link's similarity stays the MinHash estimate
    of the windows that matched.
    """
    regions = shared_regions(db.span_text(*old), old[1], db.span_text(*new), new[1])
    if not regions:
        return [(old, new, sim)]
    return [((old[0], a0, a1), (new[0], b0, b1), sim) for a0, a1, b0, b1, _ in regions]


def _link(db: LinkState, old: tuple, new: tuple, sim: float) -> Link:
    """A link oriented earliest-seen page first (a = source, b = repeat)."""
    first, second = sorted([old, new], key=lambda s: db.page_order(s[0])[0])
    spans = [clusters.Span(*first), clusters.Span(*second)]
    cluster_id = clusters.join(db, "near_duplicate", spans, PRODUCER)
    return Link("near_duplicate", first[0], first[1], first[2], second[0], second[1], second[2],
                round(sim, 4), PRODUCER, cluster_id)


def _line_links(db: LinkState, page_id: str, segments: list[Segment], covered: list[Link],
                min_words: int = MIN_WORDS) -> list[Link]:
    """Count repeated long lines; link exact repeats (of article and comment text, not
    metadata lines, not furniture: ``text.content.is_substantive``) that MinHash runs did not cover."""
    out, seen = [], set()
    for seg in segments:
        for unit in lines(seg, min_words=min_words):
            digest = norm_hash(unit.text)
            if digest in seen:
                continue
            seen.add(digest)
            row = db.count_line(digest, page_id, unit.start, unit.end)
            if row is None:
                continue
            if seg.kind in KINDS and is_substantive(unit.text, min_words) and row[0] != page_id and not _inside(
                    covered, row[0], page_id, unit.start, unit.end):
                out.append(_link(db, row, (page_id, unit.start, unit.end), 1.0))
    return out


def _inside(links: list[Link], other_page: str, page_id: str, start: int, end: int) -> bool:
    for link in links:
        for pa, pb, b0, b1 in ((link.a_page_id, link.b_page_id, link.b_start, link.b_end),
                               (link.b_page_id, link.a_page_id, link.a_start, link.a_end)):
            if pa == other_page and pb == page_id and b0 <= start and end <= b1:
                return True
    return False


def repeated_lines(db: LinkState, min_pages: int = 2) -> list[dict]:
    """Long lines carried by at least ``min_pages`` pages (boilerplate evidence)."""
    return db.repeated_lines(min_pages)
