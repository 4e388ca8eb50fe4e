"""The corpus link step on Spark: near-duplicate text and same-claim clusters as joins.

``claimscope link --engine spark --out DIR [--master URL]`` reads the Parquet tables
of ``claimscope run --engine spark --out DIR`` and writes ``DIR/links`` and
``DIR/clusters`` (partitioned by ``kind``) with the store's columns. Nothing
proportional to the corpus is collected to the driver:

* site chrome is cut out of article and comment text first, as locally (``link.chrome``):
  piece keys counted over the corpus by ``reduceByKey``, only the chrome keys broadcast;
* per page (``mapPartitions``), the local linker's own functions cut the units
  (``near_duplicates.segment_units``, ``claims.units_for_page``), MinHash them
  (``near_duplicates.word_signatures`` and ``band_keys``) or embed them and take
  their content terms (``embed``, ``match.content_terms``);
* candidate pairs are Spark self-joins: on LSH band keys (near-duplicates), on
  rare content terms (claims); a pair is always (unit of an earlier page, unit of
  a later one), "earlier" in ingestion order, as the local linker meets them;
* near-duplicates are verified on signatures in Spark SQL, then each page pair's
  matches are merged into runs and cut to the aligned words (``merge_runs``,
  ``align.shared_regions``); repeated long lines are a window over line hashes;
* same-claim pairs are scored by ``match.hybrid`` and kept by
  ``match.same_claim_on_pages``, up to ``MAX_LINKS_PER_UNIT`` per unit, the best
  one joining clusters (as locally);
* clusters are connected components by iterative min-label propagation joins,
  each labelled by its earliest member, which names the cluster.

Where it differs from the incremental local linker (``docs/engines.md``): IDF is
that of the whole corpus, not of the pages linked before; candidates are every
pair sharing ``BLOCK_MIN_SHARED`` rare terms rather than the top-k of a vector
and a BM25 index; a unit that copies an earlier one almost exactly is dropped as
a candidate source whenever it copies any earlier unit; and a cluster is named
after its earliest member (locally after the link that started it).
"""
from __future__ import annotations

import functools
import os
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy as np

from ..errors import ClaimscopeError, require
from ..records import Claim, Segment
from ..segment import segment_page
from .spark import SHARDS_TABLE
from .tables import page_from_row

__all__ = ["SPARK_STEPS", "link_spark", "first_copies", "BLOCK_MIN_SHARED", "BLOCK_MAX_UNITS"]

SPARK_STEPS = ("near_duplicates", "claims")  # stories stay on the store (``claimscope link``)
KINDS = {"near_duplicates": "near_duplicate", "claims": "same_claim"}
# Claim candidates: two units sharing this many content terms that at most
# BLOCK_MAX_UNITS units carry. The page rule needs 7 shared terms by default
# (match.PAGE_MIN_SHARED), so a pair it keeps is missed only when 6 of its shared
# terms are common ones; the cap bounds each term's self-join at BLOCK_MAX_UNITS².
BLOCK_MIN_SHARED = 2
BLOCK_MAX_UNITS = 1000
EMBED_PAGES = 256  # pages of a partition embedded in one call
_RECORD = r"#L?(\d+)$"  # a WARC offset or JSONL line number ends a record's source


def link_spark(out_dir: str, *, steps: Sequence[str] = SPARK_STEPS, master: str = "local[2]",
               encoder: Callable[[list[str]], np.ndarray] | None = None,
               quiet: bool = False, settings=None) -> dict:
    """Link the pages of a Spark run's ``out_dir``; counters per step.

    ``encoder`` (texts -> normalised vectors) replaces the profile's encoder (MiniLM, or the
    student under the fast profile: ``link.vectors_encoder``) on the executors. It travels
    pickled with the job: a function defined inside another one goes by value, a
    module-level one must be importable on the executors.
    ``settings`` gives the link thresholds (defaults when None).
    """
    from ..settings import load_settings
    from . import spark_io as io

    require("pyspark", "spark")
    unknown = [s for s in steps if s not in SPARK_STEPS]
    if unknown:
        raise ClaimscopeError(f"not a Spark link step: {', '.join(unknown)} (Spark runs "
                              f"{', '.join(SPARK_STEPS)}; stories run on the store after load)")
    settings = settings or load_settings()
    spark, owned = io.session(master, "claimscope-link", settings.spark_driver_memory)
    try:
        return _link(spark, out_dir, steps, encoder, quiet, settings)
    finally:
        if owned:
            spark.stop()


