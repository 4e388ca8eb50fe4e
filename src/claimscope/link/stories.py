"""Same-story clustering of article segments: time-aware, single pass, incremental.

Each article becomes a TF-IDF vector of its content words plus, when the
extractor ran, its entities and places (weighted up: two reports of one event
share names more reliably than wording). A new article is compared only with
stories that are (a) lexically plausible, found through an FTS5 index of each
story's top terms, and (b) active within ``WINDOW_DAYS`` of its date; it joins
the most similar one above ``THRESHOLD`` or starts a new story. Story
centroids are running sums truncated to their top terms, so adding an article
costs the same whatever the corpus size.
"""
from __future__ import annotations

import dataclasses
import json
import math
import sqlite3
from collections import Counter
from datetime import date, timedelta

from ..records import Link, Segment
from . import clusters
from .lexical import STOPWORDS
from .match import stem
from .state import page_order
from .text import words

__all__ = ["PRODUCER", "THRESHOLD", "WINDOW_DAYS", "link_page", "article_vector"]

PRODUCER = "link.stories.tfidf.v1"
THRESHOLD = 0.28  # cosine between an article and a story centroid (see docs/link.md)
WINDOW_DAYS = 10
TOP_TERMS = 60
NAME_WEIGHT = 2.0
HEAD_WORDS = 120  # an article segment shorter than this may be a cut-off head
MIN_WORDS = 40  # shorter "articles" are teasers or headlines: too little to place
_CANDIDATE_STORIES = 20


def _terms(text: str) -> Counter:
    return Counter(stem(w) for w in words(text)
                   if w not in STOPWORDS and len(w) > 2 and not w.isdigit())


def _names(conn: sqlite3.Connection, seg: Segment) -> Counter:
    """Entity and place names inside the segment, as extra terms."""
    names: Counter = Counter()
    for table, column in (("entities", "canonical"), ("places", "coalesce(resolved_name, text)")):
        rows = conn.execute(f'SELECT {column} FROM "{table}" WHERE page_id = ? AND start >= ? '
                            'AND "end" <= ?', (seg.page_id, seg.start, seg.end))
        for (name,) in rows:
            if name:
                names["n:" + "_".join(words(name))] += 1
    return names


def article_vector(conn: sqlite3.Connection, seg: Segment) -> dict[str, float]:
    """Normalised TF-IDF (log tf) of words, plus boosted names; updates document counts."""
    counts = _terms(seg.text)
    counts.update(_names(conn, seg))
    conn.executemany("INSERT INTO link_df(term, df) VALUES (?, 1) "
                     "ON CONFLICT(term) DO UPDATE SET df = df + 1", ((t,) for t in counts))
    conn.execute("INSERT INTO link_df(term, df) VALUES ('#docs', 1) "
                 "ON CONFLICT(term) DO UPDATE SET df = df + 1")
    n_docs = conn.execute("SELECT df FROM link_df WHERE term = '#docs'").fetchone()[0]
    vec = {}
    for term, tf in counts.items():
        df = conn.execute("SELECT df FROM link_df WHERE term = ?", (term,)).fetchone()[0]
        weight = (1 + math.log(tf)) * (math.log((n_docs + 1) / df) + 1)
        vec[term] = weight * (NAME_WEIGHT if term.startswith("n:") else 1.0)
    return _normalise(vec)


