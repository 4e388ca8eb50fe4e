"""Comment headers whose name and time share a line, and Typepad signatures broken over
lines (issue 17). The pages are written for these tests."""
from claimscope.segment.lines import inline_signature, line_table

from .written import STORY, segments


def comments(text):
    return [s for s in segments(text) if s.kind == "comment"]


def sig(text):
    return inline_signature(line_table(text)[0])


def test_name_then_time_on_one_line_in_the_layouts_seen():
    assert sig("* Dana Whitfield — March 4th, 2011, 9:05 pm") == "Dana Whitfield"
    assert sig("+ Olu — March 5th, 2011, 10:15 am") == "Olu"
    assert sig("Petra Novak On Saturday, March 5 at 11:40 am") == "Petra Novak"
    assert sig("marco r March 5, 2011 at 7:02 pm") == "marco r"
    assert sig("3. on 2011-03-05 at 6:10 pm Ines Falk") == "Ines Falk"


def test_sentences_and_bylines_with_a_time_are_not_signatures():
    assert sig("The vote started on March 3, 2011 at 9:00 pm") is None
    assert sig("Posted on March 3, 2011 at 9:00 pm") is None
    assert sig("Dana Whitfield") is None


def test_em_dash_thread_with_list_bullets_names_every_comment():
    text = STORY + ("12 Comments\n\n"
                    "* Dana Whitfield — March 4th, 2011, 9:05 pm\n\n"
                    "About time, that bridge has been shaking for years.\n\n"
                    "Reply\n\n"
                    "+ Olu — March 5th, 2011, 10:15 am\n\n"
                    "Agreed, my bus goes over it twice a day and you can feel it.\n\n"
                    "Reply\n")
    assert [c.author for c in comments(text)] == ["Dana Whitfield", "Olu"]


def test_name_and_date_separated_by_a_space_name_the_comment():
    text = STORY + ("{ 2 comments… read them below or add one }\n\n"
                    "marco r March 5, 2011 at 7:02 pm\n\n"
                    "Who is paying for all of this work on the bridge then?\n\n"
                    "Reply\n\n"
                    "Petra Novak March 6, 2011 at 8:15 am\n\n"
                    "The state pays most of it, the article from last week said so.\n\n"
                    "Reply\n")
    found = comments(text)
    assert [c.author for c in found] == ["marco r", "Petra Novak"]
    assert found[0].text.startswith("marco r March 5")


def test_typepad_signature_broken_over_lines_names_the_text_above_it():
    text = STORY + ("Comments\n\n"
                    "You can follow this conversation by subscribing to the comment feed for this post.\n\n"
                    "The detour through the market street will be a mess for the shops there.\n\n"
                    "Posted by:\n\n"
                    "Hal Brooks |\n\n"
                    "March 05, 2011 at 08:45 PM\n\n"
                    "Better a detour than a collapse, I would say, after what happened in 2007.\n\n"
                    "Posted by:\n\n"
                    "June Okafor |\n\n"
                    "March 06, 2011 at 09:12 AM\n\n"
                    "Verify your Comment\n")
    # the comment form's "Verify your Comment" under the last signature stays an unsigned
    # comment (known: the reader files the form under a signed-below thread with it)
    found = [c for c in comments(text) if c.author]
    assert [c.author for c in found] == ["Hal Brooks", "June Okafor"]
    assert found[0].text.startswith("The detour") and found[0].text.rstrip().endswith("08:45 PM")
    assert found[1].text.startswith("Better a detour")


def test_an_ad_label_or_a_follow_button_over_a_paragraph_is_no_commenter():
    from claimscope.segment.lines import is_chrome, looks_like_name

    for widget in ("Advertise | AdChoices", "Follow @NBCNewsUS", "AdChoices"):
        ln = line_table(widget)[0]
        assert is_chrome(ln) and not looks_like_name(ln)
    assert looks_like_name(line_table("Follow Jane")[0])  # a name that starts with a word like it stays one


def test_a_comment_number_on_its_own_line_goes_with_the_comment_below_it():
    said = ["About time, that bridge has been shaking for years and nobody listened.",
            "Agreed, my bus goes over it twice a day and you can feel the deck move.",
            "Would be nice to hear what the engineers actually found in those piers."]
    names = ["Dana Whitfield", "Olu Bakare", "Petra Novak"]
    thread = "".join(f"{n + 1}\n\n{name} Says:\n\nMarch {n + 4}th, 2011 at 9:0{n} pm\n\n{text}\n\n"
                     for n, (name, text) in enumerate(zip(names, said)))
    found = comments(STORY + "3 Responses to “Bridge closed”\n\n" + thread)
    assert [c.author for c in found] == names
    assert [c.text.splitlines()[0] for c in found] == ["1", "2", "3"]
    assert all(c.text.rstrip().endswith(text) for c, text in zip(found, said))


def test_what_a_named_comment_says_starts_under_its_header_number_and_all():
    from claimscope.text.units import content_bounds

    said = ["About time, that bridge has been shaking for years and nobody listened.",
            "Agreed, my bus goes over it twice a day and you can feel the deck move."]
    for numbered in (False, True):
        thread = "".join((f"{n + 1}\n\n" if numbered else "") + f"{name} Says:\n\nMarch {n + 4}th, 2011 at 9:0{n} pm"
                         f"\n\n{text}\n\n" for n, (name, text) in enumerate(zip(["Dana Whitfield", "Olu Bakare"], said)))
        page = STORY + "2 Responses to “Bridge closed”\n\n" + thread
        found = comments(page)
        # the name, "Says:", the time stamp and the number are the comment's furniture
        assert [page[start:end] for start, end in map(content_bounds, found)] == said
