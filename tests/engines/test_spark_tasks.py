"""The executor-side code of the Spark engine, without Spark: a shard's bytes give
exactly the pages and errors the local reader gives for the same file."""
from __future__ import annotations

from pathlib import Path

from claimscope.engines import spark_tasks
from claimscope.engines.tables import page_from_row, page_row
from claimscope.ingest import read_inputs
from claimscope.records import Page, PageError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "pages"


def _items(path: Path):
    return [item for _, _, item in spark_tasks.ingest_shard(str(path), path.read_bytes(), 1 << 20)]


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


def test_page_rows_round_trip():
    for page in read_inputs([str(EXAMPLES)]):
        assert isinstance(page, Page)
        row = dict(zip(("id", "source", "format", "raw", "text", "encoding", "replaced_chars",
                        "decode_notes", "url", "outlet", "published", "regions"), page_row(page)))
        assert page_from_row(row) == page
