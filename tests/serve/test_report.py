"""``claimscope report``: one self-contained, script-free HTML file."""
from __future__ import annotations

import re

from claimscope.cli import build_parser, main

from .test_safety import injected


def _report(tmp_path, fast_store, *args: str) -> str:
    out = tmp_path / "report.html"
    assert main(["report", "--db", str(fast_store[0]), "--out", str(out), *args]) == 0
    return out.read_text(encoding="utf-8")


def test_report_is_self_contained_and_runs_nothing(tmp_path, fast_store):
    html = _report(tmp_path, fast_store)
    assert "<script" not in html and "<link" not in html
    assert "default-src 'none'" in html
    # every src/href is an in-file anchor or inline data, never a request
    for attr in re.findall(r'(?:src|href)="([^"]*)"', html):
        assert attr.startswith(("#", "data:image/png;base64,")), attr
    assert injected(html) == []


def test_report_marks_records_like_the_web_ui(tmp_path, fast_store):
    html = _report(tmp_path, fast_store)
    for kind in ("claim-source", "claim-cue", "claim-content", "place", "flag"):
        assert f'data-kind="{kind}"' in html
    assert html.count("<mark") == html.count("</mark>")


def test_report_of_a_query_keeps_only_matching_pages(tmp_path, fast_store):
    _, ids = fast_store
    html = _report(tmp_path, fast_store, "--q", "sanctions", "--outlet", "Silk Road Herald")
    assert f'id="page-{ids["repeat"]}"' in html
    assert f'id="page-{ids["first"]}"' not in html
    assert '<mark data-kind="hit">' in html


def test_serve_and_report_are_registered_commands():
    parser = build_parser()
    args = parser.parse_args(["serve", "--db", "x.db"])
    assert (args.host, args.port, args.token) == ("127.0.0.1", 8765, None)
    args = parser.parse_args(["report", "--db", "x.db", "--out", "r.html", "--date-from", "2020"])
    assert args.date_from == "2020"
