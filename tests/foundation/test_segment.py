import pytest

from claimscope.records import Page
from claimscope.segment import CorpusEvidence, page_line_hashes, segment_page

from .pages import REPOST_PAGE, THREAD_PAGE
from .test_records import make_page


def kinds(segments):
    return [s.kind for s in segments]


def test_article_title_and_chrome_in_thread_page():
    segments = segment_page(make_page(THREAD_PAGE))
    articles = [s for s in segments if s.kind == "article"]
    assert len(articles) == 1
    assert articles[0].title == "Ministry Says Convoy Was Attacked Near Palmyra"
    assert segments[0].kind == "boilerplate" and "5,000 $" in segments[0].text
    widget = [s for s in segments if "Notify of" in s.text]
    assert widget and widget[0].kind == "boilerplate"


def test_comments_are_split_with_authors_or_none():
    segments = segment_page(make_page(THREAD_PAGE))
    comments = [s for s in segments if s.kind == "comment"]
    assert [c.author for c in comments] == ["Desert Fox", "Plain Observer", None, "Desert Fox"]
    # a two-paragraph comment stays one comment
    assert "same story every spring" in comments[0].text
    assert comments[2].text == "Great points!"


def test_reposted_articles_and_teasers():
    segments = segment_page(make_page(REPOST_PAGE))
    articles = [s for s in segments if s.kind == "article"]
    teasers = [s for s in segments if s.kind == "teaser"]
    assert [a.title for a in articles] == [
        "Officials Report Heavy Fighting Around the Southern Crossing",
        "Talks On Water Supply Resume After A Month Of Silence",
    ]
    assert articles[0].byline == "Posted by EXAMPLE BLOG on"
    assert articles[1].byline == "Translated by Staff"
    assert len(teasers) == 1 and teasers[0].title.startswith("Second Report Says")
    assert teasers[0].text.endswith("Continue here")
    related = [s for s in segments if "Related News" in s.text]
    assert related[0].kind == "boilerplate"


def test_recurring_lines_across_the_corpus_become_chrome():
    text = "Breaking Headline About The Border Crossing Today\n\nThe border crossing was closed on Monday after officials said that shelling had damaged the road and two bridges nearby.\n\nFollow the desk for updates\n"
    page = make_page(text)
    counts = {h: 10 for h in page_line_hashes(page)}
    # only the short line recurs; titles are never treated as recurring chrome
    evidence = CorpusEvidence(counts, 3)
    learnt = segment_page(page, evidence)
    assert learnt[-1].kind == "boilerplate" and learnt[-1].text == "Follow the desk for updates"
    [article] = [s for s in learnt if s.kind == "article"]
    assert article.title == "Breaking Headline About The Border Crossing Today" and "bridges" in article.text


def test_hostile_page_segments_without_crashing():
    text = "<script>alert(1)</script>\n\n" + "x" * 300_000 + "\n\n\x1b[31mred\x1b[0m\n"
    segments = segment_page(make_page(text))
    assert sum(len(s.text) for s in segments) >= 300_000


def test_crlf_pages_keep_exact_spans():
    text = THREAD_PAGE.replace("\n", "\r\n")
    page = make_page(text)
    comments = [s for s in segment_page(page) if s.kind == "comment"]
    assert [c.author for c in comments][:2] == ["Desert Fox", "Plain Observer"]
    for c in comments:
        assert c.text == page.text[c.start:c.end] and not c.text.endswith("\r")


def _html_page(main: str, thread: list[str]) -> Page:
    """A page as the markup reader lays it out: main text, then the comments it found, one
    block each, with the regions that say which is which."""
    text = main + "\n\n"
    regions = [("main", 0, len(main))]
    start = len(text)
    for comment in thread:
        regions.append(("comment", len(text), len(text) + len(comment)))
        text += comment + "\n\n"
    regions.append(("comments", start, len(text)))
    return Page(id="h", source="h.html", format="html", raw=text.encode(), text=text, regions=tuple(regions))


