import gzip
import io
import json

import pytest

from claimscope.ingest import expand_inputs, read_inputs
from claimscope.records import Page, PageError
from tests.conftest import needs


def read(paths, **kw):
    return list(read_inputs([str(p) for p in paths], **kw))


def test_plain_text_utf8(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Héllo world\n\nA line.", encoding="utf-8")
    [page] = read([f])
    assert isinstance(page, Page)
    assert page.format == "text" and page.encoding == "utf-8" and page.text.startswith("Héllo")
    assert page.raw == f.read_bytes()


def test_legacy_encoding_is_detected(tmp_path):
    f = tmp_path / "cp1251.txt"
    text = "Министерство обороны сообщило о нарушениях режима прекращения огня. " * 5
    f.write_bytes(text.encode("cp1251"))
    [page] = read([f])
    assert page.text == text and page.replaced_chars == 0
    assert any("decoded as" in n for n in page.decode_notes)


def test_undecodable_bytes_are_replaced_and_counted(tmp_path):
    f = tmp_path / "broken.txt"
    f.write_bytes(("A long enough English sentence about the ministry statement. " * 20).encode()
                  + b"\xff\xfe\xfa" + b" end")
    [page] = read([f])
    assert isinstance(page, Page)
    assert page.replaced_chars >= 1 and "\ufffd" in page.text or page.encoding != "utf-8"


def test_binary_and_empty_files_are_errors(tmp_path):
    png = tmp_path / "image.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    nul = tmp_path / "blob.txt"
    nul.write_bytes(b"\x00\x01\x02" * 1000)
    results = read([png, empty, nul, tmp_path / "missing.txt"])
    assert all(isinstance(r, PageError) for r in results)
    reasons = [r.reason for r in results]
    assert "PNG" in reasons[0] and reasons[1] == "empty file" and "NUL" in reasons[2]
    assert "no such file" in reasons[3]


def test_too_large_page_is_an_error_not_a_crash(tmp_path):
    f = tmp_path / "huge.txt"
    f.write_bytes(b"x" * 5000)
    [err] = read([f], max_page_bytes=1000)
    assert isinstance(err, PageError) and "max_page_bytes" in err.reason


def test_truncated_gzip_is_an_error(tmp_path):
    data = gzip.compress(b"some text that is long enough to be a page " * 200)
    f = tmp_path / "page.txt.gz"
    f.write_bytes(data[: len(data) // 2])
    [err] = read([f])
    assert isinstance(err, PageError) and "gzip" in err.reason


@needs("html")
def test_html_page_main_text_and_comment_authors(repo_dir):
    [page] = read([repo_dir / "examples/pages/iran-blog-commentlist.html"])
    assert page.format == "html"
    kinds = [k for k, _, _ in page.regions]
    assert "main" in kinds and kinds.count("comment") == 5 and kinds.count("author") == 5
    assert "<" not in page.text.split("\n")[0]


@needs("html")  # one record is HTML
def test_jsonl_pages_with_metadata_and_bad_lines(tmp_path):
    f = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"url": "https://example.org/a", "outlet": "Example", "published": "2020-03-28",
                    "text": "First page text.\n\nSecond paragraph."}),
        "{not json",
        json.dumps({"html": "<html><body><article><h1>T</h1><p>" + "Body sentence. " * 30 + "</p></article></body></html>"}),
        json.dumps({"title": "no text field"}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = read([f])
    assert isinstance(results[0], Page) and results[0].outlet == "Example"
    assert results[0].published == "2020-03-28" and results[0].source.endswith("#L1")
    assert isinstance(results[1], PageError) and "JSON" in results[1].reason
    assert isinstance(results[2], Page) and results[2].format == "jsonl"
    assert isinstance(results[3], PageError)


def _warc_bytes(pages: list[tuple[str, str]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=headers)
        writer.write_record(record)
    return buffer.getvalue()


HTML = "<html><head><title>{0}</title></head><body><article><h1>{0}</h1><p>{1}</p></article></body></html>"


def test_warc_gz_responses_become_pages(tmp_path):
    pytest.importorskip("warcio")
    data = _warc_bytes([("https://example.org/1", HTML.format("One", "Text of the first page. " * 20)),
                        ("https://example.org/2", HTML.format("Two", "Text of the second page. " * 20))])
    f = tmp_path / "crawl.warc.gz"
    f.write_bytes(data)
    pages = read([f])
    assert [p.url for p in pages] == ["https://example.org/1", "https://example.org/2"]
    assert all(p.format == "warc" and "#" in p.source for p in pages)


def test_truncated_warc_keeps_what_was_read_and_reports(tmp_path):
    pytest.importorskip("warcio")
    data = _warc_bytes([(f"https://example.org/{i}", HTML.format(f"P{i}", f"Page number {i} text. " * 30))
                        for i in range(5)])
    f = tmp_path / "cut.warc.gz"
    f.write_bytes(data[: int(len(data) * 0.7)])
    results = read([f])
    pages = [r for r in results if isinstance(r, Page)]
    errors = [r for r in results if isinstance(r, PageError)]
    assert 1 <= len(pages) < 5
    assert errors and "WARC" in errors[-1].reason


def test_folders_globs_are_expanded_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("two")
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / ".hidden").write_text("skip")
    assert [p.split("/")[-1] for p in expand_inputs([str(tmp_path)])] == ["a.txt", "2.txt"]
    assert [p.split("/")[-1] for p in expand_inputs([str(tmp_path / "*.txt")])] == ["a.txt"]
