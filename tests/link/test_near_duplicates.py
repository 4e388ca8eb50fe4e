"""Near-duplicate text: a news text pasted into a comment is linked to the news, with both spans."""
import pytest

pytest.importorskip("numpy")  # the link extra

from claimscope.link import link_corpus, link_new_pages  # noqa: E402
from claimscope.link.near_duplicates import repeated_lines  # noqa: E402

from link_helpers import add, make_page, segments_by_lines  # noqa: E402

NEWS = """Army says it retook the town

The army said on Tuesday it had retaken the town of Kafr Nubl after three days of fighting with militants, according to a statement carried by the state news agency.

The statement said dozens of militants were killed and that engineers were clearing mines from the roads leading into the town center.

Residents who fled last week were told they could not return until the clearing work was finished, officials said."""

THREAD = """Comments

John: who cares about this anyway, nothing ever changes in that place and nobody reports it honestly

Mary: look what I found today, pasting it here:
The army said on Tuesday it had retaken the town of Kafr Nubl after three days of fighting with militants, according to a statement carried by the state news agency. The statement said dozens of militants were killed and that engineers were clearing mines from the roads leading into the town center.
so much for the ceasefire, right?"""

STEPS = ("near_duplicates",)


def _pair(store, thread_date="2020-03-02"):
    news = make_page(NEWS, "news.txt", "2020-03-01", outlet="news")
    thread = make_page(THREAD, "thread.txt", thread_date, outlet="forum")
    add(store, news, segments_by_lines(news, [("article", 1, 7)]))
    add(store, thread, segments_by_lines(thread, [("boilerplate", 1, 1), ("comment", 3, 3),
                                                  ("comment", 5, 7)]))
    return news, thread


def test_pasted_news_is_linked_with_both_spans(store):
    news, thread = _pair(store)
    link_corpus(store, steps=STEPS)
    links = [l for l in store.links() if l.kind == "near_duplicate"]
    assert len(links) == 1
    link = links[0]
    assert (link.a_page_id, link.b_page_id) == (news.id, thread.id)  # earliest first
    pasted_a = news.text[link.a_start:link.a_end]
    pasted_b = thread.text[link.b_start:link.b_end]
    assert pasted_a.startswith("The army said on Tuesday")
    assert pasted_a.endswith("into the town center")
    assert pasted_b.startswith("The army said on Tuesday")
    assert "Mary" not in pasted_b and "ceasefire" not in pasted_b
    assert link.similarity >= 0.5 and link.cluster_id


def test_earliest_page_is_side_a_even_when_ingested_later(store):
    news, thread = _pair(store, thread_date="2020-02-01")  # the comment predates the "news"
    link_corpus(store, steps=STEPS)
    link = store.links()[0]
    assert link.a_page_id == thread.id
    cluster = list(store.records("clusters"))[0]
    assert cluster.first_page_id == thread.id and cluster.first_seen == "2020-02-01"


def test_incremental_linking_matches_full_linking(store):
    news, thread = _pair(store)
    link_new_pages(store, [news.id], steps=STEPS)
    assert store.links() == []
    link_new_pages(store, [thread.id], steps=STEPS)
    first = store.links()
    link_new_pages(store, [news.id, thread.id], steps=STEPS)  # already done: no-op
    assert store.links() == first and len(first) == 1


def test_unrelated_pages_are_not_linked(store):
    other = make_page("Weather\n\n" + "Sunny skies and light winds are expected across the "
                      "region for the rest of the week, forecasters said on Monday.", "w.txt")
    news = make_page(NEWS, "news.txt", "2020-03-01")
    add(store, other, segments_by_lines(other, [("article", 1, 3)]))
    add(store, news, segments_by_lines(news, [("article", 1, 7)]))
    link_corpus(store, steps=STEPS)
    assert store.links() == []


def test_repeated_long_lines_are_counted(store):
    _pair(store)
    link_corpus(store, steps=STEPS)
    assert repeated_lines(store.link_state(), min_pages=2) == []  # the paste is not a verbatim line


def test_signatures_are_datasketchs_minhash():
    # signatures() hashes a page's texts together instead of calling datasketch, so stored
    # signatures must stay the values datasketch 2.0 computes for the same shingles
    import numpy as np

    datasketch = pytest.importorskip("datasketch")
    from claimscope.link.near_duplicates import NUM_PERM, _shingles, signatures
    from claimscope.link.text import words

    assert _shingles(words("A b, c d")) == {b"a b c", b"b c d"}
    assert _shingles(words("two words")) == {b"two words"}
    texts = [NEWS, THREAD, "", "two words", "The army said on Tuesday it had retaken the town"]
    expected = np.stack([m.hashvalues for m in datasketch.MinHash.bulk(
        [_shingles(words(t)) for t in texts], num_perm=NUM_PERM)]).astype(np.uint32)
    assert np.array_equal(signatures(texts), expected)
