import dataclasses
import sqlite3

from claimscope.analysis import PageAnalysis
from claimscope.records import Flag
from claimscope.segment import segment_page
from claimscope.store import Store

from .pages import THREAD_PAGE
from .test_records import make_page


def analysed(page):
    return PageAnalysis(page=page, segments=segment_page(page))


def test_schema_is_versioned_and_wal(tmp_path):
    db = tmp_path / "c.db"
    with Store(db) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] >= 1
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Store(db) as again:  # reopening migrates nothing twice
        assert again.stats()["pages"] == 0


def test_same_bytes_twice_is_a_noop_and_raw_bytes_are_kept(tmp_path):
    page = make_page(THREAD_PAGE)
    with Store(tmp_path / "c.db") as store:
        assert store.add_page(page) is True
        assert store.add_page(dataclasses.replace(page, source="copy.txt")) is False
        assert store.stats()["pages"] == 1
        assert store.page(page.id).raw == page.raw
        sources = [r[0] for r in store.conn.execute("SELECT source FROM page_sources ORDER BY source")]
        assert sources == ["copy.txt", "test.txt"]
        changed = make_page(THREAD_PAGE + "\nOne more line.")
        assert store.add_page(changed) is True and store.stats()["pages"] == 2


def test_analysis_round_trip_and_replacement(tmp_path):
    page = make_page(THREAD_PAGE)
    analysis = analysed(page)
    flag = Flag(page_id=page.id, segment_index=0, segment_kind="comment", start=0, end=5,
                line_start=1, line_end=1, label="toxic", score=0.9, model="test-v1")
    analysis = dataclasses.replace(analysis, flags=(flag,))
    with Store(tmp_path / "c.db") as store:
        store.add_page(page)
        store.write_analysis(analysis, {"segment": "segment.lines.v1", "classify": "classify.test"})
        store.write_analysis(analysis, {"segment": "segment.lines.v1", "classify": "classify.test"})
        loaded = store.analysis(page.id[:10])
        assert loaded.segments == analysis.segments
        assert loaded.flags == (flag,)
        assert store.pending("segment", "segment.lines.v1") == []
        assert store.pending("segment", "segment.lines.v2") == [page.id]


def test_full_text_search_finds_comments_by_author(tmp_path):
    page = make_page(THREAD_PAGE)
    with Store(tmp_path / "c.db") as store:
        store.add_page(page)
        store.write_analysis(analysed(page), {"segment": "v"})
        hits = store.search("newspaper")
        assert hits and hits[0]["kind"] == "comment" and hits[0]["author"] == "Desert Fox"
        assert store.search('unbalanced "quote') == []  # bad FTS syntax is searched as a phrase


def test_store_is_readable_while_a_writer_holds_a_transaction(tmp_path):
    db = tmp_path / "c.db"
    page = make_page(THREAD_PAGE)
    with Store(db) as writer:
        writer.add_page(page)
        writer.conn.execute("BEGIN IMMEDIATE")
        writer.conn.execute("DELETE FROM pages")
        reader = Store(db, readonly=True)
        assert reader.stats()["pages"] == 1  # sees the last committed state
        writer.conn.execute("ROLLBACK")
        reader.close()


def test_failed_write_leaves_no_half_page(tmp_path):
    page = make_page(THREAD_PAGE)
    bad = dataclasses.replace(analysed(page), flags=("not a record",))
    with Store(tmp_path / "c.db") as store:
        store.add_page(page)
        try:
            store.write_analysis(bad, {"segment": "v", "classify": "v"})
        except (AttributeError, TypeError, sqlite3.Error):
            pass
        assert store.segments(page.id) == []
        assert store.pending("segment", "v") == [page.id]


def test_new_record_field_becomes_a_new_column(tmp_path):
    from claimscope.store.schema import ensure_record_table

    @dataclasses.dataclass(frozen=True)
    class V1:
        page_id: str
        score: float

    @dataclasses.dataclass(frozen=True)
    class V2:
        page_id: str
        score: float
        note: str | None = None

    conn = sqlite3.connect(tmp_path / "x.db")
    ensure_record_table(conn, "things", V1)
    ensure_record_table(conn, "things", V2)
    assert [r[1] for r in conn.execute("PRAGMA table_info(things)")] == ["page_id", "score", "note"]


def test_pending_pages_streams_in_batches_while_results_are_written(tmp_path):
    pages = [make_page(THREAD_PAGE + f"\nline {i}\n") for i in range(7)]
    with Store(tmp_path / "c.db") as store:
        for page in pages:
            store.add_page(page)
        store.write_analysis(analysed(pages[2]), {"segment": "v1"})
        versions = {"segment": "v1", "classify": "c1"}
        assert store.count_pending(versions) == 7  # page 2 still lacks classify
        assert list(store.pending_pages({"segment": "v1"}, batch=2)) == [p.id for i, p in enumerate(pages) if i != 2]
        seen = []
        for page_id in store.pending_pages({"segment": "v1"}, batch=2):
            seen.append(page_id)
            store.write_analysis(analysed(store.page(page_id)), {"segment": "v1"})
        assert len(seen) == 6 and store.pending("segment", "v1") == []
