"""Same-claim linking, trace, exports and the CLEF harness, with a stand-in encoder.

The stand-in (hashed bag of words) keeps these tests fast and model-free; the
model itself is exercised by test_samples.py (marked ``model``).
"""

import pytest

np = pytest.importorskip("numpy")  # the classify and link extras

from claimscope.evaluate.clef import evaluate_ranking, read_claims, read_qrels, read_queries  # noqa: E402
from claimscope.link import embed, link_corpus  # noqa: E402
from claimscope.link.export import clusters_rows, links_rows  # noqa: E402
from claimscope.link.query import similar, trace, wording_changes  # noqa: E402
from tests.conftest import MINILM, needs  # noqa: E402

from link_helpers import add, make_page, segments_by_lines  # noqa: E402

@pytest.fixture(autouse=True)
def stand_in_encoder():
    embed.use_encoder(embed.hashed_bag_of_words)
    yield
    embed.use_encoder(None)


A = ("Officials said on Monday that the Turkish army moved MIM-23 Hawk air defense systems "
     "into Idlib province near Saraqib. Markets were calm in the capital on Monday afternoon.")
B = ("Sources report the Turkish army moved MIM-23 Hawk air defense systems into Idlib "
     "province near Saraqib last week. The weather was cold and rainy in the north.")
C = "Completely unrelated words about cooking pasta with tomatoes and fresh basil leaves today."


def _store_three(store):
    pages = [make_page(A, "a.txt", "2020-03-01", "outlet-a"),
             make_page(B, "b.txt", "2020-03-05", "outlet-b"),
             make_page(C, "c.txt", "2020-03-02", "outlet-c")]
    for page in pages:
        add(store, page, segments_by_lines(page, [("article", 1, 1)]))
    return pages


def test_same_claim_links_and_earliest_first(store):
    a, b, _ = _store_three(store)
    link_corpus(store, steps=("claims",))
    links = [l for l in store.links() if l.kind == "same_claim"]
    assert len(links) == 1
    link = links[0]
    assert (link.a_page_id, link.b_page_id) == (a.id, b.id)
    assert "MIM-23" in a.text[link.a_start:link.a_end]
    assert "MIM-23" in b.text[link.b_start:link.b_end]
    cluster = [c for c in store.records("clusters") if c.kind == "same_claim"][0]
    assert cluster.first_page_id == a.id and cluster.first_seen == "2020-03-01"


def test_trace_by_text_lists_first_seen_and_repeats(store):
    a, b, _ = _store_three(store)
    link_corpus(store, steps=("claims",))
    result = trace(store, "the Turkish army moved MIM-23 Hawk air defense systems into Idlib")
    assert result["first_seen"]["page_id"] == a.id
    assert result["first_seen"]["outlet"] == "outlet-a"
    assert [r["page_id"] for r in result["repeats"]] == [b.id]
    assert result["repeats"][0]["wording_changes"]
    assert similar(store, b.id)["links"]["same_claim"][0]["other"]["page_id"] == a.id


def test_exports_have_both_spans(store):
    _store_three(store)
    link_corpus(store, steps=("claims",))
    rows = list(links_rows(store))
    assert rows and rows[0]["a_line_start"] == 1 and "MIM-23" in rows[0]["b_text"]
    assert any(r["kind"] == "same_claim" and r["size"] == 2 for r in clusters_rows(store))


def test_wording_changes():
    assert wording_changes("a MIMi-23 system", "a MIM-23 system") == ["-MIMi-23 +MIM-23"]


def test_clef_reader_and_metrics(tmp_path):
    (tmp_path / "q.tsv").write_text('\ttweet_content\nq1\t"a tweet, with\ttab"\nq2\tother\n')
    (tmp_path / "c.tsv").write_text("\tvclaim\ttitle\n7\tclaim seven\tT7\n8\tclaim eight\tT8\n")
    (tmp_path / "r.tsv").write_text("q1\t0\t7\t1\nq2\t0\t8\t1\n")
    assert read_queries(tmp_path / "q.tsv")["q1"] == "a tweet, with\ttab"
    assert read_claims(tmp_path / "c.tsv")["8"] == ("claim eight", "T8")
    qrels = read_qrels(tmp_path / "r.tsv")
    metrics = evaluate_ranking({"q1": ["7", "8"], "q2": ["7", "8"]}, qrels)
    assert metrics["map@1"] == 0.5 and metrics["map@5"] == 0.75 and metrics["mrr"] == 0.75


