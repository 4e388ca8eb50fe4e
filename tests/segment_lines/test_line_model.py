"""The learned line model and how the segmenter combines it with the rules (issue 17)."""
import numpy as np
import pytest

from claimscope.records import Page
from claimscope.segment import VERSION, segment_page
from claimscope.segment.model import LABELS, BinnedLinear, load_model


def page(text: str) -> Page:
    return Page(id="t", source="t", format="text", raw=text.encode(), text=text)


def test_binned_linear_adds_the_weight_of_each_features_bin():
    model = BinnedLinear(edges=(np.array([1.0, 2.0], dtype=np.float32), np.array([], dtype=np.float32)),
                         offsets=np.array([0, 3]),
                         weights=np.array([[0, 0, 0], [2, 0, 0], [0, 2, 0], [0, 0, 1]], dtype=np.float32),
                         bias=np.zeros(3, dtype=np.float32))
    probs = model.probabilities(np.array([[0.5, 9.0], [1.5, 9.0], [2.5, 9.0]], dtype=np.float32))
    assert probs.argmax(axis=1).tolist() == [2, 0, 1]
    assert np.allclose(probs.sum(axis=1), 1.0)


def test_shipped_model_loads_small_and_gives_probabilities():
    model = load_model()
    assert len(model.checksum) == 12
    assert model.first.weights.shape[1] == len(LABELS) == model.second.weights.shape[1]
    assert model.first.weights.size + model.second.weights.size < 2_000_000


def test_version_names_the_line_model():
    assert VERSION == "segment.lines.v3"


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
    rules = [(s.kind, s.line_start, s.line_end) for s in segment_page(page(STORY), model=SureModel("comment", 0.6))]
    assert sum(k == "article" for k, _, _ in rules) == 1
    assert all(k != "comment" for k, _, _ in rules)


def test_a_thread_the_rules_read_with_names_stands_whatever_the_model_says():
    segs = segment_page(page(STORY + SAYS_THREAD), model=SureModel("article", 0.99))
    assert [s.author for s in segs if s.kind == "comment"] == ["John Smith", "Mary Jones", "Peter Brown"]


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
    segs = segment_page(page(LEAD + SAYS_THREAD), model=SureModel("article", 0.6))
    assert [s.author for s in segs if s.kind == "comment"] == ["John Smith", "Mary Jones", "Peter Brown"]


def test_page_features_place_each_line_against_the_pages_best_line():
    from claimscope.segment.model import page_features

    # a page from an unseen site: no line looks like an article to the first pass, but
    # the third is the most article-like of this page
    probs = np.array([[0.05, 0.05, 0.9], [0.10, 0.10, 0.8], [0.30, 0.0, 0.7], [0.15, 0.2, 0.65]],
                     dtype=np.float32)
    feats = page_features(probs)
    assert feats.shape == (4, 10)
    ratio, best, mean, rank = feats[:, 0], feats[:, 2], feats[:, 3], feats[:, 4]
    assert np.allclose(ratio, [0.05 / 0.3, 0.1 / 0.3, 1.0, 0.5])
    assert np.allclose(best, 0.3) and np.allclose(mean, 0.15)
    assert rank.tolist() == [1.0, pytest.approx(2 / 3), 0.0, pytest.approx(1 / 3)]
    comment_rank = feats[:, 9]
    assert comment_rank.argmin() == 3  # the comment columns rank by comment probability
    assert page_features(np.zeros((0, 3), dtype=np.float32)).shape == (0, 10)


def test_second_pass_reads_page_features_only_when_the_model_was_trained_with_them():
    from claimscope.segment.model import second_pass_input

    base = np.random.default_rng(0).random((6, 4)).astype(np.float32)
    probs = np.full((6, 3), 1 / 3, dtype=np.float32)
    plain, paged = second_pass_input(base, probs), second_pass_input(base, probs, page_level=True)
    assert paged.shape == (6, plain.shape[1] + 10)
    assert np.array_equal(paged[:, :plain.shape[1]], plain)



def test_the_shipped_models_second_pass_gets_as_many_features_as_it_was_trained_on():
    from claimscope.segment.lines import line_table
    from claimscope.segment.model import first_pass_input, second_pass_input
    from claimscope.segment.text import CorpusEvidence

    model, table = load_model(), line_table(STORY)
    base = first_pass_input(table, ["boilerplate"] * len(table), set(), CorpusEvidence().recurs)
    assert base.shape[1] == len(model.first.edges)
    second = second_pass_input(base, model.first.probabilities(base), model.page_level)
    assert second.shape[1] == len(model.second.edges)


def test_training_weighs_lines_that_article_f1_counts_more():
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    pytest.importorskip("sklearn")
    from train_segment_lines import row_weights

    [w] = row_weights([np.array([5, 29, 30, 200])], long_weight=3.0)
    assert np.allclose(w, np.array([1, 1, 3, 3]) / 2.0)  # and 1/sqrt(4 lines) per page
