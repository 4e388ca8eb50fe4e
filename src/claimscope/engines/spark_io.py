"""Spark plumbing for the Spark engine: the session, listing shards, writing tables.

Kept apart from the job itself (``spark.py``) so the job reads as its steps.
Only the driver imports this module; executors run ``spark_tasks``.
"""
from __future__ import annotations

import os
import sys

from ..ingest import expand_inputs
from ..records import PageError
from .tables import PER_SHARD, TABLES

__all__ = ["session", "list_shards", "source_key", "read_binary", "spread", "write_table", "read_table"]

_SPARK_TYPES = {"TEXT": "StringType", "INTEGER": "LongType", "REAL": "DoubleType", "BLOB": "BinaryType"}
_GLOB_CHARS = set(",{}[]*?\\")


def session(master: str, app: str = "claimscope", driver_memory: str = "2g"):
    """(SparkSession, whether we started it). A session already active in this
    process (a notebook's, a test's) is used as it is, and left running.
    ``driver_memory`` is the ``spark_driver_memory`` setting."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        active.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")
        return active, False
    # executors must run the same Python (and so the same claimscope) as the driver
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master).appName(app)
        .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.python.worker.reuse", "true")  # stages are built once per worker
        .config("spark.task.maxFailures", "4")  # a lost task is retried on a cluster
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.driver.memory", driver_memory)
    )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark, True


def _is_uri(item: str) -> bool:
    return "://" in item or item.startswith("file:")


def source_key(path_or_uri: str) -> str:
    """One spelling for a file, whether Spark reports it (``file:/a/b``) or a user gave it."""
    if path_or_uri.startswith("file:"):
        return os.path.normpath("/" + path_or_uri[5:].lstrip("/"))
    if "://" in path_or_uri:
        return path_or_uri
    return os.path.abspath(path_or_uri)


def list_shards(spark, inputs) -> tuple[list[str], list[PageError]]:
    """Every input file (one shard each) in order, and the inputs that name nothing.

    Local paths are expanded exactly as the local engine expands them, so sources
    (and hence records) match; URIs are listed through Hadoop's file system API.
    """
    shards, missing = [], []
    for item in inputs:
        if _is_uri(item):
            found = _hadoop_files(spark, item)
        else:
            found = [p for p in expand_inputs([item]) if os.path.isfile(p)]
        if not found:
            missing.append(PageError(item, "ingest", "no such file or folder"))
        shards.extend(found)
    return list(dict.fromkeys(shards)), missing


def _hadoop_files(spark, uri: str) -> list[str]:
    jvm, conf = spark._jvm, spark._jsc.hadoopConfiguration()
    path = jvm.org.apache.hadoop.fs.Path(uri)
    fs = path.getFileSystem(conf)
    out = []
    for status in fs.globStatus(path) or []:
        if status.isDirectory():
            files = fs.listFiles(status.getPath(), True)
            while files.hasNext():
                out.append(files.next().getPath().toString())
        else:
            out.append(status.getPath().toString())
    return sorted(p for p in out if not os.path.basename(p).startswith((".", "_")))


def read_binary(spark, shards: list[str], partitions: int):
    """(path, bytes) per shard. Paths with glob or comma characters are read one by one,
    escaped, because Hadoop would read them as patterns or lists."""
    sc = spark.sparkContext
    uris = [s if _is_uri(s) else "file://" + os.path.abspath(s) for s in shards]
    plain = [u for u in uris if not _GLOB_CHARS & set(u)]
    odd = [u for u in uris if _GLOB_CHARS & set(u)]
    parts = [sc.binaryFiles(",".join(plain), max(1, min(partitions, len(plain))))] if plain else []
    parts += [sc.binaryFiles("".join("\\" + c if c in _GLOB_CHARS else c for c in u)) for u in odd]
    binary = parts[0] if len(parts) == 1 else sc.union(parts)
    # Hadoop packs small files into few splits; spread shards over every core instead
    return spread(binary, min(partitions, len(uris)))


def spread(rdd, partitions: int):
    """``rdd``'s items dealt in turn over ``partitions`` partitions when it has fewer, so
    that every core gets work. Not ``repartition()``: from one partition holding a few items
    it can put them all in one partition again."""
    if rdd.getNumPartitions() >= partitions:
        return rdd
    return (rdd.zipWithIndex().map(lambda item: (item[1], item[0]))
            .partitionBy(partitions, lambda index: index % partitions).values())


def struct_type(table: str, with_shard: bool = True):
    from pyspark.sql import types as T

    columns = [T.StructField(name, getattr(T, _SPARK_TYPES[kind])(), True) for name, kind in TABLES[table]]
    if with_shard:
        columns.append(T.StructField("shard", T.StringType(), False))
    return T.StructType(columns)


def _coercer(table: str):
    """Spark checks types strictly: a REAL column must get floats, not ints."""
    reals = [i for i, (_, kind) in enumerate(TABLES[table]) if kind == "REAL"]
    if not reals:
        return None

    def coerce(row: tuple) -> tuple:
        values = list(row)
        for i in reals:
            if values[i] is not None:
                values[i] = float(values[i])
        return tuple(values)

    return coerce


def write_table(spark, rows_rdd, out_dir: str, table: str) -> None:
    """Write ``table``'s rows, replacing only the shard partitions they belong to."""
    coerce = _coercer(table)
    if coerce:
        rows_rdd = rows_rdd.map(coerce)
    frame = spark.createDataFrame(rows_rdd, struct_type(table))
    frame.write.mode("overwrite").partitionBy("shard").parquet(table_path(out_dir, table))


def table_path(out_dir: str, table: str) -> str:
    return out_dir.rstrip("/") + "/" + table


def read_table(spark, out_dir: str, table: str):
    """The table as a DataFrame, or None when no shard has written it yet."""
    from pyspark.errors import AnalysisException

    # a known schema spares Spark a job that opens files to infer one
    known = table in TABLES and table != "line_stats"
    schema = struct_type(table, with_shard=table in PER_SHARD) if known else None
    reader = spark.read.schema(schema) if schema else spark.read
    try:
        frame = reader.parquet(table_path(out_dir, table))
    except AnalysisException:
        return None
    return frame if frame.inputFiles() else None
