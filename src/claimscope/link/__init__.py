"""Corpus-level linking: the same text, the same claim, the same story across pages.

These are explicit corpus steps, not per-page stages: each needs what is
already stored. Every step keeps its own state in the store (``link_*``
tables) and records which pages it has processed, so

* ``link_corpus(store)`` links every page not linked yet (all of them the first
  time; ``rebuild=True`` forgets the state and starts over), and
* ``link_new_pages(store, page_ids)`` links just those pages against what is
  stored, without recomputing anything else.

A page stored without segments is read through ``segmenter`` (the caller's: the runner
and the CLI hand in the segment stage's ``segment_page``; a stage package imports no
other), or as one article when none is given.

Writes ``Link`` records (table ``links``) and ``Cluster`` records (table
``clusters``, earliest-seen member first). A step's pages are marked done with
its derived version (``link_versions``: code, models and the threshold setting it
reads); when that changes, the links are made again from scratch.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ..budget import DEFAULT_MAX_ANALYSED_CHARS, analysed_end, clip_page
from ..fingerprint import derived_version
from ..records import Cluster, Page, Segment
from ..settings import Settings, load_settings
from ..store import Store, register_table
from . import chrome

__all__ = ["STEPS", "VERSIONS", "READS", "link_versions", "vectors_encoder", "link_corpus", "link_new_pages", "page_segments"]

register_table("clusters", Cluster)

STEPS = ("near_duplicates", "claims", "stories")
# the producer of each step's links, and the name its version starts with
VERSIONS = {
    "near_duplicates": "link.near_duplicates.v1",
    "claims": "link.claims.minilm.v5",
    "stories": "link.stories.tfidf.v2",
}
READS = {"near_duplicates": ("near_duplicate_threshold", "link_min_words", "link_chrome_min_pages", "link_page_repeats"),
         "claims": ("same_claim_threshold", "same_claim_min_overlap", "same_claim_min_shared",
                    "link_min_words", "link_chrome_min_pages", "link_page_repeats", "profile"),
         "stories": ("story_threshold", "story_min_shared_terms", "story_window_days", "link_chrome_min_pages",
                     "link_page_repeats")}


def link_versions(settings: Settings | None = None) -> dict[str, str]:
    """{step: version} under ``settings``: the producer name (the claims step's marked with
    the encoder it reads, ``claims.producer``) and a fingerprint of the step's code, models
    and the settings in ``READS``."""
    from .claims import producer

    names = dict(VERSIONS, claims=producer(vectors_encoder(settings)))
    return {step: derived_version(names[step], f"{__name__}.{step}", settings, READS[step])
            for step in STEPS}


def vectors_encoder(settings: Settings | None = None) -> str:
    """The encoder the claims step reads sentence vectors with under ``settings``: the
    profile's (``encoder.reader``; the student under the fast profile), MiniLM otherwise."""
    from .. import encoder

    return encoder.reader(settings) or "minilm"

WHOLE_PAGE = "link.whole_page.v1"
# Pages linked in one transaction: a commit per page was a large share of the per-page steps'
# cost, and the claims step scans the stored vectors once per batch (the model is faster on
# batches too). A failure rolls back the whole batch; its pages are linked again next run.
BATCH_PAGES = 64


Segmenter = Callable[[Page], Iterable[Segment]]


def page_segments(store: Store, page_id: str, segmenter: Segmenter | None = None) -> list[Segment]:
    """The page's stored segments; the segmenter's output, or the whole page as one article."""
    segments = store.segments(page_id)
    if segments:
        return segments
    page = store.page(page_id)
    # no more of the page than the per-page stages read (a page of 200 MB must not be
    # segmented, or linked, whole here); the runner's stages already stopped there
    page = clip_page(page, analysed_end(page.text, DEFAULT_MAX_ANALYSED_CHARS))
    if segmenter is not None:
        return list(segmenter(page))
    lines = page.text.count("\n") + 1
    return [Segment(page.id, 0, "article", 0, len(page.text), 1, lines, page.text, WHOLE_PAGE)]


def link_corpus(store: Store, *, rebuild: bool = False, steps: Sequence[str] = STEPS,
                progress: Callable[[str, int, int], None] | None = None,
                segmenter: Segmenter | None = None, settings: Settings | None = None) -> dict:
    """Link every stored page that is not linked yet; returns counters per step."""
    db = store.link_state()
    settings = settings or load_settings()
    if rebuild or db.versions() - set(link_versions(settings).values()):  # links by another version would mix
        db.reset()
    return link_new_pages(store, store.page_ids(), steps=steps, progress=progress,
                          segmenter=segmenter, settings=settings)