@needs("link", *MINILM)  # the command embeds with MiniLM
def test_eval_command_runs_on_tiny_files(tmp_path, capsys):
    from claimscope.cli import main

    (tmp_path / "q.tsv").write_text("\ttweet_content\n1\tturkish hawk systems idlib\n")
    (tmp_path / "c.tsv").write_text("\tvclaim\ttitle\n5\tTurkey moved Hawk systems to Idlib\tHawk\n"
                                    "6\tPasta with basil\tFood\n")
    (tmp_path / "r.tsv").write_text("1\t0\t5\t1\n")
    assert main(["eval", "claim-matching", str(tmp_path / "q.tsv"), str(tmp_path / "c.tsv"),
                 str(tmp_path / "r.tsv"), "--json"]) == 0
    assert '"map@5": 1.0' in capsys.readouterr().out


def test_cli_link_trace_similar_stories(store, capsys):
    from claimscope.cli import main

    a, b, _ = _store_three(store)
    db = store.path
    assert main(["link", "--db", db]) == 0
    assert "claims: 3 page(s) linked" in capsys.readouterr().out
    assert main(["trace", "Turkish army moved MIM-23 Hawk air defense systems", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "first seen: 2020-03-01 outlet-a a.txt lines 1-1" in out and "repeat:" in out
    assert main(["similar", b.id[:12], "--db", db, "--json"]) == 0
    assert a.id in capsys.readouterr().out
    assert main(["stories", "--db", db, "--min-size", "1", "--json"]) == 0
    assert '"stories"' in capsys.readouterr().out


def test_exports_read_only_store(tmp_path):
    """Exports only read: a read-only store, linked or never linked, exports without writing."""
    from claimscope.store import Store

    never = tmp_path / "never.db"
    Store(never).close()
    with Store(never, readonly=True) as ro:
        assert list(clusters_rows(ro)) == [] and list(links_rows(ro)) == []
    linked = tmp_path / "linked.db"
    with Store(linked) as s:
        _store_three(s)
        link_corpus(s, steps=("claims",))
    with Store(linked, readonly=True) as ro:
        assert any(r["size"] == 2 for r in clusters_rows(ro)) and list(links_rows(ro))


def test_tweet_cleaning_keeps_words_author_and_year():
    from claimscope.evaluate.claim_matching import clean_tweet, split_tweet

    tweet = split_tweet("Every reporter must now ask @LindseyGrahamSC about it #Impeachment2019"
                        "pic.twitter.com/kbF7guFjm7 — Lawrence O'Donnell (@Lawrence) "
                        "August 22, 2018")
    assert tweet.body == "Every reporter must now ask Lindsey Graham SC about it Impeachment 2019"
    assert tweet.author.startswith("Lawrence O'Donnell") and tweet.year == "2018"
    assert clean_tweet("Vote on Thursday.https://t.co/bKuLiMup0Y") == "Vote on Thursday."
    assert clean_tweet("no trailer here") == "no trailer here"


def test_ranker_model_round_trips_and_scores_rows():
    from claimscope.evaluate.claim_matching import FEATURES, Model

    rows = np.random.RandomState(0).rand(4, len(FEATURES))
    model = Model(("cosine", "overlap"), np.array([1.0, 0.5]), np.array([0.1, 0.2]),
                  np.array([2.0, 1.0]))
    again = Model.from_json(model.to_json())
    assert np.allclose(model.score(rows), again.score(rows))
    expected = (rows[:, FEATURES.index("cosine")] - 0.1) / 2.0 + 0.5 * (
        rows[:, FEATURES.index("overlap")] - 0.2)
    assert np.allclose(model.score(rows), expected)
    with pytest.raises(ValueError):
        Model.from_json({"features": ["no_such_feature"], "weights": [1.0]})


def test_shipped_claim_ranker_loads():
    from claimscope.evaluate import claim_matching as claim_eval

    found = claim_eval._load_model()
    assert set(found.names) <= set(claim_eval.FEATURES) and len(found.weights) == len(found.names)
    assert found.names != tuple(claim_eval._BLEND)  # the trained file, not the fallback