def _link(spark, out_dir, steps, encoder, quiet, settings) -> dict:
    from pyspark import StorageLevel

    from ..link import vectors_encoder
    from ..link.claims import producer

    using = vectors_encoder(settings)
    if encoder is None:  # the executors read with the driver's profile, not their own default
        from ..link import embed

        encoder = functools.partial(embed.encode, using=using)

    pages = _pages(spark, out_dir)
    docs = _documents(spark, out_dir, pages)
    docs = _without_chrome(spark, docs, settings.link_chrome_min_pages, settings.link_page_repeats)
    docs = docs.persist(StorageLevel.MEMORY_AND_DISK)
    counters = {}
    for step in steps:
        started = time.monotonic()
        if step == "near_duplicates":
            pairs = _near_duplicate_pairs(spark, docs, pages, settings.near_duplicate_threshold)
        else:
            from ..link.match import PageRule

            pairs = _claim_pairs(spark, docs, encoder, PageRule.of(settings))
        name = producer(using) if step == "claims" else _producer(step)
        links, clusters = _links_and_clusters(spark, pairs, pages, KINDS[step], name)
        links_written = _write(spark, links, out_dir, "links", KINDS[step])
        _write(spark, clusters, out_dir, "clusters", KINDS[step])
        counters[step] = {"links": links_written, "seconds": round(time.monotonic() - started, 2)}
        if not quiet:
            print(f"spark {step}: {links_written} link(s) in {counters[step]['seconds']} s -> "
                  f"{out_dir}", file=sys.stderr)
    docs.unpersist()
    pages.unpersist()
    return counters


def _producer(step: str) -> str:
    from ..link import VERSIONS

    return VERSIONS[step]


# ---------------------------------------------------------------- pages and their units

def _pages(spark, out_dir: str):
    """One row per page id: the run's ``pages`` columns plus ``seen`` (ingestion order:
    shard, then record number, as ``claimscope load`` stores them) and ``order_key``
    (``store.link_state.LinkState.page_order``: publication date first, then ingestion order)."""
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    from . import spark_io as io

    pages, finished = io.read_table(spark, out_dir, "pages"), io.read_table(spark, out_dir, SHARDS_TABLE)
    if pages is None or finished is None:
        raise ClaimscopeError(f"no finished shards under {out_dir}: run 'claimscope run --engine "
                              f"spark ... --out {out_dir}' first")
    # as ``load``: a shard without its completion marker may be partial
    pages = pages.join(finished.select("shard"), "shard", "left_semi")
    record = F.regexp_extract("source", _RECORD, 1)
    seen = F.concat_ws("|", "shard", F.lpad(F.when(record == "", "0").otherwise(record), 12, "0"))
    published = F.coalesce(F.col("published"), F.lit(""))
    order_key = F.concat(F.when(published == "", F.lit("1")).otherwise(F.concat(F.lit("0"), published)),
                         F.lit("|"), seen)
    first = Window.partitionBy("id").orderBy("seen")
    # the same bytes in two shards are one page, stored where they were seen first
    return (pages.withColumn("seen", seen).withColumn("order_key", order_key)
            .withColumn("copy", F.row_number().over(first)).where(F.col("copy") == 1).drop("copy")
            .persist(StorageLevel.MEMORY_AND_DISK))


