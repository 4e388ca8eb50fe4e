"""Response time of every web UI view on a store of 10,000 pages.

    PYTHONPATH=src python bench/serve_bench.py [--pages 10000] [--db /tmp/serve-bench.db]

The store is fabricated (building it with the pipeline would take far longer
than timing the views): generated pages from bench/corpus.py when ../shared
holds its source texts, filler text otherwise; one article segment and a few
comment segments per page; claims, flags, places, entities, dates and
same_story/same_claim clusters at random spans, outlets and dates. An existing
--db is reused. Each view is fetched over HTTP from the real server; the
median of --repeat fetches is printed against the 300 ms target, beside the
first fetch (before the server has cached that view's aggregates). Not a test.
"""
from __future__ import annotations

import argparse
import http.client
import random
import sqlite3
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from claimscope.records import (
    Claim,
    DateMention,
    EntityMention,
    Flag,
    Page,
    PlaceMention,
    Segment,
    page_id_for,
)
from claimscope.serve.app import make_server
from claimscope.store import Store

TARGET_MS = 300
OUTLETS = ["SouthFront", "Al-Masdar News", "TASS World", "Press Digest", "Global Times View"]
PLACES = [("Damascus", 33.51, 36.29, "SY"), ("Moscow", 55.75, 37.62, "RU"),
          ("Kyiv", 50.45, 30.52, "UA"), ("Tehran", 35.69, 51.42, "IR"),
          ("Washington", 38.9, -77.04, "US"), ("Beijing", 39.9, 116.4, "CN")]
LABELS = ["toxic", "hate", "propaganda:Loaded_Language", "propaganda:Flag_Waving", "narrative"]
SOURCES = ["Maria Zakharova", "Sergei Lavrov", "the ministry", "Pentagon", "Hassan Nasrallah"]
FILLER = ("The ministry said that western sanctions are a crime against humanity and that the "
          "convoy was attacked near the border while officials denied every report. ")


def texts(pages: int, seed: int) -> list[str]:
    try:
        import corpus
        if corpus.shared_available():
            return [r.get("text") or r.get("html") for r in corpus.generate(pages, seed, 0.0)]
    except Exception as exc:  # noqa: BLE001 - fall back to filler text, say so
        print(f"(generated corpus unavailable: {exc}; using filler text)")
    rng = random.Random(seed)
    return [FILLER * rng.randint(8, 30) + "\n\nGuest\n" + FILLER * 2 for _ in range(pages)]


def _at(page: Page, start: int, end: int) -> dict:
    return {"page_id": page.id, "start": start, "end": end, "line_start": 1, "line_end": 1}


