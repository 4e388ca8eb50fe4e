"""The propaganda model's parts: sentence split, span lexicon, fallback, thresholds."""
import numpy as np
import pytest

from claimscope.classify import propaganda
from claimscope.classify.textmodel import MODELS_DIR, load_model


def _model():
    if not (MODELS_DIR / f"{propaganda.MODEL_NAME}.joblib").exists():
        pytest.skip("trained models are missing")
    return load_model(propaganda.MODEL_NAME)


def test_sentences_cover_the_paragraph():
    text = 'He lied. "They knew!" she said? Yes. 3 men came. e.g. this'
    spans = propaganda.sentences(text)
    assert [text[s:e] for s, e in spans] == ["He lied.", '"They knew!" she said?', "Yes.", "3 men came. e.g. this"]
    assert propaganda.sentences("") == [(0, 0)]


def test_words_keep_offsets():
    text = "The Left’s corrupt elites"
    assert [(w, text[s:e]) for w, s, e in propaganda.words(text)] == [
        ("the", "The"), ("left's", "Left’s"), ("corrupt", "corrupt"), ("elites", "elites")]


def test_lexicon_features_take_the_most_loaded_words():
    lexicon = {"grams": ["corrupt", "corrupt elites"], "prior": np.array([0.1, 0.2], dtype=np.float32),
               "rates": np.array([[0.5, 0.1], [0.8, 0.1]], dtype=np.float16)}
    out = propaganda.lexicon_features(["the corrupt elites", "nothing here", "corrupt"], lexicon)
    p = 1 / (1 + np.exp(-out))
    assert p.shape == (3, 4)
    assert np.allclose(p[0], [0.8, 0.1, 0.65, 0.1], atol=1e-3)  # max, then mean of the top two
    assert np.allclose(p[1], [0.1, 0.2, 0.1, 0.2], atol=1e-3)  # unknown words: the prior
    assert np.allclose(p[2], [0.5, 0.1, 0.3, 0.15], atol=1e-3)  # one word: its rate and the prior


def test_position_features_restart_per_document():
    pos = propaganda.position_features(["a", "bb", "c", "d"], ["x", "x", "y", "y"])
    assert pos[:, 0].tolist() == [1, 0, 1, 0]
    assert pos[:, 1].tolist() == [0, 1, 0, 1]


def test_model_scores_and_thresholds():
    artefact = _model()
    techniques = artefact["techniques"]
    assert set(techniques) <= set(propaganda.TECHNIQUES)
    assert set(artefact["thresholds"]) == set(artefact["ngram_thresholds"]) == set(techniques)
    texts = ["These treacherous, cowardly criminals will stop at nothing to destroy our glorious nation!",
             "", "The meeting took place on Monday."]
    fallback = propaganda.score_paragraphs(artefact, texts, ["a", "a", "a"], None)
    assert fallback.shape == (3, len(techniques))
    assert ((fallback >= 0) & (fallback <= 1)).all() and not fallback[1].any()
    j = techniques.index("Loaded_Language")
    assert fallback[0, j] > fallback[2, j]
    scores = propaganda.technique_scores(texts, ["a", "a", "a"])
    assert [set(s) for s in scores] == [set(techniques)] * 3
    assert all(isinstance(v, float) for v in scores[0].values())
    assert propaganda.technique_scores([]) == []


def test_one_threshold_overrides_all():
    _model()
    assert set(propaganda.thresholds(0.7).values()) == {0.7}