def _documents(spark, out_dir: str, pages):
    """RDD of (Page, seen, order_key, segments, claims) per page."""
    from pyspark.sql import functions as F

    from . import spark_io as io

    frame = pages
    for table, key in (("segments", "index"), ("claims", "id")):
        rows = io.read_table(spark, out_dir, table)
        if rows is None:
            frame = frame.withColumn(table, F.lit(None))
            continue
        rows = rows.drop("shard").dropDuplicates(["page_id", key])
        grouped = rows.groupBy(F.col("page_id").alias("id")).agg(
            F.collect_list(F.struct(*rows.columns)).alias(table))
        frame = frame.join(grouped, "id", "left")
    return frame.rdd.map(_document)


def _without_chrome(spark, docs, min_pages: int, page_repeats: int):
    """``docs`` with site chrome and page furniture cut out of article and comment segments,
    as the local linker cuts them (``link.chrome``; ``min_pages`` 0: furniture only): each page's piece keys are counted over the corpus in
    Spark; only the keys that make chrome (a small set: template text) reach the driver and
    travel to the executors."""
    from operator import add

    from ..budget import DEFAULT_MAX_ANALYSED_CHARS, analysed_end
    from ..link import chrome

    def keys(doc) -> list[tuple[str, int]]:
        page = doc[0]
        text = page.text[:analysed_end(page.text, DEFAULT_MAX_ANALYSED_CHARS)]
        return [(k, 1) for k in chrome.piece_keys(text, chrome.site_of(page.url, page.outlet))]

    def makes_chrome(item: tuple[str, int]) -> bool:
        key, pages = item
        return pages >= (chrome.SITE_REPEATS if "\t" in key else min_pages)

    counted = docs.flatMap(keys).reduceByKey(add).filter(makes_chrome).collect() if min_pages else []
    found = spark.sparkContext.broadcast(dict(counted))

    def masked(doc) -> tuple:
        page, seen, order, segments, claims = doc
        counts = found.value
        kept = chrome.mask(segments, lambda ks: {k: counts[k] for k in ks if k in counts},
                           chrome.site_of(page.url, page.outlet), min_pages, page_repeats)
        return page, seen, order, kept, claims

    return docs.map(masked)


def _document(row) -> tuple:
    """Executor side: records back from a joined row; segments as the local linker reads
    them from the store (``link.page_segments`` with the runner's segmenter: stored ones, else the segmenter's)."""
    values = row.asDict()
    page = page_from_row(values)
    segments = sorted((Segment(**s.asDict()) for s in values["segments"] or ()), key=lambda s: s.index)
    if not segments:
        segments = list(segment_page(page))
    claims = sorted((Claim(**c.asDict()) for c in values["claims"] or ()),
                    key=lambda c: (c.segment_index, c.start, c.content_start, c.id))
    return page, values["seen"], values["order_key"], segments, claims


def _minhash_units(docs: Iterable[tuple]) -> Iterator[tuple]:
    """Executor side: the near-duplicate units of each page with signature and band keys."""
    from ..link import near_duplicates as nd

    for page, seen, _order, segments, _claims in docs:
        units, unit_words = nd.segment_units(segments)
        if not units:
            continue
        sigs = nd.word_signatures(unit_words, len(units))
        keys = nd.band_keys(sigs)
        for unit, sig, unit_keys in zip(units, sigs, keys):
            yield (page.id, seen, unit.segment_index, unit.start, unit.end, sig.tolist(),
                   unit_keys.tolist())


def _long_lines(docs: Iterable[tuple]) -> Iterator[tuple]:
    """Executor side: each distinct long line of a page (first occurrence), as the local
    linker counts them; lines of boilerplate segments count but are never linked."""
    from ..link.near_duplicates import MIN_WORDS
    from ..link.text import lines, norm_hash

    for page, seen, _order, segments, _claims in docs:
        found = set()
        for seg in segments:
            for unit in lines(seg, min_words=MIN_WORDS):
                digest = norm_hash(unit.text)
                if digest not in found:
                    found.add(digest)
                    yield (digest, page.id, seen, unit.start, unit.end, seg.kind != "boilerplate")


def _claim_units(docs: Iterable[tuple], encoder) -> Iterator[tuple]:
    """Executor side: claim units with their content terms and vector, embedded in batches."""
    from ..link import embed

    encode = encoder or embed.encode
    batch: list[tuple] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) == EMBED_PAGES:
            yield from _embedded(batch, encode)
            batch = []
    if batch:
        yield from _embedded(batch, encode)


