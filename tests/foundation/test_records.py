import dataclasses

import pytest

import claimscope
from claimscope.records import LineIndex, Page, Segment, page_id_for
from claimscope.segment import segment_page

from .pages import THREAD_PAGE


def make_page(text: str, source: str = "test.txt") -> Page:
    raw = text.encode("utf-8")
    return Page(id=page_id_for(raw), source=source, format="text", raw=raw, text=text)


def test_public_api_is_explicit():
    for name in claimscope.__all__:
        assert hasattr(claimscope, name), name
    assert {"Page", "Segment", "Store", "run", "segment_page"} <= set(claimscope.__all__)


def test_records_are_frozen():
    page = make_page("hello")
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.text = "changed"


def test_page_id_is_hash_of_raw_bytes():
    assert page_id_for(b"abc") == page_id_for(b"abc") != page_id_for(b"abd")
    assert len(page_id_for(b"abc")) == 32


def test_segment_text_is_exact_slice_of_page_text():
    page = make_page(THREAD_PAGE)
    segments = segment_page(page)
    assert segments
    index = LineIndex(page.text)
    for seg in segments:
        assert seg.text == page.text[seg.start:seg.end]
        assert (seg.line_start, seg.line_end) == index.lines_of(seg.start, seg.end)


def test_line_index_maps_offsets_to_lines():
    index = LineIndex("a\nbb\n\nccc")
    assert index.line_of(0) == 1
    assert index.line_of(2) == 2
    assert index.line_of(5) == 3
    assert index.line_of(6) == 4
    assert index.lines_of(2, 9) == (2, 4)


def test_unknown_segment_kind_is_rejected():
    with pytest.raises(ValueError, match="unknown segment kind"):
        Segment(page_id="p", index=0, kind="sidebar", start=0, end=1, line_start=1, line_end=1,
                text="x", producer="t")
