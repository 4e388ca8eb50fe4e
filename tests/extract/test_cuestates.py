"""The v4 cue tagger's inputs and artefact: word pieces reach the right tokens, and a saved
tagger reads back to the same probabilities."""
import numpy as np
import pytest

from claimscope import encoder
from claimscope.encoder import Encodings
from claimscope.extract import cuemodel, cuestates

torch = pytest.importorskip("torch")


def _doc(text):
    from claimscope.extract.nlp import load_nlp

    return load_nlp()(text)


def test_each_token_gets_the_mean_of_the_pieces_over_it():
    text = "Zakharova said."
    base = 100  # the sentence starts at page offset 100
    # pieces: "zak" "##har" "##ova" "said" "." in page offsets, states = piece number
    offsets = np.array([[100, 103], [103, 106], [106, 109], [110, 114], [114, 115]])
    states = np.arange(5, dtype=np.float32)[:, None].repeat(3, axis=1)
    pieces = cuestates.PieceStates(offsets, states)
    vectors, present = cuestates.token_states(_doc(text), base, pieces)
    assert present == [True, True, True]
    assert vectors[:, 0].tolist() == [1.0, 3.0, 4.0]  # mean of 0, 1, 2; then "said"; then "."


def test_tokens_past_the_pieces_are_flagged_and_left_at_zero():
    text = "Officials said more."
    pieces = cuestates.PieceStates(np.array([[0, 9]]), np.ones((1, 2), np.float32))  # text cut after piece 1
    vectors, present = cuestates.token_states(_doc(text), 0, pieces)
    assert present == [True, False, False, False]
    assert not vectors[1:].any()
    flagged = cuestates.with_state_flags([["w=officials"], ["w=said"], ["w=more"], ["w=."]], present)
    assert flagged[0] == ["w=officials"] and flagged[1] == ["w=said", cuestates.NO_STATE]


def test_a_saved_tagger_reads_back_to_the_same_probabilities(tmp_path):
    torch.manual_seed(0)
    heads = [cuestates.build_head(6, 4, 3).eval() for _ in range(2)]
    members = [({"b": -1.0, "w=said": 2.5}, heads[0]), ({"b": -0.5, "l=say": 1.0}, heads[1])]
    mean, scale = np.zeros(6, np.float32), np.ones(6, np.float32)
    tagger = cuestates.StateCueTagger(members, mean, scale, 0.4, ["said"])
    path = tmp_path / cuestates.MODEL_FILE
    gate = cuestates.Gate(np.arange(6, dtype=np.float32), -1.0, 0.5)
    cuestates.save(path, members, mean, scale, 0.4, ["said"], (6, 4, 3), "a test", gate)
    again = cuestates.read(path)
    assert np.array_equal(again.gate.weights, gate.weights) and again.gate[1:] == (-1.0, 0.5)
    features = [["b", "w=officials"], ["b", "w=said", "l=say"], ["b", "w=."]]
    states = np.random.RandomState(1).normal(size=(3, 6)).astype(np.float32)
    assert np.allclose(tagger.probabilities(features, states), again.probabilities(features, states))
    assert again.threshold == 0.4 and again.vocabulary == {"said"}
    probs = again.probabilities(features, states)
    assert probs[1] > probs[0]  # the "said" weight counts


@pytest.mark.parametrize("profile", ["accurate", "fast"])
def test_shipped_tagger_finds_cues_the_sparse_tagger_also_finds(profile, monkeypatch):
    """Each profile's tagger on the states of its own encoder (MiniLM, or the student)."""
    monkeypatch.setattr(encoder._Use, "profile", profile)
    tagger = cuestates.load_state_tagger()
    if tagger is None:
        pytest.skip(f"the {profile} profile's v4 cue tagger or its encoder is absent")
    assert cuestates.model_file() == ("cue_tagger_states.npz" if profile == "accurate"
                                      else "cue_tagger_states.student-minilm-v1.npz")
    text = "The foreign ministry spokesperson noted that about 50 people were killed."
    pieces = cuestates.region_pieces([(0, text)], Encodings())
    doc = _doc(text)
    states, present = cuestates.token_states(doc, 0, pieces)
    assert all(present)
    probs = tagger.probabilities(cuemodel.sentence_features(doc), states)
    noted = [t.i for t in doc if t.text == "noted"][0]
    assert probs[noted] >= tagger.threshold
    assert max(p for i, p in enumerate(probs) if i != noted) < tagger.threshold


def test_word_pieces_are_read_one_pass_of_units_at_a_time(monkeypatch):
    passes = []

    def fake_forward(texts, layers=None):  # the MiniLM pass: one piece per text
        passes.append(list(texts))
        return [(np.zeros(encoder.DIM, np.float32),
                 encoder.TokenStates(np.zeros((1, 2), np.float32), np.array([[0, 1]], np.int32))) for _ in texts]

    monkeypatch.setattr(cuestates, "UNITS_PER_PASS", 2)
    reader = cuestates.WordPieces([(30, "c"), (0, "a"), (10, "b")], Encodings(forward=fake_forward))
    reader.around(12)
    reader.around(5)  # same pass as before: nothing read
    assert passes == [["a", "b"]]
    assert reader.around(31).offsets.tolist() == [[30, 31]] and passes[-1] == ["c"]


def test_the_gate_looks_only_at_the_pieces_inside_the_sentence():
    gate = cuestates.Gate(np.array([1.0, 0.0], np.float32), 0.0, 1.0)
    pieces = cuestates.PieceStates(np.array([[0, 4], [5, 9], [20, 24]]),
                                   np.array([[0.2, 9.0], [0.5, 0.0], [3.0, 0.0]], np.float32))
    assert not gate.fires(pieces, 0, 10)  # logits 0.2 and 0.5: under 1.0 (the second column has no weight)
    assert gate.fires(pieces, 15, 30)  # the piece at 20-24 scores 3.0
    assert not gate.fires(pieces, 10, 19)  # no piece inside


def test_sentences_are_batched_within_a_padded_token_budget():
    from claimscope.extract.attribution import sentence_batches

    assert [list(b) for b in sentence_batches([10, 20, 30, 5], budget=60)] == [[0, 1], [2, 3]]  # 2 × 30 fits
    assert [list(b) for b in sentence_batches([500, 3, 3], budget=100)] == [[0], [1, 2]]  # too long: alone
    assert sentence_batches([]) == []