def _embedded(batch: list[tuple], encode) -> Iterator[tuple]:
    from ..link.claims import units_for_page
    from ..link.match import content_terms

    per_page = [(seen, units_for_page(page.id, segments, claims))
                for page, seen, _order, segments, claims in batch]
    units = [(seen, i, u) for seen, found in per_page for i, u in enumerate(found.units)]
    if not units:
        return
    vectors = np.asarray(encode([u.text for _, _, u in units]), dtype=np.float32)
    for (seen, i, unit), vector in zip(units, vectors):
        yield (f"{unit.page_id}:{i:06d}", unit.page_id, seen, unit.start, unit.end,
               sorted(content_terms(unit.text)), vector.tolist())


# ---------------------------------------------------------------- candidate pairs

# a link before orientation: old = the earlier ingested page; sim rounded as in ``Link``
_PAIR_COLUMNS = ("old_page", "old_start", "old_end", "new_page", "new_start", "new_end", "sim", "joins")


def _near_duplicate_pairs(spark, docs, pages, threshold: float):
    """Near-duplicate spans (old = earlier ingested page) with their MinHash estimate."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    from ..link.near_duplicates import NEAR_EXACT, NUM_PERM

    unit_schema = T.StructType([
        T.StructField("page_id", T.StringType()), T.StructField("seen", T.StringType()),
        T.StructField("segment_index", T.LongType()), T.StructField("start", T.LongType()),
        T.StructField("end", T.LongType()), T.StructField("sig", T.ArrayType(T.LongType())),
        T.StructField("keys", T.ArrayType(T.LongType()))])
    units = spark.createDataFrame(docs.mapPartitions(_minhash_units), unit_schema)
    units = units.withColumn("uid", F.concat_ws(":", "page_id", "start", "end")).cache()
    bands = units.select("uid", "seen", F.explode("keys").alias("key"))
    # a text copied onto N pages fills its band buckets with N units: only the first copy
    # may be the old side, so the join yields N - 1 pairs rather than N² / 2 (the later
    # copies would be dropped as old sides below anyway, as the local linker never
    # indexes them)
    firsts = bands.join(first_copies(units).select("uid"), "uid", "left_semi")
    candidates = (firsts.alias("o").join(bands.alias("n"), "key")
                  .where(F.col("o.seen") < F.col("n.seen"))
                  .select(F.col("o.uid").alias("old"), F.col("n.uid").alias("new")).distinct())
    side = ("page_id", "segment_index", "start", "end", "sig")
    old = units.select(F.col("uid").alias("old"), *[F.col(c).alias(f"old_{c}") for c in side])
    new = units.select(F.col("uid").alias("new"), *[F.col(c).alias(f"new_{c}") for c in side])
    agree = F.zip_with("old_sig", "new_sig", lambda x, y: x == y)
    verified = (candidates.join(old, "old").join(new, "new")
                .withColumn("sim", F.size(F.filter(agree, lambda same: same)) / F.lit(float(NUM_PERM)))
                .where(F.col("sim") >= threshold).drop("old_sig", "new_sig").cache())
    # a unit copying an earlier one almost exactly is not indexed by the local linker: later
    # pages match the first copy only
    copies = verified.where(F.col("sim") >= NEAR_EXACT).select(F.col("new").alias("old")).distinct()
    matches = verified.join(copies, "old", "left_anti")
    match = F.struct("old_segment_index", "new_segment_index", "old_start", "old_end",
                     "new_start", "new_end", "sim")
    by_pages = (matches.withColumnsRenamed({"old_page_id": "old_page", "new_page_id": "new_page"})
                .groupBy("old_page", "new_page").agg(F.collect_list(match).alias("matches")))
    texts = pages.select("id", "text")
    with_texts = (by_pages.join(texts.toDF("old_page", "old_text"), "old_page")
                  .join(texts.toDF("new_page", "new_text"), "new_page"))
    runs = spark.createDataFrame(with_texts.rdd.flatMap(_aligned_runs), _pair_schema()).cache()
    return runs.unionByName(_line_pairs(spark, docs, runs))


def first_copies(units):
    """The units whose MinHash signature no earlier page has: the first page's copies of
    each text (all of them, when that page holds the text twice, as the local linker
    indexes both)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    first_seen = F.min("seen").over(Window.partitionBy("sig"))
    return units.withColumn("first_seen", first_seen).where(F.col("seen") == F.col("first_seen")).drop("first_seen")


