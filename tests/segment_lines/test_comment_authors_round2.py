"""Comment layouts of issue 17's second round: a date header above "Name says:", "Name wrote
on <date>:" with a list number, "Name 12 days ago", a "### There are N comments" heading, and
a thread with no marker above a sidebar's "Recent Comments". The pages are written for these
tests."""
from claimscope.segment.lines import author_name, inline_signature, is_zone_marker, line_table

from .written import STORY, comments, line_of


def test_a_date_header_above_the_name_is_not_the_comments_first_line():
    text = STORY + ("3 Comments\n"
                    "23. Jul, 2012 /\nLisa Myers says:\nThe bridge was shaking for years, good.\n\n"
                    "24. Jul, 2012 /\nOmar Haddad says:\nWho pays for the repairs though?\n")
    assert comments(text) == [(line_of(text, "Lisa"), "Lisa Myers"), (line_of(text, "Omar"), "Omar Haddad")]


def test_wrote_on_a_date_names_the_commenter_without_the_list_number():
    assert author_name(line_table("1. Alexander Petrov wrote on March 11th, 2015 at 02:57:")[0]) \
        == "Alexander Petrov"
    assert author_name(line_table("Alan Goodale wrote on December 24, 2020 at 3:53 am:")[0]) == "Alan Goodale"
    text = STORY + ("2 Comments\n\n"
                    "  1. Alan Goodale wrote on December 24, 2020 at 3:53 am:\n\n"
                    "I cross that bridge every day and never noticed a crack.\n\nReply\n\n"
                    "  2. Jo Kim wrote on December 25, 2020 at 8:10 am:\n\n"
                    "They should have checked it years ago.\n\nReply\n")
    assert comments(text) == [(line_of(text, "  1."), "Alan Goodale"), (line_of(text, "  2."), "Jo Kim")]


def test_a_name_and_a_relative_time_on_one_line():
    assert inline_signature(line_table("Miles Taylor 12 days ago")[0]) == "Miles Taylor"
    assert inline_signature(line_table("• 6 hours ago")[0]) is None  # a bullet is no name
    assert inline_signature(line_table("The bridge shook 3 days ago")[0]) is None


def test_signatures_above_a_sidebar_recent_comments_open_the_thread():
    text = STORY + ("Miles Taylor 12 days ago\n\nPity the meeting missed the engineers' report.\n\n"
                    "Waiology 11 days ago\n\nHi Miles, the report says nothing about the supports.\n\n"
                    "Recent Comments\n\nBridge closed: 4 comments\n")
    assert comments(text)[:2] == [(line_of(text, "Miles"), "Miles Taylor"), (line_of(text, "Waiology"), "Waiology")]


def test_a_there_are_n_comments_heading_opens_the_thread():
    assert is_zone_marker(line_table("### There are 13 comments")[0])
    assert is_zone_marker(line_table("There is 1 comment")[0])
    assert not is_zone_marker(line_table("There are 13 comments about the bridge on the council's site.")[0])
    text = STORY + ("In \"News\"\n\n### There are 2 comments\n\n"
                    "Rarst · March 10, 2017 at 1:26 AM\n\nThe supports were replaced in 1990.\n\n* Reply\n\n"
                    "Barry Kooij · March 10, 2017 at 2:56 AM\n\nThey were not, only painted.\n\n* Reply\n")
    assert comments(text) == [(line_of(text, "Rarst"), "Rarst"), (line_of(text, "Barry"), "Barry Kooij")]


def test_a_thread_signed_at_the_foot_with_recurring_sign_offs():
    # the sign-off recurs three times on the page, so it reads as chrome on its own
    # ... and quotes another user's signature, which has no controls after it
    sign_off = ("    \"Trust the process.\" - my late uncle\n    Follow me @bridgefan\n"
                "    by Sandy Kaz on Aug 9, 2012 2:05 AM CDT\n")
    text = STORY + ("Comments\n\nDisplay: Expanded Collapsed\n\n"
                    "first?\n\n"
                    "by Ann Lee on Aug 9, 2012 12:54 PM EDT reply actions\n\n"
                    "The supports were cracked last year already.\n\n" + sign_off + "\n"
                    "by bridgefan on Aug 9, 2012 12:57 PM EDT reply actions\n\n"
                    "Who checked them then?\n\n" + sign_off + "\n"
                    "by bridgefan on Aug 9, 2012 1:02 PM EDT up reply actions\n\n"
                    "  Nobody, that is the point.\n\n" + sign_off + "\n"
                    "  by Sandy Kaz on Aug 9, 2012 1:06 PM EDT up reply actions\n")
    assert comments(text) == [(line_of(text, "first?"), "Ann Lee"),
                              (line_of(text, "The supports"), "bridgefan"),
                              (line_of(text, "Who checked"), "bridgefan"),
                              (line_of(text, "  Nobody"), "Sandy Kaz")]


