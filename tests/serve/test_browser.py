"""The web UI in a real browser (Debian's chromium driven by Playwright) over
the example pages run through the pipeline, plus a page of XSS payloads.

Every test's browser context records each request and dialog: at teardown all
requests must have gone to 127.0.0.1 (or the report file) and no dialog may
have opened. Skipped when playwright or chromium is missing."""
from __future__ import annotations

import sqlite3
from urllib.parse import urlsplit

import pytest

from claimscope.serve.report import write_report

from . import browser as chromium
from .hostile import PAYLOADS

pytestmark = pytest.mark.skipif(chromium.available() is not None,
                                reason=chromium.available() or "")

VIEWS = ("/", "/search", "/pages", "/sources", "/flags", "/map", "/timeline", "/stories")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = chromium.launch(playwright)
        yield launched
        launched.close()


class Watched:
    """A browser tab whose requests, dialogs and console errors are recorded."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.console_errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))

    def _route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        parts = urlsplit(url)
        if parts.scheme == "file" or parts.hostname == "127.0.0.1":
            route.continue_()
        else:  # never let anything out, even when a test is about to fail
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def outside(self) -> list[str]:
        return [u for u in self.requests
                if urlsplit(u).scheme != "file" and urlsplit(u).hostname != "127.0.0.1"]


@pytest.fixture
def tab(browser):
    watched = Watched(browser)
    yield watched
    watched.context.close()
    assert watched.outside() == [], "requests left the machine"
    assert watched.dialogs == [], "a dialog opened: a script ran"


def _hostile_id(db) -> str:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT id FROM pages WHERE source LIKE '%hostile-herald-xss.txt'"
                            ).fetchone()[0]


def test_every_view_opens_without_errors(tab, example_server):
    for view in VIEWS:
        response = tab.page.goto(example_server.url + view)
        assert response.status == 200, view
        assert tab.page.locator("h1").first.is_visible(), view
        assert tab.page.locator("nav a[aria-current]").count() == 1, view
    assert tab.console_errors == []  # a CSP violation would be reported here
    assert len(tab.requests) > len(VIEWS)  # the recording sees requests (and can fail)


def test_search_opens_a_document_with_highlighted_claims(tab, example_server):
    page = tab.page
    page.goto(example_server.url + "/search")
    box = page.locator('input[type="search"][name="q"]')
    # a page with a claim whose quoted words hold no other record's mark (an innermost mark to
    # click): "No bank dares to process a payment for a single respirator …"
    box.fill("respirator")
    box.press("Enter")
    page.wait_for_selector("ol.hits li.hit")
    assert page.locator('mark[data-kind="hit"]').count() > 0
    page.locator("a.hit-link").first.click()
    page.wait_for_url("**/pages/**")
    assert page.locator('mark[data-kind="claim-content"]').count() > 0
    innermost = page.locator('mark[data-kind="claim-content"]:not(:has(mark))').first
    innermost.click()
    record = innermost.get_attribute("data-record")
    assert page.locator(f'details[id="{record}"]').get_attribute("open") is not None
    assert "page " in page.locator(f'details[id="{record}"] .cite-text').inner_text()


def test_layers_switch_off_in_place(tab, example_server, example_db):
    page = tab.page
    page.goto(example_server.url + f"/pages/{_hostile_id(example_db)}")
    page.locator('input[data-layer="claim-content"]').uncheck()
    assert "hide-claim-content" in page.locator("body").get_attribute("class")
    colour = page.locator('mark[data-kind="claim-content"]').first.evaluate(
        "m => getComputedStyle(m).backgroundColor")
    assert colour in ("rgba(0, 0, 0, 0)", "transparent")


def test_hostile_page_renders_as_text_and_runs_nothing(tab, example_server, example_db):
    page = tab.page
    hostile = _hostile_id(example_db)
    for view in (f"/pages/{hostile}", "/search?q=alert", "/search?q=xss", "/pages", "/sources",
                 "/flags", "/stories"):
        page.goto(example_server.url + view)
        page.wait_for_timeout(150)  # time for anything injected to fire
        assert page.evaluate("document.scripts.length") == 1, view
        assert page.evaluate("[...document.scripts].every(s => s.src.endsWith('/static/app.js'))")
        handlers = page.evaluate("[...document.querySelectorAll('*')].flatMap(e => "
                                 "[...e.attributes].filter(a => a.name.startsWith('on')))"
                                 ".length")
        assert handlers == 0, view
        assert page.locator("img, iframe, svg[onload], a[href^='javascript']").count() == 0, view
    page.goto(example_server.url + f"/pages/{hostile}")
    text = page.locator("article.text").inner_text()
    assert PAYLOADS[0] in text and "</mark><script>" in text


def test_report_opens_offline_with_marks(tab, example_db, tmp_path):
    out = write_report(example_db, tmp_path / "report.html", {}, max_pages=30)
    page = tab.page
    page.goto(out.resolve().as_uri())
    assert page.locator('mark[data-kind="claim-content"]').count() > 0
    assert page.evaluate("document.scripts.length") == 0
    assert [u for u in tab.requests if not u.startswith("file:")] == []


def test_selected_text_is_cited_with_its_exact_span(tab, example_server, example_db):
    page = tab.page
    hostile = _hostile_id(example_db)
    page.goto(example_server.url + f"/pages/{hostile}")
    page.evaluate("""() => {
        const seg = document.querySelector('section.kind-article .seg-text');
        const walker = document.createTreeWalker(seg, NodeFilter.SHOW_TEXT);
        walker.nextNode();
        const second = walker.nextNode();
        const range = document.createRange();
        range.setStart(second, 0);
        range.setEnd(second, Math.min(12, second.length));
        getSelection().removeAllRanges();
        getSelection().addRange(range);
    }""")
    page.wait_for_selector("#selection-cite:not([hidden])")
    cite = page.locator("#selection-cite .cite-text").inner_text()
    quote, _, where = cite.rpartition("\n— page ")
    start, end = (int(n) for n in where.rsplit("characters ", 1)[1].split("–"))
    with sqlite3.connect(f"file:{example_db}?mode=ro", uri=True) as conn:
        text = conn.execute("SELECT text FROM pages WHERE id = ?", (hostile,)).fetchone()[0]
    assert quote and text[start:end] == quote
    assert where.startswith(hostile)


def test_a_flag_in_the_flags_view_opens_its_record(tab, example_server):
    page = tab.page
    page.goto(example_server.url + "/flags")
    page.locator("a.flag-link").first.click()
    page.wait_for_url("**/pages/**")
    record = page.locator("details.record.current")
    assert record.count() == 1 and record.get_attribute("open") is not None
    assert record.get_attribute("id").startswith("flag-")


def test_a_flag_not_shown_by_default_appears_only_with_all_flags(tab, hidden_flag_store, start_server):
    """Issue #19: a propaganda flag kept in the store under its shown threshold is not marked
    in the default UI, and is marked (and listed in the flags view) by a --all-flags server."""
    from .store_builder import FIRST, HIDDEN_WORDS

    db, ids = hidden_flag_store
    start = FIRST.index(HIDDEN_WORDS)
    record = f"flag-{start}-{start + len(HIDDEN_WORDS)}-propaganda:Loaded_Language"
    page = tab.page
    for all_flags, expected in ((False, 0), (True, 1)):
        url = start_server(db, all_flags=all_flags).url
        page.goto(url + f"/pages/{ids['first']}")
        assert page.locator("h1").first.is_visible()
        assert page.locator(f'mark[data-record="{record}"]').count() == expected
        page.goto(url + "/flags")
        assert ("0.31" in page.locator("main").inner_text()) is bool(expected)
    assert tab.console_errors == []