def link_new_pages(store: Store, page_ids: Sequence[str], *, steps: Sequence[str] = STEPS,
                   progress: Callable[[str, int, int], None] | None = None,
                   segmenter: Segmenter | None = None, settings: Settings | None = None) -> dict:
    """Link ``page_ids`` against everything stored; pages already linked are skipped.

    The pages go ``BATCH_PAGES`` at a time through every step: a page's content (its
    segments less chrome and furniture, the costly part to read) is made once for all the
    steps. Each step still sees the pages in their order, and the steps share no state, so
    the links are those of one step after the other."""
    db = store.link_state()
    settings = settings or load_settings()
    versions = link_versions(settings)
    page_ids = list(dict.fromkeys(page_ids))
    _count_lines(store, page_ids)
    todo = {}
    for step in steps:
        done = db.done_pages(step, versions[step])
        todo[step] = {p for p in page_ids if p not in done}
    pending = [p for p in page_ids if any(p in todo[step] for step in steps)]
    linkers = {step: _claims_linker(store, settings) if step == "claims" else _page_linker(step, settings)
               for step in steps}
    counters = {step: {"pages": len(todo[step]), "links": 0, "seconds": 0.0} for step in steps}
    linked = dict.fromkeys(steps, 0)
    for first in range(0, len(pending), BATCH_PAGES):
        batch = pending[first:first + BATCH_PAGES]
        content = {page_id: _content(store, page_id, page_segments(store, page_id, segmenter),
                                     settings.link_chrome_min_pages, settings.link_page_repeats)
                   for page_id in batch}
        for step in steps:
            ids = [p for p in batch if p in todo[step]]
            if not ids:
                continue
            started = time.perf_counter()
            read, link = linkers[step]
            prepared = read([(p, content[p]) for p in ids])
            with store.transaction():  # a failure rolls back the batch: linked again next run
                counters[step]["links"] += link(db, prepared)
                for page_id in ids:
                    db.mark_done(page_id, step, versions[step])
            counters[step]["seconds"] += time.perf_counter() - started
            linked[step] += len(ids)
            if progress:
                progress(step, linked[step], len(todo[step]))
    for counter in counters.values():
        counter["seconds"] = round(counter["seconds"], 2)
    return counters


def _count_lines(store: Store, page_ids: list[str]) -> None:
    """Count the pieces of the pages to link (chrome evidence, ``chrome.py``) before any step."""
    db = store.link_state()
    counted = db.lines_counted()
    page_ids = [p for p in page_ids if p not in counted]  # a page is read once
    for first in range(0, len(page_ids), BATCH_PAGES):
        with store.transaction():
            for page_id in page_ids[first:first + BATCH_PAGES]:
                page = store.page(page_id)
                text = page.text[:analysed_end(page.text, DEFAULT_MAX_ANALYSED_CHARS)]
                db.count_page_lines(page_id, chrome.piece_keys(text, chrome.site_of(page.url, page.outlet)))


def _content(store: Store, page_id: str, segments: list[Segment], min_pages: int,
             page_repeats: int = chrome.PAGE_REPEATS) -> list[Segment]:
    """``segments`` with the chrome (``chrome.py``; ``min_pages`` 0: none) and the page
    furniture cut out of article and comment text."""
    page = store.page(page_id)
    return chrome.mask(segments, store.link_state().line_counts,
                       chrome.site_of(page.url, page.outlet), min_pages, page_repeats)


Linker = tuple[Callable[[list[tuple[str, list[Segment]]]], Any], Callable[[Any, Any], int]]


def _page_linker(step: str, settings: Settings) -> Linker:
    """(read, link) of a step that links a page at a time: near-duplicates or stories."""
    from . import near_duplicates, stories

    def link_page(db, page_id, segments):
        if step == "near_duplicates":
            return near_duplicates.link_page(db, page_id, segments, settings.near_duplicate_threshold,
                                             min_words=settings.link_min_words)
        return stories.link_page(db, page_id, segments, stories.StoryRule.of(settings))

    def link(db, pages) -> int:
        return sum(len(link_page(db, pid, segments)) for pid, segments in pages)

    return (lambda pages: pages), link


def _claims_linker(store: Store, settings: Settings) -> Linker:
    """(read, link) of the claims step: a batch's units and their vectors are read first
    (the slow part, outside the transaction), then linked."""
    from . import claims
    from .match import PageRule

    using = vectors_encoder(settings)

    def read(pages):
        batch = [claims.units_for_page(pid, segments, list(store.records("claims", page_id=pid)),
                                       min_words=settings.link_min_words)
                 for pid, segments in pages]
        return batch, claims.embed_batch(batch, using)

    def link(db, prepared: tuple[Any, Any]) -> int:  # (batch, its vectors)
        return len(claims.link_pages(db, *prepared, rule=PageRule.of(settings), using=using))

    return read, link
