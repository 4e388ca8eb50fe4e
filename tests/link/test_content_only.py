"""Issue 19: links join article and comment text only, never site chrome, teasers,
comment headers or short lines."""
import pytest

pytest.importorskip("numpy")  # the link extra

from link_helpers import add, links_of, make_page, segments_by_lines  # noqa: E402
from test_claims import A, B  # noqa: E402
from test_near_duplicates import NEWS  # noqa: E402

from claimscope.link import link_corpus  # noqa: E402
from claimscope.records import Claim  # noqa: E402
from claimscope.settings import load_settings  # noqa: E402
from claimscope.text.content import is_metadata_line, is_substantive  # noqa: E402

STEPS = ("near_duplicates", "claims")
CHROME = ("Home | World | Politics | Economy | Opinion | Sport | Culture | Science | "
          "Video | Photo | Newsletter | Subscribe | Contact us | About")


def _links(store):
    return links_of(store, "near_duplicate", "same_claim")


def _add(store, text, name, day, parts):
    page = make_page(text, name, f"2020-03-{day}", f"outlet-{name}")
    add(store, page, segments_by_lines(page, parts))
    return page


def test_a_chrome_line_repeated_on_two_pages_gets_no_link(store, stand_in_encoder):
    for name, day, body in (("a", "01", "Cooking pasta with tomatoes and basil is easy."),
                            ("b", "02", "The harbour froze over for the first time in decades.")):
        _add(store, f"{CHROME}\n\n{CHROME} today\n\n{body}", name, day,
             [("boilerplate", 1, 1), ("teaser", 3, 3), ("article", 5, 5)])
    link_corpus(store, steps=STEPS)
    assert _links(store) == []


HEADERS = ["by Anonymous Coward on Tuesday July 24, 2018 @12:18PM (#40751101) Homepage",
           "by Anonymous Coward on Tuesday July 24, 2018 @09:07AM (#40748091) Homepage"]


def test_a_comment_header_gets_no_link(store, stand_in_encoder):
    for name, day, header, body in (
            ("a", "01", HEADERS[0], "I never trusted that vendor anyway, they always ship late."),
            ("b", "02", HEADERS[1], "My cat walked over the keyboard and sent this reply.")):
        _add(store, f"{header}\nRe:SEO.....duh (Score:5, Insightful)\n{body}\nReply", name, day,
             [("comment", 1, 4)])
    link_corpus(store, steps=STEPS)
    assert _links(store) == []
    assert all(is_metadata_line(h) for h in HEADERS + ["(Score:5, Insightful)", "Reply"])


def _claim(page, text, content):
    start = page.text.index(content)
    return Claim(f"{page.id}:c", page.id, 0, start, start + len(content), 1, 1, content,
                 start, start + len(content), "tests.handmade.v1")


def test_a_short_line_gets_no_link(store, stand_in_encoder):
    short = "Turkish Hawk systems in Idlib"  # 5 words: the same "claim" on both pages
    for name, day in (("a", "01"), ("b", "02")):
        text = f"{short}\n\nThe weather on day {day} was what it was."
        page = _add(store, text, name, day, [("article", 1, 1), ("article", 3, 3)])
        with store._transaction():
            store._insert("claims", [_claim(page, text, short)])
    link_corpus(store, steps=STEPS)
    assert _links(store) == []
    assert not is_substantive(short, 6) and is_substantive(short + " were moved", 6)


def test_a_pasted_paragraph_under_a_comment_header_is_still_linked(store):
    news = _add(store, NEWS, "news", "01", [("article", 1, 7)])
    pasted = NEWS.split("\n\n")[1]
    thread = _add(store, f"{HEADERS[0]}\n{pasted}\nso much for the ceasefire", "thread", "02",
                  [("comment", 1, 3)])
    link_corpus(store, steps=("near_duplicates",))
    links = [l for l in store.links() if l.kind == "near_duplicate"]
    assert links
    for link in links:
        assert (link.a_page_id, link.b_page_id) == (news.id, thread.id)
        assert thread.text[link.b_start:link.b_end].startswith("The army said on Tuesday")


def test_setting_link_min_words(store, stand_in_encoder):
    for text, name, day in ((A, "a", "01"), (B, "b", "05")):
        _add(store, text, name, day, [("article", 1, 1)])
    link_corpus(store, steps=("claims",))
    [link] = [l for l in store.links() if l.kind == "same_claim"]
    link_corpus(store, steps=("claims",), settings=load_settings(link_min_words=20))
    assert [l for l in store.links() if l.kind == "same_claim"] == []
    link_corpus(store, steps=("claims",))  # and back
    assert len([l for l in store.links() if l.kind == "same_claim"]) == 1


