"""How the model's P(hate) is weighed against its other classes (toxicity._model_hate)."""
import pytest

from claimscope.classify import toxicity
from claimscope.classify.lexicon import load_lexicon
from tests.conftest import needs

UNSURE = {"none": 0.5, "hate": 0.38, "offensive": 0.12}  # implicit hate looks like this


@pytest.fixture
def rule(monkeypatch):
    def use(name, cutoff=0.3):
        monkeypatch.setattr(toxicity, "hate_rule", lambda: name)
        monkeypatch.setattr(toxicity, "hate_cutoff", lambda: cutoff)
    return use


def _model_hate(probs, text):
    return toxicity._model_hate(probs, load_lexicon().hits(text), text)


@pytest.mark.parametrize("text", ["the chinese are taking over our country",
                                  "all immigrants want to live on our taxes",
                                  "they never work and they are always complaining"])
def test_generic_claims_about_a_group(text):
    assert toxicity.generic_claim(text, load_lexicon().hits(text))


@pytest.mark.parametrize("text", ["Could the Kurds have seen sense and been negotiating with the government?",
                                  "Great points!", "No you idiot, read the report first."])
def test_questions_and_insults_are_no_generic_claims(text):
    assert not toxicity.generic_claim(text, load_lexicon().hits(text))


def test_claim_rule_counts_unsure_hate_only_for_a_generic_claim(rule):
    rule("claim")
    assert _model_hate(UNSURE, "the chinese are taking over our country") == 0.38
    assert _model_hate(UNSURE, "Could the Kurds have seen sense and been negotiating?") < 0.3


def test_claim_rule_keeps_insults_out(rule):
    rule("claim")
    # more likely offensive: an insult, whatever the text says
    assert _model_hate({"none": 0.2, "hate": 0.38, "offensive": 0.42}, "all immigrants are idiots") < 0.3
    # unsure, and an insult word without any group: abuse of a person
    assert _model_hate(UNSURE, "they are all idiots") < 0.3
    # hate most likely: counts as it did in v2
    assert _model_hate({"none": 0.3, "hate": 0.5, "offensive": 0.2}, "Muslims again, as usual") == 0.5


@pytest.mark.parametrize("name", ["claim", "most_likely", "offensive"])
def test_model_hate_needs_a_group_the_text_points_at(rule, name):
    rule(name)
    confident = {"none": 0.1, "hate": 0.8, "offensive": 0.1}
    for text in ("Think about that for one minute.", "Fake news.",
                 "But the people in Washington who do this are not better than criminals."):
        assert _model_hate(confident, text) < 0.3, text
    for text in ("Muslims again, as usual", "they should all go back", "disabled people need to stop complaining"):
        assert _model_hate(confident, text) == 0.8, text


def test_most_likely_rule_is_v2s(rule):
    rule("most_likely")
    assert _model_hate(UNSURE, "the chinese are taking over our country") < 0.3
    assert _model_hate({"none": 0.3, "hate": 0.5, "offensive": 0.2}, "those people, again") == 0.5


@needs("classify")
def test_shipped_model_is_v5_with_its_rule():
    from claimscope.classify.textmodel import MODELS_DIR, load_model

    if not (MODELS_DIR / f"{toxicity.MODEL_NAME}.joblib").exists():
        pytest.skip("trained models are missing")
    artefact = load_model(toxicity.MODEL_NAME)
    assert toxicity.MODEL_NAME == "claimscope-toxicity-v5"
    assert artefact["hate_rule"] in toxicity.HATE_RULES and artefact["slur_rule"] in toxicity.SLUR_RULES
    # calibrated by scripts/train_toxicity.py on named data (the model card says which)
    assert "calibration_data" in artefact["metrics"]["calibration"]
    assert 0.0 < artefact["hate_cutoff"] < 1.0


def _score(probs, text):
    return toxicity._score(probs, load_lexicon().hits(text), text, [(0, len(text), probs)])


@pytest.mark.parametrize("text", ["lol", "Fake news.", "Exactly."])
def test_short_remarks_are_judged_by_the_lexicon_alone(rule, text):
    rule("claim")
    score = _score({"none": 0.1, "hate": 0.2, "offensive": 0.7}, text)
    assert score.toxic < 0.5 and score.hate < 0.5


def test_short_insults_still_count(rule):
    rule("claim")
    assert _score({"none": 0.8, "hate": 0.1, "offensive": 0.1}, "you pussy").toxic >= 0.5
    # three words and more: the model counts again
    assert _score({"none": 0.1, "hate": 0.2, "offensive": 0.7}, "this is disgusting trash").toxic >= 0.5


def test_a_pronoun_names_a_target_only_in_a_short_statement():
    hits = []
    assert toxicity.names_a_target("they should all go back where they came from", hits)
    long_comment = ("But the people in Washington who do this are not better than criminals. "
                    "Every year they say the sanctions don't touch food and medicine, and every "
                    "year the pharmacies are emptier.")
    assert not toxicity.names_a_target(long_comment, hits)
    assert toxicity.names_a_target(long_comment + " Those people never learn.", hits)
