"""The Spark engine: the local pipeline's per-page code on a Spark cluster.

``claimscope run --engine spark INPUT... --out DIR [--master URL]``. One input
file is one shard. The job, in the local engine's order:

1. ingest   executors read each shard (``binaryFiles``) with ``read_inputs``;
2. evidence the short-line hashes of every page are written per shard, and the
            corpus line statistics are a Spark group-by over all shards written so
            far; only the hashes that recur on ``boilerplate_min_pages`` pages (a
            small map) reach the driver, to be broadcast;
3. analyse  ``mapPartitions`` runs the stages, built once per worker process;
4. link     when the stages end with ``link``: near-duplicates and same-claim
            clusters as Spark joins over every shard (``spark_link``).

Tables go to ``DIR/<table>/shard=<id>/`` as Parquet with the SQLite store's
columns; ``DIR/shards/`` holds one completion marker per finished shard, written
last, so a re-run skips finished shards and redoes failed or unfinished ones.
``claimscope load DIR --db FILE`` moves the result into a SQLite store.
"""
from __future__ import annotations

import dataclasses
import json
import os
import platform
import shutil
import sys
import time
import uuid
from collections.abc import Sequence

from .. import __version__
from ..errors import ClaimscopeError, require
from ..pipeline import DEFAULT_STAGES, check_order, produced_fields, split_stages, stage_versions
from ..records import PageError
from ..settings import Settings, load_settings
from . import spark_io as io
from . import spark_tasks as tasks
from .tables import CORPUS_TABLES, PER_SHARD

__all__ = ["run_spark", "stage_versions", "SHARDS_TABLE"]

SHARDS_TABLE = "shards"  # completion markers: one partition per finished shard


def run_spark(inputs: Sequence[str], out_dir: str | None, *, stages: Sequence[str] = DEFAULT_STAGES,
              master: str = "local[2]", settings: Settings | None = None, quiet: bool = False) -> int:
    """Run the pipeline on Spark into Parquet tables under ``out_dir``; the exit code."""
    require("pyspark", "spark")
    if not out_dir:
        raise ClaimscopeError("the spark engine writes Parquet tables: give --out DIR")
    settings = settings or load_settings()
    stages, corpus_steps = split_stages(tuple(stages))
    check_order(stages)
    if corpus_steps and not quiet:
        # the story step keeps its state in the store: it runs there after loading
        print(f"claimscope: note: stories are not linked on Spark; after 'claimscope load "
              f"{out_dir} --db FILE' run 'claimscope link --db FILE --steps stories'", file=sys.stderr)
    versions = stage_versions(stages, settings)
    spark, owned = io.session(master, driver_memory=settings.spark_driver_memory)
    try:
        code = _run(spark, list(inputs), out_dir, stages, versions, settings, quiet)
        # as locally, pages that failed do not stop the others being linked
        if corpus_steps and io.read_table(spark, out_dir, SHARDS_TABLE) is not None:
            from .spark_link import link_spark

            link_spark(out_dir, master=master, quiet=quiet, settings=settings)
        return code
    finally:
        if owned:
            spark.stop()


def _run(spark, inputs, out_dir, stages, versions, settings, quiet) -> int:
    started = time.monotonic()
    shards, missing = io.list_shards(spark, inputs)
    finished = _finished_shards(spark, out_dir, versions)
    todo = [s for s in shards if tasks.shard_id(s) not in finished]
    _write_manifest(out_dir, versions, settings)
    outcome = _process(spark, todo, out_dir, stages, versions, settings) if todo else _Outcome()
    errors = missing + outcome.errors
    for error in errors:
        print(f"claimscope: error: {error.source}: [{error.stage}] {error.reason}", file=sys.stderr)
    for source, reason in outcome.failed:
        print(f"claimscope: error: {source}: [shard] failed, retried on the next run: {reason}",
              file=sys.stderr)
    if not quiet:
        print(f"spark {spark.sparkContext.master}: {len(todo) - len(outcome.failed)} shard(s) done, "
              f"{len(shards) - len(todo)} already finished, {len(outcome.failed)} failed; "
              f"{outcome.pages} page(s), {len(errors)} error(s) in {time.monotonic() - started:.1f}s "
              f"-> {out_dir}", file=sys.stderr)
    return 0 if not errors and not outcome.failed else 1


@dataclasses.dataclass
class _Outcome:
    pages: int = 0
    errors: list[PageError] = dataclasses.field(default_factory=list)
    failed: list[tuple[str, str]] = dataclasses.field(default_factory=list)  # (source, reason)


