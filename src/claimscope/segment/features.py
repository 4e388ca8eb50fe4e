"""Features of each line for the line model (segment/model.py).

A line is described by its shape and words (``_own``), the rule segmenter's verdict on
it (text.py's kinds and author lines: the hand-written evidence stays, as features),
its block (the run of lines with no blank line between them), its place in the page,
how often it recurs on the page and across the corpus, and the same facts about its
neighbours (``context``), so the model sees a window, not a line alone.
"""
from __future__ import annotations

import math
import re

import numpy as np

from . import lines as L
from . import patterns
from .lines import Line

__all__ = ["RULE_KINDS", "line_features", "context", "window_mean", "N_FEATURES"]

RULE_KINDS = ("article", "teaser", "comment", "boilerplate")
_TERMINAL = re.compile(r"[.!?…][\"”’»)\]]?$|[\"”»]$")  # spans a line's last two characters: search only those
_BULLET = ("*", "-", "•", "#", "|", "·", "»", "›", ">")
_URL = re.compile(r"https?://|www\.|\.(com|org|net|html?)\b", re.I)
_EMAIL = re.compile(r"\S+@\S+\.\w+")  # searched only where an "@" is: slow on plain prose
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|all rights reserved", re.I)
_DIGIT = re.compile(r"\d")
_PUNCT = re.compile(r"[^\w\s]")
_PERSONAL = frozenset("i i'm i’m my me you your you're we our us lol imho imo".split())
# the neighbour offsets whose facts each line sees, and the columns of _own they copy
OFFSETS = (-3, -2, -1, 1, 2, 3)
NEIGHBOUR_COLUMNS = (0, 2, 9, 11, 12, 13, 17, 19, 20, 21, 28, 29, 30)


def _own(ln: Line, repeats: int, recurs: bool) -> list[float]:
    """Shape, words and rule predicates of one line (the order is the model's)."""
    text = ln.text
    head = text[:300]
    ws = L.words_of(text[:2000])
    lower = [w.lower() for w in ws]
    n = max(len(ws), 1)
    content = [w for w in ws if len(w) > 3]
    caps = len([w for w in content if w[0].isupper()]) / len(content) if content else 0.0
    return [
        math.log1p(len(text)), math.log1p(ln.words), float(bool(_TERMINAL.search(text[-2:]))),
        float(text.endswith(":")), caps, len(_DIGIT.findall(head)) / len(head),
        len(_PUNCT.findall(head)) / len(head),
        float(text.startswith(_BULLET)), min(text.count("|"), 5.0),
        float(L.is_chrome(ln)), float(L.is_navigation(ln)), float(L.is_timestamp(ln)),
        float(L.is_control(ln)), float(L.looks_like_name(ln)), float(L.is_byline(ln)),
        float(L.looks_like_title(ln)), float(L.is_zone_marker(ln)),
        float(bool(patterns.AUTHOR_SUFFIX.match(text))), float(bool(L.inline_signature(ln))),
        float(len(ln.norm) <= 160 and bool(patterns.COMMENT_META.match(ln.norm))),
        float(L.is_body(ln)), float(min(ln.gap_before, 3)), float(min(ln.gap_after, 3)),
        math.log1p(repeats), float(recurs),
        sum(map(patterns.SENTENCE_WORDS.__contains__, lower)) / n,
        sum(map(patterns.CHROME_WORDS.__contains__, lower)) / n,
        sum(map(patterns.COMMENT_WORDS.__contains__, lower)) / n,
        sum(map(_PERSONAL.__contains__, lower)) / n, float("?" in text), float(_has_address(text[:500])),
        float(bool(_COPYRIGHT.search(head))), float(bool(patterns.TEASER_HEAD.match(ln.norm[:80]))),
        float(bool(patterns.TEASER_END.match(ln.norm[:80]))), float(L.name_shaped(ln)),
    ]


N_OWN = 35


def _has_address(text: str) -> bool:
    return bool(_URL.search(text)) or ("@" in text and bool(_EMAIL.search(text)))


