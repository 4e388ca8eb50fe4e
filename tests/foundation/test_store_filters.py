"""Store.records takes structured filters, never SQL text (issue 16)."""
import pytest

from claimscope.records import Flag
from claimscope.store import Store
from claimscope.store.filters import FilterError, where_clause


def test_filters_become_parameters_and_checked_columns():
    sql, params = where_clause(Flag, {"label__prefix": "propaganda:", "score__ge": 0.5, "page_id": "p",
                                      "narrative_id__isnull": True}, ("page_id", "-score"))
    assert sql == (' WHERE "label" LIKE ? ESCAPE \'\\\' AND "score" >= ? AND "page_id" = ?'
                   ' AND "narrative_id" IS NULL ORDER BY "page_id", "score" DESC')
    assert params == ("propaganda:%", 0.5, "p")
    assert where_clause(Flag, {"label__prefix": "50%_off"})[1] == ("50\\%\\_off%",)
    with pytest.raises(FilterError, match="no column"):
        where_clause(Flag, {"label = 1 OR 1": "x"})
    with pytest.raises(FilterError, match="operator"):
        where_clause(Flag, {"score__like": "x"})
    with pytest.raises(FilterError):
        where_clause(Flag, {}, ("score; DROP TABLE flags",))


def test_records_filter_and_order(tmp_path):
    from claimscope.records import LineIndex, Page, Segment, page_id_for
    from claimscope.analysis import PageAnalysis

    text = "one\n\ntwo"
    page = Page(id=page_id_for(text.encode()), source="inline", format="text", raw=text.encode(), text=text)
    lines = LineIndex(text)
    segments = tuple(Segment(page.id, i, kind, s, e, *lines.lines_of(s, e), text=text[s:e], producer="t")
                     for i, (kind, s, e) in enumerate([("article", 0, 3), ("comment", 5, 8)]))
    with Store(tmp_path / "s.db") as store:
        store.add_page(page)
        store.write_analysis(PageAnalysis(page=page, segments=segments), {"segment": "t"})
        assert [s.text for s in store.records("segments", kind="comment")] == ["two"]
        assert [s.index for s in store.records("segments", order_by=("-index",))] == [1, 0]
