"""A news site's tab row ("Article | Video | Comments") above its story: the "Comments" tab
links to the thread, it does not head it, so the story under it stays the article. The
pages are written for these tests."""
from .written import STORY, comments, line_of, segments

TABS = "* Article\n* Video\n* Slideshow\n* Comments\n"
BYLINE = "By ANNA BERG And TOM REYES\n"
# a notice printed above the tabs, long enough to read as prose
NOTICE = ("Reprints: This copy is for your personal, non-commercial use only. To order copies "
          "for distribution to colleagues, clients or customers, use the order form on our site.\n")
HEAD = "MARKETS\nJuly 24, 2012, 11:56 a.m. ET\nCouncil Shuts Old Bridge to Lorries\n"
REPORT = ("The head of the inspection team said the cracks had grown since the spring survey "
          "and that the supports could not carry lorries for another winter.\n\n"
          "Engineers will return next month with sonar to measure the river bed under the piers, "
          "a spokesman for the county said on Monday.\n\n"
          "Local businesses warned that a closure would add half an hour to every delivery run "
          "into the town centre during the works.\n\n")


def _kinds(text: str) -> dict[str, str]:
    """The kind of the segment holding each line, by the line's first words."""
    lines = text.split("\n")
    out = {}
    for seg in segments(text):
        for number in range(seg.line_start, seg.line_end + 1):
            out[lines[number - 1][:30]] = seg.kind
    return out


def test_a_comments_tab_above_the_story_opens_no_thread():
    text = NOTICE + HEAD + TABS + "more in Markets | Find New Stories »\n" + NOTICE + HEAD + BYLINE + STORY + REPORT
    kinds = _kinds(text)
    assert comments(text) == []
    assert kinds[STORY[:30]] == "article"
    assert kinds[REPORT[:30]] == "article"


def test_the_thread_under_the_story_still_opens_at_its_own_heading():
    thread = ("3 Comments\n\n"
              "Lisa Myers says:\nThe bridge was shaking for years, good.\n\n"
              "Omar Haddad says:\nWho pays for the repairs though?\n")
    text = NOTICE + HEAD + TABS + BYLINE + STORY + REPORT + thread
    assert comments(text) == [(line_of(text, "Lisa"), "Lisa Myers"), (line_of(text, "Omar"), "Omar Haddad")]
    assert _kinds(text)[REPORT[:30]] == "article"


def test_a_comments_heading_after_share_buttons_still_opens_the_thread():
    # share buttons are no story tabs: the heading under them is the thread's
    thread = ("* Share\n* Tweet\n* Email\nComments\n\n"
              "Lisa Myers says:\nThe bridge was shaking for years, good.\n\n"
              "Omar Haddad says:\nWho pays for the repairs though?\n")
    text = STORY + REPORT + thread
    assert comments(text) == [(line_of(text, "Lisa"), "Lisa Myers"), (line_of(text, "Omar"), "Omar Haddad")]
