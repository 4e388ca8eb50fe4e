"""A small hand-made store for the fast tests: three pages, one of them
hostile, with overlapping records and a claim repeated on another outlet
(a same_claim cluster), written through the Store's public writer."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from claimscope.records import (
    Claim,
    Cluster,
    DateMention,
    EntityMention,
    Flag,
    Link,
    Page,
    PlaceMention,
    Quantity,
    Segment,
    page_id_for,
)
from claimscope.store import Store

from .hostile import PAYLOADS

FIRST = ("Sanctions news\nThe ministry said that Western sanctions killed 4,000 people in "
         "Damascus on Friday.\nGuest\nThey lie about Damascus every day.")
REPEAT = ("Digest\nThe ministry said that Western sanctions had killed about 4,000 people in "
          "Damascus.\n")
HOSTILE = (f"Title {PAYLOADS[0]}\nThe envoy said that {PAYLOADS[1]} ends {PAYLOADS[2]} now.\n"
           f"{PAYLOADS[3]}\ncomment {PAYLOADS[4]}")


def text_page(text: str, source: str, **fields) -> Page:
    """A plain-text page; ``fields`` sets url, outlet, published and so on."""
    raw = text.encode()
    return Page(id=page_id_for(raw), source=source, format="text", raw=raw, text=text, **fields)


def whole_segment(page: Page) -> Segment:
    """The whole page as one article segment."""
    return Segment(page_id=page.id, index=0, kind="article", start=0, end=len(page.text),
                   line_start=1, line_end=1, text=page.text, producer="test.v1")


def _page(text: str, outlet: str, published: str, url: str) -> Page:
    return text_page(text, f"mem/{outlet}", url=url, outlet=outlet, published=published)


def _segments(page: Page, parts: list[tuple[str, str, str | None]]) -> list[Segment]:
    out, pos = [], 0
    for index, (kind, piece, author) in enumerate(parts):
        start = page.text.index(piece, pos)
        end = start + len(piece)
        out.append(Segment(page_id=page.id, index=index, kind=kind, start=start, end=end,
                           line_start=1, line_end=1, text=piece, producer="test.v1",
                           title=piece.split("\n")[0] if kind == "article" else None,
                           author=author))
        pos = end
    return out


def _claim(page: Page, segment: int, source: str, cue: str, content: str) -> Claim:
    t = page.text
    s, c, k = t.index(source), t.index(cue), t.index(content)
    return Claim(id=f"c-{page.id[:8]}-{s}", page_id=page.id, segment_index=segment, start=s,
                 end=k + len(content), line_start=1, line_end=1, content=content,
                 content_start=k, content_end=k + len(content), producer="claims.test.v1",
                 source=source, source_start=s, source_end=s + len(source),
                 source_entity="Foreign Ministry", cue=cue, cue_start=c, cue_end=c + len(cue))


def build(path: Path) -> dict[str, str]:
    """Write the store at ``path``; returns the ids the tests look for."""
    first = _page(FIRST, "Eurasia Monitor", "2020-03-28", "https://eurasia.example/a")
    repeat = _page(REPEAT, "Silk Road Herald", "2020-04-02", "https://silk.example/b")
    hostile = _page(HOSTILE, PAYLOADS[0], "2020-03-29", "javascript:alert('xss-url')")
    with Store(path) as store:
        for page in (first, repeat, hostile):
            store.add_page(page)
        store.add_records("segments", _segments(first, [
            ("article", FIRST.split("\nGuest")[0], None), ("comment", "They lie about Damascus every day.", "Guest")]))
        store.add_records("segments", _segments(repeat, [("article", REPEAT.strip(), None)]))
        lines = HOSTILE.split("\n")
        store.add_records("segments", _segments(hostile, [
            ("article", "\n".join(lines[:2]), None), ("boilerplate", lines[2], None),
            ("comment", lines[3], PAYLOADS[1])]))
        claims = [_claim(first, 0, "The ministry", "said", "Western sanctions killed 4,000 people in Damascus"),
                  _claim(repeat, 0, "The ministry", "said", "Western sanctions had killed about 4,000 people in Damascus"),
                  _claim(hostile, 0, "The envoy", "said", f"{PAYLOADS[1]} ends {PAYLOADS[2]} now")]
        store.add_records("claims", claims)
        _annotations(store, first, hostile)
        _cluster(store, claims[0], claims[1])
    return {"first": first.id, "repeat": repeat.id, "hostile": hostile.id,
            "claim": claims[0].id, "hostile_claim": claims[2].id}


def _at(page: Page, words: str, line: int = 1) -> dict:
    """Keyword arguments placing a record on ``words`` (their first occurrence)."""
    start = page.text.index(words)
    return {"page_id": page.id, "start": start, "end": start + len(words), "line_start": line,
            "line_end": line}


def _annotations(store: Store, first: Page, hostile: Page) -> None:
    store.add_records("places", [PlaceMention(
        **_at(first, "Damascus"), text="Damascus", resolved_name="Damascus", lat=33.51,
        lon=36.29, country="SY", feature="city", producer="places.test.v1")])
    store.add_records("quantities", [Quantity(
        **_at(first, "4,000 people"), text="4,000 people", value=4000.0, counted="people",
        qualifier=None, producer="quantities.test.v1")])
    store.add_records("dates", [DateMention(
        **_at(first, "Friday"), text="Friday", value="2020-03-27", relative=False,
        producer="dates.test.v1")])
    # an entity that straddles the claim content's end: forces a split mark
    store.add_records("entities", [EntityMention(
        **_at(first, "Damascus on Friday"), text="Damascus on Friday", label="GPE",
        canonical="Damascus", producer="entities.test.v1")])
    hostile_span = _at(hostile, PAYLOADS[2])
    hostile_span.update(start=hostile_span["start"] - 3, end=hostile_span["end"] + 2)
    store.add_records("flags", [
        Flag(**_at(first, "sanctions killed"), segment_index=0, segment_kind="article",
             label="propaganda:Loaded_Language", score=0.8, model="prop.test.v1"),
        Flag(**_at(first, "They lie", 2), segment_index=1, segment_kind="comment", label="toxic",
             score=0.35, model="tox.test.v1"),
        Flag(**hostile_span, segment_index=0, segment_kind="article", label="hate", score=0.9,
             model="hate.test.v1", target_group=PAYLOADS[3], narrative_id="west-lies",
             evidence=PAYLOADS[0]),
    ])


def _cluster(store: Store, a: Claim, b: Claim) -> None:
    cid = "claim-test"
    store.add_records("links", [Link(
        kind="same_claim", a_page_id=a.page_id, a_start=a.start, a_end=a.end,
        b_page_id=b.page_id, b_start=b.start, b_end=b.end, similarity=0.9,
        producer="link.test.v1", cluster_id=cid)])
    store.add_records("clusters", [Cluster(
        id=cid, kind="same_claim", first_page_id=a.page_id, first_start=a.start,
        first_end=a.end, first_seen="2020-03-28", size=2, label=a.content[:60],
        producer="link.test.v1")])
    conn = sqlite3.connect(store.path)
    with conn:  # the link stage's own bookkeeping table (not a record type)
        conn.execute("CREATE TABLE IF NOT EXISTS link_members (cluster_id TEXT NOT NULL, "
                     "kind TEXT NOT NULL, page_id TEXT NOT NULL, start INTEGER NOT NULL, "
                     '"end" INTEGER NOT NULL, order_key TEXT NOT NULL)')
        conn.executemany("INSERT INTO link_members VALUES (?, 'same_claim', ?, ?, ?, ?)",
                         [(cid, a.page_id, a.start, a.end, "1"), (cid, b.page_id, b.start, b.end, "2")])
    conn.close()


HIDDEN_WORDS = "every day"


def add_hidden_flag(path: Path, page_id: str) -> None:
    """A Loaded_Language flag on the first page's comment that is stored but not shown by
    default (scored under its technique's shown threshold)."""
    with Store(path) as store:
        page = store.page(page_id)
        store.add_records("flags", [Flag(**_at(page, HIDDEN_WORDS, 2), segment_index=1, segment_kind="comment",
                                         label="propaganda:Loaded_Language", score=0.31, model="prop.test.v1",
                                         shown=False)])