def _pair_schema():
    from pyspark.sql import types as T

    kinds = {"old_page": T.StringType(), "new_page": T.StringType(), "sim": T.DoubleType(),
             "joins": T.BooleanType()}
    return T.StructType([T.StructField(c, kinds.get(c, T.LongType())) for c in _PAIR_COLUMNS])


def _aligned_runs(row) -> Iterator[tuple]:
    """Executor side: one page pair's window matches merged into runs per segment pair,
    each cut to the words both sides share (``near_duplicates.merge_runs`` and ``_refined``)."""
    from ..link.align import shared_regions
    from ..link.near_duplicates import merge_runs

    grouped: dict[tuple, list] = defaultdict(list)
    for m in row["matches"]:
        grouped[(m["old_segment_index"], m["new_segment_index"])].append(
            (m["old_start"], m["old_end"], m["new_start"], m["new_end"], m["sim"]))
    old_text, new_text = row["old_text"], row["new_text"]
    for pairs in grouped.values():
        for a0, a1, b0, b1, sim in merge_runs(pairs):
            regions = shared_regions(old_text[a0:a1], a0, new_text[b0:b1], b0)
            for r0, r1, s0, s1, _ in regions or [(a0, a1, b0, b1, sim)]:
                yield (row["old_page"], r0, r1, row["new_page"], s0, s1, round(sim, 4), True)


