"""The learned line model and how the segmenter combines it with the rules (issue 17)."""
import numpy as np
import pytest

from claimscope.records import Page
from claimscope.segment import VERSION, segment_page
from claimscope.segment.model import LABELS, load_model


def page(text: str) -> Page:
    return Page(id="t", source="t", format="text", raw=text.encode(), text=text)


def test_shipped_model_loads_small_and_reads_the_inputs_it_was_trained_on():
    from claimscope.segment.lines import line_table
    from claimscope.segment.model import line_inputs
    from claimscope.segment.text import CorpusEvidence

    model, table = load_model(), line_table(STORY)
    assert len(model.checksum) == 12
    inputs = line_inputs(table, ["boilerplate"] * len(table), set(), CorpusEvidence().recurs)
    assert inputs.shape[1] == len(model.mean) == model.w_project.shape[1] - model.words.shape[1]
    probs = model.predict(table, ["boilerplate"] * len(table), set(), CorpusEvidence().recurs)
    assert probs.shape == (len(table), len(LABELS)) and np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    assert sum(v.size for v in model.arrays().values()) < 2_000_000


def test_version_names_the_line_model():
    assert VERSION == "segment.lines.v14"


STORY = """Home | World | Politics | Opinion | Contact

Rockets Hit The Air Base North Of Baghdad Overnight

By Staff Writer

Three rockets struck the Balad air base north of Baghdad late on Monday, security officials said, causing no casualties but damaging a hangar used by contractors.

The attack was the third on the base this month. No group claimed responsibility, and the officials, speaking on condition of anonymity, said the rockets were fired from a nearby village.

Local police said they had found the launch site and a timer device, and that an investigation was under way into who had supplied the rockets.

"""

SAYS_THREAD = """3 Responses to "Rockets Hit The Air Base"

John Smith says:
March 3, 2010 at 5:00 pm
I think the officials are hiding how much damage there really was at that base.
[Reply]

Mary Jones says:
March 4, 2010 at 6:00 pm
Nonsense, nobody is hiding anything, the report was clear about what happened there.
[Reply]

Peter Brown says:
March 4, 2010 at 7:15 pm
Third attack this month and still no arrests. Somebody should be asking why.
[Reply]

Leave a Reply
"""


def test_says_and_bracketed_reply_layout_gives_each_comment_its_own_author():
    segs = segment_page(page(STORY + SAYS_THREAD))
    comments = [s for s in segs if s.kind == "comment"]
    assert [c.author for c in comments] == ["John Smith", "Mary Jones", "Peter Brown"]
    assert all("[Reply]" not in c.text.splitlines()[0] for c in comments)
    articles = [s for s in segs if s.kind == "article"]
    assert len(articles) == 1 and "launch site" in articles[0].text
    assert all("Home | World" not in a.text for a in articles)


SLASHDOT = """Slashdot | Stories | Recent | Popular

Google Changes Search Ranking Again

Posted by timothy on Monday March 05, @10:12AM
from the round-and-round dept.

An anonymous reader writes "Google has changed the way it ranks pages again, and sites that relied on link farms saw their traffic fall by half overnight, according to several webmasters."

The change is the third this year, and the company says it is aimed at pages that copy text from other sites without adding anything of their own.

Re:SEO.....duh (Score:5, Insightful)
by foo_bar (12345) on Monday March 05, @10:30AM (#39245110)
If your whole business is gaming a search engine, you should expect the search engine to fight back eventually.

Good riddance (Score:4, Funny)
by Anonymous Coward on Monday March 05, @10:52AM (#39245301)
Maybe now I can find a recipe without scrolling past twelve pages of somebody's life story first.
"""


def test_slashdot_comments_are_comments_with_their_authors_not_articles():
    segs = segment_page(page(SLASHDOT))
    comments = [s for s in segs if s.kind == "comment"]
    assert [c.author for c in comments] == ["foo_bar", "Anonymous Coward"]
    assert "recipe" in comments[1].text
    [article] = [s for s in segs if s.kind == "article"]
    assert "Score:" not in article.text and "link farms" in article.text


