"""The shared encoder: one transformer pass gives a text's vector and its word-piece states,
and a page's ``Encodings`` keeps them for the next stage (repeated paragraphs are embedded
once) within its budgets."""
import pickle

import pytest

np = pytest.importorskip("numpy")  # the classify and link extras

from claimscope import encoder  # noqa: E402
from claimscope.encoder import Encodings, TokenStates  # noqa: E402


class CountingForward:
    """A stand-in for the MiniLM pass: one piece per text, the vector says the text's length."""

    def __init__(self):
        self.seen = []

    def __call__(self, texts, layers=None):
        self.seen += list(texts)
        return [(np.full(encoder.DIM, len(t), dtype=np.float32),
                 TokenStates(np.zeros((1, encoder.DIM), np.float32), np.array([[0, len(t)]])))
                for t in texts]


def test_repeated_texts_are_embedded_once_and_the_oldest_are_dropped():
    fake = CountingForward()
    encodings = Encodings(forward=fake, max_texts=3)

    first = encodings.vectors(["a paragraph", "a reposted paragraph"])
    again = encodings.vectors(["a reposted paragraph", "new", "a paragraph"])
    assert sorted(fake.seen) == ["a paragraph", "a reposted paragraph", "new"]
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[2], first[0])

    encodings.vectors(["x", "yy"])  # over the cap: the least recently used go first
    assert list(encodings.recent) == ["a paragraph", "x", "yy"]


def test_token_states_are_computed_even_for_remembered_vectors():
    fake = CountingForward()
    encodings = Encodings(forward=fake)
    encodings.vectors(["seen before"])
    vectors, tokens = encodings.token_states(["seen before", "seen before"])
    assert fake.seen == ["seen before", "seen before"]  # states are not kept, so asked again, once
    assert len(tokens) == 2 and tokens[0].offsets.tolist() == [[0, 11]]
    # and the vectors they bring are remembered for the toxicity model's vectors() after them
    assert np.array_equal(encodings.vectors(["seen before"])[0], vectors[0])


def test_recent_token_states_serve_the_next_stage_within_a_piece_budget():
    fake = CountingForward()  # one piece per text
    encodings = Encodings(forward=fake, max_pieces=2)

    _, first = encodings.token_states(["a paragraph", "a comment"], layers=(6, 4))
    _, again = encodings.token_states(["a comment", "a paragraph"], layers=(6, 4))
    assert fake.seen == ["a comment", "a paragraph"]  # the extract stage's pass serves classify
    assert again[0] is first[1] and again[1] is first[0]

    encodings.token_states(["a comment"], layers=(6,))  # other layers: other states
    assert fake.seen[-1] == "a comment"

    # a call whose remembered texts are pushed out by its own new ones still gets them
    _, mixed = encodings.token_states(["a paragraph", "new one", "newer one"], layers=(6, 4))
    assert mixed[0] is first[0] and len(mixed) == 3
    assert encodings.pieces <= 2 and len(encodings.recent_states) <= 2


def test_a_cache_travels_to_another_process_empty():
    encodings = Encodings(forward=None, max_texts=7)
    encodings.recent["x"] = np.zeros(encoder.DIM, np.float32)
    copy = pickle.loads(pickle.dumps(encodings))
    assert not copy.recent and copy.max_texts == 7


def test_pages_do_not_share_encodings():
    from claimscope.analysis import PageAnalysis
    from claimscope.records import Page, page_id_for

    page = Page(id=page_id_for(b"A."), source="inline", format="text", raw=b"A.", text="A.")
    first = encoder.encodings_of(PageAnalysis(page=page))
    assert first is not encoder.encodings_of(PageAnalysis(page=page))
    analysis = PageAnalysis(page=page, encodings=first)
    assert encoder.encodings_of(analysis) is first and analysis == PageAnalysis(page=page)


@pytest.mark.skipif(not encoder.available(), reason="the link extra (MiniLM) is not installed")
def test_vectors_match_sentence_transformers_and_pieces_point_into_the_text():
    texts = ["The brutal regime is cowardly resisting.", "", "Zakharova said 50 people were killed."]
    vectors, tokens = Encodings().token_states(texts)
    reference = encoder.model().encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    assert np.abs(vectors - reference).max() < 1e-5
    assert len(tokens[1].states) == 0  # no word pieces in an empty text ([CLS], [SEP] left out)
    pieces = [texts[0][s:e].lower() for s, e in tokens[0].offsets]
    assert pieces[:3] == ["the", "brutal", "regime"] and tokens[0].states.shape == (len(pieces), encoder.DIM)
    pieces = [texts[2][s:e] for s, e in tokens[2].offsets]
    assert "50" in pieces and "".join(pieces) == texts[2].replace(" ", "")  # "Zakharova" is several pieces
    _, both = Encodings().token_states(texts[:1], layers=(6, 4))  # layers side by side, the last first
    assert both[0].states.shape == (len(tokens[0].offsets), 2 * encoder.DIM)
    assert np.allclose(both[0].states[:, :encoder.DIM], tokens[0].states, atol=1e-5)