THREAD = ["The people who make nasty comments about this car never needed one themselves.",
          "This car meets the emission norms, which is better than most of what is sold here.",
          "Since I saw the photograph of the car I have wanted to book one for my father.",
          "How can we manage to get this car in Cameroon as soon as possible, please?"]
STORY = ("Carmaker shows the world's cheapest car\n\n"
         "The company unveiled a four-seat car on Thursday that will sell for about $2,500, "
         "saying it meets the safety rules of the countries where it will be sold.")


def test_a_thread_the_markup_reader_left_in_the_main_text_is_no_article():
    copy = "\n\n".join(f"{c}\n\nPosted by: reader{i} | Jan 10, 2008 6:{10 + i}:00 PM" for i, c in enumerate(THREAD))
    segments = segment_page(_html_page(STORY + "\n\n" + copy, THREAD))
    article = " ".join(s.text for s in segments if s.kind == "article")
    assert "unveiled a four-seat car" in article
    assert not any(c in article for c in THREAD) and "Posted by" not in article
    assert [s.text for s in segments if s.kind == "comment"] == THREAD  # each comment once


def test_a_comment_quoting_the_story_leaves_the_story_whole():
    quoted = "The company unveiled a four-seat car on Thursday that will sell for about $2,500, " \
             "saying it meets the safety rules of the countries where it will be sold."
    segments = segment_page(_html_page(STORY, [quoted] + THREAD))
    assert any(quoted in s.text for s in segments if s.kind == "article")


READERS = ["Martha Quill", "Desmond Ray", "Priya Anand", "Tom Becket"]
REMARKS = ["I drive over that bridge every day and never saw a single crack in it, which worries me a great deal now.",
           "Repairs taking a whole year seems far too long for a crossing this important to the town and its shops.",
           "The council ignored warnings about those piers for years, and now everyone who commutes will pay for it.",
           "My father helped build that crossing in the sixties and he always said the piers would need work one day."]


def _story_with_thread(header) -> str:
    story = "\n\n".join("The regional council voted on Tuesday to close the old river crossing after engineers "
                        f"found cracks in two of its piers. Paragraph {n} adds that repairs would take a year."
                        for n in range(4))
    thread = "\n\n".join(f"{header(i, name)}\n\n{said}" for i, (name, said) in enumerate(zip(READERS, REMARKS)))
    return f"Crossing closed\n\n{story}\n\n4 Comments\n\n{thread}\n"


def _read(text: str, *, in_main: bool):
    regions = (("main", 0, len(text)),) if in_main else ()
    page = Page(id="m", source="m", format="html" if in_main else "text", raw=text.encode(), text=text,
                regions=regions)
    return segment_page(page)


@pytest.mark.parametrize("header", [
    lambda i, name: name,  # names over text, nothing dated: captions as much as comments
    lambda i, name: f"Martha Quill\n\nMarch {i + 3}, 2026 at 9:1{i} am",  # one voice: a blog's own posts
])
def test_a_thread_read_inside_markup_main_text_needs_signed_comments_and_many_voices(header):
    text = _story_with_thread(header)
    # as plain text the rules read the thread ...
    assert len([s for s in _read(text, in_main=False) if s.kind == "comment"]) == 4
    # ... but where the markup reader called all of it the story, it stays the story
    inside = _read(text, in_main=True)
    assert not [s for s in inside if s.kind == "comment"]
    assert all(remark in " ".join(s.text for s in inside if s.kind == "article") for remark in REMARKS)


def test_a_dated_thread_of_many_voices_inside_markup_main_text_stays_a_thread():
    text = _story_with_thread(lambda i, name: f"{name}\n\nMarch {i + 3}, 2026 at 9:1{i} am")
    comments = [s for s in _read(text, in_main=True) if s.kind == "comment"]
    assert [c.author for c in comments] == READERS