SIGNED_BELOW = """12 Comments

I was at the base last year and the hangars were already falling apart, so this is no surprise.

Posted by: Janet Doe | March 03, 2010 at 05:00 PM

Does anybody know who the contractors are? Nobody ever names them in these reports.

Posted by: Karl from Leeds | March 03, 2010 at 06:12 PM

The third attack in a month and the police only now found a launch site. Remarkable.

Posted by: Ana | March 04, 2010 at 09:40 AM

Post a comment
"""


def test_comments_signed_below_their_text_are_named_by_the_signature_under_them():
    segs = segment_page(page(STORY + SIGNED_BELOW))
    comments = [s for s in segs if s.kind == "comment"]
    assert [c.author for c in comments[:3]] == ["Janet Doe", "Karl from Leeds", "Ana"]
    assert "hangars were already falling apart" in comments[0].text
    assert "contractors" in comments[1].text and "launch site" in comments[2].text
    assert all(c.text.rstrip().splitlines()[-1].startswith("Posted by:") for c in comments[:3])


DATED_ABOVE = """3 Responses

23. Jul, 2012 /
Lisa Roe says:
I loved this post, the photos of the harbour at dawn are the best I have seen this year.

24. Jul, 2012 /
Sam Poe says:
Thanks for the tip about the ferry, we took it last week and it saved us an hour each way.

Leave a Reply
"""

URL_SIGNED = """2 Comments

Stephan Roe http://example.net | 10/29/2012 5:14:46 PM
Good summary of the release, but the pricing part is not right for Europe as far as I know.

Ranjit | 11/6/2012 3:07:08 AM
We upgraded last month and had no trouble at all with the mail server migration.
"""


def test_a_date_printed_above_the_says_line_is_not_the_author():
    comments = [s for s in segment_page(page(STORY + DATED_ABOVE)) if s.kind == "comment"]
    assert [c.author for c in comments] == ["Lisa Roe", "Sam Poe"]
    assert "ferry" in comments[1].text


def test_a_signature_with_a_web_address_and_seconds_names_the_commenter():
    comments = [s for s in segment_page(page(STORY + URL_SIGNED)) if s.kind == "comment"]
    assert [c.author for c in comments] == ["Stephan Roe", "Ranjit"]


def test_a_report_control_with_its_comment_number_is_not_comment_text():
    thread = URL_SIGNED.replace("Good summary", "Report this comment (Comment number 391)\nGood summary")
    comments = [s for s in segment_page(page(STORY + thread)) if s.kind == "comment"]
    assert comments and all("Report this comment" not in c.text for c in comments)


class SureModel:
    """A fake line model that gives every line one label with the given probability."""

    def __init__(self, label: str, p: float) -> None:
        self.row = np.full(len(LABELS), (1 - p) / (len(LABELS) - 1), dtype=np.float32)
        self.row[LABELS.index(label)] = p

    def predict(self, table, rule_kinds, author_lines, recurs):
        return np.tile(self.row, (len(table), 1))


def test_a_confident_model_turns_a_story_the_rules_found_into_comments():
    kinds = [s.kind for s in segment_page(page(STORY), model=SureModel("comment", 0.95))]
    assert "article" not in kinds and "comment" in kinds


def test_an_unsure_model_leaves_the_rules_reading():
    from claimscope.segment.combine import MIN_CONFIDENCE

    unsure = SureModel("comment", MIN_CONFIDENCE - 0.05)
    rules = [(s.kind, s.line_start, s.line_end) for s in segment_page(page(STORY), model=unsure)]
    assert sum(k == "article" for k, _, _ in rules) == 1
    assert all(k != "comment" for k, _, _ in rules)


def test_a_thread_the_rules_read_with_names_yields_only_to_a_near_certain_model():
    from claimscope.segment.combine import THREAD_CONFIDENCE

    segs = segment_page(page(STORY + SAYS_THREAD), model=SureModel("article", THREAD_CONFIDENCE - 0.05))
    assert [s.author for s in segs if s.kind == "comment"] == ["John Smith", "Mary Jones", "Peter Brown"]
    segs = segment_page(page(STORY + SAYS_THREAD), model=SureModel("boilerplate", 0.99))
    assert "comment" not in [s.kind for s in segs]


