"""The executor-side code of the Spark engine, without Spark: a shard's bytes give
exactly the pages and errors the local reader gives for the same file."""
from __future__ import annotations

from pathlib import Path

from claimscope.engines import spark_tasks
from claimscope.engines.tables import page_from_row, page_row
from claimscope.ingest import read_inputs
from claimscope.records import Page, PageError
from tests.conftest import needs

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "pages"


def _items(path: Path):
    return [item for _, _, item in spark_tasks.ingest_shard(str(path), path.read_bytes(), 1 << 20)]


@needs("html")  # the examples include HTML pages
def test_shard_pages_match_the_local_reader():
    for path in sorted(EXAMPLES.iterdir()):
        assert _items(path) == list(read_inputs([str(path)], 1 << 20)), path.name


def test_jsonl_records_keep_their_line_numbers():
    sources = [p.source for p in _items(EXAMPLES / "feed.jsonl")]
    assert sources == [f"{EXAMPLES / 'feed.jsonl'}#L{n}" for n in (1, 2, 3)]


def test_bad_input_is_an_error_not_a_failure(tmp_path):
    kinds = spark_tasks.ingest_shard(str(tmp_path / "blob.txt"), b"\x00\x01\x02" * 100, 1 << 20)
    assert [k for k, _, _ in kinds] == ["error"]
    assert isinstance(kinds[0][2], PageError) and kinds[0][2].source == str(tmp_path / "blob.txt")


def test_an_unreadable_shard_is_reported_as_failed(monkeypatch):
    def boom(*_args, **_kwargs):
        raise MemoryError("no room")

    monkeypatch.setattr(spark_tasks, "read_inputs", boom)
    [(kind, shard, reason)] = spark_tasks.ingest_shard("x.txt", b"hello", 100)
    assert kind == "failed" and shard == spark_tasks.shard_id("x.txt") and "MemoryError" in reason


@needs("html")  # the examples include HTML pages
def test_page_rows_round_trip():
    for page in read_inputs([str(EXAMPLES)]):
        assert isinstance(page, Page)
        row = dict(zip(("id", "source", "format", "raw", "text", "encoding", "replaced_chars",
                        "decode_notes", "url", "outlet", "published", "regions"), page_row(page)))
        assert page_from_row(row) == page



class _Broadcast:
    """What analyse_partition reads of a Spark broadcast: ``.value``."""

    value: dict = {}


def test_a_partition_writes_the_notices_of_pages_over_the_budget():
    """Issue 16: the executors run the same bounded stages, so the Parquet tables get the
    notices the local engine stores, and no segment past the budget."""
    from claimscope.ingest import page_from_bytes

    long_text = "".join(f"Reader {i}\nThe ministry lies, comment {i}.\n\n" for i in range(300))
    short = page_from_bytes(b"A short page.\n\nThe minister said so.\n", "short.txt", "text")
    long = page_from_bytes(long_text.encode(), "long.txt", "text")
    items = [("page", "s1", short), ("page", "s1", long)]
    rows = list(spark_tasks.analyse_partition(items, ("segment",), "run-16", _Broadcast(),
                                              {"max_analysed_chars": 2_000}))
    notices = [row for table, row in rows if table == "notices"]
    assert notices == [(long.id, "segment", "page text is longer than max_analysed_chars (2,000)",
                        notices[0][3], len(long_text), "s1")]
    assert 1_000 < notices[0][3] <= 2_000
    ends = [row[4] for table, row in rows if table == "segments" and row[0] == long.id]
    assert ends and max(ends) <= notices[0][3]