def _process(spark, shards, out_dir, stages, versions, settings) -> _Outcome:
    from pyspark import StorageLevel

    sc = spark.sparkContext
    _clear_partitions(out_dir, shards)
    sources = {io.source_key(s): s for s in shards}
    max_bytes = settings.max_page_bytes
    binary = io.read_binary(spark, shards, 4 * sc.defaultParallelism)
    ingested = binary.flatMap(
        lambda kv: tasks.ingest_shard(sources.get(io.source_key(kv[0]), kv[0]), kv[1], max_bytes)
    ).persist(StorageLevel.MEMORY_AND_DISK)
    pages = ingested.filter(lambda item: item[0] == "page")
    io.write_table(spark, pages.map(tasks.page_rows), out_dir, "pages")
    max_chars = settings.max_analysed_chars
    io.write_table(spark, pages.flatMap(lambda item: tasks.line_hash_rows(item, max_chars)), out_dir,
                   "line_hashes")
    recurring = _corpus_line_stats(spark, out_dir, settings.boilerplate_min_pages)

    line_pages = sc.broadcast(recurring)
    names, run_key, config = stages, uuid.uuid4().hex, dataclasses.asdict(settings)
    # a shard's pages are spread over the cores: one big WARC file must not be one task
    analysed = io.spread(pages, 4 * sc.defaultParallelism).mapPartitions(
        lambda items: tasks.analyse_partition(items, names, run_key, line_pages, config)
    ).persist(StorageLevel.MEMORY_AND_DISK)
    # only what the stages make: every table written is one more Spark job
    for table in (*produced_fields(stages), "notices", "stage_done"):
        io.write_table(spark, analysed.filter(lambda kv, t=table: kv[0] == t).values(), out_dir, table)
    ingest_errors = ingested.filter(lambda item: item[0] == "error").map(tasks.error_rows)
    stage_errors = analysed.filter(lambda kv: kv[0] == "errors").values()
    error_rows = ingest_errors.union(stage_errors)
    io.write_table(spark, error_rows, out_dir, "errors")

    outcome = _Outcome(errors=[PageError(*row[:3]) for row in error_rows.collect()])
    # one pass for the page count and the failed shards: each action is a Spark job
    counts = ingested.filter(lambda i: i[0] != "error").map(
        lambda i: (i[0], i[1], i[2] if i[0] == "failed" else None)).mapPartitions(tasks.tally).collect()
    outcome.pages = sum(n for kind, n in counts if kind == "pages")
    failed_ids = dict(value for kind, value in counts if kind == "failed")
    outcome.failed = [(s, failed_ids[tasks.shard_id(s)]) for s in shards if tasks.shard_id(s) in failed_ids]
    _mark_finished(spark, out_dir, [s for s in shards if tasks.shard_id(s) not in failed_ids], versions)
    ingested.unpersist()
    analysed.unpersist()
    line_pages.unpersist()
    return outcome


def _corpus_line_stats(spark, out_dir: str, min_pages: int) -> dict[str, int]:
    """Count pages per line hash over every shard written so far (a Spark group-by),
    write ``line_stats``, and return only the recurring hashes for the broadcast."""
    from pyspark.sql import functions as F

    hashes = io.read_table(spark, out_dir, "line_hashes")
    if hashes is None:
        return {}
    # a page stored by two shards (the same bytes twice) is counted once, as in the store
    stats = (hashes.dropDuplicates(["page_id", "hash"]).groupBy("hash")
             .agg(F.count("*").alias("pages"), F.min("sample").alias("sample")))
    stats = stats.cache()
    stats.write.mode("overwrite").parquet(io.table_path(out_dir, "line_stats"))
    recurring = {row["hash"]: row["pages"] for row in stats.where(F.col("pages") >= min_pages)
                 .select("hash", "pages").toLocalIterator()}
    stats.unpersist()
    return recurring


def _finished_shards(spark, out_dir: str, versions: dict[str, str]) -> set[str]:
    """Shards whose marker says they were done by the stages at their current versions."""
    markers = io.read_table(spark, out_dir, SHARDS_TABLE)
    if markers is None:
        return set()
    wanted = json.dumps(versions, sort_keys=True)
    return {row["shard"] for row in markers.select("shard", "stages").collect() if row["stages"] == wanted}


def _mark_finished(spark, out_dir: str, shards: list[str], versions: dict[str, str]) -> None:
    from pyspark.sql import types as T

    if not shards:
        return
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    stages = json.dumps(versions, sort_keys=True)
    rows = [(tasks.shard_id(s), s, stages, stamp) for s in shards]
    schema = T.StructType([T.StructField(n, T.StringType(), False)
                           for n in ("shard", "source", "stages", "finished_at")])
    frame = spark.createDataFrame(rows, schema)
    frame.write.mode("overwrite").partitionBy("shard").parquet(io.table_path(out_dir, SHARDS_TABLE))


def _clear_partitions(out_dir: str, shards: list[str]) -> None:
    """Remove what an unfinished earlier attempt left for these shards (local folders;
    elsewhere the dynamic partition overwrite replaces every partition written)."""
    if "://" in out_dir:
        return
    for shard in map(tasks.shard_id, shards):
        for table in (*PER_SHARD, SHARDS_TABLE):
            shutil.rmtree(os.path.join(out_dir, table, f"shard={shard}"), ignore_errors=True)


def _write_manifest(out_dir: str, versions: dict[str, str], settings: Settings) -> None:
    """What produced the tables, for ``load`` (stage versions go to ``stage_done``)."""
    if "://" in out_dir:
        return
    os.makedirs(out_dir, exist_ok=True)
    manifest = {"claimscope": __version__, "python": platform.python_version(), "stages": versions,
                "settings": dataclasses.asdict(settings)}
    with open(os.path.join(out_dir, "_manifest.json"), "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, indent=1, default=str)


def spark_sql(out_dir: str, query: str, master: str = "local[2]", limit: int = 50) -> list[dict]:
    """Run a Spark SQL query over the tables of ``out_dir`` (each a view of its name)."""
    require("pyspark", "spark")
    spark, owned = io.session(master, "claimscope-sql")
    try:
        for table in (*PER_SHARD, *CORPUS_TABLES, SHARDS_TABLE):
            frame = io.read_table(spark, out_dir, table)
            if frame is not None:
                frame.createOrReplaceTempView(table)
        return [row.asDict() for row in spark.sql(query).limit(limit).collect()]
    finally:
        if owned:
            spark.stop()