def test_a_dated_comment_in_a_thread_the_rules_trust_is_never_the_story():
    # each comment carries its date: however sure the model, it is not the article
    segs = segment_page(page(STORY + SAYS_THREAD), model=SureModel("article", 0.99))
    assert [s.author for s in segs if s.kind == "comment"] == ["John Smith", "Mary Jones", "Peter Brown"]
    # without their dates the same comments yield to a near-certain model
    undated = "\n".join(ln for ln in SAYS_THREAD.splitlines() if not ln.startswith("March"))
    segs = segment_page(page(STORY + undated), model=SureModel("article", 0.99))
    assert "comment" not in [s.kind for s in segs]


def test_a_story_loses_its_edges_to_the_model_never_its_inside():
    from claimscope.segment.combine import relabel
    from claimscope.segment.lines import line_table
    from claimscope.segment.text import CorpusEvidence, Draft

    table = line_table(STORY + "Share this story\nFollow us on Twitter\n")
    number = {ln.text.split()[0]: ln.number for ln in table}
    story = [ln for ln in table if ln.number >= number["Rockets"]]
    drafts = [Draft("boilerplate", table[:1]), Draft("article", story, title=story[0].text, has_body=True)]
    # the model reads the byline and the second paragraph as chrome, and the two widget lines
    chrome = {number["By"], number["The"], number["Share"], number["Follow"]}
    out = relabel(table, drafts, LabelsByLine({n: "boilerplate" for n in chrome}, otherwise="article"),
                  CorpusEvidence())
    [article] = [d for d in out if d.kind == "article"]
    assert article.title == story[0].text  # the head was not cut: the title stays
    assert [ln.number for ln in article.members] == [ln.number for ln in story if ln.number < number["Share"]]
    assert [ln.text for ln in out[-1].members] == ["Share this story", "Follow us on Twitter"]
    # a model less sure than STORY_CONFIDENCE (though past MIN_CONFIDENCE) leaves the story whole
    from claimscope.segment.combine import MIN_CONFIDENCE, STORY_CONFIDENCE

    unsure = LabelsByLine({n: "boilerplate" for n in chrome}, otherwise="article",
                          p=(MIN_CONFIDENCE + STORY_CONFIDENCE) / 2)
    [article] = [d for d in relabel(table, drafts, unsure, CorpusEvidence()) if d.kind == "article"]
    assert [ln.number for ln in article.members] == [ln.number for ln in story]


def test_a_story_the_model_recognises_loses_the_edges_it_reads_as_chrome():
    from claimscope.segment.combine import MIN_CONFIDENCE, STORY_RECOGNISED, relabel
    from claimscope.segment.lines import line_table
    from claimscope.segment.text import CorpusEvidence, Draft

    table = line_table(STORY + "Share this story\nFollow us on Twitter\n")
    widgets = {ln.number for ln in table if ln.text in ("Share this story", "Follow us on Twitter")}
    drafts = [Draft("boilerplate", table[:1]), Draft("article", table[1:], title=table[1].text, has_body=True)]
    unsure = MIN_CONFIDENCE - 0.05  # the widgets' most likely label, but not a sure one

    def story_lines(story_p: float) -> list[int]:
        model = LabelsByLine({n: "boilerplate" for n in widgets}, otherwise="article", p=unsure,
                             otherwise_p=story_p)
        [article] = [d for d in relabel(table, drafts, model, CorpusEvidence()) if d.kind == "article"]
        return [ln.number for ln in article.members]

    # the model knows the story: the widgets under it leave though it is not sure of them
    assert not widgets & set(story_lines(STORY_RECOGNISED + 0.05))
    # the model does not know the story (a page unlike its training pages): the rules' edges stand
    assert widgets <= set(story_lines(STORY_RECOGNISED - 0.05))