def test_a_bulleted_name_over_its_date_heads_a_comment():
    text = STORY + ("### 2 comments to Bridge closed\n\n"
                    "  * Alan Wexelblat\n\nAugust 2nd, 2012 at 12:36 pm\n\n"
                    "This is a huge topic and I am not sure I can sum it up.\n\n"
                    "  * Luke Fernandez\n\nAugust 2nd, 2012 at 1:08 pm\n\n"
                    "It might be worth asking the engineers first.\n")
    assert comments(text) == [(line_of(text, "  * Alan"), "Alan Wexelblat"),
                              (line_of(text, "  * Luke"), "Luke Fernandez")]
    # a list item over no date is no name
    listed = STORY + "2 comments\n\n  * Bridges\n\nThey close bridges all the time here.\n"
    assert all(author != "Bridges" for _, author in comments(listed))


def test_blogger_signature_under_the_text_drops_the_templates_comma():
    text = STORY + ("3 comments:\n\n"
                    "  * The supports were cracked last year already, everyone knew it.\n\n"
                    "    By Anonymous, at 5:12 PM\n\n"
                    "  * Then why did nobody close it before the inspection?\n\n"
                    "    By Aaron J. Seigo, at 6:40 PM\n\n"
                    "  * Because the council only reads reports when it has to.\n\n"
                    "    By Anonymous, at 7:02 PM\n")
    assert [author for _, author in comments(text)] == ["Anonymous", "Aaron J. Seigo", "Anonymous"]


def test_huffpost_badge_name_motto_and_fan_count_head_a_comment():
    text = STORY + ("Comments\n\n"
                    "HUFFPOST SUPER USER\n\nmac33z\n\nThe truth will out.\n\n61 Fans\n\n"
                    "29 seconds ago ( 2:25 PM)\n\nGee, so the bridge was rotten all along?\n\n"
                    "This user has chosen to opt out of the Badges program\n\nvetxcl\n\n659 Fans\n\n"
                    "1 minute ago ( 2:25 PM)\n\nCould it be time for them to pay the piper?\n")
    assert comments(text) == [(line_of(text, "mac33z"), "mac33z"), (line_of(text, "vetxcl"), "vetxcl")]


def test_forum_posts_with_a_profile_block_under_the_name():
    text = STORY + ("Replies\n\n"
                    "Calavaro\n\nSmack-Fu Master, in training\n\nRegistered: November 01, 2001\n\nPosts: 110\n\n"
                    "Posted\n\nRunning more than one bridge survey at a time is an addiction.\n\n"
                    "GOD\n\nArs Tribunus Angusticlavius\n\nRegistered: January 17, 2000\n\nPosts: 4071\n\n"
                    "Posted\n\nI only run three surveys, and one of them is useless.\n")
    assert comments(text)[:2] == [(line_of(text, "Calavaro"), "Calavaro"), (line_of(text, "GOD"), "GOD")]


def test_a_forum_thread_with_a_blank_line_between_name_and_time():
    posts = [("MavRick", "06-29-2004, 04:19 AM", "Time to handicap the field of this year's race, I think."),
             ("Murray", "06-29-2004, 08:12 AM", "Speak plainly please, nobody follows the jargon."),
             ("nanookfan", "06-29-2004, 09:40 AM", "The favourite has the team but not the legs this year.")]
    text = STORY + "".join(f"{name}\n\n{when}\n\n{body}\n\n" for name, when, body in posts)
    assert comments(text) == [(line_of(text, name), name) for name, _, _ in posts]
    # two such headers are not enough to call the rest of a page a thread
    assert comments(STORY + "".join(f"{n}\n\n{w}\n\n{b}\n\n" for n, w, b in posts[:2])) == []


def test_a_numbered_date_above_a_bare_name_is_the_threads_header():
    text = STORY + ("48 Responses to the bridge story\n\n"
                    "  1. November 12, 2012\n\n    Alain Chautard\n\n"
                    "    Great story, I crossed that bridge daily for ten years.\n\n"
                    "  2. November 12, 2012\n\n    Beth\n\n"
                    "    I did not realise the cracks were that old.\n")
    assert comments(text) == [(line_of(text, "    Alain"), "Alain Chautard"), (line_of(text, "    Beth"), "Beth")]


def test_spaced_signatures_with_an_initial_or_an_inner_article():
    assert inline_signature(line_table("Leah H. On Friday, November 2 at 1:32 pm")[0]) == "Leah H."
    assert inline_signature(line_table("Kim of The Made Thing On Thursday, November 1 at 3:04 pm")[0]) \
        == "Kim of The Made Thing"
    assert inline_signature(line_table("The vote started on March 3, 2011 at 9:00 pm")[0]) is None
