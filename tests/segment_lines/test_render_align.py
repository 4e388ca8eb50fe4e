"""The training-data scripts: rendering HTML the way scrapes look, and labelling lines (issue 17)."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
render_pages = pytest.importorskip("render_pages")
from align_lines import align  # noqa: E402

PAGE = ("<html><head><title>T</title><script>var x = 1;</script></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        "<h1 class='x-nc-sel1'>Rockets hit the base</h1>"
        "<div class='x-nc-sel2'><p>Three rockets struck the base on Monday, officials said.</p>"
        "<p>No one was hurt in the attack, they added.</p></div>"
        "<div class='x-nc-sel5'><p>Who fired them?</p></div><footer>Privacy Policy</footer></body></html>")


def nonblank(text):
    return [line for line in text.split("\n") if line.strip()]


def test_lines_renderer_puts_each_block_on_its_own_line_without_scripts():
    text = render_pages.render(PAGE, "lines")
    assert nonblank(text) == ["Home News", "Rockets hit the base",
                              "Three rockets struck the base on Monday, officials said.",
                              "No one was hurt in the attack, they added.", "Who fired them?", "Privacy Policy"]
    assert "\n\n" not in text and "var x" not in text


def test_blocks_renderer_sets_blocks_apart_by_blank_lines():
    assert "Rockets hit the base\n\nThree rockets" in render_pages.render(PAGE, "blocks")


@pytest.mark.parametrize("renderer", render_pages.RENDERERS)
def test_gold_classes_survive_every_renderer(renderer):
    pytest.importorskip({"html2text": "html2text", "inscriptis": "inscriptis"}.get(renderer, "lxml"))
    text, labels = render_pages.split_marked(render_pages.render(render_pages.mark_labels(PAGE), renderer))
    by_line = dict(zip((line.strip(" #*") for line in nonblank(text)), labels))
    assert by_line["Rockets hit the base"] == 1
    assert by_line["Three rockets struck the base on Monday, officials said."] == 2
    assert by_line["Who fired them?"] == 5
    assert by_line["Privacy Policy"] == 0
    assert "\ue000" not in text and "\ue002" not in text


def test_site_is_the_canonical_host_else_the_most_linked_host():
    canonical = '<link rel="canonical" href="https://www.news.bbc.co.uk/a/1">'
    assert render_pages.site_of(canonical, "id:1") == "bbc.co.uk"
    linked = '<a href="http://blog.example.com/x"></a><a href="http://blog.example.com/y"></a>' \
             '<img src="http://www.facebook.com/px">'
    assert render_pages.site_of(linked, "id:2") == "example.com"
    assert render_pages.site_of("<p>no links</p>", "id:3") == "id:3"


def test_align_labels_long_lines_by_trigrams_and_short_lines_by_their_neighbours():
    main = "Rockets hit the base\nThree rockets struck the base on Monday, officials said."
    comments = "jackie\nWho fired them? Nobody knows who fired the rockets."
    lines = ["Home", "Rockets hit the base", "Three rockets struck the base on Monday, officials said.",
             "Related: three rockets struck a school", "jackie", "Who fired them? Nobody knows who fired the rockets.",
             "Reply", "Privacy Policy", "base"]
    assert align(lines, main, comments) == [
        "boilerplate", "article", "article", "boilerplate", "comment", "comment", "boilerplate", "boilerplate", "boilerplate"]


def test_fresh_gold_is_plain_text_in_either_form():
    build = pytest.importorskip("build_segment_data")
    cleaneval = "URL: http://example.org/a\n\n<h>Rockets hit the base\n<p>Three rockets struck the base on Monday."
    assert nonblank(build.gold_text(cleaneval, "cleaneval")) == [
        " Rockets hit the base", " Three rockets struck the base on Monday."]
    html = "<div><h1>Rockets hit the base</h1><p>Three rockets struck the base.</p></div>"
    assert nonblank(build.gold_text(html, "html")) == ["Rockets hit the base", "Three rockets struck the base."]
    lines = ["Home | News", "Rockets hit the base", "Three rockets struck the base on Monday.", "Privacy Policy"]
    assert align(lines, build.gold_text(cleaneval, "cleaneval"), "") == ["boilerplate", "article", "article", "boilerplate"]


@pytest.fixture(scope="module")
def browser():
    from tests.serve import browser as chromium

    reason = chromium.available()
    if reason:
        pytest.skip(reason)
    with render_pages.BrowserText() as opened:
        yield opened


def test_browser_renderer_keeps_gold_classes_and_shows_only_what_a_reader_sees(browser):
    hidden = PAGE.replace("<footer>", "<div style='display:none'>Sign in to continue</div><footer>")
    text, labels = render_pages.split_marked(
        render_pages.render(render_pages.mark_labels(hidden), render_pages.UNSEEN_RENDERER, browser))
    by_line = dict(zip(nonblank(text), labels))
    assert by_line["Rockets hit the base"] == 1
    assert by_line["No one was hurt in the attack, they added."] == 2
    assert by_line["Who fired them?"] == 5
    assert "var x" not in text and "Sign in to continue" not in text  # scripts and hidden blocks stay unseen


def test_browser_renderer_needs_an_open_browser_and_sets_paragraphs_apart(browser):
    with pytest.raises(ValueError):
        render_pages.render(PAGE, render_pages.UNSEEN_RENDERER)
    assert render_pages.render("<p>one</p><p>two</p>", render_pages.UNSEEN_RENDERER, browser) == "one\n\ntwo"


def test_browser_renderer_gives_up_on_a_page_that_overruns_and_goes_on_with_a_fresh_browser(browser):
    import os
    import signal

    assert browser.text("<p>warm</p>") == "warm"  # the worker runs, in a process group of its own
    # a browser that hangs, as two builds saw: stopped, it never answers, however loaded the
    # machine (a tiny time limit alone raced a reply that came before the parent looked)
    os.killpg(browser._worker.pid, signal.SIGSTOP)
    browser.PAGE_SECONDS = 1
    try:
        assert browser.text("<p>slow</p>") == ""
    finally:
        del browser.PAGE_SECONDS  # the class's limit again
    assert browser.text("<p>one</p><p>two</p>") == "one\n\ntwo"