def test_a_reposted_story_keeps_its_headline_unless_the_model_is_sure():
    from claimscope.segment.combine import STORY_CONFIDENCE, relabel
    from claimscope.segment.lines import line_table
    from claimscope.segment.text import CorpusEvidence, Draft

    headline = "Council Approves Emergency Repairs To The Old Bridge"
    table = line_table("Related News\n\n" + headline + "\n\n" + STORY.split("By Staff Writer\n\n", 1)[1])
    drafts = [Draft("boilerplate", table[:1]), Draft("article", table[1:], title=headline, has_body=True)]

    def story(headline_p: float) -> Draft:
        model = LabelsByLine({table[1].number: "boilerplate"}, otherwise="article", p=headline_p, otherwise_p=0.99)
        [article] = [d for d in relabel(table, drafts, model, CorpusEvidence()) if d.kind == "article"]
        return article

    # the model reads the reposted story's headline as chrome, unsure: it stays the story's
    assert story(STORY_CONFIDENCE - 0.1).members[0].text == headline
    assert story(STORY_CONFIDENCE + 0.1).members[0].text != headline


def test_links_to_the_previous_and_next_posts_are_no_story_but_a_quote_in_guillemets_is():
    nav = ("« Council votes to close the old bridge to heavy trucks for the winter (photos)  |  "
           "Ferry service returns to the harbour after ten years, with two new boats »")
    quote = ("«We will not accept another closure of the crossing without a vote», the mayor told the council "
             "on Tuesday evening, adding that the ferry would run until the repairs are done.")
    text = STORY.replace("Rockets Hit", nav + "\n\nRockets Hit").replace("The attack was", quote + "\n\nThe attack was")
    segs = segment_page(page(text))
    [story] = [s for s in segs if s.kind == "article"]
    assert nav not in story.text and quote in story.text
    assert story.title == "Rockets Hit The Air Base North Of Baghdad Overnight"
    assert any(nav in s.text for s in segs if s.kind == "boilerplate")


LEAD = """Home | World | Politics

Three rockets struck the Balad air base north of Baghdad late on Monday, security officials said, causing no casualties.

"""


def test_a_thread_read_with_no_story_above_it_is_judged_by_the_model():
    # on news pages of unseen sites a "thread" under one line of prose is mostly the story
    # itself (a "41 comments" link over it, a byline taken for a name): it does not stand
    segs = segment_page(page(LEAD + SAYS_THREAD), model=SureModel("article", 0.95))
    assert "comment" not in [s.kind for s in segs]
    assert any(s.kind == "article" and "officials are hiding" in s.text for s in segs)
    # an unsure model leaves the rules' thread as it is
    from claimscope.segment.combine import MIN_CONFIDENCE

    segs = segment_page(page(LEAD + SAYS_THREAD), model=SureModel("article", MIN_CONFIDENCE - 0.05))
    assert [s.author for s in segs if s.kind == "comment"] == ["John Smith", "Mary Jones", "Peter Brown"]


def test_training_weighs_lines_that_article_f1_counts_more():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    pytest.importorskip("torch")
    from train_segment_lines import row_weights

    [w] = row_weights([np.array([5, 29, 30, 200])], long_weight=3.0)
    assert np.allclose(w, np.array([1, 1, 3, 3]) / 2.0)  # and 1/sqrt(4 lines) per page


class LabelsByLine:
    """A fake line model that gives the listed lines (1-based numbers) a label at ``p`` and
    every other line ``otherwise`` at ``otherwise_p`` (``p`` unless given)."""

    def __init__(self, labels: dict[int, str], otherwise: str = "boilerplate", p: float = 0.9,
                 otherwise_p: float | None = None) -> None:
        self.labels, self.otherwise, self.p = labels, otherwise, p
        self.otherwise_p = p if otherwise_p is None else otherwise_p

    def predict(self, table, rule_kinds, author_lines, recurs):
        out = np.zeros((len(table), len(LABELS)), dtype=np.float32)
        for i, ln in enumerate(table):
            listed = ln.number in self.labels
            p = self.p if listed else self.otherwise_p
            out[i] = (1 - p) / 2
            out[i, LABELS.index(self.labels[ln.number] if listed else self.otherwise)] = p
        return out


