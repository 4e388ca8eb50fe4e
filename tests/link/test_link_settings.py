"""Issue 16: the link thresholds are settings the linker reads, with the defaults it used
before, and a changed threshold links the corpus again."""
import pytest

pytest.importorskip("numpy")  # the link extra

from link_helpers import add, links_of, make_page, segments_by_lines  # noqa: E402
from test_claims import A, B, C  # noqa: E402
from test_near_duplicates import NEWS, THREAD  # noqa: E402

from claimscope.link import link_corpus, link_versions  # noqa: E402
from claimscope.link.match import PAGE_THRESHOLD  # noqa: E402
from claimscope.link.near_duplicates import THRESHOLD  # noqa: E402
from claimscope.settings import load_settings  # noqa: E402


def test_defaults_are_the_linker_constants():
    settings = load_settings()
    assert (settings.same_claim_threshold, settings.near_duplicate_threshold) == (PAGE_THRESHOLD, THRESHOLD)


def test_setting_same_claim_threshold(store, stand_in_encoder):
    for text, name, day in ((A, "a.txt", "01"), (B, "b.txt", "05"), (C, "c.txt", "02")):
        page = make_page(text, name, f"2020-03-{day}", f"outlet-{name[0]}")
        add(store, page, segments_by_lines(page, [("article", 1, 1)]))
    link_corpus(store, steps=("claims",))
    [link] = links_of(store, "same_claim")
    strict = load_settings(same_claim_threshold=min(1.0, link.similarity + 0.01))
    link_corpus(store, steps=("claims",), settings=strict)  # another version: linked again
    assert links_of(store, "same_claim") == []
    link_corpus(store, steps=("claims",))  # and back
    assert len(links_of(store, "same_claim")) == 1


def test_setting_near_duplicate_threshold(store):
    news = make_page(NEWS, "news.txt", "2020-03-01", outlet="news")
    thread = make_page(THREAD, "thread.txt", "2020-03-02", outlet="forum")
    add(store, news, segments_by_lines(news, [("article", 1, 7)]))
    add(store, thread, segments_by_lines(thread, [("boilerplate", 1, 1), ("comment", 3, 3), ("comment", 5, 7)]))
    link_corpus(store, steps=("near_duplicates",))
    assert len(links_of(store, "near_duplicate")) == 1
    link_corpus(store, steps=("near_duplicates",), settings=load_settings(near_duplicate_threshold=0.99))
    assert links_of(store, "near_duplicate") == []


def test_link_done_carries_the_derived_version(store):
    page = make_page(A, "a.txt", "2020-03-01", "outlet-a")
    add(store, page, segments_by_lines(page, [("article", 1, 1)]))
    link_corpus(store, steps=("near_duplicates",))
    done = {v for (v,) in store.conn.execute("SELECT version FROM link_done")}
    assert done == {link_versions()["near_duplicates"]}
