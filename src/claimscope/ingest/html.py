"""HTML pages: trafilatura finds the main text and the comments; we lay them out
as plain text (title, article, thread) and record where each part lies, so the
same segmenter then splits the thread into comments with their authors."""
from __future__ import annotations

from ..errors import InputError, require

__all__ = ["html_to_text"]


def html_to_text(html: str, url: str | None = None) -> tuple[str, tuple, dict]:
    """(text, regions, metadata) for an HTML document."""
    trafilatura = require("trafilatura", "html")
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, include_comments=True, with_metadata=True, favor_recall=True,
        )
    except Exception as exc:  # trafilatura raises many kinds on hostile markup
        raise InputError(f"HTML could not be parsed: {exc.__class__.__name__}: {exc}") from exc
    if doc is None:
        raise InputError("no text found in HTML")
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    title, main, comments = (get("title") or "").strip(), (get("text") or "").strip(), (get("comments") or "").strip()
    if not (main or comments):
        raise InputError("no text found in HTML")
    parts, regions, pos = [], [], 0
    for kind, body in (("title", title), ("main", _paragraphs(main)), ("comments", _paragraphs(comments))):
        if not body:
            continue
        if parts:
            parts.append("\n\n\n")
            pos += 3
        regions.append((kind, pos, pos + len(body)))
        parts.append(body)
        pos += len(body)
    meta = {"title": title or None, "outlet": get("sitename"), "published": get("date"),
            "author": get("author")}
    return "".join(parts), tuple(regions), meta


def _paragraphs(text: str) -> str:
    """One blank line between paragraphs, as plain-text scrapes have them."""
    lines = [ln.strip() for ln in text.splitlines()]
    return "\n\n".join(ln for ln in lines if ln)