def _line_pairs(spark, docs, runs):
    """A long line repeated on a later page links to the first page carrying it, unless
    a MinHash run between the two pages already covers it there."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    schema = T.StructType([T.StructField(n, t) for n, t in (
        ("digest", T.StringType()), ("page_id", T.StringType()), ("seen", T.StringType()),
        ("start", T.LongType()), ("end", T.LongType()), ("linkable", T.BooleanType()))])
    lines = spark.createDataFrame(docs.mapPartitions(_long_lines), schema)
    first = (lines.withColumn("n", F.row_number().over(Window.partitionBy("digest").orderBy("seen")))
             .where(F.col("n") == 1).select("digest", F.col("page_id").alias("old_page"),
                                             F.col("start").alias("old_start"),
                                             F.col("end").alias("old_end")))
    repeats = (lines.join(first, "digest").where((F.col("page_id") != F.col("old_page")) & F.col("linkable"))
               .select("old_page", "old_start", "old_end", F.col("page_id").alias("new_page"),
                       F.col("start").alias("new_start"), F.col("end").alias("new_end")))
    covered = runs.select(F.col("old_page").alias("c_old"), F.col("new_page").alias("c_new"),
                          F.col("new_start").alias("c_start"), F.col("new_end").alias("c_end"))
    inside = ((F.col("old_page") == F.col("c_old")) & (F.col("new_page") == F.col("c_new"))
              & (F.col("c_start") <= F.col("new_start")) & (F.col("new_end") <= F.col("c_end")))
    return (repeats.join(covered, inside, "left_anti")
            .withColumn("sim", F.lit(1.0)).withColumn("joins", F.lit(True)))


def _claim_pairs(spark, docs, encoder, rule):
    """Same-claim pairs (old = earlier ingested page): blocked on shared rare content terms,
    scored and kept by the page rule, at most MAX_LINKS_PER_UNIT per unit, the best joining."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    from ..link.claims import MAX_LINKS_PER_UNIT

    schema = T.StructType([
        T.StructField("uid", T.StringType()), T.StructField("page_id", T.StringType()),
        T.StructField("seen", T.StringType()), T.StructField("start", T.LongType()),
        T.StructField("end", T.LongType()), T.StructField("terms", T.ArrayType(T.StringType())),
        T.StructField("vec", T.ArrayType(T.FloatType()))])
    units = spark.createDataFrame(docs.mapPartitions(lambda d: _claim_units(d, encoder)), schema).cache()
    n_units = units.count()
    postings = units.select("uid", "seen", F.explode("terms").alias("term"))
    doc_freq = postings.groupBy("term").agg(F.count("*").alias("df")).cache()
    rare = postings.join(doc_freq.where(F.col("df") <= BLOCK_MAX_UNITS), "term")
    candidates = (rare.alias("o").join(rare.alias("n"), "term")
                  .where(F.col("o.seen") < F.col("n.seen"))
                  .groupBy(F.col("o.uid").alias("old"), F.col("n.uid").alias("new")).count()
                  .where(F.col("count") >= BLOCK_MIN_SHARED).drop("count"))
    term_df = (postings.join(doc_freq, "term").groupBy("uid")
               .agg(F.map_from_entries(F.collect_list(F.struct("term", "df"))).alias("term_df")))
    features = units.join(term_df, "uid", "left").select("uid", "seen", "page_id", "start", "end", "vec",
                                                         "term_df")
    old = features.toDF("old", "old_seen", "old_page", "old_start", "old_end", "old_vec", "old_df")
    new = features.toDF("new", "new_seen", "new_page", "new_start", "new_end", "new_vec", "new_df")
    joined = candidates.join(old, "old").join(new, "new")
    scored_schema = T.StructType([T.StructField("old", T.StringType()), T.StructField("new", T.StringType()),
                                  T.StructField("old_seen", T.StringType()),
                                  T.StructField("score", T.DoubleType()),
                                  *_pair_schema().fields[:-1]])
    scored = spark.createDataFrame(joined.rdd.mapPartitions(lambda rows: _same_claims(rows, n_units, rule)),
                                   scored_schema)
    # best first; ties go to the unit stored first, as in the local linker
    rank = F.row_number().over(Window.partitionBy("new").orderBy(F.desc("score"), "old_seen", "old"))
    return (scored.withColumn("rank", rank).where(F.col("rank") <= MAX_LINKS_PER_UNIT)
            .withColumn("joins", F.col("rank") == 1).select(*_PAIR_COLUMNS))


def _same_claims(rows: Iterable, n_units: int, rule) -> Iterator[tuple]:
    """Executor side: ``match``'s hybrid score and page rule, with the corpus IDF."""
    from ..link.match import Idf, hybrid, overlap

    for row in rows:
        old_df, new_df = row["old_df"] or {}, row["new_df"] or {}
        old_terms, new_terms = set(old_df), set(new_df)
        lexical = overlap(old_terms, new_terms, Idf(n_units, {**old_df, **new_df}))
        cosine = float(np.dot(np.asarray(row["old_vec"], np.float32), np.asarray(row["new_vec"], np.float32)))
        score = hybrid(cosine, lexical)
        if rule(score, lexical, len(old_terms & new_terms)):  # match.PageRule
            yield (row["old"], row["new"], row["old_seen"], score, row["old_page"], row["old_start"],
                   row["old_end"], row["new_page"], row["new_start"], row["new_end"], round(score, 4))


# ---------------------------------------------------------------- clusters and records

def _components(edges):
    """Connected components of an undirected graph: (node, label) with label the smallest
    node of the node's component, by iterative min-label propagation over joins."""
    from pyspark.sql import functions as F

    both = edges.union(edges.select(F.col("dst").alias("src"), F.col("src").alias("dst"))).distinct()
    both = both.localCheckpoint()
    labels = both.select(F.col("src").alias("node")).distinct().withColumn("label", F.col("node"))
    labels = labels.localCheckpoint()
    while True:
        offers = both.join(labels, both["src"] == labels["node"]).select(both["dst"].alias("node"), "label")
        updated = (labels.union(offers).groupBy("node").agg(F.min("label").alias("label"))
                   .localCheckpoint())
        changed = (updated.alias("u").join(labels.alias("l"), "node")
                   .where(F.col("u.label") != F.col("l.label")).count())
        labels = updated
        if not changed:
            return labels


