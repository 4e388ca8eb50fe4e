"""Inline pages for the classify tests."""
from claimscope.analysis import PageAnalysis
from claimscope.records import LineIndex, Page, Segment, page_id_for


def make_analysis(*comments: str, article: str = "") -> PageAnalysis:
    """A page of one article and some comments, with segments cut by hand."""
    parts = [("article", article)] if article else []
    parts += [("comment", c) for c in comments]
    text = "\n\n".join(p for _, p in parts)
    page = Page(id=page_id_for(text.encode()), source="inline", format="text",
                raw=text.encode(), text=text)
    lines, segments, pos = LineIndex(text), [], 0
    for index, (kind, body) in enumerate(parts):
        start, end = pos, pos + len(body)
        segments.append(Segment(page.id, index, kind, start, end, *lines.lines_of(start, end),
                                text=body, producer="test"))
        pos = end + 2
    return PageAnalysis(page=page, segments=tuple(segments))
