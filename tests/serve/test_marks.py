"""Overlapping spans nest or split into well-formed, escaped HTML."""
from __future__ import annotations

from html.parser import HTMLParser

from claimscope.serve.marks import Span, render_marks


class _Tree(HTMLParser):
    """Checks that tags nest, and collects the text and each record's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text = ""
        self.by_record: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        assert tag == "mark"
        self.stack.append(dict(attrs)["data-record"])

    def handle_endtag(self, tag):
        assert tag == "mark" and self.stack, "a close without an open"
        self.stack.pop()

    def handle_data(self, data):
        self.text += data
        for record in set(self.stack):
            self.by_record[record] = self.by_record.get(record, "") + data


def _parse(html: str) -> _Tree:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    assert tree.stack == [], "marks left open"
    return tree


def test_crossing_spans_are_split_and_keep_their_text():
    text = "The ministry said that sanctions kill."
    spans = [Span(0, 17, "claim-source", "a"), Span(13, 32, "flag", "b"),
             Span(4, 12, "entity", "c"), Span(4, 38, "claim-content", "d")]
    tree = _parse(render_marks(text, spans))
    assert tree.text == text
    assert tree.by_record == {"a": text[0:17], "b": text[13:32], "c": text[4:12],
                              "d": text[4:38]}


def test_text_and_attributes_are_escaped():
    text = '</mark><script>alert(1)</script>"'
    html = render_marks(text, [Span(0, 7, "flag", '"><script>', title="<b>x</b>")])
    assert "<script" not in html and 'data-record="&#34;&gt;&lt;script&gt;"' in html
    assert _parse(html).text == text


def test_offsets_are_relative_to_the_segment_and_clipped():
    html = render_marks("world", [Span(100, 103, "place", "p"), Span(90, 200, "flag", "f"),
                                  Span(120, 130, "date", "gone"), Span(102, 102, "entity", "empty")],
                        offset=100)
    tree = _parse(html)
    assert tree.by_record == {"p": "wor", "f": "world"}


def test_identical_spans_nest():
    tree = _parse(render_marks("abc", [Span(0, 3, "entity", "e"), Span(0, 3, "place", "p")]))
    assert tree.by_record == {"e": "abc", "p": "abc"}
