"""Issue 21: the claims step reads sentence vectors with the profile's encoder (MiniLM, or
the student under the fast profile), says which on its version and its links, and a query
of a linked store is read with the encoder its vectors came from — never another's."""
import pytest

np = pytest.importorskip("numpy")  # the link extra

from link_helpers import add, links_of, make_page, segments_by_lines, write_checkthat_files  # noqa: E402
from test_claims import A, B, C  # noqa: E402

from claimscope import encoder, student  # noqa: E402
from claimscope.errors import ClaimscopeError  # noqa: E402
from claimscope.link import embed, link_corpus, link_versions, vectors_encoder  # noqa: E402
from claimscope.link.claims import PRODUCER, best_matches, stored_encoder  # noqa: E402
from claimscope.settings import load_settings  # noqa: E402
from tests.conftest import needs  # noqa: E402

pytestmark = [needs("fast"), needs("link", "datasketch")]

FAST = load_settings(profile="fast")


def _store_three(store):
    for text, name, day in ((A, "a.txt", "01"), (B, "b.txt", "05"), (C, "c.txt", "02")):
        page = make_page(text, name, f"2020-03-{day}", f"outlet-{name[0]}")
        add(store, page, segments_by_lines(page, [("article", 1, 1)]))


def test_the_fast_profile_marks_the_claims_step_only():
    accurate, fast = link_versions(load_settings(profile="accurate")), link_versions(FAST)
    assert vectors_encoder(FAST) == student.NAME
    assert fast["claims"].startswith(f"{PRODUCER}+{student.NAME}+")
    assert not accurate["claims"].startswith(f"{PRODUCER}+{student.NAME}")
    assert {s for s in fast if fast[s] != accurate[s]} == {"claims"}


def test_student_vectors_are_the_students_normalised_sentence_vectors():
    texts = ["The army moved air defence systems into Idlib.", "lol"]
    vectors = encoder.encode(texts, using=student.NAME)
    expected = np.stack([v for v, _ in student.load().forward(texts, None)])
    assert vectors.shape == (2, encoder.DIM) and vectors.dtype == np.float32
    np.testing.assert_allclose(vectors, expected, rtol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    with pytest.raises(ClaimscopeError, match="no encoder named"):
        encoder.encode(texts, using="another-student-v9")


def test_a_store_linked_under_fast_names_the_student_and_is_queried_with_it(store, monkeypatch):
    _store_three(store)
    link_corpus(store, steps=("claims",), settings=FAST)
    [link] = links_of(store, "same_claim")
    assert link.producer == f"{PRODUCER}+{student.NAME}"
    db = store.link_state()
    assert stored_encoder(db) == student.NAME
    # a free-text query is read by the student too: MiniLM is never asked for
    monkeypatch.setattr(encoder, "model", lambda: pytest.fail("MiniLM read a query of a student-linked store"))
    [best] = best_matches(db, "The Turkish army moved Hawk air defense systems into Idlib near Saraqib.", limit=1)
    assert best["page_id"] == link.a_page_id or best["page_id"] == link.b_page_id
    assert best["score"] > 0.5


def test_a_store_linked_by_one_encoder_is_linked_again_by_the_other(store):
    """Vectors of two encoders are never compared: a changed profile starts the step over."""
    _store_three(store)
    embed.use_encoder(embed.hashed_bag_of_words)  # stands in for MiniLM: no model load
    try:
        link_corpus(store, steps=("claims",), settings=load_settings(profile="accurate"))
        assert {link.producer for link in links_of(store, "same_claim")} == {PRODUCER}
        assert stored_encoder(store.link_state()) == "minilm"
    finally:
        embed.use_encoder(None)
    link_corpus(store, steps=("claims",), settings=FAST)
    assert {link.producer for link in links_of(store, "same_claim")} == {f"{PRODUCER}+{student.NAME}"}
    assert stored_encoder(store.link_state()) == student.NAME
    assert store.link_state().versions() == {link_versions(FAST)["claims"]}


def test_eval_link_matcher_reads_with_the_profiles_encoder(tmp_path):
    from claimscope.evaluate.link_matcher import evaluate_link_matcher

    result = evaluate_link_matcher(*write_checkthat_files(tmp_path), settings=FAST)
    assert result["matcher"] == f"{PRODUCER}+{student.NAME}" and result["model"] == student.NAME
    assert result["map@1"] == 1.0
