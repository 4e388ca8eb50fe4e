"""Comment layouts of issue 17's third round: SB Nation signatures broken after "on" with the
date and the controls on lines of their own, "Name on" over its date, glued "Namewrote on
<date>", "1. 1 Name" and "1 Name <date and time>" list numbers, "N. Name - date" headers,
UPROXX "N. Profile" over the time and the name, Typepad signatures under a one-word comment,
BBC "Comment number N." above the name, "Name, on <date> // Twitter: @x", Drupal's "Login or
register to post comments". The pages are written for these tests; news pages without a
thread must not gain comments."""
from claimscope.segment.lines import author_name, inline_signature, is_timestamp, line_table

from .written import STORY, comments, line_of


def test_a_signature_broken_after_on_signs_the_text_above_it():
    text = STORY + ("Comments\n"
                    "The engineers warned about this bridge two years ago.\n"
                    "by riverwatch on\nAug 9, 2012 10:40 AM EDT\nreply\nactions\n"
                    "Ouch.\n"
                    "by Dana K. on\nAug 9, 2012 11:02 AM EDT\nup\nreply\nactions\n"
                    "Who will pay for the repairs this time, the state or the city?\n"
                    "by tollpayer on\nAug 9, 2012 11:40 AM EDT\nup\nreply\nactions\n")
    assert comments(text) == [(line_of(text, "The engineers"), "riverwatch"), (line_of(text, "Ouch."), "Dana K."),
                              (line_of(text, "Who will"), "tollpayer")]


def test_a_time_zone_after_the_time_is_still_a_timestamp():
    assert is_timestamp(line_table("Aug 9, 2012 10:40 AM EDT")[0])
    assert is_timestamp(line_table("24th July 2012 - 19:58")[0])


def test_a_name_that_ends_in_on_over_its_date_is_the_author():
    text = STORY + ("2 Comments\n\n"
                    "Slavko Desik on\n\nNovember 5, 2012 9:31 am\n\n"
                    "Glad to see the council finally acting on the inspection report.\n\n"
                    "Dave in Belize on\n\nNovember 5, 2012 10:24 am\n\n"
                    "Our bridge was closed for a year and the town survived it.\n")
    assert comments(text) == [(line_of(text, "Slavko"), "Slavko Desik"), (line_of(text, "Dave"), "Dave in Belize")]


def test_a_name_glued_to_wrote_or_responded_to():
    assert inline_signature(line_table("Daveywrote on November 13th, 2012 at 5:49 am Link To")[0]) == "Davey"
    assert inline_signature(line_table(
        "Phil Whiteresponded to Davey on November 13th, 2012 at 8:19 am Link To")[0]) == "Phil White"
    assert inline_signature(line_table("The engineers wrote on the report that it was fine.")[0]) is None


def test_list_numbers_before_a_name_are_the_renderers():
    assert author_name(line_table("1. 1 Fortunato Saraiva")[0]) == "Fortunato Saraiva"
    assert inline_signature(line_table("1 Emily November 4, 2012 at 9:41 pm")[0]) == "Emily"
    assert author_name(line_table("2. Video")[0]) == "2. Video"  # one number alone stays


def test_a_numbered_name_and_date_header():
    assert inline_signature(line_table("1. Joel Leigh - 29 August, 2011")[0]) == "Joel Leigh"
    assert inline_signature(line_table("1\\. SK \\- 28 October, 2011")[0]) == "SK"
    # a headline in a numbered list of stories is no name
    assert inline_signature(line_table("3. Council to close the bridge - 29 August, 2011")[0]) is None
    text = STORY + ("Comments\n\n"
                    "1. Joel Leigh - 29 August, 2011\n\nThe bridge was unsafe for years.\n\nReply\n\n"
                    "2. Robbo - 29 August, 2011\n\nAbout time the council did something.\n\nReply\n")
    assert comments(text) == [(line_of(text, "1. Joel"), "Joel Leigh"), (line_of(text, "2. Robbo"), "Robbo")]


