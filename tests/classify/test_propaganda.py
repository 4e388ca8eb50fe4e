"""The propaganda model's parts: sentence split, span lexicon, fallback, thresholds."""
import pytest

np = pytest.importorskip("numpy")  # the classify and link extras

from claimscope.classify import propaganda  # noqa: E402
from claimscope.classify.textmodel import MODELS_DIR, load_model  # noqa: E402
from tests.conftest import needs, require_extra  # noqa: E402


def _model():
    require_extra("classify")
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
    assert set(propaganda.shown_thresholds(0.8).values()) == {0.8}


def test_shown_thresholds_come_with_the_model_and_are_never_below_the_stored_ones():
    """Issue #19: the model carries, per technique, the threshold at which its flags are
    shown by default, calibrated on named data; some techniques are never shown."""
    artefact = _model()
    for stored, shown in (("thresholds", "shown_thresholds"), ("ngram_thresholds", "ngram_shown_thresholds")):
        assert set(artefact[shown]) == set(artefact["techniques"])
        assert all(artefact[shown][t] >= artefact[stored][t] for t in artefact["techniques"])
    assert any(v > 1 for v in artefact["shown_thresholds"].values())  # some are never shown
    assert any(v <= 1 for v in artefact["shown_thresholds"].values())
    calibration = artefact["shown_calibration"]
    assert calibration["precision"] == 0.5 and "semeval2023-task3-en-train" in calibration["data"]


def test_real_page_calibration_only_raises_the_shown_thresholds_of_the_model_it_was_made_for(monkeypatch):
    """Labelled flags of real news pages raise a technique's shown threshold (Loaded_Language
    at 0.28 was right a quarter of the time there), never lower one, and apply only to the
    model whose scores were labelled."""
    artefact = _model()
    key = "shown_thresholds" if propaganda.uses_embeddings() else "ngram_shown_thresholds"
    own = artefact[key]
    pages = propaganda._page_thresholds()
    shown = propaganda.shown_thresholds()
    if propaganda.model_label() in pages:
        calibrated = pages[propaganda.model_label()]
        assert all(shown[t] == max(own[t], calibrated.get(t, 0.0)) for t in own)
        assert any(shown[t] > own[t] for t in calibrated)
    monkeypatch.setattr(propaganda, "_page_thresholds", lambda: {"another-model": {t: 2.0 for t in own}})
    assert propaganda.shown_thresholds() == own


def _head(context: bool):
    """A one-fold span head whose technique 0 fires on state dimension 0 and technique 1 on
    dimension 1 (weights written by hand: GELU(x) ≈ x for these inputs)."""
    din = 2 * 384 if context else 384
    w1 = np.zeros((1, din, 2), dtype=np.float16)
    w1[0, 0, 0] = w1[0, 1, 1] = 1.0
    w2 = np.eye(2, dtype=np.float16)[None] * 4
    return {"context": context, "w1": w1, "b1": np.zeros((1, 2), np.float16), "w2": w2,
            "b2": np.full((1, 2), -2.0, np.float16)}


@needs("link", "torch")  # the span heads run in torch
def test_span_heads_take_the_strongest_piece():
    from claimscope.encoder import TokenStates

    states = np.zeros((3, 384), dtype=np.float32)
    states[1, 0] = 3.0  # the second piece is loaded for technique 0
    states[2, 1] = 1.0  # the third, weakly, for technique 1
    paragraph = TokenStates(states, np.array([[0, 3], [4, 10], [11, 15]]))
    empty = TokenStates(np.zeros((0, 384), np.float32), np.zeros((0, 2), np.int32))
    score, best = propaganda.token_features([_head(False)], [paragraph, empty])
    assert best[0].tolist() == [1, 2] and best[1].tolist() == [-1, -1]
    assert score[0, 0] > score[0, 1] > -2.0 and score[1].tolist() == [-10.0, -10.0]
    # the context input puts the paragraph's mean state beside each piece's
    x = propaganda.token_inputs(paragraph, context=True)
    assert x.shape == (3, 768) and np.allclose(x[:, 384], 1.0)