def comments_holding(table, *words: str) -> LabelsByLine:
    """A fake line model that labels a line comment when it holds one of ``words``."""
    return LabelsByLine({ln.number: "comment" for ln in table if any(w in ln.text for w in words)})


FORUM_POST = """#12
RedPill_Hassan
I have said it from page one. The towers went up in November and nobody asked why.
--
Truth is treason in an empire of lies
Quote
Top
Can't sleep, clowns will eat me
"""


def test_a_forum_signature_under_a_post_ends_that_post():
    from claimscope.segment.combine import relabel
    from claimscope.segment.lines import line_table
    from claimscope.segment.text import CorpusEvidence, Draft

    table = line_table(FORUM_POST)
    drafts = [Draft("comment", table[:3], author="RedPill_Hassan", has_body=True), Draft("boilerplate", table[3:])]
    out = relabel(table, drafts, comments_holding(table, "page one", "treason", "clowns"), CorpusEvidence())
    kinds = [(d.kind, [ln.number for ln in d.members]) for d in out]
    # the separator and the signature join the post; the controls stay furniture; a comment
    # line past them is no signature: it is a comment of its own
    assert kinds[0] == ("comment", [1, 2, 3, 4, 5])
    assert ("boilerplate", [6, 7]) in kinds
    assert kinds[-1] == ("comment", [8])


def test_a_run_too_long_for_a_signature_is_a_comment_of_its_own():
    from claimscope.segment.combine import SIGNATURE_LINES, relabel
    from claimscope.segment.lines import line_table
    from claimscope.segment.text import CorpusEvidence, Draft

    text = "Anna\nFirst post with enough words to read as a comment.\n" + "".join(
        f"another reply line number {i} with words\n" for i in range(SIGNATURE_LINES + 1))
    table = line_table(text)
    drafts = [Draft("comment", table[:2], author="Anna", has_body=True), Draft("boilerplate", table[2:])]
    out = relabel(table, drafts, comments_holding(table, "First post", "reply line"), CorpusEvidence())
    assert [ln.number for ln in out[0].members] == [1, 2]
    assert all(d.kind == "comment" for d in out)


def test_phpbb_thread_furniture_is_chrome():
    from claimscope.segment import lines as L
    from claimscope.segment.lines import line_table

    furniture = line_table("Display posts from previous: All posts   Sort by: Post time   Ascending\n"
                           "Users browsing this forum: No registered users and 7 guests")
    assert all(L.is_chrome(ln) for ln in furniture)


def test_a_date_or_section_name_the_model_calls_article_is_no_story_of_its_own():
    from claimscope.segment.combine import relabel
    from claimscope.segment.lines import line_table
    from claimscope.segment.text import CorpusEvidence, Draft

    text = ("Thursday, 02 April 2020\nAfrica\n\nRockets Hit The Air Base\n" + STORY.split("By Staff Writer\n\n")[1]
            + "\nMenu\nA paragraph of prose the rules missed, which the model reads as the story going on.\n")
    table = line_table(text)
    story = [ln for ln in table if ln.number >= 4 and ln.words > 3 and "paragraph of prose" not in ln.text]
    drafts = [Draft("boilerplate", table[:2]), Draft("article", story, has_body=True),
              Draft("boilerplate", [ln for ln in table if ln.text == "Menu" or "paragraph of prose" in ln.text])]
    rescued = {ln.number: "article" for ln in table if ln.text in ("Thursday, 02 April 2020", "Africa")}
    rescued |= {ln.number: "article" for ln in table if "paragraph of prose" in ln.text}
    out = relabel(table, drafts, LabelsByLine(rescued, otherwise="article"), CorpusEvidence())
    in_articles = [ln.text for d in out if d.kind == "article" for ln in d.members]
    # the date and "Africa" stay chrome, and so does "Menu" (a chrome pattern names it);
    # the prose under it is content
    assert not {"Thursday, 02 April 2020", "Africa", "Menu"} & set(in_articles)
    assert "paragraph of prose" in in_articles[-1] and "Rockets Hit The Air Base" in in_articles


