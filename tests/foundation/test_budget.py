"""Issue 16: bounded work per page. Every per-page stage reads at most
``max_analysed_chars`` of a page, says so in a notice, and leaves smaller pages alone;
ingest bounds what it unpacks."""
import dataclasses
import gzip
import json
import random

import pytest

from claimscope.analysis import PageAnalysis
from claimscope.budget import analysed_end, bounded
from claimscope.cli import main
from claimscope.text.units import CLAIM_SENTENCES, MAX_CLAIM_SENTENCE_CHARS, sentences as split
from claimscope.ingest import page_from_bytes, read_inputs
from claimscope.pipeline import build_stages
from claimscope.records import Notice, Page, PageError
from claimscope.segment import page_line_hashes, segment_page
from claimscope.settings import load_settings

ARTICLE = ("Ministry says talks failed\n\n"
           "The spokesman said on Tuesday that the talks had failed.\n\n"
           "Officials denied the reports.\n\n")


def page_of(text: str) -> Page:
    return page_from_bytes(text.encode(), "test.txt", "text")


@dataclasses.dataclass(frozen=True)
class LineFlagger:
    """A fake stage at the stage seam: one flag-like record per line it is shown, so
    what it was shown is visible in its output."""

    name: str = "fake"
    version: str = "fake.v1"
    requires: tuple = ()
    produces: tuple = ("dates",)  # any record field will do; dates are plain tuples here

    def __call__(self, analysis):
        text = analysis.page.text
        spans, pos = [], 0
        for line in text.split("\n"):
            spans.append((pos, pos + len(line)))
            pos += len(line) + 1
        return dataclasses.replace(analysis, dates=tuple(spans))


def test_analysed_end_cuts_at_a_line_end_or_inside_one_enormous_line():
    text = "abcdefghi\n" * 100  # 1,000 characters, a line end every 10
    assert analysed_end(text, 2_000) == len(text)
    assert analysed_end(text, 0) == len(text)  # 0: no bound
    assert analysed_end(text, 95) == 89  # the last line end before 95
    assert analysed_end("x" * 1_000, 95) == 95  # no line end: cut inside the line


def test_a_page_over_the_budget_gets_a_notice_and_records_stop_at_the_budget():
    page = page_of("".join(f"line {i:04d}\n" for i in range(1_000)))  # 10,000 characters
    stage = bounded(LineFlagger(), 1_000)
    out = stage(PageAnalysis(page=page))
    assert out.notices == (Notice(page_id=page.id, stage="fake",
                                  reason="page text is longer than max_analysed_chars (1,000)",
                                  chars_analysed=999, chars_total=10_000),)
    assert max(end for _, end in out.dates) <= 999 and len(out.dates) == 100
    assert out.page is page  # the analysis keeps the whole page: only the stage saw less


def test_a_page_under_the_budget_has_no_notice_and_the_stage_sees_it_whole():
    page = page_of(ARTICLE)
    alone = LineFlagger()(PageAnalysis(page=page))
    out = bounded(LineFlagger(), 1_000)(PageAnalysis(page=page))
    assert out == alone and out.notices == ()


def test_the_segment_stage_is_bounded_by_the_setting():
    thread = ARTICLE + "".join(f"Reader {i}\nI doubt the ministry, comment {i}.\nReply\n\n"
                               for i in range(2_000))
    settings = load_settings(max_analysed_chars=5_000)
    [stage] = build_stages(["segment"], {"settings": settings})
    out = stage(PageAnalysis(page=page_of(thread)))
    [notice] = out.notices
    assert notice.stage == "segment" and notice.chars_total == len(thread)
    assert 2_500 < notice.chars_analysed <= 5_000
    assert out.segments and all(s.end <= notice.chars_analysed for s in out.segments)
    # the small page comes out exactly as the unbounded segmenter makes it
    small = stage(PageAnalysis(page=page_of(ARTICLE)))
    assert small.notices == () and small.segments == segment_page(page_of(ARTICLE))


def test_line_evidence_reads_only_the_analysed_prefix():
    page = page_of("Share this\n" + "word\n" * 100 + "Only at the end\n")
    assert len(page_line_hashes(page, max_chars=100)) == 2
    assert len(page_line_hashes(page, max_chars=0)) == 3


def test_one_huge_sentence_is_cut_into_bounded_pieces():
    junk = " ".join(random.Random(1).choice(("said", "the", "minister", "x")) for _ in range(5_000))
    sentences = split(junk, rule=CLAIM_SENTENCES)
    assert len(sentences) > 1 and max(len(s.text) for s in sentences) <= MAX_CLAIM_SENTENCE_CHARS
    assert all(junk[s.start:s.end] == s.text for s in sentences)
    assert "".join(s.text for s in sentences).replace(" ", "") == junk.replace(" ", "")
    prose = ARTICLE * 3
    assert [s.text for s in split(prose, rule=CLAIM_SENTENCES)] == [  # prose: untouched
        line for line in prose.split("\n") if line]


