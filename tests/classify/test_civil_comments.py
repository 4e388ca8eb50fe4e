"""Civil reader comments are not toxic (issue #19): the shipped model learned "none" from
civil comment threads as well as from tweets. The comments below were written for this test;
claimscope-toxicity-v4 flagged each of them toxic (0.51-0.53) on a comment unit."""
import pytest

from claimscope.settings import load_settings
from tests.conftest import needs

CIVIL = ["Okay, I give up, you win this round!",
         "I knew it! I told my husband this would happen.",
         "You guys are the best, seriously."]
RUDE = ["You are a pathetic moron and nobody wants to read your garbage."]


@pytest.fixture(scope="module")
def toxic_scores():
    from claimscope.classify import toxicity
    from claimscope.classify.lexicon import load_lexicon
    from claimscope.classify.textmodel import MODELS_DIR

    if not (MODELS_DIR / f"{toxicity.MODEL_NAME}.joblib").exists():
        pytest.skip("trained models are missing")
    if not toxicity.uses_embeddings():
        pytest.skip("the n-gram fallback was not retrained on comments")
    texts = CIVIL + RUDE
    return dict(zip(texts, (s.toxic for s in toxicity.score_texts(texts, load_lexicon()))))


@needs("classify")
@pytest.mark.parametrize("text", CIVIL)
def test_civil_comments_are_not_flagged_toxic(toxic_scores, text):
    assert toxic_scores[text] < load_settings().toxic_threshold


@needs("classify")
@pytest.mark.parametrize("text", RUDE)
def test_rude_comments_still_are(toxic_scores, text):
    assert toxic_scores[text] >= load_settings().toxic_threshold


@needs("classify")
def test_shipped_model_was_trained_with_civil_comments():
    from claimscope.classify import toxicity
    from claimscope.classify.textmodel import MODELS_DIR, load_model

    if not (MODELS_DIR / f"{toxicity.MODEL_NAME}.joblib").exists():
        pytest.skip("trained models are missing")
    assert load_model(toxicity.MODEL_NAME)["metrics"]["calibration"]["variant"] == "comments"