def _segments(page: Page, rng: random.Random) -> list[Segment]:
    text, cut = page.text, max(1, len(page.text) * 2 // 3)
    return [Segment(**_at(page, 0, cut), index=0, kind="article", text=text[:cut],
                    producer="bench.v1", title=text[:60].split("\n")[0]),
            Segment(**_at(page, cut, len(text)), index=1, kind="comment", text=text[cut:],
                    producer="bench.v1", author=rng.choice(["Guest", "Ivan P.", "truthseeker99"]))]


def _claim(page: Page, s: int, rng: random.Random, claim_id: str) -> Claim:
    text = page.text
    return Claim(id=claim_id, segment_index=0, **_at(page, s, s + 150),
                 content=text[s + 30:s + 150], content_start=s + 30, content_end=s + 150,
                 producer="bench.v1", source=text[s:s + 12], source_start=s, source_end=s + 12,
                 source_entity=rng.choice(SOURCES), cue=text[s + 13:s + 18], cue_start=s + 13,
                 cue_end=s + 18)


def records_for(page: Page, rng: random.Random, number: int) -> dict[str, list]:
    """Two segments and, at random spans of the article, 2-8 of each record type."""
    text, cut = page.text, max(1, len(page.text) * 2 // 3)
    out: dict[str, list] = {"segments": _segments(page, rng), "claims": [], "flags": [],
                            "places": [], "entities": [], "dates": []}
    for k in range(rng.randint(2, 8)):
        s = rng.randrange(0, max(1, cut - 200))
        out["claims"].append(_claim(page, s, rng, f"b{number}-{k}"))
        out["flags"].append(Flag(**_at(page, s + 40, s + 90), segment_index=0,
                                 segment_kind="article", label=rng.choice(LABELS),
                                 score=round(rng.random(), 3), model="bench.v1",
                                 narrative_id=rng.choice([None, "west-lies", "biolabs"])))
        name, lat, lon, cc = rng.choice(PLACES)
        out["places"].append(PlaceMention(**_at(page, s + 60, s + 68), text=name,
                                          resolved_name=name, lat=lat, lon=lon, country=cc,
                                          feature="city", producer="bench.v1"))
        out["entities"].append(EntityMention(**_at(page, s + 70, s + 85), text=text[s + 70:s + 85],
                                             label="ORG", canonical="X", producer="bench.v1"))
        out["dates"].append(DateMention(**_at(page, s + 95, s + 105), text=text[s + 95:s + 105],
                                        value=None, relative=True, producer="bench.v1"))
    return out


def build(db: Path, pages: int, seed: int = 4) -> None:
    rng = random.Random(seed)
    started = time.perf_counter()
    with Store(db) as store:
        batch: dict[str, list] = {}
        for number, text in enumerate(texts(pages, seed)):
            raw = text.encode()
            day = f"2020-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            page = Page(id=page_id_for(raw), source=f"bench/{number}", format="text", raw=raw,
                        text=text, url=f"https://example.org/{number}",
                        outlet=rng.choice(OUTLETS), published=day)
            if not store.add_page(page):
                continue  # the same bytes twice: one page
            for table, rows in records_for(page, rng, number).items():
                batch.setdefault(table, []).extend(rows)
        for table, rows in batch.items():
            store.add_records(table, rows)
    add_clusters(db, rng)
    print(f"built {pages} pages in {time.perf_counter() - started:.0f} s -> {db}")


def add_clusters(db: Path, rng: random.Random) -> None:
    conn = sqlite3.connect(db)
    claims = conn.execute("SELECT page_id, start, \"end\", content FROM claims").fetchall()
    conn.execute("CREATE TABLE IF NOT EXISTS link_members (cluster_id TEXT NOT NULL, kind TEXT "
                 "NOT NULL, page_id TEXT NOT NULL, start INTEGER NOT NULL, \"end\" INTEGER NOT "
                 "NULL, order_key TEXT NOT NULL)")
    conn.execute("CREATE INDEX IF NOT EXISTS link_members_cluster ON link_members(cluster_id)")
    for n in range(len(claims) // 20):
        kind = "same_claim" if n % 2 else "same_story"
        members = rng.sample(claims, rng.randint(2, 12))
        first = members[0]
        conn.execute("INSERT INTO clusters VALUES (?,?,?,?,?,?,?,?,?)",
                     (f"c{n}", kind, first[0], first[1], first[2], None, len(members),
                      first[3][:80], "bench.v1"))
        conn.executemany("INSERT INTO link_members VALUES (?,?,?,?,?,?)",
                         [(f"c{n}", kind, m[0], m[1], m[2], f"{i:06d}") for i, m in enumerate(members)])
    conn.commit()
    conn.close()


def fetch_ms(port: int, path: str) -> tuple[float, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    conn.close()
    return (time.perf_counter() - started) * 1000, response.status


def views(store) -> list[str]:
    page = store.value("SELECT page_id FROM claims GROUP BY page_id ORDER BY count(*) DESC LIMIT 1")
    claim = store.value("SELECT m.page_id FROM link_members m WHERE kind = 'same_claim' LIMIT 1")
    claim_id = store.value("SELECT c.id FROM claims c JOIN link_members m ON m.page_id = c.page_id "
                           "AND m.start = c.start WHERE m.kind = 'same_claim' LIMIT 1") or claim
    return ["/", "/search?q=ministry", "/search?q=sanctions&outlet=TASS+World&kind=article",
            "/search?q=the&page=5", "/pages", "/pages?outlet=SouthFront&flag=toxic",
            f"/pages/{page}", f"/claims/{claim_id}", "/sources", "/sources?source=Sergei+Lavrov",
            "/flags", "/flags?min_score=0.8&label=hate", "/map", "/timeline", "/stories",
            "/api/search?q=ministry", f"/api/pages/{page}"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--db", default="/tmp/claimscope-serve-bench.db")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    db = Path(args.db)
    if not db.exists():
        build(db, args.pages)
    started = time.perf_counter()
    server = make_server(db, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    if server.warming:
        server.warming.join()
    print(f"start-up (page metadata, store-wide summaries): {time.perf_counter() - started:.1f} s")  # as when a person opens the browser a moment after starting it
    print(f"{'view':58} {'first ms':>8} {'median ms':>9} {'max ms':>8}  status")
    slow = 0
    for path in views(server.store):
        first, _ = fetch_ms(port, path)  # cold: this view's aggregates are not cached yet
        runs = [fetch_ms(port, path) for _ in range(args.repeat)]
        times = [ms for ms, _ in runs]
        median = statistics.median(times)
        slow += median > TARGET_MS
        verdict = "ok" if median <= TARGET_MS else f"SLOW (> {TARGET_MS} ms)"
        print(f"{path[:58]:58} {first:8.1f} {median:9.1f} {max(times):8.1f}  {runs[0][1]} {verdict}")
    server.shutdown()
    print(f"{slow} view(s) over the {TARGET_MS} ms target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