def _links_and_clusters(spark, pairs, pages, kind: str, producer: str):
    """``Link`` and ``Cluster`` rows from oriented pairs and the components of joining ones.

    A span is a node ordered as the local linker picks a cluster's earliest member
    (page order key, page id, start), so each component's label is that member.
    """
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    from . import spark_io as io

    def node(side: str):
        return F.struct(*[F.col(f"{side}_{column}").alias(name) for column, name in (
            ("order", "order_key"), ("page", "page_id"), ("start", "start"), ("end", "end"))])

    order = pages.select("id", "order_key")
    pairs = (pairs.join(order.toDF("old_page", "old_order"), "old_page")
             .join(order.toDF("new_page", "new_order"), "new_page")
             .withColumn("old_node", node("old")).withColumn("new_node", node("new")).cache())
    labels = _components(pairs.where("joins").select(F.col("old_node").alias("src"),
                                                     F.col("new_node").alias("dst")))
    first = pages.select(F.col("id").alias("first_page_id"), "text", F.col("published").alias("first_seen"))
    summaries = (labels.groupBy("label").agg(F.count("*").alias("size"))
                 .join(first, F.col("label.page_id") == F.col("first_page_id")))
    schema = T.StructType([T.StructField("label_node", labels.schema["label"].dataType),
                           *io.struct_type("clusters", with_shard=False).fields])
    clusters = spark.createDataFrame(summaries.rdd.map(lambda row: _cluster_row(row, kind, producer)),
                                     schema).cache()
    ids = labels.join(clusters.select(F.col("label_node").alias("label"), F.col("id").alias("cluster_id")),
                      "label")
    old_first = F.col("old_order") < F.col("new_order")  # side a: the page seen first

    def oriented(column: str, side: str):
        first, second = ("old", "new") if side == "a" else ("new", "old")
        return (F.when(old_first, F.col(f"{first}_{column}")).otherwise(F.col(f"{second}_{column}"))
                .alias(f"{side}_{column}"))

    spans = [oriented(column, side) for side in "ab" for column in ("page", "start", "end")]
    links = (pairs.join(ids, pairs["old_node"] == ids["node"], "left")
             .select(F.lit(kind).alias("kind"), *spans, F.col("sim").alias("similarity"),
                     F.lit(producer).alias("producer"), "cluster_id")
             .withColumnsRenamed({"a_page": "a_page_id", "b_page": "b_page_id"}))
    return links, clusters.drop("label_node")


def _cluster_row(row, kind: str, producer: str) -> tuple:
    """Executor side: a component as the ``Cluster`` the local linker keeps for it (named,
    dated and labelled after its earliest member), behind the node that labels it."""
    from ..link.clusters import LABEL_CHARS, Span, new_cluster_id

    node = row["label"]
    label = row["text"][node["start"]:node["start"] + min(node["end"] - node["start"], LABEL_CHARS)]
    return (node, new_cluster_id(kind, Span(node["page_id"], node["start"], node["end"])), kind,
            node["page_id"], node["start"], node["end"], row["first_seen"], row["size"],
            " ".join(label.split()), producer)


def _write(spark, frame, out_dir: str, table: str, kind: str) -> int:
    """Replace ``table``'s partition of ``kind`` (other kinds stay); the rows written."""
    from pyspark.sql import functions as F

    from . import spark_io as io

    schema = io.struct_type(table, with_shard=False)
    frame = frame.select(*[F.col(f.name).cast(f.dataType) for f in schema.fields]).cache()
    if "://" not in out_dir:  # an empty result must not leave an earlier run's partition
        shutil.rmtree(os.path.join(out_dir, table, f"kind={kind}"), ignore_errors=True)
    frame.write.mode("overwrite").partitionBy("kind").parquet(io.table_path(out_dir, table))
    written = frame.count()
    frame.unpersist()
    return written

