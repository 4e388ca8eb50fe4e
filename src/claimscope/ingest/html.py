"""HTML pages: trafilatura finds the main text and the comments; we lay them out
as plain text (title, article, thread) and record where each part lies, so the
same segmenter then splits the thread into comments with their authors."""
from __future__ import annotations

import re

from ..errors import InputError, require
from .html_comments import thread

__all__ = ["html_to_text", "visible_text"]


def html_to_text(html: str, url: str | None = None) -> tuple[str, tuple, dict]:
    """(text, regions, metadata) for an HTML document."""
    trafilatura = require("trafilatura", "html")
    html, open_title = close_open_title(html)
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, include_comments=True, with_metadata=True, favor_recall=True,
        )
    except Exception as exc:  # trafilatura raises many kinds on hostile markup
        raise InputError(f"HTML could not be parsed: {exc.__class__.__name__}: {exc}") from exc
    get = (lambda k: None) if doc is None else doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    title, main, comments = (get("title") or "").strip(), (get("text") or "").strip(), (get("comments") or "").strip()
    notes: tuple[str, ...] = ()
    if open_title is not None:
        notes = (OPEN_TITLE_NOTE,)
        if title == open_title.strip():
            title = ""  # what the cut kept may end in the stray script that followed it
    if not (main or comments):
        # trafilatura finds nothing in some markup (a fragment under a non-HTML root, a
        # page of tables): keep every visible line rather than lose the page
        main = visible_text(html)
        notes = (*notes, VISIBLE_TEXT_NOTE)
    if not (main or comments):
        raise InputError("no text found in HTML")
    layout = _Layout()
    layout.add("title", title)
    layout.add("main", _paragraphs(main))
    structured = thread(html)
    if structured and not _covers(structured, comments):
        structured = None  # the markup guess missed much of what trafilatura found
    if structured:
        layout.add_thread(structured)
    else:
        layout.add("comments", _paragraphs(comments))
    parts, regions = layout.parts, layout.regions
    meta = {"title": title or None, "outlet": get("sitename"), "published": get("date"),
            "author": get("author"), "notes": notes}
    return "".join(parts), tuple(regions), meta


VISIBLE_TEXT_NOTE = "html: no main text found by trafilatura; every visible line kept"
OPEN_TITLE_NOTE = "html: the title element was never closed; it was closed at the end of its first line"
_TITLE_OPEN = re.compile(r"<title\b[^<>]{0,200}>", re.IGNORECASE)
_TITLE_CLOSE = re.compile(r"</title\s*>", re.IGNORECASE)
_TITLE_TEXT_END = re.compile(r"[<\n]")
TITLE_CHARS = 300  # a title left open is cut here at the latest


def close_open_title(html: str) -> tuple[str, str | None]:
    """(markup, the title text kept) with a title element that is never closed, closed at
    the end of its first line; (markup unchanged, None) otherwise.

    Why: scrapes that lost a stretch of the head (or wrote ``</titleval``) leave ``<title>``
    open, and an HTML parser then reads the rest of the document as the title's text, so
    neither trafilatura nor the visible-line fallback finds anything (1.1 % of a real news
    corpus's pages)."""
    opened = _TITLE_OPEN.search(html)
    if opened is None or _TITLE_CLOSE.search(html, opened.end()):
        return html, None
    start = opened.end()
    stop = _TITLE_TEXT_END.search(html, start, start + TITLE_CHARS)
    cut = stop.start() if stop else min(len(html), start + TITLE_CHARS)
    return f"{html[:cut]}</title>{html[cut:]}", html[start:cut]


BLOCK_TAGS = ("p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
              "table", "ul", "ol", "section", "article", "blockquote", "pre", "dd", "dt", "hr")


def visible_text(html: str) -> str:
    """Every visible line of the markup, one block element a line (scripts, styles and
    templates dropped)."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        tree = None
    if tree is not None:
        for hidden in tree.xpath("//script|//style|//noscript|//template|//head"):
            hidden.drop_tree()
        for block in tree.iter(*BLOCK_TAGS):
            block.tail = "\n" + (block.tail or "")
        text = _tidy_lines(tree.text_content())
        if text:
            return text
    # libxml2 gives up on some broken start tags ('<html xmogo.jpg" alt=...') and keeps
    # an empty document; a plain scan of tags and text reads on past them
    return _tidy_lines(_scanned_text(html))


# a tag (its name, whether it closes), a comment or declaration, text, or a lone "<";
# every repetition is bounded, so a page of unclosed tags is still read in one pass
_TOKEN = re.compile(r"<(/?)([A-Za-z][\w:-]{0,30})[^<>]{0,2000}>|<[!?][^<>]{0,2000}>|[^<]+|<")
_HIDDEN_TAGS = frozenset(["script", "style", "noscript", "template", "head", "title"])


def _scanned_text(html: str) -> str:
    """The text outside hidden elements, a line break at every block element."""
    import html as entities

    parts: list[str] = []
    hidden = 0
    for token in _TOKEN.finditer(html):
        name = token.group(2)
        if name is None:
            if not hidden and not token.group().startswith("<"):
                parts.append(entities.unescape(token.group()))
            continue
        name = name.lower()
        if name in _HIDDEN_TAGS:
            hidden = max(0, hidden - 1) if token.group(1) else hidden + 1
        elif name in BLOCK_TAGS:
            parts.append("\n")
    return "".join(parts)


def _tidy_lines(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _covers(structured, blob: str, needed: float = 0.8) -> bool:
    """Do the comments read from markup hold most of the words of trafilatura's blob?"""
    from collections import Counter

    words = lambda t: Counter(w.lower() for w in re.findall(r"\w+", t))  # noqa: E731
    ours = words(" ".join(" ".join(p) for _, p in structured))
    theirs = words(blob)
    if not theirs:
        return True
    return sum((ours & theirs).values()) / sum(theirs.values()) >= needed


class _Layout:
    """Builds the page text part by part and remembers where each part lies."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.regions: list[tuple[str, int, int]] = []
        self.pos = 0

    def _append(self, text: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        return start, self.pos

    def add(self, kind: str, body: str) -> None:
        if not body:
            return
        if self.parts:
            self._append("\n\n\n")
        self.regions.append((kind, *self._append(body)))

    def add_thread(self, comments) -> None:
        """Each comment as name, blank line, paragraphs; comments set apart by blank lines."""
        if self.parts:
            self._append("\n\n\n")
        thread_start = self.pos
        for n, (author, paragraphs) in enumerate(comments):
            if n:
                self._append("\n\n\n")
            start = self.pos
            if author:
                self.regions.append(("author", *self._append(author)))
                self._append("\n\n")
            self._append("\n\n".join(paragraphs))
            self.regions.append(("comment", start, self.pos))
        self.regions.insert(0, ("comments", thread_start, self.pos))


def _paragraphs(text: str) -> str:
    """One blank line between paragraphs, as plain-text scrapes have them."""
    lines = [ln.strip() for ln in text.splitlines()]
    return "\n\n".join(ln for ln in lines if ln)
