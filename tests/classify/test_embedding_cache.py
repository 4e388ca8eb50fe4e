"""The classifiers' embedding: one transformer pass gives a text's vector and its word-piece
states, and recent texts' vectors are kept (repeated paragraphs are embedded once)."""
import importlib.util

import numpy as np
import pytest

from claimscope.classify import embedding


class CountingForward:
    def __init__(self):
        self.seen = []

    def __call__(self, texts, layers=None):
        self.seen += list(texts)
        return [(np.full(embedding.DIM, len(t), dtype=np.float32),
                 embedding.TokenStates(np.zeros((1, embedding.DIM), np.float32), np.array([[0, len(t)]])))
                for t in texts]


def test_repeated_texts_are_embedded_once_and_the_oldest_are_dropped(monkeypatch):
    fake = CountingForward()
    monkeypatch.setattr(embedding, "_forward", fake)
    monkeypatch.setattr(embedding, "RECENT_TEXTS", 3)
    monkeypatch.setattr(embedding, "_recent", embedding.OrderedDict())

    first = embedding.encode(["a paragraph", "a reposted paragraph"])
    again = embedding.encode(["a reposted paragraph", "new", "a paragraph"])
    assert sorted(fake.seen) == ["a paragraph", "a reposted paragraph", "new"]
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[2], first[0])

    embedding.encode(["x", "yy"])  # over the cap: the least recently used go first
    assert list(embedding._recent) == ["a paragraph", "x", "yy"]


def test_token_states_are_computed_even_for_remembered_vectors(monkeypatch):
    fake = CountingForward()
    monkeypatch.setattr(embedding, "_forward", fake)
    monkeypatch.setattr(embedding, "_recent", embedding.OrderedDict())
    embedding.encode(["seen before"])
    vectors, tokens = embedding.encode_tokens(["seen before", "seen before"])
    assert fake.seen == ["seen before", "seen before"]  # states are not kept, so asked again, once
    assert len(tokens) == 2 and tokens[0].offsets.tolist() == [[0, 11]]
    # and the vectors they bring are remembered for the toxicity model's encode() after them
    assert np.array_equal(embedding.encode(["seen before"])[0], vectors[0])


@pytest.mark.skipif(not embedding.available(), reason="the link extra (MiniLM) is not installed")
def test_vectors_match_sentence_transformers_and_pieces_point_into_the_text():
    from claimscope.link.embed import model

    texts = ["The brutal regime is cowardly resisting.", "", "Zakharova said 50 people were killed."]
    vectors, tokens = embedding.encode_tokens(texts)
    reference = model().encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    assert np.abs(vectors - reference).max() < 1e-5
    assert len(tokens[1].states) == 0  # no word pieces in an empty text ([CLS], [SEP] left out)
    pieces = [texts[0][s:e].lower() for s, e in tokens[0].offsets]
    assert pieces[:3] == ["the", "brutal", "regime"] and tokens[0].states.shape == (len(pieces), embedding.DIM)
    pieces = [texts[2][s:e] for s, e in tokens[2].offsets]
    assert "50" in pieces and "".join(pieces) == texts[2].replace(" ", "")  # "Zakharova" is several pieces
    _, both = embedding.encode_tokens(texts[:1], layers=(6, 4))  # layers side by side, the last first
    assert both[0].states.shape == (len(tokens[0].offsets), 2 * embedding.DIM)
    assert np.allclose(both[0].states[:, :embedding.DIM], tokens[0].states, atol=1e-5)


def test_recent_token_states_serve_the_next_stage_within_a_piece_budget(monkeypatch):
    fake = CountingForward()  # one piece per text
    monkeypatch.setattr(embedding, "_forward", fake)
    monkeypatch.setattr(embedding, "_recent", embedding.OrderedDict())
    monkeypatch.setattr(embedding, "_recent_states", embedding.OrderedDict())
    monkeypatch.setattr(embedding, "_remembered_pieces", [0])
    monkeypatch.setattr(embedding, "RECENT_PIECES", 2)

    _, first = embedding.encode_tokens(["a paragraph", "a comment"], layers=(6, 4))
    _, again = embedding.encode_tokens(["a comment", "a paragraph"], layers=(6, 4))
    assert fake.seen == ["a comment", "a paragraph"]  # the extract stage's pass serves classify
    assert again[0] is first[1] and again[1] is first[0]

    embedding.encode_tokens(["a comment"], layers=(6,))  # other layers: other states
    assert fake.seen[-1] == "a comment"

    # a call whose remembered texts are pushed out by its own new ones still gets them
    _, mixed = embedding.encode_tokens(["a paragraph", "new one", "newer one"], layers=(6, 4))
    assert mixed[0] is first[0] and len(mixed) == 3
    assert embedding._remembered_pieces[0] <= 2 and len(embedding._recent_states) <= 2
