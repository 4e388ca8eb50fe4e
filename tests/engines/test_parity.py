"""The local engine and the Spark engine give identical records for the same pages.

One Spark session (local[2]) runs every per-page stage over the example pages
once; the local run goes into one SQLite store and the Spark run's Parquet
tables are loaded into another, and every table is compared row for row. Every
record table the stages fill must be non-empty, so a comparison of two empty
tables can never pass for parity. A second Spark run over the
same folder must skip every shard (completion markers).
"""
from __future__ import annotations

import shutil

import pytest

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java", allow_module_level=True)

from claimscope.engines.parquet_load import load_parquet_into_store  # noqa: E402
from claimscope.engines.spark import run_spark  # noqa: E402
from claimscope.pipeline import produced_fields  # noqa: E402
from claimscope.runner import run  # noqa: E402
from claimscope.settings import load_settings  # noqa: E402
from claimscope.store import Store  # noqa: E402

STAGES = ("segment", "extract", "classify")


def _rows(db, sql: str) -> list[tuple]:
    with Store(db) as store:
        return sorted(tuple(r) for r in store.conn.execute(sql))


@pytest.fixture(scope="module")
def spark():
    """One session for the whole module: run_spark uses an active one and leaves it running."""
    from claimscope.engines.spark_io import session

    spark, _ = session("local[2]")
    yield spark
    spark.stop()


@pytest.fixture(scope="module")
def both_engines(tmp_path_factory, repo_dir_module, spark):
    tmp = tmp_path_factory.mktemp("parity")
    pages = str(repo_dir_module / "examples" / "pages")
    settings = load_settings()
    local_db, spark_db, out = tmp / "local.db", tmp / "spark.db", tmp / "out"
    run([pages], str(local_db), stages=STAGES, settings=settings)
    first = run_spark([pages], str(out), stages=STAGES, master="local[2]", settings=settings, quiet=True)
    load_parquet_into_store(out, spark_db)
    return {"local": local_db, "spark": spark_db, "out": out, "pages": pages, "first_rc": first}


@pytest.fixture(scope="module")
def repo_dir_module():
    from pathlib import Path

    return Path(__file__).resolve().parents[2]


def test_spark_run_succeeds(both_engines):
    assert both_engines["first_rc"] == 0


def test_pages_identical(both_engines):
    sql = ("SELECT id, source, format, raw, text, encoding, replaced_chars, decode_notes, url, "
           "outlet, published, regions FROM pages")
    local = _rows(both_engines["local"], sql)
    assert local and local == _rows(both_engines["spark"], sql)


def test_segments_identical(both_engines):
    sql = ('SELECT page_id, "index", kind, start, "end", line_start, line_end, text, producer, '
           "title, author, byline, outlet FROM segments")
    local = _rows(both_engines["local"], sql)
    assert len(local) > 50
    assert local == _rows(both_engines["spark"], sql)


@pytest.mark.parametrize("table", [f for f in produced_fields(STAGES) if f != "segments"])
def test_record_tables_identical(both_engines, table):
    sql = f'SELECT * FROM "{table}"'
    local = _rows(both_engines["local"], sql)
    assert local, f"the per-page stages wrote no {table}: nothing would be compared"
    assert local == _rows(both_engines["spark"], sql)


def test_stage_versions_and_line_stats_identical(both_engines):
    for sql in ("SELECT page_id, stage, version FROM stage_done",
                "SELECT hash, pages FROM line_stats", "SELECT page_id FROM line_stats_pages",
                "SELECT source, stage, reason FROM errors"):
        assert _rows(both_engines["local"], sql) == _rows(both_engines["spark"], sql), sql


def test_runs_record_the_same_versions_and_settings(both_engines):
    """A loaded Spark run records what a local run does: package, stage versions, settings."""
    import json

    def first_run(db):
        [(versions, settings)] = _rows(db, "SELECT versions, settings FROM runs ORDER BY id LIMIT 1")
        versions = json.loads(versions)
        return {k: versions[k] for k in ("claimscope", "stages")}, json.loads(settings)

    assert first_run(both_engines["local"]) == first_run(both_engines["spark"])


def test_rerun_skips_finished_shards(both_engines, capsys):
    rc = run_spark([both_engines["pages"]], str(both_engines["out"]), stages=STAGES,
                   master="local[1]", settings=load_settings())
    assert rc == 0
    assert "0 shard(s) done, 14 already finished" in capsys.readouterr().err


def test_small_shards_are_spread_over_the_cores(spark, tmp_path):
    """Hadoop reads many small files as one split; each shard must still get its own task."""
    from claimscope.engines.spark_io import read_binary

    shards = []
    for i in range(6):
        path = tmp_path / f"shard-{i}.jsonl"
        path.write_text(f'{{"text": "page {i}"}}\n', encoding="utf-8")
        shards.append(str(path))
    binary = read_binary(spark, shards, 8)
    sizes = binary.glom().map(len).collect()
    assert sum(sizes) == 6 and max(sizes) == 1


def test_one_big_shard_is_spread_over_the_cores(spark):
    """The pages of one input file (a large WARC) are analysed by every core, not one task."""
    from claimscope.engines.spark_io import spread

    one_shard = spark.sparkContext.parallelize([f"page {i}" for i in range(10)], 1)
    spread_out = spread(one_shard, 4)
    sizes = spread_out.glom().map(len).collect()
    assert sizes == [3, 3, 2, 2]
    assert sorted(spread_out.collect()) == sorted(one_shard.collect())
    assert spread(spread_out, 2) is spread_out  # enough partitions already: left as it is
