"""Comment threads in HTML: one block per comment, its author on the first line.

trafilatura returns a thread as one blob without names. When the markup has
recognisable comment containers (WordPress, Disqus exports, wpDiscuz and most
blog engines mark them with "comment" classes or ids), we lay the thread out
the way plain-text scrapes show it — name, blank line, paragraphs, and a run
of blank lines between comments — so the plain-text segmenter splits it and
reads the authors. The selectors are data, below.
"""
from __future__ import annotations

import re

# A comment container: class or id says "comment" (but not the list, the form or a count).
COMMENT_CLASS = re.compile(r"(^|[\s_-])(comment|commentlist-item|wpd-comment|post-comment|reply)([\s_-]|$)", re.I)
NOT_A_COMMENT = re.compile(r"(list|form|respond|count|title|meta|author|content|text|body|reply-link|"
                           r"reply-title|wrap|area|section|navigation|pagination|header|footer)", re.I)
AUTHOR_CLASS = re.compile(r"(^|[\s_-])(fn|author|comment-author|username|user-name|nickname|"
                          r"display-name|commenter|wpd-comment-author|name)([\s_-]|$)", re.I)
BODY_CLASS = re.compile(r"(comment-content|comment-text|comment-body-text|wpd-comment-text|"
                        r"comment_text|commenttext|text|content|message)", re.I)
DROP_TAGS = ("script", "style", "noscript", "form", "button", "svg", "img", "time")
DROP_CLASS = re.compile(r"(reply|says|meta|date|avatar|vote|like|share|report|edit)", re.I)


def _is_comment(el) -> bool:
    cls = el.get("class") or ""
    ident = el.get("id") or ""
    if re.match(r"^(div-)?comment-\d+$", ident) and el.tag in ("li", "div", "article"):
        return el.getparent() is not None and not _is_wrapper_article(el)
    return bool(COMMENT_CLASS.search(cls)) and not NOT_A_COMMENT.search(cls.replace("comment ", ""))


def _is_wrapper_article(el) -> bool:
    """WordPress nests <article id="div-comment-N"> inside <li id="comment-N">: keep the <li>."""
    parent = el.getparent()
    return (el.get("id") or "").startswith("div-comment-") and parent is not None and _is_comment(parent)


def find_comments(tree) -> list:
    """Comment elements in document order, outermost first within each thread."""
    return [el for el in tree.iter() if isinstance(el.tag, str) and _is_comment(el)]


def _author(el, nested: set) -> str | None:
    for node in el.iter():
        if not isinstance(node.tag, str) or node is el or _inside(node, nested, el):
            continue
        if AUTHOR_CLASS.search(node.get("class") or ""):
            name = " ".join(node.text_content().split())
            name = re.sub(r"\s+(says|wrote)\s*:?$", "", name, flags=re.I)
            if 0 < len(name) <= 80:
                return name
    return None


def _inside(node, nested: set, root) -> bool:
    parent = node
    while parent is not None and parent is not root:
        if parent in nested:
            return True
        parent = parent.getparent()
    return False


def _paragraphs(el, nested: set) -> list[str]:
    body = None
    for node in el.iter():
        if isinstance(node.tag, str) and node is not el and not _inside(node, nested, el) \
                and BODY_CLASS.search(node.get("class") or "") and not AUTHOR_CLASS.search(node.get("class") or ""):
            body = node
            break
    root = body if body is not None else el
    out = []
    blocks = [n for n in root.iter("p", "blockquote", "li", "div") if not _inside(n, nested, el)]
    for node in blocks if body is not None else root.iter("p"):
        if _inside(node, nested, el) or node.tag != "p":
            continue
        if any(DROP_CLASS.search(a.get("class") or "") for a in node.iterancestors() if a is not root and _descends(a, root)):
            continue
        text = " ".join(node.text_content().split())
        if text:
            out.append(text)
    if not out and body is not None:
        text = " ".join(body.text_content().split())
        if text:
            out.append(text)
    return out


def _descends(node, root) -> bool:
    return any(a is root for a in node.iterancestors())


def thread(html: str) -> list[tuple[str | None, list[str]]] | None:
    """(author, paragraphs) per comment, or None when no comment markup is found."""
    try:
        import lxml.html
    except ImportError:  # pragma: no cover - lxml comes with the html extra
        return None
    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    for bad in tree.iter(*DROP_TAGS):
        bad.drop_tree() if bad.getparent() is not None else None
    comments = find_comments(tree)
    if len(comments) < 1:
        return None
    blocks = []
    for el in comments:
        nested = {c for c in comments if c is not el and _descends(c, el)}
        author = _author(el, nested)
        paragraphs = _paragraphs(el, nested)
        if not paragraphs:
            continue
        blocks.append((author, paragraphs))
    return blocks or None