def test_unnamed_comments_right_above_a_named_thread_belong_to_it():
    from claimscope.segment.combine import relabel
    from claimscope.segment.lines import line_table
    from claimscope.segment.text import CorpusEvidence, Draft

    text = STORY + ("23 comments\n"
                    "Everyone forgets that the government in the capital is the one recognised by the UN.\n"
                    "Karim\nI am from the city. The drones saved it last year when the siege began.\n"
                    "Sapper\nTwo launchers destroyed again. Either the crews are poor or the claims are.\n")
    table = line_table(text)
    number = {ln.text.split()[0]: ln.number for ln in table}
    by_number = {ln.number: ln for ln in table}
    first_comment = number["Everyone"]
    drafts = [Draft("boilerplate", [by_number[1]]),
              Draft("article", [ln for ln in table if 1 < ln.number < number["23"]], has_body=True),
              Draft("boilerplate", [by_number[number["23"]]]),
              Draft("comment", [by_number[first_comment]], has_body=True),
              Draft("comment", [by_number[number["Karim"]], by_number[number["Karim"] + 1]], author="Karim", has_body=True),
              Draft("comment", [by_number[number["Sapper"]], by_number[number["Sapper"] + 1]], author="Sapper",
                    has_body=True)]
    # the model reads the anonymous comment as a story; under a named thread it stays a comment
    model = LabelsByLine({1: "boilerplate", number["23"]: "boilerplate"}, otherwise="article")
    out = relabel(table, drafts, model, CorpusEvidence())
    kind_of = {ln.number: d.kind for d in out for ln in d.members}
    assert kind_of[first_comment] == "comment"
    assert [d.author for d in out if d.kind == "comment"] == [None, "Karim", "Sapper"]


def test_a_name_line_right_above_comments_the_model_finds_is_their_author():
    from claimscope.segment.combine import relabel
    from claimscope.segment.lines import line_table
    from claimscope.segment.text import CorpusEvidence, Draft

    text = STORY + ("One Response to Rockets Hit The Air Base\n\n  1. Jane Roe says:\n\nAugust 9, 2012 at 12:04 pm\n\n"
                    "The hangar was hit twice before, and nobody repaired the fence around it since then.\n")
    table = line_table(text)
    number = {ln.text.split()[0]: ln.number for ln in table}
    story = [ln for ln in table if ln.number >= number["Rockets"]]
    drafts = [Draft("boilerplate", table[:1]), Draft("article", story, title=story[0].text, has_body=True)]
    # the rules read the thread as the story's tail; the model finds the comment's date and
    # text but not the name line above them
    model = LabelsByLine({number["August"]: "comment",
                          **{ln.number: "comment" for ln in table if "fence" in ln.text}}, otherwise="article")
    out = relabel(table, drafts, model, CorpusEvidence())
    [comment] = [d for d in out if d.kind == "comment"]
    assert comment.author == "Jane Roe" and comment.members[0].text == "1. Jane Roe says:"
    assert "fence" in comment.members[-1].text


SHORT_SIGNED_BELOW = """###  Comments (3)

Love this band

Posted by Anonymous | November 12, 2012 6:50 PM

hot

Posted by Anonymous | November 12, 2012 7:07 PM

psst... 11/13 is Tuesday

Posted by Mel | November 12, 2012 7:08 PM

###  Leave a Comment
"""


def test_a_thread_signed_below_is_read_so_even_when_its_first_comment_is_three_words():
    # nothing follows the last signature but the comment form: the signatures close comments
    comments = [s for s in segment_page(page(STORY + SHORT_SIGNED_BELOW)) if s.kind == "comment"]
    assert [(c.text.splitlines()[0], c.author) for c in comments] == [
        ("Love this band", "Anonymous"), ("hot", "Anonymous"), ("psst... 11/13 is Tuesday", "Mel")]