def test_notice_is_stored_and_shown_by_show_json(tmp_path, capsys):
    folder = tmp_path / "pages"
    folder.mkdir()
    long_text = ARTICLE + "".join(f"Reader {i}\nThe ministry lies, comment {i}.\n\n" for i in range(500))
    (folder / "long.txt").write_text(long_text, encoding="utf-8")
    (folder / "short.txt").write_text(ARTICLE, encoding="utf-8")
    config = tmp_path / "small.toml"
    config.write_text("[claimscope]\nmax_analysed_chars = 4000\n")
    db = str(tmp_path / "c.db")
    assert main(["run", str(folder), "--db", db, "--stages", "segment", "--config", str(config), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["show", "long.txt", "--db", db, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    [notice] = shown["notices"]
    assert notice["stage"] == "segment" and notice["chars_total"] == len(long_text)
    assert notice["chars_analysed"] <= 4000
    assert max(s["end"] for s in shown["segments"]) <= notice["chars_analysed"]
    assert shown["page"]["text"] == long_text  # stored whole
    assert main(["show", "short.txt", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["notices"] == []
    assert main(["show", "long.txt", "--db", db, "--no-colour"]) == 0
    assert "notice: [segment] analysed" in capsys.readouterr().out


def test_ingest_rejects_a_gzip_bomb_with_one_error_line_and_goes_on(tmp_path, capsys):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a_bomb.txt.gz").write_bytes(gzip.compress(b"all work and no play " * 200_000))  # 4 MB
    (folder / "b_bomb.jsonl.gz").write_bytes(gzip.compress(
        b'{"text": "' + b"A" * 4_000_000 + b'"}\n' + json.dumps({"text": ARTICLE}).encode() + b"\n"))
    (folder / "c_fine.txt").write_text(ARTICLE, encoding="utf-8")
    config = tmp_path / "small.toml"
    config.write_text("[claimscope]\nmax_page_bytes = 1000000\n")
    db = str(tmp_path / "c.db")
    code = main(["run", str(folder), "--db", db, "--stages", "segment", "--config", str(config), "--quiet"])
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if "error:" in line]
    assert code == 1
    assert len(errors) == 2, err
    assert "a_bomb.txt.gz" in errors[0] and "max_page_bytes" in errors[0]
    assert "b_bomb.jsonl.gz#L1" in errors[1] and "max_page_bytes" in errors[1]
    assert "2 new page(s)" in err  # the page after the bomb in the JSONL, and c_fine.txt


def test_random_bytes_are_binary_not_a_page(tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(random.Random(16).randbytes(100_000))
    [item] = read_inputs([str(junk)])
    assert isinstance(item, PageError) and "binary" in item.reason


def test_a_warc_gz_bomb_record_is_one_error_and_the_next_record_is_read(tmp_path):
    pytest.importorskip("warcio")
    pytest.importorskip("fastwarc")
    from tests.foundation.test_ingest import HTML, _warc_bytes

    bomb = HTML.format("Bomb", "boom " * 1_000_000)  # 5 MB that gzip packs into a few KB
    data = _warc_bytes([("https://example.org/bomb", bomb),
                        ("https://example.org/fine", HTML.format("Fine", "The minister said so. " * 20))])
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(data)
    assert len(data) < 100_000
    results = _within(30, lambda: list(read_inputs([str(path)], max_page_bytes=1_000_000)))
    errors = [r for r in results if isinstance(r, PageError)]
    assert len(errors) == 1 and "larger than 1000000 bytes" in errors[0].reason
    assert [r.url for r in results if isinstance(r, Page)] == ["https://example.org/fine"]


def _within(seconds: int, work):
    """``work()``, or a failure after ``seconds``: the check of a gzip member's end once
    looped forever on a bomb, and a hung test says nothing."""
    import signal

    def give_up(*_):
        raise TimeoutError(f"still reading after {seconds} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(seconds)
    try:
        return work()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_store_written_before_notices_existed_still_shows_its_pages(tmp_path):
    from claimscope.store import Store

    db = str(tmp_path / "old.db")
    page = page_of(ARTICLE)
    with Store(db) as store:
        store.add_page(page)
        store.conn.execute("DROP TABLE notices")  # as a store written by an earlier version
    with Store(db, readonly=True) as store:  # read-only: not migrated
        assert store.analysis(page.id).notices == ()
