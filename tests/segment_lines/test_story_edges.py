"""On pages where the rules found no thread they trust, the line model decides line by line
where a story starts and ends (segment/combine.py, issue 17); a page with a trusted named
thread keeps the draft-level reading."""
import numpy as np

from claimscope.records import Page
from claimscope.segment import combine, segment_page
from claimscope.segment.model import LABELS

from .written import STORY

# a news page with no thread: the rules glue the site's furniture under the story to it
NEWS = """Menu | World | Business | Sport

Flood Barrier Opens Two Years Late

By Anna Weller, river correspondent

The new flood barrier on the lower river opened on Friday, two years after the date first promised by the regional authority.

Engineers said the gates can hold back a surge three metres higher than the one that flooded the harbour district in 2019.

The project cost 410 million euros, almost twice the first estimate, mostly because the riverbed proved softer than surveys had shown.

Residents of the harbour district, who paid a special levy for the barrier, said they were relieved but wanted an inquiry into the delays.

The authority said the first full test of the gates would take place in March, before the spring tides.

Get our morning briefing in your inbox, free, every weekday.

Most read this week on the regional desk pages

Topics: floods, harbour district, regional authority, infrastructure

Comments are closed for this story

Readers also liked these stories from the regional desk this month
"""

SAYS_THREAD = """3 Comments

John Smith says:
March 3, 2024 at 9:15 am
The bridge has been a danger for years and everyone in town knew it.

Mary Jones says:
March 3, 2024 at 10:02 am
Closing it will double my commute, but I would rather be late than fall in the river.
"""


def page(text: str) -> Page:
    return Page(id="t", source="t", format="text", raw=text.encode(), text=text)


class ScriptedModel:
    """A fake line model: lines containing one of ``chrome`` get ``p`` boilerplate, every
    other line article with the same confidence (the menu line is boilerplate as well)."""

    def __init__(self, chrome: tuple[str, ...], p: float) -> None:
        self.chrome, self.p = chrome + ("Menu |",), p

    def predict(self, table, rule_kinds, author_lines, recurs):
        rows = []
        for ln in table:
            row = np.full(len(LABELS), (1 - self.p) / 2, dtype=np.float32)
            row[LABELS.index("boilerplate" if any(c in ln.text for c in self.chrome) else "article")] = self.p
            rows.append(row)
        return np.array(rows)


def kind_of(segments, needle: str) -> str:
    return next(s.kind for s in segments if needle in s.text)


def test_the_shipped_model_cuts_furniture_the_rules_glued_under_a_story():
    segs = segment_page(page(NEWS))
    [story] = [s for s in segs if s.kind == "article"]
    assert story.title == "Flood Barrier Opens Two Years Late"
    for paragraph in ("The new flood barrier", "The authority said the first full test"):
        assert paragraph in story.text
    # the model reads this line as boilerplate with less than MIN_CONFIDENCE (0.8): the
    # draft-level trimming kept it in the story, the line-by-line decision does not
    assert kind_of(segs, "Comments are closed for this story") == "boilerplate"
    assert kind_of(segs, "Readers also liked") == "boilerplate"


def test_a_storys_tail_leaves_it_where_the_model_reads_it_as_chrome_below_min_confidence():
    model = ScriptedModel(("Topics:", "Comments are closed", "Readers also liked"), 0.78)
    segs = segment_page(page(NEWS), model=model)
    for chrome in ("Topics:", "Comments are closed", "Readers also liked"):
        assert kind_of(segs, chrome) == "boilerplate"
    # the line above them reads its neighbours (LINE_SMOOTHING) and the rules' kind
    assert kind_of(segs, "Most read this week") == "article"
    # the same model on a page whose thread the rules trust: the draft-level reading, which
    # trims only at MIN_CONFIDENCE, keeps the lines in the story
    story = NEWS.replace("Readers also liked these stories from the regional desk this month\n", "")
    segs = segment_page(page(story + "\n" + SAYS_THREAD), model=model)
    assert kind_of(segs, "Comments are closed") == "article"
    assert [s.author for s in segs if s.kind == "comment"] == ["John Smith", "Mary Jones"]


def test_a_titled_storys_head_stays_when_the_model_reads_it_as_chrome():
    model = ScriptedModel(("Flood Barrier Opens", "By Anna Weller"), 0.9)
    segs = segment_page(page(NEWS), model=model)
    [story] = [s for s in segs if s.kind == "article"]
    assert story.title == "Flood Barrier Opens Two Years Late"
    assert story.text.startswith("Flood Barrier Opens Two Years Late")


def test_a_prose_line_at_a_storys_end_needs_more_than_the_models_majority():
    last = "The authority said the first full test of the gates would take place in March"
    model = ScriptedModel((last,), 0.55)
    story = NEWS[:NEWS.index("Get our morning briefing")]
    segs = segment_page(page(story), model=model)
    assert kind_of(segs, last) == "article"
    # a line that is not prose (a short label) leaves at the same probability
    segs = segment_page(page(story + "Share this story\n"), model=ScriptedModel(("Share this story",), 0.55))
    assert kind_of(segs, "Share this story") == "boilerplate"


def test_a_story_the_model_reads_as_boilerplate_on_average_goes_whole_only_without_a_trusted_thread():
    model = ScriptedModel(("",), (combine.STORY_DROP + combine.ARTICLE_DROP_CONFIDENCE) / 2)
    assert "article" not in [s.kind for s in segment_page(page(NEWS), model=model)]
    # under a trusted thread a story goes only at ARTICLE_DROP_CONFIDENCE (0.9)
    segs = segment_page(page(STORY + SAYS_THREAD), model=model)
    assert kind_of(segs, "The city council voted") == "article"
    assert [s.author for s in segs if s.kind == "comment"] == ["John Smith", "Mary Jones"]