def dated_thread(names: list[str]) -> str:
    return "".join(f"{name} says:\nAugust {k + 1}, 2012 at 12:5{k % 10} pm\n"
                   f"Comment number {k} about the game, the bullpen and the lineup card tonight.\n\n"
                   for k, name in enumerate(names))


def test_a_long_dated_thread_stands_under_a_post_of_one_line():
    from claimscope.segment.combine import DATED_THREAD

    names = [f"Fan{k}" for k in range(DATED_THREAD)]
    # a game thread: one line of post, then comments each signed with a name and a date
    segs = segment_page(page(LEAD + dated_thread(names)), model=SureModel("boilerplate", 0.9))
    assert [s.author for s in segs if s.kind == "comment"] == names
    # one comment fewer and the thread is judged by the model like the rest of the page
    segs = segment_page(page(LEAD + dated_thread(names[:-1])), model=SureModel("boilerplate", 0.9))
    assert "comment" not in [s.kind for s in segs]


def test_a_thread_of_one_opens_under_wordpress_words_but_a_sentence_does_not():
    from claimscope.segment import lines as L
    from claimscope.segment.lines import line_table

    def marker(text: str) -> bool:
        return L.is_zone_marker(line_table(text)[0])

    assert marker("# One Response to Scouting Report: Will the Rookie Be the Next Star?")
    assert marker("One Comment on “Talks on water supply resume”")
    assert not marker("One response to the attack was a curfew in the city.")


SHORT_POST = ["Roundup: Storm Gear", "By Jane Roe on 10.29.12",
              "As the storm barrels up the coast, here is the kit we would want for three days without power.",
              "Beyond the basics, a few pieces of gear make the days after the storm far easier to live through.",
              "Read More"]


def test_a_lone_teaser_the_model_reads_as_a_story_is_the_page_story():
    from claimscope.segment.combine import FALLBACK_STORY, STORY_RECOGNISED, relabel
    from claimscope.segment.lines import line_table
    from claimscope.segment.text import CorpusEvidence, Draft

    def kinds(posts: int, story: str = "", p: float = STORY_RECOGNISED + 0.05) -> list[str]:
        table = line_table("Home | Gear | Style | Contact\n\n" + story + "\n\n".join(["\n".join(SHORT_POST)] * posts))
        prose = {ln.number: "article" for ln in table if ln.text.startswith(("As the storm", "Beyond the"))}
        drafts = [Draft("boilerplate", table[:1])]
        first = 1
        if story:
            first = 1 + len(story.strip().splitlines())
            drafts.append(Draft("article", table[1:first], has_body=True))
        for k in range(posts):  # the rules read each post as a teaser (a headline, a byline, a summary)
            members = table[first + k * len(SHORT_POST): first + (k + 1) * len(SHORT_POST)]
            drafts.append(Draft("teaser", members, title=members[0].text))
        model = LabelsByLine(prose, otherwise="boilerplate", p=p, otherwise_p=0.7)
        return [d.kind for d in relabel(table, drafts, model, CorpusEvidence())]

    # a page whose one teaser of prose the model reads as a story: that is the page's story
    assert "article" in kinds(1) and "teaser" not in kinds(1)
    # a list of such teasers (a category page) stays a list of teasers
    assert "article" not in kinds(3)
    # ... and so does a teaser the model hardly reads as a story, or one under a story of the page
    assert "article" not in kinds(1, p=FALLBACK_STORY - 0.05)
    # a teaser it reads as one, short of recognising it, is still the story of a page with no other
    assert "article" in kinds(1, p=STORY_RECOGNISED - 0.05)
    story = ("Rockets hit the air base north of Baghdad overnight, officials said on Monday morning.\n"
             "The attack was the third on the base this month, and no group has claimed it so far.\n\n")
    assert kinds(1, story=story).count("article") == 1 and "teaser" in kinds(1, story=story)


