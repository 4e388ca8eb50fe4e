"""Build pages and segments by hand for link tests (the segmenter is another issue's)."""
from __future__ import annotations

from claimscope.records import LineIndex, Page, Segment, page_id_for

PRODUCER = "tests.handmade.v1"


def make_page(text: str, source: str, published: str | None = None,
              outlet: str | None = None) -> Page:
    raw = text.encode("utf-8")
    return Page(id=page_id_for(raw), source=source, format="text", raw=raw, text=text,
                published=published, outlet=outlet)


def segments_by_lines(page: Page, parts: list[tuple[str, int, int]]) -> list[Segment]:
    """Segments from (kind, first line, last line), 1-based inclusive."""
    index = LineIndex(page.text)
    out = []
    for i, (kind, first, last) in enumerate(parts):
        start = index.line_start(first)
        end = index.line_start(last + 1) - 1 if last < index.line_count else len(page.text)
        lines = index.lines_of(start, end)
        out.append(Segment(page.id, i, kind, start, end, lines[0], lines[1],
                           page.text[start:end], PRODUCER))
    return out


def add(store, page: Page, segments: list[Segment]) -> None:
    """Store a page and its segments (as the segment stage would)."""
    store.add_page(page)
    with store._transaction():
        store._insert("segments", segments)


def links_of(store, *kinds: str) -> list:
    """The store's links of the given kinds."""
    return [link for link in store.links() if link.kind in kinds]