def line_features(table: list[Line], rule_kinds: list[str], author_lines: set[int],
                  recurs) -> np.ndarray:
    """The feature matrix (one row per line of ``table``) before neighbour context.

    ``rule_kinds`` is the rule segmenter's kind for each line, ``author_lines`` the line
    numbers it read as comment authors, ``recurs(line)`` whether the corpus has the line
    on several pages."""
    counts: dict[str, int] = {}
    for ln in table:
        counts[ln.norm] = counts.get(ln.norm, 0) + 1
    own = np.array([_own(ln, counts[ln.norm], recurs(ln)) for ln in table], dtype=np.float32)
    own = own.reshape(len(table), N_OWN)
    kinds = np.zeros((len(table), len(RULE_KINDS) + 1), dtype=np.float32)
    for i, (ln, kind) in enumerate(zip(table, rule_kinds)):
        kinds[i, RULE_KINDS.index(kind)] = 1.0
        kinds[i, -1] = float(ln.number in author_lines)
    return np.hstack([own, kinds, _page_place(table, own), _blocks(table)])


def _page_place(table: list[Line], own: np.ndarray) -> np.ndarray:
    """Where the line sits: by line, by characters, by prose before it, and after the
    first comment-widget marker."""
    n = len(table)
    chars = np.array([len(ln.text) for ln in table], dtype=np.float32)
    body = own[:, 20]
    marker = own[:, 16]
    seen_marker = np.maximum.accumulate(marker) if n else marker
    body_before = np.cumsum(body) - body
    return np.column_stack([
        np.arange(n, dtype=np.float32) / max(n, 1),
        (np.cumsum(chars) - chars) / max(chars.sum(), 1.0),
        body_before / max(body.sum(), 1.0),
        seen_marker,
        np.full(n, math.log1p(n), dtype=np.float32),
        window_mean(body, 3), window_mean(body, 10), window_mean(own[:, 0], 5),
        window_mean(own[:, 13], 5), window_mean(own[:, 11], 5), window_mean(own[:, 9], 5),
    ]).astype(np.float32)


def _blocks(table: list[Line]) -> np.ndarray:
    """Size of the line's block (lines glued together), its characters, the line's place in it."""
    n = len(table)
    out = np.zeros((n, 3), dtype=np.float32)
    start = 0
    for i in range(1, n + 1):
        if i == n or table[i].gap_before > 0:
            size = i - start
            chars = sum(len(table[k].text) for k in range(start, i))
            for k in range(start, i):
                out[k] = (math.log1p(size), math.log1p(chars), (k - start) / size)
            start = i
    return out


def window_mean(column: np.ndarray, radius: int) -> np.ndarray:
    """Mean of ``column`` over the lines within ``radius`` of each line."""
    n = len(column)
    if n == 0:
        return column
    padded = np.concatenate([[0.0], np.cumsum(column, dtype=np.float64)])
    idx = np.arange(n)
    lo, hi = np.maximum(idx - radius, 0), np.minimum(idx + radius + 1, n)
    return ((padded[hi] - padded[lo]) / (hi - lo)).astype(np.float32)


def context(matrix: np.ndarray, columns, offsets=OFFSETS) -> np.ndarray:
    """``matrix`` with the chosen columns of each neighbour appended (zeros past the page
    edges, plus a flag column per offset saying the neighbour exists)."""
    n = len(matrix)
    picked = matrix[:, list(columns)]
    parts = [matrix]
    for off in offsets:
        shifted = np.zeros((n, picked.shape[1] + 1), dtype=np.float32)
        if off < 0 and n > -off:
            shifted[-off:, :-1], shifted[-off:, -1] = picked[:off], 1.0
        elif off > 0 and n > off:
            shifted[:-off, :-1], shifted[:-off, -1] = picked[off:], 1.0
        parts.append(shifted)
    return np.hstack(parts)


N_FEATURES = N_OWN + len(RULE_KINDS) + 1 + 11 + 3
