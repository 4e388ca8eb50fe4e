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


def write_checkthat_files(folder) -> list:
    """Two tweets, three fact-checks and the two right pairs, in CheckThat! 2020 task-2
    format: (queries, claims, qrels) paths for ``evaluate_link_matcher``."""
    (folder / "q.tsv").write_text(
        "\ttweet_content\n"
        "1\tThe Carrowmore river gauge peaked at four metres after the River Nell burst its banks\n"
        "2\tBelvoir chess club won the regional cup final against Ashby on Saturday\n")
    (folder / "c.tsv").write_text(
        "\tvclaim\ttitle\n"
        "10\tThe River Nell burst its banks and the Carrowmore gauge peaked at four metres.\tNell flood\n"
        "11\tThe Belvoir chess club won the regional cup against Ashby.\tChess cup\n"
        "12\tBread prices rose by a third in the capital this month.\tBread prices\n")
    (folder / "r.tsv").write_text("1\t0\t10\t1\n2\t0\t11\t1\n")
    return [folder / n for n in ("q.tsv", "c.tsv", "r.tsv")]
