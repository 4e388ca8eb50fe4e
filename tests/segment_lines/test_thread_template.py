"""Threads read by the page's own comment-header template (segment/thread_template.py): header
conventions no platform rule names — a name over a bare numeric date, "Name added 2 days
ago", "by Name (12345) writes:" under a score line, a date and the name signed under the
text — are found from their repetition on the page. The pages are written for these tests;
a list of dated teasers under a story must not become a thread."""
from claimscope.segment.thread_template import shape_of

from .written import STORY, comments, line_of, segments


def test_a_shape_folds_numbers_dates_and_names():
    one = shape_of("Dana Whitfield | 12 days ago")
    two = shape_of("Bo | 3 hours ago")
    assert one is not None and two is not None and one.key == two.key
    assert one.anchored and "Dana Whitfield" == "Dana Whitfield | 12 days ago"[one.name_start:one.name_end]
    dated = shape_of("Comment #12 - Posted by: Kurt M/39/185 at November 10, 2012 5:55 PM")
    assert dated is not None and dated.slots == 1 and dated.anchored
    assert "Comment #12 - Posted by: Kurt M/39/185 at November 10, 2012 5:55 PM"[
        dated.name_start:dated.name_end] == "Kurt M/39/185"
    bare = shape_of("Thanks for the update")
    assert bare is not None and not bare.anchored  # words alone are no header


def test_a_name_over_a_bare_numeric_date():
    text = STORY + ("14 Responses to \"Bridge closed\"\n\n"
                    "riverwatch\n10/12/2012\n\n"
                    "The engineers warned about this bridge two years ago.\n\n"
                    "reply to this comment\n\n\n"
                    "Dana K\n10/12/2012\n\n"
                    "Who will pay for the repairs this time, the state or the city?\n\n"
                    "reply to this comment\n\n\n"
                    "tollpayer\n10/13/2012\n\n"
                    "Our bridge was closed for a year and the town survived it.\n\n"
                    "reply to this comment\n\n\n"
                    "M. Ortiz\n10/14/2012\n\n"
                    "Good. I would not drive a truck over it anyway.\n\n"
                    "reply to this comment\n")
    assert comments(text) == [(line_of(text, "riverwatch"), "riverwatch"), (line_of(text, "Dana K"), "Dana K"),
                              (line_of(text, "tollpayer"), "tollpayer"), (line_of(text, "M. Ortiz"), "M. Ortiz")]


def test_a_name_with_the_time_it_added_the_comment():
    text = STORY + ("Comments\n"
                    "hardlikearmour added 2 days ago\n"
                    "The engineers warned about this bridge two years ago.\n"
                    "drbabs added 2 days ago\n"
                    "Who will pay for the repairs this time, the state or the city?\n"
                    "queen_ashy added 1 day ago\n"
                    "Our bridge was closed for a year and the town survived it.\n"
                    "drbabs added 5 hours ago\n"
                    "Fair point, but ours carried half the traffic this one does.\n")
    assert comments(text) == [(line_of(text, "hardlike"), "hardlikearmour"), (line_of(text, "drbabs added 2"), "drbabs"),
                              (line_of(text, "queen_ashy"), "queen_ashy"), (line_of(text, "drbabs added 5"), "drbabs")]


def test_a_name_and_its_user_number_under_a_score_line():
    text = STORY + ("Comments\n\n"
                    "Cracks (Score:4, Insightful)\n\n"
                    "by riverwatch (48213) writes:\n\n"
                    "The engineers warned about this bridge two years ago.\n\n"
                    "Re:Cracks (Score:2)\n\n"
                    "by tollpayer (7710) writes:\n\n"
                    "Who will pay for the repairs this time, the state or the city?\n\n"
                    "Re:Cracks (Score:1)\n\n"
                    "by Dana K (301) writes:\n\n"
                    "Our bridge was closed for a year and the town survived it.\n")
    assert comments(text) == [(line_of(text, "by riverwatch"), "riverwatch"), (line_of(text, "by tollpayer"), "tollpayer"),
                              (line_of(text, "by Dana K"), "Dana K")]


