"""Claims in comment threads (issue 18): where each claim was written and by whom, no
comment headers or first-person remarks as claims, no coreference across comments."""
from claimscope.analysis import PageAnalysis
from claimscope.cli import main
from claimscope.extract.export import claims_rows
from claimscope.records import LineIndex, Page, Segment, page_id_for
from claimscope.store import Store

PAGE = """Bridge closed after flood

The mayor of Lakeport, Anna Berg, said on Monday that the old bridge would stay closed until spring.

Ann says:
Police said the fire started at night in the warehouse.
I remember the old bridge from my childhood.

Bob says:
He said the council knew about the cracks for years.
"""


def _segment(page, index, kind, first, last, author=None):
    lines = LineIndex(page.text)
    start = lines.line_start(first)
    end = lines.line_start(last + 1) - 1
    return Segment(page_id=page.id, index=index, kind=kind, start=start, end=end, line_start=first,
                   line_end=last, text=page.text[start:end], producer="test", author=author)


def _analysis() -> PageAnalysis:
    raw = PAGE.encode()
    page = Page(id=page_id_for(raw), source="test", format="text", raw=raw, text=PAGE)
    return PageAnalysis(page, (_segment(page, 0, "article", 1, 3),
                               _segment(page, 1, "comment", 5, 7, "Ann"),
                               _segment(page, 2, "comment", 9, 10, "Bob")))


def test_claims_know_their_segment_and_commenter(stage):
    claims = stage(_analysis()).claims
    article = [c for c in claims if c.segment_kind == "article"]
    assert article and all(c.comment_author is None for c in article)
    police = [c for c in claims if c.source == "Police"]
    assert police and police[0].segment_kind == "comment" and police[0].comment_author == "Ann"
    assert not [c for c in claims if c.cue in ("says", "remember")]  # headers, the writer's memory
    he = [c for c in claims if c.source == "He"]  # Bob's "he" is nobody named in Bob's comment
    assert all(c.source_entity in (None, "He") and c.comment_author == "Bob" for c in he)


def test_claims_command_filters_by_kind_and_author(stage, tmp_path, capsys):
    analysis = stage(_analysis())
    db = tmp_path / "c.db"
    with Store(db) as store:
        store.add_page(analysis.page)
        store.write_analysis(analysis, {"segment": "test", "extract": "extract.test"})
        rows = list(claims_rows(store, kind="comment", author="ann"))
        assert rows and all(r["segment_kind"] == "comment" and r["comment_author"] == "Ann" for r in rows)
        assert all(r["segment_kind"] == "article" for r in claims_rows(store, kind="article"))
    capsys.readouterr()
    assert main(["claims", "--db", str(db), "--kind", "comment", "--author", "Bob"]) == 0
    out = capsys.readouterr().out
    assert "(comment by Bob)" in out and "Ann" not in out