def _normalise(vec: dict[str, float], top: int | None = None) -> dict[str, float]:
    if top:
        vec = dict(sorted(vec.items(), key=lambda kv: -kv[1])[:top])
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    small, large = (a, b) if len(a) < len(b) else (b, a)
    return sum(v * large.get(t, 0.0) for t, v in small.items())


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _fts(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS link_stories_fts USING fts5(terms, "
                 "tokenize='unicode61')")


def _candidates(conn, vec: dict[str, float], day: date | None) -> list[tuple]:
    top = [t.replace(":", "_") for t, _ in sorted(vec.items(), key=lambda kv: -kv[1])[:20]]
    query = " OR ".join(f'"{t}"' for t in top)
    rows = conn.execute(
        "SELECT s.cluster_id, s.terms, s.first_day, s.last_day, s.n FROM link_stories_fts f "
        "JOIN link_stories s ON s.rowid = f.rowid WHERE link_stories_fts MATCH ? "
        "ORDER BY bm25(link_stories_fts) LIMIT ?", (query, _CANDIDATE_STORIES)).fetchall()
    out = []
    for cluster_id, terms, first, last, n in rows:
        first_day, last_day = _day(first), _day(last)
        if day and first_day and not (first_day - timedelta(WINDOW_DAYS) <= day
                                      <= last_day + timedelta(WINDOW_DAYS)):
            continue  # same words, another time: a different story
        out.append((cluster_id, json.loads(terms), first, last, n))
    return out


def articles(segments: list[Segment], page_text: str) -> list[Segment]:
    """Article segments, with a short head glued to the article segment right after it.

    Why: a headline plus standfirst is often cut off from its body (the body opens
    with a dateline, a quote or "In the name of ..." that looks like a title).
    A short article segment followed directly (blank lines at most) by another
    article segment is taken as the head of that article.
    """
    out: list[Segment] = []
    for seg in segments:
        if seg.kind != "article":
            continue
        prev = out[-1] if out else None
        if (prev is not None and prev.index == seg.index - 1 and
                not page_text[prev.end:seg.start].strip() and
                len(words(prev.text)) < HEAD_WORDS):
            out[-1] = dataclasses.replace(prev, end=seg.end, line_end=seg.line_end,
                                          text=page_text[prev.start:seg.end])
        else:
            out.append(seg)
    return out


def link_page(conn: sqlite3.Connection, page_id: str, segments: list[Segment]) -> list[Link]:
    """Place each article of the page in a story; call inside a transaction."""
    _fts(conn)
    _, published = page_order(conn, page_id)
    day = _day(published)
    links = []
    page_text = conn.execute("SELECT text FROM pages WHERE id = ?", (page_id,)).fetchone()[0]
    for seg in articles(segments, page_text):
        if len(words(seg.text)) < MIN_WORDS:
            continue
        vec = article_vector(conn, seg)
        scored = [(_cosine(vec, c[1]), c) for c in _candidates(conn, vec, day)]
        best = max(scored, key=lambda sc: sc[0], default=None)
        span = clusters.Span(page_id, seg.start, seg.end)
        if best and best[0] >= THRESHOLD:
            links.append(_join(conn, best[1], span, vec, best[0], day))
        else:
            _new_story(conn, span, vec, day)
    clusters.insert_links(conn, links)
    return links


def _new_story(conn, span, vec, day) -> None:
    cluster_id = clusters.join(conn, "same_story", [span], PRODUCER)
    iso = day.isoformat() if day else None
    cur = conn.execute("INSERT OR REPLACE INTO link_stories(cluster_id, terms, first_day, last_day,"
                       " n) VALUES (?, ?, ?, ?, 1)", (cluster_id, json.dumps(vec), iso, iso))
    conn.execute("INSERT INTO link_stories_fts(rowid, terms) VALUES (?, ?)",
                 (cur.lastrowid, " ".join(t.replace(":", "_") for t in vec)))


def _join(conn, story: tuple, span, vec, sim: float, day) -> Link:
    cluster_id, terms, first, last, n = story
    first_member = conn.execute(
        'SELECT page_id, start, "end" FROM link_members WHERE cluster_id = ? '
        "ORDER BY order_key, start LIMIT 1", (cluster_id,)).fetchone()
    merged = Counter({t: w * n for t, w in terms.items()})
    merged.update(vec)
    centroid = _normalise(dict(merged), top=TOP_TERMS)
    days = [d for d in (_day(first), _day(last), day) if d]
    rowid = conn.execute("SELECT rowid FROM link_stories WHERE cluster_id = ?",
                         (cluster_id,)).fetchone()[0]
    conn.execute("UPDATE link_stories SET terms = ?, first_day = ?, last_day = ?, n = n + 1 "
                 "WHERE cluster_id = ?", (json.dumps(centroid),
                                          min(days).isoformat() if days else None,
                                          max(days).isoformat() if days else None, cluster_id))
    conn.execute("DELETE FROM link_stories_fts WHERE rowid = ?", (rowid,))
    conn.execute("INSERT INTO link_stories_fts(rowid, terms) VALUES (?, ?)",
                 (rowid, " ".join(t.replace(":", "_") for t in centroid)))
    clusters.join(conn, "same_story", [clusters.Span(*first_member), span], PRODUCER)
    a, b = sorted([tuple(first_member), (span.page_id, span.start, span.end)],
                  key=lambda s: page_order(conn, s[0])[0])
    return Link("same_story", a[0], a[1], a[2], b[0], b[1], b[2], round(sim, 4), PRODUCER,
                cluster_id)