def test_a_date_and_a_name_signed_under_the_text():
    text = STORY + ("Reader Comments (3)\n\n"
                    "The engineers warned about this bridge two years ago.\n"
                    "October 11, 2012 | riverwatch\n"
                    "Who will pay for the repairs this time, the state or the city?\n"
                    "October 11, 2012 | Kate @ Songs Kate Sang\n"
                    "Our bridge was closed for a year and the town survived it.\n"
                    "October 12, 2012 | tollpayer\n\n"
                    "Post a comment\n")
    assert comments(text) == [(line_of(text, "The engineers"), "riverwatch"),
                              (line_of(text, "Who will"), "Kate @ Songs Kate Sang"),
                              (line_of(text, "Our bridge"), "tollpayer")]


def test_dated_teasers_with_a_section_label_are_no_thread():
    text = STORY + ("Related to this story\n"
                    "Council approves bridge budget\n23 May 2012\nPOLITICS\n"
                    "Engineers inspect river crossings\n13 May 2012\nSCIENCE\n"
                    "Traffic plan for the summer\n2 May 2012\nTRANSPORT\n"
                    "Old bridge turns one hundred\n28 April 2012\nHISTORY\n")
    assert not [s for s in segments(text) if s.kind == "comment"]


RULED_THREAD = [("Dana K", "The engineers warned about this bridge two years ago."),
                ("tollpayer", "Who will pay for the repairs this time, the state or the city?"),
                ("M. Ortiz", "Our bridge was closed for a year and the town survived it."),
                ("Frank @ Dover", "Good. I would not drive a truck over it anyway."),
                ("riverwatch", "Fair point, but ours carried half the traffic this one does.")]


def test_names_set_apart_by_rules_open_their_comments():
    # a renderer prints each <hr> between the comments as "* * *"; a name alone says neither
    # when nor who, the rule above each one makes the template
    text = STORY + "".join(f"* * *\n{name}\n{said}\n" for name, said in RULED_THREAD) + "* * *\nAbout us | Contact\n"
    assert comments(text) == [(line_of(text, name), name) for name, _ in RULED_THREAD]
    assert all("* * *" not in s.text for s in segments(text) if s.kind == "comment")


def test_headlines_set_apart_by_rules_are_no_thread():
    headlines = ["Council Approves Bridge Budget", "Engineers Inspect River Crossings",
                 "Summer Traffic Plan Unveiled", "Old Bridge Turns Hundred", "Ferry Service Returns Soon"]
    text = STORY + "".join(f"* * *\n{title}\n{said}\n" for title, (_, said) in zip(headlines, RULED_THREAD))
    assert not [s for s in segments(text) if s.kind == "comment"]


def test_a_quarrel_between_a_few_commenters_is_still_a_thread():
    # fourteen comments by six people: most names recur, unlike a section label that is one
    # or two words over and over
    from claimscope.segment.lines import line_table
    from claimscope.segment.thread_template import MANY_NAMES, template_comments

    names = ["TaxJoke", "aviatrixx", "TaxJoke", "newster90210", "TaxJoke", "lvnvlady", "aviatrixx",
             "TaxJoke", "Willmz", "aviatrixx", "TaxJoke", "7_luckyseven", "newster90210", "TaxJoke"]
    assert len(set(names)) == MANY_NAMES < len(names) / 2
    topics = ["bridge", "budget", "ferry", "toll", "river", "council", "mayor", "engineers", "traffic",
              "repairs", "trucks", "detour", "contract", "vote"]
    table = line_table(STORY + "".join(
        f"by {name} July 25, 2012 {1 + k % 11}:{10 + k} AM EDT\n"
        f"I have been thinking about the {topic} all week and still disagree.\nReply to this comment\n"
        for k, (name, topic) in enumerate(zip(names, topics))))
    assert [c.author for c in template_comments(table, [False] * len(table))] == names


