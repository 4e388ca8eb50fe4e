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


def _page(text: str, outlet: str, published: str, url: str) -> Page:
    raw = text.encode()
    return Page(id=page_id_for(raw), source=f"mem/{outlet}", format="text", raw=raw, text=text,
                url=url, outlet=outlet, published=published)


def _segments(page: Page, parts: list[tuple[str, str, str | None]]) -> list[Segment]:
    out, pos = [], 0
    for index, (kind, piece, author) in enumerate(parts):
        start = page.text.index(piece, pos)
        end = start + len(piece)
        out.append(Segment(page.id, index, kind, start, end, 1, 1, piece, "test.v1",
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


def _span(page: Page, words: str) -> tuple[int, int]:
    start = page.text.index(words)
    return start, start + len(words)


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


def _annotations(store: Store, first: Page, hostile: Page) -> None:
    d0, d1 = _span(first, "Damascus on Friday")
    q0, q1 = _span(first, "4,000 people")
    w0, w1 = _span(first, "sanctions killed")
    store.add_records("places", [PlaceMention(first.id, d0, d0 + 8, 1, 1, "Damascus", "Damascus",
                                              33.51, 36.29, "SY", "city", "places.test.v1")])
    store.add_records("quantities", [Quantity(first.id, q0, q1, 1, 1, "4,000 people", 4000.0,
                                              "people", None, "quantities.test.v1")])
    store.add_records("dates", [DateMention(first.id, d1 - 6, d1, 1, 1, "Friday", "2020-03-27",
                                            False, "dates.test.v1")])
    # an entity that straddles the claim content's end: forces a split mark
    e0, e1 = _span(first, "Damascus on Friday")
    store.add_records("entities", [EntityMention(first.id, e0, e1, 1, 1, "Damascus on Friday",
                                                 "GPE", "Damascus", "entities.test.v1")])
    h0, h1 = _span(hostile, PAYLOADS[2])
    store.add_records("flags", [
        Flag(first.id, 0, "article", w0, w1, 1, 1, "propaganda:Loaded_Language", 0.8, "prop.test.v1"),
        Flag(first.id, 1, "comment", *_span(first, "They lie"), 2, 2, "toxic", 0.35, "tox.test.v1"),
        Flag(hostile.id, 0, "article", h0 - 3, h1 + 2, 1, 1, "hate", 0.9, "hate.test.v1",
             target_group=PAYLOADS[3], narrative_id="west-lies", evidence=PAYLOADS[0]),
    ])


def _cluster(store: Store, a: Claim, b: Claim) -> None:
    cid = "claim-test"
    store.add_records("links", [Link("same_claim", a.page_id, a.start, a.end, b.page_id, b.start,
                                     b.end, 0.9, "link.test.v1", cid)])
    store.add_records("clusters", [Cluster(cid, "same_claim", a.page_id, a.start, a.end,
                                           "2020-03-28", 2, a.content[:60], "link.test.v1")])
    conn = sqlite3.connect(store.path)
    with conn:
        conn.execute("CREATE TABLE IF NOT EXISTS link_members (cluster_id TEXT NOT NULL, "
                     "kind TEXT NOT NULL, page_id TEXT NOT NULL, start INTEGER NOT NULL, "
                     '"end" INTEGER NOT NULL, order_key TEXT NOT NULL)')
        conn.executemany("INSERT INTO link_members VALUES (?, 'same_claim', ?, ?, ?, ?)",
                         [(cid, a.page_id, a.start, a.end, "1"), (cid, b.page_id, b.start, b.end, "2")])
    conn.close()