def test_a_profile_link_over_the_time_and_the_name():
    text = STORY + ("There are 2 comments about:\n\n"
                    "1. Profile\n    11.05.12 at 1:55 pm\n    Torgo\n\n"
                    "    Christ, that bridge has been cracked since I was a kid.\n\n"
                    "2. Profile\n    11.05.12 at 2:01 pm\n    Johnny Lager\n\n"
                    "    No repairs for the east side bridge either.\n")
    # the first profile link and time may still read as an unnamed comment; no comment is the link's
    assert [c for c in comments(text) if c[1]] == [(line_of(text, "    Torgo"), "Torgo"),
                                                   (line_of(text, "    Johnny"), "Johnny Lager")]


def test_typepad_signatures_under_a_one_word_comment():
    text = STORY + ("Comments\n\n"
                    "priceless.\n\nPosted by: atmos | Mar 20, 2007 10:19:46 PM\n\n"
                    "Great post.\n\nPosted by: Jon | Mar 20, 2007 11:21:10 PM\n\n"
                    "The council should publish the full inspection report.\n\n"
                    "Posted by: Raimo | Mar 20, 2007 11:51:02 PM\n")
    assert comments(text) == [(line_of(text, "priceless"), "atmos"), (line_of(text, "Great post"), "Jon"),
                              (line_of(text, "The council should"), "Raimo")]


def test_a_comment_number_above_the_name_is_not_the_comment():
    text = STORY + ("Comments\n\n"
                    "Comment number 391.\n\nBritainsnotpleased\n24th July 2012 - 19:58\n\n"
                    "Having crossed that bridge daily I am glad they finally looked at it.\n\n"
                    "Report this comment (Comment number 391)\n\n"
                    "Comment number 276.\n\nDr G\n24th July 2012 - 15:48\n\n"
                    "The supports were replaced in 1990, so what went wrong here?\n")
    assert comments(text)[:2] == [(line_of(text, "Britains"), "Britainsnotpleased"), (line_of(text, "Dr G"), "Dr G")]


def test_a_name_with_its_date_and_links_after_slashes():
    assert inline_signature(line_table("1. Chris Lane, on November 6th, 2012 // Twitter: @chrislane")[0]) \
        == "Chris Lane"
    assert inline_signature(line_table("2. sampath, on November 7th, 2012 //")[0]) == "sampath"


def test_drupal_login_prompts_are_not_names():
    text = STORY + ("Comments\n\n"
                    "Thu, 08/09/2012 - 13:04 | 2691543\nmalikai\nHere's how the bridge looks to us today.\n"
                    "Login or register to post comments\n"
                    "Thu, 08/09/2012 - 13:13 | 2691572\nSkateboarder\nYou mean in the hands of the council...\n"
                    "Login or register to post comments\n")
    authors = {a for _, a in comments(text)}
    assert "Login or register to post comments" not in authors
    assert {"malikai", "Skateboarder"} <= authors


def test_news_pages_with_dated_link_lists_gain_no_comments():
    text = STORY + ("More from the city desk\n\n"
                    "1. Video\nFirst council vote on the bridge\n2. Video\nEngineers explain the cracks\n"
                    "3. Video\nCommuters react to the closure\n\n"
                    "Congestion Pricing Debuts in L.A. - Nov 13, 2012\n"
                    "Pedestrians in L.A. Get New Focus, Times Two - Nov 05, 2012\n\n"
                    "Autoplay: ON\n\n© 2012 City Desk\n")
    assert comments(text) == []


def test_a_sign_off_or_an_aside_on_its_own_line_is_no_new_commenter():
    text = STORY + ("12 Comments\n\n"
                    "* Rosa Diaz — July 10th, 2012, 2:06 am\n\n"
                    "Done! I wrote to the council this morning.\n\n"
                    "FYI\nYour name and response will be published in a blog post about the vote.\n\n"
                    "Best\nRosa Diaz\n\nReply\n\n"
                    "* Mari Okafor — July 10th, 2012, 2:19 am\n\n"
                    "I am outside the district but sent one anyway.\n\nReply\n")
    assert comments(text) == [(line_of(text, "* Rosa"), "Rosa Diaz"), (line_of(text, "* Mari"), "Mari Okafor")]