def test_a_name_with_its_points():
    text = STORY + ("Comments\n\n"
                    "riverwatch 12 pts\n"
                    "The engineers warned about this bridge two years ago.\n\n"
                    "Dana K 3 pts\n"
                    "Who will pay for the repairs this time, the state or the city?\n\n"
                    "tollpayer 1 pts\n"
                    "Our bridge was closed for a year and the town survived it.\n")
    assert comments(text) == [(line_of(text, "riverwatch"), "riverwatch"), (line_of(text, "Dana K"), "Dana K"),
                              (line_of(text, "tollpayer"), "tollpayer")]


def test_a_signature_that_ends_in_the_reply_control_closes_its_comment():
    text = STORY + ("4 comments\n"
                    "The engineers warned about this bridge two years ago.\n"
                    "Nobody listened to them then either.\n"
                    "by riverwatch on October 11, 2012 at 9:14 pm. Reply #\n"
                    "Who will pay for the repairs this time, the state or the city?\n"
                    "by Dana K on October 11, 2012 at 10:02 pm. Reply #\n"
                    "Our bridge was closed for a year and the town survived it.\n"
                    "It was a long year for the shops on Main Street, though.\n"
                    "by tollpayer on October 12, 2012 at 7:40 am. Reply #\n"
                    "Good. I would not drive a truck over it anyway.\n"
                    "by M. Ortiz on October 12, 2012 at 8:05 am. Reply #\n"
                    "More stories about the county's roads are in our weekly roundup.\n")
    signed = [c for c in comments(text) if c[1]]  # the roundup line under the thread may stay a comment
    assert signed == [(line_of(text, "The engineers"), "riverwatch"), (line_of(text, "Who will pay"), "Dana K"),
                      (line_of(text, "Our bridge"), "tollpayer"), (line_of(text, "Good. I would"), "M. Ortiz")]


def test_page_furniture_is_not_comment_text_when_the_template_weighs_its_headers():
    """A thread signed below ends in its form: "Subscribe to comments on this entry" under the
    last signature must not read as the text of one more comment under a header."""
    from claimscope.segment.lines import line_table
    from claimscope.segment.thread_template import is_text

    furniture, prose = line_table("Subscribe to comments on this entry\nOur bridge was closed for a year.")
    assert not is_text(furniture, False)
    assert is_text(prose, False)


def test_the_furniture_between_the_last_comment_and_the_form_is_no_comment():
    text = STORY + ("3 Comments\n\n"
                    "riverwatch says:\nThe engineers warned about this bridge two years ago.\n\n"
                    "Dana K says:\nWho will pay for the repairs this time, the state or the city?\n\n"
                    "tollpayer says:\nOur bridge was closed for a year and the town survived it.\n\n"
                    "Subscribe to comments on this entry\n\n"
                    "Your email address will not be published.\n\n"
                    "Leave a Reply\n")
    assert comments(text) == [(line_of(text, "riverwatch"), "riverwatch"), (line_of(text, "Dana K"), "Dana K"),
                              (line_of(text, "tollpayer"), "tollpayer")]
    [last] = [s for s in segments(text) if s.kind == "comment" and s.author == "tollpayer"]
    assert "Subscribe" not in last.text


def test_a_comment_form_under_a_thread_signed_below_is_no_comment():
    text = STORY + ("Comments\n"
                    "The engineers warned about this bridge two years ago.\n"
                    "Posted by: riverwatch at October 11, 2012 9:14 PM\n"
                    "Who will pay for the repairs this time, the state or the city?\n"
                    "Posted by: Dana K at October 11, 2012 10:02 PM\n"
                    "Our bridge was closed for a year and the town survived it.\n"
                    "Posted by: tollpayer at October 12, 2012 7:40 AM\n"
                    "Subscribe to comments on this entry\n"
                    "Post a comment\n"
                    "Name:\n"
                    "Email Address:\n")
    assert comments(text) == [(line_of(text, "The engineers"), "riverwatch"), (line_of(text, "Who will pay"), "Dana K"),
                              (line_of(text, "Our bridge"), "tollpayer")]


