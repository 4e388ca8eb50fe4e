"""Same-story clustering of article segments: time-aware, single pass, incremental.

Each article becomes a TF-IDF vector of its content words plus, when the
extractor ran, its entities and places (weighted up: two reports of one event
share names more reliably than wording). A new article is compared only with
stories that are (a) lexically plausible, found through an FTS5 index of each
story's top terms, and (b) active within ``WINDOW_DAYS`` of its date; it joins
the most similar one above the rule's threshold or starts a new story. Story
centroids are running sums truncated to their top terms, so adding an article
costs the same whatever the corpus size.

Content only (issue 19): an article's vector reads its lines that are neither metadata
(``text.content.is_metadata_line``: comment headers, dates) nor short lines already read
on another page (site chrome: "Truth & Rumors > NFL", menus, bylines), and an article
with fewer than ``MIN_WORDS`` words of such content is not placed; joining needs
``min_shared`` shared content terms besides the cosine (``StoryRule``: the
``story_threshold`` and ``story_min_shared_terms`` settings).
"""
from __future__ import annotations

import dataclasses
import math
from collections import Counter
from datetime import date, timedelta

from dataclasses import dataclass

from ..records import Link, Segment
from ..store.link_state import LinkState
from ..text.content import is_metadata_line
from . import clusters
from .lexical import STOPWORDS
from .match import stem
from .text import norm_hash, words

__all__ = ["PRODUCER", "THRESHOLD", "WINDOW_DAYS", "StoryRule", "link_page", "article_vector",
           "content_text"]

PRODUCER = "link.stories.tfidf.v2"
THRESHOLD = 0.28  # cosine between an article and a story centroid (see docs/link.md)
MIN_SHARED = 0  # the story_min_shared_terms setting's default
CHROME_WORDS = 12  # a line of fewer words found on another page is site chrome
WINDOW_DAYS = 10
TOP_TERMS = 60
NAME_WEIGHT = 2.0
HEAD_WORDS = 120  # an article segment shorter than this may be a cut-off head
MIN_WORDS = 40  # shorter "articles" are teasers or headlines: too little to place
_CANDIDATE_STORIES = 20


def _terms(text: str) -> Counter:
    return Counter(stem(w) for w in words(text)
                   if w not in STOPWORDS and len(w) > 2 and not w.isdigit())


def _names(db: LinkState, seg: Segment) -> Counter:
    """Entity and place names inside the segment, as extra terms."""
    names: Counter = Counter()
    for name in db.names_in(seg.page_id, seg.start, seg.end):
        if name:
            names["n:" + "_".join(words(name))] += 1
    return names


@dataclass(frozen=True)
class StoryRule:
    """When an article joins a story: a cosine to the centroid of at least ``threshold``
    and ``min_shared`` content terms shared with it (the ``story_threshold`` and
    ``story_min_shared_terms`` settings)."""

    threshold: float = THRESHOLD
    min_shared: int = MIN_SHARED

    @classmethod
    def of(cls, settings) -> StoryRule:
        return cls(settings.story_threshold, settings.story_min_shared_terms)

    def joins(self, cosine: float, vec: dict[str, float], centroid: dict[str, float]) -> bool:
        shared = sum(1 for t in vec if t in centroid and not t.startswith("n:"))
        return cosine >= self.threshold and shared >= self.min_shared


def content_text(db: LinkState, seg: Segment) -> str:
    """The article's story text: its lines less metadata lines and short lines the story
    step has read on another page (the page's short lines are recorded as read)."""
    lines = [line.strip() for line in seg.text.split("\n") if line.strip()]
    short = {norm_hash(line) for line in lines if len(words(line)) < CHROME_WORDS}
    chrome = db.lines_elsewhere(seg.page_id, short)
    return "\n".join(line for line in lines if not is_metadata_line(line)
                     and not (len(words(line)) < CHROME_WORDS and norm_hash(line) in chrome))


def article_vector(db: LinkState, seg: Segment, text: str | None = None) -> dict[str, float]:
    """Normalised TF-IDF (log tf) of words (of ``text``, by default the segment's), plus
    boosted names; updates document counts."""
    counts = _terms(seg.text if text is None else text)
    counts.update(_names(db, seg))
    n_docs, dfs = db.count_story_terms(counts)
    vec = {}
    for term, tf in counts.items():
        df = dfs[term]
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


def _candidates(db: LinkState, vec: dict[str, float], day: date | None) -> list[tuple]:
    top = [t.replace(":", "_") for t, _ in sorted(vec.items(), key=lambda kv: -kv[1])[:20]]
    query = " OR ".join(f'"{t}"' for t in top)
    out = []
    for cluster_id, terms, first, last, n in db.story_candidates(query, _CANDIDATE_STORIES):
        first_day, last_day = _day(first), _day(last)
        if day and first_day and last_day and not (first_day - timedelta(WINDOW_DAYS) <= day
                                      <= last_day + timedelta(WINDOW_DAYS)):
            continue  # same words, another time: a different story
        out.append((cluster_id, terms, first, last, n))
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


def link_page(db: LinkState, page_id: str, segments: list[Segment],
              rule: StoryRule = StoryRule()) -> list[Link]:
    """Place each article of the page in a story; call inside a transaction."""
    db.ensure_story_search()
    _, published = db.page_order(page_id)
    day = _day(published)
    links = []
    for seg in articles(segments, db.page_text(page_id)):
        if len(words(seg.text)) < MIN_WORDS:
            continue
        text = content_text(db, seg)
        if len(words(text)) < MIN_WORDS:
            continue
        vec = article_vector(db, seg, text)
        scored = [(_cosine(vec, c[1]), c) for c in _candidates(db, vec, day)]
        best = max(scored, key=lambda sc: sc[0], default=None)
        span = clusters.Span(page_id, seg.start, seg.end)
        if best and rule.joins(best[0], vec, best[1][1]):
            links.append(_join(db, best[1], span, vec, best[0], day))
        else:
            _new_story(db, span, vec, day)
    db.insert_links(links)
    return links


def _search_terms(vec: dict[str, float]) -> str:
    return " ".join(t.replace(":", "_") for t in vec)


def _new_story(db: LinkState, span, vec, day) -> None:
    cluster_id = clusters.join(db, "same_story", [span], PRODUCER)
    db.add_story(cluster_id, vec, day.isoformat() if day else None, _search_terms(vec))


def _join(db: LinkState, story: tuple, span, vec, sim: float, day) -> Link:
    cluster_id, terms, first, last, n = story
    first_member = db.first_member(cluster_id)
    merged = Counter({t: w * n for t, w in terms.items()})
    merged.update(vec)
    centroid = _normalise(dict(merged), top=TOP_TERMS)
    days = [d for d in (_day(first), _day(last), day) if d]
    db.update_story(cluster_id, centroid, min(days).isoformat() if days else None,
                    max(days).isoformat() if days else None, _search_terms(centroid))
    clusters.join(db, "same_story", [clusters.Span(*first_member), span], PRODUCER)
    a, b = sorted([tuple(first_member), (span.page_id, span.start, span.end)],
                  key=lambda s: db.page_order(s[0])[0])
    return Link("same_story", a[0], a[1], a[2], b[0], b[1], b[2], round(sim, 4), PRODUCER,
                cluster_id)