def test_a_story_at_the_head_of_a_named_comment_is_no_part_of_it():
    from claimscope.segment.combine import STORY_HEAD_LINES, STORY_RECOGNISED, relabel
    from claimscope.segment.lines import line_table
    from claimscope.segment.text import CorpusEvidence, Draft

    paragraphs = ["Seven people lived in the house, which the blast levelled just after eight in the morning.",
                  "When firefighters arrived, several fires were still burning in the wreckage of the house.",
                  "Firefighters were shutting off the propane tanks that supplied fuel to the whole street.",
                  "A neighbour said the explosion was so strong that it blew his basement door off its hinges."]
    reply = "I live two streets away and we heard it from the kitchen."

    def comment_lines(name_above: bool, story: int) -> list[int]:
        signature = "by Jane Roe on Aug 9, 2012 2:16 PM EDT"
        body = paragraphs[:story] + [reply]
        text = "\n".join(["Advertise | AdChoices", *body] if name_above else [*body, signature])
        table = line_table(text)
        author = "Advertise | AdChoices" if name_above else "Jane Roe"
        drafts = [Draft("comment", table, author=author, has_body=True)]
        story_rows = {ln.number: "article" for ln in table if ln.text in paragraphs}
        model = LabelsByLine(story_rows, otherwise="comment", p=STORY_RECOGNISED + 0.05)
        return [ln.number for d in relabel(table, drafts, model, CorpusEvidence()) if d.kind == "comment"
                for ln in d.members]

    # a widget's line read as a name over a story's paragraphs: the paragraphs are the story's
    found = comment_lines(name_above=True, story=2)
    assert 4 in found and not {2, 3} & set(found)  # the reply stays a comment
    # signed below: a story the model recognises above the comment text is the post itself ...
    assert len(comment_lines(name_above=False, story=STORY_HEAD_LINES)) == 2
    # ... and a shorter one is the comment's quote, which stays in it with its signature
    assert len(comment_lines(name_above=False, story=STORY_HEAD_LINES - 1)) == STORY_HEAD_LINES + 1


ONE_PARAGRAPH_POST = """Home
Style
Recipes
Five One-Pot Dinners For A Busy Week
Cooking a homemade meal is great, but the pile of dirty dishes afterwards is not, so this week we rounded up five dinners that need only one pot.
More Stories
Twenty Ways To Work Your Abs Without Crunches, and a few other things we tried this month at the office.
The Ultimate Fall Boot Guide, with every pair our editors wore through a wet October and would buy again.
"""


def test_a_page_with_no_story_gets_the_paragraph_the_model_singles_out():
    from claimscope.segment.combine import FALLBACK_RIVAL, FALLBACK_STORY, relabel
    from claimscope.segment.lines import line_table
    from claimscope.segment.text import CorpusEvidence, Draft

    table = line_table(ONE_PARAGRAPH_POST)
    post, first, second = [ln for ln in table if ln.words > 12]
    drafts = [Draft("boilerplate", table[:4]), Draft("teaser", [post]), Draft("boilerplate", [table[5]]),
              Draft("teaser", [first]), Draft("teaser", [second])]

    def story_of(post_p: float, rival_p: float) -> list[str]:
        model = ArticleScores({post.number: post_p, first.number: rival_p})
        return [ln.text for d in relabel(table, drafts, model, CorpusEvidence()) if d.kind == "article"
                for ln in d.members]

    # one paragraph the model reads as a story, nothing near it: the page's story
    assert story_of(0.5, 0.02) == [post.text]
    # too weak a reading, or a teaser read alike (an index page): no story
    assert story_of(FALLBACK_STORY - 0.05, 0.0) == []
    assert story_of(0.5, 0.5 * FALLBACK_RIVAL + 0.01) == []


class ArticleScores:
    """A fake line model that reads the listed lines as article with the given probability
    and every other line as boilerplate (article 0.01)."""

    def __init__(self, article: dict[int, float]) -> None:
        self.article = article

    def predict(self, table, rule_kinds, author_lines, recurs):
        out = np.zeros((len(table), len(LABELS)), dtype=np.float32)
        for i, ln in enumerate(table):
            p = self.article.get(ln.number, 0.01)
            out[i, LABELS.index("article")], out[i, LABELS.index("boilerplate")] = p, 1 - p
        return out