def test_a_name_and_town_signed_under_each_comment_with_its_date():
    text = STORY + ("Share what you think\n"
                    "The engineers warned about this bridge two years ago.\n"
                    "- Pete, Leeds, United Kingdom, 04/3/2026 10:12\n"
                    "Who will pay for the repairs this time, the state or the city?\n"
                    "- Carol M, Bristol, 04/3/2026 09:55\n"
                    "Our bridge was closed for a year and the town survived it.\n"
                    "- Anne, Sheffield, 04/3/2026 09:31\n\n"
                    "Add your comment\n")
    assert comments(text) == [(line_of(text, "The engineers"), "Pete"), (line_of(text, "Who will"), "Carol M"),
                              (line_of(text, "Our bridge"), "Anne")]


def test_a_posted_by_header_with_the_commenters_town_and_time_opens_each_comment():
    # a regional paper's thread: no heading over it, the story ends, "Quote | Report this post"
    # under each comment, each commenter's town after the name
    thread = [("tom3465, farnworth", "8:21pm Tue 1 Jan 08", "as long as he stays off the motorway this time it is fine"),
              ("donmarg, bolton", "9:06pm Tue 1 Jan 08", "Why not take the rest of the team with him, they cannot play."),
              ("King Eric, Horwich", "9:55am Wed 2 Jan 08", "give it a rest about him all you jealous bitter ones."),
              ("tax payer, Bolton", "11:21pm Wed 2 Jan 08", "I'm bitter that if you have fame and money you avoid justice."),
              ("Andrew, Bury", "3:37pm Wed 2 Jan 08", "This is NOT about him.")]
    text = STORY + "".join(f"Posted by: {who} on {when}\n{said}\nQuote | Report this post\n\n"
                           for who, when, said in thread) + "Add your comment\nEmail:\nPassword:\n"
    assert comments(text) == [(line_of(text, f"Posted by: {who} on"), who.split(",")[0]) for who, _, _ in thread]


def test_a_name_and_town_signed_under_each_comment_without_a_date():
    thread = [("The engineers warned about this bridge two years ago.", "Blake B, los angeles,"),
              ("Who will pay for the repairs this time, the state or the city?", "Frances McErlane, Mallorca, Spain"),
              ("Our bridge was closed for a year and the town survived it.", "Jean Booth, The Hague, Netherlands"),
              ("Good. I would not drive a truck over it anyway.", "Dave, Truro, Cornwall"),
              ("Fair point, but ours carried half the traffic this one does.", "john Graham, london , uK")]
    text = STORY + "".join(f"{said}\n{signature}\n" for said, signature in thread) + "\nAdd your comment\nName\nEmail\n"
    assert comments(text) == [(line_of(text, said), author)
                              for (said, _), author in zip(thread, ["Blake B", "Frances McErlane", "Jean Booth",
                                                                    "Dave", "john Graham"])]


