"""The Spark link step finds what the local linker finds on the same pages.

Three pages go through ``run_spark`` (segment stage) once; the Parquet tables are
loaded into a store that the local linker links (``link_corpus``), then linked by
``link_spark`` and loaded again into a second store. A hashed bag of words stands
in for MiniLM on both sides (``tests/link/test_claims.py`` does the same).
"""
from __future__ import annotations

import shutil

import pytest

pytest.importorskip("pyspark")
pytest.importorskip("datasketch")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java", allow_module_level=True)

from claimscope.engines.parquet_load import load_parquet_into_store  # noqa: E402
from claimscope.engines.spark import run_spark, spark_sql  # noqa: E402
from claimscope.engines.spark_link import link_spark  # noqa: E402
from claimscope.link import embed, link_corpus  # noqa: E402
from claimscope.settings import load_settings  # noqa: E402
from claimscope.store import Store  # noqa: E402

NEWS = """Daily Ledger
World | Politics | Sport

Army says it retook the town

The army said on Tuesday it had retaken the town of Kafr Nubl after three days of fighting with militants, according to a statement carried by the state news agency.

The statement said dozens of militants were killed and that engineers were clearing mines from the roads leading into the town center.

Officials said the Turkish army moved MIM-23 Hawk air defense systems into Idlib province near Saraqib on Sunday night.

Subscribe to our free morning newsletter and get every headline from the region delivered to your inbox before breakfast.

Residents who fled last week were told they could not return until the clearing work was finished, officials said.
"""

THREAD = """Open Forum
Home | Topics | Members

Anything new from the north?

Share what you read today about the fighting in the north and keep it civil please, everyone.

Subscribe to our free morning newsletter and get every headline from the region delivered to your inbox before breakfast.

12 Comments

John
who cares about this anyway, nothing ever changes in that place and nobody reports it honestly

Mary
look what I found today, pasting it here:
The army said on Tuesday it had retaken the town of Kafr Nubl after three days of fighting with militants, according to a statement carried by the state news agency. The statement said dozens of militants were killed and that engineers were clearing mines from the roads leading into the town center.
so much for the ceasefire, right?

Ahmed
Sources say the Turkish army moved MIM-23 Hawk air defense systems into Idlib province near Saraqib, and nobody talks about it.
"""

REPOST = """Evening Wire

Turkey reinforces Idlib

Sources report the Turkish army moved MIM-23 Hawk air defense systems into Idlib province near Saraqib last week, days after the latest clashes.

Subscribe to our free morning newsletter and get every headline from the region delivered to your inbox before breakfast.

Analysts said the move could change the balance of the air war over the province, though no official confirmed it.
"""

# the same template paragraph sits inside the body of all three pages: site chrome by the
# default link_chrome_min_pages (3), which neither linker may link
TEMPLATE = "Subscribe to our free morning newsletter and get every headline from the region delivered to your inbox before breakfast."
SPARK_STEPS = ("near_duplicates", "claims")
LINK = ("kind, a_page_id, a_start, a_end, b_page_id, b_start, b_end, similarity, producer, "
        "cluster_id")


@pytest.fixture(scope="module")
def spark():
    from claimscope.engines.spark_io import session

    spark, _ = session("local[2]")
    spark.conf.set("spark.sql.shuffle.partitions", "2")  # three pages: fewer, emptier tasks
    yield spark
    spark.stop()


@pytest.fixture(scope="module")
def linked(tmp_path_factory, spark):
    tmp = tmp_path_factory.mktemp("spark-link")
    pages = tmp / "pages"
    pages.mkdir()
    for name, text in (("news.txt", NEWS), ("thread.txt", THREAD), ("repost.txt", REPOST)):
        (pages / name).write_text(text, encoding="utf-8")
    out, local_db, spark_db = tmp / "out", tmp / "local.db", tmp / "spark.db"
    assert run_spark([str(pages)], str(out), stages=("segment",), master="local[2]",
                     settings=load_settings(), quiet=True) == 0
    load_parquet_into_store(out, local_db)  # before linking on Spark: pages and segments only
    bag = embed.hashed_bag_of_words
    embed.use_encoder(bag)
    try:
        with Store(local_db) as store:
            link_corpus(store, steps=SPARK_STEPS)
    finally:
        embed.use_encoder(None)
    counters = link_spark(str(out), encoder=bag, master="local[2]", quiet=True)
    summary = load_parquet_into_store(out, spark_db)
    return {"out": out, "local": local_db, "spark": spark_db, "counters": counters,
            "summary": summary}


