"""Render HTML pages to plain text the way scrapers save them, with the gold kept.

Real scrapes come from many tools, so a page is rendered by several conventions:

- ``lines``: an lxml walk that puts every block element on its own line (one newline);
- ``blocks``: the same walk with a blank line between blocks (the samples' layout);
- ``html2text``: html2text's Markdown-like text with links, images and emphasis off;
- ``inscriptis``: inscriptis's layout-aware text (tables and lists laid out as a browser);
- ``browser`` (evaluation only, never trained on): Chromium's ``innerText`` of the page, what
  a scraper driving a headless browser saves. It needs Debian's chromium and Playwright and
  an open ``BrowserText``; it tells whether the segmenter holds on a rendering it never saw.

Labelled markup (the page-signal gold marks each text node with a class ``x-nc-selN``)
keeps its labels through any renderer: every text node is prefixed with a private-use
character naming its label, and each rendered line takes the label of most of its
characters (see ``split_marked``).
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

RENDERERS = ("lines", "blocks", "html2text", "inscriptis")  # what the line model trains on
UNSEEN_RENDERER = "browser"
BLOCK_TAGS = ("p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
              "table", "ul", "ol", "section", "article", "blockquote", "pre", "dd", "dt", "hr",
              "header", "footer", "nav", "aside", "form", "dl", "figure", "figcaption")
HIDDEN = "//script|//style|//noscript|//template|//head|//iframe"
MARK_BASE = 0xE000  # private-use characters: MARK_BASE + label number
_MARKS = re.compile("[\ue000-\ue00f]")
_SEL_CLASS = re.compile(r"\bx-nc-sel(\d)\b")


def parse(html: str):
    """The lxml tree of ``html``, or None when it cannot be parsed."""
    try:
        return lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def render(html: str, renderer: str, browser: BrowserText | None = None) -> str:
    """Plain text of ``html`` by one of ``RENDERERS``, or by ``browser`` for ``UNSEEN_RENDERER``."""
    if renderer == UNSEEN_RENDERER:
        if browser is None:
            raise ValueError("the browser renderer needs an open BrowserText")
        return browser.text(html)
    if renderer in ("lines", "blocks"):
        tree = parse(html)
        return "" if tree is None else _walk(tree, "\n\n" if renderer == "blocks" else "\n")
    if renderer == "html2text":
        import html2text

        h = html2text.HTML2Text()
        h.ignore_links, h.ignore_images, h.ignore_emphasis, h.body_width = True, True, True, 0
        h.ignore_tables = True
        return _tidy(h.handle(html))
    if renderer == "inscriptis":
        from inscriptis import get_text

        return _tidy(get_text(html))
    raise ValueError(f"unknown renderer {renderer!r}")


class BrowserText:
    """Chromium's ``innerText`` of HTML pages, one browser for many pages: JavaScript off
    (a page's scripts cannot rewrite what is measured) and every request the page makes
    refused (nothing leaves the machine; images and stylesheets stay unloaded, as when a
    scraper blocks them). ``with BrowserText() as browser: browser.text(html)``.

    The browser runs in a process of its own, in its own session, and each page has
    ``PAGE_SECONDS``: a build that rendered pages in between trafilatura's work once waited
    on the browser forever, whatever the timeouts passed to Playwright, so a page that
    overruns ends that process with its browser and the next page gets a fresh one."""

    PAGE_SECONDS = 60
    TIMEOUT_MS = 20_000  # Playwright's own limit on loading one page

    def __enter__(self) -> BrowserText:
        self._start()
        return self

    def _start(self) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self._requests, self._replies = context.Queue(), context.Queue()
        self._worker = context.Process(target=_browser_worker, args=(self._requests, self._replies, self.TIMEOUT_MS),
                                       daemon=True)
        self._worker.start()

    def _stop(self) -> None:
        import os
        import signal

        if self._worker.is_alive() and self._worker.pid is not None:
            os.killpg(self._worker.pid, signal.SIGKILL)  # the worker, its driver and its browser
        self._worker.join(5)

    def text(self, html: str) -> str:
        """The page's ``innerText``, or "" for a page the browser fails on or overruns with."""
        import queue

        self._requests.put(html)
        try:
            return self._replies.get(timeout=self.PAGE_SECONDS)
        except queue.Empty:
            self._stop()
            self._start()
            return ""

    def __exit__(self, *exc) -> None:
        self._requests.put(None)
        self._worker.join(30)
        self._stop()


def _browser_worker(requests, replies, timeout_ms: int) -> None:
    """Render the HTML that arrives on ``requests`` until None arrives (see BrowserText)."""
    import os

    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    os.setsid()  # one process group with the driver and the browser, to end them together
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.serve import browser as chromium  # the one way the project launches chromium

    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        context = browser.new_context(java_script_enabled=False)
        context.route("**/*", lambda route: route.abort())
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        while (html := requests.get()) is not None:
            try:
                page.set_content(html, wait_until="domcontentloaded")
                replies.put(_tidy(page.locator("body").inner_text(timeout=timeout_ms)))
            except PlaywrightError:
                replies.put("")
                page.close()
                page = context.new_page()
                page.set_default_timeout(timeout_ms)
        browser.close()


def _walk(tree, joiner: str) -> str:
    for hidden in tree.xpath(HIDDEN):
        hidden.drop_tree()
    for block in tree.iter(*BLOCK_TAGS):
        block.tail = "\n" + (block.tail or "")
        if block.text is not None or len(block):
            block.text = "\n" + (block.text or "")
    lines = (" ".join(line.split()) for line in tree.text_content().splitlines())
    text = "\n".join(line for line in lines if line)
    return text.replace("\n", joiner) if joiner != "\n" else text


def _tidy(text: str) -> str:
    """Trailing spaces off, at most two blank lines in a row (as scrapers leave them)."""
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{4,}", "\n\n\n", "\n".join(lines)).strip("\n")


def mark_labels(html: str) -> str | None:
    """The markup with each text node prefixed by the mark of its ``x-nc-selN`` label
    (0 where no labelled element holds it), serialised back to HTML."""
    tree = parse(html)
    if tree is None:
        return None
    _mark(tree, 0)
    return etree.tostring(tree, encoding="unicode", method="html")


def _mark(element, inherited: int) -> None:
    if not isinstance(element.tag, str):
        return
    found = _SEL_CLASS.search(element.get("class") or "")
    label = int(found.group(1)) if found else inherited
    if element.text and element.text.strip():
        element.text = chr(MARK_BASE + label) + element.text
    for child in element:
        _mark(child, label)
        if child.tail and child.tail.strip():
            child.tail = chr(MARK_BASE + label) + child.tail


def split_marked(text: str) -> tuple[str, list[int]]:
    """The text without marks, and for each non-blank line the label of most of its
    characters (a line's leading characters before any mark take the previous mark)."""
    out_lines, labels = [], []
    current = 0
    for raw in text.split("\n"):
        weights: Counter = Counter()
        pos = 0
        for match in _MARKS.finditer(raw):
            weights[current] += len(raw[pos:match.start()].strip())
            current, pos = ord(match.group()) - MARK_BASE, match.end()
        weights[current] += len(raw[pos:].strip())
        clean = _MARKS.sub("", raw)
        out_lines.append(clean)
        if clean.strip():
            labels.append(weights.most_common(1)[0][0] if sum(weights.values()) else current)
    return "\n".join(out_lines), labels


def site_of(html: str, fallback: str) -> str:
    """The site a page comes from: its canonical or og:url host, else the host most of its
    absolute links and sources name, else ``fallback``."""
    for pattern in (r"<link[^>]+rel=[\"']?canonical[^>]+href=[\"']?https?://([^/\"'>\s]+)",
                    r"og:url[\"'][^>]+content=[\"']?https?://([^/\"'>\s]+)",
                    r"<base[^>]+href=[\"']?https?://([^/\"'>\s]+)"):
        found = re.search(pattern, html[:200_000], re.I)
        if found:
            return _domain(found.group(1))
    hosts = Counter(_domain(h) for h in re.findall(r"(?:href|src)=[\"']?https?://([^/\"'>\s]+)", html[:400_000]))
    for host, _ in hosts.most_common(5):
        if host and not any(cdn in host for cdn in _SHARED_HOSTS):
            return host
    return fallback


_SHARED_HOSTS = ("google", "facebook", "twitter", "doubleclick", "addthis", "cloudfront", "akamai",
                 "feedburner", "gravatar", "disqus", "w3.org", "wp.com", "yimg", "quantserve")


def _domain(host: str) -> str:
    """The registered part of a host: www.news.bbc.co.uk -> bbc.co.uk."""
    parts = host.lower().split(":")[0].split(".")
    keep = 3 if len(parts) >= 3 and parts[-2] in ("co", "com", "org", "net", "gov", "ac") else 2
    return ".".join(parts[-keep:])