def test_a_reference_list_and_a_property_listing_are_no_thread():
    # a reference list wrapped at a fixed width, each entry broken after the author's first name
    references = STORY + ("Building a new span will not in itself guarantee\n"
                          "that the crossing is safe for another fifty years.\n"
                          "References\n"
                          "Alvarez, John\n"
                          "W. (1999). Fatigue cracks in riveted steel girders of older\n"
                          "road bridges. Montreal: Canadian Society for Civil Engineering.\n"
                          "Becker, Robert;\n"
                          "Holm, Craig; & Grant, Cathy. (2000, November). Load limits\n"
                          "for heavy traffic on truss bridges. Randolph, VT: Highway Trust.\n"
                          "Fischer, Bobby\n"
                          "J., & Gold, Catherine H. (1996, October). Inspection intervals\n"
                          "and repair costs. Paper presented at the Annual Conference, San Antonio, TX.\n"
                          "Hopper, Gary.\n"
                          "(1997, September 8). Who pays for a bridge? Public Works [Online].\n"
                          "Pagel, Karen\n"
                          "& Fager, Jennifer. (1997, July). Bridges: Who maintains\n"
                          "what [Online]. Available: http://www.example.org/bridges/index.html.\n"
                          "Reed, Jennifer\n"
                          "Newton. (2002, March). Closing a crossing. Public Administrator\n"
                          "[Online]. Available: http://www.example.org/closing?item=2668\n"
                          "Sims, Roberta\n"
                          "G., & Blyth, Dale A. (1987). Moving loads: The\n"
                          "impact of trucks on ageing bridges. Hawthorne, NY:\n"
                          "de Gruyter.\n")
    listing = STORY + ("Homes for sale this week\n"
                       "4154 Fossil Fern, San Antonio TX\n"
                       "A four-bedroom ranch house with a pool on a quiet cul-de-sac, close to schools.\n"
                       "2256 Court Ave, Memphis TN\n"
                       "This classic brick colonial is in a desirable neighborhood on a tree-lined street.\n"
                       "3834 Montrose Ave, Erie PA\n"
                       "This pastoral property just got a $20,000 cut in price and sits on two acres.\n"
                       "18 Harbour Road, Portland ME\n"
                       "A restored captain's house with views over the bay and a new roof.\n"
                       "77 Elm Street, Boise ID\n"
                       "A bungalow with a large garden, a workshop and a two-car garage.\n")
    for text in (references, listing):
        assert not [s for s in segments(text) if s.kind == "comment"]


def test_a_comment_count_as_video_sites_print_it_opens_the_thread():
    text = STORY + ("Comments 1.2K\nSort by\n"
                    "@riverwatch\n3 days ago\nThe engineers warned about this bridge two years ago.\n245\nReply\n"
                    "@dana.k\n2 days ago\nWho will pay for the repairs this time, the state or the city?\n88\nReply\n"
                    "@tollpayer\n2 days ago (edited)\nOur bridge was closed for a year and the town survived it.\n31\n"
                    "Reply\n")
    found = comments(text)
    assert [author for _, author in found] == ["@riverwatch", "@dana.k", "@tollpayer"]
    assert not any(s.kind == "comment" and "1.2K" in s.text for s in segments(text))


def test_named_comments_with_no_text_are_no_thread_the_model_must_yield_to():
    """A blog's sidebar read as comments ("THE DAILY NOTEBOOK by Ann Reed", "Blog powered by
    TypePad" / "Member since 08/2003") has names and no sentence: the rules' reading of it is
    not trusted over the line model, which then keeps the post under it as the story."""
    from claimscope.segment.combine import _trusted_thread
    from claimscope.segment.lines import line_table
    from claimscope.segment.text import Draft

    table = line_table("Recent posts\nTHE DAILY NOTEBOOK by Ann Reed\nSmall Teams Blog\nBlog powered by TypePad\n"
                       "Member since 08/2003\nWe wait.\nGreat post!\nJo\nI disagree with most of this.\n")
    sidebar = [Draft("boilerplate", table[0:1]), Draft("comment", table[1:3], author="Ann Reed"),
               Draft("comment", table[3:5], author="Blog powered by TypePad"), Draft("article", table[5:6])]
    assert _trusted_thread(sidebar) == len(sidebar)
    thread = [Draft("article", table[5:6]), Draft("comment", table[6:7], author="Sam"),
              Draft("comment", table[7:9], author="Jo")]
    assert _trusted_thread(thread) == 1