def test_full_model_flags_the_sentence_that_drove_a_technique():
    from claimscope.encoder import Encodings

    artefact = _model()
    if not propaganda.uses_embeddings() or not artefact.get("token_heads"):
        pytest.skip("the full model (MiniLM) is not installed")
    text = ("The meeting took place on Monday in the capital. These treacherous, cowardly criminals "
            "will stop at nothing to destroy our glorious nation!")
    [result] = propaganda.technique_results([text])
    j = "Loaded_Language"
    assert result.probs[j] > propaganda.technique_results(["The meeting took place on Monday."])[0].probs[j]
    start, end = result.pieces[j]
    assert text.index("These") <= start < end <= len(text)  # in the loaded sentence, not the first
    assert Encodings().vectors([text]).shape == (1, 384)


@needs("link", "torch")  # the span heads run in torch
def test_span_heads_give_the_same_scores_in_small_batches(monkeypatch):
    from claimscope.encoder import TokenStates

    rng = np.random.default_rng(3)
    paragraphs = [TokenStates(rng.normal(size=(n, 384)).astype(np.float32), np.zeros((n, 2), np.int32))
                  for n in (4, 0, 7, 1, 5)]
    heads = [_head(False), _head(True)]
    whole = propaganda.token_features(heads, paragraphs)
    monkeypatch.setattr(propaganda, "PIECES_PER_BATCH", 5)  # one or two paragraphs a batch
    small = propaganda.token_features(heads, paragraphs)
    assert np.allclose(whole[0], small[0], atol=1e-5) and (whole[1] == small[1]).all()
    assert whole[1][1].tolist() == [-1, -1] and (whole[1][2] < 7).all()


def test_long_pages_are_read_a_few_paragraphs_at_a_time(monkeypatch):
    artefact = _model()
    if not propaganda.uses_embeddings():
        pytest.skip("the full model (MiniLM) is not installed")
    texts = ["Officials met on Monday.", "", "These cowardly traitors will destroy our glorious nation!",
             "Is that really what happened? Nobody knows.", "Make America great again!"]
    whole = propaganda.technique_results(texts)
    monkeypatch.setattr(propaganda, "TEXTS_PER_PASS", 2)
    vectors, span, pieces = propaganda.read_paragraphs(artefact, texts)
    assert vectors.shape == (5, 384) and span.shape == (5, len(artefact["techniques"])) and pieces[1] == {}
    again = propaganda.technique_results(texts)
    assert [r.pieces for r in again] == [r.pieces for r in whole]
    assert all(np.allclose(list(a.probs.values()), list(b.probs.values()), atol=1e-6) for a, b in zip(again, whole))


@needs("link", "torch")  # the span heads run in torch
def test_context_heads_match_their_training_inputs():
    """At run time a context head adds the paragraph-mean part once per paragraph; it must
    equal the network applied to the concatenated rows it was trained on."""
    import torch

    from claimscope.encoder import TokenStates

    rng = np.random.default_rng(5)
    head = {"context": True, "w1": rng.normal(size=(2, 768, 8)).astype(np.float16),
            "b1": rng.normal(size=(2, 8)).astype(np.float16),
            "w2": rng.normal(size=(2, 8, 3)).astype(np.float16), "b2": np.zeros((2, 3), np.float16)}
    paragraphs = [TokenStates(rng.normal(size=(n, 384)).astype(np.float32), np.zeros((n, 2), np.int32))
                  for n in (3, 5)]
    fast = propaganda.token_logits(head, paragraphs)
    rows = np.concatenate([propaganda.token_inputs(p, context=True) for p in paragraphs])
    w1, w2 = head["w1"].astype(np.float32), head["w2"].astype(np.float32)
    hidden = torch.nn.functional.gelu(torch.from_numpy(np.einsum("nd,fdh->fnh", rows, w1) + head["b1"][:, None, :].astype(np.float32)))
    slow = np.einsum("fnh,fht->fnt", hidden.numpy(), w2)
    assert fast.shape == (2, 8, 3) and np.allclose(fast, slow, atol=1e-3)