RIGHTS = "All rights reserved. This material may not be published, broadcast, rewritten or redistributed."
CREDITS = [f"Copyright 2020 The Daily Ledger. {RIGHTS}", f"Copyright 2020 Evening Wire. {RIGHTS}"]


def test_a_rights_line_on_two_sites_gets_no_same_claim_link(store, stand_in_encoder):
    for (name, day, body), credit in zip((("a", "01", "Cooking pasta with tomatoes and basil is easy."),
                                          ("b", "02", "The harbour froze over for the first time in decades.")),
                                         CREDITS):
        _add(store, f"{body}\n\n{credit}", name, day, [("article", 1, 3)])
    link_corpus(store, steps=("claims",))
    assert _links(store) == []
    assert not any(is_substantive(c, 6) for c in CREDITS)
    assert is_substantive("The ministry said the copyright law was rewritten last year.", 6)


# page furniture inside article text (the segmenter left it there), on two pages of two sites
FURNITURE = ["By JANE ROE, Associated Press Writer 59 minutes ago",
             "To read this article in full you must have registered and have a Premium Content Subscription.",
             "Comments are moderated and will not appear until approved by the author of this site.",
             "This entry was posted in World News and tagged harbour, winter by the editors of this site.",
             ("The views expressed in the articles are not necessarily those of this site and we accept "
              "no responsibility for the views or opinions expressed in the articles.")]


def test_furniture_on_two_sites_gets_no_link(store, stand_in_encoder):
    for name, day, body in (("a", "01", "Cooking pasta with tomatoes and basil is easy."),
                            ("b", "02", "The harbour froze over for the first time in decades.")):
        furniture = "\n".join(FURNITURE).replace("JANE ROE", "JANE ROE" if name == "a" else "JOHN DOE")
        _add(store, f"{furniture}\n{body}", name, day, [("article", 1, 5)])
    link_corpus(store, steps=STEPS)
    assert _links(store) == []


def test_a_statement_beside_furniture_is_still_linked(store, stand_in_encoder):
    """Furniture is cut sentence by sentence: the article sentence on the same line keeps
    its link, and the link's spans hold no furniture."""
    claim = ("The Turkish military sent a MIM-23 Hawk medium-range air defense system to Idlib "
             "on Tuesday, according to local sources.")
    pages = []
    for name, day, byline in (("a", "01", "By JANE ROE, Associated Press Writer"),
                              ("b", "02", "By JOHN DOE, Associated Press Writer")):
        pages.append(_add(store, f"{byline}\n{claim} Comments are moderated and will not appear "
                                 f"until approved by the author.", name, day, [("article", 1, 2)]))
    link_corpus(store, steps=STEPS)
    links = _links(store)
    assert links
    for link in links:
        for page, start, end in ((pages[0], link.a_start, link.a_end), (pages[1], link.b_start, link.b_end)):
            assert page.text[start:end].startswith("The Turkish military")
            assert "moderated" not in page.text[start:end] and "By J" not in page.text[start:end]


def test_a_headline_list_the_page_prints_twice_is_not_linked(store, stand_in_encoder):
    """Related stories shown twice on one page ("Headline Lede." runs), inside what the
    segmenter took for article text: the page's repeated sentences are cut, its own
    article sentence is still linked."""
    teasers = ("Harbour freezes over in Carrowmore The harbour froze over for the first time in "
               "forty years, the port authority said on Monday. Chess club wins the regional cup "
               "The Belvoir chess club won the regional cup on Saturday after a tense final round.")
    claim = ("The Turkish military sent a MIM-23 Hawk medium-range air defense system to Idlib "
             "on Tuesday, according to local sources.")
    first = _add(store, f"{claim}\n{teasers}\nMore news\n{teasers}", "a", "01", [("article", 1, 4)])
    second = _add(store, f"{claim}\n{teasers.replace('Monday', 'Sunday')}", "b", "02", [("article", 1, 2)])
    link_corpus(store, steps=STEPS)
    links = _links(store)
    assert links
    for link in links:
        assert first.text[link.a_start:link.a_end].startswith("The Turkish military")
        assert second.text[link.b_start:link.b_end].startswith("The Turkish military")


def test_setting_link_page_repeats(store, stand_in_encoder):
    """0 turns the check off: the headline list's sentence found on the second page is linked."""
    teasers = ("Chess club wins the regional cup The Belvoir chess club won the regional cup on "
               "Saturday after a tense final round against Ashby.")
    _add(store, f"{teasers}\nMore news\n{teasers}", "a", "01", [("article", 1, 3)])
    _add(store, f"Sport today\n{teasers}", "b", "02", [("article", 1, 2)])
    link_corpus(store, steps=STEPS)
    assert _links(store) == []
    link_corpus(store, steps=STEPS, settings=load_settings(link_page_repeats=0))
    assert _links(store)
