"""The claim check (docs/models/claim-check.md): a learned score over a claim's shape that
drops verified candidates readers mostly judged wrong, and only under its setting."""
import json

from claimscope.extract import claim_check
from claimscope.extract.stage import ExtractStage
from claimscope.settings import Settings, load_settings

from tests.extract.conftest import analysis_for

PAGE = """Draft day notes

The coach said on Monday that the team would sign two new guards before the season.
He had bust written all over him from the first snap, and the scouts knew it.
NFL Network was reporting the story all afternoon.
The league confirmed that the draft would start on Thursday.
Disclosure: I own shares in the club and I love the new logo.
"""


def _scores() -> dict[str, float]:
    lines = PAGE.splitlines()
    shapes = {"coach": ("The coach", "said", "that the team would sign two new guards before the season", lines[2]),
              "topic": ("NFL Network", "was reporting", "the story all afternoon", lines[4]),
              "league": ("The league", "confirmed", "that the draft would start on Thursday", lines[5])}
    # each line here is one sentence: the claim's context
    return {name: claim_check.load().probability(claim_check.claim_features(s, c, t, "article", line))
            for name, (s, c, t, line) in shapes.items()}


def test_a_topic_scores_below_reported_statements():
    scores = _scores()
    assert scores["topic"] < 0.5 < scores["league"] < scores["coach"]


def test_setting_claim_check_threshold():
    """The setting decides which claims are stored."""
    analysis = analysis_for(PAGE, 1, 6)
    sources = {t: [c.source for c in ExtractStage(load_settings(claim_check_threshold=t))(analysis).claims]
               for t in (0.0, 0.5)}
    assert sources[0.0] == ["The coach", "NFL Network", "The league"]
    assert sources[0.5] == ["The coach", "The league"]  # the topic, scored under 0.5, is not stored


def test_the_threshold_is_part_of_the_extract_version():
    from claimscope.extract.stage import version

    assert version(load_settings(claim_check_threshold=0.0)) != version(load_settings())


def test_the_default_threshold_is_the_one_fitted_with_the_model():
    path = claim_check.locate(claim_check.MODEL_NAME)
    assert json.loads(path.read_text(encoding="utf-8"))["threshold"] == Settings.claim_check_threshold


def test_the_context_is_the_claims_own_sentences():
    text = "Q: Some politicians say the virus came from a laboratory. What is your response?\n"
    start = text.index("Some")
    context = claim_check.claim_context(text, start, text.index(". What"))
    assert context.endswith("Some politicians say the virus came from a laboratory.")  # not the question after it
    features = claim_check.claim_features("Some politicians", "say", "the virus came from a laboratory",
                                          "article", context)
    assert features["sentence_question"] == features["sentence_second_person"] == 0.0


def test_a_run_on_sentence_is_read_around_the_claim_only():
    text = "word " * 2000 + "the minister said the bridge was safe " + "word " * 2000
    start = text.index("the minister")
    context = claim_check.claim_context(text, start, start + 38)
    assert "minister said" in context and len(context) <= claim_check.CONTEXT_CHARS