def _rows(db, sql: str) -> list[tuple]:
    with Store(db) as store:
        return sorted(tuple(r) for r in store.conn.execute(sql))


def _text(db, page_id: str, start: int, end: int) -> str:
    with Store(db) as store:
        return store.page(page_id).text[start:end]


def test_pasted_article_is_the_same_near_duplicate_link_as_locally(linked):
    sql = f"SELECT {LINK} FROM links WHERE kind = 'near_duplicate'"
    found = _rows(linked["spark"], sql)
    assert found == _rows(linked["local"], sql)
    pasted = [(_text(linked["spark"], *link[1:4]), _text(linked["spark"], *link[4:7]))
              for link in found if "Kafr Nubl" in _text(linked["spark"], *link[1:4])]
    assert len(pasted) == 1, found
    news_side, comment_side = pasted[0]
    assert news_side.startswith("The army said on Tuesday") and news_side.endswith("town center")
    assert comment_side.startswith("The army said on Tuesday") and comment_side.endswith("town center")
    # the Hawk sentences of the three pages are near-duplicates too (word 3-gram Jaccard >= 0.5)
    assert len(found) == 4


def test_repeated_claim_is_one_cluster_as_locally(linked):
    spans = ("SELECT l.cluster_id, l.a_page_id, l.a_start, l.a_end, l.b_page_id, l.b_start, l.b_end "
             "FROM links l WHERE kind = 'same_claim'")
    found, local = _rows(linked["spark"], spans), _rows(linked["local"], spans)
    assert found == local
    hawk = [r for r in found if "MIM-23" in _text(linked["spark"], *r[1:4])]
    assert {r[0] for r in hawk} and len({r[0] for r in hawk}) == 1
    assert len({r[4] for r in hawk} | {r[1] for r in hawk}) == 3  # news, thread and repost
    clusters = ("SELECT id, kind, first_page_id, first_start, first_end, first_seen, size, label, "
                "producer FROM clusters")
    assert _rows(linked["spark"], clusters) == _rows(linked["local"], clusters)


def test_links_are_spark_sql_tables(linked):
    rows = spark_sql(str(linked["out"]), "SELECT kind, count(*) AS n FROM links GROUP BY kind")
    assert {r["kind"]: r["n"] for r in rows} == {
        "near_duplicate": linked["counters"]["near_duplicates"]["links"],
        "same_claim": linked["counters"]["claims"]["links"]}
    assert linked["summary"]["links"] == sum(c["links"] for c in linked["counters"].values())


def test_cli_spark_link_needs_out(capsys):
    from claimscope.cli import main

    assert main(["link", "--engine", "spark"]) == 2
    assert "--out" in capsys.readouterr().err


def test_only_the_first_pages_copies_of_a_text_are_old_sides(spark):
    from claimscope.engines.spark_link import first_copies

    sig_a, sig_b = [1, 2, 3], [4, 5, 6]
    rows = [("p1:0:9", "0001", sig_a), ("p1:20:29", "0001", sig_a),  # twice on the first page
            ("p2:0:9", "0002", sig_a), ("p3:0:9", "0003", sig_a),    # reposted twice
            ("p2:30:39", "0002", sig_b), ("p3:40:49", "0003", [4, 5, 7])]
    units = spark.createDataFrame(rows, "uid string, seen string, sig array<bigint>")
    kept = sorted(r["uid"] for r in first_copies(units).collect())
    assert kept == ["p1:0:9", "p1:20:29", "p2:30:39", "p3:40:49"]


def test_template_text_is_cut_out_before_linking_as_locally(linked):
    for db in (linked["spark"], linked["local"]):
        with Store(db) as store:
            assert all(TEMPLATE in store.page(p).text for p in store.page_ids())  # the fixture holds
            for link in store.conn.execute("SELECT a_page_id, a_start, a_end, b_page_id, b_start, b_end FROM links"):
                for page_id, start, end in (link[0:3], link[3:6]):
                    assert "morning newsletter" not in store.page(page_id).text[start:end]
