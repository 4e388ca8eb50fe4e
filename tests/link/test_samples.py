"""The two sample pages: a claim repeated across outlets, and two reports of one operation."""
import pytest

from claimscope.link import link_corpus
from claimscope.records import LineIndex, Page, page_id_for
from claimscope.settings import load_settings
from claimscope.segment import segment_page
from tests.conftest import MINILM, needs

from link_helpers import add

SAMPLES = ("000_269e1e4631f983df.txt", "003_9aea6662ff77b1b6.txt")


def _load(store, shared_dir):
    pages = []
    for name in SAMPLES:
        raw = (shared_dir / "samples" / name).read_bytes()
        page = Page(id=page_id_for(raw), source=name, format="text", raw=raw,
                    text=raw.decode("utf-8"))
        add(store, page, list(segment_page(page)))
        pages.append(page)
    return pages


def _lines(page, start, end):
    return LineIndex(page.text).lines_of(start, end)


def test_al_jawf_reports_are_one_story(store, shared_dir):
    """The two al-Jawf reports score 0.3198 against each other: a known miss of the calibrated
    default (`story_threshold` 0.32, docs/models/link-thresholds.md), so the clustering is
    checked here just below it; the neighbouring war-anniversary article (0.24) stays apart."""
    _, blog = _load(store, shared_dir)
    link_corpus(store, steps=("stories",), settings=load_settings(story_threshold=0.3))
    stories = [l for l in store.links() if l.kind == "same_story" and l.a_page_id == blog.id
               and l.b_page_id == blog.id]
    spans = {(_lines(blog, l.a_start, l.a_end), _lines(blog, l.b_start, l.b_end)) for l in stories}
    assert any(a[0] <= 222 <= a[1] and b[0] <= 250 <= b[1] for a, b in spans), spans
    assert len(spans) == 1, spans


@pytest.mark.model
@needs("link", *MINILM)
def test_mim23_deployment_is_the_same_claim_on_both_pages(store, shared_dir):
    thread, blog = _load(store, shared_dir)
    link_corpus(store, steps=("claims",))
    found = []
    for link in store.links():
        if link.kind != "same_claim" or {link.a_page_id, link.b_page_id} != {thread.id, blog.id}:
            continue
        t = (link.a_start, link.a_end) if link.a_page_id == thread.id else (link.b_start, link.b_end)
        b = (link.b_start, link.b_end) if link.b_page_id == blog.id else (link.a_start, link.a_end)
        found.append((_lines(thread, *t), _lines(blog, *b), thread.text[t[0]:t[1]],
                      blog.text[b[0]:b[1]]))
    hawk = [f for f in found if 145 <= f[0][0] <= 149 and f[1][0] == 3 and "MIM-23" in f[3]]
    assert hawk, found
    # page-to-page links are stricter than tweet -> claim: a headline that only shares the
    # topic words (isis, syria, us) with a sentence of the other page is not the same claim
    assert not [f for f in found if "ISIS Is On The Rise" in f[2] or "ISIS Is On The Rise" in f[3]]
